/*
 * folder_ops.c - what can be done to the folders of tracks/ (see
 * staging.h): lookup, attributes, mkdir, rmdir, chmod and utimens,
 * renames (folder_rename_locked, called by staging_rename), and the
 * folders a burn leaves without tracks (folder_empty_burnt).  Each
 * change is acknowledged once its .folder file is durable (or gone).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "staging_internal.h"

/* The folders in folder (lock held). */
static unsigned folder_count(struct staging *st, uint32_t folder)
{
	unsigned n = 0;
	for (struct folder *f = st->folders; f; f = f->next)
		n += f->meta.folder == folder;
	return n;
}

static void fill_folder_stat(struct staging *st, const struct folder *f,
			     struct stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_ino = f->id;
	out->st_mode = S_IFDIR | (f->meta.mode & 07777);
	out->st_nlink = 2 + folder_count(st, f->id);
	out->st_uid = st->uid;
	out->st_gid = st->gid;
	out->st_blksize = 4096;
	out->st_atim = f->meta.atime;
	out->st_mtim = f->meta.mtime;
	out->st_ctim = f->meta.ctime;
}

unsigned staging_subfolders(struct staging *st, uint32_t folder)
{
	pthread_mutex_lock(&st->lock);
	unsigned n = folder_count(st, folder);
	pthread_mutex_unlock(&st->lock);
	return n;
}

int staging_lookup_folder(struct staging *st, uint32_t parent, const char *name,
			  uint32_t *id)
{
	pthread_mutex_lock(&st->lock);
	struct folder *f = folder_find(st, parent, name);
	if (f)
		*id = f->id;
	pthread_mutex_unlock(&st->lock);
	return f ? 0 : -ENOENT;
}

int staging_folder_getattr(struct staging *st, uint32_t id, struct stat *out,
			   uint32_t *parent)
{
	pthread_mutex_lock(&st->lock);
	struct folder *f = folder_by_id(st, id);
	if (f) {
		fill_folder_stat(st, f, out);
		if (parent)
			*parent = f->meta.folder;
	}
	pthread_mutex_unlock(&st->lock);
	return f ? 0 : -ENOENT;
}

