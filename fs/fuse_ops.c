/*
 * fuse_ops.c - the dispatch of the low-level FUSE operations (see
 * fuse_ops.h): an inode number, or a parent and a name, becomes a node;
 * the node's kind picks the drive's files (fuse_drive_files.c) or
 * tracks/ (fuse_tracks.c).  Directories, attributes, statfs and the
 * lookup counts live here.  Errors are replied as errno values.  The
 * requests of the announcer's own calls on the mount (fuse_live.c) are
 * answered first, by fuse_live.c.
 */
#include "fuse_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuse_node.h"

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct burnfs *fs = fs_of(req);
	struct node p, n;
	struct stat st;
	if (live_lookup(req, parent, name))
		return;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc =
		    is_dir(p.kind) ? resolve_child(fs, &p, name, &n) : -ENOTDIR;
	if (rc == 0)
		rc = node_stat(fs, &n, NULL, &st);
	if (rc < 0) {
		reply_rc(req, rc);
		return;
	}
	if (p.kind == N_TRACKS) /* a name a burn may take away */
		live_told(fs, p.drive, name, &st);
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
	live_getattr(req, ino);
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
	if ((to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) &&
	    chown_to_same_owner(fs, attr, to_set) < 0)
		return -EPERM;
	if (to_set & FUSE_SET_ATTR_SIZE) {
		switch (n->kind) {
		case N_CONTROL:
		case N_COMMIT:
		case N_CANCEL:
		case N_ACTION: /* `>` truncates first */
			if (attr->st_size != 0) {
				drive_log_add(drive_log_of(n->d),
					      "%s: cannot be truncated to %lld "
					      "bytes: write a value instead",
					      drive_files[n->file].name,
					      (long long)attr->st_size);
				return -EINVAL;
			}
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
	else if (rc == 0 && n.kind == N_FOLDER)
		rc = folder_setattr(fs, &n, attr, to_set);
	else if (rc == 0 && is_trash(n.kind))
		rc = trash_setattr(fs, &n, h, attr, to_set);
	else if (rc == 0)
		rc = fixed_setattr(fs, &n, attr, to_set);
	if (rc == 0)
		rc = node_stat(fs, &n, h, &st);
	if (rc < 0)
		reply_rc(req, rc);
	else
		fuse_reply_attr(req, &st, 0);
}

/* Folders can be made in tracks/ and its folders only. */
static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
		     mode_t mode)
{
	struct burnfs *fs = fs_of(req);
	struct node p;
	struct stat st;
	int rc = resolve_ino(fs, parent, &p);
	if (rc < 0) {
		reply_rc(req, rc);
	} else if (p.kind == N_ROOT || is_trash(p.kind)) {
		rc = trash_mkdir(req, fs, &p, name, &st);
		if (rc < 0) {
			reply_rc(req, rc);
		} else {
			show_attrs(fs, &st);
			reply_entry(req, fs, &st);
		}
	} else {
		tracks_mkdir(req, fs, &p, name, mode);
	}
}

static void op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct burnfs *fs = fs_of(req);
	struct node p;
	if (live_remove(req, parent, name))
		return;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0 && is_trash(p.kind))
		rc = trash_unlink(req, fs, &p, name, true);
	else if (rc == 0)
		rc = tracks_rmdir(fs, &p, name);
	reply_rc(req, rc);
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
	else if (n.kind == N_TRASH_INFO_FILE)
		trash_open(req, fs, &n, fi);
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
	if (rc == 0 && is_trash(p.kind)) {
		trash_create(req, fs, &p, name, mode, fi);
		return;
	}
	if (rc == 0)
		rc =
		    is_dir(p.kind) ? resolve_child(fs, &p, name, &n) : -ENOTDIR;
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

/*
 * A fifo, socket, device or symbolic link: ENOSYS, as before, with a
 * line in the log of the drive whose tracks/ it was meant for.
 */
