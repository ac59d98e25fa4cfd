/*
 * fuse_trash.c - the FreeDesktop trash at the mount's root (see
 * fuse_node.h), so that a file manager's "Move to Trash" (GIO's
 * g_file_trash: GNOME Files, gio trash, Thunar, PCManFM) works on
 * tracks/ and restores from it.  For a file outside the user's home,
 * GIO uses $topdir/.Trash-$uid, $topdir being the mount's root: it
 * makes that directory (mode 0700, owned by the user) and its files/
 * and info/, writes info/NAME.trashinfo (O_EXCL, then a temporary file
 * renamed over it), and renames the file into files/NAME; restoring
 * renames it back to the Path= of its info file; emptying deletes both.
 *
 *   .Trash-<uid>/        exists once that user made it (mkdir), per uid
 *     files/             the trashed files and folders of every drive's
 *                        tracks/: spool data kept (track_trash.c)
 *     info/              plain small files, kept in the spool as
 *                        <spool>/.trash-<uid>/info/ (drive names never
 *                        begin with '.'), passed through
 *     expunged/          always empty: gvfs's "Empty Trash" renames an
 *                        item into it before deleting it; here that
 *                        rename deletes it (with all it holds) at once
 *
 * A rename into files/ unstages a file or folder, a rename out of it
 * into the same drive's tracks/ stages it again; into another drive's it
 * is EXDEV (mv and GIO then copy).  Only the trash's user (or root) may
 * move things into it.  Every change of info/ is on disk (the directory
 * synced) before it is acknowledged, like the spool's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fuse_node.h"

/* A file of info/ and the number it has while burnfs runs. */
struct info_name {
	uint32_t id;
	char name[NAME_MAX + 1];
	struct info_name *next;
};

struct trash_dir {
	uid_t uid;
	int info_fd; /* <spool>/.trash-<uid>/info, O_DIRECTORY */
	struct info_name *names;
	uint32_t next_id;
};

bool is_trash(enum node_kind k)
{
	return k == N_TRASH || k == N_TRASH_FILES || k == N_TRASH_INFO ||
	       k == N_TRASH_INFO_FILE || k == N_TRASH_EXPUNGED;
}

/* The trash of index i (stable once made), or NULL. */
static struct trash_dir *trash_at(struct burnfs *fs, size_t i)
{
	struct burnfs_fuse *ll = fs->ll;
	pthread_mutex_lock(&ll->trash_lock);
	struct trash_dir *t = i < ll->n_trash ? ll->trash[i] : NULL;
	pthread_mutex_unlock(&ll->trash_lock);
	return t;
}

static struct trash_dir *trash_of_uid(struct burnfs *fs, uid_t uid,
				      size_t *index)
{
	struct burnfs_fuse *ll = fs->ll;
	struct trash_dir *t = NULL;
	pthread_mutex_lock(&ll->trash_lock);
	for (size_t i = 0; i < ll->n_trash && !t; i++) {
		if (ll->trash[i]->uid == uid) {
			t = ll->trash[i];
			*index = i;
		}
	}
	pthread_mutex_unlock(&ll->trash_lock);
	return t;
}

static int trash_add(struct burnfs *fs, uid_t uid, int info_fd, size_t *index)
{
	struct burnfs_fuse *ll = fs->ll;
	struct trash_dir *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->uid = uid;
	t->info_fd = info_fd;
	t->next_id = 1;
	pthread_mutex_lock(&ll->trash_lock);
	struct trash_dir **v =
	    realloc(ll->trash, (ll->n_trash + 1) * sizeof(*v));
	if (v) {
		ll->trash = v;
		*index = ll->n_trash;
		v[ll->n_trash++] = t;
	}
	pthread_mutex_unlock(&ll->trash_lock);
	if (!v) {
		free(t);
		return -ENOMEM;
	}
	return 0;
}

/* ".Trash-<digits>" (prefix given): 1 and *uid, else 0. */
static int parse_uid(const char *name, const char *prefix, uid_t *uid)
{
	size_t pl = strlen(prefix);
	if (strncmp(name, prefix, pl) != 0 || !name[pl])
		return 0;
	unsigned long long v = 0;
	for (const char *p = name + pl; *p; p++) {
		if (*p < '0' || *p > '9' || v > 0xffffffffull / 10)
			return 0;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v > 0xffffffffull || (name[pl] == '0' && name[pl + 1]))
		return 0;
	*uid = (uid_t)v;
	return 1;
}

