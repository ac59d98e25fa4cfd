/*
 * test_vrec_pure.c - the virtual recorder's pure parts with byte vectors:
 * the --virtual spec parser, write speeds, the drive-buffer arithmetic,
 * the disc model's NWA rules, IMAGE.state round trip and refusals, the
 * cue sheet with flags/ISRC/MCN, and the NRG footer layout.
 */
#include <string.h>

#include "bytes.h"
#include "cd_speed.h"
#include "msf.h"
#include "vrec_internal.h"
#include "vtest.h"

static void test_spec(void)
{
	struct vrec_config c;
	char err[256];
	CHECK_EQ(vrec_parse_spec("demo:/tmp/demo-disc", &c, err, sizeof(err)),
		 0);
	CHECK(strcmp(c.name, "demo") == 0);
	CHECK(strcmp(c.image, "/tmp/demo-disc") == 0);
	CHECK_EQ(c.media, VREC_MEDIA_CDR80);
	CHECK_EQ(c.max_speed_x, 52);
	CHECK_EQ(c.pace, false);
	CHECK_EQ(c.buffer_bytes, 2 * 1024 * 1024);
	CHECK_EQ(vrec_parse_spec("w:/x/y,media=cdrw74,speed=16x,pace=1,"
				 "buffer=512k",
				 &c, err, sizeof(err)),
		 0);
	CHECK_EQ(c.media, VREC_MEDIA_CDRW74);
	CHECK_EQ(c.max_speed_x, 16);
	CHECK_EQ(c.pace, true);
	CHECK_EQ(c.buffer_bytes, 512 * 1024);
	CHECK_EQ(
	    vrec_parse_spec("w:/x,buffer=4M,media=none", &c, err, sizeof(err)),
	    0);
	CHECK_EQ(c.buffer_bytes, 4 * 1024 * 1024);
	CHECK_EQ(c.media, VREC_MEDIA_NONE);
	const char *bad[] = {"nocolon",
			     ":/img",
			     "a:",
			     "a/b:/img",
			     "a:/img,media=dvd",
			     "a:/img,speed=0",
			     "a:/img,speed=99",
			     "a:/img,pace=2",
			     "a:/img,buffer=1k",
			     "a:/img,buffer=17592186044418M", /* wraps to 2M */
			     "a:/img,colour=red",
			     "a:/img,",
			     "a:/img,speed"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_EQ(vrec_parse_spec(bad[i], &c, err, sizeof(err)), -22);
		CHECK(err[0] != '\0');
	}
}

static void test_speeds(void)
{
	struct vrec_speeds s;
	vrec_speeds_init(&s, 52);
	CHECK_EQ(s.n, 9);
	CHECK_EQ(s.x[0], 52);
	CHECK_EQ(s.x[8], 4);
	CHECK_EQ(speed_x_to_kbps(1), 176);
	CHECK_EQ(speed_x_to_kbps(4), 706);
	CHECK_EQ(speed_x_to_kbps(52), 9173);
	CHECK_EQ(vrec_speed_clamp(&s, 0xFFFF), 52);
	CHECK_EQ(vrec_speed_clamp(&s, 24 * 177), 24);
	CHECK_EQ(vrec_speed_clamp(&s, 20 * 176), 16);
	CHECK_EQ(vrec_speed_clamp(&s, 1), 4);
	vrec_speeds_init(&s, 1);
	CHECK_EQ(s.n, 1);
	CHECK_EQ(vrec_speed_clamp(&s, 9000), 1);
	vrec_speeds_init(&s, 12);
	CHECK_EQ(s.n, 4); /* 12 10 8 4 */
	CHECK_EQ(s.x[1], 10);
}

