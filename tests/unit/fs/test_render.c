/*
 * test_render.c - the info, speeds, media and toc renderers: exact key
 * lines for a drive, and for blank, open, appendable, closed and absent
 * discs, with and without staged tracks.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render.h"
#include "test_text.h"

#define HAS(tb, line) CHECK(text_has_line((tb)->data, line))

static struct drive_info sample_drive(void)
{
	struct drive_info d;
	memset(&d, 0, sizeof(d));
	strcpy(d.vendor, "BURNFS");
	strcpy(d.product, "Virtual CD-RW");
	strcpy(d.revision, "1.0");
	d.current_profile = 0x0009;
	d.n_profiles = 3;
	d.profiles[0] = 0x000A;
	d.profiles[1] = 0x0009;
	d.profiles[2] = 0x0008;
	d.can_write_cd_r = d.can_write_cd_rw = d.can_test_write = true;
	d.has_bufe = true;
	d.buffer_size_bytes = 2 * 1024 * 1024;
	d.max_read_speed_kbps = 7056;  /* 40x */
	d.max_write_speed_kbps = 8467; /* 48x */
	d.current_write_speed_kbps = 4234;
	d.n_write_speeds = 3;
	d.write_speeds_kbps[0] = 8467;
	d.write_speeds_kbps[1] = 4234;
	d.write_speeds_kbps[2] = 706;
	d.loading_mechanism = 1;
	d.can_load = true;
	d.n_mode_pages = 3;
	d.mode_pages[0] = 0x01;
	d.mode_pages[1] = 0x05;
	d.mode_pages[2] = 0x2A;
	d.n_features = 2;
	d.features[0].code = 0x002D;
	d.features[0].current = true;
	d.features[1].code = 0x0107;
	d.features[1].persistent = true;
	return d;
}

static void test_info(void)
{
	struct drive_info d = sample_drive();
	struct burn_status s;
	memset(&s, 0, sizeof(s));
	struct textbuf tb;
	tb_init(&tb);
	render_info(&tb, "demo", &d, &s);
	HAS(&tb, "drive: demo");
	HAS(&tb, "vendor: BURNFS");
	HAS(&tb, "product: Virtual CD-RW");
	HAS(&tb, "revision: 1.0");
	HAS(&tb, "profiles: 0x000A CD-RW, 0x0009 CD-R, 0x0008 CD-ROM");
	HAS(&tb, "current_profile: 0x0009 CD-R");
	HAS(&tb, "writes_cd_r: yes");
	HAS(&tb, "writes_cd_rw: yes");
	HAS(&tb, "test_write: yes");
	HAS(&tb, "bufe: yes");
	HAS(&tb, "eject: no");
	HAS(&tb, "buffer_size: 2048 KiB");
	HAS(&tb, "max_read_speed: 40x 7056 kB/s");
	HAS(&tb, "max_write_speed: 48x 8467 kB/s");
	HAS(&tb, "owner: none");
	HAS(&tb, "owner_command: none");
	HAS(&tb, "loading_mechanism: tray");
	HAS(&tb, "can_load: yes");
	HAS(&tb, "mode_pages: 0x01 Read/Write Error Recovery, 0x05 Write "
		 "Parameters, 0x2A CD/DVD Capabilities and Mechanical Status");
	HAS(&tb, "feature_count: 2");
	HAS(&tb, "feature: 0x002D current=yes persistent=no CD Track at Once");
	HAS(&tb, "feature: 0x0107 current=no persistent=yes Real Time "
		 "Streaming");
	CHECK(!tb_failed(&tb));

	tb_reset(&tb);
	s.owner_pid = 4242;
	strcpy(s.owner_comm, "cp");
	d.max_read_speed_kbps = 0;
	d.loading_mechanism = 2;
	d.can_load = false;
	render_info(&tb, "demo", &d, &s);
	HAS(&tb, "owner: 4242");
	HAS(&tb, "owner_command: cp");
	HAS(&tb, "loading_mechanism: pop-up");
	HAS(&tb, "can_load: no");
	HAS(&tb, "max_read_speed: unknown");
	tb_free(&tb);
}