int trash_setup(struct burnfs *fs)
{
	if (pthread_mutex_init(&fs->ll->trash_lock, NULL) != 0)
		return -ENOMEM;
	if (!fs->spool_dir)
		return 0;
	DIR *d = opendir(fs->spool_dir);
	if (!d)
		return 0; /* no trash kept: made at the first mkdir */
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		uid_t uid;
		char path[PATH_MAX];
		if (!parse_uid(de->d_name, ".trash-", &uid))
			continue;
		snprintf(path, sizeof(path), "%s/%s/info", fs->spool_dir,
			 de->d_name);
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		size_t index;
		if (fd >= 0 && trash_add(fs, uid, fd, &index) < 0)
			close(fd);
	}
	closedir(d);
	return 0;
}

void trash_free(struct burnfs *fs)
{
	struct burnfs_fuse *ll = fs->ll;
	for (size_t i = 0; i < ll->n_trash; i++) {
		struct trash_dir *t = ll->trash[i];
		while (t->names) {
			struct info_name *n = t->names;
			t->names = n->next;
			free(n);
		}
		close(t->info_fd);
		free(t);
	}
	free(ll->trash);
	ll->trash = NULL;
	ll->n_trash = 0;
	pthread_mutex_destroy(&ll->trash_lock);
}

/* ---- info/'s names and numbers (trash_lock) ---- */

static uint32_t name_id(struct burnfs *fs, struct trash_dir *t,
			const char *name)
{
	uint32_t id = 0;
	pthread_mutex_lock(&fs->ll->trash_lock);
	for (struct info_name *n = t->names; n && !id; n = n->next)
		if (strcmp(n->name, name) == 0)
			id = n->id;
	struct info_name *n = id ? NULL : calloc(1, sizeof(*n));
	if (n) {
		n->id = id = t->next_id++;
		snprintf(n->name, sizeof(n->name), "%s", name);
		n->next = t->names;
		t->names = n;
	}
	pthread_mutex_unlock(&fs->ll->trash_lock);
	return id;
}

