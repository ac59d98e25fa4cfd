/*
 * test_track_reader.c - the reader thread: PCM copied unchanged from
 * (offset, length) of each file, zero padding to a whole sector and to
 * 300 sectors, one boundary per track, and errors for missing or short
 * files.
 */
#include "track_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "msf.h"
#include "tao_layout.h"

static char dir[] = "/tmp/burnfs-test-reader-XXXXXX";

static uint8_t byte_at(unsigned file, uint64_t i)
{
	return (uint8_t)(i * 7 + file * 29 + (i >> 11));
}

static char *make_file(unsigned file, uint64_t size)
{
	char *path;
	if (asprintf(&path, "%s/f%u.pcm", dir, file) < 0)
		return NULL;
	FILE *f = fopen(path, "wb");
	for (uint64_t i = 0; i < size; i++)
		fputc(byte_at(file, i), f);
	fclose(f);
	return path;
}

static void test_tracks(void)
{
	/* track 1: 1000 sectors + 1 frame from offset 44 (needs a whole sector)
	 * track 2: 1 s (needs 4 s), track 3: exactly 400 sectors */
	uint64_t len[3] = {1000ull * 2352 + 4, 75ull * 2352, 400ull * 2352};
	uint64_t off[3] = {44, 0, 1000};
	struct burn_track t[3];
	memset(t, 0, sizeof(t));
	for (unsigned k = 0; k < 3; k++) {
		static char name[] = "x";
		t[k].name = name;
		t[k].path = make_file(k, off[k] + len[k] + 100);
		t[k].offset = off[k];
		t[k].length = len[k];
	}
	struct ring *r = ring_new(200 * 2352);
	struct track_reader *tr;
	CHECK_EQ(track_reader_start(&tr, r, t, 3), 0);

	static uint8_t buf[27 * 2352];
	bool ok = true;
	for (unsigned k = 0; k < 3; k++) {
		uint64_t got = 0, want = (uint64_t)tao_track_sectors(len[k]) *
					 CD_SECTOR_BYTES;
		bool boundary = false;
		while (!boundary) {
			ssize_t n =
			    ring_read(r, buf, sizeof(buf), 10000, &boundary);
			CHECK(n >= 0);
			if (n <= 0 && !boundary)
				break;
			for (ssize_t i = 0; i < n; i++) {
				uint64_t at = got + (uint64_t)i;
				uint8_t exp =
				    at < len[k] ? byte_at(k, off[k] + at) : 0;
				if (buf[i] != exp)
					ok = false;
			}
			got += (uint64_t)n;
		}
		CHECK(boundary);
		CHECK_EQ(got, want);
	}
	CHECK(ok);
	bool b;
	CHECK_EQ(ring_read(r, buf, 10, 10000, &b), 0); /* end of data */
	char err[300];
	CHECK_EQ(track_reader_join(tr, err, sizeof(err)), 0);
	ring_free(r);
	for (unsigned k = 0; k < 3; k++) {
		unlink(t[k].path);
		free(t[k].path);
	}
}

static void test_short_and_missing(void)
{
	struct burn_track t;
	memset(&t, 0, sizeof(t));
	static char name[] = "02 short.wav";
	t.name = name;
	t.path = make_file(9, 5000);
	t.length = 8000;
	struct ring *r = ring_new(0);
	struct track_reader *tr;
	CHECK_EQ(track_reader_start(&tr, r, &t, 1), 0);
	static uint8_t buf[8000];
	bool b;
	ssize_t n = ring_read(r, buf, sizeof(buf), 10000, &b);
	/* the 5000 bytes may or may not be seen before the abort */
	CHECK(n == -EIO || n == 5000);
	if (n == 5000)
		CHECK_EQ(ring_read(r, buf, sizeof(buf), 10000, &b), -EIO);
	char err[300];
	CHECK_EQ(track_reader_join(tr, err, sizeof(err)), -EIO);
	CHECK(strstr(err, "02 short.wav") != NULL);
	CHECK(strstr(err, "missing") != NULL);
	ring_free(r);
	unlink(t.path);
	free(t.path);

	t.path = (char[]){"/nonexistent/burnfs/x.pcm"};
	r = ring_new(0);
	CHECK_EQ(track_reader_start(&tr, r, &t, 1), 0);
	CHECK_EQ(ring_read(r, buf, 10, 10000, &b), -ENOENT);
	CHECK_EQ(track_reader_join(tr, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "cannot open") != NULL);
	ring_free(r);
}

static void test_consumer_cancel(void)
{
	struct burn_track t;
	memset(&t, 0, sizeof(t));
	static char name[] = "big";
	t.name = name;
	t.path = make_file(3, 100);
	t.length = 100;
	struct burn_track many[50];
	for (int i = 0; i < 50; i++)
		many[i] = t;
	struct ring *r = ring_new(10 * 2352);
	struct track_reader *tr;
	CHECK_EQ(track_reader_start(&tr, r, many, 50), 0);
	static uint8_t buf[2352];
	bool b;
	CHECK_EQ(ring_read(r, buf, sizeof(buf), 10000, &b), 2352);
	ring_abort(r, ECANCELED);
	char err[300];
	CHECK_EQ(track_reader_join(tr, err, sizeof(err)), -ECANCELED);
	ring_free(r);
	unlink(t.path);
	free(t.path);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_tracks();
	test_short_and_missing();
	test_consumer_cancel();
	rmdir(dir);
	return check_finish();
}
