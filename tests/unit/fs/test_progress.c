/*
 * test_progress.c - the `progress` file: a new job starts it afresh with
 * its header, lines are read at any offset while it grows (nothing
 * waits), the pace keeps a line on a new state or track, a forced one,
 * and otherwise one a second, and the file stays bounded.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "progress_feed.h"

/* The whole file as it reads now, read in pieces of piece bytes. */
static size_t read_all(struct progress_feed *f, char *out, size_t len,
		       size_t piece)
{
	size_t got = 0, n;
	while (got + 1 < len &&
	       (n = progress_feed_read(
		    f, (off_t)got, out + got,
		    piece < len - 1 - got ? piece : len - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	return got;
}

static void test_pace(void)
{
	/* The first line, a forced one, a new key: always. */
	CHECK(progress_line_due(false, 0, 0, 7, 0.1, false));
	CHECK(progress_line_due(true, 7, 10.0, 7, 10.1, true));
	CHECK(progress_line_due(true, 7, 10.0, 8, 10.1, false));
	/* The same state and track: once a period has passed. */
	CHECK(!progress_line_due(true, 7, 10.0, 7, 10.9, false));
	CHECK(progress_line_due(true, 7, 10.0, 7, 10.0 + PROGRESS_FEED_PERIOD_S,
				false));
}

static void test_grows_and_restarts(void)
{
	struct progress_feed *f = progress_feed_new(100);
	char buf[4096];
	CHECK(f != NULL);
	CHECK(progress_feed_size(f) == 0);
	CHECK(progress_feed_read(f, 0, buf, sizeof(buf)) == 0);

	progress_feed_begin(f, "burn: 2 tracks, 0:10");
	CHECK(progress_feed_add(f, "line 1", 1, false));
	CHECK(!progress_feed_add(f, "line 1 again", 1, false)); /* paced */
	CHECK(progress_feed_add(f, "line 2", 2, false));
	CHECK(progress_feed_add(f, "line 3\n", 2, true));
	const char want[] = "burn: 2 tracks, 0:10\nline 1\nline 2\nline 3\n";
	CHECK(progress_feed_size(f) == strlen(want));
	CHECK(read_all(f, buf, sizeof(buf), 5) == strlen(want));
	CHECK_STR(buf, want);
	/* A read past the end returns nothing at once. */
	CHECK(progress_feed_read(f, (off_t)strlen(want), buf, 10) == 0);
	CHECK(progress_feed_read(f, 1000, buf, 10) == 0);
	/* A reader that read to the end finds the next line at its
	 * offset, as tail -f does. */
	size_t end = progress_feed_size(f);
	CHECK(progress_feed_add(f, "line 4", 3, false));
	size_t n = progress_feed_read(f, (off_t)end, buf, sizeof(buf));
	CHECK(n == 7 && memcmp(buf, "line 4\n", 7) == 0);

	/* A new job starts afresh. */
	progress_feed_begin(f, NULL);
	CHECK(progress_feed_size(f) == 0);
	CHECK(progress_feed_add(f, "next", 1, false));
	CHECK(read_all(f, buf, sizeof(buf), 64) == 5);
	CHECK_STR(buf, "next\n");
	progress_feed_free(f);
}

static void test_bounded(void)
{
	struct progress_feed *f = progress_feed_new(10);
	char buf[4096], line[32];
	progress_feed_begin(f, "head");
	for (int i = 1; i <= 12; i++) {
		snprintf(line, sizeof(line), "l%02d", i);
		CHECK(progress_feed_add(f, line, (unsigned)i, false));
	}
	/* 13 lines in all: at the 11th the newest 5 stayed. */
	read_all(f, buf, sizeof(buf), 4096);
	CHECK_STR(buf, "l05\nl06\nl07\nl08\nl09\nl10\nl11\nl12\n");
	progress_feed_free(f);
}

int main(void)
{
	test_pace();
	test_grows_and_restarts();
	test_bounded();
	progress_feed_free(NULL);
	return check_finish();
}
