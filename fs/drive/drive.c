/*
 * drive.c - one recorder directory: glue between the recorder (burn
 * job, events), the staging area and the text files (see drive.h).
 */
#include "drive.h"

#include "mono_clock.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cd_speed.h"
#include "drive_log.h"
#include "drive_notify.h"
#include "msf.h"
#include "pid_lock.h"
#include "recorder.h"
#include "render.h"
#include "spool.h"
#include "tao_layout.h"

/* log: when full, the newest half stays (drive_log.h). */
#define LOG_LINES 2000
/* progress: a line a second, so almost three hours of one job. */
#define PROGRESS_LINES 10000
/* Staging asks for free space on every write; the disc is read this often. */
#define MEDIA_CACHE_S 2.0
#define CONTROLS_FILE "controls"
/* Held with flock for the daemon's lifetime: one daemon per spool drive. */
#define LOCK_FILE "lock"

struct drive {
	char name[NAME_MAX + 1];
	gid_t group; /* the drive's group: its files are writable by it */
	char spool_dir[PATH_MAX];
	int spool_lock; /* pid_lock on <spool_dir>/lock, -1 if none */
	struct recorder *rec;
	struct drive_log *log;
	struct progress_feed *feed;
	struct staging *staging;

	pthread_mutex_t ctl_lock;
	struct control_values controls;

	pthread_mutex_t media_lock;
	struct media_info media;
	bool media_valid;
	struct timespec media_time;
	atomic_bool media_stale;
	bool is_virtual; /* a virtual recorder (it has a `load` file) */
	struct status_watch *watch; /* poll(2) on status and progress */
	struct drive_notes *notes;  /* desktop notifications */
};

/* The disc as last read (at most MEDIA_CACHE_S old). */
static int drive_media(struct drive *d, struct media_info *out)
{
	int rc = 0;
	pthread_mutex_lock(&d->media_lock);
	if (atomic_exchange(&d->media_stale, false) || !d->media_valid ||
	    mono_seconds_since(&d->media_time) > MEDIA_CACHE_S) {
		rc = recorder_media_info(d->rec, &d->media);
		d->media_valid = rc == 0;
		d->media_time = mono_now();
		if (rc < 0) {
			char why[256];
			recorder_media_error(d->rec, why, sizeof(why));
			drive_log_add(d->log, "cannot read the disc: %s",
				      why[0] ? why : strerror(-rc));
		}
	}
	if (rc == 0)
		*out = d->media;
	pthread_mutex_unlock(&d->media_lock);
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		out->type = MEDIA_NONE;
	}
	return rc;
}

static bool free_for_staging(void *ctx, uint32_t *free_sectors)
{
	struct media_info m;
	if (drive_media(ctx, &m) < 0 || !m.writable)
		return false;
	*free_sectors = m.free_sectors;
	return true;
}

/* The disc for the "ready to burn" notification. */
static bool disc_for_notes(void *ctx, struct media_info *out)
{
	return drive_media(ctx, out) == 0;
}

/* A line of `progress`, paced (progress_feed.h) unless force. */
static void add_progress_line(struct drive *d, const struct burn_status *st,
			      bool force)
{
	struct textbuf tb;
	tb_init(&tb);
	render_progress_line(&tb, st);
	unsigned key = (unsigned)st->state << 16 | (st->current_track & 0xffff);
	if (!tb_failed(&tb) && tb.data)
		progress_feed_add(d->feed, tb.data, key, force);
	tb_free(&tb);
}

/* A job starts: `progress` starts afresh with what the job is. */
static void begin_progress(struct drive *d, const struct burn_status *st)
{
	struct textbuf tb;
	tb_init(&tb);
	render_progress_header(&tb, st);
	progress_feed_begin(d->feed, tb_failed(&tb) ? NULL : tb.data);
	tb_free(&tb);
}