static void refuse_special(fuse_req_t req, fuse_ino_t parent, const char *name,
			   const char *what)
{
	struct node n;
	if (resolve_ino(fs_of(req), parent, &n) == 0 &&
	    (n.kind == N_TRACKS || n.kind == N_FOLDER))
		drive_log_add(drive_log_of(n.d),
			      "%s: refused: %s cannot be staged, only regular "
			      "audio files",
			      name, what);
	fuse_reply_err(req, ENOSYS);
}

static void op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
		       const char *name)
{
	(void)link;
	refuse_special(req, parent, name, "a symbolic link");
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
		     mode_t mode, dev_t rdev)
{
	struct fuse_file_info fi;
	(void)rdev;
	if (S_ISREG(mode) && live_mknod(req, parent, name))
		return;
	if (!S_ISREG(mode)) {
		/* no fifos, sockets, devices */
		refuse_special(req, parent, name, "a fifo, socket or device");
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
	/* an info file of the trash: handle_free closes its fd */
	if (h)
		disc_file_close(h->disc);
	handle_free(h);
	fuse_reply_err(req, 0);
}

static void op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	reply_rc(req,
		 h && h->kind == N_TRACK ? tracks_flush(fs_of(req), h) : 0);
}

static void op_fsync(fuse_req_t req, fuse_ino_t ino, int datasync,
		     struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)ino;
	if (h && h->kind == N_TRASH_INFO_FILE) {
		int rc = datasync ? fdatasync(h->fd) : fsync(h->fd);
		reply_rc(req, rc < 0 ? -errno : 0);
		return;
	}
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
	if (h->kind != N_TRACK && h->kind != N_TRASH_INFO_FILE) {
		files_read(req, fs_of(req), h, size, off);
		return;
	}
	char *buf = malloc(size ? size : 1);
	ssize_t n =
	    !buf ? -ENOMEM
	    : h->kind == N_TRASH_INFO_FILE
		? pread(h->fd, buf, size, off)
		: staging_read(drive_staging(h->d), h->track, buf, size, off);
	if (n < 0 && h->kind == N_TRASH_INFO_FILE && buf)
		n = -errno;
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
	else if (h->kind == N_TRASH_INFO_FILE)
		n = pwrite(h->fd, buf, size, off) < 0 ? -errno : (ssize_t)size;
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
	struct node n, p;
	if (live_remove(req, parent, name))
		return;
	if (resolve_ino(fs, parent, &p) == 0 && is_trash(p.kind)) {
		reply_rc(req, trash_unlink(req, fs, &p, name, false));
		return;
	}
	int rc = child(fs, parent, name, &n);
	if (rc == 0 && n.kind == N_DISC_TRACK)
		rc = -EROFS;
	else if (rc == 0 && n.kind == N_FOLDER)
		rc = -EISDIR;
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
	int rc = trash_rename(req, fs, parent, name, newparent, newname, flags);
	if (rc != -ENOSYS) {
		reply_rc(req, rc);
		return;
	}
	rc = child(fs, parent, name, &a);
	if (rc < 0) {
		reply_rc(req, rc);
		return;
	}
	rc = child(fs, newparent, newname, &b);
	if (rc < 0 && rc != -ENOENT) {
		reply_rc(req, rc);
		return;
	}
	bool a_staged = a.kind == N_TRACK || a.kind == N_FOLDER;
	bool b_staged = b.kind == N_TRACK || b.kind == N_FOLDER;
	if (!a_staged)
		rc = -EACCES;
	else if (rc == -ENOENT || !b_staged)
		rc = rc == -ENOENT ? -ENOENT : -EACCES;
	else if (a.d != b.d)
		rc = -EXDEV; /* mv copies, then removes */
	else
		rc = tracks_rename(fs, &a, &b, flags);
	struct stat st;
	/* The kernel keeps the entry under its new name. */
	if (rc == 0 && a.folder == 0)
		live_untold(fs, a.drive, name);
	if (rc == 0 && child(fs, newparent, newname, &b) == 0 &&
	    (b.kind == N_TRACK || b.kind == N_FOLDER) && b.folder == 0 &&
	    node_stat(fs, &b, NULL, &st) == 0)
		live_told(fs, b.drive, newname, &st);
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
    .opendir = dirs_opendir,
    .readdir = dirs_readdir,
    .releasedir = dirs_releasedir,
    .mkdir = op_mkdir,
    .rmdir = op_rmdir,
    .mknod = op_mknod,
    .symlink = op_symlink,
    .statfs = dirs_statfs,
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

