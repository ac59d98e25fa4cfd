/*
 * test_vrec_device.c - the virtual recorder as a device, before and
 * around burning: INQUIRY, GET CONFIGURATION, mode pages, a blank disc's
 * reports, tray and lock, event status, SET CD SPEED, BLANK of a CD-RW,
 * Immed operations (busy with progress, then ready) and the drive buffer
 * when pacing.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes.h"
#include "msf.h"
#include "vtest.h"

static int cmd_in(struct scsi_transport *t, const uint8_t *cdb, size_t len,
		  uint8_t *buf, size_t alloc, size_t *got)
{
	memset(buf, 0xEE, alloc);
	return vt_exec(t, cdb, len, SCSI_DIR_FROM_DEVICE, buf, alloc, got);
}

static int get_config(struct scsi_transport *t, uint8_t rt, uint16_t start,
		      uint8_t *buf, uint16_t alloc, size_t *got)
{
	uint8_t cdb[10] = {0x46, rt};
	put_be16(cdb + 2, start);
	put_be16(cdb + 7, alloc);
	return cmd_in(t, cdb, 10, buf, alloc, got);
}

static int mode_sense(struct scsi_transport *t, uint8_t pc, uint8_t page,
		      uint8_t *buf, uint16_t alloc, size_t *got)
{
	uint8_t cdb[10] = {0x5A, 0x08, (uint8_t)(pc << 6 | page)};
	put_be16(cdb + 7, alloc);
	return cmd_in(t, cdb, 10, buf, alloc, got);
}

/* Offset of feature code in a GET CONFIGURATION answer, or -1. */
static int find_feature(const uint8_t *b, size_t n, uint16_t code)
{
	for (size_t i = 8; i + 4 <= n; i += 4 + b[i + 3])
		if (get_be16(b + i) == code)
			return (int)i;
	return -1;
}

