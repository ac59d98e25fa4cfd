/*
 * vrec_read.c - reading the recorded audio back: READ CD (BEh) and READ
 * CD MSF (B9h) return the stored 2352-byte CD-DA sectors of recorded
 * tracks, with the C2 error bits (all zero: the disc reads without
 * error) and the sub-channel (formatted Q or raw P-W, vrec_subq.c) when
 * asked.  Pregaps and the 2 run-out sectors after a TAO track read as
 * silence; outside the recorded area: 05/21/00 with the first LBA that
 * is not there in the sense's INFORMATION field.  READ(10) is refused
 * with 05/64/00: CD-DA sectors have no 2048-byte form.
 *
 * Two faults of real drives and discs can be configured: read_offset=N
 * makes sector LBA return the 2352 bytes that start N samples (4-byte
 * stereo frames) after LBA * 2352 in IMAGE.bin, as a drive with a read
 * offset does (bytes before the start of the image read as zeros);
 * corrupt=A-B alters, on every read, the bytes recorded in sectors A..B
 * (the low bit of every sample flipped) while IMAGE.bin stays right:
 * a disc that reads back wrong without any error; corrupt_q=A-B gives
 * those sectors the Q position (track, index) of sector A-1, a drive
 * that misreads the sub-channel.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_cmd.h"
#include "vrec_device.h"

/* 0 when lba is readable, else the sense for it: a track's pregap, its
 * sectors and, once it is complete, its 2 run-out sectors (silence). */
