/*
 * test_cdtext.c - CD-TEXT packs: the CRC against an independent bitwise
 * implementation and against packs published from real discs, every byte
 * of the packs of a small 2-track album, the size information block,
 * decode(encode(x)) == x, damaged packs, the limits, and the R-W
 * sub-channel form of the lead-in.
 */
#include "cdtext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* CRC-16/CCITT, polynomial 1021h, initial 0, one bit at a time. */
static uint16_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (uint16_t)(crc << 1 ^ 0x1021)
					     : (uint16_t)(crc << 1);
	}
	return (uint16_t)~crc;
}

/*
 * Packs read from pressed discs, as printed in libburn's doc/cdtext.txt
 * (size information of a 3-track disc) and Sony's example (TOC packs):
 * the last two bytes are the CRC the disc carries.
 */
static const uint8_t real_packs[][CDTEXT_PACK_BYTES] = {
    {0x8f, 0x00, 0x2a, 0x00, 0x01, 0x01, 0x03, 0x00, 0x06, 0x05, 0x04, 0x05,
     0x07, 0x06, 0x01, 0x02, 0x48, 0x65},
    {0x8f, 0x01, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x03,
     0x2c, 0x00, 0x00, 0x00, 0xc0, 0x20},
    {0x8f, 0x02, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x11, 0x45},
    {0x88, 0x01, 0x24, 0x00, 0x00, 0x02, 0x00, 0x04, 0x0b, 0x19, 0x08, 0x02,
     0x32, 0x0b, 0x2f, 0x3e, 0x67, 0x2d},
    {0x89, 0x01, 0x28, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x29,
     0x30, 0x02, 0x34, 0x3a, 0xf3, 0x0c},
};

static void test_crc(void)
{
	size_t n = sizeof(real_packs) / sizeof(real_packs[0]);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = real_packs[i];
		uint16_t want = (uint16_t)(p[16] << 8 | p[17]);
		CHECK_EQ(crc_bitwise(p, 16), want);
		CHECK_EQ(cdtext_crc(p), want);
		CHECK(cdtext_crc_ok(p));
	}
	uint8_t p[CDTEXT_PACK_BYTES];
	memcpy(p, real_packs[0], sizeof(p));
	p[7] ^= 0x10;
	CHECK(!cdtext_crc_ok(p));
	/* all 16-byte patterns of one set bit agree with the bitwise one */
	for (int bit = 0; bit < 128; bit++) {
		memset(p, 0, sizeof(p));
		p[bit / 8] = (uint8_t)(0x80 >> (bit % 8));
		CHECK_EQ(cdtext_crc(p), crc_bitwise(p, 16));
	}
}

static void album(struct cdtext *t)
{
	memset(t, 0, sizeof(*t));
	t->first_track = 1;
	t->last_track = 2;
	t->text[CDTEXT_TITLE][0] = "Album";
	t->text[CDTEXT_TITLE][1] = "One";
	t->text[CDTEXT_TITLE][2] = "Two";
	t->text[CDTEXT_PERFORMER][0] = "Band";
	t->text[CDTEXT_PERFORMER][1] = "Band";
	t->text[CDTEXT_PERFORMER][2] = "Band";
	t->text[CDTEXT_UPC_ISRC][0] = "0123456789012";
	t->text[CDTEXT_UPC_ISRC][2] = "USABC1234567";
}

