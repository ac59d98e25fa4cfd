/*
 * test_vrec_read.c - reading a burnt disc back as a drive does, raw CDBs
 * in and bytes out: READ CD over the run-out sectors, the failing LBA in
 * the sense's INFORMATION field, READ(10) refused on audio, READ CD with
 * C2 and Q / raw P-W sub-channel, READ CD MSF, READ SUB-CHANNEL (MCN,
 * ISRC, position), PLAY AUDIO(10) / MSF, PAUSE/RESUME, STOP PLAY/SCAN,
 * READ TOC format 5, the page 2Ah bits that promise all this.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"
#include "vtest.h"

#define L1 400 /* track 1: 0..399, run-out 400..401 */
#define T2 552 /* track 2: 552..851, run-out 852..853 */
#define L2 300
#define END (T2 + L2 + 2)

static int page05_ids(struct scsi_transport *t, const char *mcn,
		      const char *isrc)
{
	uint8_t p[8 + 52] = {0};
	uint8_t *pg = p + 8;
	pg[0] = 0x05;
	pg[1] = 0x32;
	pg[2] = 0x01; /* TAO */
	put_be16(pg + 14, 150);
	if (mcn) {
		pg[16] = 0x80;
		memcpy(pg + 17, mcn, 13);
	}
	if (isrc) {
		pg[32] = 0x80;
		memcpy(pg + 33, isrc, 12);
	}
	uint8_t cdb[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof(p), 0};
	return vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, p, sizeof(p), NULL);
}

static struct scsi_transport *burnt_disc(void)
{
	struct scsi_transport *t = vt_open("read", "");
	CHECK(t != NULL);
	if (!t)
		return NULL;
	CHECK_EQ(page05_ids(t, "0123456789012", NULL), 0);
	CHECK_EQ(vt_burn_track(t, 1, L1), 0);
	CHECK_EQ(page05_ids(t, NULL, "DEAB19900001"), 0);
	CHECK_EQ(vt_burn_track(t, 2, L2), T2);
	CHECK_EQ(vt_close(t, false, 2), 0);
	return t;
}

static int read_cd(struct scsi_transport *t, int32_t lba, uint32_t n,
		   uint8_t b9, uint8_t b10, uint8_t *buf, size_t len,
		   size_t *got)
{
	uint8_t cdb[12] = {0xBE, 0x04};
	put_be32(cdb + 2, (uint32_t)lba);
	put_be24(cdb + 6, n);
	cdb[9] = b9;
	cdb[10] = b10;
	return vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, buf, len, got);
}

static void test_runout_and_errors(struct scsi_transport *t)
{
	size_t per = CD_SECTOR_BYTES, got;
	uint8_t *buf = malloc(4 * per);
	uint8_t want[CD_SECTOR_BYTES];
	if (!buf)
		return;
	/* the last sector of track 2 and its 2 run-out sectors */
	memset(buf, 0x55, 4 * per);
	CHECK_EQ(read_cd(t, T2 + L2 - 1, 3, 0x10, 0, buf, 3 * per, &got), 0);
	CHECK_EQ(got, 3 * per);
	vt_fill(want, 2, L2 - 1);
	CHECK(memcmp(buf, want, per) == 0);
	bool silent = true;
	for (size_t i = per; i < 3 * per; i++)
		silent = silent && buf[i] == 0;
	CHECK(silent);
	/* one more is the lead-out: 05/21/00, INFORMATION = END, VALID */
	CHECK_EQ(read_cd(t, T2 + L2, 4, 0x10, 0, buf, 4 * per, &got),
		 SK(5, 0x21, 0));
	CHECK_EQ(vt_last_sense[0], 0xF0);
	CHECK_EQ(get_be32(vt_last_sense + 3), END);
	/* READ(10): no 2048-byte form of CD-DA, 05/64/00 at the LBA */
	uint8_t r10[10] = {0x28, 0, 0, 0, 0, 7, 0, 0, 1, 0};
	CHECK_EQ(vt_exec(t, r10, 10, SCSI_DIR_FROM_DEVICE, buf, 2048, &got),
		 SK(5, 0x64, 0));
	CHECK_EQ(vt_last_sense[0], 0xF0);
	CHECK_EQ(get_be32(vt_last_sense + 3), 7);
	/* a sense without an LBA has no VALID bit */
	uint8_t bad[12] = {0xBE, 0x04, 0, 0, 0, 0, 0, 0, 1, 0x10, 0x04, 0};
	CHECK_EQ(vt_exec(t, bad, 12, SCSI_DIR_FROM_DEVICE, buf, per, &got),
		 SK(5, 0x24, 0));
	CHECK_EQ(vt_last_sense[0], 0x70);
	free(buf);
}

