/*
 * recorder_internal.h - what the recorder's files share inside
 * writer/tao (recorder.c, recorder_jobs.c, recorder_actions.c,
 * recorder_open.c); not for the filesystem.
 *
 * struct recorder and its lock are described in recorder.c.  A job is
 * started with recorder_start_job, which sets `busy`; the job thread
 * runs the job's function and then recorder_finish_job, which delivers
 * JOB_END, makes the final status visible, clears `busy` and delivers
 * IDLE.
 */
#ifndef BURNFS_RECORDER_INTERNAL_H
#define BURNFS_RECORDER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "recorder.h"

/* A job's input, owned by the job thread while it runs. */
struct recorder_job {
	enum recorder_job_kind kind;
	struct burn_options opts;  /* burn, test write, close session */
	struct burn_track *tracks; /* burn, test write */
	size_t n_tracks;
	bool blank_full;	 /* blank */
	struct media_info media; /* blank: the disc at the start */
	struct timespec start;	 /* blank: monotonic start */
};

/*
 * One recorder.  Lock: `lock` protects the transport whenever no job
 * runs, the cached drive info, the media snapshot, the status, `busy`,
 * `joinable`, the thread handle and `job` outside the job thread.  While
 * busy, the job thread owns the transport and `job`; nobody else sends
 * commands, and queries answer from the snapshot.  Events are sent
 * without the lock held.  `idle` is signalled when busy ends.  The job
 * thread is joined by recorder_wait_idle, the next job's start or
 * recorder_free, whichever comes first.
 */
struct recorder {
	char *name;
	struct scsi_transport *t;
	recorder_event_fn on_event;
	void *ctx;

	pthread_mutex_t lock;
	pthread_cond_t idle;
	bool drive_cached;
	struct drive_info drive;
	bool media_valid;
	struct media_info media; /* snapshot taken before the job */
	char media_error[256];	 /* why the last media query failed */
	struct burn_status status;
	bool busy;     /* a job runs and owns the transport */
	bool joinable; /* thread has not been joined yet */
	pthread_t thread;

	atomic_bool cancel;
	struct recorder_job job;
};

/* Joins a finished job thread (waits while one runs). */
void recorder_join_finished(struct recorder *r);
/* Frees the job's input. */
void recorder_job_clear(struct recorder_job *job);

/*
 * Runs fn(transport, arg) while no job runs, with the recorder's lock
 * held; the media snapshot is read again afterwards.  Returns fn's
 * result, or -EBUSY while a job runs.  For short commands.
 */
int recorder_with_transport(struct recorder *r,
			    int (*fn)(struct scsi_transport *t, void *arg),
			    void *arg);

/* Sends an event to the filesystem (no lock held). */
void recorder_emit(struct recorder *r, enum recorder_event_kind kind,
		   const char *message, const struct burn_status *st);
void recorder_log(struct recorder *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Replaces the job's status (keeping who started it and what it does)
 * and sends a PROGRESS event when emit_now. */
void recorder_publish(struct recorder *r, const struct burn_status *st,
		      bool emit_now);

/* The blank job's body (recorder_actions.c), run by the job thread. */
void recorder_run_blank(struct recorder *r, struct recorder_job *job,
			struct burn_status *final);

#endif
