/*
 * vrec_mode.c - the virtual recorder's mode pages and the MODE SENSE /
 * MODE SELECT parameter data (6- and 10-byte forms):
 *   01h Read/Write Error Recovery  (retry counts changeable)
 *   05h Write Parameters           (length 32h; TAO and SAO selectable)
 *   0Eh CD Audio Control           (SOTC, output port channels, volumes)
 *   2Ah MM Capabilities and Mechanical Status (read-only; speeds, buffer)
 *   3Fh all of the above
 * No block descriptors are returned (as MMC drives); MODE SELECT accepts
 * and ignores them.  Saved values are not supported (05/39/00).
 */
#include <string.h>

#include "bytes.h"
#include "cd_speed.h"
#include "msf.h"
#include "vrec_internal.h"

static const uint8_t page01_default[VREC_PAGE01_LEN] = {
    0x01, 0x0A, 0x00, 0x05, 0, 0, 0, 0, 0x05, 0, 0, 0,
};
static const uint8_t page01_changeable[VREC_PAGE01_LEN] = {
    0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0, 0, 0,
};

/*
 * CD Audio Control (MMC-5): Immed always 1, SOTC 0; output port 0 plays
 * the left channel (0001b), port 1 the right (0010b), both at full
 * volume; ports 2 and 3 are not there.
 */
static const uint8_t page0e_default[VREC_PAGE0E_LEN] = {
    0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0, 0x01, 0xFF, 0x02, 0xFF, 0, 0, 0, 0,
};
/* SOTC, and the channel selection and volume of ports 0 and 1. */
static const uint8_t page0e_changeable[VREC_PAGE0E_LEN] = {
    0, 0, 0x02, 0, 0, 0, 0, 0, 0x0F, 0xFF, 0x0F, 0xFF, 0, 0, 0, 0,
};

/*
 * Write Parameters: TAO, audio track mode 0, data block type 0 (2352-byte
 * raw), audio pause 150.
 */
static void page05_default(uint8_t *p)
{
	memset(p, 0, VREC_PAGE05_LEN);
	p[0] = 0x05;
	p[1] = VREC_PAGE05_LEN - 2;
	p[2] = 0x01;
	put_be16(p + 14, CD_PREGAP_SECTORS);
}

static void page05_changeable(uint8_t *p)
{
	memset(p, 0, VREC_PAGE05_LEN);
	p[2] = 0x7F;		  /* BUFE, LS_V, Test Write, Write Type */
	p[3] = 0xFF;		  /* Multi-session, FP, Copy, Track Mode */
	p[4] = 0x0F;		  /* Data Block Type */
	p[5] = 0xFF;		  /* Link Size */
	p[7] = 0x3F;		  /* Host Application Code */
	p[8] = 0xFF;		  /* Session Format */
	memset(p + 10, 0xFF, 4);  /* Packet Size */
	memset(p + 14, 0xFF, 2);  /* Audio Pause Length */
	memset(p + 16, 0xFF, 36); /* MCN, ISRC, Subheader */
}

void vrec_mode_init(struct vrec_mode *m)
{
	memcpy(m->page01, page01_default, sizeof(m->page01));
	memcpy(m->page0e, page0e_default, sizeof(m->page0e));
	page05_default(m->page05);
}

void vrec_p05_mcn(const struct vrec_mode *m, char out[14])
{
	out[0] = '\0';
	if (!(m->page05[16] & 0x80))
		return;
	for (int i = 0; i < 13; i++) {
		uint8_t c = m->page05[17 + i];
		if (c < '0' || c > '9') {
			out[0] = '\0';
			return;
		}
		out[i] = (char)c;
	}
	out[13] = '\0';
}

void vrec_p05_isrc(const struct vrec_mode *m, char out[13])
{
	out[0] = '\0';
	if (!(m->page05[32] & 0x80))
		return;
	for (int i = 0; i < 12; i++) {
		uint8_t c = m->page05[33 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
			out[0] = '\0';
			return;
		}
		out[i] = (char)c;
	}
	out[12] = '\0';
}

static size_t page2a_len(const struct vrec_caps *c)
{
	return 32 + 4 * c->write_speeds->n;
}

