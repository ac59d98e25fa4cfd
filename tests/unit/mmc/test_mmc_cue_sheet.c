/*
 * test_mmc_cue_sheet.c - SEND CUE SHEET: the sheet of a 3-track album
 * (a 2 s pregap, a gapless transition, an ISRC on track 2, a catalog
 * number) byte for byte, its variants (CD-TEXT, copy/pre-emphasis, SCMS,
 * index points), the CDB, the parser reading back what was built and
 * what other clients send, and the parser's refusals with their byte.
 */
#include "mmc_cue_sheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mmc_cdb.h"
#include "q_control.h"

#define S ((uint64_t)CD_SECTOR_BYTES)

static struct sao_layout *layout;
static struct mmc_cue_sheet *parsed;
static struct mmc_cue_disc disc;
static uint8_t sheet[MMC_CUE_MAX_ENTRIES * MMC_CUE_ENTRY_BYTES];
static struct mmc_cue_fault why;

/* 1000, 1500 and 800 sectors; track 2 after 2 s, track 3 gapless. */
static void album(void)
{
	struct sao_track_spec t[3];
	char text[128];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S;
	t[1].pcm_bytes = 1500 * S;
	t[1].pregap = 150;
	t[2].pcm_bytes = 800 * S;
	CHECK_EQ(sao_layout_plan(t, 3, layout, text, sizeof(text)), 0);
	memset(&disc, 0, sizeof(disc));
	disc.first_tno = 1;
	strcpy(disc.mcn, "1234567890123");
	strcpy(disc.track[1].isrc, "USABC9912345");
}

static const uint8_t album_sheet[] = {
    /* catalog number, 7 + 6 characters */
    0x02,
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    0x02,
    '8',
    '9',
    '0',
    '1',
    '2',
    '3',
    0x00,
    /* lead-in: audio, no CD-TEXT */
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    /* track 1: INDEX 00 at 00:00:00, INDEX 01 at 00:02:00 (LBA 0) */
    0x01,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x01,
    0x01,
    0x01,
    0x00,
    0x00,
    0x00,
    0x02,
    0x00,
    /* track 2: its ISRC, INDEX 00 at LBA 1000, INDEX 01 at LBA 1150 */
    0x03,
    0x02,
    'U',
    'S',
    'A',
    'B',
    'C',
    '9',
    0x03,
    0x02,
    '9',
    '1',
    '2',
    '3',
    '4',
    '5',
    0x01,
    0x02,
    0x00,
    0x00,
    0x00,
    0x00,
    15,
    25,
    0x01,
    0x02,
    0x01,
    0x00,
    0x00,
    0x00,
    17,
    25,
    /* track 3, gapless: INDEX 01 only, at LBA 2650 */
    0x01,
    0x03,
    0x01,
    0x00,
    0x00,
    0x00,
    37,
    25,
    /* lead-out at LBA 3450 = 00:48:00, drive-generated */
    0x01,
    0xAA,
    0x01,
    0x01,
    0x00,
    0x00,
    48,
    0,
};

static void test_album(void)
{
	album();
	size_t len = mmc_cue_sheet_length(layout, &disc);
	CHECK_EQ(len, sizeof(album_sheet));
	CHECK_EQ(mmc_cue_sheet_build(layout, &disc, sheet, sizeof(sheet)),
		 sizeof(album_sheet));
	CHECK_BYTES(sheet, album_sheet, sizeof(album_sheet));
	/* too small a buffer */
	CHECK_EQ(mmc_cue_sheet_build(layout, &disc, sheet, len - 1), 0);

	/* the drive's reading of it */
	CHECK_EQ(
	    mmc_cue_sheet_parse(album_sheet, sizeof(album_sheet), parsed, &why),
	    0);
	CHECK_STR(why.reason, "");
	CHECK_STR(parsed->mcn, "1234567890123");
	CHECK(!parsed->cd_text);
	CHECK_EQ(parsed->n, 3);
	CHECK_EQ(parsed->leadout, 3450);
	CHECK_EQ(parsed->track[0].tno, 1);
	CHECK_EQ(parsed->track[0].index[0], -150);
	CHECK_EQ(parsed->track[0].index[1], 0);
	CHECK_EQ(parsed->track[0].end, 1000);
	CHECK_STR(parsed->track[0].isrc, "");
	CHECK_STR(parsed->track[1].isrc, "USABC9912345");
	CHECK_EQ(parsed->track[1].index[0], 1000);
	CHECK_EQ(parsed->track[1].index[1], 1150);
	CHECK_EQ(parsed->track[2].index[0], 2650);
	CHECK_EQ(parsed->track[2].index[1], 2650);
	CHECK_EQ(parsed->track[2].last_index, 1);
	CHECK_EQ(parsed->track[2].end, 3450);
	for (size_t i = 0; i < 3; i++) {
		CHECK_EQ(parsed->track[i].index[0], layout->track[i].index0);
		CHECK_EQ(parsed->track[i].end, layout->track[i].end);
	}
}