static int readable(const struct vrec_disc *d, int32_t lba)
{
	if (lba < 0)
		return VS_LBA_OUT_OF_RANGE;
	for (unsigned k = 1; k <= d->ntracks; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		int32_t end = t->start + (int32_t)t->length;
		if (!(d->track_open && k == d->ntracks))
			end += t->runout;
		if (lba >= vdisc_track_first(d, k) && lba < end)
			return 0;
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

/* The bytes READ CD returns per sector, from CDB bytes 9 and 10. */
struct read_cd_form {
	size_t user; /* 2352 or 0 */
	size_t c2;   /* 0, 294 or 296 */
	uint8_t sub; /* 0, 1 (raw P-W, 96) or 2 (formatted Q, 16) */
	size_t per;  /* all of them */
};

static int read_cd_form(const uint8_t *cdb, struct read_cd_form *f)
{
	uint8_t type = (cdb[1] >> 2) & 0x07;
	if (type > 1) /* a data sector type on an audio disc */
		return VS_ILLEGAL_MODE_FOR_TRACK;
	/* CD-DA has no sync, header or EDC: any of them means the 2352
	 * bytes. */
	f->user = (cdb[9] & 0xF8) ? CD_SECTOR_BYTES : 0;
	uint8_t c2f = (cdb[9] >> 1) & 0x03;
	if (c2f == 3)
		return VS_INVALID_FIELD_CDB;
	f->c2 = c2f == 1 ? 294 : c2f == 2 ? 296 : 0;
	f->sub = cdb[10] & 0x07;
	if (f->sub > 2) /* de-interleaved R-W (100b) and reserved */
		return VS_INVALID_FIELD_CDB;
	f->per = f->user + f->c2 + (f->sub == 1 ? 96 : f->sub == 2 ? 16 : 0);
	return 0;
}

/*
 * The corrupt_q misread: a position (mode 1) in the configured sectors
 * carries the track and index of the sector before them, its CRC made to
 * fit (an index point there is read back late).
 */
static void misread_q(const struct vrec *v, const struct vrec_disc *d,
		      int32_t lba, uint8_t q[12])
{
	if (!v->cfg.n_corrupt_q || lba < v->cfg.corrupt_q.first ||
	    lba > v->cfg.corrupt_q.last || (q[0] & 0x0F) != 1)
		return;
	struct vrec_qpos before;
	if (!vrec_q_position(d, v->cfg.corrupt_q.first - 1, &before))
		return;
	q[1] = (uint8_t)((before.track / 10) << 4 | before.track % 10);
	q[2] = (uint8_t)((before.index / 10) << 4 | before.index % 10);
	put_be16(q + 10, vrec_q_crc(q, 10));
}

/* The sub-channel part of one sector. */
static void put_subchannel(const struct vrec *v, const struct vrec_disc *d,
			   int32_t lba, uint8_t sub, uint8_t *p)
{
	uint8_t q[12];
	bool on_track = vrec_q_sector(d, lba, q);
	if (on_track)
		misread_q(v, d, lba, q);
	if (sub == 2) {
		memcpy(p, q, 12);
		memset(p + 12, 0, 4);
		return;
	}
	struct vrec_qpos pos;
	bool pause =
	    on_track && vrec_q_position(d, lba, &pos) && pos.index == 0;
	vrec_pw_raw(q, pause, p);
}

/* Fails the read at lba: the sense, with the LBA in INFORMATION. */
static int fail_at(struct vrec *v, int s, int32_t lba)
{
	v->sense_info_valid = true;
	v->sense_info = (uint32_t)lba;
	return s;
}

/*
 * READ CD (BEh) and READ CD MSF (B9h): n sectors from lba in the form
 * the CDB asks for.
 */
static int read_cd(struct vrec *v, const struct scsi_cmd *c, int32_t lba,
		   uint32_t n, size_t *xfer)
{
	struct read_cd_form f;
	int s = read_cd_form(c->cdb, &f);
	if (s)
		return s;
	if (n == 0 || f.per == 0)
		return 0;
	if (!c->data || c->data_len < f.per)
		return VS_INVALID_FIELD_CDB;
	if (n > c->data_len / f.per)
		n = (uint32_t)(c->data_len / f.per);
	const struct vrec_disc *d = vrec_cur(v);
	for (uint32_t i = 0; i < n; i++) {
		s = readable(d, lba + (int32_t)i);
		if (s)
			return fail_at(v, s, lba + (int32_t)i);
	}
	uint8_t *out = c->data;
	for (uint32_t i = 0; i < n; i++) {
		int32_t at = lba + (int32_t)i;
		uint8_t *p = out + (size_t)i * f.per;
		memset(p, 0, f.user + f.c2);
		int64_t off = (int64_t)at * CD_SECTOR_BYTES +
			      (int64_t)v->cfg.read_offset * 4;
		if (f.user && read_recorded(v, off, p, f.user) < 0) {
			vrec_log(v, "reading LBA %d from %s: %s", (int)at,
				 v->bin_path, strerror(errno));
			return fail_at(v, VS_READ_ERROR, at);
		}
		if (f.sub)
			put_subchannel(v, d, at, f.sub, p + f.user + f.c2);
		v->head = at;
	}
	*xfer = (size_t)n * f.per;
	return 0;
}

int vrec_cmd_read_cd(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	return read_cd(v, c, (int32_t)get_be32(c->cdb + 2),
		       get_be24(c->cdb + 6), xfer);
}

int vrec_cmd_read_cd_msf(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	const uint8_t *cdb = c->cdb;
	if (cdb[4] > 59 || cdb[5] > 74 || cdb[7] > 59 || cdb[8] > 74)
		return VS_INVALID_FIELD_CDB;
	int32_t start = msf_to_lba((struct msf){cdb[3], cdb[4], cdb[5]});
	int32_t end = msf_to_lba((struct msf){cdb[6], cdb[7], cdb[8]});
	if (end < start)
		return VS_INVALID_FIELD_CDB;
	return read_cd(v, c, start, (uint32_t)(end - start), xfer);
}

int vrec_cmd_read10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	(void)xfer;
	int32_t lba = (int32_t)get_be32(c->cdb + 2);
	uint32_t n = get_be16(c->cdb + 7);
	const struct vrec_disc *d = vrec_cur(v);
	for (uint32_t i = 0; i < n; i++) {
		int s = readable(d, lba + (int32_t)i);
		if (s)
			return fail_at(v, s, lba + (int32_t)i);
	}
	/* Every recorded sector is CD-DA, which has no 2048-byte form. */
	return n ? fail_at(v, VS_ILLEGAL_MODE_FOR_TRACK, lba) : 0;
}