static void page2a_build(const struct vrec_caps *c, uint8_t pc, uint8_t *p)
{
	size_t len = page2a_len(c);
	memset(p, 0, len);
	p[0] = 0x2A;
	p[1] = (uint8_t)(len - 2);
	if (pc == 1) /* nothing is changeable */
		return;
	unsigned write_x = pc == 2 ? c->write_speeds->x[0] : c->write_x;
	unsigned read_x = pc == 2 ? c->speeds->x[0] : c->read_x;
	p[2] = 0x03; /* reads CD-R, CD-RW */
	p[3] = 0x07; /* writes CD-R, CD-RW; Test Write */
	p[4] = 0xF1; /* BUF, multi-session, Mode 2 Form 1/2, audio play */
	/* UPC, ISRC, C2 pointers (all zero), R-W (raw P-W with READ CD),
	 * CD-DA stream accurate, CD-DA commands */
	p[5] = 0x77;
	p[6] = 0x29; /* tray loading mechanism, eject, lock */
	if (c->prevent && pc == 0)
		p[6] |= 0x02; /* lock state */
	put_be16(p + 8, speed_x_to_kbps(c->speeds->x[0]));
	put_be16(p + 10, 0x0100); /* volume levels */
	put_be16(p + 12, (uint16_t)(c->buffer_bytes / 1024));
	put_be16(p + 14, speed_x_to_kbps(read_x));
	put_be16(p + 18, speed_x_to_kbps(c->write_speeds->x[0]));
	put_be16(p + 20, speed_x_to_kbps(write_x));
	put_be16(p + 28, speed_x_to_kbps(write_x));
	/* Write speed descriptors: those of the loaded medium. */
	put_be16(p + 30, (uint16_t)c->write_speeds->n);
	for (unsigned i = 0; i < c->write_speeds->n; i++)
		put_be16(p + 32 + 4 * i + 2,
			 speed_x_to_kbps(c->write_speeds->x[i]));
}

static size_t put_page(const struct vrec_mode *m, const struct vrec_caps *c,
		       uint8_t pc, uint8_t page, uint8_t *p)
{
	switch (page) {
	case 0x01:
		if (pc == 1) {
			memcpy(p, page01_changeable, VREC_PAGE01_LEN);
			p[0] = 0x01;
			p[1] = 0x0A;
		} else {
			memcpy(p, pc == 2 ? page01_default : m->page01,
			       VREC_PAGE01_LEN);
		}
		return VREC_PAGE01_LEN;
	case 0x05:
		if (pc == 1) {
			page05_changeable(p);
			p[0] = 0x05;
			p[1] = VREC_PAGE05_LEN - 2;
		} else if (pc == 2) {
			page05_default(p);
		} else {
			memcpy(p, m->page05, VREC_PAGE05_LEN);
		}
		return VREC_PAGE05_LEN;
	case 0x0E:
		if (pc == 1) {
			memcpy(p, page0e_changeable, VREC_PAGE0E_LEN);
			p[0] = 0x0E;
			p[1] = 0x0E;
		} else {
			memcpy(p, pc == 2 ? page0e_default : m->page0e,
			       VREC_PAGE0E_LEN);
		}
		return VREC_PAGE0E_LEN;
	case 0x2A:
		page2a_build(c, pc, p);
		return page2a_len(c);
	}
	return 0;
}

int vrec_mode_sense(const struct vrec_mode *m, const struct vrec_caps *caps,
		    bool ten, uint8_t pc, uint8_t page, uint8_t *out,
		    size_t cap, size_t *len)
{
	if (pc == 3)
		return VS_SAVING_NOT_SUPPORTED;
	if (page != 0x01 && page != 0x05 && page != 0x0E && page != 0x2A &&
	    page != 0x3F)
		return VS_INVALID_FIELD_CDB;
	size_t need = (ten ? 8 : 4) + VREC_PAGE01_LEN + VREC_PAGE05_LEN +
		      VREC_PAGE0E_LEN + page2a_len(caps);
	if (cap < need)
		return VS_INVALID_FIELD_CDB;
	size_t hdr = ten ? 8 : 4;
	size_t n = hdr;
	memset(out, 0, hdr);
	if (page == 0x3F) {
		n += put_page(m, caps, pc, 0x01, out + n);
		n += put_page(m, caps, pc, 0x05, out + n);
		n += put_page(m, caps, pc, 0x0E, out + n);
		n += put_page(m, caps, pc, 0x2A, out + n);
	} else {
		n += put_page(m, caps, pc, page, out + n);
	}
	/* Mode data length excludes itself; block descriptor length 0. */
	if (ten)
		put_be16(out, (uint16_t)(n - 2));
	else
		out[0] = (uint8_t)(n - 1);
	*len = n;
	return 0;
}

