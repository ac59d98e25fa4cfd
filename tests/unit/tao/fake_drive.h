/*
 * fake_drive.h - a scripted transport for the engine tests: a minimal
 * TAO CD-R that records every command it receives (CDB, and the data of
 * MODE SELECT), keeps the audio written in memory, and can be told to
 * fail a WRITE(10), report a wrong NWA, or raise the cancel flag when a
 * given LBA is written.  Its answers follow the layouts of the MMC
 * research notes; it is deliberately simpler than the virtual recorder.
 */
#ifndef BURNFS_FAKE_DRIVE_H
#define BURNFS_FAKE_DRIVE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "scsi.h"

#define FAKE_MAX_LOG 8192
#define FAKE_DISC_SECTORS 8000

struct fake_cmd {
	uint8_t cdb[SCSI_CDB_MAX];
	uint8_t data[64]; /* first bytes of data-out (MODE SELECT) */
	size_t data_len;
};

struct fake_drive {
	struct scsi_transport base;

	/* the disc */
	uint16_t profile;
	uint8_t disc_status;   /* 0 blank, 1 appendable, 2 complete */
	uint8_t session_state; /* 0 empty, 1 incomplete, 3 complete */
	uint16_t n_sessions, first_track_last_session;
	uint16_t next_track, session;
	bool nwa_v;
	int32_t nwa;
	uint32_t free_blocks;
	bool track_open;
	int32_t track_start;
	uint32_t track_written;
	uint8_t *sectors; /* FAKE_DISC_SECTORS x 2352, LBA 0 up */

	/* faults and hooks */
	int32_t fail_write_lba; /* WRITE covering it fails 03/0C/00; -1 none */
	int32_t cancel_at_lba;	/* WRITE covering it raises *cancel; -1 none */
	atomic_bool *cancel;
	int32_t nwa_bias_track; /* READ TRACK INFO for this track lies... */
	int32_t nwa_bias;	/* ...by this many sectors */

	bool no_medium; /* TUR: 02/3A/00, profile 0 */
	/* After a CLOSE TRACK/SESSION, TEST UNIT READY answers 02/04/07
	 * (operation in progress) for ever: a drive that never gets ready. */
	bool never_ready_after_close;
	bool closing;
	/* A WRITE covering gate_lba blocks until the test opens the gate. */
	int32_t gate_lba;
	pthread_mutex_t gate_lock;
	pthread_cond_t gate_cond;
	bool gate_reached, gate_open;

	/* set_exclusive: the claim as the job holds it, and a refusal */
	bool exclusive;
	unsigned exclusive_claims, exclusive_releases;
	bool claimed_elsewhere;	     /* set_exclusive(true) fails with EBUSY */
	bool exclusive_during_write; /* a WRITE arrived while claimed */

	/* Session-At-Once: feature 002Eh with the SAO bit unless no_sao;
	 * MODE SELECT of write type 2 refused (05/26/00) with refuse_sao. */
	bool no_sao, refuse_sao;
	uint8_t write_type; /* from the last MODE SELECT page 05h */
	uint8_t cue[16384]; /* the last SEND CUE SHEET */
	size_t cue_len;
	/* 96-byte lead-in sectors written, from leadin_first on, and the
	 * first of them */
	uint32_t leadin_sectors;
	int32_t leadin_first;
	uint8_t leadin_sector0[96];
	/* 2352-byte sectors from LBA -150 (FAKE_DISC_SECTORS of them), the
	 * next LBA the stream expects, and whether SYNCHRONIZE CACHE ended
	 * the session */
	uint8_t *stream;
	int32_t sao_next;
	bool sao_closed;

	/* what was sent */
	struct fake_cmd log[FAKE_MAX_LOG];
	size_t n_log;
};

/* A blank 80-minute CD-R. */
void fake_drive_init(struct fake_drive *f);
void fake_drive_fini(struct fake_drive *f);

/* Waits (up to timeout_ms) until a WRITE reached gate_lba. */
bool fake_drive_wait_gate(struct fake_drive *f, unsigned timeout_ms);
void fake_drive_open_gate(struct fake_drive *f);

/* Opcodes sent, without TEST UNIT READY and READ BUFFER CAPACITY, runs of
 * the same opcode collapsed: "51 46 52 1E BB 5A 55 52 2A 35 ...". */
void fake_drive_sequence(const struct fake_drive *f, char *out, size_t len);
/* Number of commands with this opcode. */
unsigned fake_drive_count(const struct fake_drive *f, uint8_t opcode);
/* The n-th (0-based) command with this opcode, or NULL. */
const struct fake_cmd *fake_drive_find(const struct fake_drive *f,
				       uint8_t opcode, unsigned n);

#endif