static void test_pace(void)
{
	struct vrec_pace p;
	vrec_pace_init(&p, true, 10000);
	CHECK(vrec_pace_accept(&p, 8000, 1000, 0.0));
	CHECK(!vrec_pace_accept(&p, 8000, 1000, 1.0)); /* 7000 left */
	CHECK_EQ(vrec_pace_free(&p, 1000, 1.0), 3000);
	CHECK(vrec_pace_accept(&p, 8000, 1000, 6.0)); /* 2000 + 8000 */
	CHECK_EQ(vrec_pace_free(&p, 1000, 6.0), 0);
	CHECK_EQ((int)(vrec_pace_drain_time(&p, 1000, 6.0) * 1000), 10000);
	CHECK_EQ(vrec_pace_free(&p, 1000, 100.0), 10000);
	CHECK(vrec_pace_accept(&p, 50000, 1000, 100.0)); /* empty: any */
	/* Between 16 and 100 s the buffer was empty while the track was
	 * being recorded: one underrun, 84 s starved. */
	CHECK_EQ(p.underruns, 1);
	CHECK_EQ((int)p.starved_s, 84);
	CHECK(!p.starved); /* data arrived again */
	/* Draining after the track's end is no underrun. */
	vrec_pace_end_stream(&p, 1000, 101.0);
	vrec_pace_update(&p, 1000, 500.0);
	CHECK_EQ(p.underruns, 1);
	CHECK(!p.starved && !p.streaming);
	/* Running dry mid-track: starved until the next accepted WRITE. */
	CHECK(vrec_pace_accept(&p, 1000, 1000, 600.0));
	vrec_pace_update(&p, 1000, 602.0);
	CHECK(p.starved);
	CHECK_EQ(p.underruns, 2);
	vrec_pace_update(&p, 1000, 603.0);
	CHECK_EQ(p.underruns, 2); /* one event per dry spell */
	CHECK_EQ((int)(p.starved_s + 0.5), 84 + 2);
	vrec_pace_init(&p, false, 10000);
	CHECK(vrec_pace_accept(&p, 8000, 1000, 0.0));
	CHECK(vrec_pace_accept(&p, 8000, 1000, 0.0));
	CHECK_EQ(vrec_pace_free(&p, 1000, 0.0), 10000);
	/* Unpaced, nothing streams: no report. */
	CHECK(!vrec_pace_end_stream(&p, 1000, 1.0).streamed);
}

/* What the end of a track reports about its stream. */
static void test_pace_stream_report(void)
{
	struct vrec_pace p;
	vrec_pace_init(&p, true, 10000);
	vrec_pace_update(&p, 1000, 5.0);
	CHECK(vrec_pace_accept(&p, 1000, 1000, 10.0)); /* the stream begins */
	vrec_pace_update(&p, 1000, 12.0);	       /* dry from 11.0 */
	CHECK(vrec_pace_accept(&p, 1000, 1000, 12.5));
	struct vrec_stream_report r = vrec_pace_end_stream(&p, 1000, 13.0);
	CHECK(r.streamed);
	/* 10.0 until the last 500 bytes are burnt at 13.5 */
	CHECK_EQ((int)(r.seconds * 1000 + 0.5), 3500);
	CHECK_EQ(r.underruns, 1);
	CHECK_EQ((int)(r.starved_s * 1000 + 0.5), 1500);
	/* The buffer running empty after the track's end is no underrun,
	 * and the next stream counts from zero. */
	vrec_pace_update(&p, 1000, 20.0);
	CHECK(!vrec_pace_end_stream(&p, 1000, 21.0).streamed);
	CHECK(vrec_pace_accept(&p, 2000, 1000, 30.0));
	r = vrec_pace_end_stream(&p, 1000, 30.5);
	CHECK(r.streamed);
	CHECK_EQ((int)(r.seconds * 1000 + 0.5), 2000);
	CHECK_EQ(r.underruns, 0);
	CHECK_EQ((int)(r.starved_s * 1000), 0);
}

static void test_disc(void)
{
	struct vrec_disc d;
	vdisc_init(&d, VREC_MEDIA_CDR80);
	CHECK_EQ(vdisc_status(&d), VREC_DISC_BLANK);
	CHECK_EQ(vdisc_nwa(&d), 0);
	CHECK_EQ(vdisc_free_blocks(&d), 359849);
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
	vdisc_append(&d, 100);
	CHECK_EQ(vdisc_nwa(&d), 100);
	CHECK_EQ(vdisc_close_track(&d), 200); /* padded to 300 */
	CHECK_EQ(vdisc_nwa(&d), 452);
	CHECK_EQ(vdisc_session_leadout(&d, 1), 302);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_NEXT), 0);
	CHECK_EQ(vdisc_nwa(&d), 302 + 11400);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_NEXT), -1);
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
	vdisc_append(&d, 300);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_NEXT), 0);
	CHECK_EQ(vdisc_nwa(&d), 302 + 11400 + 302 + 6900);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_NEXT), -1);
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
	vdisc_append(&d, 300);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_FINAL_FF), 0);
	CHECK(d.finalized);
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), -1);
	CHECK_EQ(vdisc_free_blocks(&d), 0);
}