static void test_variants(void)
{
	album();
	disc.cd_text = true;
	disc.track[1].q_control = Q_CTL_COPY_PERMITTED | Q_CTL_PRE_EMPHASIS;
	disc.track[2].scms = true;
	disc.mcn[0] = '\0';
	size_t len = mmc_cue_sheet_build(layout, &disc, sheet, sizeof(sheet));
	CHECK_EQ(len, sizeof(album_sheet) - 16);
	const uint8_t want[] = {
	    0x01, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, /* CD-TEXT */
	    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01,
	    0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x33, 0x02, 'U',  'S',
	    'A',  'B',	'C',  '9',  0x33, 0x02, '9',  '1',  '2',  '3',
	    '4',  '5',	0x31, 0x02, 0x00, 0x00, 0x00, 0x00, 15,	  25,
	    0x31, 0x02, 0x01, 0x00, 0x00, 0x00, 17,   25,   0x01, 0x03,
	    0x01, 0x00, 0x80, 0x00, 37,	  25, /* SCMS */
	    0x01, 0xAA, 0x01, 0x01, 0x00, 0x00, 48,   0,
	};
	CHECK_EQ(len, sizeof(want));
	CHECK_BYTES(sheet, want, sizeof(want));
	CHECK_EQ(mmc_cue_sheet_parse(sheet, len, parsed, &why), 0);
	CHECK(parsed->cd_text);
	CHECK_EQ(parsed->lead_in_data_form, 0x41);
	CHECK_EQ(parsed->track[1].q_control, 0x3);
	CHECK(parsed->track[2].scms);
	CHECK_STR(parsed->mcn, "");

	/* index points and track numbers from 5 */
	struct sao_track_spec t[1];
	char text[128];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 2000 * S;
	t[0].n_index = 2;
	t[0].index[0] = 75;
	t[0].index[1] = 1500;
	CHECK_EQ(sao_layout_plan(t, 1, layout, text, sizeof(text)), 0);
	memset(&disc, 0, sizeof(disc));
	disc.first_tno = 5;
	len = mmc_cue_sheet_build(layout, &disc, sheet, sizeof(sheet));
	const uint8_t want_idx[] =
	    {
		0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x05, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
		0x01, 0x05, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, /* +1 s */
		0x01, 0x05, 0x03, 0x00, 0x00, 0x00, 22,	  0,	/* +20 s */
		0x01, 0xAA, 0x01, 0x01, 0x00, 0x00, 28,	  50,
	    };
	CHECK_EQ(len, sizeof(want_idx));
	CHECK_BYTES(sheet, want_idx, sizeof(want_idx));
	CHECK_EQ(mmc_cue_sheet_parse(sheet, len, parsed, &why), 0);
	CHECK_EQ(parsed->track[0].tno, 5);
	CHECK_EQ(parsed->track[0].last_index, 3);
	CHECK_EQ(parsed->track[0].index[3], 1500);
	disc.first_tno = 99;
	CHECK_EQ(mmc_cue_sheet_build(layout, &disc, sheet, sizeof(sheet)),
		 sizeof(want_idx));
	disc.first_tno = 100;
	CHECK_EQ(mmc_cue_sheet_build(layout, &disc, sheet, sizeof(sheet)), 0);
}

