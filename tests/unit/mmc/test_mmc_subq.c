/*
 * test_mmc_subq.c - READ CD with formatted Q and READ TOC/PMA/ATIP format
 * 5 as byte vectors: the CDBs, mode 1 Q decoded (BCD, absolute time to
 * LBA, the CRC checked or absent), other modes and bad bytes told apart,
 * and CD-TEXT answers with and without packs, padded and malformed.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "mmc_cd_text.h"
#include "mmc_subq.h"

static void test_cdb(void)
{
	struct scsi_cmd c;
	uint8_t buf[2 * MMC_SUBQ_SECTOR_BYTES];
	mmc_cdb_read_cd_subq(&c, 0x12345, 2, buf);
	const uint8_t want[12] = {0xBE, 0x04, 0x00, 0x01, 0x23, 0x45,
				  0x00, 0x00, 0x02, 0x10, 0x02, 0x00};
	CHECK_EQ(c.cdb_len, 12);
	CHECK_BYTES(c.cdb, want, 12);
	CHECK_EQ(c.data_len, 2 * 2368);
	CHECK_EQ(c.dir, SCSI_DIR_FROM_DEVICE);

	uint8_t toc[64];
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_CD_TEXT, false, 0, toc,
				  sizeof(toc));
	CHECK_EQ(c.cdb[0], 0x43);
	CHECK_EQ(c.cdb[2] & 0x0F, 5);
}

/* Track 2 INDEX 01, relative 00:00:05, absolute 03:21:44 (LBA 14969),
 * with the CRC a drive computes (x^16 + x^12 + x^5 + 1, inverted). */
static const uint8_t q_t2[16] = {0x01, 0x02, 0x01, 0x00, 0x00, 0x05,
				 0x00, 0x03, 0x21, 0x44, 0x00, 0x00};

static uint16_t crc(const uint8_t *p)
{
	uint16_t c = 0;
	for (int i = 0; i < 10; i++) {
		c ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			c = (uint16_t)(c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1);
	}
	return (uint16_t)~c;
}

static void test_parse_q(void)
{
	uint8_t q[16];
	struct mmc_q_position p;

	/* Without CRC (some drives leave it out): taken as it is. */
	memcpy(q, q_t2, 16);
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_POSITION);
	CHECK_EQ(p.track, 2);
	CHECK_EQ(p.index, 1);
	CHECK_EQ(p.lba, (3 * 60 + 21) * 75 + 44 - 150);
	CHECK_EQ(p.control, 0);

	/* With the right CRC; pre-emphasis in the control nibble. */
	q[0] = 0x11;
	uint16_t c = crc(q);
	q[10] = (uint8_t)(c >> 8);
	q[11] = (uint8_t)c;
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_POSITION);
	CHECK_EQ(p.control, 1);

	/* A wrong CRC: the sector's Q is not to be trusted. */
	q[11] ^= 0x01;
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_BAD);

	/* INDEX 00 of track 10, in BCD. */
	memcpy(q, q_t2, 16);
	q[1] = 0x10;
	q[2] = 0x00;
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_POSITION);
	CHECK_EQ(p.track, 10);
	CHECK_EQ(p.index, 0);

	/* Mode 2 (catalog number) and 3 (ISRC): no position. */
	memcpy(q, q_t2, 16);
	q[0] = 0x02;
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_OTHER);
	q[0] = 0x03;
	CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_OTHER);

	/* Not BCD, track 0, seconds past 59, frame past 74. */
	const struct {
		int at;
		uint8_t v;
	} bad[] = {{1, 0x0A}, {1, 0x00}, {2, 0xA1}, {8, 0x60}, {9, 0x75}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(q, q_t2, 16);
		q[bad[i].at] = bad[i].v;
		CHECK_EQ(mmc_parse_formatted_q(q, &p), MMC_Q_BAD);
	}
}

static void test_parse_cd_text(void)
{
	uint8_t a[4 + 3 * 18 + 2];
	const uint8_t *packs;
	size_t n;
	memset(a, 0x5A, sizeof(a));

	/* Two packs. */
	a[0] = 0;
	a[1] = 2 + 2 * 18;
	CHECK_EQ(mmc_parse_cd_text(a, sizeof(a), &packs, &n), 0);
	CHECK_EQ(n, 2);
	CHECK(packs == a + 4);

	/* Two packs and 2 bytes of padding. */
	a[1] = 2 + 2 * 18 + 2;
	CHECK_EQ(mmc_parse_cd_text(a, sizeof(a), &packs, &n), 0);
	CHECK_EQ(n, 2);

	/* A data length beyond what was transferred: what arrived counts. */
	a[1] = 2 + 3 * 18;
	CHECK_EQ(mmc_parse_cd_text(a, 4 + 18 + 5, &packs, &n), 0);
	CHECK_EQ(n, 1);

	/* No CD-TEXT: the header alone. */
	a[1] = 2;
	CHECK_EQ(mmc_parse_cd_text(a, 4, &packs, &n), 0);
	CHECK_EQ(n, 0);
	CHECK(packs == NULL);

	/* Malformed: shorter than the header, a data length below 2. */
	CHECK_EQ(mmc_parse_cd_text(a, 3, &packs, &n), -EBADMSG);
	a[1] = 1;
	CHECK_EQ(mmc_parse_cd_text(a, sizeof(a), &packs, &n), -EBADMSG);
}

int main(void)
{
	test_cdb();
	test_parse_q();
	test_parse_cd_text();
	return check_finish();
}
