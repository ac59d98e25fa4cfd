/*
 * job_core.h - what the Track-At-Once engine (burn_job.c) and the
 * Session-At-Once engine (sao_job.c) share while they run a job in the
 * recorder's job thread: the job's status and how it is published (speed
 * over a window, remaining time, host and drive buffer fill), the log,
 * cancel, and the failure sentences that end up in status's last_error.
 * What they share on the drive is job_drive.h, and about the host
 * buffer and its reader thread job_ring.h; both work on this struct.
 *
 * What the drive has burnt, not what it was sent, makes the figures:
 * the sectors sent less those still in the drive's buffer (READ BUFFER
 * CAPACITY, polled every BURN_JOB_BUFFER_POLL_SECTORS).  Sending fills
 * the drive's buffer much faster than the drive burns at first; counted
 * as written, that showed a 4x burn at 38x for its first seconds.  A
 * drive that cannot report its buffer is taken as burning what it is
 * sent.
 * No lock: a job core belongs to the job thread.
 */
#ifndef BURNFS_JOB_CORE_H
#define BURNFS_JOB_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "burn_job.h"
#include "mmc.h"
#include "ring.h"
#include "speed_window.h"

struct sao_layout;

/* How a reader thread is joined (track_reader_join, sao_reader_join):
 * its result, and its sentence in err when err_len > 0. */
typedef int (*job_reader_join_fn)(void *reader, char *err, size_t err_len);

struct job_core {
	const struct burn_job_io *io;
	const struct burn_options *opts;
	struct burn_status st;
	struct timespec t0;
	double last_emit;
	struct speed_window speed;
	struct ring *ring; /* the host buffer while one is set up */
	uint8_t *chunk;	   /* a WRITE's bytes that wrap around the ring */
	void *reader;	   /* the thread filling the ring, until joined */
	job_reader_join_fn reader_join;
	bool prevented; /* the job locked the tray */
	/* The engine's best effort after a failure, a cancel or the end of
	   its job (end what the drive recorded, unlock the tray). */
	void (*wind_down)(struct job_core *c);
	uint8_t conf_buf[4096];
	struct mmc_configuration conf; /* the drive's, read at prepare */
	struct mmc_error err;
	bool buffer_poll_failed;
	uint64_t since_buffer_poll;
	/* What job_verify checks besides audio and codes, set by the
	   Session-At-Once engine (verify_job.h): the CD-TEXT packs written
	   and the layout of the index points.  None for Track-At-Once. */
	const uint8_t *verify_cdtext_packs;
	size_t verify_n_cdtext_packs;
	const struct sao_layout *verify_layout;
	uint64_t sent; /* sectors sent to the drive in this job */
};

/* Starts the clock and the speed window of a new job. */
void job_core_init(struct job_core *c, const struct burn_job_io *io,
		   const struct burn_options *opts, size_t n_tracks,
		   void (*wind_down)(struct job_core *c));
/* The final status of a job that could not even be set up (no memory
 * for it); returns BURN_FAILED. */
enum burn_state job_out_of_memory(struct burn_status *final);
/*
 * The end of every job: stops the reader and frees the ring (job_ring.h),
 * publishes the last status and copies it to *final.  Returns the final
 * state.  The engine frees what else it holds.
 */
enum burn_state job_finish(struct job_core *c, struct burn_status *final);

/* How a job ends, before job_finish; each winds down (c->wind_down) and
 * sets the final state.  A job that went well: */
void job_end_done(struct job_core *c);
/* A cancelled job: the reader stopped, line (what the disc holds) in the
 * log. */
void job_end_cancelled(struct job_core *c, const char *line);
/* A failed job: the reader stopped, the failure in the log (job_log_failure),
 * then line (what the disc holds; NULL: nothing). */
void job_end_failed(struct job_core *c, const char *line);
/* After job_verify (its rc): true when verification ended the job,
 * cancelled (cancelled_line in the log) or failed; false when it passed. */
bool job_end_after_verify(struct job_core *c, int rc,
			  const char *cancelled_line);

void job_log(struct job_core *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Recomputes the derived status fields and hands the status out; an
 * event goes out when force or BURN_JOB_EMIT_MS have passed. */
void job_publish(struct job_core *c, bool force);
void job_set_state(struct job_core *c, enum burn_state s);
bool job_cancelled(const struct job_core *c);
/* Records a failure of the engine's own making; returns -err. */
int job_fail(struct job_core *c, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records the failed MMC command in c->err, after where (may be ""). */
int job_fail_mmc(struct job_core *c, int rc, const char *where);
/* Logs "burn failed on <drive>: <last_error>". */
void job_log_failure(struct job_core *c);
/* blocks more sectors reached the drive: now and then the drive's buffer
 * fill and with it sectors_written (burnt) and the speed window; a
 * publish. */
void job_wrote(struct job_core *c, uint32_t blocks);
/* The drive's buffer is empty (SYNCHRONIZE CACHE done): everything sent
 * is burnt. */
void job_drained(struct job_core *c);
/*
 * Pure: the sectors burnt, from the sectors sent and the drive's buffer
 * (buffer_bytes of which free_bytes are free); never less than before
 * (sectors a drive holds are not unburnt) nor more than sent.
 */
uint64_t job_burnt_sectors(uint64_t sent, uint64_t before,
			   uint32_t buffer_bytes, uint32_t free_bytes);
const char *job_plural(size_t n);
/* How long to wait for the drive after a command whose MMC timeout is
 * mmc_ms: that, or the io's max_wait_ms when it is shorter. */
unsigned job_wait_ms(const struct job_core *c, unsigned mmc_ms);

struct verify_job_track;
/*
 * The verification step of either engine: status "verifying" (with
 * sectors_written counting the sectors read back and verify saying which
 * track), verify_job_run with the job's MCN (and the CD-TEXT and layout
 * of c, when set), the summary into status and
 * log, and a mismatch or read failure into last_error.  expected (with
 * its ctx) is verify_job_io's, or NULL.  Returns a VERIFY_JOB_* code or a
 * negative errno.
 */
int job_verify(struct job_core *c, const struct verify_job_track *vt, size_t n,
	       uint8_t first_track,
	       int (*expected)(void *ctx, unsigned k, int64_t first,
			       size_t count, uint8_t *out, char *err,
			       size_t err_len),
	       void *expected_ctx);

#endif