/* A burn, test write or close-session job ended: tracks/ follows. */
static void burn_ended(struct drive *d, const struct recorder_event *ev)
{
	enum burn_state s = ev->status->state;
	bool burnt = s == BURN_DONE && ev->job != RECORDER_JOB_TEST_WRITE;
	/* A close-session job had no tracks of its own in tracks/. */
	if (ev->job != RECORDER_JOB_CLOSE_SESSION) {
		char **gone = NULL;
		size_t n_gone = 0;
		if (burnt && staging_job_names(d->staging, &gone, &n_gone) < 0)
			drive_log_add(d->log,
				      "out of memory: file managers may "
				      "still show burnt tracks");
		staging_end_job(d->staging, burnt);
		/* The kernel forgets the names burnfs took out of tracks/. */
		for (size_t i = 0; i < n_gone; i++)
			status_watch_tracks_gone(d->watch, gone[i]);
		staging_names_free(gone, n_gone);
	}
	if (burnt)
		drive_log_add(d->log, "burn done: the burnt tracks "
				      "left tracks/");
	else if (s == BURN_DONE)
		drive_log_add(d->log, "test write done: the staged "
				      "tracks stay in tracks/");
	else
		drive_log_add(d->log,
			      "burn %s%s%s: every staged track stays "
			      "in tracks/",
			      burn_state_name(s),
			      ev->status->last_error[0] ? ", " : "",
			      ev->status->last_error);
}

/*
 * The recorder's events, from the job thread (JOB_START from the thread
 * that starts the job).  JOB_END comes while the recorder is still busy:
 * whoever sees the job's final state in `status` also sees tracks/ and
 * the disc as the job left them.
 */
static void on_event(void *ctx, const struct recorder_event *ev)
{
	struct drive *d = ctx;

	switch (ev->kind) {
	case RECORDER_EVENT_JOB_START:
		begin_progress(d, ev->status);
		status_watch_changed(d->watch);
		break;
	case RECORDER_EVENT_LOG:
		drive_log_add(d->log, "%s", ev->message ? ev->message : "");
		break;
	case RECORDER_EVENT_PROGRESS:
		if (ev->status)
			add_progress_line(d, ev->status, false);
		status_watch_changed(d->watch);
		break;
	case RECORDER_EVENT_JOB_END:
		if (ev->job != RECORDER_JOB_BLANK)
			burn_ended(d, ev);
		/* A burn or a blank changed the disc: disc/ is listed anew. */
		drive_media_changed(d);
		drive_notes_job_end(d->notes, ev->job, ev->status);
		break;
	case RECORDER_EVENT_IDLE:
		/* The end is visible in status now: the last line of
		 * `progress` says how the job ended. */
		add_progress_line(d, ev->status, true);
		status_watch_changed(d->watch);
		/* Deleting the burnt audio takes a moment nobody needs to wait
		 * for. */
		if (ev->job != RECORDER_JOB_BLANK)
			staging_purge(d->staging);
		break;
	}
}

static void load_controls(struct drive *d)
{
	char path[PATH_MAX + 16], *text;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", d->spool_dir, CONTROLS_FILE);
	int rc = spool_read_file(path, &text, &len);
	if (rc == 0) {
		control_decode(&d->controls, text, len);
		free(text);
	} else {
		control_values_default(&d->controls);
		if (rc != -ENOENT)
			drive_log_add(d->log, "spool: cannot read %s: %s", path,
				      strerror(-rc));
	}
}

