/*
 * test_mmc_subchannel.c - READ SUB-CHANNEL for the MCN and ISRC: the CDB,
 * answers with and without a code, malformed answers.
 */
#include "mmc_subchannel.h"

#include <errno.h>
#include <string.h>

#include "check.h"

static void test_cdb(void)
{
	struct scsi_cmd c;
	uint8_t buf[24];
	mmc_cdb_read_subchannel(&c, MMC_SUBCHANNEL_ISRC, 7, buf, sizeof(buf));
	const uint8_t want[10] = {0x42, 0x00, 0x40, 0x03, 0, 0, 7, 0, 24, 0};
	CHECK_EQ(c.cdb_len, 10);
	CHECK_BYTES(c.cdb, want, 10);
	CHECK(c.dir == SCSI_DIR_FROM_DEVICE && c.data == buf);
	CHECK_EQ(c.data_len, 24);
	/* The track number goes only with format 03h. */
	mmc_cdb_read_subchannel(&c, MMC_SUBCHANNEL_MCN, 7, buf, sizeof(buf));
	const uint8_t mcn[10] = {0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 24, 0};
	CHECK_BYTES(c.cdb, mcn, 10);
}

static void test_mcn(void)
{
	uint8_t a[24] = {0x00, 0x15, 0x00, 0x14, 0x02, 0, 0, 0, 0x80};
	memcpy(a + 9, "0724356789012", 13);
	char out[14];
	bool valid = false;
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_MCN,
					   out, sizeof(out), &valid),
		 0);
	CHECK(valid);
	CHECK_STR(out, "0724356789012");
	/* MCVal clear: no MCN on the disc. */
	a[8] = 0;
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_MCN,
					   out, sizeof(out), &valid),
		 0);
	CHECK(!valid);
	CHECK_STR(out, "");
	/* A letter in an MCN, a short answer, the wrong format code. */
	a[8] = 0x80;
	a[12] = 'X';
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_MCN,
					   out, sizeof(out), &valid),
		 -EBADMSG);
	a[12] = '3';
	CHECK_EQ(mmc_parse_subchannel_code(a, 20, MMC_SUBCHANNEL_MCN, out,
					   sizeof(out), &valid),
		 -EBADMSG);
	a[4] = 0x03;
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_MCN,
					   out, sizeof(out), &valid),
		 -EBADMSG);
}

static void test_isrc(void)
{
	uint8_t a[24] = {0x00, 0x15, 0x00, 0x14, 0x03, 0x10, 2, 0, 0x80};
	memcpy(a + 9, "USABC2600001", 12);
	char out[14];
	bool valid = false;
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_ISRC,
					   out, sizeof(out), &valid),
		 0);
	CHECK(valid);
	CHECK_STR(out, "USABC2600001");
	a[10] = 'a'; /* lower case is not an ISRC character */
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_ISRC,
					   out, sizeof(out), &valid),
		 -EBADMSG);
	/* A data length shorter than the format's. */
	a[10] = 'S';
	a[3] = 0x08;
	CHECK_EQ(mmc_parse_subchannel_code(a, sizeof(a), MMC_SUBCHANNEL_ISRC,
					   out, sizeof(out), &valid),
		 -EBADMSG);
}

int main(void)
{
	test_cdb();
	test_mcn();
	test_isrc();
	return check_finish();
}
