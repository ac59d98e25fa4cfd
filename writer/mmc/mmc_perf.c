/*
 * mmc_perf.c - GET PERFORMANCE and the mode page list (see mmc_perf.h).
 */
#include "mmc_perf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

#define PERF_HEADER 8
#define PERF_DESCRIPTOR 16
#define MODE_HEADER10 8
#define PERF_TIMEOUT_MS 30000
/* Up to 64 KiB of mode pages; real drives send a few hundred bytes. */
#define MODE_ALL_ALLOC 0xFFFCu

void mmc_cdb_get_performance(struct scsi_cmd *c, uint8_t type, bool write,
			     uint16_t max_descriptors, void *buf, size_t alloc)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_GET_PERFORMANCE;
	c->cdb_len = 12;
	if (type == MMC_PERF_PERFORMANCE)
		c->cdb[1] = (uint8_t)(0x10 | (write ? 0x04 : 0x00));
	put_be16(c->cdb + 8, max_descriptors);
	c->cdb[10] = type;
	c->dir = alloc ? SCSI_DIR_FROM_DEVICE : SCSI_DIR_NONE;
	c->data = alloc ? buf : NULL;
	c->data_len = alloc;
	c->timeout_ms = PERF_TIMEOUT_MS;
}

/* Number of whole descriptors the header announces and that arrived. */
static size_t descriptors_in(const uint8_t *buf, size_t len)
{
	size_t total = 4 + (size_t)get_be32(buf);
	if (total > len)
		total = len;
	if (total < PERF_HEADER)
		return 0;
	return (total - PERF_HEADER) / PERF_DESCRIPTOR;
}

int mmc_parse_write_speeds(const uint8_t *buf, size_t len,
			   struct mmc_write_speed_descriptor *out, size_t cap,
			   size_t *n)
{
	*n = 0;
	if (len < PERF_HEADER)
		return -EBADMSG;
	size_t k = descriptors_in(buf, len);
	for (size_t i = 0; i < k && *n < cap; i++) {
		const uint8_t *d = buf + PERF_HEADER + i * PERF_DESCRIPTOR;
		struct mmc_write_speed_descriptor *o = &out[(*n)++];
		o->wrc = (d[0] >> 3) & 0x03;
		o->exact = d[0] & 0x02;
		o->mrw = d[0] & 0x01;
		o->end_lba = get_be32(d + 4);
		o->read_kbps = get_be32(d + 8);
		o->write_kbps = get_be32(d + 12);
	}
	return 0;
}

int mmc_parse_performance(const uint8_t *buf, size_t len,
			  struct mmc_performance_descriptor *out, size_t cap,
			  size_t *n)
{
	*n = 0;
	if (len < PERF_HEADER)
		return -EBADMSG;
	size_t k = descriptors_in(buf, len);
	for (size_t i = 0; i < k && *n < cap; i++) {
		const uint8_t *d = buf + PERF_HEADER + i * PERF_DESCRIPTOR;
		struct mmc_performance_descriptor *o = &out[(*n)++];
		o->start_lba = get_be32(d);
		o->start_kbps = get_be32(d + 4);
		o->end_lba = get_be32(d + 8);
		o->end_kbps = get_be32(d + 12);
	}
	return 0;
}

int mmc_parse_mode_page_codes(const uint8_t *buf, size_t len, uint8_t *codes,
			      size_t cap, size_t *n)
{
	*n = 0;
	if (len < MODE_HEADER10)
		return -EBADMSG;
	size_t total = 2 + (size_t)get_be16(buf);
	if (total > len)
		total = len;
	size_t pos = MODE_HEADER10 + get_be16(buf + 6);
	while (pos + 2 <= total && *n < cap) {
		size_t plen = 2 + (size_t)buf[pos + 1];
		if (pos + plen > total)
			break;
		codes[(*n)++] = buf[pos] & 0x3F;
		pos += plen;
	}
	return 0;
}

static int short_reply(struct mmc_error *err, uint8_t opcode, size_t got)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		err->err = EBADMSG;
		err->opcode = opcode;
		snprintf(err->text, sizeof(err->text),
			 "%s: malformed response (%zu bytes)",
			 mmc_opcode_name(opcode), got);
	}
	return -EBADMSG;
}

/* Runs GET PERFORMANCE of type into a buffer for cap descriptors. */
static int get_performance(struct scsi_transport *t, uint8_t type, bool write,
			   uint8_t **out, size_t *got, size_t cap,
			   struct mmc_error *err)
{
	size_t alloc = PERF_HEADER + cap * PERF_DESCRIPTOR;
	uint8_t *buf = calloc(1, alloc);
	if (!buf)
		return -ENOMEM;
	struct scsi_cmd c;
	mmc_cdb_get_performance(&c, type, write, (uint16_t)cap, buf, alloc);
	int r = mmc_run(t, &c, 0, got, err);
	if (r == 0 && *got < PERF_HEADER)
		r = short_reply(err, MMC_GET_PERFORMANCE, *got);
	if (r < 0) {
		free(buf);
		return r;
	}
	*out = buf;
	return 0;
}

int mmc_get_write_speeds(struct scsi_transport *t,
			 struct mmc_write_speed_descriptor *out, size_t cap,
			 size_t *n, struct mmc_error *err)
{
	uint8_t *buf = NULL;
	size_t got = 0;
	*n = 0;
	int r = get_performance(t, MMC_PERF_WRITE_SPEED, false, &buf, &got, cap,
				err);
	if (r < 0)
		return r;
	r = mmc_parse_write_speeds(buf, got, out, cap, n);
	free(buf);
	return r < 0 ? short_reply(err, MMC_GET_PERFORMANCE, got) : 0;
}

int mmc_get_performance(struct scsi_transport *t, bool write,
			struct mmc_performance_descriptor *out, size_t cap,
			size_t *n, struct mmc_error *err)
{
	uint8_t *buf = NULL;
	size_t got = 0;
	*n = 0;
	int r = get_performance(t, MMC_PERF_PERFORMANCE, write, &buf, &got, cap,
				err);
	if (r < 0)
		return r;
	r = mmc_parse_performance(buf, got, out, cap, n);
	free(buf);
	return r < 0 ? short_reply(err, MMC_GET_PERFORMANCE, got) : 0;
}

int mmc_mode_page_list(struct scsi_transport *t, uint8_t *codes, size_t cap,
		       size_t *n, struct mmc_error *err)
{
	*n = 0;
	uint8_t *buf = calloc(1, MODE_ALL_ALLOC);
	if (!buf)
		return -ENOMEM;
	struct scsi_cmd c;
	mmc_cdb_mode_sense10(&c, MMC_PC_CURRENT, MMC_PAGE_ALL, buf,
			     (uint16_t)MODE_ALL_ALLOC);
	size_t got = 0;
	int r = mmc_run(t, &c, 0, &got, err);
	if (r == 0 && mmc_parse_mode_page_codes(buf, got, codes, cap, n) < 0)
		r = short_reply(err, MMC_MODE_SENSE10, got);
	free(buf);
	return r;
}
