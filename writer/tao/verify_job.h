/*
 * verify_job.h - the verification step of a burn: reads every track just
 * written back from the disc (READ CD) and compares it with the staged
 * PCM plus its zero padding (verify_compare.h).  Runs in the job thread
 * after the tracks are written and the session is closed, on the
 * transport the job owns (see doc/engine.md, "Verification").
 *
 * A drive without read offset must give back exactly what was written.
 * For other drives the read offset is searched (+-5 sectors' worth of
 * samples) on a window of audio near the start of each track, then the
 * whole track is compared at that offset, edges excepted.
 */
#ifndef BURNFS_VERIFY_JOB_H
#define BURNFS_VERIFY_JOB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"
#include "sao_layout.h"
#include "scsi.h"

/* Sectors per READ CD: 27 x 2352 = 63504 bytes. */
#define VERIFY_READ_SECTORS 27
/* Windows of audio tried for the offset search before assuming none. */
#define VERIFY_OFFSET_TRIES 4

struct verify_job_io {
	struct scsi_transport *transport;
	atomic_bool *cancel; /* polled before every READ CD */
	void (*log)(void *ctx, const char *line);
	/* Progress: verifying track (1-based), sectors read back in all. */
	void (*advance)(void *ctx, unsigned track, uint64_t sectors_done);
	/*
	 * Optional: the bytes a track should hold, for a burn whose tracks
	 * are not each one file's PCM and zeros (Session-At-Once: the
	 * stream, gapless joins and pregap audio included).  Fills count
	 * stereo frames of track k (0-based) from frame first, counted from
	 * its start (frames outside it belong to its neighbours).  Returns
	 * 0 or a negative errno with a sentence in err.  NULL: the track's
	 * file, zeros outside its PCM.
	 */
	int (*expected)(void *ctx, unsigned k, int64_t first, size_t count,
			uint8_t *out, char *err, size_t err_len);
	void *ctx;
	/* The codes asked for, checked after the audio (verify_codes.h):
	   the MCN ("" or NULL: none) and the disc's number of the first
	   track (each track's ISRC is in its burn_track). */
	const char *mcn;
	uint8_t first_track;
	/* Session-At-Once only (verify_session.h): the CD-TEXT packs
	   written into the lead-in (n_cdtext_packs x 18 bytes; none: not
	   checked) and the layout whose index points are checked (NULL:
	   none, as on a Track-At-Once burn). */
	const uint8_t *cdtext_packs;
	size_t n_cdtext_packs;
	const struct sao_layout *layout;
};

struct verify_job_track {
	const struct burn_track *track; /* name, staged PCM */
	int32_t start;			/* LBA of its first audio sector */
	uint32_t sectors;		/* padded length */
};

enum {
	VERIFY_JOB_PASSED = 0,
	VERIFY_JOB_CANCELLED = 1,
	VERIFY_JOB_MISMATCH = 2,
};

/*
 * Verifies every track, logging one line per track ("verify: track 2
 * (02 b.wav): match").  Returns VERIFY_JOB_PASSED, _CANCELLED, _MISMATCH
 * (after checking every track) or a negative errno when the disc or a
 * staged file could not be read.  summary receives one line for the
 * status file: "passed, 3 tracks match" (with ", MCN and ISRC as
 * written", ", CD-TEXT, 4 index points as written" ... naming what else
 * was checked), "failed, track 2 (02 b.wav): mismatch at LBA ...",
 * "failed, the MCN reads back as ...", "failed, CD-TEXT: the TITLE of
 * track 2 reads back as ...", "failed, track 2 INDEX 01 expected at LBA
 * 15250, found at LBA 15260", or what went wrong.
 */
int verify_job_run(const struct verify_job_io *io,
		   const struct verify_job_track *tracks, size_t n,
		   char *summary, size_t summary_len);

#endif
