/*
 * fuse_ops.c - the dispatch of the low-level FUSE operations (see
 * fuse_ops.h): an inode number, or a parent and a name, becomes a node;
 * the node's kind picks the drive's files (fuse_drive_files.c) or
 * tracks/ (fuse_tracks.c).  Directories, attributes, statfs and the
 * lookup counts live here.  Errors are replied as errno values.
 */
#include "fuse_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc_wav.h"
#include "fuse_node.h"

static struct burnfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* ---- nodes -------------------------------------------------------------- */

static int resolve_ino(struct burnfs *fs, fuse_ino_t ino, struct node *n)
{
	struct ino_parts p = ino_split(ino);
	memset(n, 0, sizeof(*n));
	if (p.kind == INO_ROOT_DIR) {
		n->kind = N_ROOT;
		return 0;
	}
	if (p.kind == INO_NONE || p.drive >= fs->n_drives)
		return -ENOENT;
	n->drive = p.drive;
	n->d = fs->drives[p.drive];
	switch (p.kind) {
	case INO_DRIVE_DIR:
		n->kind = N_DRIVE;
		return 0;
	case INO_TRACKS_DIR:
		n->kind = N_TRACKS;
		return 0;
	case INO_DISC_DIR:
		n->kind = N_DISC;
		return 0;
	case INO_DRIVE_FILE:
		if (p.arg >= n_drive_files || !drive_file_exists(n->d, p.arg))
			return -ENOENT;
		n->kind = drive_files[p.arg].kind;
		n->arg = drive_files[p.arg].arg;
		n->file = (int)p.arg;
		return 0;
	case INO_DISC_TRACK:
		n->kind = N_DISC_TRACK;
		n->id = p.arg;
		return 0;
	case INO_TRACK:
		n->kind = N_TRACK;
		n->id = p.arg;
		return 0;
	default:
		return -ENOENT;
	}
}

/*
 * The node name stands for in parent p, as a path was resolved before:
 * any name in tracks/ is a (maybe absent) track, any name in disc/ a
 * (maybe absent) disc track; elsewhere only what exists.
 */
static int resolve_child(struct burnfs *fs, const struct node *p,
			 const char *name, struct node *n)
{
	memset(n, 0, sizeof(*n));
	n->drive = p->drive;
	n->d = p->d;
	switch (p->kind) {
	case N_ROOT:
		for (size_t i = 0; i < fs->n_drives; i++) {
			if (strcmp(drive_name(fs->drives[i]), name) == 0) {
				n->kind = N_DRIVE;
				n->drive = i;
				n->d = fs->drives[i];
				return 0;
			}
		}
		return -ENOENT;
	case N_DRIVE:
		if (strcmp(name, "tracks") == 0) {
			n->kind = N_TRACKS;
			return 0;
		}
		if (strcmp(name, "disc") == 0) {
			n->kind = N_DISC;
			return 0;
		}
		for (size_t i = 0; i < n_drive_files; i++) {
			if (drive_file_exists(p->d, i) &&
			    strcmp(name, drive_files[i].name) == 0) {
				n->kind = drive_files[i].kind;
				n->arg = drive_files[i].arg;
				n->file = (int)i;
				return 0;
			}
		}
		return -ENOENT;
	case N_TRACKS:
		/* The spool keeps names of at most NAME_MAX bytes. */
		if (strlen(name) > NAME_MAX)
			return -ENAMETOOLONG;
		n->kind = N_TRACK;
		n->name = name;
		return 0;
	case N_DISC: {
		int number = disc_wav_parse_name(name);
		n->kind = N_DISC_TRACK;
		n->id = number > 0 ? (uint32_t)number : 0;
		n->name = name;
		return 0;
	}
	default:
		return -ENOENT;
	}
}

static bool is_dir(enum node_kind k)
{
	return k == N_ROOT || k == N_DRIVE || k == N_TRACKS || k == N_DISC;
}

static uint64_t node_ino(const struct node *n)
{
	switch (n->kind) {
	case N_ROOT:
		return INO_ROOT;
	case N_DRIVE:
		return ino_make(INO_DRIVE_DIR, (uint32_t)n->drive, 0);
	case N_TRACKS:
		return ino_make(INO_TRACKS_DIR, (uint32_t)n->drive, 0);
	case N_DISC:
		return ino_make(INO_DISC_DIR, (uint32_t)n->drive, 0);
	case N_DISC_TRACK:
		return ino_make(INO_DISC_TRACK, (uint32_t)n->drive, n->id);
	case N_TRACK:
		return ino_make(INO_TRACK, (uint32_t)n->drive, n->id);
	default:
		return ino_make(INO_DRIVE_FILE, (uint32_t)n->drive,
				(uint32_t)n->file);
	}
}

