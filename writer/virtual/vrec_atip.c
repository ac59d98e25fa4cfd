/*
 * vrec_atip.c - the ATIP of the medium in the virtual recorder: what
 * READ TOC/PMA/ATIP format 0100b returns (28 bytes: header, writing
 * power and reference speed, disc type and sub-type with the A1/A2/A3
 * valid bits, lead-in start, last possible lead-out start, A1, A2, A3),
 * and the range of write speeds the medium allows, read back from those
 * very bytes as a drive reads them.
 *
 * A CD-R carries no speed values (A1/A2/A3 invalid): the drive writes it
 * at any of its own speeds.  A CD-RW does (Orange Book Part III): a High
 * Speed disc (sub-type 1) gives its CLV range in A1, an Ultra Speed disc
 * (sub-type 2) in A1 (1T strategy) and A2 (2T strategy), coded in the
 * speed tables of its class.  The values are those of real media of
 * each class.  Pure.
 */
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"

#define ATIP_LEN VREC_ATIP_LEN

static void put_msf(uint8_t *p, int32_t lba)
{
	struct msf m = msf_from_lba(lba);
	p[0] = m.m;
	p[1] = m.s;
	p[2] = m.f;
}

/* Byte 6 of the ATIP descriptor. */
#define ATIP_B6_ALWAYS 0x80
#define ATIP_B6_CDRW 0x40
#define ATIP_B6_A1 0x04
#define ATIP_B6_A2 0x02
#define ATIP_B6_A3 0x01

struct atip_class {
	uint8_t byte4; /* 1, writing power (6-4), reference speed (2-0) */
	uint8_t byte6; /* 1, disc type, sub-type (5-3), A1/A2/A3 valid */
	uint8_t a1[3], a2[3], a3[3];
};

/* CD-R: writing power 5, no speed values. */
static const struct atip_class cdr = {0xD0, ATIP_B6_ALWAYS, {0}, {0}, {0}};

/* High Speed CD-RW, 4x-10x: writing power 3, reference speed code 3,
 * sub-type 1, A1 and A2. */
static const struct atip_class cdrw_high = {
    0xB3,
    ATIP_B6_ALWAYS | ATIP_B6_CDRW | 1 << 3 | ATIP_B6_A1 | ATIP_B6_A2,
    {0x24, 0x1A, 0xD8},
    {0x26, 0xB2, 0x4A},
    {0}};

/* Ultra Speed CD-RW, 16x-24x: writing power 1, reference speed code 0,
 * sub-type 2, A1, A2 and A3. */
static const struct atip_class cdrw_ultra = {0x90,
					     ATIP_B6_ALWAYS | ATIP_B6_CDRW |
						 2 << 3 | ATIP_B6_A1 |
						 ATIP_B6_A2 | ATIP_B6_A3,
					     {0x66, 0x4A, 0x99},
					     {0x38, 0x80, 0x00},
					     {0x04, 0xC4, 0xA0}};

static const struct atip_class *class_of(const struct vrec_disc *d)
{
	if (!vdisc_erasable(d))
		return &cdr;
	return d->rw_speed == VREC_RW_ULTRA ? &cdrw_ultra : &cdrw_high;
}

int vrec_atip(const struct vrec_disc *d, uint8_t *out, size_t cap, size_t *len)
{
	const struct vrec_media_info *mi = vrec_media_info(d->media);
	const struct atip_class *c = class_of(d);
	if (cap < ATIP_LEN)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, ATIP_LEN);
	put_be16(out, ATIP_LEN - 2);
	out[4] = c->byte4;
	out[5] = 0x00; /* not for unrestricted use */
	out[6] = c->byte6;
	put_msf(out + 8, mi->leadin);
	put_msf(out + 12, mi->last_leadout);
	memcpy(out + 16, c->a1, 3);
	memcpy(out + 20, c->a2, 3);
	memcpy(out + 24, c->a3, 3);
	*len = ATIP_LEN;
	return 0;
}

/*
 * The recording speeds (times 1x) the 4-bit speed codes of A1/A2 stand
 * for, per disc sub-type: Orange Book Part III volumes 1 (standard
 * speed, sub-type 0), 2 (High Speed, 1) and 3 (Ultra Speed, 2 and 3).
 * 0: reserved.
 */
static unsigned speed_code(unsigned subtype, unsigned code)
{
	static const uint8_t standard[16] = {0, 2, 4, 6, 8};
	static const uint8_t high[16] = {0, 2, 4, 6, 10};
	static const uint8_t ultra[16] = {0,  2, 4,  8,	 0,  0,
					  16, 0, 24, 32, 40, 48};
	code &= 0x0F;
	if (subtype == 0)
		return standard[code];
	if (subtype == 1)
		return high[code];
	return ultra[code];
}

bool vrec_atip_speed_range(const uint8_t atip[ATIP_LEN], unsigned *lo,
			   unsigned *hi)
{
	if (!(atip[6] & ATIP_B6_CDRW) || !(atip[6] & ATIP_B6_A1))
		return false;
	unsigned sub = (atip[6] >> 3) & 0x07;
	/* Lowest: the lowest CLV speed of A1; highest: the higher of A1's
	 * and, on Ultra Speed media, A2's highest. */
	unsigned l = speed_code(sub, (atip[16] >> 4) & 0x07);
	unsigned h = speed_code(sub, atip[16] & 0x0F);
	if (sub >= 2 && (atip[6] & ATIP_B6_A2)) {
		unsigned h2 = speed_code(sub, atip[20] & 0x0F);
		if (h2 > h)
			h = h2;
	}
	if (h == 0)
		return false;
	if (l == 0 || l > h)
		l = h;
	*lo = l;
	*hi = h;
	return true;
}

bool vrec_medium_speed_range(const struct vrec_disc *d, unsigned *lo,
			     unsigned *hi)
{
	uint8_t atip[ATIP_LEN];
	size_t len;
	if (!vdisc_present(d) || vrec_atip(d, atip, sizeof(atip), &len))
		return false;
	return vrec_atip_speed_range(atip, lo, hi);
}