static int name_of(struct burnfs *fs, struct trash_dir *t, uint32_t id,
		   char *out)
{
	int rc = -ENOENT;
	pthread_mutex_lock(&fs->ll->trash_lock);
	for (struct info_name *n = t->names; n; n = n->next) {
		if (n->id == id) {
			snprintf(out, NAME_MAX + 1, "%s", n->name);
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&fs->ll->trash_lock);
	return rc;
}

/* from is now to (to NULL: gone); what was to before is forgotten. */
static void name_moved(struct burnfs *fs, struct trash_dir *t, const char *from,
		       const char *to)
{
	pthread_mutex_lock(&fs->ll->trash_lock);
	for (struct info_name **pp = &t->names; *pp;) {
		struct info_name *n = *pp;
		if ((to && strcmp(n->name, to) == 0) ||
		    (!to && strcmp(n->name, from) == 0)) {
			*pp = n->next;
			free(n);
			continue;
		}
		if (to && strcmp(n->name, from) == 0)
			snprintf(n->name, sizeof(n->name), "%s", to);
		pp = &n->next;
	}
	pthread_mutex_unlock(&fs->ll->trash_lock);
}

static bool name_ok(const char *name)
{
	return name[0] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       !strchr(name, '/') && strlen(name) <= NAME_MAX;
}

/* ---- nodes ---- */

int trash_resolve_root(struct burnfs *fs, const char *name, struct node *n)
{
	uid_t uid;
	size_t index;
	if (!parse_uid(name, ".Trash-", &uid) || !trash_of_uid(fs, uid, &index))
		return -ENOENT;
	memset(n, 0, sizeof(*n));
	n->kind = N_TRASH;
	n->arg = (int)index;
	return 0;
}

int trash_resolve_child(struct burnfs *fs, const struct node *p,
			const char *name, struct node *n)
{
	struct trash_dir *t = trash_at(fs, (size_t)p->arg);
	struct stat st;
	if (!t)
		return -ENOENT;
	memset(n, 0, sizeof(*n));
	n->arg = p->arg;
	switch (p->kind) {
	case N_TRASH:
		if (strcmp(name, "files") == 0)
			n->kind = N_TRASH_FILES;
		else if (strcmp(name, "info") == 0)
			n->kind = N_TRASH_INFO;
		else if (strcmp(name, "expunged") == 0)
			n->kind = N_TRASH_EXPUNGED;
		else
			return -ENOENT;
		return 0;
	case N_TRASH_INFO:
		if (!name_ok(name) ||
		    fstatat(t->info_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			return -ENOENT;
		n->kind = N_TRASH_INFO_FILE;
		n->id = name_id(fs, t, name);
		n->name = name;
		return n->id ? 0 : -ENOMEM;
	case N_TRASH_FILES:
		for (size_t i = 0; i < fs->n_drives; i++) {
			bool folder;
			uint32_t id;
			if (staging_trash_lookup(drive_staging(fs->drives[i]),
						 (uint32_t)t->uid, name,
						 &folder, &id, &st) < 0)
				continue;
			n->kind = folder ? N_FOLDER : N_TRACK;
			n->drive = i;
			n->d = fs->drives[i];
			n->id = id;
			n->folder = STAGING_TRASH;
			return 0;
		}
		return -ENOENT;
	default:
		return -ENOENT;
	}
}

int trash_stat(struct burnfs *fs, const struct node *n, struct stat *st)
{
	struct trash_dir *t = trash_at(fs, (size_t)n->arg);
	if (!t)
		return -ENOENT;
	enum ino_kind k = n->kind == N_TRASH		? INO_TRASH_DIR
			  : n->kind == N_TRASH_FILES	? INO_TRASH_FILES
			  : n->kind == N_TRASH_INFO	? INO_TRASH_INFO
			  : n->kind == N_TRASH_EXPUNGED ? INO_TRASH_EXPUNGED
							: INO_TRASH_INFO_FILE;
	if (n->kind != N_TRASH_INFO_FILE) {
		fill_fixed(fs, st, S_IFDIR | 0700);
	} else {
		char name[NAME_MAX + 1];
		struct stat real;
		int rc = name_of(fs, t, n->id, name);
		if (rc == 0 &&
		    fstatat(t->info_fd, name, &real, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -errno;
		if (rc < 0)
			return rc;
		fill_fixed(fs, st, S_IFREG | (real.st_mode & 07777));
		st->st_size = real.st_size;
		st->st_blocks = real.st_blocks;
		st->st_atim = real.st_atim;
		st->st_mtim = real.st_mtim;
		st->st_ctim = real.st_ctim;
	}
	st->st_uid = t->uid; /* GIO checks the trash is the user's */
	st->st_ino = ino_make(k, (uint32_t)n->arg, n->id);
	return 0;
}

/* ---- listings ---- */

int trash_list_root(struct burnfs *fs, struct handle *h)
{
	int rc = 0;
	for (size_t i = 0; rc == 0; i++) {
		struct trash_dir *t = trash_at(fs, i);
		if (!t)
			break;
		char name[32];
		snprintf(name, sizeof(name), ".Trash-%u", (unsigned)t->uid);
		rc = listing_add(
		    h, name, ino_make(INO_TRASH_DIR, (uint32_t)i, 0), S_IFDIR);
	}
	return rc;
}

struct files_ctx {
	struct handle *h;
	size_t drive;
	int rc;
};

static int fill_files(void *c, const char *name, const struct stat *st)
{
	struct files_ctx *f = c;
	uint64_t ino =
	    S_ISDIR(st->st_mode)
		? ino_make(INO_FOLDER, (uint32_t)f->drive, (uint32_t)st->st_ino)
		: ino_make(INO_TRACK, (uint32_t)f->drive, (uint32_t)st->st_ino);
	f->rc = listing_add(f->h, name, ino, st->st_mode);
	return f->rc != 0;
}

static int list_info(struct burnfs *fs, struct trash_dir *t, size_t index,
		     struct handle *h)
{
	int fd = openat(t->info_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!name_ok(de->d_name) || de->d_type != DT_REG)
			continue;
		uint32_t id = name_id(fs, t, de->d_name);
		rc = id ? listing_add(h, de->d_name,
				      ino_make(INO_TRASH_INFO_FILE,
					       (uint32_t)index, id),
				      S_IFREG)
			: -ENOMEM;
	}
	closedir(d);
	return rc;
}

int trash_readdir(struct burnfs *fs, const struct node *n, struct handle *h)
{
	struct trash_dir *t = trash_at(fs, (size_t)n->arg);
	uint32_t index = (uint32_t)n->arg;
	int rc = 0;
	if (!t)
		return -ENOENT;
	switch (n->kind) {
	case N_TRASH:
		rc = listing_add(h, "files",
				 ino_make(INO_TRASH_FILES, index, 0), S_IFDIR);
		if (rc == 0)
			rc = listing_add(h, "info",
					 ino_make(INO_TRASH_INFO, index, 0),
					 S_IFDIR);
		if (rc == 0)
			rc = listing_add(h, "expunged",
					 ino_make(INO_TRASH_EXPUNGED, index, 0),
					 S_IFDIR);
		return rc;
	case N_TRASH_INFO:
		return list_info(fs, t, index, h);
	case N_TRASH_EXPUNGED:
		return 0;
	default:
		for (size_t i = 0; i < fs->n_drives && rc == 0; i++) {
			struct files_ctx f = {h, i, 0};
			rc = staging_trash_readdir(drive_staging(fs->drives[i]),
						   (uint32_t)t->uid, fill_files,
						   &f);
			if (rc == 0)
				rc = f.rc;
		}
		return rc;
	}
}

/* ---- mkdir, unlink, rmdir ---- */

/* Makes <spool>/.trash-<uid>/info durably; its descriptor or -errno. */
static int make_store(struct burnfs *fs, uid_t uid)
{
	char dir[PATH_MAX], info[PATH_MAX + 8];
	snprintf(dir, sizeof(dir), "%s/.trash-%u", fs->spool_dir,
		 (unsigned)uid);
	snprintf(info, sizeof(info), "%s/info", dir);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (mkdir(info, 0700) < 0 && errno != EEXIST)
		return -errno;
	int rc = atomic_file_sync_parent(info);
	if (rc == 0)
		rc = atomic_file_sync_parent(dir);
	if (rc < 0)
		return rc;
	int fd = open(info, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int trash_mkdir(fuse_req_t req, struct burnfs *fs, const struct node *p,
		const char *name, struct stat *st)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	uid_t uid;
	size_t index;
	struct node n;
	if (p->kind == N_TRASH) {
		bool sub = strcmp(name, "files") == 0 ||
			   strcmp(name, "info") == 0 ||
			   strcmp(name, "expunged") == 0;
		return sub ? -EEXIST : -EACCES;
	}
	if (p->kind != N_ROOT)
		return -EACCES;
	/* .Trash-<uid> of the caller only: GIO's $topdir/.Trash-$uid */
	if (!parse_uid(name, ".Trash-", &uid) || uid != ctx->uid ||
	    !fs->spool_dir)
		return -EACCES;
	if (trash_of_uid(fs, uid, &index))
		return -EEXIST;
	int fd = make_store(fs, uid);
	if (fd < 0)
		return fd;
	int rc = trash_add(fs, uid, fd, &index);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	memset(&n, 0, sizeof(n));
	n.kind = N_TRASH;
	n.arg = (int)index;
	return trash_stat(fs, &n, st);
}

/* The drive whose trash of t holds name, or -1. */
static long drive_holding(struct burnfs *fs, struct trash_dir *t,
			  const char *name)
{
	for (size_t i = 0; i < fs->n_drives; i++) {
		bool folder;
		uint32_t id;
		struct stat st;
		if (staging_trash_lookup(drive_staging(fs->drives[i]),
					 (uint32_t)t->uid, name, &folder, &id,
					 &st) == 0)
			return (long)i;
	}
	return -1;
}

int trash_unlink(fuse_req_t req, struct burnfs *fs, const struct node *p,
		 const char *name, bool dir)
{
	struct trash_dir *t = trash_at(fs, (size_t)p->arg);
	(void)req;
	if (!t)
		return -ENOENT;
	if (p->kind == N_TRASH_FILES) {
		long i = drive_holding(fs, t, name);
		if (i < 0)
			return -ENOENT;
		return staging_trash_remove(drive_staging(fs->drives[i]),
					    (uint32_t)t->uid, name, dir, false);
	}
	if (p->kind != N_TRASH_INFO)
		return -EACCES;
	if (dir)
		return -ENOTDIR;
	if (!name_ok(name))
		return -ENOENT;
	if (unlinkat(t->info_fd, name, 0) < 0)
		return -errno;
	name_moved(fs, t, name, NULL);
	return fsync(t->info_fd) < 0 ? -errno : 0;
}

/* ---- renames ---- */

static bool may_use(fuse_req_t req, const struct trash_dir *t)
{
	uid_t caller = fuse_req_ctx(req)->uid;
	return caller == t->uid || caller == 0;
}

static bool in_tracks(const struct node *n, uint32_t *folder)
{
	return tracks_is_folder(n, folder);
}

int trash_rename(fuse_req_t req, struct burnfs *fs, fuse_ino_t parent,
		 const char *name, fuse_ino_t newparent, const char *newname,
		 unsigned flags)
{
	struct node p, q;
	uint32_t folder;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc = resolve_ino(fs, newparent, &q);
	if (rc < 0)
		return rc;
	if (!is_trash(p.kind) && !is_trash(q.kind))
		return -ENOSYS; /* not the trash's */
	struct trash_dir *tp = trash_at(fs, (size_t)p.arg),
			 *tq = trash_at(fs, (size_t)q.arg);
	if (p.kind == N_TRASH_INFO && q.kind == N_TRASH_INFO) {
		if (tp != tq)
			return -EXDEV;
		if (!name_ok(name) || !name_ok(newname))
			return -EINVAL;
		if (renameat2(tp->info_fd, name, tp->info_fd, newname, flags) <
		    0)
			return -errno;
		name_moved(fs, tp, name, newname);
		return fsync(tp->info_fd) < 0 ? -errno : 0;
	}
	if (q.kind == N_TRASH_FILES && in_tracks(&p, &folder)) {
		/* Move to Trash */
		if (!may_use(req, tq))
			return -EACCES;
		if (flags & ~(unsigned)RENAME_NOREPLACE)
			return -EINVAL;
		if (drive_holding(fs, tq, newname) >= 0)
			return -EEXIST;
		rc = staging_trash_put(drive_staging(p.d), folder, name,
				       (uint32_t)tq->uid, newname);
		if (rc == 0)
			tracks_touch(fs, p.drive);
		return rc;
	}
	if (p.kind == N_TRASH_FILES && q.kind == N_TRASH_EXPUNGED) {
		/* Empty Trash (gvfs): deleted, with all it holds */
		if (tp != tq || !may_use(req, tp))
			return -EACCES;
		long i = drive_holding(fs, tp, name);
		if (i < 0)
			return -ENOENT;
		return staging_trash_remove(drive_staging(fs->drives[i]),
					    (uint32_t)tp->uid, name, false,
					    true);
	}
	if (p.kind == N_TRASH_FILES && in_tracks(&q, &folder)) {
		/* Restore */
		if (!may_use(req, tp))
			return -EACCES;
		long i = drive_holding(fs, tp, name);
		if (i < 0)
			return -ENOENT;
		if ((size_t)i != q.drive)
			return -EXDEV; /* copied, then deleted */
		rc =
		    staging_trash_restore(drive_staging(q.d), (uint32_t)tp->uid,
					  name, folder, newname, flags);
		if (rc == 0)
			tracks_touch(fs, q.drive);
		return rc;
	}
	return p.kind == N_TRASH_FILES || q.kind == N_TRASH_FILES ? -EXDEV
								  : -EACCES;
}

/* ---- info/'s files ---- */

static void reply_open_fd(fuse_req_t req, struct burnfs *fs,
			  const struct node *n, int fd,
			  struct fuse_file_info *fi, bool create)
{
	struct handle *h = handle_new(n);
	struct stat st;
	if (!h) {
		close(fd);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	h->fd = fd;
	h->writable = (fi->flags & O_ACCMODE) != O_RDONLY;
	fi->fh = (uint64_t)(uintptr_t)h;
	fi->direct_io = 1;
	if (!create) {
		if (fuse_reply_open(req, fi) != 0)
			handle_free(h); /* closes fd */
		return;
	}
	int rc = trash_stat(fs, n, &st);
	if (rc < 0) {
		handle_free(h);
		fuse_reply_err(req, -rc);
		return;
	}
	show_attrs(fs, &st);
	struct fuse_entry_param e;
	memset(&e, 0, sizeof(e));
	e.ino = st.st_ino;
	e.attr = st;
	e.generation = inode_table_ref(fs->ll->inodes, e.ino);
	if (fuse_reply_create(req, &e, fi) != 0) {
		inode_table_forget(fs->ll->inodes, e.ino, 1);
		handle_free(h);
	}
}

void trash_create(fuse_req_t req, struct burnfs *fs, const struct node *p,
		  const char *name, mode_t mode, struct fuse_file_info *fi)
{
	struct trash_dir *t = trash_at(fs, (size_t)p->arg);
	if (!t || p->kind != N_TRASH_INFO) {
		fuse_reply_err(req, t ? EACCES : ENOENT);
		return;
	}
	if (!name_ok(name)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	int flags = (fi->flags & (O_ACCMODE | O_EXCL | O_TRUNC | O_APPEND)) |
		    O_CREAT | O_CLOEXEC | O_NOFOLLOW;
	int fd =
	    openat(t->info_fd, name, flags, mode & 0600 ? mode & 0666 : 0600);
	if (fd < 0 || fsync(t->info_fd) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		fuse_reply_err(req, e);
		return;
	}
	struct node n;
	memset(&n, 0, sizeof(n));
	n.kind = N_TRASH_INFO_FILE;
	n.arg = p->arg;
	n.id = name_id(fs, t, name);
	reply_open_fd(req, fs, &n, fd, fi, true);
}

void trash_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		struct fuse_file_info *fi)
{
	struct trash_dir *t = trash_at(fs, (size_t)n->arg);
	char name[NAME_MAX + 1];
	int rc = t ? name_of(fs, t, n->id, name) : -ENOENT;
	if (rc < 0) {
		fuse_reply_err(req, -rc);
		return;
	}
	int flags = (fi->flags & (O_ACCMODE | O_TRUNC | O_APPEND)) | O_CLOEXEC |
		    O_NOFOLLOW;
	int fd = openat(t->info_fd, name, flags);
	if (fd < 0) {
		fuse_reply_err(req, errno);
		return;
	}
	reply_open_fd(req, fs, n, fd, fi, false);
}

int trash_setattr(struct burnfs *fs, const struct node *n, struct handle *h,
		  const struct stat *attr, int to_set)
{
	struct trash_dir *t = trash_at(fs, (size_t)n->arg);
	char name[NAME_MAX + 1];
	if (!t)
		return -ENOENT;
	if (n->kind != N_TRASH_INFO_FILE)
		return to_set & FUSE_SET_ATTR_SIZE ? -EISDIR : 0;
	int rc = name_of(fs, t, n->id, name);
	if (rc < 0)
		return rc;
	if ((to_set & FUSE_SET_ATTR_MODE) &&
	    fchmodat(t->info_fd, name, attr->st_mode & 07777, 0) < 0)
		return -errno;
	if (to_set & FUSE_SET_ATTR_SIZE) {
		int fd = h && h->fd >= 0
			     ? h->fd
			     : openat(t->info_fd, name,
				      O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		rc = fd < 0 || ftruncate(fd, attr->st_size) < 0 ? -errno : 0;
		if (fd >= 0 && !(h && h->fd == fd))
			close(fd);
		if (rc < 0)
			return rc;
	}
	if (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME)) {
		struct timespec tv[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
		if (to_set & FUSE_SET_ATTR_ATIME_NOW)
			tv[0].tv_nsec = UTIME_NOW;
		else if (to_set & FUSE_SET_ATTR_ATIME)
			tv[0] = attr->st_atim;
		if (to_set & FUSE_SET_ATTR_MTIME_NOW)
			tv[1].tv_nsec = UTIME_NOW;
		else if (to_set & FUSE_SET_ATTR_MTIME)
			tv[1] = attr->st_mtim;
		if (utimensat(t->info_fd, name, tv, AT_SYMLINK_NOFOLLOW) < 0)
			return -errno;
	}
	return 0;
}
