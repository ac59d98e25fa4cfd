/*
 * status_watch.c - change counter and waiting poll handles for poll(2)
 * on `status` and `progress` (see status_watch.h).
 */
#include "status_watch.h"

#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdlib.h>

struct waiter {
	struct fuse_pollhandle *ph;
	struct waiter *next;
};

struct status_watch {
	pthread_mutex_t lock;
	uint64_t gen;
	struct waiter *waiting;
	void (*changed)(void *ctx);
	void (*tracks_gone)(void *ctx, const char *name);
	void *hook_ctx;
};

struct status_watch *status_watch_new(void)
{
	struct status_watch *w = calloc(1, sizeof(*w));
	if (w)
		pthread_mutex_init(&w->lock, NULL);
	return w;
}

static void release_all(struct waiter *list, bool notify)
{
	while (list) {
		struct waiter *next = list->next;
		/* A poller that went away meanwhile (-ENOENT) has nobody
		 * to wake: nothing to do about a failure. */
		if (notify)
			(void)fuse_lowlevel_notify_poll(list->ph);
		fuse_pollhandle_destroy(list->ph);
		free(list);
		list = next;
	}
}

void status_watch_free(struct status_watch *w)
{
	if (!w)
		return;
	release_all(w->waiting, false);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

uint64_t status_watch_gen(struct status_watch *w)
{
	pthread_mutex_lock(&w->lock);
	uint64_t g = w->gen;
	pthread_mutex_unlock(&w->lock);
	return g;
}

void status_watch_changed(void *watch)
{
	struct status_watch *w = watch;
	pthread_mutex_lock(&w->lock);
	w->gen++;
	struct waiter *list = w->waiting;
	w->waiting = NULL;
	void (*hook)(void *) = w->changed;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	release_all(list, true);
	if (hook)
		hook(ctx);
}

void status_watch_set_hooks(struct status_watch *w, void (*changed)(void *ctx),
			    void (*tracks_gone)(void *ctx, const char *name),
			    void *ctx)
{
	pthread_mutex_lock(&w->lock);
	w->changed = changed;
	w->tracks_gone = tracks_gone;
	w->hook_ctx = ctx;
	pthread_mutex_unlock(&w->lock);
}

void status_watch_tracks_gone(struct status_watch *w, const char *name)
{
	pthread_mutex_lock(&w->lock);
	void (*hook)(void *, const char *) = w->tracks_gone;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	if (hook)
		hook(ctx, name);
}

bool status_watch_poll(struct status_watch *w, uint64_t seen,
		       struct fuse_pollhandle *ph)
{
	pthread_mutex_lock(&w->lock);
	bool changed = w->gen != seen;
	struct waiter *n = NULL;
	if (!changed && ph) {
		n = malloc(sizeof(*n));
		if (n) {
			n->ph = ph;
			n->next = w->waiting;
			w->waiting = n;
		}
	}
	pthread_mutex_unlock(&w->lock);
	if (ph && !n) {
		/* Ready now, or no memory to wait: let the poller read. */
		if (!changed)
			(void)fuse_lowlevel_notify_poll(ph);
		fuse_pollhandle_destroy(ph);
	}
	return changed;
}
