/*
 * track_trash.c - the trash of the staging area (see staging.h): a file
 * manager's "Move to Trash" renames a file or folder of tracks/ into
 * $mount/.Trash-$uid/files/ (the FreeDesktop trash specification; the
 * FUSE layer shows that directory).  Here that is a move into the folder
 * STAGING_TRASH, with the user's uid in its .meta (or .folder): it is
 * unstaged (not listed, not burnt, not counted) but its spool data stay,
 * so that restoring it (a rename back) stages it again without a new
 * check, and deleting it from the trash frees it.  Each move is one
 * durable save of one metadata file, like any rename.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "staging_internal.h"

void trash_mark(struct staging *st)
{
	for (struct track *t = st->tracks; t; t = t->next)
		t->in_trash = t->meta.folder != 0 &&
			      folder_within(st, t->meta.folder, STAGING_TRASH);
}

static struct track *trash_track(struct staging *st, uint32_t uid,
				 const char *name)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->meta.folder == STAGING_TRASH &&
		    t->meta.trash_uid == uid && strcmp(t->meta.name, name) == 0)
			return t;
	return NULL;
}

static struct folder *trash_folder(struct staging *st, uint32_t uid,
				   const char *name)
{
	for (struct folder *f = st->folders; f; f = f->next)
		if (f->meta.folder == STAGING_TRASH &&
		    f->meta.trash_uid == uid && strcmp(f->meta.name, name) == 0)
			return f;
	return NULL;
}

int staging_trash_lookup(struct staging *st, uint32_t uid, const char *name,
			 bool *folder, uint32_t *id, struct stat *out)
{
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = trash_track(st, uid, name);
	struct folder *f = t ? NULL : trash_folder(st, uid, name);
	if (t) {
		*folder = false;
		*id = t->id;
	} else if (f) {
		*folder = true;
		*id = f->id;
	} else {
		rc = -ENOENT;
	}
	pthread_mutex_unlock(&st->lock);
	struct track *held;
	if (rc == 0 && *folder) {
		rc = staging_folder_getattr(st, *id, out, NULL);
	} else if (rc == 0 && (rc = staging_hold(st, *id, &held)) == 0) {
		rc = staging_getattr(st, 0, NULL, held, out);
		staging_release(st, held, false);
	}
	return rc;
}

struct trash_entry {
	char *name;
	struct stat st;
};

int staging_trash_readdir(struct staging *st, uint32_t uid,
			  staging_fill_fn fill, void *ctx)
{
	size_t n = 0, i = 0;
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked && t->meta.folder == STAGING_TRASH &&
		     t->meta.trash_uid == uid;
	for (struct folder *f = st->folders; f; f = f->next)
		n +=
		    f->meta.folder == STAGING_TRASH && f->meta.trash_uid == uid;
	struct trash_entry *e = calloc(n + 1, sizeof(*e));
	for (struct track *t = st->tracks; e && t && rc == 0; t = t->next) {
		if (!t->linked || t->meta.folder != STAGING_TRASH ||
		    t->meta.trash_uid != uid)
			continue;
		if (!(e[i].name = strdup(t->meta.name)))
			rc = -ENOMEM;
		e[i].st.st_ino = t->id;
		e[i++].st.st_mode = S_IFREG | (t->meta.mode & 07777);
	}
	for (struct folder *f = st->folders; e && f && rc == 0; f = f->next) {
		if (f->meta.folder != STAGING_TRASH || f->meta.trash_uid != uid)
			continue;
		if (!(e[i].name = strdup(f->meta.name)))
			rc = -ENOMEM;
		e[i].st.st_ino = f->id;
		e[i++].st.st_mode = S_IFDIR | (f->meta.mode & 07777);
	}
	pthread_mutex_unlock(&st->lock);
	if (!e)
		return -ENOMEM;
	for (size_t k = 0; rc == 0 && k < i; k++)
		if (fill(ctx, e[k].name, &e[k].st))
			break;
	for (size_t k = 0; k < i; k++)
		free(e[k].name);
	free(e);
	return rc;
}

/* Whether a track inside folder id is being burnt. */
static bool holds_job(struct staging *st, uint32_t id)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->in_job &&
		    folder_within(st, t->meta.folder, id))
			return true;
	return false;
}

