/*
 * track_handoff.c - what the staging area tells the rest of the drive:
 * usage for df, the conversions running, the staged tracks as the toc
 * shows them, and the hand-off of the tracks to a burn job and back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "atomic_file.h"
#include "cue_album.h"
#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"

void staging_converting(struct staging *st, struct textbuf *tb)
{
	size_t n = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked || t->converting == 0)
			continue;
		tb_printf(tb, "%s", n++ ? ", " : "");
		tb_append_one_line(tb, t->meta.name, sizeof(t->meta.name));
		tb_printf(tb, " %u%%", (unsigned)t->conv_percent);
	}
	pthread_mutex_unlock(&st->lock);
	if (n == 0)
		tb_printf(tb, "none");
}

void staging_usage(struct staging *st, struct staging_usage *u)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_lock(&st->lock);
	uint64_t sum = 0;
	for (struct track *t = st->tracks; t; t = t->next) {
		/* a cue sheet is text: its audio files count, not it */
		if (!t->linked || names_is_cue(t->meta.name))
			continue;
		if (t->meta.aside || t->in_trash)
			continue; /* kept aside, or in the trash: not burnt */
		sum += tao_track_sectors(track_pcm_estimate(t));
		u->n_files++;
		u->n_tracks += track_is_visible(t);
	}
	u->sectors_needed = tao_span(sum, u->n_files);
	pthread_mutex_unlock(&st->lock);
}

struct track_at {
	struct track *t;
	char *path; /* in tracks/, "Album/01 a.flac" */
};

static int cmp_track_at(const void *a, const void *b)
{
	return names_path_cmp(((const struct track_at *)a)->path,
			      ((const struct track_at *)b)->path);
}

/*
 * The visible tracks in natural order, folder by folder (a walk of the
 * tree: a folder's tracks at the folder's place among its neighbours),
 * lock held; caller frees.
 */
static struct track **sorted_tracks(struct staging *st, size_t *n)
{
	size_t count = staging_count_tracks(st), i = 0;
	struct track **v = calloc(count + 1, sizeof(*v));
	struct track_at *at = calloc(count + 1, sizeof(*at));
	bool ok = v && at;
	for (struct track *t = st->tracks; ok && t; t = t->next) {
		if (!track_is_visible(t))
			continue;
		char path[PATH_MAX];
		staging_track_path(st, t, path, sizeof(path));
		at[i].t = t;
		ok = (at[i].path = strdup(path)) != NULL;
		i += ok;
	}
	if (ok)
		qsort(at, i, sizeof(*at), cmp_track_at);
	for (size_t k = 0; at && k < i; k++) {
		v[k] = at[k].t;
		free(at[k].path);
	}
	free(at);
	if (!ok) {
		free(v);
		return NULL;
	}
	*n = i;
	return v;
}

/*
 * The one description of a staged track the writer takes (recorder.h):
 * for the toc (length: the estimate while it is converted) and for the
 * burn (length: what intake found).  Lock held.
 */
int staging_describe(struct staging *st, const struct track *t, uint64_t length,
		     struct burn_track *out)
{
	const struct track_meta *m = &t->meta;
	char path[PATH_MAX];
	if (m->intake.convert)
		spool_track_path(st->dir, t->id, "cdda", path, sizeof(path));
	else
		staging_audio_path(st, t, path, sizeof(path));
	char shown[PATH_MAX];
	staging_track_path(st, t, shown, sizeof(shown));
	out->name = strdup(shown);
	out->path = strdup(path);
	/* user.title, ... over the file's tags */
	const char(*u)[TRACK_TEXT_BYTES] = m->text;
	out->title = strdup(u[TRACK_TEXT_TITLE][0] ? u[TRACK_TEXT_TITLE]
						   : m->intake.title);
	out->artist =
	    strdup(u[TRACK_TEXT_PERFORMER][0] ? u[TRACK_TEXT_PERFORMER]
					      : m->intake.artist);
	out->songwriter =
	    strdup(u[TRACK_TEXT_SONGWRITER][0] ? u[TRACK_TEXT_SONGWRITER]
					       : m->intake.songwriter);
	out->composer =
	    strdup(u[TRACK_TEXT_COMPOSER][0] ? u[TRACK_TEXT_COMPOSER]
					     : m->intake.composer);
	out->album = strdup(m->intake.album);
	out->album_artist = strdup(m->intake.album_artist);
	/* user.pregap over the pregap control (Session-At-Once) */
	if (m->pregap_set) {
		out->pregap = m->pregap;
		out->pregap_given = true;
	}
	out->offset = m->intake.pcm_offset;
	out->length = length;
	out->pre_emphasis = m->pre_emphasis;
	out->copy_permitted = m->copy_permitted;
	/* user.isrc first, then the file's own ISRC tag. */
	memcpy(out->isrc, m->isrc[0] ? m->isrc : m->intake.isrc,
	       sizeof(out->isrc));
	if (!out->name || !out->path || !out->title || !out->artist ||
	    !out->songwriter || !out->composer || !out->album ||
	    !out->album_artist)
		return -ENOMEM;
	return 0;
}

