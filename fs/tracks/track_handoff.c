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
		tb_printf(tb, "%s%s %u%%", n++ ? ", " : "", t->meta.name,
			  (unsigned)t->conv_percent);
	}
	pthread_mutex_unlock(&st->lock);
	if (n == 0)
		tb_printf(tb, "none");
}

void staging_usage(struct staging *st, struct staging_usage *u)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_lock(&st->lock);
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked;
	uint32_t *sectors = calloc(n + 1, sizeof(*sectors));
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked)
			continue;
		if (sectors)
			sectors[u->n_files] =
			    tao_track_sectors(track_pcm_estimate(t));
		u->n_files++;
		u->n_tracks += track_is_visible(t);
	}
	if (sectors)
		u->sectors_needed = tao_sectors_needed(sectors, u->n_files);
	free(sectors);
	pthread_mutex_unlock(&st->lock);
}

static int cmp_track_ptr(const void *a, const void *b)
{
	return names_natural_cmp((*(struct track *const *)a)->meta.name,
				 (*(struct track *const *)b)->meta.name);
}

/* The visible tracks in natural order (lock held); caller frees. */
static struct track **sorted_tracks(struct staging *st, size_t *n)
{
	size_t count = staging_count_tracks(st), i = 0;
	struct track **v = calloc(count + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (struct track *t = st->tracks; t; t = t->next)
		if (track_is_visible(t))
			v[i++] = t;
	qsort(v, i, sizeof(*v), cmp_track_ptr);
	*n = i;
	return v;
}

int staging_views(struct staging *st, struct staged_track_view **views,
		  size_t *n)
{
	pthread_mutex_lock(&st->lock);
	size_t count = 0;
	struct track **v = sorted_tracks(st, &count);
	struct staged_track_view *out = calloc(count + 1, sizeof(*out));
	int rc = 0;
	if (!v || !out) {
		rc = -ENOMEM;
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		const struct track_meta *m = &v[i]->meta;
		out[i].name = strdup(m->name);
		out[i].pcm_bytes = track_pcm_estimate(v[i]);
		out[i].title = strdup(m->intake.title);
		out[i].artist = strdup(m->intake.artist);
		out[i].isrc = strdup(m->isrc[0] ? m->isrc : m->intake.isrc);
		out[i].pre_emphasis = m->pre_emphasis;
		out[i].copy_permitted = m->copy_permitted;
		if (!out[i].name || !out[i].title || !out[i].artist ||
		    !out[i].isrc) {
			staging_views_free(out, i + 1);
			out = NULL;
			rc = -ENOMEM;
			break;
		}
	}
	pthread_mutex_unlock(&st->lock);
	free(v);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*views = out;
	*n = count;
	return 0;
}

void staging_views_free(struct staged_track_view *views, size_t n)
{
	if (!views)
		return;
	for (size_t i = 0; i < n; i++) {
		free((char *)views[i].name);
		free((char *)views[i].title);
		free((char *)views[i].artist);
		free((char *)views[i].isrc);
	}
	free(views);
}

void staging_tracks_free(struct burn_track *tracks, size_t n)
{
	if (!tracks)
		return;
	for (size_t i = 0; i < n; i++) {
		free(tracks[i].name);
		free(tracks[i].path);
	}
	free(tracks);
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
	/* Tracks nobody flushed after writing (truncated, or left empty). */
	for (struct track *t = st->tracks, *next; t && rc == 0; t = next) {
		next = t->next;
		if (track_is_visible(t) && (!t->meta.staged || t->dirty)) {
			char name[NAME_MAX + 1];
			snprintf(name, sizeof(name), "%s", t->meta.name);
			rc = staging_finalize(st, t);
			if (rc < 0)
				snprintf(why, why_len,
					 "commit: %s is not a complete audio "
					 "file",
					 name);
		}
	}
	if (rc == 0) {
		v = sorted_tracks(st, &n);
		bt = calloc(n + 1, sizeof(*bt));
		if (!v || !bt)
			rc = -ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char path[PATH_MAX];
		struct track *t = v[i];
		if (t->meta.intake.convert)
			spool_track_path(st->dir, t->id, "cdda", path,
					 sizeof(path));
		else
			staging_audio_path(st, t, path, sizeof(path));
		bt[i].name = strdup(t->meta.name);
		bt[i].path = strdup(path);
		if (!bt[i].name || !bt[i].path) {
			rc = -ENOMEM;
			break;
		}
		bt[i].offset = t->meta.intake.pcm_offset;
		bt[i].length = t->meta.intake.pcm_bytes;
		bt[i].pre_emphasis = t->meta.pre_emphasis;
		bt[i].copy_permitted = t->meta.copy_permitted;
		/* user.isrc first, then the file's own ISRC tag. */
		memcpy(bt[i].isrc,
		       t->meta.isrc[0] ? t->meta.isrc : t->meta.intake.isrc,
		       sizeof(bt[i].isrc));
	}
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			v[i]->in_job = true;
	} else if (rc == -ENOMEM) {
		snprintf(why, why_len, "commit: out of memory");
	}
	pthread_mutex_unlock(&st->lock);
	free(v);
	if (rc < 0) {
		staging_tracks_free(bt, n);
		return rc;
	}
	*tracks = bt;
	*n_out = n;
	return 0;
}

void staging_end_job(struct staging *st, bool burnt)
{
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks, *next; t; t = next) {
		next = t->next;
		if (!t->in_job)
			continue;
		t->in_job = false;
		if (burnt && t->linked)
			staging_remove_track_files(st, t, true);
	}
	pthread_mutex_unlock(&st->lock);
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
