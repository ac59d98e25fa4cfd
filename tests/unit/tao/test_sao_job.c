/*
 * test_sao_job.c - the Session-At-Once engine against the scripted
 * transport (fake_drive.c): the command sequence, the Write Parameters
 * page with write type 2, the cue sheet sent (byte vectors, and parsed
 * back as a drive does), CD-TEXT in the lead-in, the stream from LBA
 * -150 to the lead-out as the sample-exact concatenation of the sources
 * (a track spanning two files included), verification by READ CD at the
 * SAO addresses; the drive without SAO, cancel, a failed WRITE, a layout
 * refused; and the SAO commit checks (sao_commit.h).
 */
#include "sao_job.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "cdtext.h"
#include "check.h"
#include "fake_drive.h"
#include "job_fixture.h"
#include "mmc_cue_sheet.h"
#include "msf.h"
#include "sao_cdtext.h"
#include "sao_commit.h"
#include "sao_layout.h"

static char dir[] = "/tmp/burnfs-test-sao-XXXXXX";

static uint8_t pcm_byte(unsigned file, uint64_t i)
{
	return (uint8_t)(i * 7 + file * 59 + (i >> 9) + 1);
}

static char *make_pcm(unsigned file, uint64_t offset, uint64_t len)
{
	char name[16];
	snprintf(name, sizeof(name), "f%u.pcm", file);
	return job_fixture_pcm(dir, name, offset, len, pcm_byte, file);
}

/*
 * Track 1: 400 sectors + 37 frames, gapless into track 2 (350 sectors +
 * 2 frames: the first 200 sectors in file 1, the rest in file 2), then
 * a 2 s silent pregap and track 3 (300 sectors + 100 frames).
 */
#define T1 (400ull * 2352 + 37 * 4)
#define T2A (200ull * 2352 + 12)
#define T2B (150ull * 2352 - 4)
#define T3 (300ull * 2352 + 100 * 4)

static struct burn_track tracks[3];
static struct burn_span spans[2];

static void make_tracks(void)
{
	memset(tracks, 0, sizeof(tracks));
	tracks[0].name = strdup("01 a.wav");
	tracks[0].path = make_pcm(0, 44, T1);
	tracks[0].offset = 44;
	tracks[0].length = T1;
	tracks[0].title = strdup("Opening");
	tracks[0].artist = strdup("Ensemble");
	spans[0].path = make_pcm(1, 0, T2A);
	spans[0].length = T2A;
	spans[1].path = make_pcm(2, 10, T2B);
	spans[1].offset = 10;
	spans[1].length = T2B;
	tracks[1].name = strdup("02 b.wav");
	tracks[1].n_spans = 2;
	tracks[1].spans = spans;
	tracks[1].length = T2A + T2B;
	tracks[1].pregap_given = true;
	tracks[1].title = strdup("Tr\xc3\xa4umerei \xe2\x80\x94 live");
	memcpy(tracks[1].isrc, "USRC17607839", 12);
	tracks[2].name = strdup("03 c.wav");
	tracks[2].path = make_pcm(3, 0, T3);
	tracks[2].length = T3;
	tracks[2].pregap = 150;
	tracks[2].pregap_given = true;
	tracks[2].title = strdup("Finale");
	tracks[2].pre_emphasis = true;
}

static struct burn_options sao_opts(void)
{
	struct burn_options o;
	memset(&o, 0, sizeof(o));
	o.buffer_underrun_protection = true;
	o.write_mode = BURN_WRITE_SAO;
	o.cd_text = true;
	o.verify = true;
	snprintf(o.disc_text.title, sizeof(o.disc_text.title), "Album");
	snprintf(o.disc_text.performer, sizeof(o.disc_text.performer), "Band");
	memcpy(o.mcn, "0123456789012", 13);
	return o;
}

