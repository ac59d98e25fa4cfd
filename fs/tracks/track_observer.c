/*
 * track_observer.c - what the staging area tells its observer, the
 * drive's desktop notifications (staging.h, staging_set_observer):
 * refusals of copied files, tracks staged, and how many handles are
 * open for writing (tracks/ is quiet when none are).  Called with
 * staging.lock held.
 */
#include "staging_internal.h"

void staging_set_observer(struct staging *st, const struct staging_observer *o,
			  void *ctx)
{
	pthread_mutex_lock(&st->lock);
	st->observer = o;
	st->observer_ctx = ctx;
	pthread_mutex_unlock(&st->lock);
}

static unsigned open_writers(struct staging *st)
{
	unsigned n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->writers;
	return n;
}

void staging_note_refused(struct staging *st, const char *name, const char *why)
{
	if (st->observer && st->observer->refused)
		st->observer->refused(st->observer_ctx, name, why);
}

void staging_note_staged(struct staging *st)
{
	if (st->observer && st->observer->activity)
		st->observer->activity(st->observer_ctx, true,
				       open_writers(st));
}

void staging_note_writers(struct staging *st)
{
	if (st->observer && st->observer->activity)
		st->observer->activity(st->observer_ctx, false,
				       open_writers(st));
}
