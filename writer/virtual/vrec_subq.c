/*
 * vrec_subq.c - the Q sub-channel of the virtual disc, sector by sector,
 * as a drive reads it back from a Track-At-Once disc (Red Book / ECMA-130
 * section 22), and what READ SUB-CHANNEL reports from it.
 *
 * Every sector of a track's area carries mode 1 (position): the track
 * number, the index (00 in the pregap: 150 sectors on a TAO disc, what
 * the cue sheet said on an SAO one; 01 from the track's start through its
 * 2 TAO run-out sectors; 02 and up from the index points an SAO cue sheet
 * set), the relative time (counting down
 * to the track's start in the pregap, up from it after) and the absolute
 * time.  One sector in every 100 carries mode 2 (the disc's catalogue
 * number) when the disc has one, and another one in every 100 carries
 * mode 3 (the track's ISRC) inside a track that has one, each in place
 * of mode 1; the absolute frame stays in both.  Bytes 10-11 are the
 * CRC-16 (polynomial x^16 + x^12 + x^5 + 1, inverted).
 *
 * Pure functions of a struct vrec_disc.
 */
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"

/* Where in each block of 100 sectors (counted from absolute time 0) the
 * MCN and the ISRC replace the position. */
#define MCN_SLOT 25
#define ISRC_SLOT 75

static uint8_t bcd(unsigned v)
{
	return (uint8_t)((v / 10) << 4 | (v % 10));
}

static void put_bcd_msf(uint8_t *p, uint32_t frames)
{
	struct msf m = msf_from_length(frames);
	p[0] = bcd(m.m);
	p[1] = bcd(m.s);
	p[2] = bcd(m.f);
}

uint16_t vrec_q_crc(const uint8_t *p, size_t n)
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

bool vrec_q_position(const struct vrec_disc *d, int32_t lba,
		     struct vrec_qpos *out)
{
	unsigned nc = vdisc_complete_tracks(d);
	for (unsigned k = 1; k <= nc; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		if (lba < vdisc_track_first(d, k) ||
		    lba >= vdisc_track_end(d, k))
			continue;
		out->ctl = t->ctl & 0x0F;
		out->track = (uint8_t)k;
		out->index = vdisc_index_at(d, k, lba);
		out->rel = lba - t->start;
		out->lba = lba;
		return true;
	}
	return false;
}

/* A character of an ISRC in the 6-bit code of mode 3. */
static unsigned isrc6(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 17);
	return 0;
}

static void q_mode2(const char *mcn, uint8_t q[12])
{
	for (int i = 0; i < 13; i += 2) {
		unsigned hi = (unsigned)(mcn[i] - '0');
		unsigned lo = i + 1 < 13 ? (unsigned)(mcn[i + 1] - '0') : 0;
		q[1 + i / 2] = (uint8_t)(hi << 4 | lo);
	}
}