int staging_views(struct staging *st, struct burn_track **views, size_t *n,
		  struct textbuf *notes)
{
	pthread_mutex_lock(&st->lock);
	size_t count = 0;
	struct track **v = sorted_tracks(st, &count);
	char why[256] = "";
	int rc = v ? cue_album_describe(st, v, count, false, views, n, notes,
					why, sizeof(why))
		   : -ENOMEM;
	if (rc == 0 && notes)
		aside_lines(st, notes);
	pthread_mutex_unlock(&st->lock);
	free(v);
	return rc;
}

int staging_begin_job(struct staging *st, struct burn_track **tracks,
		      size_t *n_out, char *why, size_t why_len)
{
	int rc = 0;
	size_t n = 0;
	struct track **v = NULL;
	struct burn_track *bt = NULL;

	*tracks = NULL;
	*n_out = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t && rc == 0; t = t->next) {
		if (!t->linked)
			continue;
		if (t->in_job) {
			snprintf(why, why_len,
				 "commit: a burn is already running");
			rc = -EBUSY;
		} else if (t->converting > 0) {
			snprintf(why, why_len,
				 "commit: %s is still being converted (%u%%)",
				 t->meta.name, (unsigned)t->conv_percent);
			rc = -EBUSY;
		} else if (t->writers > 0) {
			snprintf(why, why_len,
				 "commit: %s is still being written",
				 t->meta.name);
			rc = -EBUSY;
		}
	}
	/*
	 * Tracks nobody flushed after writing (truncated, or left empty):
	 * checked now.  Every one that is not audio leaves tracks/ (with its
	 * log line), and the one refusal names them all.
	 */
	size_t bad = 0, used = 0;
	for (struct track *t = st->tracks, *next; t && rc == 0; t = next) {
		next = t->next;
		if (!track_is_visible(t) || (t->meta.staged && !t->dirty))
			continue;
		char name[NAME_MAX + 1];
		snprintf(name, sizeof(name), "%s", t->meta.name);
		int frc = staging_finalize(st, t);
		if (frc == 0)
			continue;
		if (frc != -EINVAL) {
			rc = frc;
			snprintf(why, why_len,
				 "commit: %s cannot be checked: %s", name,
				 strerror(-frc));
			break;
		}
		if (bad++ == 0)
			used = (size_t)snprintf(why, why_len,
						"commit: not complete audio "
						"files, removed from tracks/: "
						"%s",
						name);
		else if (used < why_len)
			used += (size_t)snprintf(why + used, why_len - used,
						 ", %s", name);
	}
	if (rc == 0 && bad > 0)
		rc = -EINVAL;
	size_t n_bt = 0;
	if (rc == 0) {
		v = sorted_tracks(st, &n);
		if (!v)
			rc = -ENOMEM;
	}
	/* a cue sheet's files become the tracks it describes */
	if (rc == 0)
		rc = cue_album_describe(st, v, n, true, &bt, &n_bt, NULL, why,
					why_len);
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			v[i]->in_job = true;
	} else if (rc == -ENOMEM) {
		snprintf(why, why_len, "commit: out of memory");
	}
	pthread_mutex_unlock(&st->lock);
	free(v);
	if (rc < 0)
		return rc;
	*tracks = bt;
	*n_out = n_bt;
	return 0;
}

void staging_end_job(struct staging *st, bool burnt)
{
	struct id_list folders = {0};
	bool removed = false;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks, *next; t; t = next) {
		next = t->next;
		if (!t->in_job)
			continue;
		t->in_job = false;
		if (burnt && t->linked && t->meta.folder != 0 &&
		    !id_list_has(&folders, t->meta.folder) &&
		    id_list_add(&folders, t->meta.folder) < 0)
			drive_log_add(st->log, "out of memory: the burnt "
					       "folders stay in tracks/");
		if (burnt && t->linked) {
			staging_remove_track_files(st, t, true);
			removed = true;
		}
	}
	/* Folders left without tracks go, with what was kept aside. */
	folder_empty_burnt(st, &folders);
	pthread_mutex_unlock(&st->lock);
	free(folders.ids);
	/* The burnt tracks' .meta (and emptied folders') removals reach the
	 * disk before `done` shows: a power cut after it does not bring
	 * them back into tracks/.  Without the lock; st->dir never changes. */
	if (removed) {
		int rc = atomic_file_sync_dir(st->dir);
		if (rc < 0)
			drive_log_add(st->log,
				      "spool: the removal of the burnt tracks "
				      "may not survive a power cut (fsync of "
				      "%s: %s)",
				      st->dir, strerror(-rc));
	}
}

void staging_purge(struct staging *st)
{
	pthread_mutex_lock(&st->lock);
	struct id_list ids = st->purge;
	st->purge = (struct id_list){0};
	pthread_mutex_unlock(&st->lock);
	/* The ids are out of every list: nobody else touches their files. */
	for (size_t i = 0; i < ids.n; i++) {
		staging_unlink_spool(st, ids.ids[i], "audio");
		staging_unlink_spool(st, ids.ids[i], "cdda");
	}
	free(ids.ids);
}

void staging_damaged(struct staging *st, struct textbuf *tb)
{
	pthread_mutex_lock(&st->lock);
	const char *p = st->damaged.data;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		tb_printf(tb, "damaged: %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
	pthread_mutex_unlock(&st->lock);
}
