/*
 * fuse_ops.c - the FUSE operations (see fuse_ops.h).  Every handler
 * resolves its path (or its open handle) to a node, then calls the
 * drive or its staging area; errors come back as -errno.
 */
#include "fuse_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disc_dir.h"
#include "drive_actions.h"
#include "drive_log.h"
#include "names.h"

/* How often a blocked `progress` read checks for Ctrl-C and unmount. */
#define PROGRESS_POLL_NS 50000000L

enum node_kind {
	N_ROOT,
	N_DRIVE,
	N_TRACKS,
	N_TRACK,
	N_TEXT, /* info, media, toc, speeds, status, log */
	N_PROGRESS,
	N_CONTROL,
	N_COMMIT,
	N_CANCEL,
	N_ACTION,     /* eject, blank, load: arg is enum drive_action */
	N_DISC,	      /* disc/: the disc's tracks (disc_dir.c) */
	N_DISC_TRACK, /* disc/NN.wav */
};

struct node {
	enum node_kind kind;
	struct drive *d;
	const char *name; /* N_TRACK: the name in tracks/ */
	int arg;	  /* N_TEXT: enum drive_text; N_CONTROL: control_key */
};

static const struct {
	const char *name;
	enum node_kind kind;
	int arg;
} drive_files[] = {
    {"info", N_TEXT, DRIVE_TEXT_INFO},
    {"media", N_TEXT, DRIVE_TEXT_MEDIA},
    {"toc", N_TEXT, DRIVE_TEXT_TOC},
    {"toc.cue", N_TEXT, DRIVE_TEXT_TOC_CUE},
    {"speeds", N_TEXT, DRIVE_TEXT_SPEEDS},
    {"status", N_TEXT, DRIVE_TEXT_STATUS},
    {"progress", N_PROGRESS, 0},
    {"log", N_TEXT, DRIVE_TEXT_LOG},
    {"do_not_finalize", N_CONTROL, CONTROL_DO_NOT_FINALIZE},
    {"keep_session_open", N_CONTROL, CONTROL_KEEP_SESSION_OPEN},
    {"test_write", N_CONTROL, CONTROL_TEST_WRITE},
    {"buffer_underrun_protection", N_CONTROL,
     CONTROL_BUFFER_UNDERRUN_PROTECTION},
    {"write_speed", N_CONTROL, CONTROL_WRITE_SPEED},
    {"mcn", N_CONTROL, CONTROL_MCN},
    {"verify", N_CONTROL, CONTROL_VERIFY},
    {"commit", N_COMMIT, 0},
    {"cancel", N_CANCEL, 0},
    {"eject", N_ACTION, DRIVE_ACTION_EJECT},
    {"blank", N_ACTION, DRIVE_ACTION_BLANK},
    {"load", N_ACTION, DRIVE_ACTION_LOAD}, /* virtual recorders only */
};
#define N_DRIVE_FILES (sizeof(drive_files) / sizeof(drive_files[0]))

/* An open file. */
struct handle {
	enum node_kind kind;
	struct drive *d;
	int arg;
	bool writable;
	struct track *track;		/* N_TRACK */
	struct textbuf text;		/* N_TEXT: rendered at open */
	struct progress_reader *reader; /* N_PROGRESS */
	struct disc_file *disc;		/* N_DISC_TRACK */
	uint64_t seen;			/* status: change counter rendered */
};

static struct burnfs *ctx(void)
{
	return fuse_get_context()->private_data;
}

static struct handle *handle_of(struct fuse_file_info *fi)
{
	return fi ? (struct handle *)(uintptr_t)fi->fh : NULL;
}

/* Length of the first component of p (no leading '/'). */
static size_t component(const char *p)
{
	return strcspn(p, "/");
}

/* `load` exists only for virtual recorders. */
static bool file_exists(const struct drive *d, size_t i)
{
	return !(drive_files[i].kind == N_ACTION &&
		 drive_files[i].arg == DRIVE_ACTION_LOAD &&
		 !drive_is_virtual(d));
}