static void test_state(void)
{
	struct vrec_disc d, e;
	bool tray;
	char buf[4096], err[128];
	vdisc_init(&d, VREC_MEDIA_CDRW74);
	vdisc_open_track(&d, 2, "USABC1234567", "1234567890123");
	vdisc_append(&d, 400);
	vdisc_close_session(&d, VREC_MS_NEXT);
	vdisc_open_track(&d, 0, "", "");
	vdisc_append(&d, 500);
	vdisc_close_track(&d);
	vdisc_open_track(&d, 0, "", ""); /* being written: not saved */
	vdisc_append(&d, 10);
	int n = vrec_state_render(&d, true, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK(strstr(buf, "track 3") == NULL);
	CHECK_EQ(vrec_state_parse(buf, &e, &tray, err, sizeof(err)), 0);
	CHECK(tray);
	CHECK_EQ(e.media, VREC_MEDIA_CDRW74);
	CHECK_EQ(e.ntracks, 2);
	CHECK_EQ(e.nsessions, 2);
	CHECK(!e.track_open);
	CHECK_EQ(e.tracks[1].start, 402 + 11400);
	CHECK_EQ(e.tracks[0].ctl, 2);
	CHECK(strcmp(e.tracks[0].isrc, "USABC1234567") == 0);
	CHECK(strcmp(e.mcn, "1234567890123") == 0);
	CHECK(e.sessions[0].closed && !e.sessions[1].closed);
	CHECK_EQ(vdisc_nwa(&e), 402 + 11400 + 500 + 152);
	const char *bad[] = {
	    "media cdr80\n",
	    "burnfs-vrec-state 2\nmedia cdr80\n",
	    "burnfs-vrec-state 1\nmedia floppy\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 2 closed 1 ms 3 "
	    "leadout 5\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 0 ms 0 "
	    "leadout 0\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nfinalized 1\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 0 ms 0 "
	    "leadout 0\nsession 2 closed 0 ms 0 leadout 0\ntrack 1 session "
	    "1 start 0 length 300 ctl 0 isrc -\ntrack 2 session 2 start "
	    "9000 length 300 ctl 0 isrc -\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nwhatever 1\n",
	    /* addresses no disc has, whose sums would overflow */
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 0 ms 0 "
	    "leadout 0\ntrack 1 session 1 start 2147483000 length 1000 ctl "
	    "0 isrc -\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 0 ms 0 "
	    "leadout 0\ntrack 1 session 1 start -150 length 300 ctl 0 isrc "
	    "-\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 0 ms 0 "
	    "leadout 0\ntrack 1 session 1 start 0 length 4294967295 ctl 0 "
	    "isrc -\n",
	    "burnfs-vrec-state 1\nmedia cdr80\nsession 1 closed 1 ms 3 "
	    "leadout 2147483000\ntrack 1 session 1 start 0 length 300 ctl 0 "
	    "isrc -\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK(vrec_state_parse(bad[i], &e, &tray, err, sizeof(err)) <
		      0);
		CHECK(err[0] != '\0');
	}
}

static void test_cue(void)
{
	struct vrec_disc d;
	char buf[2048];
	vdisc_init(&d, VREC_MEDIA_CDR80);
	vdisc_open_track(&d, 3, "GBAAA0000001", "0000000000017");
	vdisc_append(&d, 300);
	vdisc_close_session(&d, VREC_MS_NEXT);
	vdisc_open_track(&d, 0, "", "");
	vdisc_append(&d, 300);
	vdisc_close_track(&d);
	int n = vrec_cue_render(&d, "x.bin", buf, sizeof(buf));
	CHECK(n > 0);
	/* track 2: 302 + 11400 = 11702 = 02:36:02; its INDEX 00 at the
	 * lead-out of session 1, 302 = 00:04:02 */
	const char *want = "CATALOG 0000000000017\n"
			   "FILE \"x.bin\" BINARY\n"
			   "REM SESSION 01\n"
			   "  TRACK 01 AUDIO\n"
			   "    FLAGS DCP PRE\n"
			   "    ISRC GBAAA0000001\n"
			   "    INDEX 01 00:00:00\n"
			   "REM LEAD-OUT 00:04:02\n"
			   "REM SESSION 02\n"
			   "  TRACK 02 AUDIO\n"
			   "    INDEX 00 00:04:02\n"
			   "    INDEX 01 02:36:02\n";
	CHECK(strcmp(buf, want) == 0);
	if (strcmp(buf, want))
		fprintf(stderr, "%s", buf);
	CHECK_EQ(vrec_cue_render(&d, "x.bin", buf, 20), -1);
}

