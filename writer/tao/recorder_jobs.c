/*
 * recorder_jobs.c - the recorder's jobs (see recorder.h): starting one
 * (the commit checks, the blank checks), the job thread, and the end of
 * a job, the one place where `busy` ends.
 */
#include "recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burn_job.h"
#include "drive_query.h"
#include "mmc.h"
#include "mono_clock.h"
#include "msf.h"
#include "proc_comm.h"
#include "recorder_internal.h"
#include "refusal.h"
#include "sao_commit.h"
#include "scsi.h"
#include "tao_layout.h"

/* ---- status and events from the job ----------------------------------- */

void recorder_log(struct recorder *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	recorder_emit(r, RECORDER_EVENT_LOG, line, NULL);
}

static bool is_final(enum burn_state s)
{
	return s == BURN_DONE || s == BURN_FAILED || s == BURN_CANCELLED;
}

/* Who started the job and what it does are set when it starts; the
 * burn engine's status does not carry them. */
static void keep_job_identity(struct burn_status *to,
			      const struct burn_status *from)
{
	to->owner_pid = from->owner_pid;
	memcpy(to->owner_comm, from->owner_comm, sizeof(to->owner_comm));
	memcpy(to->action, from->action, sizeof(to->action));
}

void recorder_publish(struct recorder *r, const struct burn_status *st,
		      bool emit_now)
{
	struct burn_status out = *st;
	/* A final state is shown once the job has ended (finish_job). */
	if (is_final(out.state))
		out.state = BURN_FINISHING;
	pthread_mutex_lock(&r->lock);
	keep_job_identity(&out, &r->status);
	r->status = out;
	pthread_mutex_unlock(&r->lock);
	if (emit_now)
		recorder_emit(r, RECORDER_EVENT_PROGRESS, NULL, &out);
}

static void job_publish(void *ctx, const struct burn_status *st, bool emit_now)
{
	recorder_publish(ctx, st, emit_now);
}

static void job_log(void *ctx, const char *line)
{
	recorder_emit(ctx, RECORDER_EVENT_LOG, line, NULL);
}

/* ---- the job thread ---------------------------------------------------- */

static void run_burn(struct recorder *r, struct recorder_job *job,
		     struct burn_status *final)
{
	struct burn_job_io io = {
	    .transport = r->t,
	    .drive = r->name,
	    .publish = job_publish,
	    .log = job_log,
	    .ctx = r,
	    .cancel = &r->cancel,
	    .ring_bytes = 0,
	};
	burn_job_run(&io, &job->opts, job->tracks, job->n_tracks, final);
}

/*
 * The end of every job: the disc is read again, the drive released, the
 * filesystem told (JOB_END, while still busy), and only then the final
 * state made visible and `busy` cleared (IDLE follows).
 */
static void finish_job(struct recorder *r, struct recorder_job *job,
		       struct burn_status *final)
{
	struct media_info m;
	struct mmc_error e;
	int mrc = drive_query_media(r->t, &m, &e);
	if (mrc < 0)
		recorder_log(r, "reading the disc after the %s failed: %s",
			     job->kind == RECORDER_JOB_BLANK ? "blank" : "burn",
			     e.text);
	char xerr[256] = "";
	if (scsi_set_exclusive(r->t, false, xerr, sizeof(xerr)) < 0)
		recorder_log(r, "releasing the drive: %s", xerr);

	pthread_mutex_lock(&r->lock);
	keep_job_identity(final, &r->status);
	r->media_valid = mrc == 0;
	if (mrc == 0)
		r->media = m;
	pthread_mutex_unlock(&r->lock);

	struct recorder_event ev = {
	    .kind = RECORDER_EVENT_JOB_END, .status = final, .job = job->kind};
	if (r->on_event)
		r->on_event(r->ctx, &ev);

	pthread_mutex_lock(&r->lock);
	r->status = *final;
	r->busy = false;
	atomic_store(&r->cancel, false);
	pthread_cond_broadcast(&r->idle);
	pthread_mutex_unlock(&r->lock);

	ev.kind = RECORDER_EVENT_IDLE;
	if (r->on_event)
		r->on_event(r->ctx, &ev);
}

static void *job_main(void *arg)
{
	struct recorder *r = arg;
	struct recorder_job *job = &r->job;
	struct burn_status final;
	memset(&final, 0, sizeof(final));
	if (job->kind == RECORDER_JOB_BLANK)
		recorder_run_blank(r, job, &final);
	else
		run_burn(r, job, &final);
	finish_job(r, job, &final);
	return NULL;
}