static bool dbt_supported(uint8_t dbt)
{
	/* Raw with subcode (1-3) and reserved values are not. */
	return dbt == 0 || (dbt >= 8 && dbt <= 13);
}

static int select_page(struct vrec_mode *m, const uint8_t *p, size_t plen)
{
	uint8_t code = p[0] & 0x3F;
	size_t total = plen + 2;
	if (code == 0x01) {
		if (total > VREC_PAGE01_LEN)
			return VS_INVALID_FIELD_PARAM;
		for (size_t i = 2; i < total; i++)
			if ((p[i] ^ m->page01[i]) & ~page01_changeable[i])
				return VS_INVALID_FIELD_PARAM;
		memcpy(m->page01 + 2, p + 2, total - 2);
		return 0;
	}
	if (code == 0x05) {
		uint8_t mask[VREC_PAGE05_LEN];
		uint8_t np[VREC_PAGE05_LEN];
		if (total > VREC_PAGE05_LEN || total < 5)
			return VS_INVALID_FIELD_PARAM;
		page05_changeable(mask);
		memcpy(np, m->page05, sizeof(np));
		for (size_t i = 2; i < total; i++) {
			if ((p[i] ^ np[i]) & ~mask[i])
				return VS_INVALID_FIELD_PARAM;
			np[i] = p[i];
		}
		uint8_t wt = np[2] & 0x0F;
		if (wt != 1 && wt != 2) /* TAO, SAO; no packet, raw */
			return VS_INVALID_FIELD_PARAM;
		if (wt == 2 && m->no_sao) /* a drive without SAO */
			return VS_INVALID_FIELD_PARAM;
		if (!dbt_supported(np[4] & 0x0F))
			return VS_INVALID_FIELD_PARAM;
		if ((np[3] >> 6) == 2) /* reserved Multi-session value */
			return VS_INVALID_FIELD_PARAM;
		memcpy(m->page05, np, sizeof(np));
		return 0;
	}
	if (code == 0x0E) {
		if (total != VREC_PAGE0E_LEN)
			return VS_INVALID_FIELD_PARAM;
		for (size_t i = 2; i < total; i++)
			if ((p[i] ^ m->page0e[i]) & ~page0e_changeable[i])
				return VS_INVALID_FIELD_PARAM;
		memcpy(m->page0e + 2, p + 2, total - 2);
		return 0;
	}
	if (code == 0x2A)
		return 0; /* nothing changeable; contents ignored */
	return VS_INVALID_FIELD_PARAM;
}

int vrec_mode_select(struct vrec_mode *m, bool ten, const uint8_t *param,
		     size_t len)
{
	size_t hdr = ten ? 8 : 4;
	if (len == 0)
		return 0;
	if (len < hdr)
		return VS_INVALID_FIELD_PARAM;
	size_t bdlen = ten ? get_be16(param + 6) : param[3];
	if (bdlen % 8 || hdr + bdlen > len)
		return VS_INVALID_FIELD_PARAM;
	struct vrec_mode nm = *m;
	size_t pos = hdr + bdlen;
	while (pos < len) {
		if (pos + 2 > len)
			return VS_INVALID_FIELD_PARAM;
		size_t plen = param[pos + 1];
		if (pos + 2 + plen > len)
			return VS_INVALID_FIELD_PARAM;
		int r = select_page(&nm, param + pos, plen);
		if (r)
			return r;
		pos += 2 + plen;
	}
	*m = nm;
	return 0;
}
