/*
 * mmc_subq.c - READ CD with the formatted Q sub-channel, and the
 * decoding of mode 1 Q (see mmc_subq.h).
 */
#include "mmc_subq.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"

void mmc_cdb_read_cd_subq(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
			  void *buf)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_READ_CD;
	c->cdb_len = 12;
	c->cdb[1] = 0x01 << 2; /* expected sector type 001b: CD-DA */
	put_be32(c->cdb + 2, lba);
	put_be24(c->cdb + 6, blocks);
	c->cdb[9] = 0x10;  /* user data, no headers, no C2 */
	c->cdb[10] = 0x02; /* sub-channel: formatted Q */
	c->dir = SCSI_DIR_FROM_DEVICE;
	c->data = buf;
	c->data_len = (size_t)blocks * MMC_SUBQ_SECTOR_BYTES;
	c->timeout_ms = MMC_TIMEOUT_DEFAULT_MS;
}

/* CRC-16 of the Q channel: x^16 + x^12 + x^5 + 1, initial 0, inverted. */
static uint16_t q_crc(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021
						      : crc << 1);
	}
	return (uint16_t)~crc;
}

static bool from_bcd(uint8_t b, unsigned max, unsigned *out)
{
	unsigned hi = b >> 4, lo = b & 0x0F;
	if (hi > 9 || lo > 9 || hi * 10 + lo > max)
		return false;
	*out = hi * 10 + lo;
	return true;
}

enum mmc_q_kind mmc_parse_formatted_q(const uint8_t *q,
				      struct mmc_q_position *out)
{
	uint16_t crc = get_be16(q + 10);
	if (crc != 0 && crc != q_crc(q, 10))
		return MMC_Q_BAD;
	if ((q[0] & 0x0F) != 1)
		return MMC_Q_OTHER;
	unsigned track, index, m, s, f;
	if (!from_bcd(q[1], 99, &track) || track == 0 ||
	    !from_bcd(q[2], 99, &index) || !from_bcd(q[7], 99, &m) ||
	    !from_bcd(q[8], 59, &s) || !from_bcd(q[9], 74, &f))
		return MMC_Q_BAD;
	out->control = q[0] >> 4;
	out->track = (uint8_t)track;
	out->index = (uint8_t)index;
	out->lba = (int32_t)((m * 60 + s) * CD_FRAMES_PER_SECOND + f) -
		   CD_PREGAP_SECTORS;
	return MMC_Q_POSITION;
}

int mmc_read_cd_subq(struct scsi_transport *t, uint32_t lba, uint32_t blocks,
		     void *buf, struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_cd_subq(&c, lba, blocks, buf);
	int r = mmc_run(t, &c, MMC_TIMEOUT_DEFAULT_MS, &got, err);
	if (r < 0)
		return r;
	if (got != c.data_len) {
		if (err) {
			memset(err, 0, sizeof(*err));
			err->err = EIO;
			err->opcode = MMC_READ_CD;
			snprintf(err->text, sizeof(err->text),
				 "READ CD with Q sub-channel at LBA %u: only "
				 "%zu of %zu bytes transferred",
				 lba, got, c.data_len);
		}
		return -EIO;
	}
	return 0;
}