void fill_fixed(struct burnfs *fs, struct stat *st, mode_t mode)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = mode;
	st->st_nlink = S_ISDIR(mode) ? 2 : 1;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
	st->st_blksize = 4096;
}

/* Attributes of n, through its open handle h when there is one. */
static int node_stat(struct burnfs *fs, const struct node *n,
		     struct handle *h, struct stat *st)
{
	int rc = 0;
	if (n->kind == N_TRACK)
		return tracks_stat(fs, n, h, st);
	if (h && !is_dir(h->kind)) {
		fill_fixed(fs, st, drive_file_mode(h->kind));
		st->st_gid = drive_group(h->d);
		if (h->disc)
			st->st_size = disc_file_size(h->disc);
		st->st_ino = node_ino(n);
		return 0;
	}
	switch (n->kind) {
	case N_ROOT:
	case N_DRIVE:
		fill_fixed(fs, st, S_IFDIR | 0755);
		if (n->kind == N_DRIVE)
			st->st_gid = drive_group(n->d);
		break;
	case N_TRACKS:
		fill_fixed(fs, st, S_IFDIR | 0755);
		st->st_gid = drive_group(n->d);
		st->st_mtim = st->st_ctim = tracks_mtime(fs, n->drive);
		break;
	case N_DISC:
		fill_fixed(fs, st, S_IFDIR | 0555);
		break;
	case N_DISC_TRACK: {
		char name[16];
		if (n->id == 0)
			return -ENOENT;
		disc_wav_name(n->id, name, sizeof(name));
		fill_fixed(fs, st, S_IFREG | 0444);
		rc = disc_dir_getattr(n->d, name, st);
		break;
	}
	default:
		fill_fixed(fs, st, drive_file_mode(n->kind));
		st->st_gid = drive_group(n->d);
		break;
	}
	st->st_ino = node_ino(n);
	return rc;
}

void reply_entry(fuse_req_t req, struct burnfs *fs, const struct stat *st)
{
	struct fuse_entry_param e;
	memset(&e, 0, sizeof(e));
	e.ino = st->st_ino;
	e.attr = *st;
	e.attr_timeout = 0;
	e.entry_timeout = 0;
	e.generation = inode_table_ref(fs->ll->inodes, e.ino);
	/* Not delivered (interrupted): the kernel holds no lookup. */
	if (fuse_reply_entry(req, &e) != 0)
		inode_table_forget(fs->ll->inodes, e.ino, 1);
}

static void reply_rc(fuse_req_t req, int rc)
{
	fuse_reply_err(req, rc < 0 ? -rc : 0);
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct burnfs *fs = fs_of(req);
	struct node p, n;
	struct stat st;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc = is_dir(p.kind) ? resolve_child(fs, &p, name, &n)
				    : -ENOTDIR;
	if (rc == 0)
		rc = node_stat(fs, &n, NULL, &st);
	if (rc < 0)
		reply_rc(req, rc);
	else
		reply_entry(req, fs, &st);
}

static void op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	inode_table_forget(fs_of(req)->ll->inodes, ino, nlookup);
	fuse_reply_none(req);
}

static void op_forget_multi(fuse_req_t req, size_t count,
			    struct fuse_forget_data *forgets)
{
	struct inode_table *t = fs_of(req)->ll->inodes;
	for (size_t i = 0; i < count; i++)
		inode_table_forget(t, forgets[i].ino, forgets[i].nlookup);
	fuse_reply_none(req);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	struct burnfs *fs = fs_of(req);
	struct node n;
	struct stat st;
	int rc = resolve_ino(fs, ino, &n);
	if (rc == 0)
		rc = node_stat(fs, &n, handle_of(fi), &st);
	if (rc < 0)
		reply_rc(req, rc);
	else
		fuse_reply_attr(req, &st, 0);
}