struct drive *drive_new(const char *name, struct scsi_transport *transport,
			const char *spool_root, char *err, size_t err_len)
{
	struct drive *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&d->ctl_lock, NULL);
	pthread_mutex_init(&d->media_lock, NULL);
	atomic_init(&d->media_stale, true);
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->group = getgid();
	d->spool_lock = -1;
	if (snprintf(d->spool_dir, sizeof(d->spool_dir), "%s/%s", spool_root,
		     name) >= (int)sizeof(d->spool_dir)) {
		snprintf(err, err_len, "spool path too long");
		goto fail;
	}
	if (spool_make_dir(d->spool_dir, err, err_len) < 0)
		goto fail;
	/* Before anything in the spool is read or changed. */
	char lock_path[PATH_MAX + 8], why[PATH_MAX + 160];
	snprintf(lock_path, sizeof(lock_path), "%s/%s", d->spool_dir,
		 LOCK_FILE);
	d->spool_lock = pid_lock_take(lock_path, why, sizeof(why));
	if (d->spool_lock < 0) {
		snprintf(err, err_len, "spool %s: %s%s", d->spool_dir, why,
			 d->spool_lock == -EBUSY
			     ? "; one burnfs per spool and drive: unmount the "
			       "other one, or give --spool"
			     : "");
		goto fail;
	}
	d->log = drive_log_new(name, LOG_LINES);
	d->feed = progress_feed_new(PROGRESS_LINES);
	d->staging = staging_new(d->spool_dir, d->log, free_for_staging, d);
	d->watch = status_watch_new();
	if (!d->log || !d->feed || !d->staging || !d->watch) {
		snprintf(err, err_len, "out of memory");
		goto fail;
	}
	drive_log_set_notify(d->log, status_watch_touched, d->watch);
	load_controls(d);
	int rc = staging_load(d->staging);
	if (rc < 0) {
		snprintf(err, err_len, "cannot read the spool %s: %s",
			 d->spool_dir, strerror(-rc));
		goto fail;
	}
	d->notes = drive_notes_new(name, d->staging, disc_for_notes, d);
	if (!d->notes) {
		snprintf(err, err_len, "out of memory");
		goto fail;
	}
	d->rec = recorder_new(name, transport, on_event, d);
	transport = NULL;
	if (!d->rec) {
		snprintf(err, err_len, "cannot set up the recorder");
		goto fail;
	}
	d->is_virtual = recorder_is_virtual(d->rec);
	return d;
fail:
	recorder_transport_close(transport);
	drive_free(d);
	return NULL;
}

void drive_shutdown(struct drive *d)
{
	if (!d->rec)
		return;
	if (recorder_busy(d->rec)) {
		drive_log_add(d->log, "unmount: a burn is running, cancelling "
				      "it");
		int rc = recorder_cancel(d->rec);
		if (rc < 0)
			drive_log_add(d->log, "unmount: cancel failed: %s",
				      strerror(-rc));
		recorder_wait_idle(d->rec);
		struct burn_status s;
		recorder_status(d->rec, &s);
		drive_log_add(d->log, "unmount: the burn ended (%s)",
			      burn_state_name(s.state));
		/* The log goes away with the mount: say it where it stays. */
		fprintf(stderr,
			"burnfs: %s: unmounted during a burn; the burn was "
			"stopped (%s), the staged tracks stay in the spool\n",
			d->name, burn_state_name(s.state));
	}
	/* A job that has just ended may still be delivering its IDLE event
	 * (the last progress line, to readers through the FUSE session):
	 * its thread is joined before the session goes away. */
	recorder_wait_idle(d->rec);
}

void drive_free(struct drive *d)
{
	if (!d)
		return;
	if (d->rec)
		recorder_free(d->rec); /* joins the job thread */
	drive_notes_free(d->notes);
	staging_free(d->staging);
	if (d->feed)
		progress_feed_free(d->feed);
	if (d->log)
		drive_log_free(d->log);
	status_watch_free(d->watch);
	pid_lock_release(d->spool_lock);
	pthread_mutex_destroy(&d->ctl_lock);
	pthread_mutex_destroy(&d->media_lock);
	free(d);
}

gid_t drive_group(const struct drive *d)
{
	return d->group;
}

void drive_set_group(struct drive *d, gid_t group)
{
	d->group = group;
}

const char *drive_name(const struct drive *d)
{
	return d->name;
}

struct staging *drive_staging(struct drive *d)
{
	return d->staging;
}

struct progress_feed *drive_progress(struct drive *d)
{
	return d->feed;
}

void drive_set_notifier(struct drive *d, struct notify_sender *s)
{
	drive_notes_set_sender(d->notes, s);
}

struct drive_log *drive_log_of(struct drive *d)
{
	return d->log;
}

