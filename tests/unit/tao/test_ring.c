/*
 * test_ring.c - the host ring buffer with a producer and a consumer
 * thread: data integrity across wrap-around, track boundaries, close,
 * abort from either side, timeouts and the fill level.
 */
#include "ring.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 131 + (i >> 9));
}

/* Producer: tracks of these lengths, each followed by a boundary. */
static const size_t track_len[] = {5000, 1, 777, 0, 12345, 64};
#define N_TRACKS (sizeof(track_len) / sizeof(track_len[0]))

struct producer {
	struct ring *r;
	int rc;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	uint64_t pos = 0;
	uint8_t buf[333];
	for (size_t t = 0; t < N_TRACKS; t++) {
		size_t left = track_len[t];
		while (left > 0) {
			size_t n = left < sizeof(buf) ? left : sizeof(buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = pattern(pos + i);
			p->rc = ring_write(p->r, buf, n, 10000);
			if (p->rc < 0)
				return NULL;
			pos += n;
			left -= n;
		}
		p->rc = ring_mark_boundary(p->r);
		if (p->rc < 0)
			return NULL;
	}
	ring_close(p->r);
	return NULL;
}

static void test_stream_with_boundaries(void)
{
	struct ring *r = ring_new(1000); /* small: forces wrap-around */
	CHECK(r != NULL);
	CHECK_EQ(ring_capacity(r), 1000);
	struct producer p = {.r = r};
	pthread_t th;
	CHECK(pthread_create(&th, NULL, produce, &p) == 0);

	uint8_t buf[700];
	uint64_t pos = 0;
	size_t track = 0, in_track = 0;
	bool all_ok = true;
	size_t sizes[] = {1, 700, 63, 500, 2};
	size_t k = 0;
	for (;;) {
		bool boundary = false;
		ssize_t n = ring_read(r, buf, sizes[k++ % 5], 10000, &boundary);
		CHECK(n >= 0);
		if (n < 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != pattern(pos + (uint64_t)i))
				all_ok = false;
		pos += (uint64_t)n;
		in_track += (size_t)n;
		if (boundary) {
			CHECK(track < N_TRACKS);
			if (track < N_TRACKS)
				CHECK_EQ(in_track, track_len[track]);
			track++;
			in_track = 0;
			continue;
		}
		if (n == 0)
			break; /* end of data */
		/* a read never crosses a boundary */
		CHECK(track < N_TRACKS && in_track <= track_len[track]);
	}
	CHECK(all_ok);
	CHECK_EQ(track, N_TRACKS);
	uint64_t total = 0;
	for (size_t t = 0; t < N_TRACKS; t++)
		total += track_len[t];
	CHECK_EQ(pos, total);
	pthread_join(th, NULL);
	CHECK_EQ(p.rc, 0);
	CHECK_EQ(ring_fill(r), 0);
	ring_free(r);
}

static void *produce_forever(void *arg)
{
	struct producer *p = arg;
	uint8_t buf[256] = {0};
	for (;;) {
		p->rc = ring_write(p->r, buf, sizeof(buf), 10000);
		if (p->rc < 0)
			return NULL;
	}
}

static void test_consumer_abort_wakes_producer(void)
{
	struct ring *r = ring_new(1024);
	struct producer p = {.r = r};
	pthread_t th;
	CHECK(pthread_create(&th, NULL, produce_forever, &p) == 0);
	/* Wait (with a deadline) until the producer has filled the ring. */
	static uint8_t buf[1024];
	bool b;
	CHECK_EQ(ring_read(r, buf, 1024, 10000, &b), 1024);
	CHECK_EQ(ring_read(r, buf, 10, 10000, &b), 10);
	ring_abort(r, ECANCELED);
	pthread_join(th, NULL); /* returns only because the abort woke it */
	CHECK_EQ(p.rc, -ECANCELED);
	CHECK_EQ(ring_read(r, buf, 10, 10000, &b), -ECANCELED);
	ring_free(r);
}

struct failing_producer {
	struct ring *r;
};

static void *produce_then_fail(void *arg)
{
	struct failing_producer *p = arg;
	uint8_t buf[100] = {1};
	ring_write(p->r, buf, sizeof(buf), 10000);
	ring_abort(p->r, EIO);
	return NULL;
}

static void test_producer_abort_wakes_consumer(void)
{
	struct ring *r = ring_new(4096);
	struct failing_producer p = {.r = r};
	pthread_t th;
	CHECK(pthread_create(&th, NULL, produce_then_fail, &p) == 0);
	uint8_t buf[200];
	bool b;
	/* asks for more than will ever come: the abort must end the wait */
	ssize_t n = ring_read(r, buf, sizeof(buf), 10000, &b);
	CHECK_EQ(n, -EIO);
	pthread_join(th, NULL);
	/* the first abort wins */
	ring_abort(r, ECANCELED);
	CHECK_EQ(ring_write(r, buf, 1, 10000), -EIO);
	ring_free(r);
}

static void test_timeouts_and_close(void)
{
	struct ring *r = ring_new(100);
	uint8_t buf[100] = {0};
	bool b = true;
	CHECK_EQ(ring_read(r, buf, 10, 20, &b), -ETIMEDOUT);
	CHECK(!b);
	CHECK_EQ(ring_write(r, buf, 100, 20), 0);
	CHECK_EQ(ring_fill(r), 100);
	CHECK_EQ(ring_write(r, buf, 1, 20), -ETIMEDOUT);
	/* a read larger than the ring returns what a full ring holds */
	CHECK_EQ(ring_read(r, buf, 1000, 20, &b), 100);
	CHECK_EQ(ring_write(r, buf, 30, 20), 0);
	ring_close(r);
	/* after close: what is left, then end of data */
	CHECK_EQ(ring_read(r, buf, 50, 20, &b), 30);
	CHECK_EQ(ring_read(r, buf, 50, 20, &b), 0);
	CHECK(!b);
	CHECK_EQ(ring_write(r, buf, 1, 20), -EPIPE);
	ring_free(r);

	r = ring_new(0);
	CHECK_EQ(ring_capacity(r), RING_DEFAULT_BYTES);
	CHECK_EQ(RING_DEFAULT_BYTES % 2352, 0);
	CHECK(RING_DEFAULT_BYTES >= 4000000);
	/* boundary with no data before it: an empty track */
	CHECK_EQ(ring_mark_boundary(r), 0);
	CHECK_EQ(ring_read(r, buf, 10, 20, &b), 0);
	CHECK(b);
	for (int i = 0; i < RING_MAX_BOUNDARIES; i++)
		ring_mark_boundary(r);
	CHECK_EQ(ring_mark_boundary(r), -ENOSPC);
	ring_free(r);
}

static void test_wait_boundary(void)
{
	struct ring *r = ring_new(100);
	uint8_t buf[10] = {0};
	bool b;
	CHECK_EQ(ring_write(r, buf, 10, 20), 0);
	CHECK_EQ(ring_read(r, buf, 10, 20, &b), 10);
	CHECK(!b);
	/* the mark is not there yet */
	CHECK_EQ(ring_wait_boundary(r, 20), -ETIMEDOUT);
	CHECK_EQ(ring_mark_boundary(r), 0);
	CHECK_EQ(ring_wait_boundary(r, 20), 0);
	/* data without a boundary */
	CHECK_EQ(ring_write(r, buf, 5, 20), 0);
	CHECK_EQ(ring_wait_boundary(r, 20), -EPROTO);
	CHECK_EQ(ring_read(r, buf, 5, 20, &b), 5);
	ring_close(r);
	CHECK_EQ(ring_wait_boundary(r, 20), -EPIPE);
	ring_abort(r, EIO);
	CHECK_EQ(ring_wait_boundary(r, 20), -EIO);
	ring_free(r);
}

/* ring_peek hands out the bytes in place, or in the bounce buffer when
 * they wrap; their space is reused only after ring_release. */
static void test_peek_without_copy(void)
{
	struct ring *r = ring_new(10);
	CHECK(r != NULL);
	uint8_t bounce[8];
	const void *area = NULL;
	bool boundary = true;
	CHECK(ring_write(r, "abcdefgh", 8, 100) == 0);
	CHECK_EQ(ring_peek(r, 6, 100, bounce, &area, &boundary), 6);
	CHECK(area != NULL && area != (const void *)bounce);
	CHECK(memcmp(area, "abcdef", 6) == 0);
	CHECK(!boundary);
	/* Not released yet: only 2 bytes of space are free. */
	CHECK(ring_write(r, "ijkl", 4, 50) == -ETIMEDOUT);
	CHECK_EQ(ring_fill(r), 10); /* "ij" went in before the timeout */
	ring_release(r);
	CHECK_EQ(ring_fill(r), 4);
	CHECK(ring_write(r, "kl", 2, 100) == 0);
	CHECK(ring_mark_boundary(r) == 0);
	/* "ghijkl" wraps around the end of the 10-byte buffer. */
	CHECK_EQ(ring_peek(r, 8, 100, bounce, &area, &boundary), 6);
	CHECK(area == (const void *)bounce);
	CHECK(memcmp(area, "ghijkl", 6) == 0);
	CHECK(boundary);
	ring_release(r);
	CHECK_EQ(ring_fill(r), 0);
	/* The mark was consumed with the release. */
	ring_close(r);
	CHECK(ring_wait_boundary(r, 50) == -EPIPE);
	ring_free(r);

	/* A boundary marked after the peek, at the end of the peeked bytes,
	 * is left for ring_wait_boundary, even though the release reaches
	 * it. */
	r = ring_new(16);
	CHECK(r != NULL);
	CHECK(ring_write(r, "abcd", 4, 100) == 0);
	CHECK_EQ(ring_peek(r, 4, 100, bounce, &area, &boundary), 4);
	CHECK(!boundary);
	CHECK(ring_mark_boundary(r) == 0);
	CHECK(ring_write(r, "ef", 2, 100) == 0); /* the next track */
	ring_release(r);
	CHECK(ring_wait_boundary(r, 100) == 0);
	CHECK_EQ(ring_fill(r), 2);
	ring_free(r);
}

/* Producer: writes larger than the ring, as the track reader's are. */
static void *produce_big_writes(void *arg)
{
	struct producer *p = arg;
	static uint8_t buf[1500];
	uint64_t pos = 0;
	for (int k = 0; k < 20; k++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(pos + i);
		p->rc = ring_write(p->r, buf, sizeof(buf), 5000);
		if (p->rc < 0)
			return NULL;
		pos += sizeof(buf);
	}
	ring_close(p->r);
	return NULL;
}

/*
 * The producer waits for room for a batch, the consumer for a whole
 * chunk: a chunk size that does not divide the ring leaves too little
 * for the consumer and too little room for the producer.  Neither may
 * then wait for the other (each would time out).
 */
static void test_waits_never_deadlock(void)
{
	struct ring *r = ring_new(1000);
	struct producer p = {.r = r};
	pthread_t th;
	CHECK(pthread_create(&th, NULL, produce_big_writes, &p) == 0);
	static uint8_t bounce[300];
	uint64_t pos = 0;
	bool all_ok = true;
	for (;;) {
		const void *area;
		bool b;
		ssize_t n =
		    ring_peek(r, sizeof(bounce), 5000, bounce, &area, &b);
		CHECK(n >= 0);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (((const uint8_t *)area)[i] !=
			    pattern(pos + (uint64_t)i))
				all_ok = false;
		pos += (uint64_t)n;
		ring_release(r);
	}
	pthread_join(th, NULL);
	CHECK(all_ok);
	CHECK_EQ(p.rc, 0);
	CHECK_EQ(pos, 20 * 1500);
	ring_free(r);
}

/* The producer fills the ring in place: reserve, fill, commit. */
static void test_reserve_in_place(void)
{
	struct ring *r = ring_new(10);
	CHECK(r != NULL);
	void *area = NULL;
	CHECK_EQ(ring_reserve(r, 6, 50, &area), 6);
	memcpy(area, "abcdef", 6);
	CHECK_EQ(ring_fill(r), 0); /* nothing readable before the commit */
	ring_commit(r, 4);	   /* only "abcd" */
	CHECK_EQ(ring_fill(r), 4);
	char out[16];
	bool boundary = false;
	CHECK_EQ(ring_read(r, out, 4, 50, &boundary), 4);
	CHECK(memcmp(out, "abcd", 4) == 0);
	/* Head at 4: the free bytes up to the end of the buffer come first,
	   then those from its start. */
	CHECK_EQ(ring_reserve(r, 10, 50, &area), 6);
	memcpy(area, "efghij", 6);
	ring_commit(r, 6);
	CHECK_EQ(ring_reserve(r, 10, 50, &area), 4);
	memcpy(area, "klmn", 4);
	ring_commit(r, 4);
	CHECK_EQ(ring_fill(r), 10);
	/* Full: no room appears. */
	CHECK_EQ(ring_reserve(r, 1, 20, &area), -ETIMEDOUT);
	CHECK_EQ(ring_read(r, out, 10, 50, &boundary), 10);
	CHECK(memcmp(out, "efghijklmn", 10) == 0);
	CHECK_EQ(ring_reserve(r, 0, 20, &area), 0);
	ring_abort(r, EIO);
	CHECK_EQ(ring_reserve(r, 1, 20, &area), -EIO);
	ring_free(r);
}

int main(void)
{
	test_reserve_in_place();
	test_waits_never_deadlock();
	test_wait_boundary();
	test_stream_with_boundaries();
	test_consumer_abort_wakes_producer();
	test_producer_abort_wakes_consumer();
	test_timeouts_and_close();
	test_peek_without_copy();
	return check_finish();
}