/* truncate, chmod, chown, utimens of anything but a track. */
static int fixed_setattr(struct burnfs *fs, const struct node *n,
			 const struct stat *attr, int to_set)
{
	if (to_set & FUSE_SET_ATTR_MODE)
		return -EPERM;
	if (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) {
		bool same_uid =
		    !(to_set & FUSE_SET_ATTR_UID) || attr->st_uid == fs->uid;
		bool same_gid =
		    !(to_set & FUSE_SET_ATTR_GID) || attr->st_gid == fs->gid;
		if (!same_uid || !same_gid)
			return -EPERM;
	}
	if (to_set & FUSE_SET_ATTR_SIZE) {
		switch (n->kind) {
		case N_CONTROL:
		case N_COMMIT:
		case N_CANCEL:
		case N_ACTION: /* `>` truncates first */
			if (attr->st_size != 0)
				return -EINVAL;
			break;
		case N_ROOT:
		case N_DRIVE:
		case N_TRACKS:
			return -EISDIR;
		default:
			return -EACCES;
		}
	}
	return 0; /* times: `touch commit` has nothing to keep */
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
		       int to_set, struct fuse_file_info *fi)
{
	struct burnfs *fs = fs_of(req);
	struct handle *h = handle_of(fi);
	struct node n;
	struct stat st;
	int rc = resolve_ino(fs, ino, &n);
	if (rc == 0 && n.kind == N_TRACK)
		rc = tracks_setattr(fs, &n, h, attr, to_set);
	else if (rc == 0)
		rc = fixed_setattr(fs, &n, attr, to_set);
	if (rc == 0)
		rc = node_stat(fs, &n, h, &st);
	if (rc < 0)
		reply_rc(req, rc);
	else
		fuse_reply_attr(req, &st, 0);
}

/* ---- directories -------------------------------------------------------- */

struct handle *handle_new(const struct node *n)
{
	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h);
		return NULL;
	}
	h->kind = n->kind;
	h->d = n->d;
	h->drive = n->drive;
	h->arg = n->arg;
	h->id = n->id;
	tb_init(&h->text);
	return h;
}

static void listing_clear(struct handle *h)
{
	for (size_t i = 0; i < h->n_entries; i++)
		free(h->entries[i].name);
	free(h->entries);
	h->entries = NULL;
	h->n_entries = 0;
}

