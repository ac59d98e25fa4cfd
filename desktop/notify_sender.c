/*
 * notify_sender.c - the daemon's notification thread (see
 * notify_sender.h): a bounded queue of texts, a short list of armed
 * timers, one session bus connection opened when there is something to
 * send.
 */
#include "notify_sender.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notify.h"

#define QUEUE_MAX 32
#define TIMERS_MAX 16
/* At exit, what is still queued gets this long to be sent. */
#define DRAIN_SECONDS 3

struct timer {
	const void *key; /* NULL: free slot */
	struct timespec due;
	notify_compose_fn compose;
	void *ctx;
};

struct notify_sender {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct notify_text queue[QUEUE_MAX];
	unsigned head, count;
	struct timer timers[TIMERS_MAX];
	bool started, stopping;
	struct timespec drain_deadline;
	unsigned dropped;
	pthread_t thread;
	struct notify_bus *bus; /* the thread's own */
};

static struct timespec now_plus_ms(unsigned ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

struct notify_sender *notify_sender_new(void)
{
	struct notify_sender *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

/* Sends t, connecting first when needed (no lock held). */
static void deliver(struct notify_sender *s, const struct notify_text *t)
{
	char err[256];
	struct notify_options o = {
	    .replaces_id = 0, .value = -1, .expire_ms = -1};
	if (!s->bus)
		s->bus = notify_bus_open(err, sizeof(err));
	if (!s->bus)
		return; /* no session bus: nothing to say, nowhere */
	if (notify_send(s->bus, t, &o, NULL, err, sizeof(err)) < 0) {
		/* The bus may have gone (the user logged out): the next
		 * message connects again. */
		notify_bus_close(s->bus);
		s->bus = NULL;
	}
}

/* The timer due first, or NULL (lock held). */
static struct timer *first_timer(struct notify_sender *s)
{
	struct timer *first = NULL;
	for (size_t i = 0; i < TIMERS_MAX; i++) {
		struct timer *t = &s->timers[i];
		if (t->key && (!first || before(&t->due, &first->due)))
			first = t;
	}
	return first;
}

static void *sender_thread(void *arg)
{
	struct notify_sender *s = arg;
	struct notify_text *t = malloc(sizeof(*t));

	pthread_mutex_lock(&s->lock);
	for (;;) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (s->stopping &&
		    (s->count == 0 || !before(&now, &s->drain_deadline)))
			break;
		if (s->count > 0) {
			if (t)
				*t = s->queue[s->head];
			s->head = (s->head + 1) % QUEUE_MAX;
			s->count--;
			pthread_mutex_unlock(&s->lock);
			if (t)
				deliver(s, t);
			pthread_mutex_lock(&s->lock);
			continue;
		}
		struct timer *due = s->stopping ? NULL : first_timer(s);
		if (due && !before(&now, &due->due)) {
			struct timer fire = *due;
			due->key = NULL;
			pthread_mutex_unlock(&s->lock);
			if (t && fire.compose(fire.ctx, t))
				deliver(s, t);
			pthread_mutex_lock(&s->lock);
			continue;
		}
		if (due)
			pthread_cond_timedwait(&s->wake, &s->lock, &due->due);
		else if (!s->stopping)
			pthread_cond_wait(&s->wake, &s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	free(t);
	notify_bus_close(s->bus);
	s->bus = NULL;
	return NULL;
}

int notify_sender_start(struct notify_sender *s)
{
	if (!s)
		return 0;
	int rc = pthread_create(&s->thread, NULL, sender_thread, s);
	if (rc != 0)
		return -rc;
	pthread_mutex_lock(&s->lock);
	s->started = true;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

void notify_sender_free(struct notify_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	s->drain_deadline = now_plus_ms(DRAIN_SECONDS * 1000);
	memset(s->timers, 0, sizeof(s->timers));
	bool started = s->started;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	if (started)
		pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void notify_sender_post(struct notify_sender *s, const struct notify_text *t)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	if (s->stopping || s->count == QUEUE_MAX) {
		s->dropped++;
	} else {
		s->queue[(s->head + s->count) % QUEUE_MAX] = *t;
		s->count++;
		pthread_cond_signal(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
}

void notify_sender_arm(struct notify_sender *s, const void *key,
		       unsigned delay_ms, notify_compose_fn compose, void *ctx)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	struct timer *slot = NULL;
	for (size_t i = 0; i < TIMERS_MAX && !slot; i++)
		if (s->timers[i].key == key)
			slot = &s->timers[i];
	for (size_t i = 0; i < TIMERS_MAX && !slot; i++)
		if (!s->timers[i].key)
			slot = &s->timers[i];
	if (!slot || s->stopping) {
		s->dropped++;
	} else {
		slot->key = key;
		slot->due = now_plus_ms(delay_ms);
		slot->compose = compose;
		slot->ctx = ctx;
		pthread_cond_signal(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
}

void notify_sender_disarm(struct notify_sender *s, const void *key)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < TIMERS_MAX; i++)
		if (s->timers[i].key == key)
			s->timers[i].key = NULL;
	pthread_mutex_unlock(&s->lock);
}

unsigned notify_sender_dropped(struct notify_sender *s)
{
	if (!s)
		return 0;
	pthread_mutex_lock(&s->lock);
	unsigned n = s->dropped;
	pthread_mutex_unlock(&s->lock);
	return n;
}