static void test_subchannel_forms(struct scsi_transport *t)
{
	uint8_t buf[2 * (CD_SECTOR_BYTES + 296 + 96)], want[CD_SECTOR_BYTES];
	size_t got;
	/* user data + formatted Q: 2352 + 16 per sector */
	CHECK_EQ(read_cd(t, 10, 2, 0x10, 0x02, buf, sizeof(buf), &got), 0);
	CHECK_EQ(got, 2 * (CD_SECTOR_BYTES + 16));
	vt_fill(want, 1, 11);
	CHECK(memcmp(buf + CD_SECTOR_BYTES + 16, want, CD_SECTOR_BYTES) == 0);
	/* LBA 10: track 1 index 1, relative 00:00:10, absolute 00:02:10 */
	const uint8_t q10[16] = {0x01, 0x01, 0x01, 0x00, 0x00, 0x10, 0, 0x00,
				 0x02, 0x10, 0,	   0,	 0,    0,    0, 0};
	uint8_t q[16];
	memcpy(q, buf + CD_SECTOR_BYTES, 16);
	CHECK(memcmp(q, q10, 10) == 0);
	CHECK_EQ(get_be16(q + 10), vrec_q_crc(q, 10));
	CHECK(memcmp(q + 12, q10 + 12, 4) == 0);
	/* user data + C2 error block + raw P-W: 2352 + 296 + 96 */
	memset(buf, 0x55, sizeof(buf));
	CHECK_EQ(read_cd(t, 10, 1, 0x14, 0x01, buf, sizeof(buf), &got), 0);
	CHECK_EQ(got, CD_SECTOR_BYTES + 296 + 96);
	bool c2_zero = true;
	for (size_t i = 0; i < 296; i++)
		c2_zero = c2_zero && buf[CD_SECTOR_BYTES + i] == 0;
	CHECK(c2_zero);
	const uint8_t *pw = buf + CD_SECTOR_BYTES + 296;
	uint8_t back[12] = {0};
	bool p_clear = true;
	for (int i = 0; i < 96; i++) {
		back[i / 8] |= (uint8_t)(((pw[i] >> 6) & 1) << (7 - i % 8));
		p_clear = p_clear && !(pw[i] & 0xBF);
	}
	CHECK(p_clear);
	CHECK(memcmp(back, q, 12) == 0);
	/* in a pregap the P channel is set */
	CHECK_EQ(read_cd(t, T2 - 1, 1, 0x00, 0x01, buf, sizeof(buf), &got), 0);
	CHECK_EQ(got, 96);
	CHECK_EQ(buf[0] & 0x80, 0x80);
	/* de-interleaved R-W (100b) is not offered */
	CHECK_EQ(read_cd(t, 10, 1, 0x10, 0x04, buf, sizeof(buf), &got),
		 SK(5, 0x24, 0));
	/* READ CD MSF 00:02:10 .. 00:02:12 is LBA 10 and 11 */
	uint8_t msf[12] = {0xB9, 0x04, 0, 0, 2, 10, 0, 2, 12, 0x10, 0, 0};
	uint8_t b2[2 * CD_SECTOR_BYTES];
	CHECK_EQ(
	    vt_exec(t, msf, 12, SCSI_DIR_FROM_DEVICE, b2, sizeof(b2), &got), 0);
	CHECK_EQ(got, 2 * CD_SECTOR_BYTES);
	vt_fill(want, 1, 10);
	CHECK(memcmp(b2, want, CD_SECTOR_BYTES) == 0);
	msf[5] = 75; /* not a frame */
	CHECK_EQ(
	    vt_exec(t, msf, 12, SCSI_DIR_FROM_DEVICE, b2, sizeof(b2), &got),
	    SK(5, 0x24, 0));
}

static int subchannel(struct scsi_transport *t, uint8_t format, uint8_t track,
		      uint8_t *buf)
{
	uint8_t cdb[10] = {0x42, 0x02, 0x40, format, 0, 0, track, 0, 24, 0};
	memset(buf, 0xEE, 24);
	return vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, buf, 24, NULL);
}

static void test_read_subchannel(struct scsi_transport *t)
{
	uint8_t b[24];
	CHECK_EQ(subchannel(t, 2, 0, b), 0);
	const uint8_t mcn[24] = {0,    0x15, 0,	  20,  0x02, 0,	  0,   0,
				 0x80, '0',  '1', '2', '3',  '4', '5', '6',
				 '7',  '8',  '9', '0', '1',  '2', 0,   0};
	CHECK(memcmp(b, mcn, 24) == 0);
	CHECK_EQ(subchannel(t, 3, 2, b), 0);
	CHECK_EQ(b[8], 0x80);
	CHECK(memcmp(b + 9, "DEAB19900001", 12) == 0);
	CHECK_EQ(subchannel(t, 3, 1, b), 0);
	CHECK_EQ(b[8], 0x00); /* track 1 has none */
	/* the head is over the last sector read: LBA 11 (READ CD MSF) */
	CHECK_EQ(subchannel(t, 1, 0, b), 0);
	const uint8_t pos[16] = {0, 0x15, 0, 12, 0x01, 0x10, 1, 1,
				 0, 0,	  2, 11, 0,    0,    0, 11};
	CHECK(memcmp(b, pos, 16) == 0);
}

