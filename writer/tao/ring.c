/*
 * ring.c - single-producer / single-consumer byte ring with track
 * boundaries (see ring.h).
 *
 * Positions are 64-bit byte counters since creation: "head" counts bytes
 * written, "tail" bytes read; head - tail is the fill level.  Boundaries
 * are head positions queued in order.
 *
 * The bytes are copied without the lock: the space between head and
 * tail + cap belongs to the producer alone, the bytes between tail and
 * head (until released) to the consumer alone; the lock covers only the
 * counters.  A side that waits says how much it waits for, and the other
 * side wakes it only once that much is there: the reader sleeps until a
 * whole chunk fits instead of waking for every WRITE the engine sends.
 * A consumer that has to wait wakes a waiting producer whatever it waits
 * for, so the two never wait for each other.
 */
#include "ring.h"

#include "mono_clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ring {
	pthread_mutex_t lock;
	pthread_cond_t data;  /* consumer waits here */
	pthread_cond_t space; /* producer waits here */
	uint8_t *buf;
	size_t cap;
	uint64_t head, tail;
	uint64_t marks[RING_MAX_BOUNDARIES]; /* pending boundaries, FIFO */
	size_t mark_first, n_marks;
	size_t peeked;	/* bytes handed out by ring_peek, not yet released */
	bool peek_mark; /* ...and they end at the first boundary */
	bool closed;
	int abort_err;	       /* positive errno once aborted */
	size_t consumer_wants; /* readable bytes it waits for; 0: not waiting */
	size_t producer_wants; /* free bytes it waits for; 0: not waiting */
};

/* Producer's wish when the ring is full: room for this much at once. */
#define RING_PRODUCER_BATCH (256u * 1024u)

struct ring *ring_new(size_t capacity)
{
	if (capacity == 0)
		capacity = RING_DEFAULT_BYTES;
	struct ring *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->buf = malloc(capacity);
	if (!r->buf) {
		free(r);
		return NULL;
	}
	r->cap = capacity;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->data, &ca);
	pthread_cond_init(&r->space, &ca);
	pthread_condattr_destroy(&ca);
	return r;
}

void ring_free(struct ring *r)
{
	if (!r)
		return;
	pthread_cond_destroy(&r->data);
	pthread_cond_destroy(&r->space);
	pthread_mutex_destroy(&r->lock);
	free(r->buf);
	free(r);
}

size_t ring_capacity(const struct ring *r)
{
	return r->cap;
}

/* Lock held: wakes a waiting consumer if what it waits for is there. */
static void wake_consumer(struct ring *r)
{
	if (r->consumer_wants && r->head - r->tail >= r->consumer_wants)
		pthread_cond_signal(&r->data);
}