static int resolve(const char *path, struct node *n)
{
	struct burnfs *fs = ctx();
	memset(n, 0, sizeof(*n));
	if (!path || path[0] != '/')
		return -ENOENT;
	const char *p = path + 1;
	if (*p == '\0') {
		n->kind = N_ROOT;
		return 0;
	}
	size_t len = component(p);
	for (size_t i = 0; i < fs->n_drives; i++) {
		const char *name = drive_name(fs->drives[i]);
		if (strlen(name) == len && memcmp(name, p, len) == 0)
			n->d = fs->drives[i];
	}
	if (!n->d)
		return -ENOENT;
	p += len;
	if (*p == '\0') {
		n->kind = N_DRIVE;
		return 0;
	}
	p++;
	len = component(p);
	if (len == 4 && memcmp(p, "disc", 4) == 0) {
		p += len;
		if (*p == '\0') {
			n->kind = N_DISC;
			return 0;
		}
		p++;
		if (*p == '\0' || strchr(p, '/'))
			return -ENOENT;
		n->kind = N_DISC_TRACK;
		n->name = p;
		return 0;
	}
	if (len == 6 && memcmp(p, "tracks", 6) == 0) {
		p += len;
		if (*p == '\0') {
			n->kind = N_TRACKS;
			return 0;
		}
		p++;
		if (*p == '\0' || strchr(p, '/'))
			return -ENOENT;
		/* The spool keeps names of at most NAME_MAX bytes. */
		if (strlen(p) > NAME_MAX)
			return -ENAMETOOLONG;
		n->kind = N_TRACK;
		n->name = p;
		return 0;
	}
	if (p[len] != '\0')
		return -ENOENT;
	for (size_t i = 0; i < N_DRIVE_FILES; i++) {
		if (!file_exists(n->d, i))
			continue;
		if (strcmp(p, drive_files[i].name) == 0) {
			n->kind = drive_files[i].kind;
			n->arg = drive_files[i].arg;
			return 0;
		}
	}
	return -ENOENT;
}

static mode_t file_mode(enum node_kind k)
{
	switch (k) {
	case N_CONTROL:
		return S_IFREG | 0664;
	case N_COMMIT:
	case N_CANCEL:
	case N_ACTION:
		return S_IFREG | 0220;
	default:
		return S_IFREG | 0444;
	}
}

static void fill_fixed(struct stat *st, mode_t mode)
{
	struct burnfs *fs = ctx();
	memset(st, 0, sizeof(*st));
	st->st_mode = mode;
	st->st_nlink = S_ISDIR(mode) ? 2 : 1;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
	st->st_blksize = 4096;
}

/* ---- attributes and directories ---------------------------------------- */

static int op_getattr(const char *path, struct stat *st,
		      struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	if (h && h->kind == N_TRACK)
		return staging_getattr(drive_staging(h->d), NULL, h->track, st);
	if (h) {
		fill_fixed(st, file_mode(h->kind));
		st->st_gid = drive_group(h->d);
		if (h->disc)
			st->st_size = disc_file_size(h->disc);
		return 0;
	}
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc;
	switch (n.kind) {
	case N_ROOT:
	case N_DRIVE:
		fill_fixed(st, S_IFDIR | 0755);
		if (n.kind == N_DRIVE)
			st->st_gid = drive_group(n.d);
		return 0;
	case N_TRACKS:
		fill_fixed(st, S_IFDIR | 0755);
		st->st_gid = drive_group(n.d);
		return 0;
	case N_TRACK:
		return staging_getattr(drive_staging(n.d), n.name, NULL, st);
	case N_DISC:
		fill_fixed(st, S_IFDIR | 0555);
		return 0;
	case N_DISC_TRACK:
		fill_fixed(st, S_IFREG | 0444);
		return disc_dir_getattr(n.d, n.name, st);
	default:
		fill_fixed(st, file_mode(n.kind));
		st->st_gid = drive_group(n.d);
		return 0;
	}
}

struct fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
};

static int fill_track(void *c, const char *name, const struct stat *st)
{
	struct fill_ctx *f = c;
	return f->filler(f->buf, name, st, 0, 0);
}