int staging_trash_put(struct staging *st, uint32_t from_folder,
		      const char *from, uint32_t uid, const char *name)
{
	if (!names_is_valid(name) || strlen(name) > NAME_MAX)
		return -EINVAL;
	int rc;
	char path[PATH_MAX];
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, from_folder, from);
	struct folder *f = t ? NULL : folder_find(st, from_folder, from);
	if (!t && !f) {
		rc = -ENOENT;
	} else if (trash_track(st, uid, name) || trash_folder(st, uid, name)) {
		rc = -EEXIST;
	} else if ((t && t->in_job) || (f && holds_job(st, f->id))) {
		drive_log_add(st->log,
			      "%s: being burnt, cannot be moved to the "
			      "trash",
			      from);
		rc = -EBUSY;
	} else {
		struct track_meta *m = t ? &t->meta : &f->meta;
		struct track_meta before = *m;
		if (t)
			staging_track_path(st, t, path, sizeof(path));
		else
			folder_path(st, f->id, path, sizeof(path));
		snprintf(m->name, sizeof(m->name), "%s", name);
		m->folder = STAGING_TRASH;
		m->trash_uid = uid;
		m->ctime = staging_wall_now();
		rc = t ? staging_save_meta(st, t) : folder_save(st, f);
		if (rc < 0) {
			*m = before;
		} else {
			folder_touch(st, from_folder);
			trash_mark(st);
			drive_log_add(st->log,
				      "%s: moved to the trash, unstaged "
				      "(restore it to stage it again)",
				      path);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_trash_restore(struct staging *st, uint32_t uid, const char *name,
			  uint32_t to_folder, const char *to, unsigned flags)
{
	if (flags & ~(unsigned)RENAME_NOREPLACE)
		return -EINVAL;
	if (!names_is_valid(to) || strlen(to) > NAME_MAX)
		return -EINVAL;
	int rc = 0;
	char path[PATH_MAX];
	pthread_mutex_lock(&st->lock);
	struct track *t = trash_track(st, uid, name);
	struct folder *f = t ? NULL : trash_folder(st, uid, name);
	struct track *target = staging_find_in(st, to_folder, to);
	struct folder *ftarget = folder_find(st, to_folder, to);
	if (!t && !f) {
		rc = -ENOENT;
	} else if (to_folder != 0 && !folder_by_id(st, to_folder)) {
		rc = -ENOENT;
	} else if ((target || ftarget) && (flags & RENAME_NOREPLACE)) {
		rc = -EEXIST;
	} else if (t && ftarget) {
		rc = -EISDIR;
	} else if (f && target) {
		rc = -ENOTDIR;
	} else if (f && ftarget && !folder_is_empty(st, ftarget->id)) {
		rc = -ENOTEMPTY;
	} else if (target && target->in_job) {
		rc = -EBUSY;
	} else if (t && t->meta.aside && to_folder == 0 &&
		   !names_is_temporary(to)) {
		drive_log_add(st->log,
			      "%s: refused, not audio: only a folder of "
			      "tracks/ keeps such files aside",
			      to);
		rc = -EINVAL;
	} else {
		struct track_meta *m = t ? &t->meta : &f->meta;
		struct track_meta before = *m;
		snprintf(m->name, sizeof(m->name), "%s", to);
		m->folder = to_folder;
		m->trash_uid = 0;
		m->ctime = staging_wall_now();
		rc = t ? staging_save_meta(st, t) : folder_save(st, f);
		if (rc < 0) {
			*m = before;
		} else {
			/* What it replaced goes once the move is durable. */
			if (target && staging_unlink_meta(st, target) == 0)
				staging_remove_track(st, target);
			if (ftarget)
				folder_remove(st, ftarget);
			folder_touch(st, to_folder);
			trash_mark(st);
			if (t)
				staging_track_path(st, t, path, sizeof(path));
			else
				folder_path(st, f->id, path, sizeof(path));
			drive_log_add(st->log,
				      "%s: restored from the trash, staged "
				      "again",
				      path);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_trash_remove(struct staging *st, uint32_t uid, const char *name,
			 bool dir, bool all)
{
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = trash_track(st, uid, name);
	struct folder *f = t ? NULL : trash_folder(st, uid, name);
	if (!t && !f)
		rc = -ENOENT;
	else if (all && f)
		rc = (folder_remove_subtree(st, f->id), 0);
	else if (dir && t)
		rc = -ENOTDIR;
	else if (!dir && f)
		rc = -EISDIR;
	else if (f && !folder_is_empty(st, f->id))
		rc = -ENOTEMPTY;
	else if (f)
		rc = folder_remove(st, f);
	else if ((rc = staging_unlink_meta(st, t)) == 0)
		staging_remove_track(st, t);
	pthread_mutex_unlock(&st->lock);
	return rc;
}
