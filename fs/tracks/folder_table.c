/*
 * folder_table.c - the folders of tracks/ (see staging_internal.h): the
 * table, lookups, paths, the .folder files of the spool and loading
 * them at mount.  A folder is a track_meta (name, parent in .folder,
 * mode, times) saved atomically as <spool>/<drive>/d000045.folder, so a
 * mkdir, rmdir or rename of a folder is one durable step, and a crash
 * leaves the folder as it was before or after it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"

struct folder *folder_by_id(struct staging *st, uint32_t id)
{
	for (struct folder *f = st->folders; f; f = f->next)
		if (f->id == id)
			return f;
	return NULL;
}

struct folder *folder_find(struct staging *st, uint32_t parent,
			   const char *name)
{
	for (struct folder *f = st->folders; f; f = f->next)
		if (f->meta.folder == parent && strcmp(f->meta.name, name) == 0)
			return f;
	return NULL;
}

bool folder_within(struct staging *st, uint32_t id, uint32_t ancestor)
{
	for (unsigned depth = 0; id != 0 && depth <= FOLDER_MAX_DEPTH;
	     depth++) {
		if (id == ancestor)
			return true;
		struct folder *f = folder_by_id(st, id);
		if (!f)
			return false;
		id = f->meta.folder;
	}
	return ancestor == 0;
}

bool folder_is_empty(struct staging *st, uint32_t id)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->meta.folder == id)
			return false;
	for (struct folder *f = st->folders; f; f = f->next)
		if (f->meta.folder == id)
			return false;
	return true;
}

unsigned folder_depth(struct staging *st, uint32_t id)
{
	unsigned depth = 0;
	while (id != 0 && depth <= FOLDER_MAX_DEPTH) {
		struct folder *f = folder_by_id(st, id);
		if (!f)
			break;
		depth++;
		id = f->meta.folder;
	}
	return depth;
}

/* Prepends the names of id and the folders above it to the path in
 * out[at..] (written from the end backwards); returns the new start. */
static size_t prepend_folders(struct staging *st, uint32_t id, char *out,
			      size_t at)
{
	for (unsigned depth = 0; id != 0 && depth < FOLDER_MAX_DEPTH; depth++) {
		struct folder *f = folder_by_id(st, id);
		if (!f)
			break;
		size_t n = strlen(f->meta.name);
		if (n + 1 > at)
			break; /* too deep to show whole: the tail is kept */
		out[--at] = '/';
		at -= n;
		memcpy(out + at, f->meta.name, n);
		id = f->meta.folder;
	}
	return at;
}

static void path_of(struct staging *st, uint32_t folder, const char *name,
		    char *out, size_t len)
{
	char buf[PATH_MAX + NAME_MAX + 2];
	size_t n = strlen(name), at = sizeof(buf) - 1 - n;
	buf[sizeof(buf) - 1] = '\0';
	memcpy(buf + at, name, n);
	at = prepend_folders(st, folder, buf, at);
	snprintf(out, len, "%s", buf + at);
}

void staging_track_path(struct staging *st, const struct track *t, char *out,
			size_t len)
{
	path_of(st, t->meta.folder, t->meta.name, out, len);
}

void folder_path(struct staging *st, uint32_t id, char *out, size_t len)
{
	struct folder *f = folder_by_id(st, id);
	if (!f) {
		snprintf(out, len, "%s", "");
		return;
	}
	path_of(st, f->meta.folder, f->meta.name, out, len);
}

bool staging_track_before(struct staging *st, const struct track *a,
			  const struct track *b)
{
	if (a->meta.folder == b->meta.folder)
		return names_natural_cmp(a->meta.name, b->meta.name) < 0;
	char pa[PATH_MAX], pb[PATH_MAX];
	staging_track_path(st, a, pa, sizeof(pa));
	staging_track_path(st, b, pb, sizeof(pb));
	return names_path_cmp(pa, pb) < 0;
}

int folder_save(struct staging *st, struct folder *f)
{
	char text[16384], name[32];
	size_t n = track_meta_encode(&f->meta, text, sizeof(text));
	if (n >= sizeof(text))
		return -ENAMETOOLONG;
	spool_folder_name(f->id, name, sizeof(name));
	int rc = spool_write_atomic(st->dir, name, text, n);
	if (rc < 0)
		drive_log_add(st->log, "spool: cannot save %s (folder %s): %s",
			      name, f->meta.name, strerror(-rc));
	return rc;
}

