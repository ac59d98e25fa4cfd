/*
 * vrec_report.c - what the virtual recorder reports about its disc:
 * READ DISC INFORMATION, READ TRACK INFORMATION, READ TOC/PMA/ATIP
 * (formats 0, 1, 2, 4, and 5 with the CD-TEXT of vrec_cdtext.c) and READ
 * CAPACITY, built from a
 * struct vrec_disc.
 *
 * Pure functions.  The caller has already checked that a medium is
 * present.  Choices where real drives differ are documented in
 * doc/virtual-recorder.md: the tracks of an open session are reported in
 * TOC formats 0, 1 and 2 (with a provisional lead-out), B0 points at the
 * next session's first NWA, Free Blocks counts to the last possible
 * lead-out start.
 */
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"
#include "vrec_sao.h"

#define DISC_INFO_LEN 34
#define TRACK_INFO_LEN 36

static void put_msf(uint8_t *p, int32_t lba)
{
	struct msf m = msf_from_lba(lba);
	p[0] = m.m;
	p[1] = m.s;
	p[2] = m.f;
}

/* 4-byte address field: LBA, or 00 M S F. */
static void put_addr(uint8_t *p, int32_t lba, bool msf)
{
	if (msf) {
		p[0] = 0;
		put_msf(p + 1, lba);
	} else {
		put_be32(p, (uint32_t)lba);
	}
}

int vrec_read_disc_information(const struct vrec_disc *d, uint8_t *out,
			       size_t cap, size_t *len)
{
	if (cap < DISC_INFO_LEN)
		return VS_INVALID_FIELD_CDB;
	const struct vrec_media_info *mi = vrec_media_info(d->media);
	int status = vdisc_status(d);
	unsigned nsess, first, last;
	if (status == VREC_DISC_BLANK) {
		nsess = first = last = 1;
	} else if (d->finalized) {
		nsess = d->nsessions;
		first = d->sessions[nsess - 1].first_track;
		last = d->ntracks;
	} else if (vdisc_session_open(d)) {
		nsess = d->nsessions;
		first = d->sessions[nsess - 1].first_track;
		last = d->track_open ? d->ntracks : d->ntracks + 1;
	} else { /* appendable: an empty session follows */
		nsess = d->nsessions + 1;
		first = last = d->ntracks + 1;
	}
	memset(out, 0, DISC_INFO_LEN);
	put_be16(out, DISC_INFO_LEN - 2);
	out[2] = (uint8_t)((mi->erasable ? 0x10 : 0) |
			   vdisc_last_session_state(d) << 2 | status);
	out[3] = 1;
	out[4] = (uint8_t)nsess;
	out[5] = (uint8_t)first;
	out[6] = (uint8_t)last;
	out[7] = 0x20; /* URU */
	out[8] = 0x00; /* CD-DA or CD-ROM */
	out[9] = (uint8_t)(nsess >> 8);
	out[10] = (uint8_t)(first >> 8);
	out[11] = (uint8_t)(last >> 8);
	if (d->finalized) {
		memset(out + 16, 0xFF, 8);
	} else {
		int32_t leadin = mi->leadin;
		unsigned s = vdisc_next_session(d);
		if (s > 1) {
			/* Lead-in of a later session: 4500 blocks before
			 * its first pregap. */
			int32_t first_nwa =
			    vdisc_session_open(d)
				? d->tracks[d->sessions[s - 1].first_track - 1]
				      .start
				: vdisc_nwa(d);
			leadin = first_nwa - CD_PREGAP_SECTORS - 4500;
		}
		put_addr(out + 16, leadin, true);
		put_addr(out + 20, mi->last_leadout, true);
	}
	*len = DISC_INFO_LEN;
	return 0;
}

/* Which track a READ TRACK INFORMATION request names: 1..ntracks, or 0
 * for the invisible track; negative: a VSENSE code. */
static int resolve_track(const struct vrec_disc *d, uint8_t type,
			 uint32_t number)
{
	bool writable = vdisc_writable(d);
	bool invisible_ok = writable && !d->track_open;
	int32_t last_lo = vrec_media_info(d->media)->last_leadout;
	switch (type) {
	case 0: { /* LBA */
		int32_t lba = (int32_t)number;
		for (unsigned k = 1; k <= d->ntracks; k++) {
			int32_t lo = vdisc_track_first(d, k);
			int32_t hi = (d->track_open && k == d->ntracks)
					 ? last_lo
					 : vdisc_track_end(d, k);
			if (lba >= lo && lba < hi)
				return (int)k;
		}
		if (invisible_ok) {
			int32_t nwa = vdisc_nwa(d);
			if (lba >= nwa - CD_PREGAP_SECTORS && lba < last_lo)
				return 0;
		}
		return -VS_INVALID_FIELD_CDB;
	}
	case 1: /* track number */
		if (number == 0)
			return -VS_INVALID_FIELD_CDB;
		if (number == 0xFF && d->track_open)
			return (int)d->ntracks;
		if (number <= d->ntracks)
			return (int)number;
		if ((number == 0xFF || number == d->ntracks + 1) &&
		    invisible_ok)
			return 0;
		return -VS_INVALID_FIELD_CDB;
	case 2: /* session number */
		if (number >= 1 && number <= d->nsessions)
			return d->sessions[number - 1].first_track;
		if (number == d->nsessions + 1 && invisible_ok &&
		    !vdisc_session_open(d))
			return 0;
		return -VS_INVALID_FIELD_CDB;
	}
	return -VS_INVALID_FIELD_CDB;
}

