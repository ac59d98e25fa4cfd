/*
 * status_watch.h - poll(2) on `status` (and `progress`): a change counter
 * that the drive bumps whenever its job status changes (every progress
 * line, job end, commit), plus the FUSE poll handles of readers waiting
 * for the next change.  A reader remembers the counter it last rendered
 * at; poll reports POLLIN once the counter has moved on, and a waiting
 * poller is woken (fuse_notify_poll) on every change.
 *
 * The FUSE layer also hooks in: changed(ctx) runs after every change
 * (it answers `progress` reads waiting for a line), tracks_gone(ctx,
 * name) when burnfs itself took a file out of tracks/ (it tells the
 * kernel to forget the name).  Both run without the lock, on whichever
 * thread reported the change (a FUSE worker or the burn job): they must
 * not block.
 *
 * Lock: status_watch.lock protects the counter, the waiting handles and
 * the hooks (leaf; notifications and hooks run after it is released).
 */
#ifndef BURNFS_STATUS_WATCH_H
#define BURNFS_STATUS_WATCH_H

#include <stdbool.h>
#include <stdint.h>

struct status_watch;
struct fuse_pollhandle;

struct status_watch *status_watch_new(void);
/* Releases the handles still waiting (without notifying them). */
void status_watch_free(struct status_watch *w);

uint64_t status_watch_gen(struct status_watch *w);
/* Something changed: bump the counter, wake every waiting poller.  The
 * argument is the watch (a progress_feed notify hook). */
void status_watch_changed(void *watch);
/*
 * For FUSE poll: true when the counter differs from seen.  Otherwise, if
 * ph is not NULL, keeps it and notifies it on the next change.  Takes
 * ownership of ph in every case.
 */
bool status_watch_poll(struct status_watch *w, uint64_t seen,
		       struct fuse_pollhandle *ph);

void status_watch_set_hooks(struct status_watch *w, void (*changed)(void *ctx),
			    void (*tracks_gone)(void *ctx, const char *name),
			    void *ctx);
/* burnfs took name out of tracks/ by itself (a burnt track). */
void status_watch_tracks_gone(struct status_watch *w, const char *name);

#endif