static void q_mode3(const char *isrc, uint8_t q[12])
{
	/* I1..I5 in 6 bits each, 2 zero bits, I6..I12 as BCD, 4 zero bits */
	uint64_t bits = 0;
	for (int i = 0; i < 5; i++)
		bits = bits << 6 | isrc6(isrc[i]);
	bits <<= 2;
	for (int i = 5; i < 12; i++)
		bits = bits << 4 | (unsigned)(isrc[i] - '0');
	bits <<= 4;
	for (int i = 0; i < 8; i++)
		q[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
}

/* Whether sector lba carries its track's ISRC (mode 3). */
static bool isrc_slot(const struct vrec_qpos *p, const struct vrec_track *t)
{
	return t->isrc[0] && p->index >= 1 &&
	       (p->lba + CD_PREGAP_SECTORS) % 100 == ISRC_SLOT;
}

static bool mcn_slot(const struct vrec_disc *d, int32_t lba)
{
	return d->mcn[0] && (lba + CD_PREGAP_SECTORS) % 100 == MCN_SLOT;
}

bool vrec_q_sector(const struct vrec_disc *d, int32_t lba, uint8_t q[12])
{
	struct vrec_qpos p;
	memset(q, 0, 12);
	if (!vrec_q_position(d, lba, &p))
		return false;
	const struct vrec_track *t = &d->tracks[p.track - 1];
	uint32_t abs_frames = (uint32_t)(lba + CD_PREGAP_SECTORS);
	if (mcn_slot(d, lba)) {
		q[0] = (uint8_t)(p.ctl << 4 | 2);
		q_mode2(d->mcn, q);
		q[9] = bcd(abs_frames % CD_FRAMES_PER_SECOND);
	} else if (isrc_slot(&p, t)) {
		q[0] = (uint8_t)(p.ctl << 4 | 3);
		q_mode3(t->isrc, q);
		q[9] = bcd(abs_frames % CD_FRAMES_PER_SECOND);
	} else {
		q[0] = (uint8_t)(p.ctl << 4 | 1);
		q[1] = bcd(p.track);
		q[2] = bcd(p.index);
		put_bcd_msf(q + 3, (uint32_t)(p.rel < 0 ? -p.rel : p.rel));
		put_bcd_msf(q + 7, abs_frames);
	}
	put_be16(q + 10, vrec_q_crc(q, 10));
	return true;
}

void vrec_pw_raw(const uint8_t q[12], bool p_flag, uint8_t out[96])
{
	/* One byte per bit time: bit 7 is P, bit 6 Q, bits 5-0 R-W (no
	 * CD-TEXT or graphics: zero). */
	for (int i = 0; i < 96; i++) {
		bool qb = (q[i / 8] >> (7 - i % 8)) & 1;
		out[i] = (uint8_t)((p_flag ? 0x80 : 0) | (qb ? 0x40 : 0));
	}
}

/* ---- READ SUB-CHANNEL ---- */

/* 4-byte address: LBA, or 00 M S F (binary, as READ TOC). */
static void put_addr(uint8_t *p, int32_t lba, bool msf)
{
	if (msf) {
		struct msf m = msf_from_lba(lba);
		p[0] = 0;
		p[1] = m.m;
		p[2] = m.s;
		p[3] = m.f;
	} else {
		put_be32(p, (uint32_t)lba);
	}
}

/* The absolute frame of the first sector of [from, to) in the given slot
 * of each 100, for the AFRAME byte of formats 02h/03h. */
static uint8_t aframe(int32_t from, unsigned slot)
{
	int32_t a = from + CD_PREGAP_SECTORS;
	int32_t r = a % 100;
	a += ((int32_t)slot - r + 100) % 100;
	return (uint8_t)(a % CD_FRAMES_PER_SECOND);
}

int vrec_read_subchannel(const struct vrec_disc *d,
			 const struct vrec_subq_req *req, uint8_t *out,
			 size_t cap, size_t *len)
{
	if (cap < 24)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, 24);
	out[1] = req->audio_status;
	if (!req->subq) { /* the header only */
		*len = 4;
		return 0;
	}
	size_t n;
	switch (req->format) {
	case 0x01: {
		struct vrec_qpos p;
		n = 16;
		out[4] = 0x01;
		if (!vrec_q_position(d, req->position, &p)) {
			/* Not over a track (a blank disc): no position. */
			put_be16(out + 2, (uint16_t)(n - 4));
			*len = n;
			return 0;
		}
		out[5] = (uint8_t)(0x10 | p.ctl);
		out[6] = p.track;
		out[7] = p.index;
		put_addr(out + 8, p.lba, req->msf);
		if (req->msf) {
			struct msf m = msf_from_length(
			    (uint32_t)(p.rel < 0 ? -p.rel : p.rel));
			out[13] = m.m;
			out[14] = m.s;
			out[15] = m.f;
		} else {
			put_be32(out + 12, (uint32_t)p.rel);
		}
		break;
	}
	case 0x02: {
		n = 24;
		out[4] = 0x02;
		if (d->mcn[0]) {
			out[8] = 0x80; /* MCVal */
			memcpy(out + 9, d->mcn, 13);
			out[23] = aframe(0, MCN_SLOT);
		}
		break;
	}
	case 0x03: {
		unsigned nc = vdisc_complete_tracks(d);
		if (req->track < 1 || req->track > nc)
			return VS_INVALID_FIELD_CDB;
		const struct vrec_track *t = &d->tracks[req->track - 1];
		n = 24;
		out[4] = 0x03;
		out[5] = (uint8_t)(0x30 | (t->ctl & 0x0F));
		out[6] = req->track;
		if (t->isrc[0]) {
			out[8] = 0x80; /* TCVal */
			memcpy(out + 9, t->isrc, 12);
			out[22] = aframe(t->start, ISRC_SLOT);
		}
		break;
	}
	default:
		return VS_INVALID_FIELD_CDB;
	}
	put_be16(out + 2, (uint16_t)(n - 4));
	*len = n;
	return 0;
}