int staging_mkdir(struct staging *st, uint32_t parent, const char *name,
		  mode_t mode, struct stat *out)
{
	if (!names_is_valid(name))
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	if (parent != 0 && !folder_by_id(st, parent)) {
		rc = -ENOENT;
	} else if (folder_find(st, parent, name) ||
		   staging_find_in(st, parent, name)) {
		rc = -EEXIST;
	} else if (folder_depth(st, parent) + 1 > FOLDER_MAX_DEPTH) {
		drive_log_add(st->log,
			      "%s: refused, folders in tracks/ nest at most "
			      "%d deep",
			      name, FOLDER_MAX_DEPTH);
		rc = -EMLINK;
	}
	struct folder *f = NULL;
	if (rc == 0 && !(f = calloc(1, sizeof(*f))))
		rc = -ENOMEM;
	if (rc == 0) {
		f->id = st->next_folder_id++;
		snprintf(f->meta.name, sizeof(f->meta.name), "%s", name);
		f->meta.folder = parent;
		f->meta.mode = mode & 07777;
		f->meta.atime = f->meta.mtime = f->meta.ctime =
		    staging_wall_now();
		rc = folder_save(st, f);
	}
	if (rc == 0) {
		f->next = st->folders;
		st->folders = f;
		folder_touch(st, parent);
		fill_folder_stat(st, f, out);
	} else {
		free(f);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_rmdir(struct staging *st, uint32_t parent, const char *name)
{
	int rc;
	pthread_mutex_lock(&st->lock);
	struct folder *f = folder_find(st, parent, name);
	if (!f)
		rc = staging_find_in(st, parent, name) ? -ENOTDIR : -ENOENT;
	else if (!folder_is_empty(st, f->id))
		rc = -ENOTEMPTY;
	else if ((rc = folder_remove(st, f)) == 0)
		folder_touch(st, parent);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

static void set_time(struct timespec *dst, const struct timespec *src,
		     struct timespec now)
{
	if (src->tv_nsec == UTIME_OMIT)
		return;
	*dst = src->tv_nsec == UTIME_NOW ? now : *src;
}

int staging_folder_setattr(struct staging *st, uint32_t id, const mode_t *mode,
			   const struct timespec tv[2])
{
	int rc = -ENOENT;
	pthread_mutex_lock(&st->lock);
	struct folder *f = folder_by_id(st, id);
	if (f) {
		struct track_meta before = f->meta;
		struct timespec now = staging_wall_now();
		if (mode)
			f->meta.mode = *mode & 07777;
		if (tv) {
			set_time(&f->meta.atime, &tv[0], now);
			set_time(&f->meta.mtime, &tv[1], now);
		}
		f->meta.ctime = now;
		rc = folder_save(st, f);
		if (rc < 0)
			f->meta = before;
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/* Levels of folders below f (0: none). */
static unsigned subtree_height(struct staging *st, const struct folder *f)
{
	unsigned base = folder_depth(st, f->id), h = 0;
	for (struct folder *g = st->folders; g; g = g->next) {
		if (g == f || !folder_within(st, g->id, f->id))
			continue;
		unsigned d = folder_depth(st, g->id) - base;
		if (d > h)
			h = d;
	}
	return h;
}

/* Whether a track inside folder id is being burnt. */
static bool subtree_in_job(struct staging *st, uint32_t id)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->in_job &&
		    folder_within(st, t->meta.folder, id))
			return true;
	return false;
}

int folder_rename_locked(struct staging *st, struct folder *f,
			 uint32_t to_folder, const char *to, unsigned flags)
{
	struct folder *target = folder_find(st, to_folder, to);
	if (target == f)
		return 0;
	if (to_folder != 0 && !folder_by_id(st, to_folder))
		return -ENOENT;
	if (folder_within(st, to_folder, f->id))
		return -EINVAL; /* into itself */
	if (staging_find_in(st, to_folder, to))
		return -ENOTDIR;
	if (target && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (target && !folder_is_empty(st, target->id))
		return -ENOTEMPTY;
	if (subtree_in_job(st, f->id)) {
		drive_log_add(st->log,
			      "%s: holds tracks being burnt, cannot be "
			      "renamed",
			      f->meta.name);
		return -EBUSY;
	}
	if (folder_depth(st, to_folder) + 1 + subtree_height(st, f) >
	    FOLDER_MAX_DEPTH) {
		drive_log_add(st->log,
			      "%s: refused, folders in tracks/ nest at most "
			      "%d deep",
			      to, FOLDER_MAX_DEPTH);
		return -EMLINK;
	}
	struct track_meta before = f->meta;
	uint32_t from_folder = f->meta.folder;
	snprintf(f->meta.name, sizeof(f->meta.name), "%s", to);
	f->meta.folder = to_folder;
	f->meta.ctime = staging_wall_now();
	int rc = folder_save(st, f);
	if (rc < 0) {
		f->meta = before;
		return rc;
	}
	/* The replaced empty folder goes once the rename is durable; a
	 * crash in between leaves both, and the next mount renames one. */
	if (target)
		folder_remove(st, target);
	folder_touch(st, from_folder);
	folder_touch(st, to_folder);
	return 0;
}

/* Whether anything inside folder id is a track or an open file. */
static bool subtree_keeps(struct staging *st, uint32_t id)
{
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked || !folder_within(st, t->meta.folder, id))
			continue;
		if (track_is_visible(t) || t->refs > 0)
			return true;
	}
	return false;
}

size_t folder_remove_subtree(struct staging *st, uint32_t id)
{
	size_t files = 0;
	for (struct track *t = st->tracks, *next; t; t = next) {
		next = t->next;
		if (!t->linked || !folder_within(st, t->meta.folder, id))
			continue;
		if (staging_unlink_meta(st, t) == 0) {
			staging_remove_track(st, t);
			files++;
		}
	}
	/* Deepest first: an empty folder goes, then its parent. */
	for (bool removed = true; removed;) {
		removed = false;
		for (struct folder *f = st->folders; f; f = f->next) {
			if (folder_within(st, f->id, id) &&
			    folder_is_empty(st, f->id)) {
				bool last = f->id == id;
				removed = folder_remove(st, f) == 0 && !last;
				break;
			}
		}
	}
	return files;
}

void folder_empty_burnt(struct staging *st, const struct id_list *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct folder *f = folder_by_id(st, ids->ids[i]);
		if (!f || subtree_keeps(st, f->id))
			continue;
		/* The highest folder above it with no track left. */
		for (struct folder *p = folder_by_id(st, f->meta.folder);
		     p && !subtree_keeps(st, p->id);
		     p = folder_by_id(st, p->meta.folder))
			f = p;
		char path[PATH_MAX];
		folder_path(st, f->id, path, sizeof(path));
		size_t aside = folder_remove_subtree(st, f->id);
		if (aside > 0)
			drive_log_add(st->log,
				      "burn done: folder %s left tracks/ with "
				      "the %zu file%s kept aside in it",
				      path, aside, aside == 1 ? "" : "s");
		else
			drive_log_add(
			    st->log, "burn done: folder %s left tracks/", path);
	}
}