static void free_state(struct burnfs_fuse *ll, int locks)
{
	inode_table_free(ll->inodes);
	free(ll->hooks);
	free(ll->tracks_mtime);
	free(ll->disc_mtime);
	if (locks > 0)
		pthread_mutex_destroy(&ll->time_lock);
	if (locks > 1)
		pthread_mutex_destroy(&ll->inval_lock);
	if (locks > 2)
		pthread_cond_destroy(&ll->inval_cond);
	free(ll);
}

/* *locks counts the locks made, for free_state. */
static int init_locks(struct burnfs_fuse *ll, int *locks)
{
	if (pthread_mutex_init(&ll->time_lock, NULL) != 0)
		return -1;
	(*locks)++;
	if (pthread_mutex_init(&ll->inval_lock, NULL) != 0)
		return -1;
	(*locks)++;
	if (pthread_cond_init(&ll->inval_cond, NULL) != 0)
		return -1;
	(*locks)++;
	return 0;
}

int burnfs_fuse_setup(struct burnfs *fs)
{
	struct burnfs_fuse *ll = calloc(1, sizeof(*ll));
	if (!ll || fs->n_drives >= INO_MAX_DRIVES) {
		free(ll);
		return -ENOMEM;
	}
	int locks = 0;
	ll->inodes = inode_table_new();
	ll->hooks = calloc(fs->n_drives + 1, sizeof(*ll->hooks));
	ll->tracks_mtime = calloc(fs->n_drives + 1, sizeof(*ll->tracks_mtime));
	ll->disc_mtime = calloc(fs->n_drives + 1, sizeof(*ll->disc_mtime));
	if (!ll->inodes || !ll->hooks || !ll->tracks_mtime || !ll->disc_mtime ||
	    init_locks(ll, &locks) < 0) {
		free_state(ll, locks);
		return -ENOMEM;
	}
	ll->inval_tail = &ll->inval_head;
	fs->ll = ll;
	if (live_setup(fs) < 0) {
		fs->ll = NULL;
		free_state(ll, locks);
		return -ENOMEM;
	}
	if (trash_setup(fs) < 0) {
		live_free(fs);
		fs->ll = NULL;
		free_state(ll, locks);
		return -ENOMEM;
	}
	for (size_t i = 0; i < fs->n_drives; i++) {
		ll->tracks_mtime[i] = ll->disc_mtime[i] = fs->mount_time;
		ll->hooks[i].fs = fs;
		ll->hooks[i].drive = i;
	}
	drive_hooks_attach(fs);
	return 0;
}

int burnfs_fuse_start(struct burnfs *fs, struct fuse_session *se,
		      const char *mountpoint)
{
	live_set_mount(fs, mountpoint);
	return inval_start(fs, se);
}

void burnfs_fuse_unmounting(struct burnfs *fs)
{
	if (!fs->ll)
		return;
	live_unmounting(fs);
	/* Its last notification is written before the device closes. */
	inval_quiesce(fs, 2000);
}

void burnfs_fuse_stop(struct burnfs *fs)
{
	if (!fs->ll)
		return;
	live_unmounting(fs);
	inval_stop(fs);
}

void burnfs_fuse_free(struct burnfs *fs)
{
	if (!fs->ll)
		return;
	handles_close_all();
	drive_hooks_detach(fs);
	trash_free(fs);
	live_free(fs);
	free_state(fs->ll, 3);
	fs->ll = NULL;
}