static void test_cdb(void)
{
	struct scsi_cmd c;
	mmc_cdb_send_cue_sheet(&c, album_sheet, sizeof(album_sheet));
	const uint8_t want[10] = {0x5D, 0, 0, 0, 0, 0, 0x00, 0x00, 0x58, 0};
	CHECK_EQ(c.cdb_len, 10);
	CHECK_BYTES(c.cdb, want, 10);
	CHECK_EQ(c.dir, SCSI_DIR_TO_DEVICE);
	CHECK_EQ(c.data_len, sizeof(album_sheet));
	CHECK(c.data == (const void *)album_sheet);
	mmc_cdb_send_cue_sheet(&c, sheet, 0x012345);
	CHECK_EQ(c.cdb[6], 0x01);
	CHECK_EQ(c.cdb[7], 0x23);
	CHECK_EQ(c.cdb[8], 0x45);
	CHECK_STR(mmc_opcode_name(c.cdb[0]), "SEND CUE SHEET");
}

/* What wodim and cdrdao send besides burnfs's form. */
static void test_other_clients(void)
{
	const uint8_t wodim[] = {
	    0x01,
	    0x00,
	    0x00,
	    0x41,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x01,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    0x02,
	    0x00,
	    /* ISRC without CTL, INDEX 00 at the INDEX 01 address */
	    0x03,
	    0x02,
	    'G',
	    'B',
	    'A',
	    'Y',
	    'E',
	    '0',
	    0x03,
	    0x02,
	    '1',
	    '0',
	    '0',
	    '0',
	    '0',
	    '1',
	    0x21,
	    0x02,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    30,
	    0,
	    0x21,
	    0x02,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    30,
	    0,
	    0x01,
	    0xAA,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    40,
	    0,
	};
	CHECK_EQ(mmc_cue_sheet_parse(wodim, sizeof(wodim), parsed, &why), 0);
	CHECK_STR(why.reason, "");
	CHECK_EQ(parsed->track[1].index[0], parsed->track[1].index[1]);
	CHECK_STR(parsed->track[1].isrc, "GBAYE0100001");
	CHECK_EQ(parsed->track[1].q_control, Q_CTL_COPY_PERMITTED);

	const uint8_t cdrdao[] = {
	    /* lead-in entry at the lead-in start 97:26:00 */
	    0x01,
	    0x00,
	    0x00,
	    0x41,
	    0x00,
	    97,
	    26,
	    0,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x00,
	    0x01,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    0x02,
	    0x00,
	    /* a silent pregap made by the drive */
	    0x01,
	    0x02,
	    0x00,
	    0x01,
	    0x00,
	    0x00,
	    30,
	    0,
	    0x01,
	    0x02,
	    0x01,
	    0x00,
	    0x00,
	    0x00,
	    32,
	    0,
	    0x01,
	    0xAA,
	    0x01,
	    0x01,
	    0x00,
	    0x00,
	    40,
	    0,
	};
	CHECK_EQ(mmc_cue_sheet_parse(cdrdao, sizeof(cdrdao), parsed, &why), 0);
	CHECK_EQ(parsed->lead_in_at.m, 97);
	CHECK(parsed->track[1].pregap_generated);
	CHECK_EQ(parsed->track[1].index[0], 30 * 75 - 150);
}

/* A sheet with one byte changed must be refused at that byte. */
static void refused(size_t at, uint8_t value, uint32_t field,
		    const char *reason)
{
	uint8_t bad[sizeof(album_sheet)];
	memcpy(bad, album_sheet, sizeof(bad));
	bad[at] = value;
	CHECK_EQ(mmc_cue_sheet_parse(bad, sizeof(bad), parsed, &why), -EINVAL);
	CHECK_EQ(why.asc, 0x26);
	CHECK_EQ(why.ascq, 0x00);
	CHECK_EQ(why.field, field);
	CHECK_STR(why.reason, reason);
}

