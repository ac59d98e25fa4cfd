/*
 * fuse_tracks.c - the FUSE operations on tracks/ (see fuse_node.h): a
 * staged file's inode number comes from its spool id, so that it keeps
 * it across renames; operations by inode number hold the file by that
 * id, operations by name (lookup, create, unlink, rename) go by name.
 * tracks/'s modification time moves with every change, and the names
 * given to the kernel at its top are told to fuse_live.c, which removes
 * them through the mount when a burn takes them away.  Folders of
 * tracks/ (N_FOLDER) are numbered by their folder id; a name in tracks/
 * or a folder is a folder when the staging area has one by that name,
 * else a (maybe absent) file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_node.h"

static struct staging *staging_of(const struct node *n)
{
	return drive_staging(n->d);
}

static uint64_t track_ino(size_t drive, uint64_t id)
{
	return ino_make(INO_TRACK, (uint32_t)drive, (uint32_t)id);
}

static void times_of(const struct stat *attr, int to_set,
		     struct timespec tv[2]);

static uint64_t folder_ino(size_t drive, uint32_t folder)
{
	return folder ? ino_make(INO_FOLDER, (uint32_t)drive, folder)
		      : ino_make(INO_TRACKS_DIR, (uint32_t)drive, 0);
}

bool tracks_is_folder(const struct node *n, uint32_t *folder)
{
	if (n->kind != N_TRACKS && n->kind != N_FOLDER)
		return false;
	*folder = n->kind == N_FOLDER ? n->id : 0;
	return true;
}

int folder_stat(struct burnfs *fs, const struct node *n, struct stat *st,
		uint64_t *parent_ino)
{
	uint32_t parent = 0;
	(void)fs;
	int rc = staging_folder_getattr(staging_of(n), n->id, st, &parent);
	if (rc < 0)
		return rc;
	st->st_ino = folder_ino(n->drive, n->id);
	if (parent_ino) /* a folder in the trash: the root will do */
		*parent_ino = parent == STAGING_TRASH
				  ? INO_ROOT
				  : folder_ino(n->drive, parent);
	return 0;
}

int folder_setattr(struct burnfs *fs, const struct node *n,
		   const struct stat *attr, int to_set)
{
	if (to_set & FUSE_SET_ATTR_SIZE)
		return -EISDIR;
	if ((to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) &&
	    chown_to_same_owner(fs, attr, to_set) < 0)
		return -EPERM;
	bool mode = (to_set & FUSE_SET_ATTR_MODE) != 0;
	bool times =
	    (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME)) != 0;
	if (!mode && !times)
		return 0;
	struct timespec tv[2];
	times_of(attr, to_set, tv);
	return staging_folder_setattr(staging_of(n), n->id,
				      mode ? &attr->st_mode : NULL,
				      times ? tv : NULL);
}

void tracks_mkdir(fuse_req_t req, struct burnfs *fs, const struct node *p,
		  const char *name, mode_t mode)
{
	uint32_t parent = 0;
	struct stat st;
	int rc = tracks_is_folder(p, &parent) ? 0 : -EACCES;
	if (rc == 0 && strlen(name) > NAME_MAX)
		rc = -ENAMETOOLONG;
	if (rc == 0)
		rc = staging_mkdir(staging_of(p), parent, name, mode, &st);
	if (rc < 0) {
		fuse_reply_err(req, -rc);
		return;
	}
	tracks_touch(fs, p->drive);
	st.st_ino = folder_ino(p->drive, (uint32_t)st.st_ino);
	show_attrs(fs, &st);
	if (parent == 0)
		live_told(fs, p->drive, name, &st);
	reply_entry(req, fs, &st);
}

int tracks_rmdir(struct burnfs *fs, const struct node *p, const char *name)
{
	uint32_t parent = 0;
	if (!tracks_is_folder(p, &parent))
		return -EACCES;
	int rc = staging_rmdir(staging_of(p), parent, name);
	if (rc == 0)
		tracks_touch(fs, p->drive);
	if (rc == 0 && parent == 0)
		live_untold(fs, p->drive, name);
	return rc;
}