/* The expected stream byte at stream position pos (from LBA -150). */
static uint8_t want_byte(uint64_t pos)
{
	const uint64_t a = 150ull * 2352; /* track 1 starts */
	const uint64_t b = a + T1;	  /* track 2, mid-sector */
	const uint64_t c = b + T2A;	  /* track 2's second file */
	const uint64_t d = c + T2B;	  /* end of track 2 */
	const uint64_t e = (d + 2351) / 2352 * 2352 + 150 * 2352; /* t3 */
	if (pos < a)
		return 0;
	if (pos < b)
		return pcm_byte(0, pos - a);
	if (pos < c)
		return pcm_byte(1, pos - b);
	if (pos < d)
		return pcm_byte(2, pos - c);
	if (pos < e)
		return 0;
	if (pos < e + T3)
		return pcm_byte(3, pos - e);
	return 0;
}

static void test_gapless_album(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = sao_opts();
	job_run_burn(r, &o, tracks, 3);
	struct fake_drive *f = &r->f;
	CHECK_EQ(r->result, BURN_DONE);
	if (r->result != BURN_DONE)
		fprintf(stderr, "last_error: %s\nlog:\n%s", r->st.last_error,
			r->seen.log);

	char seq[512];
	fake_drive_sequence(f, seq, sizeof(seq));
	/* After the audio (BE) and the MCN (42): the CD-TEXT (43, format
	 * 5) and the Q sub-channel (BE), both refused by this drive, which
	 * leaves them unchecked, not failed. */
	const char *want = "51 46 52 43 1E BB 5A 55 5D 2A 35 BE 42 43 BE 1E";
	CHECK(strcmp(seq, want) == 0);
	if (strcmp(seq, want) != 0)
		fprintf(stderr, "sequence: %s\n  wanted: %s\n", seq, want);
	CHECK(strstr(r->seen.log, "CD-TEXT not checked") != NULL);
	CHECK(strstr(r->seen.log, "index points not checked") != NULL);

	/* Page 05h: BUFE, write type 2 (SAO), MS 00b, no MCN/ISRC there. */
	const struct fake_cmd *c = fake_drive_find(f, 0x55, 0);
	CHECK(c && c->data_len >= 8 + 52);
	if (c) {
		const uint8_t *p = c->data + 8;
		CHECK_EQ(p[0], 0x05);
		CHECK_EQ(p[2], 0x42);
		CHECK_EQ(p[3], 0x00);
		CHECK_EQ(p[4], 0x00);
		CHECK_EQ(p[16], 0x00);
		CHECK_EQ(p[32], 0x00);
	}

	/* The layout: 150 + T1 + T2 gapless, zeros to the sector, 150
	 * silent, T3 padded to a sector. */
	uint32_t t2_first = (uint32_t)((150 * 2352 + T1) / 2352) - 150;
	uint32_t t2_end =
	    (uint32_t)((150 * 2352 + T1 + T2A + T2B + 2351) / 2352) - 150;
	int32_t t3_index1 = (int32_t)t2_end + 150;
	int32_t leadout = t3_index1 + 301;

	/* SEND CUE SHEET: CDB length, then the entries byte for byte. */
	c = fake_drive_find(f, 0x5D, 0);
	CHECK(c && get_be24(c->cdb + 6) == f->cue_len);
	const uint8_t cue_head[] = {
	    0x02, '0',	'1',  '2',  '3', '4', '5', '6', /* MCN 1-7 */
	    0x02, '7',	'8',  '9',  '0', '1', '2', 0,	/* MCN 8-13 */
	    0x01, 0x00, 0x00, 0x41, 0,	 0,   0,   0,	/* lead-in, CD-TEXT */
	    0x01, 0x01, 0x00, 0x00, 0,	 0,   0,   0,	/* track 1 INDEX 00 */
	    0x01, 0x01, 0x01, 0x00, 0,	 0,   2,   0,	/* INDEX 01 00:02:00 */
	    0x03, 0x02, 'U',  'S',  'R', 'C', '1', '7', /* ISRC 1-6 */
	    0x03, 0x02, '6',  '0',  '7', '8', '3', '9', /* ISRC 7-12 */
	};
	CHECK_EQ(f->cue_len, sizeof(cue_head) + 4 * 8);
	CHECK(memcmp(f->cue, cue_head, sizeof(cue_head)) == 0);
	struct msf m2 = msf_from_lba((int32_t)t2_first);
	const uint8_t t2[8] = {0x01, 0x02, 0x01, 0x00, 0, m2.m, m2.s, m2.f};
	CHECK(memcmp(f->cue + sizeof(cue_head), t2, 8) == 0);
	struct msf m30 = msf_from_lba((int32_t)t2_end);
	struct msf m31 = msf_from_lba(t3_index1);
	const uint8_t t3[16] = {0x11, 0x03, 0x00, 0x00, 0, m30.m, m30.s, m30.f,
				0x11, 0x03, 0x01, 0x00, 0, m31.m, m31.s, m31.f};
	CHECK(memcmp(f->cue + sizeof(cue_head) + 8, t3, 16) == 0);
	struct msf mlo = msf_from_lba(leadout);
	const uint8_t lo[8] = {0x01, 0xAA, 0x01, 0x01, 0, mlo.m, mlo.s, mlo.f};
	CHECK(memcmp(f->cue + sizeof(cue_head) + 24, lo, 8) == 0);
	/* ... and a drive takes it. */
	struct mmc_cue_sheet *parsed = malloc(sizeof(*parsed));
	struct mmc_cue_fault fault;
	CHECK_EQ(mmc_cue_sheet_parse(f->cue, f->cue_len, parsed, &fault), 0);
	CHECK(parsed->cd_text);
	CHECK_EQ(parsed->leadout, leadout);
	free(parsed);

	/* CD-TEXT: the lead-in from the ATIP start (97:26:66, LBA -11634)
	 * to -150, in 96-byte sectors; the first holds packs 0-3. */
	CHECK_EQ(f->leadin_first, -11634);
	CHECK_EQ(f->leadin_sectors, 11634 - 150);
	uint8_t *packs;
	size_t n_packs;
	char why[200];
	CHECK_EQ(sao_cdtext_packs(&o, tracks, 3, &packs, &n_packs, NULL, NULL,
				  why, sizeof(why)),
		 0);
	uint8_t four[4 * 18];
	cdtext_subchannel_packs(f->leadin_sector0, four);
	CHECK(n_packs >= 4 && memcmp(four, packs, sizeof(four)) == 0);
	struct cdtext *dec = malloc(sizeof(*dec));
	CHECK_EQ(cdtext_decode(packs, n_packs, dec, NULL), 0);
	CHECK(strcmp(dec->text[CDTEXT_TITLE][0], "Album") == 0);
	CHECK(strcmp(dec->text[CDTEXT_PERFORMER][0], "Band") == 0);
	CHECK(strcmp(dec->text[CDTEXT_TITLE][2], "Tr\xe4umerei - live") == 0);
	CHECK(strcmp(dec->text[CDTEXT_PERFORMER][1], "Ensemble") == 0);
	free(dec);
	free(packs);
	CHECK(strstr(r->seen.log, "track 2's title") != NULL);

	/* The stream: every byte from LBA -150 to the lead-out. */
	CHECK_EQ(f->sao_next, leadout);
	uint64_t total = (uint64_t)(leadout + 150) * 2352;
	uint64_t bad = total;
	for (uint64_t i = 0; i < total && bad == total; i++)
		if (f->stream[i] != want_byte(i))
			bad = i;
	CHECK_EQ(bad, total);
	if (bad != total)
		fprintf(stderr, "stream differs at byte %llu (LBA %lld)\n",
			(unsigned long long)bad, (long long)(bad / 2352) - 150);
	CHECK(f->sao_closed);
	CHECK_EQ(fake_drive_count(f, 0x5B), 0); /* no CLOSE SESSION */
	CHECK(strstr(r->seen.log, "gapless after track 1") != NULL);
	CHECK(strstr(r->seen.log, "verification passed, 3 tracks match") !=
	      NULL);
	CHECK(strstr(r->st.verify, "passed") != NULL);
	job_run_free(r);
}

