/*
 * test_render_sao.c - toc and toc.cue in Session-At-Once mode (exact
 * lines: INDEX 00/01 from the SAO layout, gapless joins, the pregap
 * setting, index points, hidden track one audio, the lead-out, the
 * CD-TEXT written and its transliterations) and the Track-At-Once toc's
 * word on tags it does not burn.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render.h"
#include "test_text.h"

#define HAS(tb, line) CHECK(text_has_line((tb)->data, line))

static struct media_info blank_cdr(void)
{
	struct media_info m;
	memset(&m, 0, sizeof(m));
	m.type = MEDIA_CD_R;
	m.state = MEDIA_STATE_BLANK;
	m.last_possible_leadout_lba = 359849;
	m.writable = true;
	m.free_sectors = 359849;
	m.next_track_number = 1;
	m.first_track_of_session = true;
	return m;
}

static struct toc_settings sao_settings(uint32_t pregap)
{
	struct toc_settings s;
	memset(&s, 0, sizeof(s));
	s.write_mode = BURN_WRITE_SAO;
	s.pregap = pregap;
	s.cd_text = true;
	return s;
}

/*
 * A gapless album: track 1 ends 1000 bytes into a sector and track 2
 * continues in it; track 3 has a 2 s silent pregap of its own.
 * Pregaps as control_apply_pregaps leaves them (pregap 0).
 */
static char name_a[] = "01 a.flac", name_b[] = "02 b.flac",
	    name_c[] = "03 c.flac", title_a[] = "Łódź Overture",
	    title_b[] = "Café", trio[] = "The Trio";

static void album(struct burn_track st[3])
{
	memset(st, 0, 3 * sizeof(*st));
	st[0] = (struct burn_track){.name = name_a,
				    .length = 13500ull * 2352 + 1000,
				    .title = title_a,
				    .artist = trio,
				    .isrc = "USABC2600001"};
	st[1] = (struct burn_track){.name = name_b,
				    .length = 4500ull * 2352,
				    .title = title_b,
				    .pregap_given = true};
	st[2] = (struct burn_track){.name = name_c,
				    .length = 300ull * 2352,
				    .pregap = 150,
				    .pregap_given = true,
				    .n_index = 1,
				    .index = {75}};
}

static void test_sao_toc(void)
{
	struct media_info m = blank_cdr();
	struct burn_track st[3];
	album(st);
	struct toc_settings s = sao_settings(0);
	strcpy(s.disc.title, "Live — 2026");
	strcpy(s.disc.performer, "The Trio");
	struct textbuf tb;
	tb_init(&tb);
	render_toc(&tb, &m, st, 3, &s);
	HAS(&tb, "write_mode: sao");
	HAS(&tb, "pregap: 0");
	HAS(&tb, "tracks_staged: 3");
	HAS(&tb, "staged_sectors: 18451");
	HAS(&tb, "fits: yes");
	HAS(&tb, "track01: staged session=1 start=0 msf=00:02:00 "
		 "length=13500 length_msf=03:00:00 pregap=150 index00=-150 "
		 "audio title=Łódź%20Overture artist=The%20Trio "
		 "isrc=USABC2600001 name=01 a.flac");
	HAS(&tb, "track02: staged session=1 start=13500 msf=03:02:00 "
		 "length=4501 length_msf=01:00:01 pregap=0 audio gapless "
		 "title=Café name=02 b.flac");
	HAS(&tb, "track03: staged session=1 start=18151 msf=04:04:01 "
		 "length=300 length_msf=00:04:00 pregap=150 index00=18001 "
		 "indexes=18226 audio name=03 c.flac");
	HAS(&tb, "leadout: start=18451 msf=04:08:01");
	HAS(&tb, "cdtext: yes");
	HAS(&tb, "cdtext_disc: title=Live%20—%202026 "
		 "performer=The%20Trio");
	HAS(&tb, "cdtext_note: the disc's title \"Live — 2026\" is not all "
		 "ISO 8859-1: written \"Live - 2026\"");
	HAS(&tb, "cdtext_note: track 1's title \"Łódź Overture\" is not all "
		 "ISO 8859-1: written \"Lódz Overture\"");
	CHECK(text_count_prefix(tb.data, "cdtext_note:") == 2);
	CHECK(strstr(tb.data, "\nnote: ") == NULL);

	/* cdtext 0, and no texts at all. */
	tb_reset(&tb);
	s.cd_text = false;
	render_toc(&tb, &m, st, 3, &s);
	HAS(&tb, "cdtext: no, cdtext is 0");
	tb_reset(&tb);
	struct burn_track plain[1] = {
	    {.name = (char[]){"x.wav"}, .length = 300ull * 2352}};
	s = sao_settings(150);
	render_toc(&tb, &m, plain, 1, &s);
	HAS(&tb, "pregap: 2");
	HAS(&tb, "cdtext: no, no texts (no tags, disc_title or "
		 "disc_performer)");
	HAS(&tb, "track01: staged session=1 start=0 msf=00:02:00 length=300 "
		 "length_msf=00:04:00 pregap=150 index00=-150 audio "
		 "name=x.wav");
	HAS(&tb, "leadout: start=300 msf=00:06:00");
	tb_free(&tb);
}