static void test_refusals(void)
{
	/* entry numbers count from 1: 1-2 MCN, 3 lead-in, 4-5 track 1, 6-7
	 * ISRC, 8-9 track 2, 10 track 3, 11 lead-out */
	refused(2, 'X', 1,
		"cue sheet entry 1: the catalog number is not 13 "
		"digits");
	refused(16 + 3, 0x00, 19,
		"cue sheet entry 3: lead-in data form 00h (audio: 01h, with "
		"CD-TEXT 41h)");
	refused(16 + 0, 0x41, 16,
		"cue sheet entry 3: a data session: this recorder writes "
		"audio sessions only");
	refused(24 + 6, 0x01, 29,
		"cue sheet entry 4: the first track's pregap does not start "
		"at 00:00:00");
	refused(32 + 6, 0x01, 37,
		"cue sheet entry 5: track 1 starts before "
		"00:02:00");
	refused(40 + 1, 0x03, 40,
		"cue sheet entry 6: the ISRC takes two "
		"entries of one track");
	refused(40 + 4, 'a', 42,
		"cue sheet entry 6: the ISRC \"USaBC9912345\" is not of the "
		"form CCOOOYYNNNNN");
	refused(56 + 1, 0x04, 57, "cue sheet entry 8: track 4 after track 1");
	refused(64 + 2, 0x02, 66,
		"cue sheet entry 9: track 2: INDEX 02 after "
		"INDEX 00");
	refused(64 + 3, 0x10, 67,
		"cue sheet entry 9: data form 10h: this recorder writes audio "
		"tracks only (00h)");
	refused(64 + 0, 0x41, 64,
		"cue sheet entry 9: a data track: this "
		"recorder writes audio tracks only");
	refused(72 + 6, 14, 77,
		"cue sheet entry 10: 00:14:25 is before the "
		"entry before it");
	refused(72 + 7, 75, 79, "cue sheet entry 10: 00:37:75 is not a time");
	refused(72 + 4, 0x40, 76, "cue sheet entry 10: SCMS 40h");
	/* track 2 ends 150 sectors after its INDEX 01 */
	refused(72 + 6, 19, 77,
		"cue sheet entry 10: track 2 lasts 150 "
		"sectors from INDEX 01, less than 4 s");
	refused(80 + 3, 0x00, 82,
		"cue sheet entry 11: the lead-out entry is "
		"not INDEX 01, data form 01h");
	refused(80 + 1, 0x05, 81, "cue sheet entry 11: track 5 after track 3");
	refused(80 + 0, 0x05, 80, "cue sheet entry 11: ADR 5");

	/* lengths, order, the ends */
	CHECK_EQ(mmc_cue_sheet_parse(album_sheet, 12, parsed, &why), -EINVAL);
	CHECK_EQ(why.asc, 0x1A);
	CHECK_EQ(mmc_cue_sheet_parse(album_sheet, 0, parsed, &why), -EINVAL);
	CHECK_EQ(mmc_cue_sheet_parse(album_sheet, sizeof(album_sheet) - 8,
				     parsed, &why),
		 -EINVAL);
	CHECK_STR(why.reason, "cue sheet entry 10: the last entry is not the "
			      "lead-out");
	CHECK_EQ(mmc_cue_sheet_parse(album_sheet + 24, sizeof(album_sheet) - 24,
				     parsed, &why),
		 -EINVAL);
	CHECK_STR(why.reason, "cue sheet entry 1: the first entry is not the "
			      "lead-in");
	uint8_t twice[sizeof(album_sheet) + 8];
	memcpy(twice, album_sheet, sizeof(album_sheet));
	memcpy(twice + sizeof(album_sheet), album_sheet + 80, 8);
	CHECK_EQ(mmc_cue_sheet_parse(twice, sizeof(twice), parsed, &why),
		 -EINVAL);
	CHECK_STR(why.reason, "cue sheet entry 12: an entry after the "
			      "lead-out");
	/* the MCN after the lead-in */
	uint8_t late[sizeof(album_sheet)];
	memcpy(late, album_sheet + 16, 8);
	memcpy(late + 8, album_sheet, 16);
	memcpy(late + 24, album_sheet + 24, sizeof(album_sheet) - 24);
	CHECK_EQ(mmc_cue_sheet_parse(late, sizeof(late), parsed, &why),
		 -EINVAL);
	CHECK_STR(why.reason, "cue sheet entry 2: the catalog number comes "
			      "after the lead-in entry");
	CHECK_EQ(why.field, 8);
}

int main(void)
{
	layout = malloc(sizeof(*layout));
	parsed = malloc(sizeof(*parsed));
	if (!layout || !parsed)
		return 1;
	test_album();
	test_variants();
	test_cdb();
	test_other_clients();
	test_refusals();
	free(layout);
	free(parsed);
	return check_finish();
}
