/*
 * vrec_features.c - GET CONFIGURATION for the virtual recorder: the
 * feature descriptors of a CD-R/CD-RW Track-At-Once and (unless the
 * recorder key sao=0) Session-At-Once recorder (no DVD features), in ascending
 * feature order with Profile List (0000h) first. RT 0 (all), 1 (current), 2
 * (the one named) and the starting feature are honoured; the data length always
 * describes the whole answer.
 */
#include <string.h>

#include "bytes.h"
#include "vrec_internal.h"
#include "vrec_sao.h"

#define PROFILE_NONE 0x0000
#define PROFILE_CDROM 0x0008
#define PROFILE_CDR 0x0009
#define PROFILE_CDRW 0x000A

struct feature_ctx {
	uint8_t *out;
	size_t cap, len;
	uint8_t rt;
	uint16_t start;
	bool overflow;
};

static void add(struct feature_ctx *c, uint16_t code, uint8_t version,
		bool persistent, bool current, const uint8_t *payload,
		uint8_t plen)
{
	if (code < c->start)
		return;
	if (c->rt == 1 && !current)
		return;
	if (c->rt == 2 && code != c->start)
		return;
	if (c->len + 4 + plen > c->cap) {
		c->overflow = true;
		return;
	}
	uint8_t *p = c->out + c->len;
	put_be16(p, code);
	p[2] =
	    (uint8_t)(version << 2 | (persistent ? 2 : 0) | (current ? 1 : 0));
	p[3] = plen;
	if (plen)
		memcpy(p + 4, payload, plen);
	c->len += 4 + (size_t)plen;
}

int vrec_get_configuration(const struct vrec_disc *d, bool tray_open,
			   uint8_t rt, uint16_t start, uint8_t *out, size_t cap,
			   size_t *len)
{
	return vrec_get_configuration_sao(d, tray_open, true, rt, start, out,
					  cap, len);
}

int vrec_get_configuration_sao(const struct vrec_disc *d, bool tray_open,
			       bool sao, uint8_t rt, uint16_t start,
			       uint8_t *out, size_t cap, size_t *len)
{
	if (rt > 2)
		return VS_INVALID_FIELD_CDB;
	if (cap < 8)
		return VS_INVALID_FIELD_CDB;
	bool present = !tray_open && vdisc_present(d);
	bool rw = present && vdisc_erasable(d);
	uint16_t profile = !present ? PROFILE_NONE
			   : rw	    ? PROFILE_CDRW
				    : PROFILE_CDR;
	bool readable = present && vdisc_complete_tracks(d) > 0;
	bool writable = present && vdisc_writable(d);

	struct feature_ctx c = {out, cap, 8, rt, start, false};
	memset(out, 0, 8);
	put_be16(out + 6, profile);

	uint8_t p[16];
	/* 0000h Profile List */
	memset(p, 0, sizeof(p));
	put_be16(p, PROFILE_CDRW);
	p[2] = profile == PROFILE_CDRW;
	put_be16(p + 4, PROFILE_CDR);
	p[6] = profile == PROFILE_CDR;
	put_be16(p + 8, PROFILE_CDROM);
	p[10] = 0;
	add(&c, 0x0000, 0, true, true, p, 12);
	/* 0001h Core: ATAPI, DBE */
	memset(p, 0, sizeof(p));
	put_be32(p, 2);
	p[4] = 0x01;
	add(&c, 0x0001, 2, true, true, p, 8);
	/* 0002h Morphing: OCEvent */
	memset(p, 0, sizeof(p));
	p[0] = 0x02;
	add(&c, 0x0002, 1, true, true, p, 4);
	/* 0003h Removable Medium: tray, Load, Eject, Lock */
	memset(p, 0, sizeof(p));
	p[0] = 0x39;
	add(&c, 0x0003, 0, true, true, p, 4);
	/* 0010h Random Readable: 2048-byte blocks, blocking 1 */
	memset(p, 0, sizeof(p));
	put_be32(p, 2048);
	put_be16(p + 4, 1);
	add(&c, 0x0010, 0, false, readable, p, 8);
	/* 001Dh Multi-Read */
	add(&c, 0x001D, 0, false, present, NULL, 0);
	/* 001Eh CD Read */
	memset(p, 0, sizeof(p));
	add(&c, 0x001E, 2, false, present, p, 4);
	/* 002Dh CD Track at Once: BUF, Test Write, CD-RW; DBT 0 only */
	memset(p, 0, sizeof(p));
	p[0] = 0x46;
	put_be16(p + 2, 0x0001);
	add(&c, 0x002D, 2, false, writable, p, 4);
	/* 002Eh CD Mastering: BUF, SAO, Test Write, CD-RW (no raw, no R-W
	 * in the program area); the longest cue sheet.  Current on a blank
	 * disc: SAO writes the first session. */
	if (sao) {
		memset(p, 0, sizeof(p));
		p[0] = 0x66;
		p[1] = (uint8_t)(VREC_CUE_SHEET_MAX >> 16);
		p[2] = (uint8_t)(VREC_CUE_SHEET_MAX >> 8);
		p[3] = (uint8_t)VREC_CUE_SHEET_MAX;
		add(&c, 0x002E, 0, false, writable && d->ntracks == 0, p, 4);
	}
	/* 0037h CD-RW Media Write Support: subtypes 0 (standard), 1 (High
	   Speed) and 2 (Ultra Speed), the kinds the drive writes */
	memset(p, 0, sizeof(p));
	p[1] = 0x07;
	add(&c, 0x0037, 0, false, rw && writable, p, 4);
	/* 0107h Real Time Streaming: SET CD SPEED (SCS) and GET PERFORMANCE
	   type 03h write speed descriptors (WSPD), as libburn looks for. */
	memset(p, 0, sizeof(p));
	p[0] = 0x0A;
	add(&c, 0x0107, 3, false, true, p, 4);

	if (c.overflow)
		return VS_INVALID_FIELD_CDB;
	put_be32(out, (uint32_t)(c.len - 4));
	*len = c.len;
	return 0;
}