static int op_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
		      off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	struct node n;
	struct stat st;
	struct handle *h = handle_of(fi);
	(void)off;
	(void)flags;
	if (h) { /* paths are not given to readdir (nullpath_ok) */
		memset(&n, 0, sizeof(n));
		n.kind = h->kind;
		n.d = h->d;
	} else {
		int rc = resolve(path, &n);
		if (rc < 0)
			return rc;
	}
	if (n.kind != N_ROOT && n.kind != N_DRIVE && n.kind != N_TRACKS &&
	    n.kind != N_DISC)
		return -ENOTDIR;
	fill_fixed(&st, S_IFDIR | 0755);
	filler(buf, ".", &st, 0, 0);
	filler(buf, "..", &st, 0, 0);
	if (n.kind == N_ROOT) {
		struct burnfs *fs = ctx();
		for (size_t i = 0; i < fs->n_drives; i++)
			if (filler(buf, drive_name(fs->drives[i]), &st, 0, 0))
				break;
		return 0;
	}
	if (n.kind == N_DRIVE) {
		if (filler(buf, "tracks", &st, 0, 0))
			return 0;
		fill_fixed(&st, S_IFDIR | 0555);
		if (filler(buf, "disc", &st, 0, 0))
			return 0;
		for (size_t i = 0; i < N_DRIVE_FILES; i++) {
			if (!file_exists(n.d, i))
				continue;
			fill_fixed(&st, file_mode(drive_files[i].kind));
			if (filler(buf, drive_files[i].name, &st, 0, 0))
				break;
		}
		return 0;
	}
	struct fill_ctx f = {buf, filler};
	if (n.kind == N_DISC) {
		fill_fixed(&st, S_IFREG | 0444);
		return disc_dir_readdir(n.d, fill_track, &f, &st);
	}
	return staging_readdir(drive_staging(n.d), fill_track, &f);
}

static int op_opendir(const char *path, struct fuse_file_info *fi)
{
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc;
	if (n.kind != N_ROOT && n.kind != N_DRIVE && n.kind != N_TRACKS &&
	    n.kind != N_DISC)
		return -ENOTDIR;
	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->kind = n.kind;
	h->d = n.d;
	tb_init(&h->text);
	fi->fh = (uint64_t)(uintptr_t)h;
	return 0;
}

static int op_releasedir(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	free(handle_of(fi));
	return 0;
}

static int op_mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return -EACCES;
}

static int op_rmdir(const char *path)
{
	(void)path;
	return -EACCES;
}

static int op_statfs(const char *path, struct statvfs *out)
{
	struct node n;
	struct burnfs *fs = ctx();
	if (resolve(path, &n) < 0 || n.kind == N_ROOT) {
		/* The mount point: every drive together. */
		memset(out, 0, sizeof(*out));
		out->f_bsize = out->f_frsize = 2352;
		out->f_namemax = 255;
		for (size_t i = 0; i < fs->n_drives; i++) {
			struct statvfs one;
			drive_statfs(fs->drives[i], &one);
			out->f_blocks += one.f_blocks;
			out->f_bfree += one.f_bfree;
			out->f_bavail += one.f_bavail;
			out->f_files += one.f_files;
			out->f_ffree += one.f_ffree;
			out->f_favail += one.f_favail;
		}
		return 0;
	}
	drive_statfs(n.d, out);
	return 0;
}

/* ---- open, create, release ---------------------------------------------- */

static int set_handle(struct fuse_file_info *fi, struct handle *h)
{
	fi->fh = (uint64_t)(uintptr_t)h;
	return 0;
}

static int op_open(const char *path, struct fuse_file_info *fi)
{
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc;
	int acc = fi->flags & O_ACCMODE;
	bool writable = acc != O_RDONLY;
	bool readable = acc != O_WRONLY;

	switch (n.kind) {
	case N_ROOT:
	case N_DRIVE:
	case N_TRACKS:
	case N_DISC:
		return -EISDIR;
	case N_TEXT:
	case N_PROGRESS:
		if (writable)
			return -EACCES;
		break;
	case N_COMMIT:
	case N_CANCEL:
	case N_ACTION:
		if (readable)
			return -EACCES;
		break;
	default:
		break;
	}
	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->kind = n.kind;
	h->d = n.d;
	h->arg = n.arg;
	h->writable = writable;
	tb_init(&h->text);
	switch (n.kind) {
	case N_TRACK:
		rc = staging_open(drive_staging(n.d), n.name, fi->flags, 0,
				  false, false, &h->track);
		fi->direct_io = writable;
		break;
	case N_DISC_TRACK:
		rc = disc_file_open(n.d, n.name, fi->flags, &h->disc);
		break;
	case N_TEXT:
		h->seen = status_watch_gen(drive_status_watch(n.d));
		drive_render(n.d, n.arg, &h->text);
		if (tb_failed(&h->text))
			rc = -ENOMEM;
		fi->direct_io = 1;
		break;
	case N_PROGRESS:
		h->reader = progress_reader_open(drive_progress(n.d));
		if (!h->reader)
			rc = -ENOMEM;
		fi->direct_io = 1;
		fi->nonseekable = 1;
		break;
	default:
		fi->direct_io = 1;
		break;
	}
	if (rc < 0) {
		tb_free(&h->text);
		free(h);
		return rc;
	}
	return set_handle(fi, h);
}

