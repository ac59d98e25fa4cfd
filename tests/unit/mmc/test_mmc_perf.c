/*
 * test_mmc_perf.c - GET PERFORMANCE's CDB, its type 00h and 03h
 * responses (good, truncated, too short) and the page codes of a MODE
 * SENSE(10) page 3Fh response.
 */
#include <errno.h>

#include "check.h"
#include "mmc_perf.h"

static void test_cdb(void)
{
	uint8_t buf[72];
	struct scsi_cmd c;
	mmc_cdb_get_performance(&c, MMC_PERF_WRITE_SPEED, false, 4, buf,
				sizeof(buf));
	const uint8_t want3[12] = {0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0x03, 0};
	CHECK_EQ(c.cdb_len, 12);
	CHECK_BYTES(c.cdb, want3, 12);
	CHECK(c.dir == SCSI_DIR_FROM_DEVICE && c.data == buf);
	CHECK_EQ(c.data_len, sizeof(buf));

	mmc_cdb_get_performance(&c, MMC_PERF_PERFORMANCE, true, 1, buf, 24);
	const uint8_t want0[12] = {0xAC, 0x14, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
	CHECK_BYTES(c.cdb, want0, 12);
	mmc_cdb_get_performance(&c, MMC_PERF_PERFORMANCE, false, 1, buf, 24);
	CHECK_EQ(c.cdb[1], 0x10);
}

/* Two write speed descriptors: 48x CLV exact, 24x CAV. */
static const uint8_t speeds[40] = {0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
				   0x00,
				   /* 48x CLV, Exact */
				   0x02, 0, 0, 0, 0x00, 0x05, 0x7E, 0x69, 0x00,
				   0x00, 0x1B, 0x90, 0x00, 0x00, 0x21, 0x13,
				   /* 24x CAV */
				   0x08, 0, 0, 0, 0x00, 0x05, 0x7E, 0x69, 0x00,
				   0x00, 0x1B, 0x90, 0x00, 0x00, 0x10, 0x8A};

static void test_write_speeds(void)
{
	struct mmc_write_speed_descriptor d[4];
	size_t n = 99;
	CHECK_EQ(mmc_parse_write_speeds(speeds, sizeof(speeds), d, 4, &n), 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(d[0].wrc, MMC_ROTATION_CLV);
	CHECK(d[0].exact && !d[0].mrw);
	CHECK_EQ(d[0].end_lba, 360041);
	CHECK_EQ(d[0].read_kbps, 7056);
	CHECK_EQ(d[0].write_kbps, 8467);
	CHECK_EQ(d[1].wrc, MMC_ROTATION_CAV);
	CHECK(!d[1].exact);
	CHECK_EQ(d[1].write_kbps, 4234);

	/* cap 1: only the first. */
	CHECK_EQ(mmc_parse_write_speeds(speeds, sizeof(speeds), d, 1, &n), 0);
	CHECK_EQ(n, 1);
	/* Truncated in the second descriptor: only whole ones count. */
	CHECK_EQ(mmc_parse_write_speeds(speeds, 30, d, 4, &n), 0);
	CHECK_EQ(n, 1);
	/* Shorter than the header. */
	CHECK_EQ(mmc_parse_write_speeds(speeds, 7, d, 4, &n), -EBADMSG);
	CHECK_EQ(n, 0);
	/* A length field promising less than arrived wins. */
	uint8_t b[40];
	memcpy(b, speeds, sizeof(b));
	b[3] = 0x14;
	CHECK_EQ(mmc_parse_write_speeds(b, sizeof(b), d, 4, &n), 0);
	CHECK_EQ(n, 1);
}

static void test_performance(void)
{
	const uint8_t p[24] = {0,    0,	   0,	 0x14, 0, 0, 0,	   0,
			       0,    0,	   0,	 0,    0, 0, 0x21, 0x13,
			       0x00, 0x05, 0x7E, 0x69, 0, 0, 0x21, 0x13};
	struct mmc_performance_descriptor d[2];
	size_t n = 0;
	CHECK_EQ(mmc_parse_performance(p, sizeof(p), d, 2, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(d[0].start_lba, 0);
	CHECK_EQ(d[0].start_kbps, 8467);
	CHECK_EQ(d[0].end_lba, 360041);
	CHECK_EQ(d[0].end_kbps, 8467);
	CHECK_EQ(mmc_parse_performance(p, 4, d, 2, &n), -EBADMSG);
}

static void test_mode_pages(void)
{
	/* Header (no block descriptors), pages 01h (12), 05h (4), 2Ah (6) */
	uint8_t b[30] = {0,    28,   0, 0, 0,	 0,    0, 0, 0x01, 0x0A,
			 0,    0,    0, 0, 0,	 0,    0, 0, 0,	   0,
			 0x85, 0x02, 0, 0, 0x2A, 0x04, 0, 0, 0,	   0};
	uint8_t codes[8];
	size_t n = 0;
	CHECK_EQ(mmc_parse_mode_page_codes(b, sizeof(b), codes, 8, &n), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(codes[0], 0x01);
	CHECK_EQ(codes[1], 0x05); /* PS bit masked off */
	CHECK_EQ(codes[2], 0x2A);
	/* The last page cut short is left out. */
	CHECK_EQ(mmc_parse_mode_page_codes(b, 27, codes, 8, &n), 0);
	CHECK_EQ(n, 2);
	/* cap */
	CHECK_EQ(mmc_parse_mode_page_codes(b, sizeof(b), codes, 1, &n), 0);
	CHECK_EQ(n, 1);
	/* An 8-byte block descriptor before the pages. */
	uint8_t d[22] = {0, 20, 0, 0, 0, 0,    0,    8, 0, 0, 0,
			 0, 0,	0, 8, 0, 0x2A, 0x04, 0, 0, 0, 0};
	CHECK_EQ(mmc_parse_mode_page_codes(d, sizeof(d), codes, 8, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(codes[0], 0x2A);
	CHECK_EQ(mmc_parse_mode_page_codes(d, 5, codes, 8, &n), -EBADMSG);
}

int main(void)
{
	test_cdb();
	test_write_speeds();
	test_performance();
	test_mode_pages();
	return check_finish();
}
