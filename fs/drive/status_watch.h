/*
 * status_watch.h - poll(2) on `status`, and what the FUSE layer hears of
 * the drive's changes.  A change counter that the drive bumps whenever
 * its job status changes (every progress event, job end, commit), plus
 * the FUSE poll handles of readers waiting for the next change.  A reader
 * remembers the counter it last rendered at; poll reports POLLIN once the
 * counter has moved on, and a waiting poller is woken
 * (fuse_notify_poll) on every change.  The time of the last change is
 * `status`'s modification time.
 *
 * The FUSE layer hooks in (struct status_watch_hooks): changed(ctx)
 * after every change of status, progress or log (it moves the drive
 * directory's modification time and tells the kernel), tracks_gone(ctx,
 * name) when burnfs itself took a file out of tracks/ (the kernel forgets
 * the name), disc_changed(ctx) when the disc in the drive may be another
 * one (after a job, eject, load: disc/ is listed anew).  They run
 * without the lock, on whichever thread reported the change (a FUSE
 * worker or the burn job): they must not block.
 *
 * Lock: status_watch.lock protects the counter, its time, the waiting
 * handles and the hooks (leaf; notifications and hooks run after it is
 * released).
 */
#ifndef BURNFS_STATUS_WATCH_H
#define BURNFS_STATUS_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct status_watch;
struct fuse_pollhandle;

struct status_watch_hooks {
	void (*changed)(void *ctx);
	void (*tracks_gone)(void *ctx, const char *name);
	void (*disc_changed)(void *ctx);
};

struct status_watch *status_watch_new(void);
/* Releases the handles still waiting (without notifying them). */
void status_watch_free(struct status_watch *w);

uint64_t status_watch_gen(struct status_watch *w);
/* CLOCK_REALTIME of the last change (of status_watch_new at first). */
struct timespec status_watch_mtime(struct status_watch *w);
/* The status changed: bump the counter, wake every waiting poller, run
 * the changed hook. */
void status_watch_changed(struct status_watch *w);
/* Another of the drive's files changed (a log line): the changed hook
 * only.  The argument is the watch (a drive_log notify hook). */
void status_watch_touched(void *watch);
/*
 * For FUSE poll: true when the counter differs from seen.  Otherwise, if
 * ph is not NULL, keeps it and notifies it on the next change.  Takes
 * ownership of ph in every case.
 */
bool status_watch_poll(struct status_watch *w, uint64_t seen,
		       struct fuse_pollhandle *ph);

/* hooks NULL: none. */
void status_watch_set_hooks(struct status_watch *w,
			    const struct status_watch_hooks *hooks, void *ctx);
/* burnfs took name out of tracks/ by itself (a burnt track). */
void status_watch_tracks_gone(struct status_watch *w, const char *name);
/* The disc in the drive may have changed. */
void status_watch_disc_changed(struct status_watch *w);

#endif