static int op_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc == -ENOENT ? -EACCES : rc;
	if (n.kind == N_DISC || n.kind == N_DISC_TRACK)
		return -EROFS;
	if (n.kind != N_TRACK)
		return n.kind == N_DRIVE || n.kind == N_ROOT ||
			       n.kind == N_TRACKS
			   ? -EEXIST
			   : -EACCES;
	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->kind = N_TRACK;
	h->d = n.d;
	h->writable = (fi->flags & O_ACCMODE) != O_RDONLY;
	tb_init(&h->text);
	rc = staging_open(drive_staging(n.d), n.name, fi->flags, mode, true,
			  (fi->flags & O_EXCL) != 0, &h->track);
	fi->direct_io = h->writable;
	if (rc < 0) {
		free(h);
		return rc;
	}
	return set_handle(fi, h);
}

static int op_release(const char *path, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)path;
	if (!h)
		return 0;
	if (h->kind == N_TRACK)
		staging_release(drive_staging(h->d), h->track, h->writable);
	if (h->reader)
		progress_reader_close(h->reader);
	disc_file_close(h->disc);
	tb_free(&h->text);
	free(h);
	return 0;
}

static int op_flush(const char *path, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)path;
	if (h && h->kind == N_TRACK)
		return staging_flush(drive_staging(h->d), h->track,
				     h->writable);
	return 0;
}

static int op_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	(void)path;
	if (h && h->kind == N_TRACK)
		return staging_fsync(drive_staging(h->d), h->track,
				     datasync != 0);
	return 0;
}

/* ---- read and write ----------------------------------------------------- */

static int copy_out(const char *src, size_t len, char *buf, size_t size,
		    off_t off)
{
	if (off < 0 || (size_t)off >= len)
		return 0;
	size_t n = len - (size_t)off;
	if (n > size)
		n = size;
	memcpy(buf, src + off, n);
	return (int)n;
}

static int read_progress(struct handle *h, char *buf, size_t size)
{
	struct fuse_session *se = fuse_get_session(fuse_get_context()->fuse);
	/*
	 * Wait in short steps so that Ctrl-C on the reader and an unmount
	 * are noticed; the feed wakes nobody for those.
	 */
	while (!progress_reader_ready(h->reader)) {
		if (fuse_interrupted())
			return -EINTR;
		if (se && fuse_session_exited(se))
			return 0;
		struct timespec ts = {0, PROGRESS_POLL_NS};
		nanosleep(&ts, NULL);
	}
	ssize_t n = progress_reader_read(h->reader, buf, size);
	return (int)n;
}

/*
 * A poller reads status again from offset 0 (pread, or lseek and read)
 * after each wake-up: it gets the status as it is now.
 */
static void rerender_status(struct handle *h)
{
	struct textbuf tb;
	tb_init(&tb);
	uint64_t gen = status_watch_gen(drive_status_watch(h->d));
	drive_render(h->d, DRIVE_TEXT_STATUS, &tb);
	if (tb_failed(&tb)) {
		tb_free(&tb);
		return;
	}
	tb_free(&h->text);
	h->text = tb;
	h->seen = gen;
}

/*
 * poll(2): status is readable once it changed since it was last read
 * (and a waiting poller is woken on every change); progress when a line
 * or the end of the stream can be read; everything else always.
 */
static int op_poll(const char *path, struct fuse_file_info *fi,
		   struct fuse_pollhandle *ph, unsigned *reventsp)
{
	struct handle *h = handle_of(fi);
	(void)path;
	if (!h) {
		if (ph)
			fuse_pollhandle_destroy(ph);
		return -EBADF;
	}
	struct status_watch *w = drive_status_watch(h->d);
	bool ready;
	if (h->kind == N_TEXT && h->arg == DRIVE_TEXT_STATUS) {
		ready = status_watch_poll(w, h->seen, ph);
	} else if (h->kind == N_PROGRESS) {
		/* Register first, so that a line added meanwhile wakes it. */
		ready = status_watch_poll(w, status_watch_gen(w), ph) ||
			progress_reader_ready(h->reader);
	} else {
		if (ph)
			fuse_pollhandle_destroy(ph);
		ready = true;
	}
	*reventsp = ready ? (POLLIN | POLLRDNORM) : 0;
	if (h->writable)
		*reventsp |= POLLOUT | POLLWRNORM;
	return 0;
}

