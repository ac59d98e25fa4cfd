/*
 * recorder.c - one CD recorder: its lifetime, the drive and media
 * queries, cancel and waiting (see recorder.h; the struct and its lock
 * are described in recorder_internal.h, the jobs are in recorder_jobs.c).
 */
#include "recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive_query.h"
#include "mmc.h"
#include "msf.h"
#include "recorder_internal.h"

const char *burn_state_name(enum burn_state s)
{
	switch (s) {
	case BURN_IDLE:
		return "idle";
	case BURN_CONVERTING:
		return "converting";
	case BURN_PREPARING:
		return "preparing";
	case BURN_WRITING:
		return "writing";
	case BURN_FINISHING:
		return "finishing";
	case BURN_VERIFYING:
		return "verifying";
	case BURN_DONE:
		return "done";
	case BURN_FAILED:
		return "failed";
	case BURN_CANCELLED:
		return "cancelled";
	case BURN_BLANKING:
		return "writing";
	}
	return "unknown";
}

void recorder_emit(struct recorder *r, enum recorder_event_kind kind,
		   const char *message, const struct burn_status *st)
{
	if (!r->on_event)
		return;
	struct recorder_event ev = {
	    .kind = kind, .message = message, .status = st};
	r->on_event(r->ctx, &ev);
}

struct recorder *recorder_new(const char *name,
			      struct scsi_transport *transport,
			      recorder_event_fn on_event, void *ctx)
{
	struct recorder *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->name = strdup(name ? name : "");
	if (!r->name) {
		free(r);
		return NULL;
	}
	r->t = transport;
	r->on_event = on_event;
	r->ctx = ctx;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->idle, NULL);
	atomic_init(&r->cancel, false);
	r->status.state = BURN_IDLE;
	r->status.remaining_s = -1;
	return r;
}

void recorder_job_clear(struct recorder_job *job)
{
	burn_tracks_free(job->tracks, job->n_tracks);
	job->tracks = NULL;
	job->n_tracks = 0;
}

/*
 * Joins a finished job thread.  Called without the lock; takes it to
 * claim the handle so that only one caller joins.
 */
void recorder_join_finished(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	while (r->busy)
		pthread_cond_wait(&r->idle, &r->lock);
	bool join = r->joinable && !pthread_equal(r->thread, pthread_self());
	pthread_t th = r->thread;
	if (join)
		r->joinable = false;
	pthread_mutex_unlock(&r->lock);
	if (join)
		pthread_join(th, NULL);
}

void recorder_free(struct recorder *r)
{
	if (!r)
		return;
	recorder_cancel(r);
	recorder_join_finished(r);
	recorder_job_clear(&r->job);
	recorder_transport_close(r->t); /* releases its image lock too */
	pthread_cond_destroy(&r->idle);
	pthread_mutex_destroy(&r->lock);
	free(r->name);
	free(r);
}

const char *recorder_name(const struct recorder *r)
{
	return r->name;
}

int recorder_drive_info(struct recorder *r, struct drive_info *out)
{
	struct mmc_error e;
	int rc = 0;
	pthread_mutex_lock(&r->lock);
	if (!r->busy) {
		/* Current features and speeds follow the loaded disc: ask
		   again whenever the drive is free. */
		struct drive_info *fresh = malloc(sizeof(*fresh));
		rc = fresh ? drive_query_info(r->t, fresh, &e) : -ENOMEM;
		if (rc == 0) {
			r->drive = *fresh;
			r->drive_cached = true;
		} else if (r->drive_cached) {
			rc = 0;
		}
		free(fresh);
	} else if (!r->drive_cached) {
		rc = -EBUSY;
	}
	if (rc == 0)
		*out = r->drive;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int recorder_media_info(struct recorder *r, struct media_info *out)
{
	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	int rc = 0;
	pthread_mutex_lock(&r->lock);
	if (r->busy) {
		if (r->media_valid)
			*out = r->media;
		else
			memset(out, 0, sizeof(*out));
	} else {
		rc = drive_query_media(r->t, &r->media, &e);
		r->media_valid = rc == 0;
		if (rc == 0)
			*out = r->media;
		else
			snprintf(r->media_error, sizeof(r->media_error), "%s",
				 e.text);
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int recorder_read_audio(struct recorder *r, int32_t lba, uint32_t n, void *buf,
			char *why, size_t why_len)
{
	struct mmc_error e;
	int rc;
	pthread_mutex_lock(&r->lock);
	if (r->busy) {
		rc = -EBUSY;
		if (why && why_len)
			snprintf(why, why_len, "a burn is running");
	} else {
		rc = mmc_read_cd(r->t, (uint32_t)lba, n, buf, &e);
		if (rc < 0 && why && why_len)
			snprintf(why, why_len, "%s", e.text);
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void recorder_media_error(struct recorder *r, char *buf, size_t len)
{
	pthread_mutex_lock(&r->lock);
	snprintf(buf, len, "%s", r->media_error);
	pthread_mutex_unlock(&r->lock);
}

bool recorder_busy(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	bool b = r->busy;
	pthread_mutex_unlock(&r->lock);
	return b;
}

void recorder_status(struct recorder *r, struct burn_status *out)
{
	pthread_mutex_lock(&r->lock);
	*out = r->status;
	pthread_mutex_unlock(&r->lock);
}

int recorder_cancel(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	bool busy = r->busy;
	if (busy)
		atomic_store(&r->cancel, true);
	pthread_mutex_unlock(&r->lock);
	return busy ? 0 : -ESRCH;
}

void recorder_wait_idle(struct recorder *r)
{
	recorder_join_finished(r);
}

/* Joins a finished job; false (without waiting) while one runs. */
static bool settle_idle(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	bool busy = r->busy;
	pthread_mutex_unlock(&r->lock);
	if (busy)
		return false;
	recorder_join_finished(r);
	return true;
}

int recorder_with_transport(struct recorder *r,
			    int (*fn)(struct scsi_transport *t, void *arg),
			    void *arg)
{
	if (!settle_idle(r))
		return -EBUSY;
	pthread_mutex_lock(&r->lock);
	int rc = -EBUSY;
	if (!r->busy && !r->joinable) {
		rc = fn(r->t, arg);
		struct mmc_error e;
		r->media_valid = drive_query_media(r->t, &r->media, &e) == 0;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}