static void test_speeds(void)
{
	struct drive_info d = sample_drive();
	struct textbuf tb;
	tb_init(&tb);
	render_speeds(&tb, &d, 0);
	CHECK(strcmp(tb.data, "source: page 2Ah\n"
			      "supported_count: 3\n"
			      "supported: 48x 8467 kB/s CLV\n"
			      "supported: 24x 4234 kB/s CLV\n"
			      "supported: 4x 706 kB/s CLV\n"
			      "current: 24x 4234 kB/s CLV\n"
			      "requested: max\n"
			      "selected: 48x 8467 kB/s CLV\n") == 0);
	tb_reset(&tb);
	render_speeds(&tb, &d, 1411);
	HAS(&tb, "requested: 8x 1411 kB/s");
	HAS(&tb, "selected: 4x 706 kB/s CLV"); /* nearer than 24x */
	CHECK(text_count_prefix(tb.data, "supported: ") == 3);
	/* From GET PERFORMANCE, a CAV speed. */
	d.speeds_from_performance = true;
	d.write_speed_rotation[1] = 1;
	tb_reset(&tb);
	render_speeds(&tb, &d, 4234);
	HAS(&tb, "source: GET PERFORMANCE");
	HAS(&tb, "supported: 24x 4234 kB/s CAV");
	HAS(&tb, "selected: 24x 4234 kB/s CAV");
	/* No speeds at all. */
	d.n_write_speeds = 0;
	tb_reset(&tb);
	render_speeds(&tb, &d, 0);
	HAS(&tb, "source: none");
	HAS(&tb, "selected: unknown");
	tb_free(&tb);
}

static struct media_info blank_cdr(void)
{
	struct media_info m;
	memset(&m, 0, sizeof(m));
	m.type = MEDIA_CD_R;
	m.state = MEDIA_STATE_BLANK;
	m.leadin_lba = -11634;
	m.last_possible_leadout_lba = 359849;
	m.writable = true;
	m.next_writable_address = 0;
	m.free_sectors = 359849;
	m.next_track_number = 1;
	m.first_track_of_session = true;
	m.atip_disc_sub_type = 3;
	m.atip_valid = true;
	m.atip_leadin_m = 97;
	m.atip_leadin_s = 15;
	m.atip_leadin_f = 35;
	return m;
}

/* One 3-minute track (13500 sectors + 2 run-out) written TAO at 0. */
static struct media_info open_cdr(void)
{
	struct media_info m = blank_cdr();
	m.state = MEDIA_STATE_OPEN;
	m.session_open = true;
	m.n_sessions = 1;
	m.n_tracks = 1;
	m.tracks[0] = (struct media_track){.number = 1,
					   .session = 1,
					   .control = 0,
					   .start_lba = 0,
					   .length = 13502};
	m.next_writable_address = 13652;
	m.free_sectors = 359849 - 13652;
	m.next_track_number = 2;
	m.first_track_of_session = false;
	return m;
}

static void test_media_blank(void)
{
	struct media_info m = blank_cdr();
	struct textbuf tb;
	tb_init(&tb);
	render_media(&tb, &m);
	HAS(&tb, "type: CD-R");
	HAS(&tb, "state: blank");
	HAS(&tb, "physically_blank: yes");
	HAS(&tb, "erasable: no");
	HAS(&tb, "writable: yes");
	HAS(&tb, "atip_disc_type: CD-R");
	HAS(&tb, "atip_leadin: 97:15:35");
	HAS(&tb, "sessions: 0");
	HAS(&tb, "tracks: 0");
	HAS(&tb, "capacity_sectors: 359849");
	HAS(&tb, "capacity_msf: 79:57:74");
	HAS(&tb, "used_sectors: 0");
	HAS(&tb, "used_msf: 00:00:00");
	HAS(&tb, "free_sectors: 359849");
	HAS(&tb, "free_msf: 79:57:74");
	HAS(&tb, "last_possible_leadout: 359849 79:59:74");
	HAS(&tb, "next_writable_address: 0 00:02:00");
	HAS(&tb, "next_track: 1 new-session");
	HAS(&tb, "atip_disc_sub_type: 3");
	CHECK(text_count_prefix(tb.data, "track") == 1); /* "tracks: 0" */
	CHECK(strstr(tb.data, "note:") == NULL);
	tb_free(&tb);
}