void handle_free(struct handle *h)
{
	if (!h)
		return;
	listing_clear(h);
	tb_free(&h->text);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

int listing_add(struct handle *h, const char *name, uint64_t ino,
		mode_t mode)
{
	struct dir_entry *e =
	    realloc(h->entries, (h->n_entries + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	h->entries = e;
	e[h->n_entries].name = strdup(name);
	if (!e[h->n_entries].name)
		return -ENOMEM;
	e[h->n_entries].ino = ino;
	e[h->n_entries].mode = mode;
	h->n_entries++;
	return 0;
}

/* The whole listing of the directory n, taken when reading from 0. */
static int listing_fill(struct burnfs *fs, const struct node *n,
			struct handle *h)
{
	struct node parent = {.kind = n->kind == N_DRIVE ? N_ROOT : N_DRIVE,
			      .drive = n->drive};
	int rc;
	listing_clear(h);
	rc = listing_add(h, ".", node_ino(n), S_IFDIR);
	if (rc == 0)
		rc = listing_add(h, "..",
				 n->kind == N_ROOT ? INO_ROOT
						   : node_ino(&parent),
				 S_IFDIR);
	if (rc < 0)
		return rc;
	switch (n->kind) {
	case N_ROOT:
		for (size_t i = 0; i < fs->n_drives && rc == 0; i++)
			rc = listing_add(
			    h, drive_name(fs->drives[i]),
			    ino_make(INO_DRIVE_DIR, (uint32_t)i, 0), S_IFDIR);
		return rc;
	case N_DRIVE: {
		struct node c = *n;
		c.kind = N_TRACKS;
		rc = listing_add(h, "tracks", node_ino(&c), S_IFDIR);
		c.kind = N_DISC;
		if (rc == 0)
			rc = listing_add(h, "disc", node_ino(&c), S_IFDIR);
		for (size_t i = 0; i < n_drive_files && rc == 0; i++) {
			if (!drive_file_exists(n->d, i))
				continue;
			rc = listing_add(h, drive_files[i].name,
					 ino_make(INO_DRIVE_FILE,
						  (uint32_t)n->drive,
						  (uint32_t)i),
					 drive_file_mode(drive_files[i].kind));
		}
		return rc;
	}
	case N_DISC:
		return disc_readdir(fs, n, h);
	default:
		return tracks_readdir(fs, n, h);
	}
}

static void op_opendir(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	struct node n;
	int rc = resolve_ino(fs_of(req), ino, &n);
	if (rc == 0 && !is_dir(n.kind))
		rc = -ENOTDIR;
	struct handle *h = rc == 0 ? handle_new(&n) : NULL;
	if (rc == 0 && !h)
		rc = -ENOMEM;
	if (rc < 0) {
		reply_rc(req, rc);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0)
		handle_free(h); /* interrupted: no releasedir will come */
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size,
		       off_t off, struct fuse_file_info *fi)
{
	struct burnfs *fs = fs_of(req);
	struct handle *h = handle_of(fi);
	struct node n;
	int rc = resolve_ino(fs, ino, &n);
	char *buf = malloc(size ? size : 1);
	if (rc == 0 && (!h || !buf))
		rc = !h ? -EBADF : -ENOMEM;
	if (rc < 0) {
		free(buf);
		reply_rc(req, rc);
		return;
	}
	size_t used = 0;
	pthread_mutex_lock(&h->lock);
	if (off == 0 || !h->entries)
		rc = listing_fill(fs, &n, h);
	for (size_t i = off > 0 ? (size_t)off : 0;
	     rc == 0 && i < h->n_entries; i++) {
		struct stat st = {.st_ino = h->entries[i].ino,
				  .st_mode = h->entries[i].mode};
		size_t need =
		    fuse_add_direntry(req, buf + used, size - used,
				      h->entries[i].name, &st, (off_t)i + 1);
		if (need > size - used)
			break;
		used += need;
	}
	pthread_mutex_unlock(&h->lock);
	if (rc < 0)
		reply_rc(req, rc);
	else
		fuse_reply_buf(req, buf, used);
	free(buf);
}

static void op_releasedir(fuse_req_t req, fuse_ino_t ino,
			  struct fuse_file_info *fi)
{
	(void)ino;
	handle_free(handle_of(fi));
	fuse_reply_err(req, 0);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
		     mode_t mode)
{
	(void)parent;
	(void)name;
	(void)mode;
	fuse_reply_err(req, EACCES);
}

static void op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	(void)parent;
	(void)name;
	fuse_reply_err(req, EACCES);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct burnfs *fs = fs_of(req);
	struct statvfs out;
	struct node n;
	if (resolve_ino(fs, ino, &n) < 0 || n.kind == N_ROOT) {
		/* The mount point: every drive together. */
		memset(&out, 0, sizeof(out));
		out.f_bsize = out.f_frsize = 2352;
		out.f_namemax = 255;
		for (size_t i = 0; i < fs->n_drives; i++) {
			struct statvfs one;
			drive_statfs(fs->drives[i], &one);
			out.f_blocks += one.f_blocks;
			out.f_bfree += one.f_bfree;
			out.f_bavail += one.f_bavail;
			out.f_files += one.f_files;
			out.f_ffree += one.f_ffree;
			out.f_favail += one.f_favail;
		}
	} else {
		drive_statfs(n.d, &out);
	}
	fuse_reply_statfs(req, &out);
}

/* ---- files -------------------------------------------------------------- */

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct burnfs *fs = fs_of(req);
	struct node n;
	int rc = resolve_ino(fs, ino, &n);
	if (rc == 0 && is_dir(n.kind))
		rc = -EISDIR;
	if (rc < 0)
		reply_rc(req, rc);
	else if (n.kind == N_TRACK)
		tracks_open(req, fs, &n, fi);
	else
		files_open(req, fs, &n, fi);
}

/* create and mknod: only a new file in tracks/ can be made. */
static void make_file(fuse_req_t req, fuse_ino_t parent, const char *name,
		      mode_t mode, struct fuse_file_info *fi, bool mknod)
{
	struct burnfs *fs = fs_of(req);
	struct node p, n;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc = is_dir(p.kind) ? resolve_child(fs, &p, name, &n)
				    : -ENOTDIR;
	if (rc == -ENOENT)
		rc = -EACCES;
	else if (rc == 0 && (n.kind == N_DISC || n.kind == N_DISC_TRACK))
		rc = -EROFS;
	else if (rc == 0 && n.kind != N_TRACK)
		rc = is_dir(n.kind) ? -EEXIST : -EACCES;
	if (rc < 0)
		reply_rc(req, rc);
	else
		tracks_create(req, fs, &n, mode, fi, mknod);
}

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name,
		      mode_t mode, struct fuse_file_info *fi)
{
	make_file(req, parent, name, mode, fi, false);
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
		     mode_t mode, dev_t rdev)
{
	struct fuse_file_info fi;
	(void)rdev;
	if (!S_ISREG(mode)) {
		fuse_reply_err(req, ENOSYS); /* no fifos, sockets, devices */
		return;
	}
	memset(&fi, 0, sizeof(fi));
	fi.flags = O_CREAT | O_EXCL | O_WRONLY;
	make_file(req, parent, name, mode, &fi, true);
}