/* The album's packs, header and payload (the CRC is checked apart). */
static const uint8_t album_packs[9][16] = {
    /* TITLE: "Album\0One\0Two\0" */
    {0x80, 0x00, 0x00, 0x00, 'A', 'l', 'b', 'u', 'm', 0, 'O', 'n', 'e', 0, 'T',
     'w'},
    /* track 2's text, 2 characters of it in the previous pack */
    {0x80, 0x02, 0x01, 0x02, 'o', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* PERFORMER: track 2 is "same as previous" (TAB) */
    {0x81, 0x00, 0x02, 0x00, 'B', 'a', 'n', 'd', 0, 'B', 'a', 'n', 'd', 0, 0x09,
     0},
    /* UPC/ISRC: the disc's catalog number, none for 1, ISRC of 2 */
    {0x8e, 0x00, 0x03, 0x00, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
     '0', '1'},
    {0x8e, 0x00, 0x04, 0x0c, '2', 0, 0, 'U', 'S', 'A', 'B', 'C', '1', '2', '3',
     '4'},
    {0x8e, 0x02, 0x05, 0x09, '5', '6', '7', 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* size information: ISO 8859-1, tracks 1-2, 2 x 80h, 1 x 81h */
    {0x8f, 0x00, 0x06, 0x00, 0x00, 0x01, 0x02, 0x00, 0x02, 0x01, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00},
    /* 3 x 8Eh, 3 x 8Fh, last sequence number of block 0: 8 */
    {0x8f, 0x01, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x03,
     0x08, 0x00, 0x00, 0x00},
    /* language of block 0: English */
    {0x8f, 0x02, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00},
};

static void test_album_bytes(void)
{
	struct cdtext *t = malloc(sizeof(*t));
	uint8_t packs[CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES];
	char why[160];
	album(t);
	int n = cdtext_encode(t, CDTEXT_USE_TAB, packs, CDTEXT_MAX_PACKS, why,
			      sizeof(why));
	CHECK_EQ(n, 9);
	for (int i = 0; i < 9 && i < n; i++) {
		const uint8_t *p = packs + i * CDTEXT_PACK_BYTES;
		CHECK_BYTES(p, album_packs[i], 16);
		uint16_t crc = crc_bitwise(p, 16);
		CHECK_EQ(p[16], crc >> 8);
		CHECK_EQ(p[17], crc & 0xff);
	}
	/* the first pack's CRC, worked out by hand once */
	CHECK_EQ(crc_bitwise(album_packs[0], 16), packs[16] << 8 | packs[17]);

	/* without the TAB rule track 2's performer is spelled out */
	n = cdtext_encode(t, 0, packs, CDTEXT_MAX_PACKS, why, sizeof(why));
	CHECK_EQ(n, 10);
	const uint8_t perf[] = {0x81, 0x02, 0x03, 0x02, 'n', 'd',
				0,    0,    0,	  0,	0,   0};
	CHECK_BYTES(packs + 3 * CDTEXT_PACK_BYTES, perf, sizeof(perf));
	free(t);
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !a[0])
		return !b || !b[0];
	return b && strcmp(a, b) == 0;
}

static void check_same(const struct cdtext *a, const struct cdtext *b)
{
	CHECK_EQ(b->first_track, a->first_track);
	CHECK_EQ(b->last_track, a->last_track);
	int differ = 0;
	for (int f = 0; f < CDTEXT_FIELDS; f++)
		for (unsigned k = 0; k <= a->last_track; k++)
			if ((k == 0 || k >= a->first_track) &&
			    !same_text(a->text[f][k], b->text[f][k])) {
				differ++;
				fprintf(stderr, "field %d track %u: %s / %s\n",
					f, k, a->text[f][k], b->text[f][k]);
			}
	CHECK_EQ(differ, 0);
	CHECK(same_text(a->disc_id, b->disc_id));
	CHECK(same_text(a->genre_text, b->genre_text));
	CHECK_EQ(b->genre_code, a->genre_code);
}

static void test_round_trip(void)
{
	struct cdtext *t = malloc(sizeof(*t));
	struct cdtext *d = malloc(sizeof(*d));
	static uint8_t packs[CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES];
	char why[160];
	unsigned bad = 99;

	album(t);
	int n = cdtext_encode(t, CDTEXT_USE_TAB, packs, CDTEXT_MAX_PACKS, why,
			      sizeof(why));
	CHECK_EQ(cdtext_decode(packs, (size_t)n, d, &bad), 0);
	CHECK_EQ(bad, 0);
	check_same(t, d);
	CHECK_STR(d->text[CDTEXT_PERFORMER][2], "Band");

	/* twelve tracks, every field, Latin-1 bytes, disc id and genre */
	static char names[CDTEXT_FIELDS][13][40];
	memset(t, 0, sizeof(*t));
	t->first_track = 1;
	t->last_track = 12;
	for (int f = 0; f < CDTEXT_FIELDS; f++)
		for (unsigned k = 0; k <= 12; k++) {
			if (f == CDTEXT_UPC_ISRC && k == 0)
				snprintf(names[f][k], 40, "5012345678900");
			else if (f == CDTEXT_UPC_ISRC)
				snprintf(names[f][k], 40, "GBAYE99%05u", k);
			else if (f == CDTEXT_COMPOSER && k > 0)
				/* the same composer throughout */
				snprintf(names[f][k], 40,
					 "Fr\xe9"
					 "d\xe9ric Chopin");
			else
				snprintf(names[f][k], 40, "F%d t%u caf\xe9", f,
					 k);
			t->text[f][k] = names[f][k];
		}
	t->text[CDTEXT_MESSAGE][5] = NULL; /* one missing */
	t->disc_id = "XY-1234";
	t->genre_code = 5; /* Classical */
	t->genre_text = "Romantic piano";
	n = cdtext_encode(t, CDTEXT_USE_TAB, packs, CDTEXT_MAX_PACKS, why,
			  sizeof(why));
	CHECK(n > 0);
	CHECK_EQ(cdtext_decode(packs, (size_t)n, d, &bad), 0);
	check_same(t, d);
	CHECK_STR(d->disc_id, "XY-1234");
	CHECK_STR(d->genre_text, "Romantic piano");
	CHECK_EQ(d->genre_code, 5);
	/* the size information counts the packs of 86h and 87h */
	uint8_t *last = packs + (size_t)(n - 3) * CDTEXT_PACK_BYTES;
	CHECK_EQ(last[0], 0x8f);
	CHECK_EQ(last[4 + 10], 1); /* "XY-1234" */
	CHECK_EQ(last[4 + 11], 2); /* code + "Romantic piano" */
	CHECK_EQ(packs[(size_t)(n - 2) * CDTEXT_PACK_BYTES + 4 + 8], n - 1);

	/* the lead-in repeats the packs: duplicates change nothing */
	memcpy(packs + (size_t)n * CDTEXT_PACK_BYTES, packs,
	       (size_t)n * CDTEXT_PACK_BYTES);
	CHECK_EQ(cdtext_decode(packs, 2 * (size_t)n, d, &bad), 0);
	check_same(t, d);

	/* a damaged pack is skipped and counted; its copy takes its place */
	packs[5 * CDTEXT_PACK_BYTES + 6] ^= 0x01;
	CHECK_EQ(cdtext_decode(packs, 2 * (size_t)n, d, &bad), 0);
	CHECK_EQ(bad, 1);
	check_same(t, d);

	/* a track numbering that starts at 3 */
	album(t);
	t->first_track = 3;
	t->last_track = 4;
	t->text[CDTEXT_TITLE][3] = "Three";
	t->text[CDTEXT_TITLE][4] = "Four";
	n = cdtext_encode(t, CDTEXT_USE_TAB, packs, CDTEXT_MAX_PACKS, why,
			  sizeof(why));
	CHECK_EQ(cdtext_decode(packs, (size_t)n, d, &bad), 0);
	check_same(t, d);
	CHECK_STR(d->text[CDTEXT_TITLE][4], "Four");
	free(t);
	free(d);
}

/* The size information of a real 3-track disc (libburn's example). */
static void test_decode_real_size_info(void)
{
	struct cdtext *d = malloc(sizeof(*d));
	CHECK_EQ(cdtext_decode(&real_packs[0][0], 3, d, NULL), 0);
	CHECK_EQ(d->first_track, 1);
	CHECK_EQ(d->last_track, 3);
	uint8_t junk[CDTEXT_PACK_BYTES] = {0x80};
	unsigned bad = 0;
	CHECK_EQ(cdtext_decode(junk, 1, d, &bad), -EBADMSG);
	CHECK_EQ(bad, 1);
	free(d);
}

static void test_limits(void)
{
	struct cdtext *t = malloc(sizeof(*t));
	static uint8_t packs[CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES];
	static char long_text[CD_MAX_TRACKS + 1][64];
	char why[160];
	memset(t, 0, sizeof(*t));
	t->first_track = 1;
	t->last_track = 99;
	for (unsigned k = 0; k <= 99; k++) {
		snprintf(long_text[k], 64,
			 "A rather long title for track number %u", k);
		t->text[CDTEXT_TITLE][k] = long_text[k];
	}
	/* 100 x 40 bytes of title: 334 packs */
	CHECK_EQ(cdtext_encode(t, 0, packs, CDTEXT_MAX_PACKS, why, sizeof(why)),
		 -ENOSPC);
	CHECK_STR(why, "CD-TEXT: the texts need more than 256 packs (a block "
		       "holds at most 256)");
	t->last_track = 2;
	CHECK_EQ(cdtext_encode(t, 0, packs, 4, why, sizeof(why)), -ENOSPC);
	t->first_track = 0;
	CHECK_EQ(cdtext_encode(t, 0, packs, 4, why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "CD-TEXT: tracks 0..2 are not a range of 1..99");
	t->first_track = 3;
	CHECK_EQ(cdtext_encode(t, 0, packs, 4, why, sizeof(why)), -EINVAL);
	free(t);
}

/* libburn's doc/cookbook.txt: one pack as 24 six-bit symbols. */
static void test_subchannel(void)
{
	const uint8_t want[24] = {0x23, 0x30, 0x00, 0x2A, 0x00, 0x00,
				  0x04, 0x01, 0x00, 0x30, 0x00, 0x06,
				  0x01, 0x10, 0x10, 0x05, 0x01, 0x30,
				  0x18, 0x01, 0x00, 0x24, 0x21, 0x25};
	uint8_t sector[CDTEXT_SUBCHANNEL_BYTES];
	uint8_t back[CDTEXT_PACKS_PER_SECTOR * CDTEXT_PACK_BYTES];
	/* 5 packs: sector 1 holds packs 4, 0, 1, 2 (the list repeats) */
	cdtext_subchannel_sector(&real_packs[0][0], 5, 0, sector);
	CHECK_BYTES(sector, want, 24);
	for (int i = 0; i < CDTEXT_SUBCHANNEL_BYTES; i++)
		CHECK(sector[i] < 0x40);
	cdtext_subchannel_packs(sector, back);
	CHECK_BYTES(back, &real_packs[0][0], 4 * CDTEXT_PACK_BYTES);
	cdtext_subchannel_sector(&real_packs[0][0], 5, 4, sector);
	cdtext_subchannel_packs(sector, back);
	CHECK_BYTES(back, real_packs[4], CDTEXT_PACK_BYTES);
	CHECK_BYTES(back + CDTEXT_PACK_BYTES, real_packs[0], CDTEXT_PACK_BYTES);
	CHECK_BYTES(back + 3 * CDTEXT_PACK_BYTES, real_packs[2],
		    CDTEXT_PACK_BYTES);
}

int main(void)
{
	test_crc();
	test_album_bytes();
	test_round_trip();
	test_decode_real_size_info();
	test_limits();
	test_subchannel();
	return check_finish();
}
