/*
 * recorder.c - one CD recorder: drive and media queries, the commit
 * checks and the job thread (see recorder.h).
 *
 * Lock: r->lock protects the transport (whenever no job runs), the
 * cached drive info, the media snapshot, the status, `busy` and the job
 * thread handle.  While busy, the job thread owns the transport and
 * nobody else sends commands; queries answer from the snapshot.  Events
 * are sent without the lock held.  r->idle is signalled when a job ends.
 *
 * Thread lifetime: the job thread is joined by recorder_wait_idle, by
 * the next commit, or by recorder_free, whichever comes first.  The job's
 * copy of its tracks lives until the next commit or recorder_free.
 */
#include "recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc.h"
#include "msf.h"
#include "burn_job.h"
#include "drive_query.h"
#include "proc_comm.h"
#include "recorder_claim.h"
#include "tao_layout.h"

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

	/* The running job's copy of its input (owned by the job thread). */
	struct burn_options opts;
	struct burn_track *tracks;
	size_t n_tracks;
};

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

static void emit(struct recorder *r, enum recorder_event_kind kind,
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

static void free_job_input(struct recorder *r)
{
	for (size_t i = 0; i < r->n_tracks; i++) {
		free(r->tracks[i].name);
		free(r->tracks[i].path);
	}
	free(r->tracks);
	r->tracks = NULL;
	r->n_tracks = 0;
}

/*
 * Joins a finished job thread.  Called without the lock; takes it to
 * claim the handle so that only one caller joins.
 */
static void join_finished(struct recorder *r)
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
	join_finished(r);
	free_job_input(r);
	scsi_transport_destroy(r->t);
	pthread_cond_destroy(&r->idle);
	pthread_mutex_destroy(&r->lock);
	free(r->name);
	free(r);
}

const char *recorder_name(const struct recorder *r)
{
	return r->name;
}

/* With the lock held and no job running. */
static int load_drive_info(struct recorder *r, struct mmc_error *e)
{
	if (r->drive_cached)
		return 0;
	int rc = drive_query_info(r->t, &r->drive, e);
	if (rc == 0)
		r->drive_cached = true;
	return rc;
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
	join_finished(r);
}

/* ---- exclusive use of the transport (recorder_claim.h) ----------------- */