static void op_release(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	if (h && h->kind == N_TRACK)
		staging_release(drive_staging(h->d), h->track, h->writable);
	if (h && h->reader)
		progress_reader_close(h->reader);
	if (h)
		disc_file_close(h->disc);
	handle_free(h);
	fuse_reply_err(req, 0);
}

static void op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	reply_rc(req, h && h->kind == N_TRACK ? tracks_flush(fs_of(req), h) : 0);
}

static void op_fsync(fuse_req_t req, fuse_ino_t ino, int datasync,
		     struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	reply_rc(req, h && h->kind == N_TRACK
			  ? staging_fsync(drive_staging(h->d), h->track,
					  datasync != 0)
			  : 0);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	if (!h) {
		fuse_reply_err(req, EBADF);
		return;
	}
	if (h->kind != N_TRACK) {
		files_read(req, fs_of(req), h, size, off);
		return;
	}
	char *buf = malloc(size ? size : 1);
	ssize_t n = buf ? staging_read(drive_staging(h->d), h->track, buf,
				       size, off)
			: -ENOMEM;
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		     size_t size, off_t off, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	ssize_t n;
	(void)ino;
	if (!h)
		n = -EBADF;
	else if (h->kind == N_TRACK)
		n = staging_write(drive_staging(h->d), h->track, buf, size,
				  off);
	else
		n = files_write(req, h, buf, size);
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_write(req, (size_t)n);
}

static void op_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		    struct fuse_pollhandle *ph)
{
	(void)ino;
	files_poll(req, handle_of(fi), ph);
}

/* ---- names -------------------------------------------------------------- */

/* The child name of parent, for unlink and rename. */
static int child(struct burnfs *fs, fuse_ino_t parent, const char *name,
		 struct node *n)
{
	struct node p;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc = is_dir(p.kind) ? resolve_child(fs, &p, name, n) : -ENOENT;
	return rc;
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct burnfs *fs = fs_of(req);
	struct node n;
	int rc = child(fs, parent, name, &n);
	if (rc == 0 && n.kind == N_DISC_TRACK)
		rc = -EROFS;
	else if (rc == 0 && n.kind != N_TRACK)
		rc = -EACCES;
	else if (rc == 0)
		rc = tracks_unlink(fs, &n);
	reply_rc(req, rc);
}

static void op_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
		      fuse_ino_t newparent, const char *newname,
		      unsigned int flags)
{
	struct burnfs *fs = fs_of(req);
	struct node a, b;
	int rc = child(fs, parent, name, &a);
	if (rc < 0) {
		reply_rc(req, rc);
		return;
	}
	rc = child(fs, newparent, newname, &b);
	if (rc < 0 && rc != -ENOENT)
		; /* as it is */
	else if (a.kind != N_TRACK)
		rc = -EACCES;
	else if (rc == -ENOENT || b.kind != N_TRACK)
		rc = rc == -ENOENT ? -ENOENT : -EACCES;
	else if (a.d != b.d)
		rc = -EXDEV; /* mv copies, then removes */
	else
		rc = tracks_rename(fs, &a, &b, flags);
	reply_rc(req, rc);
}

/* ---- extended attributes ------------------------------------------------ */

static void xattr(fuse_req_t req, fuse_ino_t ino, int op, const char *attr,
		  const char *value, size_t size, int flags)
{
	struct burnfs *fs = fs_of(req);
	struct node n;
	int rc = resolve_ino(fs, ino, &n);
	if (rc == 0 && n.kind == N_TRACK) {
		tracks_xattr(req, fs, &n, op, attr, value, size, flags);
		return;
	}
	if (rc == 0 && op == XATTR_LIST) { /* no attributes */
		if (size == 0)
			fuse_reply_xattr(req, 0);
		else
			fuse_reply_buf(req, NULL, 0);
		return;
	}
	if (rc == 0)
		rc = op == XATTR_SET ? -ENOTSUP : -ENODATA;
	reply_rc(req, rc);
}

