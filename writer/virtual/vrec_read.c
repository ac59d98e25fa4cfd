/*
 * vrec_read.c - reading the recorded audio back: READ CD (BEh) and
 * READ(10).  Both return the stored 2352-byte CD-DA sectors of recorded
 * tracks (READ(10) as if the block length were 2352, since audio has no
 * 2048-byte form).  Pregaps read as silence; the 2 run-out sectors after a
 * TAO track are unreadable (03/11/00); outside the recorded area:
 * 05/21/00.  READ CD may add C2 error bits (all zero); subchannel data is
 * not provided (05/24/00).
 *
 * Two faults of real drives and discs can be configured: read_offset=N
 * makes sector LBA return the 2352 bytes that start N samples (4-byte
 * stereo frames) after LBA * 2352 in IMAGE.bin, as a drive with a read
 * offset does (bytes before the start of the image read as zeros);
 * corrupt=A-B alters, on every read, the bytes recorded in sectors A..B
 * (the low bit of every sample flipped) while IMAGE.bin stays right:
 * a disc that reads back wrong without any error.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_device.h"

/* 0 when lba is readable, else the sense for it. */
static int readable(const struct vrec_disc *d, int32_t lba)
{
	for (unsigned k = 1; k <= d->ntracks; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		int32_t end = t->start + (int32_t)t->length;
		if (lba >= t->start - CD_PREGAP_SECTORS && lba < end)
			return lba < 0 ? VS_LBA_OUT_OF_RANGE : 0;
		if (lba >= end && lba < end + CD_TAO_RUNOUT_SECTORS &&
		    !(d->track_open && k == d->ntracks))
			return VS_READ_ERROR;
	}
	return VS_LBA_OUT_OF_RANGE;
}

/* Whether the recorded sector lba is configured to read back wrong. */
static bool corrupt(const struct vrec *v, int64_t lba)
{
	for (unsigned i = 0; i < v->cfg.n_corrupt; i++)
		if (lba >= v->cfg.corrupt[i].first &&
		    lba <= v->cfg.corrupt[i].last)
			return true;
	return false;
}

/*
 * len bytes of IMAGE.bin from byte off (may be negative) into p (zeroed
 * by the caller): nothing before 0 or past the end; corrupt sectors
 * altered.  -1 with errno on a read error.
 */
static int read_recorded(const struct vrec *v, int64_t off, uint8_t *p,
			 size_t len)
{
	size_t skip = off < 0 ? (size_t)-off : 0;
	if (skip >= len)
		return 0;
	size_t got = skip;
	while (got < len) {
		ssize_t r = pread(v->bin_fd, p + got, len - got,
				  (off_t)(off + (int64_t)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break; /* past the end: silence */
		got += (size_t)r;
	}
	if (v->cfg.n_corrupt == 0)
		return 0;
	/* Flip the low bit of every sample (2-byte aligned) in bad sectors. */
	for (size_t i = skip; i < len; i++) {
		int64_t b = off + (int64_t)i;
		if ((b & 1) == 0 && corrupt(v, b / CD_SECTOR_BYTES))
			p[i] ^= 0x01;
	}
	return 0;
}

int vrec_cmd_read(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	const uint8_t *cdb = c->cdb;
	int32_t lba = (int32_t)get_be32(cdb + 2);
	uint32_t n;
	size_t user = CD_SECTOR_BYTES, c2 = 0;
	if (cdb[0] == MMC_READ_CD) {
		uint8_t type = (cdb[1] >> 2) & 0x07;
		if (type > 1) /* a data sector type on an audio disc */
			return VS_ILLEGAL_MODE_FOR_TRACK;
		if (cdb[10] & 0x07)
			return VS_INVALID_FIELD_CDB;
		n = get_be24(cdb + 6);
		user = (cdb[9] & 0x10) ? CD_SECTOR_BYTES : 0;
		uint8_t c2f = (cdb[9] >> 1) & 0x03;
		c2 = c2f == 1 ? 294 : c2f == 2 ? 296 : 0;
		if (c2f == 3)
			return VS_INVALID_FIELD_CDB;
	} else {
		n = get_be16(cdb + 7);
	}
	size_t per = user + c2;
	if (n == 0 || per == 0)
		return 0;
	if (!c->data || c->data_len < per)
		return VS_INVALID_FIELD_CDB;
	if (n > c->data_len / per)
		n = (uint32_t)(c->data_len / per);
	const struct vrec_disc *d = vrec_cur(v);
	for (uint32_t i = 0; i < n; i++) {
		int s = readable(d, lba + (int32_t)i);
		if (s)
			return s;
	}
	uint8_t *out = c->data;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *p = out + (size_t)i * per;
		memset(p, 0, per);
		if (!user)
			continue;
		int64_t off = (int64_t)(lba + (int32_t)i) * CD_SECTOR_BYTES +
			      (int64_t)v->cfg.read_offset * 4;
		if (read_recorded(v, off, p, user) < 0) {
			vrec_log(v, "reading LBA %d from %s: %s",
				 (int)(lba + (int32_t)i), v->bin_path,
				 strerror(errno));
			return VS_READ_ERROR;
		}
	}
	*xfer = (size_t)n * per;
	return 0;
}