int tracks_stat(struct burnfs *fs, const struct node *n, struct handle *h,
		struct stat *st)
{
	struct staging *stg = staging_of(n);
	struct track *t = NULL;
	int rc;
	(void)fs;
	if (h && h->kind == N_TRACK) {
		rc = staging_getattr(stg, 0, NULL, h->track, st);
	} else if (n->name) {
		rc = staging_getattr(stg, n->folder, n->name, NULL, st);
	} else if ((rc = staging_hold(stg, n->id, &t)) == 0) {
		rc = staging_getattr(stg, 0, NULL, t, st);
		staging_release(stg, t, false);
	}
	if (rc == 0)
		st->st_ino = track_ino(n->drive, st->st_ino);
	return rc;
}

struct fill_ctx {
	struct burnfs *fs;
	struct handle *h;
	size_t drive;
	bool top; /* tracks/ itself */
	int rc;
};

static int fill_track(void *c, const char *name, const struct stat *st)
{
	struct fill_ctx *f = c;
	struct stat told = *st;
	told.st_ino = S_ISDIR(st->st_mode)
			  ? folder_ino(f->drive, (uint32_t)st->st_ino)
			  : track_ino(f->drive, st->st_ino);
	f->rc = listing_add(f->h, name, told.st_ino, st->st_mode);
	if (f->rc == 0 && f->top)
		live_told(f->fs, f->drive, name, &told);
	return f->rc != 0;
}

int tracks_readdir(struct burnfs *fs, const struct node *n, struct handle *h)
{
	struct fill_ctx f = {fs, h, n->drive, n->kind == N_TRACKS, 0};
	uint32_t folder = 0;
	tracks_is_folder(n, &folder);
	int rc = staging_readdir(staging_of(n), folder, fill_track, &f);
	return rc < 0 ? rc : f.rc;
}

void tracks_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		 struct fuse_file_info *fi)
{
	(void)fs;
	struct handle *h = handle_new(n);
	int rc = h ? staging_open_id(staging_of(n), n->id, fi->flags, &h->track)
		   : -ENOMEM;
	if (rc < 0) {
		handle_free(h);
		fuse_reply_err(req, -rc);
		return;
	}
	h->writable = (fi->flags & O_ACCMODE) != O_RDONLY;
	fi->direct_io = h->writable;
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0) {
		/* Interrupted: no release will come. */
		staging_release(staging_of(n), h->track, h->writable);
		handle_free(h);
	}
}

void tracks_create(fuse_req_t req, struct burnfs *fs, const struct node *n,
		   mode_t mode, struct fuse_file_info *fi, bool mknod)
{
	struct staging *stg = staging_of(n);
	struct handle *h = handle_new(n);
	struct stat st;
	if (!h) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	h->writable = (fi->flags & O_ACCMODE) != O_RDONLY;
	int rc = staging_open(stg, n->folder, n->name, fi->flags, mode, true,
			      (fi->flags & O_EXCL) != 0, &h->track);
	if (rc == 0) {
		tracks_touch(fs, n->drive);
		rc = staging_getattr(stg, 0, NULL, h->track, &st);
	}
	if (rc < 0) {
		if (h->track)
			staging_release(stg, h->track, h->writable);
		handle_free(h);
		fuse_reply_err(req, -rc);
		return;
	}
	h->id = (uint32_t)st.st_ino;
	st.st_ino = track_ino(n->drive, st.st_ino);
	show_attrs(fs, &st);
	if (n->folder == 0)
		live_told(fs, n->drive, n->name, &st);
	if (mknod) {
		/* mknod(2) of a regular file: created, not opened. */
		staging_release(stg, h->track, h->writable);
		handle_free(h);
		reply_entry(req, fs, &st);
		return;
	}
	struct fuse_entry_param e;
	memset(&e, 0, sizeof(e));
	e.ino = st.st_ino;
	e.attr = st;
	e.generation = inode_table_ref(fs->ll->inodes, e.ino);
	fi->direct_io = h->writable;
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_create(req, &e, fi) != 0) {
		/* Interrupted: the kernel has neither the entry nor the file
		 * (the file stays, as after a crash of the copy tool). */
		inode_table_forget(fs->ll->inodes, e.ino, 1);
		staging_release(stg, h->track, h->writable);
		handle_free(h);
	}
}

int tracks_flush(struct burnfs *fs, struct handle *h)
{
	struct staging *stg = drive_staging(h->d);
	char name[NAME_MAX + 1];
	struct track *t;
	uint32_t folder = 0;
	staging_name(stg, h->track, name, sizeof(name), &folder);
	int rc = staging_flush(stg, h->track, h->writable);
	if (rc < 0 && staging_hold(stg, h->id, &t) == 0)
		staging_release(stg, t, false); /* still there */
	else if (rc < 0 && folder == 0)
		tracks_gone(fs, h->drive, name); /* refused: removed */
	return rc;
}