static void test_test_write_and_speed(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = sao_opts();
	o.test_write = true;
	o.buffer_underrun_protection = false;
	o.do_not_finalize = true;
	o.cd_text = false;
	o.write_speed_kbps = 1764;
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_DONE);
	const struct fake_cmd *c = fake_drive_find(&r->f, 0x55, 0);
	CHECK(c && c->data[8 + 2] == 0x12);	     /* Test Write, SAO */
	CHECK(c && (c->data[8 + 3] & 0xC0) == 0xC0); /* MS 11b */
	c = fake_drive_find(&r->f, 0xBB, 0);
	CHECK(c && get_be16(c->cdb + 4) == 1764);
	CHECK_EQ(r->f.leadin_sectors, 0);	    /* no CD-TEXT */
	CHECK_EQ(r->f.cue[3 + 16], 0x01);	    /* lead-in data form 01h */
	CHECK_EQ(fake_drive_count(&r->f, 0xBE), 0); /* no verify */
	CHECK(strstr(r->seen.log, "test write finished") != NULL);
	job_run_free(r);
}

static void test_drive_without_sao(void)
{
	struct job_run *r = job_run_new();
	r->f.no_sao = true;
	struct burn_options o = sao_opts();
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "cannot write Session-At-Once") != NULL);
	CHECK(strstr(r->st.last_error, "echo tao > write_mode") != NULL);
	CHECK_EQ(fake_drive_count(&r->f, 0x2A), 0);
	CHECK_EQ(fake_drive_count(&r->f, 0x5D), 0);
	CHECK(strstr(r->seen.log, "nothing was written") != NULL);
	job_run_free(r);

	r = job_run_new();
	r->f.refuse_sao = true;
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "refused write type 2") != NULL);
	CHECK(strstr(r->st.last_error, "echo tao > write_mode") != NULL);
	CHECK_EQ(fake_drive_count(&r->f, 0x2A), 0);
	/* The tray is unlocked again. */
	const struct fake_cmd *c = fake_drive_find(&r->f, 0x1E, 1);
	CHECK(c && (c->cdb[4] & 1) == 0);
	job_run_free(r);
}