static int play_msf(struct scsi_transport *t, int32_t from, int32_t end)
{
	struct msf a = msf_from_lba(from), z = msf_from_lba(end);
	uint8_t cdb[10] = {0x47, 0, 0, a.m, a.s, a.f, z.m, z.s, z.f, 0};
	return vt_exec(t, cdb, 10, SCSI_DIR_NONE, NULL, 0, NULL);
}

static int pause_resume(struct scsi_transport *t, bool resume)
{
	uint8_t cdb[10] = {0x4B, 0, 0, 0, 0, 0, 0, 0, resume ? 1 : 0, 0};
	return vt_exec(t, cdb, 10, SCSI_DIR_NONE, NULL, 0, NULL);
}

static uint8_t audio_status(struct scsi_transport *t, int32_t *lba)
{
	uint8_t b[24];
	uint8_t cdb[10] = {0x42, 0x00, 0x40, 1, 0, 0, 0, 0, 16, 0};
	CHECK_EQ(vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, b, 16, NULL), 0);
	if (lba)
		*lba = (int32_t)get_be32(b + 8);
	return b[1];
}

static void test_play(struct scsi_transport *t)
{
	int32_t at;
	/* nothing to pause or resume */
	CHECK_EQ(pause_resume(t, false), SK(5, 0x2C, 0));
	CHECK_EQ(play_msf(t, T2, T2 + L2), 0);
	CHECK_EQ(audio_status(t, &at), 0x11);
	CHECK(at >= T2 && at < T2 + L2);
	CHECK_EQ(pause_resume(t, false), 0);
	CHECK_EQ(audio_status(t, &at), 0x12);
	int32_t paused = at;
	CHECK_EQ(audio_status(t, &at), 0x12);
	CHECK_EQ(at, paused); /* a pause holds the head */
	CHECK_EQ(pause_resume(t, true), 0);
	CHECK_EQ(audio_status(t, NULL), 0x11);
	uint8_t stop[10] = {0x4E};
	CHECK_EQ(vt_exec(t, stop, 10, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(audio_status(t, NULL), 0x15);
	/* PLAY AUDIO(10) of 2 sectors runs to its end: 13h once, then 15h */
	uint8_t p10[10] = {0x45, 0, 0, 0, 0, 100, 0, 0, 2, 0};
	CHECK_EQ(vt_exec(t, p10, 10, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint8_t st;
	do {
		st = audio_status(t, &at);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (st == 0x11 && now.tv_sec - t0.tv_sec < 5);
	CHECK_EQ(st, 0x13);
	CHECK_EQ(at, 101);
	CHECK_EQ(audio_status(t, NULL), 0x15);
	/* length 0: nothing to play, GOOD */
	p10[8] = 0;
	CHECK_EQ(vt_exec(t, p10, 10, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(audio_status(t, NULL), 0x15);
	/* off the disc: 05/21/00 */
	CHECK_EQ(play_msf(t, END + 10, END + 20), SK(5, 0x21, 0));
	CHECK_EQ(play_msf(t, 20, 10), SK(5, 0x24, 0));
}

static void test_promises(struct scsi_transport *t)
{
	uint8_t b[256];
	size_t got;
	CHECK_EQ(vt_toc(t, 5, false, 0, b, sizeof(b), &got), 0);
	CHECK_EQ(got, 4);
	const uint8_t empty[4] = {0, 2, 0, 0};
	CHECK(memcmp(b, empty, 4) == 0);
	uint8_t ms[10] = {0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 255, 0};
	CHECK_EQ(vt_exec(t, ms, 10, SCSI_DIR_FROM_DEVICE, b, 255, &got), 0);
	const uint8_t *p = b + 8;
	CHECK_EQ(p[0], 0x2A);
	CHECK_EQ(p[4] & 0x01, 0x01); /* audio play */
	CHECK_EQ(p[5], 0x77);	     /* UPC ISRC C2 R-W stream-accurate CD-DA */
}

int main(void)
{
	struct scsi_transport *t = burnt_disc();
	if (t) {
		test_runout_and_errors(t);
		test_subchannel_forms(t);
		test_read_subchannel(t);
		test_play(t);
		test_promises(t);
		scsi_transport_destroy(t);
	}
	return vt_finish();
}