void drive_render(struct drive *d, enum drive_text which, struct textbuf *tb)
{
	struct drive_info di;
	struct burn_status bs;
	struct media_info m;
	int rc;

	switch (which) {
	case DRIVE_TEXT_INFO:
		memset(&di, 0, sizeof(di));
		rc = recorder_drive_info(d->rec, &di);
		if (rc < 0)
			drive_log_add(d->log, "cannot identify the drive: %s",
				      strerror(-rc));
		recorder_status(d->rec, &bs);
		render_info(tb, d->name, &di, &bs);
		break;
	case DRIVE_TEXT_MEDIA:
		drive_media(d, &m);
		render_media(tb, &m);
		break;
	case DRIVE_TEXT_TOC:
	case DRIVE_TEXT_TOC_CUE: {
		struct burn_track *v = NULL;
		size_t n = 0;
		struct textbuf notes;
		tb_init(&notes);
		drive_media(d, &m);
		if (staging_views(d->staging, &v, &n, &notes) < 0)
			n = 0;
		struct toc_settings ts;
		char mcn[sizeof(d->controls.mcn)];
		pthread_mutex_lock(&d->ctl_lock);
		memcpy(mcn, d->controls.mcn, sizeof(mcn));
		control_toc_settings(&d->controls, v, n, &ts);
		control_apply_pregaps(&d->controls, v, n);
		pthread_mutex_unlock(&d->ctl_lock);
		if (which == DRIVE_TEXT_TOC) {
			render_toc(tb, &m, v, n, &ts);
			tb_append(tb, notes.data, notes.len);
			staging_damaged(d->staging, tb);
		} else {
			render_toc_cue(tb, &m, v, n, mcn, &ts);
		}
		burn_tracks_free(v, n);
		tb_free(&notes);
		break;
	}
	case DRIVE_TEXT_SPEEDS: {
		memset(&di, 0, sizeof(di));
		rc = recorder_drive_info(d->rec, &di);
		if (rc < 0)
			drive_log_add(d->log, "cannot identify the drive: %s",
				      strerror(-rc));
		pthread_mutex_lock(&d->ctl_lock);
		uint16_t kbps = control_requested_kbps(&d->controls);
		pthread_mutex_unlock(&d->ctl_lock);
		render_speeds(tb, &di, kbps);
		break;
	}
	case DRIVE_TEXT_STATUS:
		recorder_status(d->rec, &bs);
		render_status(tb, &bs);
		tb_printf(tb, "converting: ");
		staging_converting(d->staging, tb);
		tb_printf(tb, "\n");
		break;
	case DRIVE_TEXT_LOG:
		drive_log_render(d->log, tb);
		break;
	}
}

/*
 * The supported write speed nearest to *kbps for the disc in the drive
 * (0, the fastest, stays); the log says when it is not the requested one.
 */
static void choose_speed(struct drive *d, uint16_t *kbps)
{
	if (*kbps == 0)
		return;
	struct drive_info *di = malloc(sizeof(*di));
	if (!di)
		return;
	char note[160];
	if (recorder_drive_info(d->rec, di) == 0) {
		*kbps = speed_choose(di->write_speeds_kbps, di->n_write_speeds,
				     *kbps, note, sizeof(note));
		if (note[0])
			drive_log_add(d->log, "%s", note);
	}
	free(di);
}

void drive_control_read(struct drive *d, enum control_key k, char *out,
			size_t out_len)
{
	pthread_mutex_lock(&d->ctl_lock);
	control_format(&d->controls, k, out, out_len);
	pthread_mutex_unlock(&d->ctl_lock);
}

int drive_control_write(struct drive *d, enum control_key k, const char *buf,
			size_t len)
{
	char why[160] = "", text[2048], val[CONTROL_MAX_VALUE];
	int rc;

	pthread_mutex_lock(&d->ctl_lock);
	struct control_values v = d->controls;
	rc = control_apply(&v, k, buf, len, why, sizeof(why));
	if (rc == 0) {
		size_t n = control_encode(&v, text, sizeof(text));
		rc = n < sizeof(text)
			 ? spool_write_atomic(d->spool_dir, CONTROLS_FILE, text,
					      n)
			 : -ENAMETOOLONG;
		if (rc < 0)
			snprintf(why, sizeof(why), "%s: cannot save it: %s",
				 control_key_name(k), strerror(-rc));
		else
			d->controls = v;
	}
	control_format(&d->controls, k, val, sizeof(val));
	pthread_mutex_unlock(&d->ctl_lock);
	val[strcspn(val, "\n")] = '\0';
	if (rc < 0)
		drive_log_add(d->log, "%s (still %s)", why,
			      val[0] ? val : "empty");
	else
		drive_log_add(d->log, "%s set to %s", control_key_name(k),
			      val[0] ? val : "empty");
	if (rc == 0 && k == CONTROL_WRITE_SPEED) {
		uint16_t kbps = control_requested_kbps(&v);
		choose_speed(d, &kbps);
	}
	return rc;
}