static void test_cancel_and_failure(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = sao_opts();
	r->f.cancel_at_lba = 500;
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_CANCELLED);
	CHECK(strstr(r->seen.log, "cancelled during track 2 of 3") != NULL);
	CHECK(strstr(r->seen.log, "cannot be completed") != NULL);
	CHECK(!r->f.sao_closed || fake_drive_count(&r->f, 0x35) == 1);
	job_run_free(r);

	r = job_run_new();
	r->f.fail_write_lba = 10;
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "track 1: WRITE(10) at LBA") != NULL);
	CHECK(strstr(r->seen.log, "stopped at LBA") != NULL);
	if (!strstr(r->seen.log, "stopped at LBA"))
		fprintf(stderr, "log:\n%s", r->seen.log);
	job_run_free(r);

	/* A 1 s track cannot run gaplessly into the next: refused before
	 * the drive is asked anything. */
	r = job_run_new();
	uint64_t keep = tracks[0].length;
	tracks[0].length = 75 * 2352;
	job_run_burn(r, &o, tracks, 3);
	tracks[0].length = keep;
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "layout") != NULL);
	CHECK_EQ(r->f.n_log, 0);
	job_run_free(r);
}

static void test_commit_checks(void)
{
	struct drive_info d;
	struct media_info m;
	memset(&d, 0, sizeof(d));
	memset(&m, 0, sizeof(m));
	d.can_write_sao = true;
	m.type = MEDIA_CD_R;
	m.state = MEDIA_STATE_BLANK;
	m.writable = true;
	m.free_sectors = 359849;
	struct burn_options o = sao_opts();
	uint64_t total = 0;
	char why[300];
	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 3, &total, why, sizeof(why)),
	    0);
	CHECK(total > 150 + 400 + 350 + 150 + 300);

	d.can_write_sao = false;
	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 3, &total, why, sizeof(why)),
	    -ENOTSUP);
	CHECK(strstr(why, "echo tao > write_mode") != NULL);
	d.can_write_sao = true;

	o.keep_session_open = true;
	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 3, &total, why, sizeof(why)),
	    -EOPNOTSUPP);
	CHECK(strstr(why, "keep_session_open") != NULL);
	o.keep_session_open = false;

	m.state = MEDIA_STATE_APPENDABLE;
	m.n_sessions = 1;
	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 3, &total, why, sizeof(why)),
	    -EMEDIUMTYPE);
	m.state = MEDIA_STATE_BLANK;

	m.free_sectors = 1000;
	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 3, &total, why, sizeof(why)),
	    -ENOSPC);
	m.free_sectors = 359849;

	CHECK_EQ(
	    sao_commit_check(&d, &m, &o, tracks, 0, &total, why, sizeof(why)),
	    -ENODATA);

	/* Which tracks only SAO can write. */
	CHECK(burn_tracks_need_sao(tracks, 3, why, sizeof(why)));
	CHECK(strstr(why, "track 2 (02 b.wav): its audio lies in several "
			  "files") != NULL);
	struct burn_track plain[2];
	memset(plain, 0, sizeof(plain));
	plain[0].name = plain[1].name = (char *)(uintptr_t) "x";
	CHECK(!burn_tracks_need_sao(plain, 2, why, sizeof(why)));
	plain[1].pregap_given = true;
	CHECK(burn_tracks_need_sao(plain, 2, why, sizeof(why)));
	CHECK(strstr(why, "without a gap") != NULL);
	plain[1].pregap = 150;
	CHECK(!burn_tracks_need_sao(plain, 2, why, sizeof(why)));
	struct burn_span be = {.length = 4, .big_endian = true};
	plain[1].spans = &be;
	plain[1].n_spans = 1;
	CHECK(burn_tracks_need_sao(plain, 2, why, sizeof(why)));
	CHECK(strstr(why, "big-endian raw audio") != NULL);
}