static void test_sao_toc_refusals(void)
{
	struct media_info m = blank_cdr();
	struct textbuf tb;
	tb_init(&tb);
	/* A 2 s track running gaplessly into the next. */
	struct burn_track st[2] = {
	    {.name = (char[]){"a.wav"}, .length = 150ull * 2352},
	    {.name = (char[]){"b.wav"},
	     .length = 600ull * 2352,
	     .pregap_given = true},
	};
	struct toc_settings s = sao_settings(0);
	s.pregap = 75 + 30;
	render_toc(&tb, &m, st, 2, &s);
	HAS(&tb, "pregap: 00:01:30");
	HAS(&tb, "fits: no");
	HAS(&tb, "track01: staged session=1 start=none msf=none length=150 "
		 "audio name=a.wav");
	CHECK(text_count_prefix(tb.data, "note: track 1 is 2.00 s long") == 1);
	HAS(&tb, "leadout: none");

	/* A disc that is not blank. */
	tb_reset(&tb);
	m.state = MEDIA_STATE_APPENDABLE;
	render_toc(&tb, &m, st + 1, 1, &s);
	HAS(&tb, "fits: no");
	HAS(&tb, "note: Session-At-Once writes a blank disc only");
	tb_free(&tb);
}

static void test_tao_tags_not_burnt(void)
{
	struct media_info m = blank_cdr();
	struct burn_track st[1] = {{.name = (char[]){"a.wav"},
				    .length = 300ull * 2352,
				    .title = (char[]){"Song"}}};
	struct textbuf tb;
	tb_init(&tb);
	render_toc(&tb, &m, st, 1, NULL);
	HAS(&tb, "write_mode: tao");
	HAS(&tb, "cdtext: no, tags are not burnt Track-At-Once (CD-TEXT "
		 "needs Session-At-Once: echo sao > write_mode)");
	CHECK(strstr(tb.data, "pregap:") == NULL);
	tb_reset(&tb);
	st[0].title = NULL;
	render_toc(&tb, &m, st, 1, NULL);
	CHECK(strstr(tb.data, "cdtext:") == NULL);
	tb_free(&tb);
}

static void test_sao_cue(void)
{
	struct media_info m = blank_cdr();
	struct burn_track st[3];
	album(st);
	st[1].copy_permitted = true;
	struct toc_settings s = sao_settings(0);
	strcpy(s.disc.title, "Live — 2026");
	strcpy(s.disc.performer, "The Trio");
	struct textbuf tb;
	tb_init(&tb);
	render_toc_cue(&tb, &m, st, 3, "4006381333931", &s);
	CHECK(tb.data && strcmp(tb.data, "CATALOG 4006381333931\n"
					 "TITLE \"Live - 2026\"\n"
					 "PERFORMER \"The Trio\"\n"
					 "FILE \"disc.bin\" BINARY\n"
					 "REM SESSION 01\n"
					 "  TRACK 01 AUDIO\n"
					 "    TITLE \"Lódz Overture\"\n"
					 "    PERFORMER \"The Trio\"\n"
					 "    ISRC USABC2600001\n"
					 "    INDEX 01 00:00:00\n"
					 "  TRACK 02 AUDIO\n"
					 "    TITLE \"Café\"\n"
					 "    FLAGS DCP\n"
					 "    INDEX 01 03:00:00\n"
					 "  TRACK 03 AUDIO\n"
					 "    INDEX 00 04:00:01\n"
					 "    INDEX 01 04:02:01\n"
					 "    INDEX 02 04:03:01\n") == 0);

	/* Without CD-TEXT the file names are the titles, as in TAO; hidden
	 * track one audio puts track 1's INDEX 00 at the file's start. */
	tb_reset(&tb);
	s.cd_text = false;
	struct burn_track hidden[1] = {{.name = (char[]){"h.wav"},
					.length = 675ull * 2352,
					.pregap = 375,
					.pregap_audio = true}};
	render_toc_cue(&tb, &m, hidden, 1, "", &s);
	CHECK(tb.data && strcmp(tb.data, "FILE \"disc.bin\" BINARY\n"
					 "REM SESSION 01\n"
					 "  TRACK 01 AUDIO\n"
					 "    TITLE \"h.wav\"\n"
					 "    INDEX 00 00:00:00\n"
					 "    INDEX 01 00:05:00\n") == 0);
	tb_reset(&tb);
	render_toc(&tb, &m, hidden, 1, &s);
	HAS(&tb, "track01: staged session=1 start=375 msf=00:07:00 "
		 "length=300 length_msf=00:04:00 pregap=525 index00=-150 "
		 "audio pregap-audio name=h.wav");
	tb_free(&tb);
}

int main(void)
{
	test_sao_toc();
	test_sao_toc_refusals();
	test_tao_tags_not_burnt();
	test_sao_cue();
	return check_finish();
}
