/*
 * vrec.h - the virtual CD recorder: a model of an MMC CD-R/CD-RW recorder
 * at the command level, presented as a struct scsi_transport.  CDBs in;
 * data, status and sense out, as a real drive answers them.
 *
 * Its disc lives in files next to IMAGE (see doc/virtual-recorder.md):
 *   IMAGE.state  the disc model (media kind, sessions, tracks, open track)
 *   IMAGE.bin    raw 2352-byte sectors, sector LBA at byte LBA * 2352
 *   IMAGE.cue    cue sheet for IMAGE.bin (readable by cd-info, bchunk)
 *   IMAGE.nrg    Nero image with sessions, once the disc has a closed
 *                session (readable by libcdio: cd-info --nrg-file)
 * The disc survives restarts in whatever state it is in.
 *
 * The model never looks at who is talking to it: the burnfs engine,
 * cdrskin or wodim through the sg shim are treated alike.
 */
#ifndef BURNFS_VREC_H
#define BURNFS_VREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi.h"

enum vrec_media_kind {
	VREC_MEDIA_NONE = 0,
	VREC_MEDIA_CDR74,
	VREC_MEDIA_CDR80,
	VREC_MEDIA_CDRW74,
	VREC_MEDIA_CDRW80,
};

/*
 * What kind of CD-RW a blank rewritable disc is (the spec's rw_speed):
 * its ATIP carries the speed range of the class (Orange Book Part III),
 * and a drive writes it only within that range.
 */
enum vrec_rw_speed {
	VREC_RW_HIGH = 0, /* High Speed CD-RW: 4x to 10x (the default) */
	VREC_RW_ULTRA,	  /* Ultra Speed CD-RW: 16x to 24x */
};

/* corrupt=LBA[-LBA] ranges a --virtual spec may give. */
#define VREC_MAX_CORRUPT 8
/* Largest read_offset accepted, in samples (10 sectors). */
#define VREC_MAX_READ_OFFSET 5880
/*
 * Faults the recorder can be told to show (keys of the spec; see
 * doc/virtual-recorder.md, "Faults").  A fault is armed when its bit is
 * set in `armed`; all-zero means a healthy drive.
 */
enum vrec_fault_kind {
	/* 03/0C/00 on the WRITE covering LBA */
	VREC_FAULT_FAIL_WRITE = 1u << 0,
	/* medium removed at LBA: 02/3A/00 until a load */
	VREC_FAULT_REMOVE = 1u << 1,
	/* 02/04/08 for N commands after each WRITE / SYNCHRONIZE CACHE */
	VREC_FAULT_BUSY = 1u << 2,
	/* the WRITE covering LBA never completes (transport ETIMEDOUT) */
	VREC_FAULT_HANG = 1u << 3,
	/* a short answer to every command with one opcode */
	VREC_FAULT_SHORT = 1u << 4,
	/* power lost at LBA: no more answers (transport ENODEV) */
	VREC_FAULT_POWER = 1u << 5,
};

struct vrec_faults {
	unsigned armed; /* enum vrec_fault_kind bits */
	int32_t fail_write_at, remove_at, hang_at, power_loss_at; /* LBAs */
	unsigned busy_polls;
	uint8_t short_data_op;
};

struct vrec_config {
	char name[64];	  /* drive directory name */
	char image[4096]; /* path prefix of the disc files */
	enum vrec_media_kind
	    media; /* disc loaded when no IMAGE.state exists (default cdr80) */
	unsigned max_speed_x; /* highest write speed, default 52 */
	/* the class of a new blank CD-RW (media=cdrw74/cdrw80, load) */
	enum vrec_rw_speed rw_speed;
	bool
	    pace; /* consume data in real time at the write speed (default 0) */
	uint32_t buffer_bytes; /* drive buffer, default 2 MiB */
	/* Reading back (vrec_read.c): the drive's read offset in samples
	   (stereo frames; read position p returns the frame recorded at
	   p + read_offset), and sector ranges returned altered. */
	int read_offset;
	unsigned n_corrupt;
	struct {
		int32_t first, last;
	} corrupt[VREC_MAX_CORRUPT];
	/* Misreads of what an SAO disc carries besides its audio:
	   corrupt_cdtext=N, the Nth pack of READ TOC format 5 (0-based)
	   read back with its first text byte altered (when
	   corrupt_cdtext_set), and
	   corrupt_q=LBA[-LBA], the Q sub-channel READ CD returns for those
	   sectors carrying the track and index of the sector before them
	   (n_corrupt_q 0: none).  See vrec_cdtext.c and vrec_read.c. */
	bool corrupt_cdtext_set;
	unsigned corrupt_cdtext;
	unsigned n_corrupt_q;
	struct {
		int32_t first, last;
	} corrupt_q;
	struct vrec_faults faults; /* none by default */
	/* sao=0: a recorder without Session-At-Once (no feature 002Eh,
	 * Write Type 2 refused, SEND CUE SHEET an unknown command). */
	bool no_sao;
};

/*
 * Parses "NAME:IMAGE[,key=value...]" (keys: media=cdr74|cdr80|cdrw74|
 * cdrw80|none, speed=N, rw_speed=high|ultra, pace=0|1, buffer=BYTES[k|M],
 * read_offset=N, corrupt=LBA[-LBA] (repeatable), corrupt_cdtext=N,
 * corrupt_q=LBA[-LBA], sao=0|1, and the faults
 * fail_write_at=LBA, remove_at=LBA, busy_polls=N, hang_at=LBA,
 * short_data=OPCODE (hex), power_loss_at=LBA).  Returns 0 or -EINVAL with a
 * message in err.
 */
int vrec_parse_spec(const char *spec, struct vrec_config *out, char *err,
		    size_t err_len);

/*
 * Opens (creating if needed) the virtual recorder's disc.  Returns NULL
 * with a message in err on failure.
 */
struct scsi_transport *vrec_open(const struct vrec_config *cfg, char *err,
				 size_t err_len);

/* Whether t was made by vrec_open. */
bool vrec_is_virtual(const struct scsi_transport *t);

/* "high" -> VREC_RW_HIGH, "ultra" -> VREC_RW_ULTRA; -1 otherwise. */
int vrec_rw_speed_from_name(const char *name);

/* "cdr74" ... "cdrw80", "none" -> kind; -1 for anything else. */
int vrec_media_from_name(const char *name);

/*
 * With the tray open: puts the disc aside (IMAGE.* renamed to IMAGE.N.*,
 * N the first unused number; nothing to keep without a disc) and lays a
 * new blank disc of the given kind in the tray (closing the tray loads
 * it).  0, with a sentence saying where the old disc went in msg (or an
 * empty msg); -ENOTSUP (not a virtual recorder), -EBUSY (tray closed) or
 * another -errno, with the reason in msg.  Not thread-safe: call it where
 * commands are serialised (recorder_with_transport).
 */
int vrec_change_disc(struct scsi_transport *t, enum vrec_media_kind kind,
		     char *msg, size_t msg_len);

#endif