/* The MCN of a burn: the mcn control's, or the tracks' catalog. */
static void test_mcn_from_catalog(void)
{
	struct burn_track t[3];
	memset(t, 0, sizeof(t));
	t[0].name = (char *)(uintptr_t) "a.cue track 01";
	t[1].name = (char *)(uintptr_t) "a.cue track 02";
	t[2].name = (char *)(uintptr_t) "c.wav";
	char mcn[14] = "x", why[400] = "";
	CHECK_EQ(burn_tracks_mcn(t, 3, "", mcn, why, sizeof(why)), 0);
	CHECK_STR(mcn, "");
	CHECK_EQ(burn_tracks_mcn(t, 3, "0123456789012", mcn, why, sizeof(why)),
		 0);
	CHECK_STR(mcn, "0123456789012");
	strcpy(t[0].catalog, "4006381333931");
	strcpy(t[1].catalog, "4006381333931");
	CHECK_EQ(burn_tracks_mcn(t, 3, NULL, mcn, why, sizeof(why)), 0);
	CHECK_STR(mcn, "4006381333931");
	CHECK_EQ(burn_tracks_mcn(t, 3, "4006381333931", mcn, why, sizeof(why)),
		 0);
	CHECK_STR(mcn, "4006381333931");
	CHECK_EQ(burn_tracks_mcn(t, 3, "0123456789012", mcn, why, sizeof(why)),
		 -EINVAL);
	CHECK(strstr(why,
		     "commit: mcn is 0123456789012, but a.cue track 01 "
		     "has the catalog number (CATALOG) 4006381333931") == why);
	strcpy(t[2].catalog, "0123456789012");
	CHECK_EQ(burn_tracks_mcn(t, 3, "", mcn, why, sizeof(why)), -EINVAL);
	CHECK(strstr(why, "commit: a.cue track 01 has the catalog number (MCN) "
			  "4006381333931 and c.wav has 0123456789012") == why);
}

int main(void)
{
	if (job_fixture_dir_make(dir) < 0)
		return 1;
	make_tracks();
	test_gapless_album();
	test_test_write_and_speed();
	test_drive_without_sao();
	test_cancel_and_failure();
	test_commit_checks();
	test_mcn_from_catalog();
	job_fixture_dir_remove(dir);
	return check_finish();
}
