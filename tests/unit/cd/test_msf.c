/*
 * test_msf.c - LBA/MSF conversion and formatting (writer/mmc/msf.c).
 */
#include "check.h"
#include "msf.h"

static void check_msf(int32_t lba, int m, int s, int f)
{
	struct msf x = msf_from_lba(lba);
	CHECK_EQ(x.m, m);
	CHECK_EQ(x.s, s);
	CHECK_EQ(x.f, f);
	CHECK_EQ(msf_to_lba(x), lba);
}

int main(void)
{
	/* Program area: LBA 0 is 00:02:00. */
	check_msf(0, 0, 2, 0);
	check_msf(-150, 0, 0, 0);
	check_msf(1, 0, 2, 1);
	check_msf(74, 0, 2, 74);
	check_msf(75, 0, 3, 0);
	/* 80-minute disc: last possible lead-out 79:59:74. */
	check_msf(359849, 79, 59, 74);
	/* Lead-in addresses wrap to minutes >= 90. */
	check_msf(-12490, 97, 15, 35);
	check_msf(-11077, 97, 34, 23);
	check_msf(-151, 99, 59, 74);

	/* Round trip across the lead-in and the program area (which ends
	 * before 90:00:00, where lead-in addresses begin). */
	check_msf(404849, 89, 59, 74);
	int bad = 0;
	for (int32_t lba = -45000; lba <= 404849; lba += 7)
		if (msf_to_lba(msf_from_lba(lba)) != lba)
			bad++;
	CHECK_EQ(bad, 0);

	/* Lengths carry no 150 offset. */
	struct msf len = msf_from_length(150);
	CHECK_EQ(len.m, 0);
	CHECK_EQ(len.s, 2);
	CHECK_EQ(len.f, 0);
	len = msf_from_length(4500 * 60 + 74);
	CHECK_EQ(len.m, 60);
	CHECK_EQ(len.s, 0);
	CHECK_EQ(len.f, 74);

	char buf[12];
	CHECK_STR(msf_format(msf_from_lba(359849), buf), "79:59:74");
	CHECK_STR(msf_format(msf_from_length(0), buf), "00:00:00");
	struct msf big = {100, 5, 7};
	CHECK_STR(msf_format(big, buf), "100:05:07");

	/* TAO layout constants the rest of the program relies on. */
	CHECK_EQ(CD_TAO_TRACK_GAP, 152);
	CHECK_EQ(CD_SECTOR_STEREO_FRAMES * 4, CD_SECTOR_BYTES);
	return check_finish();
}
