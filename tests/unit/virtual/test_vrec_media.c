/*
 * test_vrec_media.c - the medium as the virtual recorder reports it:
 * the ATIP of CD-R and of High and Ultra Speed CD-RW byte for byte, the
 * write speed range read from it, and the write speeds page 2Ah, GET
 * PERFORMANCE and SET CD SPEED offer for the loaded medium.
 */
#include <string.h>

#include "bytes.h"
#include "vrec_internal.h"
#include "vtest.h"

static int cmd_in(struct scsi_transport *t, const uint8_t *cdb, size_t len,
		  uint8_t *buf, size_t n, size_t *got)
{
	return vt_exec(t, cdb, len, SCSI_DIR_FROM_DEVICE, buf, n, got);
}

static void test_atip_bytes(void)
{
	struct vrec_disc d;
	uint8_t b[64];
	size_t len;
	unsigned lo, hi;

	vdisc_init(&d, VREC_MEDIA_CDR80);
	CHECK_EQ(vrec_atip(&d, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 28);
	static const uint8_t cdr80[28] = {
	    0x00, 0x1A, 0, 0, 0xD0, 0x00, 0x80, 0, 97, 15, 35, 0, 79, 59,
	    74,	  0,	0, 0, 0,    0,	  0,	0, 0,  0,  0,  0, 0,  0};
	CHECK(memcmp(b, cdr80, 28) == 0);
	CHECK(!vrec_atip_speed_range(b, &lo, &hi));

	vdisc_init(&d, VREC_MEDIA_CDRW80); /* High Speed by default */
	CHECK_EQ(vrec_atip(&d, b, sizeof(b), &len), 0);
	static const uint8_t hs80[28] = {
	    0x00, 0x1A, 0,    0,  0xB3, 0x00, 0xCE, 0,	  97,	15,
	    35,	  0,	79,   59, 74,	0,    0x24, 0x1A, 0xD8, 0,
	    0x26, 0xB2, 0x4A, 0,  0,	0,    0,    0};
	CHECK(memcmp(b, hs80, 28) == 0);
	CHECK(vrec_atip_speed_range(b, &lo, &hi));
	CHECK_EQ(lo, 4);
	CHECK_EQ(hi, 10);

	vdisc_init(&d, VREC_MEDIA_CDRW74);
	d.rw_speed = VREC_RW_ULTRA;
	CHECK_EQ(vrec_atip(&d, b, sizeof(b), &len), 0);
	static const uint8_t us74[28] = {
	    0x00, 0x1A, 0,    0,  0x90, 0x00, 0xD7, 0,	  97,	24,
	    1,	  0,	74,   43, 2,	0,    0x66, 0x4A, 0x99, 0,
	    0x38, 0x80, 0x00, 0,  0x04, 0xC4, 0xA0, 0};
	CHECK(memcmp(b, us74, 28) == 0);
	CHECK(vrec_atip_speed_range(b, &lo, &hi));
	CHECK_EQ(lo, 16);
	CHECK_EQ(hi, 24);

	/* Decoding only: a standard-speed disc (sub-type 0) with A1 02h
	 * (lowest reserved, highest 4x); A1 not valid gives no range. */
	uint8_t std[28] = {0x00, 0x1A, 0, 0, 0xD1, 0, 0xC4};
	std[16] = 0x02;
	CHECK(vrec_atip_speed_range(std, &lo, &hi));
	CHECK_EQ(lo, 4);
	CHECK_EQ(hi, 4);
	std[6] = 0xC0;
	CHECK(!vrec_atip_speed_range(std, &lo, &hi));
}

static void test_speeds_in_range(void)
{
	struct vrec_speeds drive, out;
	vrec_speeds_init(&drive, 52); /* 52 48 40 32 24 16 10 8 4 */
	vrec_speeds_in_range(&drive, 4, 10, &out);
	CHECK_EQ(out.n, 3);
	CHECK_EQ(out.x[0], 10);
	CHECK_EQ(out.x[1], 8);
	CHECK_EQ(out.x[2], 4);
	vrec_speeds_in_range(&drive, 16, 24, &out);
	CHECK_EQ(out.n, 2);
	CHECK_EQ(out.x[0], 24);
	CHECK_EQ(out.x[1], 16);
	vrec_speeds_init(&drive, 12); /* 12 10 8 4 */
	vrec_speeds_in_range(&drive, 16, 24, &out);
	CHECK_EQ(out.n, 1); /* too slow for the medium: its top speed */
	CHECK_EQ(out.x[0], 12);
	vrec_speeds_in_range(&drive, 1, 2, &out);
	CHECK_EQ(out.n, 1); /* too fast: its slowest */
	CHECK_EQ(out.x[0], 4);
}

/* Page 2Ah's write speed fields and descriptors. */
static void check_page2a(struct scsi_transport *t, const uint16_t *kbps,
			 unsigned n)
{
	uint8_t b[256];
	size_t got;
	uint8_t ms[10] = {0x5A, 0, 0x2A, 0, 0, 0, 0, 1, 0};
	CHECK_EQ(cmd_in(t, ms, 10, b, 256, &got), 0);
	const uint8_t *p = b + 8;
	CHECK_EQ(p[0], 0x2A);
	CHECK_EQ(get_be16(p + 8), 9173);     /* max read speed: the drive's */
	CHECK_EQ(get_be16(p + 18), kbps[0]); /* max write speed */
	CHECK_EQ(get_be16(p + 20), kbps[0]); /* current write speed */
	CHECK_EQ(get_be16(p + 28), kbps[0]);
	CHECK_EQ(get_be16(p + 30), n);
	CHECK_EQ(p[1], 30 + 4 * n);
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(get_be16(p + 32 + 4 * i + 2), kbps[i]);
}

/* GET PERFORMANCE type 03h: the write speeds, fastest first. */
static void check_perf(struct scsi_transport *t, const uint16_t *kbps,
		       unsigned n)
{
	uint8_t b[512];
	size_t got;
	uint8_t gp[12] = {0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0x03, 0};
	CHECK_EQ(cmd_in(t, gp, 12, b, sizeof(b), &got), 0);
	CHECK_EQ(get_be32(b), 4 + 16 * n);
	CHECK_EQ(got, 8 + 16 * n);
	for (unsigned i = 0; i < n; i++) {
		CHECK_EQ(get_be32(b + 8 + 16 * i + 8), 9173); /* read */
		CHECK_EQ(get_be32(b + 8 + 16 * i + 12), kbps[i]);
	}
	/* type 00h with the Write bit: the fastest write speed */
	uint8_t gw[12] = {0xAC, 0x04, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0};
	CHECK_EQ(cmd_in(t, gw, 12, b, sizeof(b), &got), 0);
	CHECK_EQ(b[4], 0x02);
	CHECK_EQ(get_be32(b + 8 + 4), kbps[0]);
}

static void test_speeds_follow_medium(void)
{
	static const uint16_t hs[] = {1764, 1411, 706};
	static const uint16_t us[] = {4234, 2822};
	static const uint16_t cdr[] = {9173, 8467, 7056, 5645, 4234,
				       2822, 1764, 1411, 706};
	uint8_t b[64];
	size_t got;

	struct scsi_transport *t = vt_open("hs", "media=cdrw80");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t); /* the unit attention of the load */
	/* feature 0037h: writes CD-RW sub-types 0, 1 and 2 */
	uint8_t gc[10] = {0x46, 0x02, 0x00, 0x37, 0, 0, 0, 0, 64, 0};
	CHECK_EQ(cmd_in(t, gc, 10, b, 64, &got), 0);
	CHECK_EQ(got, 16);
	CHECK_EQ(get_be16(b + 8), 0x0037);
	CHECK_EQ(b[8 + 5], 0x07);
	check_page2a(t, hs, 3);
	check_perf(t, hs, 3);
	/* SET CD SPEED: 8x is offered, 52x clamps to 10x, 1x to 4x */
	uint8_t sp[12] = {0xBB, 0, 0xFF, 0xFF, 0x05, 0x83};
	CHECK_EQ(vt_exec(t, sp, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	uint8_t ms[10] = {0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 64, 0};
	CHECK_EQ(cmd_in(t, ms, 10, b, 64, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 1411);
	sp[4] = 0x23, sp[5] = 0xD5; /* 9173 */
	CHECK_EQ(vt_exec(t, sp, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(cmd_in(t, ms, 10, b, 64, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 1764);
	sp[4] = 0x00, sp[5] = 0xB0; /* 176 */
	CHECK_EQ(vt_exec(t, sp, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(cmd_in(t, ms, 10, b, 64, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 706);
	sp[4] = 0xFF, sp[5] = 0xFF; /* the fastest */
	CHECK_EQ(vt_exec(t, sp, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	/* tray open: no medium, the drive's own speeds */
	uint8_t ej[6] = {0x1B, 0, 0, 0, 0x02, 0};
	CHECK_EQ(vt_exec(t, ej, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	check_page2a(t, cdr, 9);
	scsi_transport_destroy(t);

	t = vt_open("us", "media=cdrw74,rw_speed=ultra");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	check_page2a(t, us, 2);
	check_perf(t, us, 2);
	CHECK_EQ(vt_toc(t, 4, true, 0, b, 28, &got), 0);
	CHECK_EQ(b[6], 0xD7);
	scsi_transport_destroy(t);

	/* The class is the disc's: it survives a reopen with another
	 * key, and a CD-R ignores the key. */
	t = vt_open("us", "rw_speed=high");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	check_perf(t, us, 2);
	scsi_transport_destroy(t);
	t = vt_open("r", "media=cdr80,rw_speed=ultra");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	check_page2a(t, cdr, 9);
	scsi_transport_destroy(t);
}

static void test_spec_and_state(void)
{
	struct vrec_config c;
	char err[256];
	CHECK_EQ(vrec_parse_spec("a:/x/y,rw_speed=ultra", &c, err, sizeof(err)),
		 0);
	CHECK_EQ(c.rw_speed, VREC_RW_ULTRA);
	CHECK_EQ(vrec_parse_spec("a:/x/y", &c, err, sizeof(err)), 0);
	CHECK_EQ(c.rw_speed, VREC_RW_HIGH);
	CHECK(vrec_parse_spec("a:/x/y,rw_speed=low", &c, err, sizeof(err)) < 0);

	struct vrec_disc d, e;
	bool tray;
	char text[1024];
	vdisc_init(&d, VREC_MEDIA_CDRW80);
	d.rw_speed = VREC_RW_ULTRA;
	CHECK(vrec_state_render(&d, false, text, sizeof(text)) > 0);
	CHECK(strstr(text, "\nrw_speed ultra\n") != NULL);
	CHECK_EQ(vrec_state_parse(text, &e, &tray, err, sizeof(err)), 0);
	CHECK_EQ(e.rw_speed, VREC_RW_ULTRA);
	vdisc_init(&d, VREC_MEDIA_CDR80);
	CHECK(vrec_state_render(&d, false, text, sizeof(text)) > 0);
	CHECK(strstr(text, "rw_speed") == NULL);
}

static int blank(struct scsi_transport *t, uint8_t type, bool immed,
		 uint32_t addr)
{
	uint8_t cdb[12] = {0xA1, (uint8_t)(type | (immed ? 0x10 : 0))};
	put_be32(cdb + 2, addr);
	return vt_exec(t, cdb, 12, SCSI_DIR_NONE, NULL, 0, NULL);
}

/* Two sessions: 1 track closed appendable, then 2 tracks closed
 * appendable.  Returns the start of track 3. */
static int32_t two_sessions(struct scsi_transport *t)
{
	CHECK_EQ(vt_page05(t, 1, false, 3, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	CHECK_EQ(vt_close(t, false, 2), 0);
	int32_t s2 = vt_burn_track(t, 2, 400);
	CHECK_EQ(s2, 300 + 2 + 11400);
	int32_t s3 = vt_burn_track(t, 3, 500);
	CHECK_EQ(s3, s2 + 400 + 152);
	CHECK_EQ(vt_close(t, false, 2), 0);
	return s3;
}

static void test_blank_types(void)
{
	uint8_t di[34], ti[36];
	struct scsi_transport *t = vt_open("bl", "media=cdrw80");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	int32_t s3 = two_sessions(t);
	int32_t lo2 = s3 + 500 + 2;
	CHECK_EQ(vt_nwa(t), lo2 + 6900);

	/* Types that do not apply to a disc whose sessions are closed:
	 * blank a track or its tail, un-reserve; and reserved type 7. */
	CHECK_EQ(blank(t, 2, false, 3), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 4, false, (uint32_t)s3 + 10), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 3, false, 0), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 7, false, 0), SK(5, 0x24, 0));

	/* 101b unclose: session 2 is incomplete again */
	CHECK_EQ(blank(t, 5, false, 0), 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10 | 1 << 2 | 1); /* erasable, incomplete x2 */
	CHECK_EQ(di[3], 1);
	CHECK_EQ(di[4], 2); /* sessions */
	CHECK_EQ(di[5], 2);
	CHECK_EQ(di[6], 4); /* the invisible track */
	CHECK_EQ(vt_nwa(t), s3 + 500 + 152);
	CHECK_EQ(blank(t, 5, false, 0), SK(5, 0x24, 0)); /* not closed */

	/* 100b track tail from s3 + 320: track 3 is 320 sectors long */
	CHECK_EQ(blank(t, 4, false, (uint32_t)s3), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 4, false, (uint32_t)s3 + 500), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 4, false, (uint32_t)s3 + 320), 0);
	CHECK_EQ(vt_rti(t, 1, 3, ti), 0);
	CHECK_EQ(get_be32(ti + 8), (uint32_t)s3);
	CHECK_EQ(get_be32(ti + 24), 320 + 2); /* track size */
	CHECK_EQ(vt_nwa(t), s3 + 320 + 152);

	/* 010b blank a track: only the last one */
	CHECK_EQ(blank(t, 2, false, 2), SK(5, 0x24, 0));
	CHECK_EQ(blank(t, 2, false, 3), 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[6], 3);
	CHECK_EQ(vt_nwa(t), s3);

	/* 110b blank the last session (open or closed): session 1 stays,
	 * appendable, with the next session where session 2 was */
	CHECK_EQ(vt_close(t, false, 2), 0);
	CHECK_EQ(blank(t, 6, true, 0), 0); /* Immed: busy with progress */
	uint8_t rs[6] = {0x03, 0, 0, 0, 18, 0}, sense[18];
	size_t got;
	CHECK_EQ(cmd_in(t, rs, 6, sense, 18, &got), 0);
	CHECK_EQ(sense[2], 2);
	CHECK_EQ(sense[12], 0x04);
	CHECK_EQ(sense[13], 0x08);
	CHECK_EQ(sense[15] & 0x80, 0x80); /* SKSV: progress in 16-17 */
	CHECK(vt_wait_ready(t) >= 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10 | 0 << 2 | 1); /* last session empty */
	CHECK_EQ(di[4], 2);
	CHECK_EQ(di[6], 2);
	CHECK_EQ(vt_nwa(t), 300 + 2 + 11400);
	uint8_t toc[64];
	CHECK_EQ(vt_toc(t, 0, false, 0, toc, sizeof(toc), &got), 0);
	CHECK_EQ(toc[3], 1); /* last track */
	/* again: session 1 goes, the disc is blank */
	CHECK_EQ(blank(t, 6, false, 0), 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10);
	CHECK_EQ(vt_nwa(t), 0);
	CHECK_EQ(blank(t, 6, false, 0), SK(5, 0x24, 0)); /* nothing left */
	scsi_transport_destroy(t);

	/* The image follows: after blanking session 2, IMAGE.bin ends
	 * after session 1 (reopened: the state file says so too). */
	t = vt_open("bl2", "media=cdrw74");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	two_sessions(t);
	CHECK_EQ(blank(t, 6, false, 0), 0);
	scsi_transport_destroy(t);
	char path[700];
	snprintf(path, sizeof(path), "%s.bin", vt_image("bl2"));
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (f) {
		fseek(f, 0, SEEK_END);
		CHECK_EQ(ftell(f), (300 + 2) * 2352L);
		fclose(f);
	}
	t = vt_open("bl2", "");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[4], 2);
	CHECK_EQ(di[6], 2);
	scsi_transport_destroy(t);

	/* A CD-R cannot be blanked: 05/30/05 for every type */
	t = vt_open("blr", "media=cdr80");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	for (uint8_t ty = 0; ty < 7; ty++)
		CHECK_EQ(blank(t, ty, false, 0), SK(5, 0x30, 0x05));
	scsi_transport_destroy(t);
}

static void test_format_capacities(void)
{
	uint8_t b[64];
	size_t len;
	struct vrec_disc d;

	CHECK_EQ(vrec_read_format_capacities(NULL, b, sizeof(b), &len), 0);
	static const uint8_t none[12] = {0,    0,    0,	   8,	 0x00, 0x05,
					 0x7D, 0xA9, 0x03, 0x00, 0x08, 0x00};
	CHECK_EQ(len, 12);
	CHECK(memcmp(b, none, 12) == 0);

	vdisc_init(&d, VREC_MEDIA_CDRW80);
	CHECK_EQ(vrec_read_format_capacities(&d, b, sizeof(b), &len), 0);
	/* (359849 - 150) / 39 = 9223 packets of 32 blocks: 295136 */
	static const uint8_t rw[20] = {0,    0,	   0,	 16,   0x00, 0x04, 0x80,
				       0xE0, 0x01, 0x00, 0x08, 0x00, 0,	   0x04,
				       0x80, 0xE0, 0x40, 0x00, 0x00, 0x20};
	CHECK_EQ(len, 20);
	CHECK(memcmp(b, rw, 20) == 0);
	CHECK_EQ(vrec_read_format_capacities(&d, b, 19, &len), SK(5, 0x24, 0));

	vdisc_init(&d, VREC_MEDIA_CDR74);
	CHECK_EQ(vrec_read_format_capacities(&d, b, sizeof(b), &len), 0);
	static const uint8_t r[12] = {0,    0,	  0,	8,    0x00, 0x05,
				      0x20, 0xCD, 0x01, 0x00, 0x08, 0x00};
	CHECK_EQ(len, 12);
	CHECK(memcmp(b, r, 12) == 0);
	/* recorded: formatted, READ CAPACITY + 1 = lead-out 1002 */
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
	vdisc_append(&d, 1000);
	vdisc_close_track(&d);
	CHECK_EQ(vrec_read_format_capacities(&d, b, sizeof(b), &len), 0);
	CHECK_EQ(get_be32(b + 4), 1002);
	CHECK_EQ(b[8], 0x02);

	/* Through the drive: with the tray open, 11b; allocation length */
	struct scsi_transport *t = vt_open("fc", "media=cdrw80");
	CHECK(t != NULL);
	if (!t)
		return;
	vt_tur(t);
	uint8_t cdb[10] = {0x23, 0, 0, 0, 0, 0, 0, 0, 12, 0};
	CHECK_EQ(cmd_in(t, cdb, 10, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 12);
	CHECK_EQ(b[3], 16); /* the list length says there is more */
	CHECK_EQ(b[8], 0x01);
	uint8_t ej[6] = {0x1B, 0, 0, 0, 0x02, 0};
	CHECK_EQ(vt_exec(t, ej, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	cdb[8] = 64;
	CHECK_EQ(cmd_in(t, cdb, 10, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 12);
	CHECK_EQ(b[8], 0x03);
	scsi_transport_destroy(t);
}

static void test_page_0e(void)
{
	struct scsi_transport *t = vt_open("p0e", "");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t b[64];
	size_t got;
	static const uint8_t cur[16] = {0x0E, 0x0E, 0x04, 0,	0, 0, 0, 0,
					0x01, 0xFF, 0x02, 0xFF, 0, 0, 0, 0};
	static const uint8_t chg[16] = {0x0E, 0x0E, 0x02, 0,	0, 0, 0, 0,
					0x0F, 0xFF, 0x0F, 0xFF, 0, 0, 0, 0};
	uint8_t ms[10] = {0x5A, 0, 0x0E, 0, 0, 0, 0, 0, 64, 0};
	CHECK_EQ(cmd_in(t, ms, 10, b, sizeof(b), &got), 0);
	CHECK_EQ(got, 24);
	CHECK_EQ(get_be16(b), 22);
	CHECK(memcmp(b + 8, cur, 16) == 0);
	ms[2] = 0x4E; /* changeable */
	CHECK_EQ(cmd_in(t, ms, 10, b, sizeof(b), &got), 0);
	CHECK(memcmp(b + 8, chg, 16) == 0);

	/* MODE SELECT: mute port 1 (volume 0), swap channels */
	uint8_t sel[24] = {0};
	memcpy(sel + 8, cur, 16);
	sel[8 + 8] = 0x02;
	sel[8 + 10] = 0x01;
	sel[8 + 11] = 0x00;
	uint8_t msel[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0, 24, 0};
	CHECK_EQ(vt_exec(t, msel, 10, SCSI_DIR_TO_DEVICE, sel, 24, NULL), 0);
	ms[2] = 0x0E;
	CHECK_EQ(cmd_in(t, ms, 10, b, sizeof(b), &got), 0);
	CHECK_EQ(b[8 + 8], 0x02);
	CHECK_EQ(b[8 + 10], 0x01);
	CHECK_EQ(b[8 + 11], 0x00);
	ms[2] = 0x8E; /* default */
	CHECK_EQ(cmd_in(t, ms, 10, b, sizeof(b), &got), 0);
	CHECK(memcmp(b + 8, cur, 16) == 0);
	/* Immed cannot be cleared; a short page is refused */
	sel[8 + 2] = 0x00;
	CHECK_EQ(vt_exec(t, msel, 10, SCSI_DIR_TO_DEVICE, sel, 24, NULL),
		 SK(5, 0x26, 0));
	sel[8 + 2] = 0x04;
	sel[8 + 1] = 0x0A;
	msel[8] = 20;
	CHECK_EQ(vt_exec(t, msel, 10, SCSI_DIR_TO_DEVICE, sel, 20, NULL),
		 SK(5, 0x26, 0));
	/* 3Fh carries it between 05h and 2Ah */
	uint8_t all[10] = {0x5A, 0, 0x3F, 0, 0, 0, 0, 0x01, 0x00, 0};
	uint8_t big[256];
	CHECK_EQ(cmd_in(t, all, 10, big, sizeof(big), &got), 0);
	CHECK_EQ(big[8 + 12 + 52], 0x0E);
	CHECK_EQ(big[8 + 12 + 52 + 16], 0x2A);
	scsi_transport_destroy(t);
}

static void test_cue_of_two_sessions(void)
{
	struct vrec_disc d;
	char cue[1024];
	vdisc_init(&d, VREC_MEDIA_CDR80);
	CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
	vdisc_append(&d, 375);
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_NEXT), 0);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(vdisc_open_track(&d, 0, "", ""), 0);
		vdisc_append(&d, 375);
		vdisc_close_track(&d);
	}
	CHECK_EQ(vdisc_close_session(&d, VREC_MS_FINAL), 0);
	CHECK(vrec_cue_render(&d, "x.bin", cue, sizeof(cue)) > 0);
	/* lead-out 1 at 377 (00:05:02); track 2 at 377 + 11400 = 11777
	 * (02:37:02); track 3 at 11777 + 377 + 150 = 12304 (02:44:04) */
	CHECK(strcmp(cue, "FILE \"x.bin\" BINARY\n"
			  "REM SESSION 01\n"
			  "  TRACK 01 AUDIO\n"
			  "    INDEX 01 00:00:00\n"
			  "REM LEAD-OUT 00:05:02\n"
			  "REM SESSION 02\n"
			  "  TRACK 02 AUDIO\n"
			  "    INDEX 00 00:05:02\n"
			  "    INDEX 01 02:37:02\n"
			  "  TRACK 03 AUDIO\n"
			  "    INDEX 00 02:42:04\n"
			  "    INDEX 01 02:44:04\n") == 0);
}

int main(void)
{
	test_cue_of_two_sessions();
	test_format_capacities();
	test_page_0e();
	test_blank_types();
	test_atip_bytes();
	test_speeds_in_range();
	test_speeds_follow_medium();
	test_spec_and_state();
	vt_cleanup();
	return vt_finish();
}
