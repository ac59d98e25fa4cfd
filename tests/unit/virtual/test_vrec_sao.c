/*
 * test_vrec_sao.c - Session-At-Once in the virtual recorder, with byte
 * vectors: feature 002Eh, page 05h Write Type 2 and SEND CUE SHEET with
 * and without sao=0, a cue sheet refused with its field pointer, and a
 * whole SAO session (MCN, CD-TEXT in the lead-in, INDEX 02, an ISRC, a
 * gapless join, a pregap the drive generates) written and read back:
 * READ TOC formats 0 and 5, READ SUB-CHANNEL, READ CD with Q, IMAGE.bin,
 * IMAGE.cue, and the same after the image is opened again.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "cdtext.h"
#include "msf.h"
#include "vtest.h"

static const uint8_t sheet[] = {
    0x02, '0',	'1',  '2',  '3',
    '4',  '5',	'6', /* MCN 1-7 */
    0x02, '7',	'8',  '9',  '0',
    '1',  '2',	0x00, /* MCN 8-13 */
    0x01, 0x00, 0x00, 0x41, 0x00,
    0,	  0,	0, /* lead-in, CD-TEXT */
    0x01, 0x01, 0x00, 0x00, 0x00,
    0,	  0,	0, /* T1 INDEX 00 -150 */
    0x01, 0x01, 0x01, 0x00, 0x00,
    0,	  2,	0, /* T1 INDEX 01 0 */
    0x01, 0x01, 0x02, 0x00, 0x00,
    0,	  6,	0, /* T1 INDEX 02 300 */
    0x23, 0x02, 'U',  'S',  'X',
    'Y',  'Z',	'2', /* T2 ISRC 1-6 */
    0x23, 0x02, '3',  '0',  '0',
    '0',  '4',	'2', /* T2 ISRC 7-12 */
    0x21, 0x02, 0x01, 0x00, 0x00,
    0,	  10,	0, /* T2 INDEX 01 600 */
    0x01, 0x03, 0x00, 0x01, 0x00,
    0,	  16,	0, /* T3 INDEX 00 1050, made
		      by the drive */
    0x01, 0x03, 0x01, 0x00, 0x00,
    0,	  17,	0, /* T3 INDEX 01 1125 */
    0x01, 0xAA, 0x01, 0x01, 0x00,
    0,	  22,	0, /* lead-out 1500 */
};

#define LEADIN (-12490) /* cdr80 ATIP lead-in */
#define LEADOUT 1500

static int send_cue(struct scsi_transport *t, const uint8_t *s, size_t len)
{
	uint8_t cdb[10] = {0x5D};
	cdb[6] = (uint8_t)(len >> 16);
	cdb[7] = (uint8_t)(len >> 8);
	cdb[8] = (uint8_t)len;
	return vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, (void *)(uintptr_t)s,
		       len, NULL);
}

static int write_raw(struct scsi_transport *t, int32_t lba, uint16_t n,
		     void *data, size_t len)
{
	uint8_t cdb[10] = {0x2A};
	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	return vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, data, len, NULL);
}

static int feature(struct scsi_transport *t, uint16_t code, uint8_t *out,
		   size_t cap, size_t *xfer)
{
	uint8_t cdb[10] = {0x46, 0x02};
	put_be16(cdb + 2, code);
	put_be16(cdb + 7, (uint16_t)cap);
	return vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, out, cap, xfer);
}

static void test_features(void)
{
	struct scsi_transport *t = vt_open("feat", "");
	uint8_t r[64];
	size_t n;
	CHECK_EQ(feature(t, 0x002E, r, sizeof(r), &n), 0);
	static const uint8_t want[] = {0x00, 0x2E, 0x01, 0x04,
				       0x66, 0x01, 0x3B, 0xB0};
	CHECK_EQ(n, 16);
	CHECK_BYTES(r + 8, want, sizeof(want));
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 0), 0);
	scsi_transport_destroy(t);

	t = vt_open("nosao", "sao=0");
	CHECK_EQ(feature(t, 0x002E, r, sizeof(r), &n), 0);
	CHECK_EQ(n, 8); /* the header only */
	CHECK_EQ(get_be32(r), 4);
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 0), SK(5, 0x26, 0x00));
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet)), SK(5, 0x20, 0x00));
	scsi_transport_destroy(t);
}