/* ---- starting a job ---------------------------------------------------- */

/*
 * Locks the recorder for a new job: joins a finished job's thread first.
 * Returns with the lock held, or -EBUSY (unlocked) while a job runs.
 */
static int lock_idle(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	bool busy = r->busy;
	bool own_thread =
	    r->joinable && pthread_equal(r->thread, pthread_self());
	pthread_mutex_unlock(&r->lock);
	if (busy || own_thread)
		return -EBUSY;
	recorder_join_finished(r);
	pthread_mutex_lock(&r->lock);
	if (r->busy || r->joinable) {
		pthread_mutex_unlock(&r->lock);
		return -EBUSY;
	}
	return 0;
}

/*
 * With the lock held and the checks passed: claims the drive, marks the
 * recorder busy, tells the filesystem (JOB_START, without the lock) and
 * starts the thread.  Returns with the lock held.  On failure the job's
 * input is freed and the recorder is idle again.
 */
static int start_job(struct recorder *r, char *why, size_t why_len,
		     const char *what)
{
	char xerr[256] = "";
	if (scsi_set_exclusive(r->t, true, xerr, sizeof(xerr)) < 0) {
		recorder_job_clear(&r->job);
		return refuse(why, why_len, EBUSY, "%s: %s", what, xerr);
	}
	atomic_store(&r->cancel, false);
	r->busy = true;
	struct burn_status first = r->status;
	struct recorder_event ev = {.kind = RECORDER_EVENT_JOB_START,
				    .status = &first,
				    .job = r->job.kind};
	/* busy: nobody else starts a job or sends a command meanwhile. */
	pthread_mutex_unlock(&r->lock);
	if (r->on_event)
		r->on_event(r->ctx, &ev);
	pthread_mutex_lock(&r->lock);
	int perr = pthread_create(&r->thread, NULL, job_main, r);
	if (perr != 0) {
		scsi_set_exclusive(r->t, false, xerr, sizeof(xerr));
		recorder_job_clear(&r->job);
		refuse(why, why_len, EAGAIN,
		       "%s: cannot start the job thread: %s", what,
		       strerror(perr));
		r->status.state = BURN_FAILED;
		snprintf(r->status.last_error, sizeof(r->status.last_error),
			 "%s", why);
		struct burn_status final = r->status;
		pthread_mutex_unlock(&r->lock);
		ev.kind = RECORDER_EVENT_JOB_END;
		ev.status = &final;
		if (r->on_event)
			r->on_event(r->ctx, &ev);
		pthread_mutex_lock(&r->lock);
		r->busy = false;
		pthread_cond_broadcast(&r->idle);
		pthread_mutex_unlock(&r->lock);
		ev.kind = RECORDER_EVENT_IDLE;
		if (r->on_event)
			r->on_event(r->ctx, &ev);
		pthread_mutex_lock(&r->lock);
		return -EAGAIN;
	}
	r->joinable = true;
	return 0;
}

static void set_identity(struct burn_status *st, pid_t owner,
			 const char *action)
{
	memset(st, 0, sizeof(*st));
	st->remaining_s = -1;
	st->owner_pid = owner;
	proc_comm(owner, st->owner_comm, sizeof(st->owner_comm));
	snprintf(st->action, sizeof(st->action), "%s", action);
}

/* The commit checks; with the lock held and no job running.  *total
 * gets the tracks' sectors. */