static void op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
			const char *value, size_t size, int flags)
{
	xattr(req, ino, XATTR_SET, name, value, size, flags);
}

static void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
			size_t size)
{
	xattr(req, ino, XATTR_GET, name, NULL, size, 0);
}

static void op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	xattr(req, ino, XATTR_LIST, NULL, NULL, size, 0);
}

static void op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	xattr(req, ino, XATTR_REMOVE, name, NULL, 0, 0);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void op_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	/* Write errors must come back from write(), not from close(). */
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	/* Staging is a stream of large writes: take them 1 MiB at a time
	 * (the kernel's limit) instead of 128 KiB. */
	conn->max_write = 1 << 20;
}

const struct fuse_lowlevel_ops burnfs_ll_ops = {
    .init = op_init,
    .lookup = op_lookup,
    .forget = op_forget,
    .forget_multi = op_forget_multi,
    .getattr = op_getattr,
    .setattr = op_setattr,
    .opendir = op_opendir,
    .readdir = op_readdir,
    .releasedir = op_releasedir,
    .mkdir = op_mkdir,
    .rmdir = op_rmdir,
    .mknod = op_mknod,
    .statfs = op_statfs,
    .open = op_open,
    .create = op_create,
    .release = op_release,
    .flush = op_flush,
    .fsync = op_fsync,
    .read = op_read,
    .write = op_write,
    .poll = op_poll,
    .unlink = op_unlink,
    .rename = op_rename,
    .setxattr = op_setxattr,
    .getxattr = op_getxattr,
    .listxattr = op_listxattr,
    .removexattr = op_removexattr,
};

int burnfs_fuse_setup(struct burnfs *fs)
{
	struct burnfs_fuse *ll = calloc(1, sizeof(*ll));
	if (!ll)
		return -ENOMEM;
	fs->ll = ll;
	ll->inodes = inode_table_new();
	ll->hooks = calloc(fs->n_drives + 1, sizeof(*ll->hooks));
	ll->tracks_mtime = calloc(fs->n_drives + 1, sizeof(*ll->tracks_mtime));
	if (!ll->inodes || !ll->hooks || !ll->tracks_mtime ||
	    fs->n_drives >= INO_MAX_DRIVES ||
	    pthread_mutex_init(&ll->time_lock, NULL) != 0) {
		inode_table_free(ll->inodes);
		free(ll->hooks);
		free(ll->tracks_mtime);
		free(ll);
		fs->ll = NULL;
		return -ENOMEM;
	}
	pthread_mutex_init(&ll->wait_lock, NULL);
	pthread_mutex_init(&ll->inval_lock, NULL);
	pthread_cond_init(&ll->inval_cond, NULL);
	ll->inval_tail = &ll->inval_head;
	for (size_t i = 0; i < fs->n_drives; i++) {
		ll->tracks_mtime[i] = fs->mount_time;
		ll->hooks[i].fs = fs;
		ll->hooks[i].drive = i;
		status_watch_set_hooks(drive_status_watch(fs->drives[i]),
				       progress_serve, tracks_gone_hook,
				       &ll->hooks[i]);
	}
	return 0;
}

int burnfs_fuse_start(struct burnfs *fs, struct fuse_session *se)
{
	return inval_start(fs, se);
}

void burnfs_fuse_stop(struct burnfs *fs)
{
	if (!fs->ll)
		return;
	progress_stop(fs);
	inval_stop(fs);
}

void burnfs_fuse_free(struct burnfs *fs)
{
	struct burnfs_fuse *ll = fs->ll;
	if (!ll)
		return;
	for (size_t i = 0; i < fs->n_drives; i++)
		status_watch_set_hooks(drive_status_watch(fs->drives[i]), NULL,
				       NULL, NULL);
	inode_table_free(ll->inodes);
	free(ll->hooks);
	free(ll->tracks_mtime);
	pthread_mutex_destroy(&ll->time_lock);
	pthread_mutex_destroy(&ll->wait_lock);
	pthread_mutex_destroy(&ll->inval_lock);
	pthread_cond_destroy(&ll->inval_cond);
	free(ll);
	fs->ll = NULL;
}