static void test_refusals(void)
{
	struct scsi_transport *t = vt_open("refuse", "");
	/* TAO page: no cue sheet; SAO page: no WRITE before one. */
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet)), SK(5, 0x2C, 0x00));
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 0), 0);
	CHECK_EQ(vt_write(t, -150, 1, 1, 0), SK(5, 0x2C, 0x00));
	/* Track 1's INDEX 01 at 00:01:00: the field pointer names byte 5
	 * of that entry (offset 32). */
	uint8_t bad[sizeof(sheet)];
	memcpy(bad, sheet, sizeof(bad));
	bad[32 + 6] = 1;
	CHECK_EQ(send_cue(t, bad, sizeof(bad)), SK(5, 0x26, 0x00));
	CHECK_EQ(vt_last_sense[15], 0x80); /* SKSV, C/D = 0 */
	CHECK_EQ(get_be16(vt_last_sense + 16), 37);
	/* Not whole entries. */
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet) - 4), SK(5, 0x1A, 0x00));
	/* Accepted: the first WRITE must be at the lead-in start. */
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet)), 0);
	CHECK_EQ(vt_write(t, -150, 1, 1, 0), SK(5, 0x21, 0x02));
	scsi_transport_destroy(t);
}

/* Packs of a small CD-TEXT: album and three track titles. */
static int make_packs(uint8_t *packs, size_t max)
{
	struct cdtext *c = calloc(1, sizeof(*c));
	if (!c)
		return -1;
	c->first_track = 1;
	c->last_track = 3;
	c->text[CDTEXT_TITLE][0] = "Unit Album";
	c->text[CDTEXT_TITLE][1] = "One";
	c->text[CDTEXT_TITLE][2] = "Two";
	c->text[CDTEXT_TITLE][3] = "Three";
	c->text[CDTEXT_PERFORMER][0] = "Tester";
	char why[160];
	int n = cdtext_encode(c, 0, packs, max, why, sizeof(why));
	free(c);
	return n;
}

/* Audio of sector lba, as written. */
static void audio(uint8_t *p, int32_t lba)
{
	vt_fill(p, 7, (uint32_t)(lba + 150));
}

static void burn(struct scsi_transport *t, const uint8_t *packs, int np)
{
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 0), 0);
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet)), 0);
	uint8_t *buf = malloc(26 * CD_SECTOR_BYTES);
	if (!buf)
		return;
	int32_t lba = LEADIN;
	int fails = 0;
	while (lba < -150) { /* the lead-in: 96 bytes a sector */
		uint16_t n = (uint16_t)(-150 - lba < 26 ? -150 - lba : 26);
		for (uint16_t i = 0; i < n; i++)
			cdtext_subchannel_sector(
			    packs, (size_t)np,
			    (size_t)(lba + i - LEADIN) * 4 % (size_t)np,
			    buf + i * CDTEXT_SUBCHANNEL_BYTES);
		fails +=
		    write_raw(t, lba, n, buf, n * CDTEXT_SUBCHANNEL_BYTES) != 0;
		lba += n;
	}
	while (lba < LEADOUT) {
		int32_t stop = lba < 1050 ? 1050 : LEADOUT;
		uint16_t n = (uint16_t)(stop - lba < 26 ? stop - lba : 26);
		for (uint16_t i = 0; i < n; i++)
			audio(buf + i * CD_SECTOR_BYTES, lba + i);
		fails += write_raw(t, lba, n, buf, n * CD_SECTOR_BYTES) != 0;
		lba += n;
		if (lba == 1050) {
			/* The drive makes track 3's pregap: no data. */
			CHECK_EQ(write_raw(t, 1050, 1, buf, CD_SECTOR_BYTES),
				 SK(5, 0x21, 0x02));
			lba = 1125;
		}
	}
	CHECK_EQ(fails, 0);
	free(buf);
	/* The session closed itself; what hosts send after it is fine. */
	CHECK_EQ(vt_sync(t, false), 0);
	CHECK_EQ(vt_close(t, false, 2), 0);
}

static void check_q_at(struct scsi_transport *t, int32_t lba, uint8_t track,
		       uint8_t index, uint32_t rel)
{
	uint8_t cdb[12] = {0xBE, 0x04};
	uint8_t r[2352 + 16];
	put_be32(cdb + 2, (uint32_t)lba);
	cdb[8] = 1;
	cdb[9] = 0x10;
	cdb[10] = 0x02; /* formatted Q */
	CHECK_EQ(vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, r, sizeof(r), NULL),
		 0);
	const uint8_t *q = r + 2352;
	struct msf m = msf_from_length(rel);
	uint8_t want[6] = {(uint8_t)(track == 2 ? 0x21 : 0x01),
			   (uint8_t)(track / 10 << 4 | track % 10),
			   (uint8_t)(index / 10 << 4 | index % 10),
			   (uint8_t)(m.m / 10 << 4 | m.m % 10),
			   (uint8_t)(m.s / 10 << 4 | m.s % 10),
			   (uint8_t)(m.f / 10 << 4 | m.f % 10)};
	if (lba + 150 == 1025 || (lba + 150) % 100 == 25 ||
	    (lba + 150) % 100 == 75)
		return; /* a mode 2 or 3 sector */
	CHECK_BYTES(q, want, sizeof(want));
}