static void test_media_open(void)
{
	struct media_info m = open_cdr();
	struct textbuf tb;
	tb_init(&tb);
	render_media(&tb, &m);
	HAS(&tb, "type: CD-R");
	HAS(&tb, "state: open");
	HAS(&tb, "physically_blank: no");
	HAS(&tb, "sessions: 1");
	HAS(&tb, "tracks: 1");
	HAS(&tb, "track01: session=1 start=0 length=13502 msf=00:02:00 "
		 "duration=03:00:02 audio");
	HAS(&tb, "capacity_sectors: 359849");
	HAS(&tb, "used_sectors: 13652");
	HAS(&tb, "used_msf: 03:02:02");
	HAS(&tb, "free_sectors: 346197");
	HAS(&tb, "next_writable_address: 13652 03:04:02");
	HAS(&tb, "next_track: 2");
	HAS(&tb, "note: session open: only CD recorders can read this disc "
		 "until it is closed");
	tb_free(&tb);
}

static void test_media_appendable_rw(void)
{
	struct media_info m = open_cdr();
	m.type = MEDIA_CD_RW;
	m.erasable = true;
	m.state = MEDIA_STATE_APPENDABLE;
	m.session_open = false;
	m.tracks[0].control = 2 | 1; /* copy permitted, pre-emphasis */
	m.next_writable_address = 13502 + 11400;
	m.free_sectors = 359849 - (13502 + 11400);
	m.first_track_of_session = true;
	m.atip_disc_sub_type = 1;
	struct textbuf tb;
	tb_init(&tb);
	render_media(&tb, &m);
	HAS(&tb, "type: CD-RW");
	HAS(&tb, "state: appendable");
	HAS(&tb, "erasable: yes");
	HAS(&tb, "track01: session=1 start=0 length=13502 msf=00:02:00 "
		 "duration=03:00:02 audio pre-emphasis copy-permitted");
	HAS(&tb, "used_sectors: 24902");
	HAS(&tb, "next_writable_address: 24902 05:34:02");
	HAS(&tb, "next_track: 2 new-session");
	HAS(&tb, "atip_disc_sub_type: 1");
	CHECK(strstr(tb.data, "note:") == NULL);
	tb_free(&tb);
}

static void test_media_closed(void)
{
	struct media_info m = open_cdr();
	m.state = MEDIA_STATE_CLOSED;
	m.session_open = false;
	m.writable = false;
	m.n_tracks = 2;
	m.tracks[1] = (struct media_track){.number = 2,
					   .session = 1,
					   .control = 4,
					   .start_lba = 13652,
					   .length = 4502};
	struct textbuf tb;
	tb_init(&tb);
	render_media(&tb, &m);
	HAS(&tb, "state: closed");
	HAS(&tb, "writable: no");
	HAS(&tb, "tracks: 2");
	HAS(&tb, "track02: session=1 start=13652 length=4502 msf=03:04:02 "
		 "duration=01:00:02 data");
	HAS(&tb, "capacity_sectors: 359849");
	HAS(&tb, "used_sectors: 18154");
	HAS(&tb, "free_sectors: 0");
	HAS(&tb, "free_msf: 00:00:00");
	HAS(&tb, "next_writable_address: none");
	HAS(&tb, "next_track: none");
	CHECK(strstr(tb.data, "note:") == NULL);

	/* A pressed CD: no ATIP, capacity is what is recorded. */
	tb_reset(&tb);
	m.type = MEDIA_CD_ROM;
	m.last_possible_leadout_lba = 0;
	m.atip_valid = false;
	render_media(&tb, &m);
	HAS(&tb, "type: CD-ROM");
	HAS(&tb, "capacity_sectors: 18154");
	HAS(&tb, "last_possible_leadout: unknown");
	HAS(&tb, "atip_disc_sub_type: unknown");
	tb_free(&tb);
}

static void test_media_none(void)
{
	struct media_info m;
	memset(&m, 0, sizeof(m));
	struct textbuf tb;
	tb_init(&tb);
	render_media(&tb, &m);
	CHECK(strncmp(tb.data, "type: none\nstate: none\n", 23) == 0);
	HAS(&tb, "tracks: 0");
	HAS(&tb, "capacity_sectors: 0");
	HAS(&tb, "next_writable_address: none");
	HAS(&tb, "atip_disc_type: unknown");
	HAS(&tb, "atip_leadin: unknown");
	HAS(&tb, "physically_blank: no");
	tb_free(&tb);
}

