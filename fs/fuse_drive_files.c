/*
 * fuse_drive_files.c - the FUSE operations on a drive's own files (see
 * fuse_node.h): text files rendered at open, `log` and `progress` read
 * as they grow (no read ever waits), all served with direct_io; their
 * sizes are their real lengths and their modification times move with
 * their text; control files, the write-only actions, poll(2) on status;
 * disc/'s WAV files.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc_wav.h"
#include "drive_actions.h"
#include "drive_log.h"
#include "fuse_node.h"

const struct drive_file drive_files[] = {
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
    {"write_mode", N_CONTROL, CONTROL_WRITE_MODE},
    {"pregap", N_CONTROL, CONTROL_PREGAP},
    {"cdtext", N_CONTROL, CONTROL_CDTEXT},
    {"disc_title", N_CONTROL, CONTROL_DISC_TITLE},
    {"disc_performer", N_CONTROL, CONTROL_DISC_PERFORMER},
    {"commit", N_COMMIT, 0},
    {"cancel", N_CANCEL, 0},
    {"eject", N_ACTION, DRIVE_ACTION_EJECT},
    {"blank", N_ACTION, DRIVE_ACTION_BLANK},
    {"load", N_ACTION, DRIVE_ACTION_LOAD}, /* virtual recorders only */
};
const size_t n_drive_files = sizeof(drive_files) / sizeof(drive_files[0]);

bool drive_file_exists(const struct drive *d, size_t i)
{
	return !(drive_files[i].kind == N_ACTION &&
		 drive_files[i].arg == DRIVE_ACTION_LOAD &&
		 !drive_is_virtual(d));
}

mode_t drive_file_mode(enum node_kind k)
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

/* ---- open --------------------------------------------------------------- */

static int open_access(const struct node *n, int flags)
{
	int acc = flags & O_ACCMODE;
	switch (n->kind) {
	case N_TEXT:
	case N_PROGRESS:
		return acc != O_RDONLY ? -EACCES : 0;
	case N_COMMIT:
	case N_CANCEL:
	case N_ACTION:
		return acc != O_WRONLY ? -EACCES : 0;
	default:
		return 0;
	}
}

void files_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		struct fuse_file_info *fi)
{
	char name[16];
	int rc = open_access(n, fi->flags);
	struct handle *h = rc == 0 ? handle_new(n) : NULL;
	(void)fs;
	if (rc == 0 && !h)
		rc = -ENOMEM;
	if (rc < 0) {
		fuse_reply_err(req, -rc);
		return;
	}
	h->writable = (fi->flags & O_ACCMODE) != O_RDONLY;
	switch (n->kind) {
	case N_DISC_TRACK:
		disc_wav_name(n->id, name, sizeof(name));
		rc = disc_file_open(n->d, name, fi->flags, &h->disc);
		break;
	case N_TEXT:
		h->seen = status_watch_gen(drive_status_watch(n->d));
		/* log is read as it grows; the others are taken now. */
		if (n->arg != DRIVE_TEXT_LOG)
			drive_render(n->d, n->arg, &h->text);
		if (tb_failed(&h->text))
			rc = -ENOMEM;
		fi->direct_io = 1;
		break;
	default:
		fi->direct_io = 1;
		break;
	}
	if (rc < 0) {
		handle_free(h);
		fuse_reply_err(req, -rc);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0) {
		/* Interrupted: no release will come. */
		disc_file_close(h->disc);
		handle_free(h);
	}
}

/* ---- read, write, poll -------------------------------------------------- */

