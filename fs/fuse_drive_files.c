/*
 * fuse_drive_files.c - the FUSE operations on a drive's own files (see
 * fuse_node.h): text files rendered at open and served with direct_io,
 * control files, the write-only actions, poll(2) on status and progress,
 * disc/'s WAV files; and `progress` reads, which wait for the next line
 * without holding a FUSE worker: a read that finds nothing is kept and
 * answered when the drive reports a change (status_watch hook), when
 * it is interrupted (Ctrl-C) or at unmount.
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
		drive_render(n->d, n->arg, &h->text);
		if (tb_failed(&h->text))
			rc = -ENOMEM;
		fi->direct_io = 1;
		break;
	case N_PROGRESS:
		h->reader = progress_reader_open(drive_progress(n->d));
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
		handle_free(h);
		fuse_reply_err(req, -rc);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0) {
		/* Interrupted: no release will come. */
		if (h->reader)
			progress_reader_close(h->reader);
		disc_file_close(h->disc);
		handle_free(h);
	}
}

/* ---- progress: reads that wait for a line ------------------------------- */

struct progress_wait {
	fuse_req_t req;
	struct progress_reader *reader;
	size_t size;
	char *buf;
	ssize_t n;
	struct progress_wait *next;
};

/*
 * Copies what the reader has (wait_lock held, so that no other read of
 * the reader runs meanwhile and a ready reader stays ready: it does not
 * block).  After progress_stop nothing is read: end of file.
 */
static void take(struct burnfs_fuse *ll, struct progress_wait *w)
{
	w->buf = malloc(w->size ? w->size : 1);
	if (!w->buf)
		w->n = -ENOMEM;
	else if (ll->stopped)
		w->n = 0;
	else
		w->n = progress_reader_read(w->reader, w->buf, w->size);
}

static void answer(struct progress_wait *w)
{
	if (w->n < 0)
		fuse_reply_err(w->req, (int)-w->n);
	else
		fuse_reply_buf(w->req, w->buf, (size_t)w->n);
	free(w->buf);
	free(w);
}

/*
 * libfuse calls this when the reader is interrupted (Ctrl-C), also
 * while the read is being answered: only a read still in the list is
 * answered here.  data is the struct burnfs, which outlives every
 * request.
 */
static void progress_interrupted(fuse_req_t req, void *data)
{
	struct burnfs_fuse *ll = ((struct burnfs *)data)->ll;
	struct progress_wait *w = NULL;
	pthread_mutex_lock(&ll->wait_lock);
	for (struct progress_wait **pp = &ll->waits; *pp; pp = &(*pp)->next) {
		if ((*pp)->req == req) {
			w = *pp;
			*pp = w->next;
			break;
		}
	}
	pthread_mutex_unlock(&ll->wait_lock);
	if (w) {
		w->n = -EINTR;
		answer(w);
	}
}

static void progress_read(fuse_req_t req, struct burnfs *fs, struct handle *h,
			  size_t size)
{
	struct burnfs_fuse *ll = fs->ll;
	struct progress_wait *w = calloc(1, sizeof(*w));
	if (!w) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	w->req = req;
	w->reader = h->reader;
	w->size = size;
	/* Before the read can be answered elsewhere: an interrupt that
	 * came already is seen by fuse_req_interrupted below. */
	fuse_req_interrupt_func(req, progress_interrupted, fs);
	pthread_mutex_lock(&ll->wait_lock);
	bool now = fuse_req_interrupted(req) || ll->stopped ||
		   progress_reader_ready(h->reader);
	if (fuse_req_interrupted(req))
		w->n = -EINTR;
	else if (now)
		take(ll, w);
	else {
		w->next = ll->waits;
		ll->waits = w;
	}
	pthread_mutex_unlock(&ll->wait_lock);
	if (now)
		answer(w);
}

void progress_serve(void *hook)
{
	struct burnfs_fuse *ll = ((struct drive_hook *)hook)->fs->ll;
	struct progress_wait *done = NULL;
	pthread_mutex_lock(&ll->wait_lock);
	for (struct progress_wait **pp = &ll->waits; *pp;) {
		struct progress_wait *w = *pp;
		if (!ll->stopped && !progress_reader_ready(w->reader)) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		take(ll, w);
		w->next = done;
		done = w;
	}
	pthread_mutex_unlock(&ll->wait_lock);
	while (done) {
		struct progress_wait *next = done->next;
		answer(done);
		done = next;
	}
}

void progress_stop(struct burnfs *fs)
{
	struct drive_hook any = {fs, 0};
	pthread_mutex_lock(&fs->ll->wait_lock);
	fs->ll->stopped = true;
	pthread_mutex_unlock(&fs->ll->wait_lock);
	progress_serve(&any);
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
	if (h->kind == N_PROGRESS) {
		progress_read(req, fs, h, size);
		return;
	}
	char *buf = malloc(size ? size : 1);
	ssize_t n;
	if (!buf) {
		n = -ENOMEM;
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
 * (and a waiting poller is woken on every change); progress when a line
 * or the end of the stream can be read; everything else always.
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
	} else if (h->kind == N_PROGRESS) {
		/* Register first, so that a line added meanwhile wakes it. */
		ready = status_watch_poll(w, status_watch_gen(w), ph) ||
			progress_reader_ready(h->reader);
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
