/*
 * notify_sender.h - the daemon's desktop notifications: a thread of its
 * own owns the session bus connection (notify.h) and sends what the
 * drives post, so that neither a burn's job thread nor a FUSE request
 * ever waits for D-Bus.  Posting never blocks: messages go into a
 * bounded queue (dropped, and counted, when it is full).  A drive can
 * also arm a delayed notification (staging done): composed in the
 * sender's thread when its delay has passed without being re-armed or
 * disarmed.
 *
 * With no session bus nothing is sent and nothing is said: the
 * connection is tried again at the next message (a session bus may
 * come later).  Every function accepts a NULL sender (notifications
 * off: --no-notify) and then does nothing.
 *
 * Lock: notify_sender.lock (leaf) protects the queue, the timers and the
 * stop flag.  Callers may hold their own leaf locks while posting,
 * arming or disarming (the staging area calls with staging.lock held);
 * compose functions run without it.
 */
#ifndef BURNFS_NOTIFY_SENDER_H
#define BURNFS_NOTIFY_SENDER_H

#include <stdbool.h>

#include "notify_text.h"

struct notify_sender;

/* A sender whose thread is not started yet.  NULL when out of memory. */
struct notify_sender *notify_sender_new(void);
/* Starts the thread (after fuse_daemonize: a thread would not survive
 * the fork).  0 or -errno. */
int notify_sender_start(struct notify_sender *s);
/* Sends what is queued (for at most a few seconds), drops the armed
 * timers, joins the thread, frees. */
void notify_sender_free(struct notify_sender *s);

/* Queues t for sending. */
void notify_sender_post(struct notify_sender *s, const struct notify_text *t);

/* Fills *out and returns true to send it, false for nothing. */
typedef bool (*notify_compose_fn)(void *ctx, struct notify_text *out);

/*
 * (Re)arms key's delayed notification: compose(ctx) runs in the sender's
 * thread delay_ms from now, unless key is armed again (the delay starts
 * over) or disarmed before.  key identifies the timer (one per key).
 */
void notify_sender_arm(struct notify_sender *s, const void *key,
		       unsigned delay_ms, notify_compose_fn compose, void *ctx);
void notify_sender_disarm(struct notify_sender *s, const void *key);

/* Messages dropped because the queue was full (for tests and logs). */
unsigned notify_sender_dropped(struct notify_sender *s);

#endif
