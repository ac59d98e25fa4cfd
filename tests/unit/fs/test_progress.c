/*
 * test_progress.c - the progress stream: a reader blocks until a line
 * arrives, reads lines in order (also in pieces), gets EOF after the job
 * ends, skips ahead when it fell behind the ring, and returns -EINTR at
 * shutdown.  Threads hand over through a mutex and condition variable
 * with deadlines; nothing sleeps to synchronise.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "progress_feed.h"

/* A reader thread that reads until EOF or error, recording what it got. */
struct bg_reader {
	struct progress_reader *r;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char got[4096];
	size_t len;
	int reads_started;
	ssize_t last; /* result of the last read */
	int done;
};

static void *bg_main(void *p)
{
	struct bg_reader *b = p;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		b->reads_started++;
		pthread_cond_broadcast(&b->cond);
		size_t room = sizeof(b->got) - b->len - 1;
		pthread_mutex_unlock(&b->lock);
		char buf[64];
		ssize_t n = progress_reader_read(
		    b->r, buf, room < sizeof(buf) ? room : sizeof(buf));
		pthread_mutex_lock(&b->lock);
		b->last = n;
		if (n > 0) {
			memcpy(b->got + b->len, buf, (size_t)n);
			b->len += (size_t)n;
			b->got[b->len] = '\0';
		}
		if (n <= 0)
			b->done = 1;
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&b->lock);
		if (n <= 0)
			return NULL;
	}
}

static struct timespec deadline_in(int seconds)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += seconds;
	return ts;
}

/* Waits (5 s at most) until the reader has got want, or is done. */
static int wait_for_text(struct bg_reader *b, const char *want)
{
	struct timespec dl = deadline_in(5);
	pthread_mutex_lock(&b->lock);
	int rc = 0;
	while (strcmp(b->got, want) != 0 && !b->done && rc == 0)
		rc = pthread_cond_timedwait(&b->cond, &b->lock, &dl);
	int ok = strcmp(b->got, want) == 0;
	if (!ok)
		fprintf(stderr, "reader got \"%s\", wanted \"%s\"\n", b->got,
			want);
	pthread_mutex_unlock(&b->lock);
	return ok;
}

static int wait_for_done(struct bg_reader *b, ssize_t *last)
{
	struct timespec dl = deadline_in(5);
	pthread_mutex_lock(&b->lock);
	int rc = 0;
	while (!b->done && rc == 0)
		rc = pthread_cond_timedwait(&b->cond, &b->lock, &dl);
	int done = b->done;
	*last = b->last;
	pthread_mutex_unlock(&b->lock);
	return done;
}

/* Waits until the reader has started its n-th read. */
static int wait_for_reads(struct bg_reader *b, int n)
{
	struct timespec dl = deadline_in(5);
	pthread_mutex_lock(&b->lock);
	int rc = 0;
	while (b->reads_started < n && rc == 0)
		rc = pthread_cond_timedwait(&b->cond, &b->lock, &dl);
	int ok = b->reads_started >= n;
	pthread_mutex_unlock(&b->lock);
	return ok;
}

static void bg_start(struct bg_reader *b, pthread_t *th,
		     struct progress_feed *f)
{
	memset(b, 0, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->cond, NULL);
	b->r = progress_reader_open(f);
	CHECK(b->r != NULL);
	CHECK(pthread_create(th, NULL, bg_main, b) == 0);
}

static void bg_finish(struct bg_reader *b, pthread_t th)
{
	pthread_join(th, NULL);
	progress_reader_close(b->r);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
}

static void test_blocking_and_eof(void)
{
	struct progress_feed *f = progress_feed_new(16);
	CHECK(f != NULL);
	progress_feed_begin(f);
	progress_feed_add(f, "one");

	struct bg_reader b;
	pthread_t th;
	bg_start(&b, &th, f);
	CHECK(wait_for_text(&b, "one\n"));
	/* The reader is now blocked in its second read: nothing to read. */
	CHECK(wait_for_reads(&b, 2));
	pthread_mutex_lock(&b.lock);
	CHECK(!b.done && b.len == 4);
	pthread_mutex_unlock(&b.lock);

	progress_feed_add(f, "two\n"); /* one newline, not two */
	CHECK(wait_for_text(&b, "one\ntwo\n"));
	progress_feed_add(f, "three");
	progress_feed_end(f);
	ssize_t last = -1;
	CHECK(wait_for_done(&b, &last));
	CHECK(last == 0);
	CHECK(strcmp(b.got, "one\ntwo\nthree\n") == 0);
	bg_finish(&b, th);

	/* After the job: a new reader gets the last job's lines, then EOF. */
	struct progress_reader *r = progress_reader_open(f);
	CHECK(progress_reader_ready(r));
	char buf[5];
	CHECK(progress_reader_read(r, buf, 5) == 5);
	CHECK(memcmp(buf, "one\nt", 5) == 0);
	CHECK(progress_reader_read(r, buf, 5) == 5);
	CHECK(memcmp(buf, "wo\nth", 5) == 0);
	CHECK(progress_reader_read(r, buf, 5) == 4);
	CHECK(memcmp(buf, "ree\n", 4) == 0);
	CHECK(progress_reader_read(r, buf, 5) == 0);
	progress_reader_close(r);

	/* A reader from the old job sees EOF once a new job begins. */
	r = progress_reader_open(f);
	progress_feed_begin(f);
	CHECK(progress_reader_read(r, buf, 5) == 0);
	progress_reader_close(r);
	progress_feed_free(f);
}

