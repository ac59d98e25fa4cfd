/*
 * mmc_subchannel.c - READ SUB-CHANNEL for the MCN and ISRC (see
 * mmc_subchannel.h; MMC-5 6.27: the 4-byte header, then format 02h:
 * format code, 3 reserved, MCVal in bit 7 of byte 8, the MCN in bytes
 * 9-21; format 03h: format code, ADR/control, track number, reserved,
 * TCVal in bit 7 of byte 8, the ISRC in bytes 9-20).
 */
#include "mmc_subchannel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "mmc_cdb.h"

void mmc_cdb_read_subchannel(struct scsi_cmd *c,
			     enum mmc_subchannel_format format, uint8_t track,
			     void *buf, uint16_t alloc)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_READ_SUB_CHANNEL;
	c->cdb_len = 10;
	c->cdb[2] = 0x40; /* SubQ: return the sub-channel data */
	c->cdb[3] = (uint8_t)format;
	c->cdb[6] = format == MMC_SUBCHANNEL_ISRC ? track : 0;
	put_be16(c->cdb + 7, alloc);
	c->dir = alloc ? SCSI_DIR_FROM_DEVICE : SCSI_DIR_NONE;
	c->data = alloc ? buf : NULL;
	c->data_len = alloc;
	c->timeout_ms = MMC_TIMEOUT_DEFAULT_MS;
}

int mmc_parse_subchannel_code(const uint8_t *buf, size_t len,
			      enum mmc_subchannel_format format, char *out,
			      size_t out_len, bool *valid)
{
	size_t chars = format == MMC_SUBCHANNEL_MCN ? 13 : 12;
	if (out_len)
		out[0] = '\0';
	*valid = false;
	if (len < MMC_SUBCHANNEL_CODE_LEN || out_len <= chars)
		return -EBADMSG;
	if (get_be16(buf + 2) < MMC_SUBCHANNEL_CODE_LEN - 4 ||
	    buf[4] != (uint8_t)format)
		return -EBADMSG;
	if (!(buf[8] & 0x80))
		return 0;
	for (size_t i = 0; i < chars; i++) {
		uint8_t ch = buf[9 + i];
		bool ok = format == MMC_SUBCHANNEL_MCN
			      ? (ch >= '0' && ch <= '9')
			      : ((ch >= '0' && ch <= '9') ||
				 (ch >= 'A' && ch <= 'Z'));
		if (!ok)
			return -EBADMSG;
		out[i] = (char)ch;
	}
	out[chars] = '\0';
	*valid = true;
	return 0;
}

int mmc_read_subchannel_code(struct scsi_transport *t,
			     enum mmc_subchannel_format format, uint8_t track,
			     char *out, size_t out_len, bool *valid,
			     struct mmc_error *err)
{
	uint8_t buf[MMC_SUBCHANNEL_CODE_LEN];
	struct scsi_cmd c;
	size_t got = 0;
	memset(buf, 0, sizeof(buf));
	mmc_cdb_read_subchannel(&c, format, track, buf, sizeof(buf));
	int r = mmc_run(t, &c, MMC_TIMEOUT_DEFAULT_MS, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_subchannel_code(buf, got, format, out, out_len, valid);
	if (r < 0) {
		memset(err, 0, sizeof(*err));
		err->err = EBADMSG;
		err->opcode = MMC_READ_SUB_CHANNEL;
		snprintf(err->text, sizeof(err->text),
			 "READ SUB-CHANNEL: the drive's answer (%zu bytes) "
			 "makes no sense",
			 got);
		return r;
	}
	return 0;
}
