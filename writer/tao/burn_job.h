/*
 * burn_job.h - the Track-At-Once burn engine: one job, run to the end in
 * the calling thread (the recorder gives every job its own thread).
 *
 * It talks to the drive only through the MMC layer (mmc.h) on a
 * scsi_transport, so it cannot tell a virtual recorder from a real one.
 * The command sequence, the threads and what cancel and failures leave
 * on the disc are described in doc/engine.md.
 *
 * The job owns the transport while it runs.  It reports through the
 * callbacks in struct burn_job_io: publish() with every status change
 * (emit = true when a PROGRESS event is due: a state or track change, or
 * at most every BURN_JOB_EMIT_MS while writing) and log() with sentences
 * for the drive's log.  Cancel is a flag the job polls before every
 * WRITE(10) and between steps.
 */
#ifndef BURNFS_BURN_JOB_H
#define BURNFS_BURN_JOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"
#include "scsi.h"

/* Sectors per WRITE(10): 27 x 2352 = 63504 bytes, as wodim sends. */
#define BURN_JOB_WRITE_SECTORS 27
/* READ BUFFER CAPACITY after this many sectors. */
#define BURN_JOB_BUFFER_POLL_SECTORS 64
/* At most this often a PROGRESS event while writing. */
#define BURN_JOB_EMIT_MS 250
/* Longest wait for track data from the reader thread. */
#define BURN_JOB_DATA_TIMEOUT_MS 60000
/* Longest wait for the drive to become ready before the burn. */
#define BURN_JOB_READY_TIMEOUT_MS 60000

struct burn_job_io {
	struct scsi_transport *transport;
	const char *drive; /* the drive's name, for messages */
	void (*publish)(void *ctx, const struct burn_status *st, bool emit);
	void (*log)(void *ctx, const char *line);
	void *ctx;
	atomic_bool *cancel; /* set by another thread to stop the job */
	size_t ring_bytes;   /* host buffer; 0: RING_DEFAULT_BYTES */
	/* The longest the job waits for the drive to become ready (at the
	 * start, and after SYNCHRONIZE CACHE and CLOSE with Immed); 0: the
	 * timeouts MMC gives those commands (minutes).  Every wait ends, and
	 * the job with it, saying what the drive answered. */
	unsigned max_wait_ms;
};

/*
 * Runs the job: prepare, write every track, close the session (unless
 * opts->keep_session_open), allow medium removal.  n_tracks may be 0 to
 * only close an open session.  Returns the final state (BURN_DONE,
 * BURN_FAILED or BURN_CANCELLED); *final receives the last status (its
 * last_error says why a job failed).  status.owner_pid is left 0; the
 * caller fills it.
 */
enum burn_state burn_job_run(const struct burn_job_io *io,
			     const struct burn_options *opts,
			     const struct burn_track *tracks, size_t n_tracks,
			     struct burn_status *final);

#endif
