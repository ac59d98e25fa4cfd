/*
 * vtest.h - helpers shared by the virtual recorder's unit tests: a check
 * macro with pass/fail counters, a scratch directory, and short ways to
 * send raw CDBs to a recorder and get back the sense as one number.
 */
#ifndef BURNFS_VTEST_H
#define BURNFS_VTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scsi.h"
#include "vrec.h"

extern int vt_passed, vt_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			vt_passed++;                                           \
		} else {                                                       \
			vt_failed++;                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ == b_) {                                                \
			vt_passed++;                                           \
		} else {                                                       \
			vt_failed++;                                           \
			fprintf(stderr,                                        \
				"%s:%d: %s == %s failed: %lld != %lld\n",      \
				__FILE__, __LINE__, #a, #b, a_, b_);           \
		}                                                              \
	} while (0)

/* Sense as key<<16 | ASC<<8 | ASCQ; 0 for GOOD. */
#define SK(k, a, q) ((k) << 16 | (a) << 8 | (q))

/* Prints "N passed, M failed" and returns the exit status. */
int vt_finish(void);

/* Creates a scratch directory; returns its path (static storage). */
const char *vt_tmpdir(void);
/* Removes the scratch directory and everything in it. */
void vt_cleanup(void);

/* Opens a recorder on DIR/name with extra spec keys (may be ""). */
struct scsi_transport *vt_open(const char *name, const char *keys);
/* The image prefix vt_open used for name. */
const char *vt_image(const char *name);

/*
 * Executes a CDB (cdb_len bytes) with data of len bytes (dir as in
 * scsi.h).  Returns the sense code (SK) or 0; *xfer = bytes moved.
 */
int vt_exec(struct scsi_transport *t, const uint8_t *cdb, size_t cdb_len,
	    enum scsi_direction dir, void *data, size_t len, size_t *xfer);
/* Progress of the last CHECK CONDITION with SKSV, or -1. */
extern int vt_last_progress;
/* The fixed sense bytes of the last CHECK CONDITION. */
extern uint8_t vt_last_sense[18];

int vt_tur(struct scsi_transport *t);
/* MODE SELECT(10) of page 05h (length 32h) with these fields. */
int vt_page05(struct scsi_transport *t, uint8_t write_type, bool test_write,
	      uint8_t multisession, uint8_t track_mode, uint8_t dbt);
/* WRITE(10) of n sectors at lba, filled by vt_fill(track, first + i). */
int vt_write(struct scsi_transport *t, int32_t lba, uint16_t n, unsigned track,
	     uint32_t first);
/* Writes a whole track of len sectors at the drive's NWA, in chunks of
 * 27 sectors, and ends it with SYNCHRONIZE CACHE.  Returns the start. */
int32_t vt_burn_track(struct scsi_transport *t, unsigned track, uint32_t len);
int vt_sync(struct scsi_transport *t, bool immed);
int vt_close(struct scsi_transport *t, bool immed, uint8_t function);
int vt_rdi(struct scsi_transport *t, uint8_t out[34]);
int vt_rti(struct scsi_transport *t, uint8_t type, uint32_t number,
	   uint8_t out[36]);
/* NWA of the invisible track, or -1. */
int32_t vt_nwa(struct scsi_transport *t);
int vt_toc(struct scsi_transport *t, uint8_t format, bool msf, uint8_t number,
	   uint8_t *out, uint16_t alloc, size_t *xfer);
/* Waits (deadline 5 s) until TEST UNIT READY answers GOOD; returns the
 * number of busy answers seen, or -1 on timeout / other sense. */
int vt_wait_ready(struct scsi_transport *t);

/* Deterministic audio: sector `sector` of track `track`. */
void vt_fill(uint8_t *buf, unsigned track, uint32_t sector);

/* Runs a shell command, returns its exit status; output into out. */
int vt_run(const char *cmd, char *out, size_t cap);

#endif
