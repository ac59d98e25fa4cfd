/*
 * track_table.c - the staging area's track table: creating and freeing it,
 * finding tracks, and the spool files of a track (see staging_internal.h).
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
#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"

struct timespec staging_wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

struct staging *staging_new(const char *spool_dir, struct drive_log *log,
			    staging_free_fn free_fn, void *free_ctx)
{
	struct staging *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	if (strlen(spool_dir) >= sizeof(st->dir)) {
		free(st);
		return NULL;
	}
	strcpy(st->dir, spool_dir);
	pthread_mutex_init(&st->lock, NULL);
	st->log = log;
	st->free_fn = free_fn;
	st->free_ctx = free_ctx;
	st->next_id = 1;
	st->next_folder_id = 1;
	tb_init(&st->damaged);
	st->uid = getuid();
	st->gid = getgid();
	return st;
}

void track_destroy(struct track *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

void staging_free(struct staging *st)
{
	if (!st)
		return;
	staging_purge(st);
	free(st->purge.ids);
	tb_free(&st->damaged);
	folder_free_all(st);
	while (st->tracks) {
		struct track *t = st->tracks;
		st->tracks = t->next;
		track_destroy(t);
	}
	pthread_mutex_destroy(&st->lock);
	free(st);
}

bool track_is_visible(const struct track *t)
{
	return t->linked && !t->meta.aside && !t->in_trash &&
	       !names_is_temporary(t->meta.name);
}

struct track *staging_find_in(struct staging *st, uint32_t folder,
			      const char *name)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->meta.folder == folder &&
		    strcmp(t->meta.name, name) == 0)
			return t;
	return NULL;
}

struct track *staging_find(struct staging *st, const char *name)
{
	return staging_find_in(st, 0, name);
}

size_t staging_count_tracks(struct staging *st)
{
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += track_is_visible(t);
	return n;
}

void staging_audio_path(struct staging *st, const struct track *t, char *out,
			size_t len)
{
	spool_track_path(st->dir, t->id, "audio", out, len);
}

int staging_save_meta(struct staging *st, struct track *t)
{
	char text[16384], name[32];
	if (!t->linked)
		return 0;
	size_t n = track_meta_encode(&t->meta, text, sizeof(text));
	if (n >= sizeof(text))
		return -ENAMETOOLONG;
	spool_track_name(t->id, "meta", name, sizeof(name));
	int rc = spool_write_atomic(st->dir, name, text, n);
	if (rc < 0)
		drive_log_add(st->log, "spool: cannot save %s (%s): %s", name,
			      t->meta.name, strerror(-rc));
	return rc;
}

int staging_save_meta_or_undo(struct staging *st, struct track *t,
			      const struct track_meta *before)
{
	int rc = staging_save_meta(st, t);
	if (rc < 0)
		t->meta = *before;
	return rc;
}

void staging_unlist(struct staging *st, struct track *t)
{
	for (struct track **pp = &st->tracks; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

/*
 * Takes t out of tracks/ and deletes its spool files (the audio files
 * later, in staging_purge, when later is set); an open handle keeps the
 * struct (and the open fd's bytes) until its release.  Without its .meta
 * a track does not come back at the next start, and staging_load deletes
 * audio files that have none.
 */
void staging_remove_track_files(struct staging *st, struct track *t, bool later)
{
	t->linked = false;
	staging_unlink_spool(st, t->id, "meta");
	if (!later || id_list_add(&st->purge, t->id) < 0) {
		staging_unlink_spool(st, t->id, "audio");
		staging_unlink_spool(st, t->id, "cdda");
	}
	if (t->refs == 0) {
		staging_unlist(st, t);
		track_destroy(t);
	}
}

void staging_remove_track(struct staging *st, struct track *t)
{
	staging_remove_track_files(st, t, false);
}

uint64_t track_pcm_of_size(const struct track *t, uint64_t size)
{
	return size > t->head_skip ? size - t->head_skip : 0;
}

uint64_t track_pcm_estimate(const struct track *t)
{
	if (names_is_cue(t->meta.name) || t->meta.aside)
		return 0; /* text, or kept aside: not burnt */
	return t->meta.staged && !t->dirty ? t->meta.intake.pcm_bytes
					   : track_pcm_of_size(t, t->size);
}

int id_list_add(struct id_list *l, uint32_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		uint32_t *n = realloc(l->ids, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		l->ids = n;
		l->cap = cap;
	}
	l->ids[l->n++] = id;
	return 0;
}

bool id_list_has(const struct id_list *l, uint32_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return true;
	return false;
}

int staging_unlink_meta(struct staging *st, struct track *t)
{
	char path[PATH_MAX];
	spool_track_path(st->dir, t->id, "meta", path, sizeof(path));
	int rc = 0;
	if (unlink(path) < 0 && errno != ENOENT)
		rc = -errno;
	else
		rc = atomic_file_sync_parent(path);
	if (rc < 0)
		drive_log_add(st->log, "%s: cannot remove it: %s: %s",
			      t->meta.name, path, strerror(-rc));
	return rc;
}

void staging_unlink_spool(struct staging *st, uint32_t id, const char *ext)
{
	char path[PATH_MAX];
	spool_track_path(st->dir, id, ext, path, sizeof(path));
	if (unlink(path) < 0 && errno != ENOENT)
		drive_log_add(st->log, "spool: cannot remove %s: %s", path,
			      strerror(errno));
}