static ssize_t copy_out(const char *src, size_t len, char *buf, size_t size,
			off_t off)
{
	if (off < 0 || (size_t)off >= len)
		return 0;
	size_t n = len - (size_t)off;
	if (n > size)
		n = size;
	memcpy(buf, src + off, n);
	return (ssize_t)n;
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

void files_read(fuse_req_t req, struct burnfs *fs, struct handle *h,
		size_t size, off_t off)
{
	char val[CONTROL_MAX_VALUE];
	char *buf = malloc(size ? size : 1);
	ssize_t n;
	(void)fs;
	if (!buf) {
		n = -ENOMEM;
	} else if (h->kind == N_PROGRESS) {
		n = (ssize_t)progress_feed_read(drive_progress(h->d), off, buf,
						size);
	} else if (h->kind == N_TEXT && h->arg == DRIVE_TEXT_LOG) {
		n = (ssize_t)drive_log_read(drive_log_of(h->d), off, buf, size);
	} else if (h->kind == N_TEXT) {
		if (h->arg == DRIVE_TEXT_STATUS && off == 0)
			rerender_status(h);
		n = copy_out(h->text.data ? h->text.data : "", h->text.len, buf,
			     size, off);
	} else if (h->kind == N_DISC_TRACK) {
		n = disc_file_read(h->disc, buf, size, off);
	} else if (h->kind == N_CONTROL) {
		drive_control_read(h->d, h->arg, val, sizeof(val));
		n = copy_out(val, strlen(val), buf, size, off);
	} else {
		n = -EBADF;
	}
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
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

int files_write(fuse_req_t req, struct handle *h, const char *buf, size_t size)
{
	pid_t pid = fuse_req_ctx(req)->pid;
	int rc;
	switch (h->kind) {
	case N_CONTROL:
		rc = drive_control_write(h->d, h->arg, buf, size);
		break;
	case N_COMMIT:
		rc = wants_action(h, "commit", buf, size)
			 ? drive_commit(h->d, pid)
			 : -EINVAL;
		/* A refused commit may have taken files that were never
		 * written out of tracks/. */
		if (rc < 0)
			tracks_touch(fs_of(req), h->drive);
		break;
	case N_CANCEL:
		rc = wants_action(h, "cancel", buf, size) ? drive_cancel(h->d)
							  : -EINVAL;
		break;
	case N_ACTION:
		rc = drive_action(h->d, (enum drive_action)h->arg, buf, size,
				  pid);
		break;
	default:
		rc = -EBADF;
		break;
	}
	return rc < 0 ? rc : (int)size;
}

/*
 * poll(2): status is readable once it changed since it was last read
 * (and a waiting poller is woken on every change); everything else,
 * `progress` and `log` included, always (a read never waits).
 */
void files_poll(fuse_req_t req, struct handle *h, struct fuse_pollhandle *ph)
{
	if (!h) {
		if (ph)
			fuse_pollhandle_destroy(ph);
		fuse_reply_err(req, EBADF);
		return;
	}
	struct status_watch *w = drive_status_watch(h->d);
	bool ready;
	if (h->kind == N_TEXT && h->arg == DRIVE_TEXT_STATUS) {
		ready = status_watch_poll(w, h->seen, ph);
	} else {
		if (ph)
			fuse_pollhandle_destroy(ph);
		ready = true;
	}
	unsigned revents = ready ? (POLLIN | POLLRDNORM) : 0;
	if (h->writable)
		revents |= POLLOUT | POLLWRNORM;
	fuse_reply_poll(req, revents);
}

/* ---- sizes and times --------------------------------------------------- */

static struct timespec later(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec ||
		       (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec)
		   ? a
		   : b;
}

struct timespec drive_dir_mtime(struct burnfs *fs, size_t drive)
{
	struct drive *d = fs->drives[drive];
	struct timespec t = later(fs->mount_time, disc_mtime(fs, drive));
	t = later(t, drive_log_mtime(drive_log_of(d)));
	t = later(t, progress_feed_mtime(drive_progress(d)));
	return later(t, status_watch_mtime(drive_status_watch(d)));
}

/* The length of a text file as it reads now. */
static off_t text_length(struct drive *d, int which)
{
	if (which == DRIVE_TEXT_LOG)
		return (off_t)drive_log_size(drive_log_of(d));
	struct textbuf tb;
	tb_init(&tb);
	drive_render(d, which, &tb);
	off_t n = (off_t)tb.len;
	tb_free(&tb);
	return n;
}

void files_stat(struct burnfs *fs, const struct node *n, struct handle *h,
		struct stat *st)
{
	char val[CONTROL_MAX_VALUE];
	struct timespec t = drive_dir_mtime(fs, n->drive);
	switch (n->kind) {
	case N_TEXT:
		/* Through an open handle, the text it reads (taken at open);
		 * else the text as it would read now. */
		if (h && h->kind == N_TEXT && n->arg != DRIVE_TEXT_LOG)
			st->st_size = (off_t)h->text.len;
		else
			st->st_size = text_length(n->d, n->arg);
		if (n->arg == DRIVE_TEXT_LOG)
			t = drive_log_mtime(drive_log_of(n->d));
		else if (n->arg == DRIVE_TEXT_STATUS)
			t = status_watch_mtime(drive_status_watch(n->d));
		break;
	case N_PROGRESS:
		st->st_size = (off_t)progress_feed_size(drive_progress(n->d));
		t = progress_feed_mtime(drive_progress(n->d));
		break;
	case N_CONTROL:
		drive_control_read(n->d, n->arg, val, sizeof(val));
		st->st_size = (off_t)strlen(val);
		break;
	default:
		t = fs->mount_time; /* the actions: nothing to read */
		break;
	}
	st->st_mtim = st->st_ctim = t;
}

/* ---- disc/ -------------------------------------------------------------- */

struct disc_fill {
	struct handle *h;
	size_t drive;
	int rc;
};

static int fill_disc_track(void *c, const char *name, const struct stat *st)
{
	struct disc_fill *f = c;
	int number = disc_wav_parse_name(name);
	if (number <= 0)
		return 0;
	f->rc = listing_add(
	    f->h, name,
	    ino_make(INO_DISC_TRACK, (uint32_t)f->drive, (uint32_t)number),
	    st->st_mode);
	return f->rc != 0;
}

int disc_readdir(struct burnfs *fs, const struct node *n, struct handle *h)
{
	struct disc_fill f = {h, n->drive, 0};
	struct stat tmpl;
	fill_fixed(fs, &tmpl, S_IFREG | 0444);
	int rc = disc_dir_readdir(n->d, fill_disc_track, &f, &tmpl);
	return rc < 0 ? rc : f.rc;
}