static void test_toc_blank(void)
{
	struct media_info m = blank_cdr();
	struct burn_track st[3] = {
	    {.name = (char[]){"01 intro.wav"},
	     .length = 13500ull * 2352,
	     .title = (char[]){"Intro = 1%"},
	     .artist = (char[]){"A B"}}, /* exactly 3:00 */
	    {.name = (char[]){"02 short.wav"},
	     .length = 44100ull * 4 * 2}, /* 2 s: padded to 300 */
	    {.name = (char[]){"03 odd.wav"},
	     .length = 2352ull * 1000 + 4,
	     .title = (char[]){""},
	     .artist = (char[]){""},
	     .isrc = "USS1Z9900001"}, /* one frame over */
	};
	struct textbuf tb;
	tb_init(&tb);
	render_toc(&tb, &m, st, 3, NULL);
	HAS(&tb, "tracks_on_disc: 0");
	HAS(&tb, "tracks_staged: 3");
	HAS(&tb, "first_track: 1");
	HAS(&tb, "last_track: 3");
	/* 13500 + 152 + 300 + 152 + 1001 + 2 */
	HAS(&tb, "staged_sectors: 15107");
	HAS(&tb, "fits: yes");
	HAS(&tb,
	    "track01: staged session=1 start=0 msf=00:02:00 length=13500 "
	    "length_msf=03:00:00 pregap=150 audio title=Intro%20%3D%201%25 "
	    "artist=A%20B name=01 intro.wav");
	HAS(&tb, "track02: staged session=1 start=13652 msf=03:04:02 "
		 "length=300 length_msf=00:04:00 pregap=150 audio "
		 "name=02 short.wav");
	HAS(&tb, "track03: staged session=1 start=14104 msf=03:10:04 "
		 "length=1001 length_msf=00:13:26 pregap=150 audio "
		 "isrc=USS1Z9900001 name=03 odd.wav");
	HAS(&tb, "leadout: start=15107 msf=03:23:32");
	tb_free(&tb);
}

static void test_toc_open_and_full(void)
{
	struct media_info m = open_cdr();
	struct burn_track st[1] = {
	    {.name = (char[]){"x.wav"}, .length = 4500ull * 2352}};
	struct textbuf tb;
	tb_init(&tb);
	render_toc(&tb, &m, st, 1, NULL);
	HAS(&tb, "tracks_on_disc: 1");
	HAS(&tb, "first_track: 1");
	HAS(&tb, "last_track: 2");
	HAS(&tb, "track01: disc session=1 start=0 msf=00:02:00 length=13502 "
		 "length_msf=03:00:02 audio");
	HAS(&tb, "track02: staged session=1 start=13652 msf=03:04:02 "
		 "length=4500 length_msf=01:00:00 pregap=150 audio name=x.wav");
	HAS(&tb, "leadout: start=18154 msf=04:04:04");
	HAS(&tb, "fits: yes");

	tb_reset(&tb);
	m.free_sectors = 4000;
	render_toc(&tb, &m, st, 1, NULL);
	HAS(&tb, "fits: no");

	/* Appendable: staged tracks open session 2. */
	tb_reset(&tb);
	m.free_sectors = 300000;
	m.state = MEDIA_STATE_APPENDABLE;
	m.session_open = false;
	m.next_writable_address = 13502 + 11400;
	render_toc(&tb, &m, st, 1, NULL);
	HAS(&tb, "track02: staged session=2 start=24902 msf=05:34:02 "
		 "length=4500 length_msf=01:00:00 pregap=150 audio name=x.wav");

	/* Nothing staged: the lead-out follows the disc's last track. */
	tb_reset(&tb);
	render_toc(&tb, &m, NULL, 0, NULL);
	HAS(&tb, "tracks_staged: 0");
	HAS(&tb, "last_track: 1");
	HAS(&tb, "leadout: start=13502 msf=03:02:02");
	CHECK(strstr(tb.data, "fits:") == NULL);
	tb_free(&tb);
}

