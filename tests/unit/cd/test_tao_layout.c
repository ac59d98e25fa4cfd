/*
 * test_tao_layout.c - padded track lengths, sectors needed, track starts
 * and the capacity check of tao_layout.c.
 */
#include "tao_layout.h"

#include "check.h"
#include "msf.h"

static void test_track_sectors(void)
{
	CHECK_EQ(tao_track_sectors(0), 300);
	CHECK_EQ(tao_track_sectors(4), 300);
	CHECK_EQ(tao_track_sectors(300ull * 2352), 300);
	CHECK_EQ(tao_track_sectors(300ull * 2352 + 4), 301);
	CHECK_EQ(tao_track_sectors(1000ull * 2352), 1000);
	CHECK_EQ(tao_track_sectors(1000ull * 2352 - 4), 1000);
	/* 74 minutes of audio */
	CHECK_EQ(tao_track_sectors(333000ull * 2352), 333000);
}

static void test_needs_padding(void)
{
	CHECK(tao_track_needs_padding(4));
	CHECK(tao_track_needs_padding(299ull * 2352));
	CHECK(!tao_track_needs_padding(300ull * 2352));
	CHECK(tao_track_needs_padding(300ull * 2352 + 4));
	CHECK(!tao_track_needs_padding(1234ull * 2352));
	CHECK(tao_track_needs_padding(1234ull * 2352 + 588));
}

static void test_needed_and_plan(void)
{
	uint32_t len[3] = {1000, 300, 5000};
	int32_t starts[3] = {-1, -1, -1};

	CHECK_EQ(tao_sectors_needed(len, 0), 0);
	CHECK_EQ(tao_sectors_needed(len, 1), 1002);
	CHECK_EQ(tao_sectors_needed(len, 3), 1000 + 300 + 5000 + 2 * 152 + 2);

	int32_t leadout = tao_plan(0, len, 3, starts);
	CHECK_EQ(starts[0], 0);
	CHECK_EQ(starts[1], 1152);
	CHECK_EQ(starts[2], 1152 + 300 + 152);
	CHECK_EQ(leadout, 1604 + 5000 + 2);
	/* lead-out - first NWA is exactly what tao_sectors_needed says */
	CHECK_EQ(leadout - starts[0], tao_sectors_needed(len, 3));

	/* appending to an appendable disc: second session NWA */
	leadout = tao_plan(17000, len, 1, starts);
	CHECK_EQ(starts[0], 17000);
	CHECK_EQ(leadout, 18002);

	CHECK_EQ(tao_plan(500, len, 0, NULL), 500);
}

static void test_fits(void)
{
	uint32_t len[2] = {100000, 200000};
	uint64_t need = tao_sectors_needed(len, 2);
	CHECK_EQ(need, 300154);
	CHECK(tao_fits(len, 2, (uint32_t)need));
	CHECK(!tao_fits(len, 2, (uint32_t)need - 1));
	CHECK(tao_fits(len, 0, 0));
	/* blank 80-minute CD-R: 359849 free */
	uint32_t big[1] = {359848};
	CHECK(!tao_fits(big, 1, 359849));
	big[0] = 359847;
	CHECK(tao_fits(big, 1, 359849));
}

int main(void)
{
	test_track_sectors();
	test_needs_padding();
	test_needed_and_plan();
	test_fits();
	return check_finish();
}