static void test_identity_and_blank(void)
{
	struct scsi_transport *t = vt_open("dev", "speed=24");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t b[1024];
	size_t got;
	CHECK_EQ(vt_tur(t), 0);

	uint8_t inq[6] = {0x12, 0, 0, 0, 36, 0};
	CHECK_EQ(cmd_in(t, inq, 6, b, 36, &got), 0);
	CHECK_EQ(got, 36);
	CHECK_EQ(b[0], 0x05);
	CHECK_EQ(b[1], 0x80);
	CHECK_EQ(b[4], 31);
	CHECK(memcmp(b + 8, "BURNFS  ", 8) == 0);
	CHECK(memcmp(b + 16, "Virtual CD-RW", 13) == 0);

	/* GET CONFIGURATION: alloc 8, then all; feature 0000h first */
	CHECK_EQ(get_config(t, 0, 0, b, 8, &got), 0);
	CHECK_EQ(got, 8);
	uint32_t total = get_be32(b) + 4;
	CHECK(total > 8 && total < 200);
	CHECK_EQ(get_be16(b + 6), 0x0009);
	CHECK_EQ(get_config(t, 0, 0, b, 1024, &got), 0);
	CHECK_EQ(got, total);
	CHECK_EQ(get_be16(b + 8), 0x0000);
	CHECK_EQ(b[11], 12);
	CHECK_EQ(get_be16(b + 12), 0x000A);
	CHECK_EQ(b[14] & 1, 0);
	CHECK_EQ(get_be16(b + 16), 0x0009);
	CHECK_EQ(b[18] & 1, 1);
	CHECK_EQ(get_be16(b + 20), 0x0008);
	int tao = find_feature(b, got, 0x002D);
	CHECK(tao > 0);
	if (tao > 0) {
		CHECK_EQ(b[tao + 2] & 1, 1); /* current: blank CD-R */
		CHECK(b[tao + 4] & 0x40);    /* BUF */
		CHECK(b[tao + 4] & 0x04);    /* Test Write */
		CHECK_EQ(get_be16(b + tao + 6), 0x0001);
	}
	CHECK_EQ(find_feature(b, got, 0x001F), -1); /* no DVD */
	uint16_t prev = 0;
	bool ascending = true;
	for (size_t i = 8; i + 4 <= got; i += 4 + b[i + 3]) {
		if (i > 8 && get_be16(b + i) <= prev)
			ascending = false;
		prev = get_be16(b + i);
	}
	CHECK(ascending);
	/* RT=2: just the one named */
	CHECK_EQ(get_config(t, 2, 0x002D, b, 1024, &got), 0);
	CHECK_EQ(got, 16);
	CHECK_EQ(get_be32(b), 12);
	CHECK_EQ(get_be16(b + 8), 0x002D);
	CHECK_EQ(get_config(t, 2, 0x0037, b, 1024, &got), 0);
	CHECK_EQ(got, 16); /* RT=2 lists it, not current on CD-R */
	CHECK_EQ(b[10] & 1, 0);
	/* RT=1: only current ones, from 0010h on */
	CHECK_EQ(get_config(t, 1, 0x0010, b, 1024, &got), 0);
	CHECK_EQ(find_feature(b, got, 0x0010), -1); /* nothing readable */
	CHECK(find_feature(b, got, 0x002D) > 0);
	CHECK_EQ(find_feature(b, got, 0x0001), -1);
	CHECK_EQ(get_config(t, 3, 0, b, 1024, &got), SK(5, 0x24, 0));

	/* MODE SENSE: the length does not depend on alloc */
	CHECK_EQ(mode_sense(t, 0, 0x2A, b, 2, &got), 0);
	uint16_t mlen = get_be16(b);
	CHECK_EQ(mode_sense(t, 0, 0x2A, b, 1024, &got), 0);
	CHECK_EQ(got, mlen + 2u);
	CHECK_EQ(get_be16(b + 6), 0);
	uint8_t *p = b + 8;
	CHECK_EQ(p[0], 0x2A);
	CHECK_EQ(p[1] + 2u, got - 8);
	CHECK_EQ(get_be16(p + 30), 5); /* 24 16 10 8 4 */
	CHECK_EQ(get_be16(p + 18), 4234);
	CHECK_EQ(get_be16(p + 28), 4234);
	CHECK_EQ(get_be16(p + 32 + 2), 4234);
	CHECK_EQ(get_be16(p + 32 + 4 * 4 + 2), 706);
	CHECK_EQ(get_be16(p + 12), 2048); /* 2 MiB buffer, in KB */
	CHECK(p[3] & 0x04);		  /* test write */
	CHECK(p[4] & 0x80);		  /* BUF */
	CHECK_EQ(p[2] & 0x38, 0);	  /* no DVD */
	CHECK_EQ(mode_sense(t, 0, 0x05, b, 1024, &got), 0);
	CHECK_EQ(got, 8 + 52);
	CHECK_EQ(b[9], 0x32);
	CHECK_EQ(b[10] & 0x0F, 1); /* TAO */
	CHECK_EQ(get_be16(b + 8 + 14), 150);
	CHECK_EQ(mode_sense(t, 1, 0x05, b, 1024, &got), 0);
	CHECK_EQ(b[10], 0x7F);
	CHECK_EQ(mode_sense(t, 3, 0x05, b, 1024, &got), SK(5, 0x39, 0));
	CHECK_EQ(mode_sense(t, 0, 0x3F, b, 8, &got), 0);
	CHECK_EQ(get_be16(b), 6 + 12 + 52 + 16 + 32 + 20);
	CHECK_EQ(mode_sense(t, 0, 0x0D, b, 64, &got), SK(5, 0x24, 0));
	uint8_t ms6[6] = {0x1A, 0x08, 0x05, 0, 255, 0};
	CHECK_EQ(cmd_in(t, ms6, 6, b, 255, &got), 0);
	CHECK_EQ(got, 4 + 52);
	CHECK_EQ(b[0], 3 + 52);

	/* MODE SELECT: wodim's probes */
	CHECK_EQ(vt_page05(t, 1, false, 0, 4, 8), 0); /* TAO, mode 1 */
	CHECK_EQ(vt_page05(t, 0, false, 0, 4, 8), SK(5, 0x26, 0)); /* packet */
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 0), 0);		   /* SAO */
	CHECK_EQ(vt_page05(t, 2, false, 0, 0, 3), SK(5, 0x26, 0)); /* raw */
	CHECK_EQ(vt_page05(t, 3, false, 0, 0, 0), SK(5, 0x26, 0)); /* RAW */
	/* WRITE in SAO without a cue sheet; then DBT 8 refused */
	CHECK_EQ(vt_write(t, 0, 1, 1, 0), SK(5, 0x2C, 0));
	CHECK_EQ(vt_page05(t, 1, false, 0, 4, 8), 0);
	CHECK_EQ(vt_write(t, 0, 1, 1, 0), SK(5, 0x64, 0));
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(mode_sense(t, 0, 0x05, b, 1024, &got), 0);
	CHECK_EQ(b[12] & 0x0F, 0);
	/* a page 05h longer than ours */
	uint8_t sel[8 + 60] = {0};
	sel[8] = 0x05;
	sel[9] = 58;
	uint8_t cdb[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof(sel)};
	CHECK_EQ(
	    vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, sel, sizeof(sel), NULL),
	    SK(5, 0x26, 0));

	/* a blank disc */
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(get_be16(di), 32);
	CHECK_EQ(di[2], 0x00); /* blank, empty, not erasable */
	CHECK(di[3] == 1 && di[4] == 1 && di[5] == 1 && di[6] == 1);
	CHECK(di[17] == 97 && di[18] == 15 && di[19] == 35);
	CHECK(di[21] == 79 && di[22] == 59 && di[23] == 74);
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 1, 0xFF, ti), 0);
	CHECK_EQ(get_be16(ti), 34);
	CHECK_EQ(ti[2], 1);
	CHECK_EQ(ti[3], 1);
	CHECK(ti[6] & 0x40);
	CHECK_EQ(ti[7] & 1, 1);
	CHECK_EQ(get_be32(ti + 12), 0);
	CHECK_EQ(get_be32(ti + 16), 359849);
	CHECK_EQ(vt_rti(t, 1, 1, ti), 0); /* track 1 = the invisible one */
	CHECK_EQ(vt_rti(t, 1, 2, ti), SK(5, 0x24, 0));
	CHECK_EQ(vt_rti(t, 0, 1000, ti), 0);
	CHECK_EQ(vt_rti(t, 2, 1, ti), 0);
	for (uint8_t f = 0; f < 3; f++)
		CHECK_EQ(vt_toc(t, f, false, 0, b, 64, NULL), SK(5, 0x24, 0));
	CHECK_EQ(vt_toc(t, 4, true, 0, b, 4, &got), 0);
	CHECK_EQ(get_be16(b), 26);
	CHECK_EQ(vt_toc(t, 4, true, 0, b, 28, &got), 0);
	CHECK_EQ(got, 28);
	CHECK_EQ(b[6] & 0x40, 0); /* CD-R */
	CHECK(b[8] == 97 && b[9] == 15 && b[10] == 35);
	CHECK(b[12] == 79 && b[13] == 59 && b[14] == 74);
	CHECK_EQ(vt_toc(t, 3, false, 0, b, 64, NULL), SK(5, 0x24, 0));

	uint8_t unknown[10] = {0xA4} /* REPORT KEY */;
	CHECK_EQ(vt_exec(t, unknown, 10, SCSI_DIR_NONE, NULL, 0, NULL),
		 SK(5, 0x20, 0));
	uint8_t rbuf[10] = {0x3C, 0x02, 0, 0, 0, 0, 0, 0, 4, 0};
	CHECK_EQ(cmd_in(t, rbuf, 10, b, 4, NULL), SK(5, 0x24, 0));
	uint8_t simple[][12] = {
	    {0x01},	  /* REZERO UNIT */
	    {0x54, 0x01}, /* SEND OPC INFORMATION */
	    {0xB6},	  /* SET STREAMING */
	};
	CHECK_EQ(vt_exec(t, simple[0], 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_exec(t, simple[1], 10, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_exec(t, simple[2], 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);

	/* SET CD SPEED clamps; page 2Ah shows the current one */
	uint8_t speed[12] = {0xBB, 0, 0xFF, 0xFF};
	put_be16(speed + 4, 12 * 177);
	CHECK_EQ(vt_exec(t, speed, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(mode_sense(t, 0, 0x2A, b, 1024, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 1764); /* 10x */
	put_be16(speed + 4, 100);
	CHECK_EQ(vt_exec(t, speed, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(mode_sense(t, 0, 0x2A, b, 1024, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 706); /* 4x, the slowest */
	put_be16(speed + 4, 0xFFFF);
	CHECK_EQ(vt_exec(t, speed, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(mode_sense(t, 0, 0x2A, b, 1024, &got), 0);
	CHECK_EQ(get_be16(b + 8 + 28), 4234);

	/* READ BUFFER CAPACITY without pacing: all free */
	uint8_t rbc[10] = {0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0};
	CHECK_EQ(cmd_in(t, rbc, 10, b, 12, &got), 0);
	CHECK_EQ(get_be16(b), 10);
	CHECK_EQ(get_be32(b + 4), 2u * 1024 * 1024);
	CHECK_EQ(get_be32(b + 8), 2u * 1024 * 1024);

	/* BLANK on a CD-R */
	uint8_t blank[12] = {0xA1, 0x01};
	CHECK_EQ(vt_exec(t, blank, 12, SCSI_DIR_NONE, NULL, 0, NULL),
		 SK(5, 0x30, 0x05));
	scsi_transport_destroy(t);
}

static void test_tray(void)
{
	struct scsi_transport *t = vt_open("tray", "");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t b[64], di[34];
	size_t got;
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	uint8_t prevent[6] = {0x1E, 0, 0, 0, 1, 0};
	uint8_t allow[6] = {0x1E, 0, 0, 0, 0, 0};
	uint8_t eject[6] = {0x1B, 0, 0, 0, 0x02, 0};
	uint8_t load[6] = {0x1B, 0, 0, 0, 0x03, 0};
	CHECK_EQ(vt_exec(t, prevent, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_exec(t, eject, 6, SCSI_DIR_NONE, NULL, 0, NULL),
		 SK(5, 0x53, 0x02));
	CHECK_EQ(vt_exec(t, allow, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_exec(t, eject, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_tur(t), SK(2, 0x3A, 0x02));
	CHECK_EQ(vt_rdi(t, di), SK(2, 0x3A, 0x02));
	CHECK_EQ(get_config(t, 0, 0, b, 8, &got), 0);
	CHECK_EQ(get_be16(b + 6), 0);
	/* event status: polled, media class */
	uint8_t gesn[10] = {0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0};
	CHECK_EQ(cmd_in(t, gesn, 10, b, 8, &got), 0);
	CHECK_EQ(get_be16(b), 6);
	CHECK_EQ(b[2], 0x04);
	CHECK_EQ(b[4] & 0x0F, 3); /* media removal */
	CHECK_EQ(b[5], 0x01);	  /* tray open, no medium */
	gesn[1] = 0;
	CHECK_EQ(cmd_in(t, gesn, 10, b, 8, &got), SK(5, 0x24, 0));

	/* the tray state survives a restart */
	scsi_transport_destroy(t);
	t = vt_open("tray", "");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(vt_tur(t), SK(2, 0x3A, 0x02));
	CHECK_EQ(vt_exec(t, load, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_tur(t), SK(6, 0x28, 0)); /* medium changed, once */
	CHECK_EQ(vt_tur(t), 0);
	gesn[1] = 1;
	CHECK_EQ(cmd_in(t, gesn, 10, b, 8, &got), 0);
	CHECK_EQ(b[4] & 0x0F, 2); /* new media */
	CHECK_EQ(b[5], 0x02);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 3, 1); /* the disc is back, session open */
	CHECK_EQ(vt_nwa(t), 452);
	scsi_transport_destroy(t);

	/* no disc at all */
	t = vt_open("empty", "media=none");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(vt_tur(t), SK(2, 0x3A, 0x01));
	CHECK_EQ(vt_write(t, 0, 1, 1, 0), SK(2, 0x3A, 0x01));
	uint8_t rs[6] = {0x03, 0, 0, 0, 18, 0};
	CHECK_EQ(cmd_in(t, rs, 6, b, 18, &got), 0);
	CHECK_EQ(got, 18);
	CHECK(b[0] == 0x70 && b[2] == 2 && b[12] == 0x3A);
	scsi_transport_destroy(t);
}

static void test_cdrw_and_immed(void)
{
	struct scsi_transport *t = vt_open("rw", "media=cdrw80");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t b[256], di[34];
	size_t got;
	CHECK_EQ(get_config(t, 0, 0, b, 256, &got), 0);
	CHECK_EQ(get_be16(b + 6), 0x000A);
	CHECK_EQ(b[14] & 1, 1);
	CHECK(find_feature(b, got, 0x0037) > 0);
	CHECK_EQ(vt_toc(t, 4, true, 0, b, 28, NULL), 0);
	CHECK_EQ(b[6] & 0x40, 0x40);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10); /* erasable, blank */

	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	/* CLOSE SESSION with Immed: GOOD at once, then busy, then ready */
	CHECK_EQ(vt_close(t, true, 2), 0);
	CHECK_EQ(vt_tur(t), SK(2, 0x04, 0x08));
	CHECK(vt_last_progress >= 0);
	int busy = vt_wait_ready(t);
	CHECK(busy >= 0 && busy < 10);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10 | 0x0C | 0x02);

	/* BLANK (fast) with Immed erases it */
	uint8_t blank[12] = {0xA1, 0x11};
	CHECK_EQ(vt_exec(t, blank, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_rdi(t, di), SK(2, 0x04, 0x08));
	CHECK(vt_wait_ready(t) >= 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2], 0x10);
	CHECK_EQ(vt_nwa(t), 0);
	char path[600];
	snprintf(path, sizeof(path), "%s.cue", vt_image("rw"));
	FILE *f = fopen(path, "r");
	CHECK(f == NULL);
	if (f)
		fclose(f);
	blank[1] = 0x02; /* blank a track: not offered */
	CHECK_EQ(vt_exec(t, blank, 12, SCSI_DIR_NONE, NULL, 0, NULL),
		 SK(5, 0x24, 0));
	blank[1] = 0x00; /* full, synchronous */
	CHECK_EQ(vt_exec(t, blank, 12, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_tur(t), 0);
	scsi_transport_destroy(t);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A recorder at 1x with a paced 64 KiB buffer, page 05h set for TAO
 * (buffer underrun protection off); NULL after a failed check. */
static struct scsi_transport *open_paced_1x(const char *name)
{
	struct scsi_transport *t = vt_open(name, "speed=1,pace=1,buffer=64k");
	CHECK(t != NULL);
	if (t)
		CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	return t;
}

/* READ BUFFER CAPACITY: free bytes of the drive buffer (*size: all). */
static uint32_t buffer_free(struct scsi_transport *t, uint32_t *size)
{
	uint8_t rbc[10] = {0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0};
	uint8_t b[12] = {0};
	size_t got;
	CHECK_EQ(cmd_in(t, rbc, 10, b, 12, &got), 0);
	if (size)
		*size = get_be32(b + 4);
	return get_be32(b + 8);
}

static void test_pacing(void)
{
	struct scsi_transport *t = open_paced_1x("paced");
	if (!t)
		return;
	/* 27 sectors (63504 bytes) fill the 64 KiB buffer */
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	uint32_t size = 0;
	CHECK(buffer_free(t, &size) < 65536 - 60000);
	CHECK_EQ(size, 65536);
	/* the next WRITE finds it full; it drains at 1x (176400 B/s) */
	int s = vt_write(t, 27, 27, 1, 27);
	CHECK_EQ(s, SK(2, 0x04, 0x08));
	double start = now_s(), deadline = start + 5;
	int refused = 1;
	while (s == SK(2, 0x04, 0x08) && now_s() < deadline) {
		struct timespec ts = {0, 2000000}; /* poll interval */
		nanosleep(&ts, NULL);
		s = vt_write(t, 27, 27, 1, 27);
		refused += s != 0;
	}
	CHECK_EQ(s, 0);
	CHECK(refused > 1);
	/* ~0.36 s of data had to drain first */
	CHECK(now_s() - start > 0.2);
	/* SYNCHRONIZE CACHE (no Immed) returns with the buffer empty */
	start = now_s();
	CHECK_EQ(vt_sync(t, false), 0);
	CHECK(now_s() - start > 0.2); /* 27 sectors at 75 per second */
	CHECK_EQ(buffer_free(t, NULL), 65536);
	CHECK_EQ(vt_nwa(t), 300 + 152); /* padded to 300 sectors */

	/* A new track; the host then lets the buffer run dry while the
	 * track is being recorded: a buffer underrun.  Without buffer
	 * underrun protection (BUFE 0) the drive breaks the recording off
	 * with LOSS OF STREAMING on the next WRITE. */
	CHECK_EQ(vt_write(t, 452, 27, 2, 0), 0);
	deadline = now_s() + 5;
	uint32_t free_bytes = 0;
	while (now_s() < deadline) {
		free_bytes = buffer_free(t, NULL);
		if (free_bytes == 65536)
			break;
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	CHECK_EQ(free_bytes, 65536);
	CHECK_EQ(vt_write(t, 479, 27, 2, 27), SK(3, 0x0C, 0x09));
	CHECK_EQ(vt_write(t, 479, 27, 2, 27), SK(3, 0x0C, 0x09));
	/* The track ends with what was recorded before the underrun. */
	CHECK_EQ(vt_sync(t, false), 0);
	CHECK_EQ(vt_nwa(t), 452 + 300 + 152);
	scsi_transport_destroy(t);
}

/*
 * CLOSE TRACK without SYNCHRONIZE CACHE ends the track too: the buffer
 * that then runs empty is no underrun, so the next track starts even
 * with buffer underrun protection off.
 */
static void test_close_track_ends_the_stream(void)
{
	struct scsi_transport *t = open_paced_1x("paced-close");
	if (!t)
		return;
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	/* CLOSE TRACK (no Immed) returns once the buffer is burnt. */
	CHECK_EQ(vt_close(t, false, 1), 0);
	CHECK_EQ(buffer_free(t, NULL), 65536);
	/* Idle a moment with the buffer empty, then the next track. */
	struct timespec ts = {0, 50000000};
	nanosleep(&ts, NULL);
	int32_t nwa = vt_nwa(t);
	CHECK_EQ(nwa, 300 + 152);
	CHECK_EQ(vt_write(t, nwa, 27, 2, 0), 0);
	CHECK_EQ(vt_sync(t, false), 0);
	scsi_transport_destroy(t);
}

/* GET PERFORMANCE: feature 0107h lists WSPD, type 03h has one descriptor
 * per write speed, type 00h one over the disc, other types are refused. */
static void test_get_performance(void)
{
	struct scsi_transport *t = vt_open("perf", "speed=24");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t b[1024];
	size_t got;
	CHECK_EQ(get_config(t, 2, 0x0107, b, 1024, &got), 0);
	CHECK_EQ(get_be16(b + 8), 0x0107);
	CHECK_EQ(b[10] & 1, 1);	      /* current */
	CHECK_EQ(b[12] & 0x0A, 0x0A); /* SCS, WSPD */

	uint8_t cdb[12] = {0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0x03, 0};
	CHECK_EQ(cmd_in(t, cdb, 12, b, 8 + 32 * 16, &got), 0);
	/* 24x, 16x, 10x, 8x, 4x */
	CHECK_EQ(got, 8 + 5 * 16);
	CHECK_EQ(get_be32(b), got - 4);
	CHECK_EQ(get_be32(b + 8 + 12), 4234);	      /* 24x */
	CHECK_EQ(get_be32(b + 8 + 4 * 16 + 12), 706); /* 4x */
	CHECK_EQ(b[8] & 0x18, 0);		      /* CLV */
	CHECK_EQ(get_be32(b + 8 + 4), 359849 - 1);    /* cdr80 */
	/* Maximum Number of Descriptors limits the answer. */
	cdb[9] = 2;
	CHECK_EQ(cmd_in(t, cdb, 12, b, 8 + 32 * 16, &got), 0);
	CHECK_EQ(got, 8 + 2 * 16);
	CHECK_EQ(get_be32(b), 4 + 5 * 16); /* the length of all five */
	/* Asked for none: the header alone, with the full data length,
	 * byte for byte (libburn asks so first). */
	cdb[9] = 0;
	memset(b, 0xEE, 16);
	CHECK_EQ(cmd_in(t, cdb, 12, b, 8 + 32 * 16, &got), 0);
	CHECK_EQ(got, 8);
	const uint8_t hdr0[8] = {0, 0, 0, 4 + 5 * 16, 0, 0, 0, 0};
	CHECK(memcmp(b, hdr0, 8) == 0);

	uint8_t perf[12] = {0xAC, 0x14, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0};
	CHECK_EQ(cmd_in(t, perf, 12, b, 24, &got), 0);
	CHECK_EQ(got, 24);
	CHECK_EQ(b[4] & 0x02, 0x02);
	CHECK_EQ(get_be32(b + 8 + 4), 4234);
	CHECK_EQ(get_be32(b + 8 + 12), 4234);

	uint8_t bad[12] = {0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x05, 0};
	CHECK_EQ(cmd_in(t, bad, 12, b, 24, &got), SK(5, 0x24, 0));
	scsi_transport_destroy(t);
}

int main(void)
{
	test_identity_and_blank();
	test_get_performance();
	test_tray();
	test_cdrw_and_immed();
	test_pacing();
	test_close_track_ends_the_stream();
	return vt_finish();
}
