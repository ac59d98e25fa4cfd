/*
 * test_verify_index.c - index points of a Session-At-Once layout and
 * their search in windows of Q positions read back: the points a layout
 * has (no INDEX 00 for track 1 or a gapless track, INDEX 02 and up), a
 * point where it belongs (also across sectors carrying the catalog
 * number or an ISRC, and at the disc's first sector), late, early,
 * missing, a window without positions, and the sentences.
 */
#include "verify_index.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

static struct sao_layout *layout(void)
{
	struct sao_layout *l = calloc(1, sizeof(*l));
	if (!l)
		exit(1);
	l->n = 3;
	/* Track 1: hidden audio before INDEX 01 at LBA 100. */
	l->track[0].index0 = -150;
	l->track[0].index[1] = 100;
	l->track[0].last_index = 1;
	l->track[0].end = 1000;
	/* Track 2: gapless, INDEX 02 and 03. */
	l->track[1].index0 = 1000;
	l->track[1].index[1] = 1000;
	l->track[1].index[2] = 1200;
	l->track[1].index[3] = 1300;
	l->track[1].last_index = 3;
	l->track[1].end = 2000;
	/* Track 3: a 2 s pregap. */
	l->track[2].index0 = 2000;
	l->track[2].index[1] = 2150;
	l->track[2].last_index = 1;
	l->track[2].end = 3000;
	l->leadout = 3000;
	return l;
}

static void test_points(void)
{
	struct sao_layout *l = layout();
	struct verify_index_point p[16];
	size_t n = verify_index_points(l, p, 16);
	CHECK_EQ(n, 6);
	const struct verify_index_point want[6] = {
	    {1, 1, 100},  {2, 1, 1000}, {2, 2, 1200},
	    {2, 3, 1300}, {3, 0, 2000}, {3, 1, 2150},
	};
	for (size_t i = 0; i < 6 && i < n; i++) {
		CHECK_EQ(p[i].track, want[i].track);
		CHECK_EQ(p[i].index, want[i].index);
		CHECK_EQ(p[i].lba, want[i].lba);
	}
	/* Room for fewer: the first ones. */
	CHECK_EQ(verify_index_points(l, p, 2), 2);
	CHECK_EQ(p[1].lba, 1000);
	free(l);
}

/* A window of positions from lba: (track, index) changing at `at`. */
static void window(struct verify_q_sector *q, size_t n, int32_t lba, uint8_t t0,
		   uint8_t i0, int32_t at, uint8_t t1, uint8_t i1)
{
	for (size_t k = 0; k < n; k++) {
		int32_t s = lba + (int32_t)k;
		q[k].position = true;
		q[k].lba = s;
		q[k].track = s < at ? t0 : t1;
		q[k].index = s < at ? i0 : i1;
	}
}

static void test_find(void)
{
	struct verify_q_sector q[16];
	struct verify_index_found f;
	struct verify_index_point p = {2, 2, 1200};

	/* Where it belongs. */
	window(q, 16, 1192, 2, 1, 1200, 2, 2);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_IN);
	CHECK_EQ(f.lba, 1200);
	CHECK_EQ(f.before_lba, 1199);
	CHECK(verify_index_matches(&p, &f));

	/* The sectors either side carry the MCN and an ISRC: the point lies
	 * in (1198, 1201], which holds 1200. */
	q[7].position = false;
	q[8].position = false;
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_IN);
	CHECK_EQ(f.lba, 1201);
	CHECK_EQ(f.before_lba, 1198);
	CHECK(verify_index_matches(&p, &f));

	/* 3 sectors late. */
	window(q, 16, 1192, 2, 1, 1203, 2, 2);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.lba, 1203);
	CHECK(!verify_index_matches(&p, &f));
	char what[200];
	verify_index_describe(&p, &f, what, sizeof(what));
	CHECK_STR(what,
		  "track 2 INDEX 02 expected at LBA 1200, found at LBA 1203");

	/* 1 early. */
	window(q, 16, 1192, 2, 1, 1199, 2, 2);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.lba, 1199);
	CHECK(!verify_index_matches(&p, &f));

	/* Missing: INDEX 01 runs into INDEX 03. */
	window(q, 16, 1192, 2, 1, 1200, 2, 3);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_IN);
	CHECK(!verify_index_matches(&p, &f));
	verify_index_describe(&p, &f, what, sizeof(what));
	CHECK_STR(what, "track 2 INDEX 02 expected at LBA 1200, not on the "
			"disc (track 2 INDEX 03 begins at LBA 1200)");

	/* Outside the window: after it, before it. */
	window(q, 16, 1192, 2, 1, 5000, 2, 2);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_LATER);
	verify_index_describe(&p, &f, what, sizeof(what));
	CHECK_STR(what, "track 2 INDEX 02 expected at LBA 1200, not on the "
			"disc");
	window(q, 16, 1192, 2, 1, 0, 2, 2);
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_EARLIER);

	/* No position at all. */
	for (int k = 0; k < 16; k++)
		q[k].position = false;
	verify_index_find(q, 16, false, 2, 2, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_NO_Q);
	verify_index_describe(&p, &f, what, sizeof(what));
	CHECK_STR(what, "track 2 INDEX 02 expected at LBA 1200, not found "
			"(the drive gave no position)");
}

static void test_disc_start(void)
{
	struct verify_q_sector q[8];
	struct verify_index_found f;
	struct verify_index_point p = {1, 1, 0};
	/* Track 1 INDEX 01 at LBA 0: nothing before it can be read. */
	window(q, 8, 0, 1, 1, 0, 1, 1);
	verify_index_find(q, 8, true, 1, 1, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_IN);
	CHECK_EQ(f.before_lba, INT32_MIN);
	CHECK(verify_index_matches(&p, &f));
	/* The same window, not at the disc's start: earlier than it. */
	verify_index_find(q, 8, false, 1, 1, &f);
	CHECK_EQ(f.where, VERIFY_INDEX_EARLIER);
}

int main(void)
{
	test_points();
	test_find();
	test_disc_start();
	return check_finish();
}