static int op_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	char val[64];
	(void)path;
	if (!h)
		return -EBADF;
	switch (h->kind) {
	case N_TRACK: {
		ssize_t n =
		    staging_read(drive_staging(h->d), h->track, buf, size, off);
		return (int)n;
	}
	case N_TEXT:
		if (h->arg == DRIVE_TEXT_STATUS && off == 0)
			rerender_status(h);
		return copy_out(h->text.data ? h->text.data : "", h->text.len,
				buf, size, off);
	case N_PROGRESS:
		return read_progress(h, buf, size);
	case N_DISC_TRACK:
		return disc_file_read(h->disc, buf, size, off);
	case N_CONTROL:
		drive_control_read(h->d, h->arg, val, sizeof(val));
		return copy_out(val, strlen(val), buf, size, off);
	default:
		return -EBADF;
	}
}

/* Only "1" (or yes/true/on) starts an action; anything else is EINVAL. */
static bool wants_action(struct handle *h, const char *what, const char *buf,
			 size_t size)
{
	bool b;
	if (control_parse_bool(buf, size, &b) == 0 && b)
		return true;
	drive_log_add(drive_log_of(h->d), "%s: write 1 to %s (nothing done)",
		      what, what);
	return false;
}

static int op_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	int rc;
	(void)path;
	if (!h)
		return -EBADF;
	switch (h->kind) {
	case N_TRACK: {
		ssize_t n = staging_write(drive_staging(h->d), h->track, buf,
					  size, off);
		return (int)n;
	}
	case N_CONTROL:
		rc = drive_control_write(h->d, h->arg, buf, size);
		return rc < 0 ? rc : (int)size;
	case N_COMMIT:
		if (!wants_action(h, "commit", buf, size))
			return -EINVAL;
		rc = drive_commit(h->d, fuse_get_context()->pid);
		return rc < 0 ? rc : (int)size;
	case N_CANCEL:
		if (!wants_action(h, "cancel", buf, size))
			return -EINVAL;
		rc = drive_cancel(h->d);
		return rc < 0 ? rc : (int)size;
	case N_ACTION:
		rc = drive_action(h->d, (enum drive_action)h->arg, buf, size,
				  fuse_get_context()->pid);
		return rc < 0 ? rc : (int)size;
	default:
		return -EBADF;
	}
}

/* ---- metadata ----------------------------------------------------------- */

static int op_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	if (h && h->kind == N_TRACK)
		return staging_truncate(drive_staging(h->d), NULL, h->track,
					size);
	enum node_kind kind;
	struct node n;
	if (h) {
		kind = h->kind;
	} else {
		int rc = resolve(path, &n);
		if (rc < 0)
			return rc;
		if (n.kind == N_TRACK)
			return staging_truncate(drive_staging(n.d), n.name,
						NULL, size);
		kind = n.kind;
	}
	switch (kind) {
	case N_CONTROL:
	case N_COMMIT:
	case N_CANCEL:
	case N_ACTION:
		return size == 0 ? 0 : -EINVAL; /* `>` truncates first */
	case N_ROOT:
	case N_DRIVE:
	case N_TRACKS:
		return -EISDIR;
	default:
		return -EACCES;
	}
}

static int op_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	if (h && h->kind == N_TRACK)
		return staging_chmod(drive_staging(h->d), NULL, h->track, mode);
	struct node n;
	int rc = h ? 0 : resolve(path, &n);
	if (rc < 0)
		return rc;
	if (!h && n.kind == N_TRACK)
		return staging_chmod(drive_staging(n.d), n.name, NULL, mode);
	return -EPERM;
}

static int op_chown(const char *path, uid_t uid, gid_t gid,
		    struct fuse_file_info *fi)
{
	struct burnfs *fs = ctx();
	struct node n;
	if (!handle_of(fi)) {
		int rc = resolve(path, &n);
		if (rc < 0)
			return rc;
		if (n.kind == N_TRACK) {
			struct stat st;
			rc = staging_getattr(drive_staging(n.d), n.name, NULL,
					     &st);
			if (rc < 0)
				return rc;
		}
	}
	bool same_uid = uid == (uid_t)-1 || uid == fs->uid;
	bool same_gid = gid == (gid_t)-1 || gid == fs->gid;
	return same_uid && same_gid ? 0 : -EPERM;
}