int folder_remove(struct staging *st, struct folder *f)
{
	char path[PATH_MAX];
	spool_folder_path(st->dir, f->id, path, sizeof(path));
	int rc = 0;
	if (unlink(path) < 0 && errno != ENOENT)
		rc = -errno;
	else
		rc = atomic_file_sync_parent(path);
	if (rc < 0) {
		drive_log_add(st->log, "%s: cannot remove the folder: %s: %s",
			      f->meta.name, path, strerror(-rc));
		return rc;
	}
	for (struct folder **pp = &st->folders; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	free(f);
	return 0;
}

void folder_touch(struct staging *st, uint32_t id)
{
	struct folder *f = folder_by_id(st, id);
	if (f)
		f->meta.mtime = f->meta.ctime = staging_wall_now();
}

/* Reads one .folder file into the table (lock held). */
static void load_one_folder(struct staging *st, uint32_t id)
{
	char path[PATH_MAX], *text;
	size_t len;
	spool_folder_path(st->dir, id, path, sizeof(path));
	int rc = spool_read_file(path, &text, &len);
	if (rc < 0) {
		drive_log_add(st->log, "spool: cannot read %s: %s", path,
			      strerror(-rc));
		return;
	}
	struct folder *f = calloc(1, sizeof(*f));
	if (!f) {
		free(text);
		drive_log_add(st->log, "spool: out of memory loading %s", path);
		return;
	}
	rc = track_meta_decode(text, len, &f->meta);
	free(text);
	if (rc < 0) {
		drive_log_add(st->log, "spool: %s is damaged, left alone",
			      path);
		free(f);
		return;
	}
	f->id = id;
	f->next = st->folders;
	st->folders = f;
}

/* Whether another folder of f's parent has f's name. */
static bool name_taken(struct staging *st, const struct folder *f,
		       uint32_t parent, const char *name)
{
	for (struct folder *g = st->folders; g; g = g->next)
		if (g != f && g->meta.folder == parent &&
		    strcmp(g->meta.name, name) == 0)
			return true;
	return false;
}

/*
 * A folder whose parent is missing (its .folder damaged), that lies too
 * deep (a loop in damaged files) or whose name another folder has (a
 * crash in a rename over an empty folder) goes to parent under a name
 * nothing there has, and is saved so.  Nothing is deleted.
 */
static void reattach(struct staging *st, struct folder *f, uint32_t parent,
		     const char *why)
{
	char name[NAME_MAX + 1], old[NAME_MAX + 1];
	snprintf(old, sizeof(old), "%s", f->meta.name);
	snprintf(name, sizeof(name), "%s", old);
	for (unsigned k = 2; name_taken(st, f, parent, name); k++)
		snprintf(name, sizeof(name), "%.200s (%u)", old, k);
	f->meta.folder = parent;
	snprintf(f->meta.name, sizeof(f->meta.name), "%s", name);
	folder_save(st, f);
	drive_log_add(st->log, "spool: folder %s: %s; now %s%s", old, why,
		      parent ? "" : "tracks/", name);
}

void folder_load_all(struct staging *st)
{
	DIR *d = opendir(st->dir);
	if (!d) {
		drive_log_add(st->log, "spool: cannot read %s: %s", st->dir,
			      strerror(errno));
		return;
	}
	struct dirent *de;
	uint32_t max_id = 0;
	while ((de = readdir(d)) != NULL) {
		uint32_t id;
		if (!spool_parse_folder_name(de->d_name, &id) || id == 0)
			continue;
		if (id > max_id)
			max_id = id;
		load_one_folder(st, id);
	}
	closedir(d);
	st->next_folder_id = max_id + 1;
	for (struct folder *f = st->folders; f; f = f->next) {
		if (f->meta.folder == STAGING_TRASH)
			continue; /* in the trash (track_trash.c) */
		if (f->meta.folder != 0 && !folder_by_id(st, f->meta.folder))
			reattach(st, f, 0, "the folder holding it is lost");
		else if (folder_depth(st, f->id) > FOLDER_MAX_DEPTH)
			reattach(st, f, 0, "folders nested too deep");
		else if (name_taken(st, f, f->meta.folder, f->meta.name))
			reattach(st, f, f->meta.folder,
				 "two folders with this name");
	}
}

void folder_free_all(struct staging *st)
{
	while (st->folders) {
		struct folder *f = st->folders;
		st->folders = f->next;
		free(f);
	}
}