int vrec_read_track_information(const struct vrec_disc *d, uint8_t type,
				uint32_t number, uint8_t track_mode,
				uint8_t *out, size_t cap, size_t *len)
{
	if (cap < TRACK_INFO_LEN)
		return VS_INVALID_FIELD_CDB;
	int k = resolve_track(d, type, number);
	if (k < 0)
		return -k;
	int32_t last_lo = vrec_media_info(d->media)->last_leadout;
	memset(out, 0, TRACK_INFO_LEN);
	put_be16(out, TRACK_INFO_LEN - 2);
	if (k == 0) {
		int32_t nwa = vdisc_nwa(d);
		uint32_t free_blocks = vdisc_free_blocks(d);
		out[2] = (uint8_t)(d->ntracks + 1);
		out[3] = (uint8_t)vdisc_next_session(d);
		out[5] = track_mode & 0x0F;
		out[6] = 0x40 | 0x0F; /* Blank, data mode unknown */
		out[7] = 0x01;	      /* NWA_V */
		put_be32(out + 8, (uint32_t)nwa);
		put_be32(out + 12, (uint32_t)nwa);
		put_be32(out + 16, free_blocks);
		put_be32(out + 24, free_blocks);
	} else {
		const struct vrec_track *t = &d->tracks[k - 1];
		bool open = d->track_open && (unsigned)k == d->ntracks;
		out[2] = (uint8_t)k;
		out[3] = t->session;
		out[5] = (uint8_t)((t->ctl & 0x0F) | (t->damaged ? 0x20 : 0));
		out[6] = 0x0F;
		put_be32(out + 8, (uint32_t)t->start);
		if (t->length)
			put_be32(out + 28,
				 (uint32_t)(t->start + (int32_t)t->length - 1));
		if (open) {
			int32_t nwa = t->start + (int32_t)t->length;
			uint32_t free_blocks =
			    nwa < last_lo ? (uint32_t)(last_lo - nwa) : 0;
			out[7] = (uint8_t)(0x01 | (t->length ? 0x02 : 0));
			put_be32(out + 12, (uint32_t)nwa);
			put_be32(out + 16, free_blocks);
			put_be32(out + 24, t->length + free_blocks);
		} else {
			out[7] = 0x02; /* LRA_V */
			put_be32(out + 24, t->length + t->runout);
		}
	}
	*len = TRACK_INFO_LEN;
	return 0;
}

/* The last session that holds a complete track, 0 if none. */
static unsigned listed_sessions(const struct vrec_disc *d)
{
	unsigned nc = vdisc_complete_tracks(d);
	return nc ? d->tracks[nc - 1].session : 0;
}

static int toc_formatted(const struct vrec_disc *d, bool msf, uint8_t number,
			 uint8_t *out, size_t cap, size_t *len)
{
	unsigned nc = vdisc_complete_tracks(d);
	unsigned first = number == 0 ? 1 : number;
	if (number == 0xAA)
		first = nc + 1;
	else if (first > nc)
		return VS_INVALID_FIELD_CDB;
	size_t n = 4;
	for (unsigned k = first; k <= nc + 1; k++) {
		if (n + 8 > cap)
			return VS_INVALID_FIELD_CDB;
		uint8_t *p = out + n;
		memset(p, 0, 8);
		if (k <= nc) {
			p[1] = (uint8_t)(0x10 | d->tracks[k - 1].ctl);
			p[2] = (uint8_t)k;
			put_addr(p + 4, d->tracks[k - 1].start, msf);
		} else {
			p[1] = (uint8_t)(0x10 | d->tracks[nc - 1].ctl);
			p[2] = 0xAA;
			put_addr(p + 4,
				 vdisc_session_leadout(d, listed_sessions(d)),
				 msf);
		}
		n += 8;
	}
	put_be16(out, (uint16_t)(n - 2));
	out[2] = 1;
	out[3] = (uint8_t)nc;
	*len = n;
	return 0;
}