static void test_toc_closed_and_none(void)
{
	struct media_info m = open_cdr();
	m.state = MEDIA_STATE_CLOSED;
	m.session_open = false;
	m.writable = false;
	struct burn_track st[1] = {
	    {.name = (char[]){"y.wav"}, .length = 300ull * 2352}};
	struct textbuf tb;
	tb_init(&tb);
	render_toc(&tb, &m, st, 1, NULL);
	HAS(&tb, "track02: staged session=2 start=none msf=none length=300 "
		 "length_msf=00:04:00 pregap=150 audio name=y.wav");
	HAS(&tb, "fits: no");
	HAS(&tb, "leadout: start=13502 msf=03:02:02");
	HAS(&tb, "note: the disc cannot take more tracks");

	tb_reset(&tb);
	struct media_info none;
	memset(&none, 0, sizeof(none));
	render_toc(&tb, &none, st, 1, NULL);
	HAS(&tb, "track01: staged session=1 start=0 msf=00:02:00 length=300 "
		 "length_msf=00:04:00 pregap=150 audio name=y.wav");
	HAS(&tb, "fits: unknown");
	HAS(&tb, "leadout: start=302 msf=00:06:02");
	HAS(&tb, "note: no disc in the drive; addresses assume a blank disc");

	tb_reset(&tb);
	render_toc(&tb, &none, NULL, 0, NULL);
	HAS(&tb, "first_track: 0");
	HAS(&tb, "last_track: 0");
	HAS(&tb, "leadout: none");
	tb_free(&tb);
}

static void test_textbuf(void)
{
	struct textbuf tb;
	tb_init(&tb);
	CHECK(tb.data != NULL && tb.data[0] == '\0' && tb.len == 0);
	tb_reset(&tb);
	CHECK(tb.len == 0);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (int i = 0; i < 10; i++)
		tb_printf(&tb, "%d:%s\n", i, big);
	CHECK(tb.len == 10 * (2 + 999 + 1));
	CHECK(strlen(tb.data) == tb.len);
	CHECK(strncmp(tb.data + 1002, "1:xxx", 5) == 0);
	tb_append(&tb, "ab", 1);
	CHECK(tb.data[tb.len - 1] == 'a' && tb.data[tb.len] == '\0');
	CHECK(!tb_failed(&tb));
	tb_free(&tb);
	CHECK(tb.len == 0 && tb.data[0] == '\0');
}

static void test_toc_cue(void)
{
	struct media_info m = blank_cdr();
	struct burn_track st[2] = {
	    {.name = (char[]){"01 a \"b\".wav"},
	     .length = 13500ull * 2352,
	     .isrc = "USABC2600001",
	     .pre_emphasis = true},
	    {.name = (char[]){"02 c.wav"},
	     .length = 300ull * 2352,
	     .copy_permitted = true},
	};
	struct textbuf tb;
	tb_init(&tb);
	render_toc_cue(&tb, &m, st, 2, "4006381333931", NULL);
	CHECK(tb.data && strcmp(tb.data, "CATALOG 4006381333931\n"
					 "FILE \"disc.bin\" BINARY\n"
					 "REM SESSION 01\n"
					 "  TRACK 01 AUDIO\n"
					 "    TITLE \"01 a 'b'.wav\"\n"
					 "    FLAGS PRE\n"
					 "    ISRC USABC2600001\n"
					 "    INDEX 01 00:00:00\n"
					 "  TRACK 02 AUDIO\n"
					 "    TITLE \"02 c.wav\"\n"
					 "    FLAGS DCP\n"
					 "    INDEX 00 03:00:02\n"
					 "    INDEX 01 03:02:02\n") == 0);
	tb_free(&tb);

	/* An open session: the disc's track, then the staged one in the same
	 * session, no CATALOG (the MCN belongs to the first burn). */
	m = open_cdr();
	m.tracks[0].control = 0x2;
	tb_init(&tb);
	render_toc_cue(&tb, &m, st + 1, 1, "4006381333931", NULL);
	CHECK(tb.data && strcmp(tb.data, "FILE \"disc.bin\" BINARY\n"
					 "REM SESSION 01\n"
					 "  TRACK 01 AUDIO\n"
					 "    FLAGS DCP\n"
					 "    INDEX 01 00:00:00\n"
					 "  TRACK 02 AUDIO\n"
					 "    TITLE \"02 c.wav\"\n"
					 "    FLAGS DCP\n"
					 "    INDEX 00 03:00:02\n"
					 "    INDEX 01 03:02:02\n") == 0);
	tb_free(&tb);
}

int main(void)
{
	test_toc_cue();
	test_textbuf();
	test_info();
	test_speeds();
	test_media_blank();
	test_media_open();
	test_media_appendable_rw();
	test_media_closed();
	test_media_none();
	test_toc_blank();
	test_toc_open_and_full();
	test_toc_closed_and_none();
	return check_finish();
}