static void test_nrg(void)
{
	struct vrec_disc d;
	uint8_t f[4096];
	vdisc_init(&d, VREC_MEDIA_CDR80);
	vdisc_open_track(&d, 0, "", "");
	vdisc_append(&d, 300);
	vdisc_close_track(&d);
	vdisc_open_track(&d, 0, "", "");
	vdisc_append(&d, 400);
	vdisc_close_session(&d, VREC_MS_NEXT);
	vdisc_open_track(&d, 0, "", "");
	vdisc_append(&d, 300);
	vdisc_close_session(&d, VREC_MS_FINAL);
	CHECK_EQ(vrec_nrg_track_offset(&d, 1), 0);
	CHECK_EQ(vrec_nrg_track_offset(&d, 2), 302 * 2352);
	int32_t t3 = 452 + 400 + 2 + 11400;
	CHECK_EQ(vrec_nrg_track_offset(&d, 3), (uint64_t)(t3 - 300) * 2352);
	uint64_t end = vrec_nrg_track_offset(&d, 3) + 302 * 2352;
	int n = vrec_nrg_footer(&d, end, f, sizeof(f));
	CHECK_EQ(n, 8 + 3 * 32 + 2 * 12 + 8 + 12);
	CHECK(memcmp(f, "ETN2", 4) == 0);
	CHECK_EQ(get_be32(f + 4), 96);
	const uint8_t *e2 = f + 8 + 32; /* track 2 */
	CHECK_EQ(get_be32(e2 + 4), 302 * 2352);
	CHECK_EQ(get_be32(e2 + 12), 402 * 2352);
	CHECK_EQ(get_be32(e2 + 16), 7);
	CHECK_EQ(get_be32(e2 + 20), 302);
	const uint8_t *s = f + 8 + 96;
	CHECK(memcmp(s, "SINF", 4) == 0);
	CHECK_EQ(get_be32(s + 8), 2);
	CHECK_EQ(get_be32(s + 12 + 8), 1);
	CHECK(memcmp(f + n - 20, "END!", 4) == 0);
	CHECK(memcmp(f + n - 12, "NER5", 4) == 0);
	CHECK_EQ(get_be32(f + n - 4), (uint32_t)end);
	CHECK_EQ(vrec_nrg_footer(&d, end, f, 64), -1);
}

static void test_inquiry(void)
{
	uint8_t b[64];
	size_t len;
	CHECK_EQ(vrec_inquiry("sr0", false, 0, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 36);
	const uint8_t std[36] = {
	    0x05, 0x80, 0x05, 0x02, 31,	 0,   0,   0,	'B', 'U', 'R', 'N',
	    'F',  'S',	' ',  ' ',  'V', 'i', 'r', 't', 'u', 'a', 'l', ' ',
	    'C',  'D',	'-',  'R',  'W', ' ', ' ', ' ', '1', '.', '0', '0'};
	CHECK(memcmp(b, std, 36) == 0);
	CHECK_EQ(vrec_inquiry("sr0", false, 0x80, b, sizeof(b), &len),
		 VS_INVALID_FIELD_CDB);
	CHECK_EQ(vrec_inquiry("sr0", true, 0x00, b, sizeof(b), &len), 0);
	const uint8_t p00[7] = {0x05, 0x00, 0, 3, 0x00, 0x80, 0x83};
	CHECK_EQ(len, 7);
	CHECK(memcmp(b, p00, 7) == 0);
	CHECK_EQ(vrec_inquiry("sr0", true, 0x80, b, sizeof(b), &len), 0);
	const uint8_t p80[7] = {0x05, 0x80, 0, 3, 's', 'r', '0'};
	CHECK_EQ(len, 7);
	CHECK(memcmp(b, p80, 7) == 0);
	CHECK_EQ(vrec_inquiry("sr0", true, 0x83, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 4 + 4 + 27);
	const uint8_t p83[8] = {0x05, 0x83, 0, 31, 0x02, 0x01, 0, 27};
	CHECK(memcmp(b, p83, 8) == 0);
	CHECK(memcmp(b + 8, "BURNFS  Virtual CD-RW   sr0", 27) == 0);
	CHECK_EQ(vrec_inquiry("sr0", true, 0xB0, b, sizeof(b), &len),
		 VS_INVALID_FIELD_CDB);
}

int main(void)
{
	test_spec();
	test_speeds();
	test_pace();
	test_pace_stream_report();
	test_disc();
	test_state();
	test_cue();
	test_nrg();
	test_inquiry();
	return vt_finish();
}
