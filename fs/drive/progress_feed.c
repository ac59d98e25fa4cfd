/*
 * progress_feed.c - the `progress` file's live stream (see
 * progress_feed.h).
 *
 * Lines live in a ring of max_lines, numbered by a sequence number that
 * only grows; a reader remembers the sequence number and byte offset of
 * what it reads next.  When the ring drops lines a slow reader has not
 * read yet, the reader skips ahead to the oldest kept line.  Each job
 * has a generation number: a reader that opened during an earlier job
 * gets EOF once a new job begins, since its job's lines are gone.
 *
 * Lock: f->lock protects every field of the feed (lines, sequence
 * numbers, generation, ended, shut_down, notify) and the position of
 * each reader while it reads.  Readers wait on f->cond; every change a
 * reader could be waiting for is broadcast.
 */
#include "progress_feed.h"

#include "mono_clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct progress_feed {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char **lines; /* ring; line seq lives at lines[seq % max_lines] */
	size_t *lens; /* their lengths, each ending in '\n' */
	size_t max_lines;
	uint64_t first_seq;  /* oldest line kept */
	uint64_t next_seq;   /* the next line added gets this number */
	uint64_t generation; /* bumped by each progress_feed_begin */
	bool ended;	     /* no job runs: readers see EOF at the end */
	bool shut_down;
	void (*notify)(void *ctx);
	void *notify_ctx;
};

struct progress_reader {
	struct progress_feed *feed;
	uint64_t generation;
	uint64_t seq;  /* next line to read */
	size_t offset; /* bytes of that line already read */
};

struct progress_feed *progress_feed_new(size_t max_lines)
{
	if (max_lines == 0)
		max_lines = 1;
	struct progress_feed *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->lines = calloc(max_lines, sizeof(*f->lines));
	f->lens = calloc(max_lines, sizeof(*f->lens));
	if (!f->lines || !f->lens)
		goto fail;
	if (pthread_mutex_init(&f->lock, NULL) != 0)
		goto fail;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int cerr = pthread_cond_init(&f->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (cerr != 0) {
		pthread_mutex_destroy(&f->lock);
		goto fail;
	}
	f->max_lines = max_lines;
	f->ended = true; /* no job yet: an open reads nothing, then EOF */
	return f;
fail:
	free(f->lines);
	free(f->lens);
	free(f);
	return NULL;
}

/* Frees every kept line.  Called with the lock held (or unshared). */
static void drop_lines(struct progress_feed *f)
{
	for (uint64_t s = f->first_seq; s < f->next_seq; s++) {
		size_t i = (size_t)(s % f->max_lines);
		free(f->lines[i]);
		f->lines[i] = NULL;
	}
	f->first_seq = f->next_seq;
}

void progress_feed_free(struct progress_feed *f)
{
	if (!f)
		return;
	drop_lines(f);
	free(f->lines);
	free(f->lens);
	pthread_cond_destroy(&f->cond);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* Broadcasts under the lock, then calls the notify hook without it. */
static void wake_and_unlock(struct progress_feed *f)
{
	void (*fn)(void *) = f->notify;
	void *ctx = f->notify_ctx;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
	if (fn)
		fn(ctx);
}

void progress_feed_set_notify(struct progress_feed *f, void (*fn)(void *ctx),
			      void *ctx)
{
	pthread_mutex_lock(&f->lock);
	f->notify = fn;
	f->notify_ctx = ctx;
	pthread_mutex_unlock(&f->lock);
}

void progress_feed_begin(struct progress_feed *f)
{
	pthread_mutex_lock(&f->lock);
	drop_lines(f);
	f->generation++;
	f->ended = false;
	wake_and_unlock(f);
}

void progress_feed_add(struct progress_feed *f, const char *line)
{
	/* Copy outside the lock; make sure the line ends in one '\n'. */
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		n--;
	char *copy = malloc(n + 2);
	if (!copy)
		return; /* out of memory: the line is lost, readers go on */
	memcpy(copy, line, n);
	copy[n] = '\n';
	copy[n + 1] = '\0';

	pthread_mutex_lock(&f->lock);
	if (f->next_seq - f->first_seq == f->max_lines) {
		size_t old = (size_t)(f->first_seq % f->max_lines);
		free(f->lines[old]);
		f->lines[old] = NULL;
		f->first_seq++;
	}
	size_t i = (size_t)(f->next_seq % f->max_lines);
	f->lines[i] = copy;
	f->lens[i] = n + 1;
	f->next_seq++;
	wake_and_unlock(f);
}

void progress_feed_end(struct progress_feed *f)
{
	pthread_mutex_lock(&f->lock);
	f->ended = true;
	wake_and_unlock(f);
}

void progress_feed_shutdown(struct progress_feed *f)
{
	pthread_mutex_lock(&f->lock);
	f->shut_down = true;
	wake_and_unlock(f);
}

struct progress_reader *progress_reader_open(struct progress_feed *f)
{
	struct progress_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->feed = f;
	pthread_mutex_lock(&f->lock);
	r->generation = f->generation;
	r->seq = f->first_seq;
	pthread_mutex_unlock(&f->lock);
	return r;
}

void progress_reader_close(struct progress_reader *r)
{
	free(r);
}

/* Readers that fell behind the ring skip to the oldest kept line. */
static void catch_up(struct progress_reader *r)
{
	if (r->seq < r->feed->first_seq) {
		r->seq = r->feed->first_seq;
		r->offset = 0;
	}
}

/* With the lock held: 1 data, 0 EOF, -EINTR shut down, -EAGAIN wait. */
static int reader_state(struct progress_reader *r)
{
	struct progress_feed *f = r->feed;
	if (f->shut_down)
		return -EINTR;
	if (r->generation != f->generation)
		return 0; /* a newer job replaced this reader's lines */
	catch_up(r);
	if (r->seq < f->next_seq)
		return 1;
	return f->ended ? 0 : -EAGAIN;
}

ssize_t progress_reader_read(struct progress_reader *r, char *buf, size_t size)
{
	struct progress_feed *f = r->feed;
	if (size == 0)
		return 0;
	pthread_mutex_lock(&f->lock);
	int st;
	while ((st = reader_state(r)) == -EAGAIN)
		pthread_cond_wait(&f->cond, &f->lock);
	if (st <= 0) {
		pthread_mutex_unlock(&f->lock);
		return st;
	}
	size_t done = 0;
	while (done < size && r->seq < f->next_seq) {
		size_t i = (size_t)(r->seq % f->max_lines);
		size_t avail = f->lens[i] - r->offset;
		size_t n = size - done < avail ? size - done : avail;
		memcpy(buf + done, f->lines[i] + r->offset, n);
		done += n;
		r->offset += n;
		if (r->offset == f->lens[i]) {
			r->seq++;
			r->offset = 0;
		}
	}
	pthread_mutex_unlock(&f->lock);
	return (ssize_t)done;
}

bool progress_reader_ready(struct progress_reader *r)
{
	struct progress_feed *f = r->feed;
	pthread_mutex_lock(&f->lock);
	bool ready = reader_state(r) != -EAGAIN;
	pthread_mutex_unlock(&f->lock);
	return ready;
}

bool progress_reader_wait(struct progress_reader *r, unsigned timeout_ms)
{
	struct progress_feed *f = r->feed;
	struct timespec deadline = mono_after_ms(timeout_ms);
	pthread_mutex_lock(&f->lock);
	int rc = 0;
	while (reader_state(r) == -EAGAIN && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&f->cond, &f->lock, &deadline);
	bool ready = reader_state(r) != -EAGAIN;
	pthread_mutex_unlock(&f->lock);
	return ready;
}