static void check_disc(struct scsi_transport *t, const uint8_t *packs, int np)
{
	uint8_t r[8192];
	size_t n;
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 2); /* complete */
	CHECK_EQ(vt_toc(t, 0, false, 0, r, sizeof(r), &n), 0);
	CHECK_EQ(n, 4 + 4 * 8);
	CHECK_EQ(get_be32(r + 4 + 4), 0);
	CHECK_EQ(get_be32(r + 12 + 4), 600);
	CHECK_EQ(get_be32(r + 20 + 4), 1125);
	CHECK_EQ(r[28 + 2], 0xAA);
	CHECK_EQ(get_be32(r + 28 + 4), LEADOUT);
	CHECK_EQ(r[12 + 1], 0x12); /* ADR 1, CTL copy permitted */
	/* READ TOC format 5: the packs, byte for byte. */
	CHECK_EQ(vt_toc(t, 5, false, 0, r, sizeof(r), &n), 0);
	CHECK_EQ(n, 4 + (size_t)np * 18);
	CHECK_EQ(get_be16(r), 2 + np * 18);
	CHECK(memcmp(r + 4, packs, (size_t)np * 18) == 0);
	/* MCN and ISRC. */
	uint8_t sc[10] = {0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 24, 0};
	CHECK_EQ(vt_exec(t, sc, 10, SCSI_DIR_FROM_DEVICE, r, 24, NULL), 0);
	CHECK_EQ(r[8], 0x80);
	CHECK(memcmp(r + 9, "0123456789012", 13) == 0);
	sc[3] = 0x03;
	sc[6] = 2;
	CHECK_EQ(vt_exec(t, sc, 10, SCSI_DIR_FROM_DEVICE, r, 24, NULL), 0);
	CHECK_EQ(r[8], 0x80);
	CHECK(memcmp(r + 9, "USXYZ2300042", 12) == 0);
	/* Index points in Q. */
	check_q_at(t, 299, 1, 1, 299);
	check_q_at(t, 300, 1, 2, 300);
	check_q_at(t, 599, 1, 2, 599);
	check_q_at(t, 600, 2, 1, 0);
	check_q_at(t, 1049, 2, 1, 449);
	check_q_at(t, 1050, 3, 0, 75);
	check_q_at(t, 1124, 3, 0, 1);
	check_q_at(t, 1126, 3, 1, 1);
	/* The audio, gapless at 600, silence where the drive made it. */
	char path[4200];
	snprintf(path, sizeof(path), "%s.bin", vt_image("sao"));
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	uint8_t got[CD_SECTOR_BYTES], want[CD_SECTOR_BYTES];
	int bad = 0;
	for (int32_t lba = 0; lba < LEADOUT; lba++) {
		if (fread(got, 1, sizeof(got), f) != sizeof(got)) {
			bad++;
			break;
		}
		if (lba >= 1050 && lba < 1125)
			memset(want, 0, sizeof(want));
		else
			audio(want, lba);
		bad += memcmp(got, want, sizeof(got)) != 0;
	}
	CHECK_EQ(bad, 0);
	fclose(f);
}

static void check_cue(void)
{
	char path[4200], text[4096];
	snprintf(path, sizeof(path), "%s.cue", vt_image("sao"));
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	static const char want[] = "CATALOG 0123456789012\n"
				   "TITLE \"Unit Album\"\n"
				   "PERFORMER \"Tester\"\n"
				   "FILE \"sao.bin\" BINARY\n"
				   "REM SESSION 01\n"
				   "  TRACK 01 AUDIO\n"
				   "    TITLE \"One\"\n"
				   "    INDEX 01 00:00:00\n"
				   "    INDEX 02 00:04:00\n"
				   "  TRACK 02 AUDIO\n"
				   "    TITLE \"Two\"\n"
				   "    FLAGS DCP\n"
				   "    ISRC USXYZ2300042\n"
				   "    INDEX 01 00:08:00\n"
				   "  TRACK 03 AUDIO\n"
				   "    TITLE \"Three\"\n"
				   "    INDEX 00 00:14:00\n"
				   "    INDEX 01 00:15:00\n";
	CHECK_STR(text, want);
}

static void test_session(void)
{
	uint8_t packs[64 * 18];
	int np = make_packs(packs, 64);
	CHECK(np > 3);
	if (np <= 3)
		return;
	struct scsi_transport *t = vt_open("sao", "");
	burn(t, packs, np);
	check_disc(t, packs, np);
	/* The disc is closed: no second cue sheet. */
	CHECK_EQ(send_cue(t, sheet, sizeof(sheet)), SK(5, 0x2C, 0x00));
	scsi_transport_destroy(t);
	check_cue();
	/* Opened again: IMAGE.state and IMAGE.cdtext keep it all. */
	t = vt_open("sao", "");
	check_disc(t, packs, np);
	scsi_transport_destroy(t);
}

int main(void)
{
	test_features();
	test_refusals();
	test_session();
	return vt_finish();
}