static int check_commit(struct recorder *r, const struct burn_options *opts,
			const struct burn_track *tracks, size_t n,
			uint64_t *total, char *why, size_t why_len)
{
	*total = 0;
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
	if (opts->write_mode == BURN_WRITE_SAO)
		return sao_commit_check(&r->drive, m, opts, tracks, n, total,
					why, why_len);
	char sao_why[200];
	if (burn_tracks_need_sao(tracks, n, sao_why, sizeof(sao_why)))
		return refuse(why, why_len, EINVAL,
			      "commit: %s: only Session-At-Once can write "
			      "that; echo sao > write_mode",
			      sao_why);
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

	struct tao_layout *lay =
	    burn_tracks_layout(m->next_writable_address, tracks, n);
	if (!lay)
		return refuse(why, why_len, ENOMEM, "commit: out of memory");
	bool fits = lay->sectors_needed <= m->free_sectors;
	uint64_t need = lay->sectors_needed;
	for (size_t i = 0; i < n; i++)
		*total += lay->sectors[i];
	tao_layout_free(lay);

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
		    struct burn_track *tracks, size_t n_tracks, pid_t owner,
		    char *why, size_t why_len)
{
	if (why && why_len)
		why[0] = '\0';
	if (lock_idle(r) < 0) {
		burn_tracks_free(tracks, n_tracks);
		return refuse(why, why_len, EBUSY,
			      "commit: a burn is already running on this "
			      "drive");
	}
	int rc;
	struct mmc_error e;
	if (!r->drive_cached) {
		rc = drive_query_info(r->t, &r->drive, &e);
		if (rc < 0) {
			rc = refuse(why, why_len, EIO,
				    "commit: cannot identify the drive: %s",
				    e.text);
			goto refused;
		}
		r->drive_cached = true;
	}
	/* The MCN: the mcn control's, or the album's (a cue sheet's). */
	struct burn_options o = *opts;
	rc = burn_tracks_mcn(tracks, n_tracks, opts->mcn, o.mcn, why, why_len);
	if (rc < 0)
		goto refused;
	opts = &o;
	uint64_t total;
	rc = check_commit(r, opts, tracks, n_tracks, &total, why, why_len);
	if (rc < 0)
		goto refused;

	recorder_job_clear(&r->job);
	r->job.kind = opts->test_write ? RECORDER_JOB_TEST_WRITE
		      : n_tracks == 0  ? RECORDER_JOB_CLOSE_SESSION
				       : RECORDER_JOB_BURN;
	r->job.opts = *opts;
	r->job.tracks = tracks;
	r->job.n_tracks = n_tracks;
	set_identity(&r->status, owner,
		     opts->test_write ? "test-write"
		     : n_tracks == 0  ? "close-session"
				      : "burn");
	r->status.state = BURN_PREPARING;
	r->status.tracks_total = (unsigned)n_tracks;
	r->status.sectors_total = total;
	rc = start_job(r, why, why_len, "commit");
	pthread_mutex_unlock(&r->lock);
	return rc;

refused:
	pthread_mutex_unlock(&r->lock);
	burn_tracks_free(tracks, n_tracks);
	return rc;
}

int recorder_blank(struct recorder *r, bool full, pid_t owner, char *why,
		   size_t why_len)
{
	if (lock_idle(r) < 0)
		return refuse(why, why_len, EBUSY,
			      "blank: refused, the drive is busy (a burn or a "
			      "blank is running)");
	set_identity(&r->status, owner, full ? "blank-full" : "blank-fast");
	struct mmc_error e;
	struct media_info *m = &r->media;
	r->media_valid = drive_query_media(r->t, m, &e) == 0;
	if (!r->media_valid)
		memset(m, 0, sizeof(*m));
	int rc = 0;
	switch (m->type) {
	case MEDIA_NONE:
		rc = refuse(why, why_len, ENOMEDIUM,
			    "blank: there is no disc in the drive");
		break;
	case MEDIA_CD_RW:
		break;
	default:
		rc = refuse(why, why_len, EMEDIUMTYPE,
			    "blank: the disc is %s; only a CD-RW can be "
			    "blanked",
			    m->type == MEDIA_CD_R     ? "a CD-R"
			    : m->type == MEDIA_CD_ROM ? "a CD-ROM"
						      : "not a CD");
	}
	if (rc < 0) {
		r->status.state = BURN_FAILED;
		snprintf(r->status.last_error, sizeof(r->status.last_error),
			 "%s", why);
		struct burn_status st = r->status;
		pthread_mutex_unlock(&r->lock);
		recorder_emit(r, RECORDER_EVENT_PROGRESS, NULL, &st);
		return rc;
	}
	recorder_job_clear(&r->job);
	r->job.kind = RECORDER_JOB_BLANK;
	r->job.blank_full = full;
	r->job.media = *m;
	r->job.start = mono_now();
	r->status.state = BURN_WRITING; /* a blank writes the disc or its TOC */
	r->status.sectors_total = m->last_possible_leadout_lba > 0
				      ? (uint64_t)m->last_possible_leadout_lba
				      : 65536u;
	rc = start_job(r, why, why_len, "blank");
	pthread_mutex_unlock(&r->lock);
	return rc;
}