static int toc_multisession(const struct vrec_disc *d, bool msf, uint8_t *out,
			    size_t cap, size_t *len)
{
	if (cap < 12)
		return VS_INVALID_FIELD_CDB;
	unsigned ls = listed_sessions(d);
	unsigned first = d->sessions[ls - 1].first_track;
	memset(out, 0, 12);
	put_be16(out, 10);
	out[2] = 1;
	out[3] = (uint8_t)ls;
	out[5] = (uint8_t)(0x10 | d->tracks[first - 1].ctl);
	out[6] = (uint8_t)first;
	put_addr(out + 8, d->tracks[first - 1].start, msf);
	*len = 12;
	return 0;
}

struct raw_ctx {
	uint8_t *out;
	size_t cap, n;
	bool overflow;
};

static uint8_t *raw_entry(struct raw_ctx *c, unsigned session, uint8_t adrctl,
			  uint8_t point)
{
	if (c->n + 11 > c->cap) {
		c->overflow = true;
		return NULL;
	}
	uint8_t *p = c->out + c->n;
	memset(p, 0, 11);
	p[0] = (uint8_t)session;
	p[1] = adrctl;
	p[3] = point;
	c->n += 11;
	return p;
}

static int toc_raw(const struct vrec_disc *d, uint8_t number, uint8_t *out,
		   size_t cap, size_t *len)
{
	const struct vrec_media_info *mi = vrec_media_info(d->media);
	unsigned nc = vdisc_complete_tracks(d);
	unsigned ls = listed_sessions(d);
	unsigned from = number ? number : 1;
	if (from > ls)
		return VS_INVALID_FIELD_CDB;
	struct raw_ctx c = {out, cap, 4, false};
	uint8_t *p;
	for (unsigned s = from; s <= ls; s++) {
		const struct vrec_session *ss = &d->sessions[s - 1];
		unsigned first = ss->first_track;
		unsigned last = ss->last_track < nc ? ss->last_track : nc;
		uint8_t ctl1 = (uint8_t)(0x10 | d->tracks[first - 1].ctl);
		uint8_t ctln = (uint8_t)(0x10 | d->tracks[last - 1].ctl);
		if ((p = raw_entry(&c, s, ctl1, 0xA0))) {
			p[8] = (uint8_t)first;
			p[9] = 0x00; /* disc type: CD-DA / CD-ROM */
		}
		if ((p = raw_entry(&c, s, ctln, 0xA1)))
			p[8] = (uint8_t)last;
		if ((p = raw_entry(&c, s, ctln, 0xA2)))
			put_msf(p + 8, vdisc_session_leadout(d, s));
		for (unsigned k = first; k <= last; k++)
			if ((p = raw_entry(
				 &c, s, (uint8_t)(0x10 | d->tracks[k - 1].ctl),
				 (uint8_t)k)))
				put_msf(p + 8, d->tracks[k - 1].start);
		if (ss->closed && ss->ms != VREC_MS_FINAL &&
		    (p = raw_entry(&c, s, 0x50, 0xB0))) {
			if (ss->ms == VREC_MS_NEXT)
				put_msf(p + 4,
					ss->leadout +
					    (s == 1
						 ? CD_NEXT_SESSION_GAP_FIRST
						 : CD_NEXT_SESSION_GAP_LATER));
			else
				memset(p + 4, 0xFF, 3);
			p[7] = s == 1 ? 2 : 1; /* mode-5 pointers */
			put_msf(p + 8, mi->last_leadout);
		}
		if (s == 1 && (p = raw_entry(&c, s, 0x50, 0xC0)))
			put_msf(p + 8, mi->leadin);
	}
	if (c.overflow)
		return VS_INVALID_FIELD_CDB;
	put_be16(out, (uint16_t)(c.n - 2));
	out[2] = 1;
	out[3] = (uint8_t)ls;
	*len = c.n;
	return 0;
}

int vrec_read_toc(const struct vrec_disc *d, uint8_t format, bool msf,
		  uint8_t number, uint8_t *out, size_t cap, size_t *len)
{
	if (format == 4)
		return vrec_atip(d, out, cap, len);
	if (format == 5) /* CD-TEXT: the packs, or an empty answer */
		return vrec_toc_cdtext(d, out, cap, len);
	if (format > 2)
		return VS_INVALID_FIELD_CDB;
	if (cap < 4 || vdisc_complete_tracks(d) == 0)
		return VS_INVALID_FIELD_CDB; /* blank: no TOC */
	if (format == 0)
		return toc_formatted(d, msf, number, out, cap, len);
	if (format == 1)
		return toc_multisession(d, msf, out, cap, len);
	return toc_raw(d, number, out, cap, len);
}

int vrec_read_capacity(const struct vrec_disc *d, uint8_t *out, size_t cap,
		       size_t *len)
{
	if (cap < 8)
		return VS_INVALID_FIELD_CDB;
	int32_t last = 0;
	unsigned ls = listed_sessions(d);
	if (ls)
		last = vdisc_session_leadout(d, ls) - 1;
	put_be32(out, (uint32_t)last);
	put_be32(out + 4, 2048);
	*len = 8;
	return 0;
}