int drive_commit(struct drive *d, pid_t owner)
{
	char why[256] = "";
	struct burn_track *tracks = NULL;
	struct burn_options o;
	size_t n = 0;

	pthread_mutex_lock(&d->ctl_lock);
	control_to_burn_options(&d->controls, &o);
	pthread_mutex_unlock(&d->ctl_lock);
	choose_speed(d, &o.write_speed_kbps);
	/* Marks the tracks as handed over; refused while a burn has them. */
	int rc = staging_begin_job(d->staging, &tracks, &n, why, sizeof(why));
	if (rc == 0) {
		pthread_mutex_lock(&d->ctl_lock);
		control_apply_pregaps(&d->controls, tracks, n);
		pthread_mutex_unlock(&d->ctl_lock);
		control_disc_texts(&o.disc_text, tracks, n);
		rc = recorder_commit(d->rec, &o, tracks, n, owner, why,
				     sizeof(why));
		if (rc < 0)
			staging_end_job(d->staging, false);
	}
	if (rc < 0) {
		if (why[0])
			drive_log_add(d->log, "%s", why);
		else
			drive_log_add(d->log, "commit: refused: %s",
				      strerror(-rc));
		return rc;
	}
	drive_notes_job_started(d->notes);
	drive_log_add(d->log, "commit: burning %zu track%s%s%s", n,
		      n == 1 ? "" : "s",
		      o.write_mode == BURN_WRITE_SAO ? " Session-At-Once" : "",
		      o.test_write ? " as a test write (laser off)" : "");
	return 0;
}

int drive_cancel(struct drive *d)
{
	if (!recorder_busy(d->rec)) {
		drive_log_add(d->log, "cancel: no job is running");
		return 0;
	}
	int rc = recorder_cancel(d->rec);
	if (rc < 0)
		drive_log_add(d->log, "cancel: failed: %s", strerror(-rc));
	else
		drive_log_add(d->log, "cancel: requested, the drive stops as "
				      "soon as it can");
	return rc;
}

int drive_media_info(struct drive *d, struct media_info *out)
{
	return drive_media(d, out);
}

struct status_watch *drive_status_watch(struct drive *d)
{
	return d->watch;
}

struct recorder *drive_recorder(struct drive *d)
{
	return d->rec;
}

bool drive_job_running(struct drive *d)
{
	return recorder_busy(d->rec);
}

bool drive_is_virtual(const struct drive *d)
{
	return d->is_virtual;
}

void drive_media_changed(struct drive *d)
{
	atomic_store(&d->media_stale, true);
	status_watch_disc_changed(d->watch);
}

void drive_statfs(struct drive *d, struct statvfs *out)
{
	struct media_info m;
	struct staging_usage u;

	drive_media(d, &m);
	staging_usage(d->staging, &u);
	memset(out, 0, sizeof(*out));
	out->f_bsize = CD_SECTOR_BYTES;
	out->f_frsize = CD_SECTOR_BYTES;
	out->f_namemax = NAME_MAX;
	out->f_files = CD_MAX_TRACKS;
	out->f_ffree =
	    u.n_tracks < CD_MAX_TRACKS ? CD_MAX_TRACKS - u.n_tracks : 0;
	out->f_favail = out->f_ffree;
	if (m.writable) {
		uint64_t total = (uint64_t)(m.next_writable_address > 0
						? m.next_writable_address
						: 0) +
				 m.free_sectors;
		/* A further track costs its gap after the staged ones. */
		uint64_t overhead = u.n_files > 0
					? u.sectors_needed + CD_TAO_TRACK_GAP
					: CD_TAO_RUNOUT_SECTORS;
		uint64_t left =
		    m.free_sectors > overhead ? m.free_sectors - overhead : 0;
		out->f_blocks = total;
		out->f_bfree = left;
		out->f_bavail = left;
	} else if (m.last_possible_leadout_lba > 0) {
		out->f_blocks = (fsblkcnt_t)m.last_possible_leadout_lba;
	}
}