static void test_no_job_yet(void)
{
	struct progress_feed *f = progress_feed_new(4);
	struct progress_reader *r = progress_reader_open(f);
	CHECK(progress_reader_ready(r));
	char buf[8];
	CHECK(progress_reader_read(r, buf, sizeof(buf)) == 0);
	progress_reader_close(r);
	progress_feed_free(f);
}

static void test_fell_behind(void)
{
	struct progress_feed *f = progress_feed_new(3);
	progress_feed_begin(f);
	struct progress_reader *r = progress_reader_open(f);
	CHECK(!progress_reader_ready(r));
	char line[16];
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof(line), "l%d", i);
		progress_feed_add(f, line);
	}
	CHECK(progress_reader_ready(r));
	char buf[64] = {0};
	ssize_t n = progress_reader_read(r, buf, sizeof(buf) - 1);
	CHECK(n == 9);
	CHECK(strcmp(buf, "l3\nl4\nl5\n") == 0);
	CHECK(!progress_reader_ready(r));
	progress_reader_close(r);
	progress_feed_free(f);
}

static void test_shutdown(void)
{
	struct progress_feed *f = progress_feed_new(8);
	progress_feed_begin(f);
	struct bg_reader b;
	pthread_t th;
	bg_start(&b, &th, f);
	CHECK(wait_for_reads(&b, 1));
	progress_feed_shutdown(f);
	ssize_t last = 0;
	CHECK(wait_for_done(&b, &last));
	CHECK(last == -EINTR);
	bg_finish(&b, th);

	struct progress_reader *r = progress_reader_open(f);
	char buf[4];
	CHECK(progress_reader_ready(r));
	CHECK(progress_reader_read(r, buf, sizeof(buf)) == -EINTR);
	progress_reader_close(r);
	progress_feed_free(f);
}

/* A line added by another thread ends a wait; a quiet feed times out. */
static void *add_line(void *p)
{
	progress_feed_add(p, "late");
	return NULL;
}

static void test_wait(void)
{
	struct progress_feed *f = progress_feed_new(8);
	progress_feed_begin(f);
	struct progress_reader *r = progress_reader_open(f);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(!progress_reader_wait(r, 50));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(waited >= 0.045);

	pthread_t th;
	CHECK(pthread_create(&th, NULL, add_line, f) == 0);
	bool ready = false;
	for (int i = 0; i < 100 && !ready; i++) /* 10 s at most */
		ready = progress_reader_wait(r, 100);
	CHECK(ready);
	pthread_join(th, NULL);
	char buf[16] = {0};
	CHECK(progress_reader_read(r, buf, sizeof(buf) - 1) == 5);
	CHECK(strcmp(buf, "late\n") == 0);
	progress_feed_end(f);
	CHECK(progress_reader_wait(r, 10000)); /* EOF is ready at once */
	CHECK(progress_reader_read(r, buf, sizeof(buf)) == 0);
	progress_reader_close(r);
	progress_feed_free(f);
}

static void count_notify(void *ctx)
{
	(*(int *)ctx)++;
}

static void test_notify(void)
{
	struct progress_feed *f = progress_feed_new(8);
	int calls = 0;
	progress_feed_set_notify(f, count_notify, &calls);
	progress_feed_begin(f);
	progress_feed_add(f, "a");
	progress_feed_end(f);
	CHECK(calls == 3);
	progress_feed_free(f);
}

int main(void)
{
	test_blocking_and_eof();
	test_no_job_yet();
	test_fell_behind();
	test_shutdown();
	test_notify();
	test_wait();
	return check_finish();
}
