/*
 * status_watch.c - change counter and waiting poll handles for poll(2)
 * on `status`, and the hooks of the FUSE layer (see status_watch.h).
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
	struct timespec mtime;
	struct waiter *waiting;
	struct status_watch_hooks hooks;
	void *hook_ctx;
};

struct status_watch *status_watch_new(void)
{
	struct status_watch *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		free(w);
		return NULL;
	}
	clock_gettime(CLOCK_REALTIME, &w->mtime);
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

struct timespec status_watch_mtime(struct status_watch *w)
{
	pthread_mutex_lock(&w->lock);
	struct timespec t = w->mtime;
	pthread_mutex_unlock(&w->lock);
	return t;
}

void status_watch_changed(struct status_watch *w)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	pthread_mutex_lock(&w->lock);
	w->gen++;
	w->mtime = now;
	struct waiter *list = w->waiting;
	w->waiting = NULL;
	void (*hook)(void *) = w->hooks.changed;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	release_all(list, true);
	if (hook)
		hook(ctx);
}

void status_watch_touched(void *watch)
{
	struct status_watch *w = watch;
	pthread_mutex_lock(&w->lock);
	void (*hook)(void *) = w->hooks.changed;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	if (hook)
		hook(ctx);
}

void status_watch_set_hooks(struct status_watch *w,
			    const struct status_watch_hooks *hooks, void *ctx)
{
	pthread_mutex_lock(&w->lock);
	if (hooks)
		w->hooks = *hooks;
	else
		w->hooks = (struct status_watch_hooks){0};
	w->hook_ctx = ctx;
	pthread_mutex_unlock(&w->lock);
}

void status_watch_tracks_gone(struct status_watch *w, const char *name)
{
	pthread_mutex_lock(&w->lock);
	void (*hook)(void *, const char *) = w->hooks.tracks_gone;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	if (hook)
		hook(ctx, name);
}

void status_watch_disc_changed(struct status_watch *w)
{
	pthread_mutex_lock(&w->lock);
	void (*hook)(void *) = w->hooks.disc_changed;
	void *ctx = w->hook_ctx;
	pthread_mutex_unlock(&w->lock);
	if (hook)
		hook(ctx);
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