ssize_t ring_reserve(struct ring *r, size_t len, unsigned timeout_ms,
		     void **area)
{
	struct timespec dl = mono_after_ms(timeout_ms);
	ssize_t rc;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		if (r->abort_err) {
			rc = -r->abort_err;
			break;
		}
		if (r->closed) {
			rc = -EPIPE;
			break;
		}
		if (len == 0) {
			rc = 0;
			break;
		}
		size_t free_bytes = r->cap - (size_t)(r->head - r->tail);
		if (free_bytes == 0) {
			size_t want = len < RING_PRODUCER_BATCH
					  ? len
					  : RING_PRODUCER_BATCH;
			r->producer_wants = want < r->cap ? want : r->cap;
			int w =
			    pthread_cond_timedwait(&r->space, &r->lock, &dl);
			r->producer_wants = 0;
			if (w == ETIMEDOUT && !r->abort_err &&
			    r->cap == (size_t)(r->head - r->tail)) {
				rc = -ETIMEDOUT;
				break;
			}
			continue;
		}
		size_t at = (size_t)(r->head % r->cap);
		size_t n = len < free_bytes ? len : free_bytes;
		if (n > r->cap - at)
			n = r->cap - at; /* up to the end of the buffer */
		*area = r->buf + at;	 /* the producer's own space */
		rc = (ssize_t)n;
		break;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void ring_commit(struct ring *r, size_t n)
{
	pthread_mutex_lock(&r->lock);
	r->head += n;
	wake_consumer(r);
	pthread_mutex_unlock(&r->lock);
}

int ring_write(struct ring *r, const void *data, size_t len,
	       unsigned timeout_ms)
{
	const uint8_t *src = data;
	while (len > 0) {
		void *area;
		ssize_t n = ring_reserve(r, len, timeout_ms, &area);
		if (n < 0)
			return (int)n;
		memcpy(area, src, (size_t)n);
		ring_commit(r, (size_t)n);
		src += n;
		len -= (size_t)n;
	}
	return 0;
}

int ring_mark_boundary(struct ring *r)
{
	int rc = 0;
	pthread_mutex_lock(&r->lock);
	if (r->n_marks == RING_MAX_BOUNDARIES) {
		rc = -ENOSPC;
	} else {
		size_t i = (r->mark_first + r->n_marks) % RING_MAX_BOUNDARIES;
		r->marks[i] = r->head;
		r->n_marks++;
		pthread_cond_signal(&r->data);
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void ring_close(struct ring *r)
{
	pthread_mutex_lock(&r->lock);
	r->closed = true;
	pthread_cond_broadcast(&r->data);
	pthread_mutex_unlock(&r->lock);
}

void ring_abort(struct ring *r, int err)
{
	pthread_mutex_lock(&r->lock);
	if (!r->abort_err)
		r->abort_err = err > 0 ? err : ECANCELED;
	pthread_cond_broadcast(&r->data);
	pthread_cond_broadcast(&r->space);
	pthread_mutex_unlock(&r->lock);
}

/* Bytes the consumer may take now without crossing a boundary. */
static uint64_t readable_limit(const struct ring *r, bool *at_mark)
{
	uint64_t limit = r->head;
	*at_mark = false;
	if (r->n_marks > 0 && r->marks[r->mark_first] <= r->head) {
		limit = r->marks[r->mark_first];
		*at_mark = true;
	}
	return limit - r->tail;
}

/*
 * With the lock held: waits until want bytes are readable, or a boundary
 * or the end lies before them.  Returns the bytes readable (never past a
 * boundary; *mark tells whether one ends them) or a negative errno.
 */
static ssize_t wait_readable(struct ring *r, size_t want,
			     const struct timespec *dl, bool *mark)
{
	for (;;) {
		if (r->abort_err)
			return -r->abort_err;
		uint64_t avail = readable_limit(r, mark);
		if (avail >= want || *mark || r->closed)
			return (ssize_t)avail;
		r->consumer_wants = want;
		/* The producer may be waiting for more room than the bytes
		 * this wait would free: it writes what fits now instead. */
		if (r->producer_wants)
			pthread_cond_signal(&r->space);
		int w = pthread_cond_timedwait(&r->data, &r->lock, dl);
		r->consumer_wants = 0;
		if (w == ETIMEDOUT) {
			avail = readable_limit(r, mark);
			if (r->abort_err)
				return -r->abort_err;
			if (!(avail >= want || *mark || r->closed))
				return -ETIMEDOUT;
		}
	}
}

/* With the lock held: n bytes were taken; consumes a mark they end at. */
static bool advance_tail(struct ring *r, size_t n, bool mark)
{
	bool at_boundary = false;
	r->tail += n;
	if (mark && r->marks[r->mark_first] == r->tail) {
		r->mark_first = (r->mark_first + 1) % RING_MAX_BOUNDARIES;
		r->n_marks--;
		at_boundary = true;
	}
	if (r->producer_wants &&
	    r->cap - (size_t)(r->head - r->tail) >= r->producer_wants)
		pthread_cond_signal(&r->space);
	return at_boundary;
}

ssize_t ring_read(struct ring *r, void *buf, size_t len, unsigned timeout_ms,
		  bool *boundary)
{
	const void *area;
	bool b;
	ssize_t n = ring_peek(r, len, timeout_ms, buf, &area, &b);
	if (boundary)
		*boundary = n >= 0 && b;
	if (n < 0)
		return n;
	if (area != buf)
		memcpy(buf, area, (size_t)n);
	ring_release(r);
	return n;
}

ssize_t ring_peek(struct ring *r, size_t len, unsigned timeout_ms, void *bounce,
		  const void **area, bool *boundary)
{
	struct timespec dl = mono_after_ms(timeout_ms);
	bool mark = false;

	*boundary = false;
	*area = NULL;
	size_t want = len < r->cap ? len : r->cap;
	pthread_mutex_lock(&r->lock);
	ssize_t avail = wait_readable(r, want, &dl, &mark);
	if (avail < 0) {
		pthread_mutex_unlock(&r->lock);
		return avail;
	}
	size_t n = (size_t)avail < len ? (size_t)avail : len;
	size_t at = (size_t)(r->tail % r->cap);
	*boundary = mark && r->marks[r->mark_first] == r->tail + n;
	r->peeked = n;
	r->peek_mark = *boundary;
	pthread_mutex_unlock(&r->lock);
	/* The bytes are the consumer's until ring_release. */
	if (n <= r->cap - at) {
		*area = r->buf + at;
	} else {
		size_t k = r->cap - at;
		memcpy(bounce, r->buf + at, k);
		memcpy((uint8_t *)bounce + k, r->buf, n - k);
		*area = bounce;
	}
	return (ssize_t)n;
}

void ring_release(struct ring *r)
{
	pthread_mutex_lock(&r->lock);
	size_t n = r->peeked;
	r->peeked = 0;
	/*
	 * Only a boundary the peek reported is consumed: one the producer
	 * marked since then is for ring_wait_boundary to find.
	 */
	advance_tail(r, n, r->peek_mark);
	r->peek_mark = false;
	pthread_mutex_unlock(&r->lock);
}

int ring_wait_boundary(struct ring *r, unsigned timeout_ms)
{
	struct timespec dl = mono_after_ms(timeout_ms);
	int rc;
	pthread_mutex_lock(&r->lock);
	for (;;) {
		if (r->abort_err) {
			rc = -r->abort_err;
			break;
		}
		if (r->n_marks > 0 && r->marks[r->mark_first] == r->tail) {
			r->mark_first =
			    (r->mark_first + 1) % RING_MAX_BOUNDARIES;
			r->n_marks--;
			rc = 0;
			break;
		}
		if (r->head > r->tail) {
			rc = -EPROTO;
			break;
		}
		if (r->closed) {
			rc = -EPIPE;
			break;
		}
		if (pthread_cond_timedwait(&r->data, &r->lock, &dl) ==
			ETIMEDOUT &&
		    !r->abort_err && r->n_marks == 0 && r->head == r->tail &&
		    !r->closed) {
			rc = -ETIMEDOUT;
			break;
		}
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

size_t ring_fill(struct ring *r)
{
	pthread_mutex_lock(&r->lock);
	size_t n = (size_t)(r->head - r->tail);
	pthread_mutex_unlock(&r->lock);
	return n;
}
