/*
 * vtest.h - helpers shared by the virtual recorder's unit tests (with the
 * assertion kit, tests/unit/check.h): a scratch directory, and short ways
 * to send raw CDBs to a recorder and get back the sense as one number.
 */
#ifndef BURNFS_VTEST_H
#define BURNFS_VTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "scsi.h"
#include "vrec.h"

/* Sense as key<<16 | ASC<<8 | ASCQ; 0 for GOOD. */
#define SK(k, a, q) ((k) << 16 | (a) << 8 | (q))

/* Creates a scratch directory; returns its path (static storage). */
const char *vt_tmpdir(void);
/* Removes the scratch directory and everything in it. */
void vt_cleanup(void);

/* Removes the scratch directory, prints "N passed, M failed" and returns
 * the exit status. */
static inline int vt_finish(void)
{
	vt_cleanup();
	return check_finish();
}

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