static void times_of(const struct stat *attr, int to_set, struct timespec tv[2])
{
	tv[0].tv_sec = tv[1].tv_sec = 0;
	tv[0].tv_nsec = tv[1].tv_nsec = UTIME_OMIT;
	if (to_set & FUSE_SET_ATTR_ATIME_NOW)
		tv[0].tv_nsec = UTIME_NOW;
	else if (to_set & FUSE_SET_ATTR_ATIME)
		tv[0] = attr->st_atim;
	if (to_set & FUSE_SET_ATTR_MTIME_NOW)
		tv[1].tv_nsec = UTIME_NOW;
	else if (to_set & FUSE_SET_ATTR_MTIME)
		tv[1] = attr->st_mtim;
}

/* chmod, chown, truncate, utimens in this order, through the open
 * handle h when the kernel gave one. */
int tracks_setattr(struct burnfs *fs, const struct node *n, struct handle *h,
		   const struct stat *attr, int to_set)
{
	struct staging *stg = staging_of(n);
	struct track *held = NULL,
		     *t = h && h->kind == N_TRACK ? h->track : NULL;
	int rc = 0;
	if (!t && (rc = staging_hold(stg, n->id, &held)) < 0)
		return rc;
	if (held)
		t = held;
	if (to_set & FUSE_SET_ATTR_MODE)
		rc = staging_chmod(stg, NULL, t, attr->st_mode);
	if (rc == 0 && (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)))
		rc = chown_to_same_owner(fs, attr, to_set);
	if (rc == 0 && (to_set & FUSE_SET_ATTR_SIZE))
		rc = staging_truncate(stg, NULL, t, attr->st_size);
	if (rc == 0 && (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME))) {
		struct timespec tv[2];
		times_of(attr, to_set, tv);
		rc = staging_utimens(stg, NULL, t, tv);
	}
	if (held)
		staging_release(stg, held, false);
	return rc;
}

int tracks_unlink(struct burnfs *fs, const struct node *n)
{
	int rc = staging_unlink(staging_of(n), n->folder, n->name);
	if (rc == 0)
		tracks_touch(fs, n->drive);
	if (rc == 0 && n->folder == 0)
		live_untold(fs, n->drive, n->name);
	return rc;
}

int tracks_rename(struct burnfs *fs, const struct node *a, const struct node *b,
		  unsigned flags)
{
	int rc = staging_rename(staging_of(a), a->folder, a->name, b->folder,
				b->name, flags);
	/* A refused rename may have removed the file too (bad audio). */
	if (rc == 0 || rc == -EINVAL || rc == -ENOSPC)
		tracks_touch(fs, a->drive);
	return rc;
}

void tracks_xattr(fuse_req_t req, struct burnfs *fs, const struct node *n,
		  int op, const char *attr, const char *value, size_t size,
		  int flags)
{
	struct staging *stg = staging_of(n);
	char name[NAME_MAX + 1], *buf = NULL;
	struct track *t;
	uint32_t folder = 0;
	(void)fs;
	int rc = staging_hold(stg, n->id, &t);
	if (rc < 0) {
		fuse_reply_err(req, -rc);
		return;
	}
	staging_name(stg, t, name, sizeof(name), &folder);
	staging_release(stg, t, false);
	if ((op == XATTR_GET || op == XATTR_LIST) && size > 0 &&
	    !(buf = malloc(size))) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	switch (op) {
	case XATTR_SET:
		rc = staging_setxattr(stg, folder, name, attr, value, size,
				      flags);
		break;
	case XATTR_GET:
		rc = staging_getxattr(stg, folder, name, attr, buf, size);
		break;
	case XATTR_LIST:
		rc = staging_listxattr(stg, folder, name, buf, size);
		break;
	default:
		rc = staging_removexattr(stg, folder, name, attr);
		break;
	}
	if (rc < 0)
		fuse_reply_err(req, -rc);
	else if ((op == XATTR_GET || op == XATTR_LIST) && size == 0)
		fuse_reply_xattr(req, (size_t)rc);
	else if (op == XATTR_GET || op == XATTR_LIST)
		fuse_reply_buf(req, buf, (size_t)rc);
	else
		fuse_reply_err(req, 0);
	free(buf);
}