static int op_utimens(const char *path, const struct timespec tv[2],
		      struct fuse_file_info *fi)
{
	struct handle *h = handle_of(fi);
	if (h && h->kind == N_TRACK)
		return staging_utimens(drive_staging(h->d), NULL, h->track, tv);
	if (h)
		return 0;
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc;
	if (n.kind == N_TRACK)
		return staging_utimens(drive_staging(n.d), n.name, NULL, tv);
	return 0; /* `touch commit`: nothing to keep */
}

static int op_unlink(const char *path)
{
	struct node n;
	int rc = resolve(path, &n);
	if (rc < 0)
		return rc;
	if (n.kind == N_DISC_TRACK)
		return -EROFS;
	if (n.kind != N_TRACK)
		return -EACCES;
	return staging_unlink(drive_staging(n.d), n.name);
}

static int op_rename(const char *from, const char *to, unsigned int flags)
{
	struct node a, b;
	int rc = resolve(from, &a);
	if (rc < 0)
		return rc;
	rc = resolve(to, &b);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	if (a.kind != N_TRACK)
		return -EACCES;
	if (rc == -ENOENT || b.kind != N_TRACK)
		return rc == -ENOENT ? -ENOENT : -EACCES;
	if (a.d != b.d)
		return -EXDEV; /* mv copies, then removes */
	return staging_rename(drive_staging(a.d), a.name, b.name, flags);
}

/* ---- extended attributes ------------------------------------------------ */

static int track_node(const char *path, struct node *n)
{
	int rc = resolve(path, n);
	if (rc < 0)
		return rc;
	return n->kind == N_TRACK ? 0 : 1;
}

static int op_setxattr(const char *path, const char *name, const char *value,
		       size_t size, int flags)
{
	struct node n;
	int rc = track_node(path, &n);
	if (rc != 0)
		return rc < 0 ? rc : -ENOTSUP;
	return staging_setxattr(drive_staging(n.d), n.name, name, value, size,
				flags);
}

static int op_getxattr(const char *path, const char *name, char *value,
		       size_t size)
{
	struct node n;
	int rc = track_node(path, &n);
	if (rc != 0)
		return rc < 0 ? rc : -ENODATA;
	return staging_getxattr(drive_staging(n.d), n.name, name, value, size);
}

static int op_listxattr(const char *path, char *list, size_t size)
{
	struct node n;
	int rc = track_node(path, &n);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	return staging_listxattr(drive_staging(n.d), n.name, list, size);
}

static int op_removexattr(const char *path, const char *name)
{
	struct node n;
	int rc = track_node(path, &n);
	if (rc != 0)
		return rc < 0 ? rc : -ENODATA;
	return staging_removexattr(drive_staging(n.d), n.name, name);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void *op_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/* The daemon changes tracks/ itself: never cache names or sizes. */
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->hard_remove = 1;
	cfg->nullpath_ok = 1;
	cfg->use_ino = 0;
	/* Write errors must come back from write(), not from close(). */
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	/* Staging is a stream of large writes: take them 1 MiB at a time
	 * (the kernel's limit) instead of 128 KiB. */
	conn->max_write = 1 << 20;
	return ctx();
}

const struct fuse_operations burnfs_operations = {
    .init = op_init,
    .getattr = op_getattr,
    .opendir = op_opendir,
    .readdir = op_readdir,
    .releasedir = op_releasedir,
    .mkdir = op_mkdir,
    .rmdir = op_rmdir,
    .statfs = op_statfs,
    .open = op_open,
    .create = op_create,
    .release = op_release,
    .flush = op_flush,
    .fsync = op_fsync,
    .read = op_read,
    .poll = op_poll,
    .write = op_write,
    .truncate = op_truncate,
    .chmod = op_chmod,
    .chown = op_chown,
    .utimens = op_utimens,
    .unlink = op_unlink,
    .rename = op_rename,
    .setxattr = op_setxattr,
    .getxattr = op_getxattr,
    .listxattr = op_listxattr,
    .removexattr = op_removexattr,
};