/* Joins a finished job; false (without waiting) while one runs. */
static bool settle_idle(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	bool busy = r->busy;
	pthread_mutex_unlock(&r->lock);
	if (busy)
		return false;
	join_finished(r);
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

struct scsi_transport *recorder_claim(struct recorder *r,
				      const struct burn_status *st)
{
	if (!settle_idle(r))
		return NULL;
	pthread_mutex_lock(&r->lock);
	struct scsi_transport *t = NULL;
	if (!r->busy && !r->joinable) {
		struct mmc_error e;
		r->media_valid = drive_query_media(r->t, &r->media, &e) == 0;
		r->status = *st;
		r->busy = true;
		t = r->t;
	}
	pthread_mutex_unlock(&r->lock);
	return t;
}

void recorder_claim_media(struct recorder *r, struct media_info *out)
{
	pthread_mutex_lock(&r->lock);
	if (r->media_valid)
		*out = r->media;
	else
		memset(out, 0, sizeof(*out));
	pthread_mutex_unlock(&r->lock);
}

void recorder_claim_publish(struct recorder *r, const struct burn_status *st)
{
	pthread_mutex_lock(&r->lock);
	r->status = *st;
	pthread_mutex_unlock(&r->lock);
	emit(r, RECORDER_EVENT_PROGRESS, NULL, st);
}

void recorder_claim_log(struct recorder *r, const char *line)
{
	emit(r, RECORDER_EVENT_LOG, line, NULL);
}

void recorder_release(struct recorder *r, const struct burn_status *final)
{
	struct media_info m;
	struct mmc_error e;
	int mrc = drive_query_media(r->t, &m, &e);
	pthread_mutex_lock(&r->lock);
	r->status = *final;
	r->media = m;
	r->media_valid = mrc == 0;
	r->busy = false;
	pthread_cond_broadcast(&r->idle);
	pthread_mutex_unlock(&r->lock);
	emit(r, RECORDER_EVENT_PROGRESS, NULL, final);
}

/* ---- the job thread ---------------------------------------------------- */

/* Who started the job and what it does are set at commit; the burn
 * engine's status does not carry them. */
static void keep_job_identity(struct burn_status *to,
			      const struct burn_status *from)
{
	to->owner_pid = from->owner_pid;
	memcpy(to->owner_comm, from->owner_comm, sizeof(to->owner_comm));
	memcpy(to->action, from->action, sizeof(to->action));
}

static void job_publish(void *ctx, const struct burn_status *st, bool emit_now)
{
	struct recorder *r = ctx;
	struct burn_status out = *st;
	pthread_mutex_lock(&r->lock);
	keep_job_identity(&out, &r->status);
	r->status = out;
	pthread_mutex_unlock(&r->lock);
	if (emit_now)
		emit(r, RECORDER_EVENT_PROGRESS, NULL, &out);
}

static void job_log(void *ctx, const char *line)
{
	emit(ctx, RECORDER_EVENT_LOG, line, NULL);
}

static void *job_main(void *arg)
{
	struct recorder *r = arg;
	struct burn_job_io io = {
	    .transport = r->t,
	    .drive = r->name,
	    .publish = job_publish,
	    .log = job_log,
	    .ctx = r,
	    .cancel = &r->cancel,
	    .ring_bytes = 0,
	};
	struct burn_status final;
	burn_job_run(&io, &r->opts, r->tracks, r->n_tracks, &final);

	/* Re-read the disc so that media and toc show what it holds now. */
	struct media_info m;
	struct mmc_error e;
	int mrc = drive_query_media(r->t, &m, &e);
	if (mrc < 0) {
		char line[300];
		snprintf(line, sizeof(line),
			 "reading the disc after the burn "
			 "failed: %s",
			 e.text);
		job_log(r, line);
	}
	char xerr[256] = "";
	if (scsi_set_exclusive(r->t, false, xerr, sizeof(xerr)) < 0) {
		char line[300];
		snprintf(line, sizeof(line), "releasing the drive: %s", xerr);
		job_log(r, line);
	}

	pthread_mutex_lock(&r->lock);
	keep_job_identity(&final, &r->status);
	r->status = final;
	if (mrc == 0) {
		r->media = m;
		r->media_valid = true;
	} else {
		r->media_valid = false;
	}
	r->busy = false;
	atomic_store(&r->cancel, false);
	pthread_cond_broadcast(&r->idle);
	pthread_mutex_unlock(&r->lock);

	emit(r, RECORDER_EVENT_JOB_END, NULL, &final);
	return NULL;
}

/* ---- commit ------------------------------------------------------------ */

static int refuse(char *why, size_t why_len, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(char *why, size_t why_len, int err, const char *fmt, ...)
{
	if (why && why_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -err;
}

static int copy_tracks(struct recorder *r, const struct burn_track *tracks,
		       size_t n)
{
	r->tracks = calloc(n ? n : 1, sizeof(*r->tracks));
	if (!r->tracks)
		return -ENOMEM;
	r->n_tracks = n;
	for (size_t i = 0; i < n; i++) {
		r->tracks[i] = tracks[i];
		r->tracks[i].name =
		    strdup(tracks[i].name ? tracks[i].name : "");
		r->tracks[i].path =
		    strdup(tracks[i].path ? tracks[i].path : "");
		if (!r->tracks[i].name || !r->tracks[i].path)
			return -ENOMEM;
	}
	return 0;
}

/* The checks; with the lock held and no job running. */
static int check_commit(struct recorder *r, const struct burn_options *opts,
			const struct burn_track *tracks, size_t n, char *why,
			size_t why_len)
{
	struct mmc_error e;
	struct media_info *m = &r->media;
	int rc = drive_query_media(r->t, m, &e);
	r->media_valid = rc == 0;
	if (rc < 0)
		return refuse(why, why_len, EIO,
			      "commit: cannot read the disc: %s", e.text);

	switch (m->type) {
	case MEDIA_NONE:
		return refuse(why, why_len, ENOMEDIUM,
			      "commit: there is no disc in the drive");
	case MEDIA_CD_ROM:
		return refuse(why, why_len, EMEDIUMTYPE,
			      "commit: the disc is a CD-ROM, not a recordable "
			      "CD");
	case MEDIA_UNKNOWN:
		return refuse(why, why_len, EMEDIUMTYPE,
			      "commit: the disc is not a CD-R or CD-RW");
	default:
		break;
	}
	if (m->state == MEDIA_STATE_CLOSED)
		return refuse(why, why_len, EROFS,
			      "commit: disc is closed, no more tracks can be "
			      "added");
	if (n == 0) {
		if (m->state != MEDIA_STATE_OPEN)
			return refuse(why, why_len, ENODATA,
				      "commit: no tracks are staged and the "
				      "disc has no open session to close");
		if (opts->keep_session_open)
			return refuse(why, why_len, ENODATA,
				      "commit: no tracks are staged and "
				      "keep_session_open is 1: nothing to do");
		return 0;
	}
	if (!m->writable)
		return refuse(why, why_len, EROFS,
			      "commit: the drive reports no writable address "
			      "on this disc");

	uint32_t *sectors = calloc(n, sizeof(*sectors));
	if (!sectors)
		return refuse(why, why_len, ENOMEM, "commit: out of memory");
	for (size_t i = 0; i < n; i++)
		sectors[i] = tao_track_sectors(tracks[i].length);
	bool fits = tao_fits(sectors, n, m->free_sectors);
	uint64_t need = tao_sectors_needed(sectors, n);
	free(sectors);

	unsigned first = m->next_track_number ? m->next_track_number : 1;
	if (first - 1 + n > CD_MAX_TRACKS)
		return refuse(why, why_len, ENOSPC,
			      "commit: the disc has %u tracks; %zu more would "
			      "exceed %d",
			      first - 1, n, CD_MAX_TRACKS);
	if (!fits) {
		char a[16], b[16];
		msf_format(msf_from_length((uint32_t)need), a);
		msf_format(msf_from_length(m->free_sectors), b);
		return refuse(why, why_len, ENOSPC,
			      "commit: the tracks need %llu sectors (%s) with "
			      "their gaps, the disc has %u free (%s)",
			      (unsigned long long)need, a, m->free_sectors, b);
	}
	return 0;
}

int recorder_commit(struct recorder *r, const struct burn_options *opts,
		    const struct burn_track *tracks, size_t n_tracks,
		    pid_t owner, char *why, size_t why_len)
{
	if (why && why_len)
		why[0] = '\0';
	/* A finished job's thread is joined before a new one starts. */
	pthread_mutex_lock(&r->lock);
	bool busy = r->busy;
	bool own_thread =
	    r->joinable && pthread_equal(r->thread, pthread_self());
	pthread_mutex_unlock(&r->lock);
	if (busy || own_thread)
		return refuse(why, why_len, EBUSY,
			      "commit: a burn is already running on this "
			      "drive");
	join_finished(r);

	pthread_mutex_lock(&r->lock);
	int rc;
	if (r->busy || r->joinable) {
		rc = refuse(why, why_len, EBUSY,
			    "commit: a burn is already running on this drive");
		goto out;
	}
	struct mmc_error e;
	if (!r->drive_cached && load_drive_info(r, &e) < 0) {
		rc = refuse(why, why_len, EIO,
			    "commit: cannot identify the drive: %s", e.text);
		goto out;
	}
	rc = check_commit(r, opts, tracks, n_tracks, why, why_len);
	if (rc < 0)
		goto out;

	free_job_input(r);
	rc = copy_tracks(r, tracks, n_tracks);
	if (rc < 0) {
		free_job_input(r);
		rc = refuse(why, why_len, ENOMEM, "commit: out of memory");
		goto out;
	}
	/* Hold the drive for the job: no other program may use it now. */
	char xerr[256] = "";
	if (scsi_set_exclusive(r->t, true, xerr, sizeof(xerr)) < 0) {
		free_job_input(r);
		rc = refuse(why, why_len, EBUSY, "commit: %s", xerr);
		goto out;
	}
	r->opts = *opts;
	atomic_store(&r->cancel, false);
	memset(&r->status, 0, sizeof(r->status));
	r->status.state = BURN_PREPARING;
	r->status.tracks_total = (unsigned)n_tracks;
	r->status.remaining_s = -1;
	r->status.owner_pid = owner;
	proc_comm(owner, r->status.owner_comm, sizeof(r->status.owner_comm));
	snprintf(r->status.action, sizeof(r->status.action), "%s",
		 opts->test_write ? "test-write"
		 : n_tracks == 0  ? "close-session"
				  : "burn");
	for (size_t i = 0; i < n_tracks; i++)
		r->status.sectors_total += tao_track_sectors(tracks[i].length);
	r->busy = true;
	int perr = pthread_create(&r->thread, NULL, job_main, r);
	if (perr != 0) {
		scsi_set_exclusive(r->t, false, xerr, sizeof(xerr));
		r->busy = false;
		r->status.state = BURN_IDLE;
		free_job_input(r);
		rc = refuse(why, why_len, EAGAIN,
			    "commit: cannot start the burn thread: %s",
			    strerror(perr));
		goto out;
	}
	r->joinable = true;
	rc = 0;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}
