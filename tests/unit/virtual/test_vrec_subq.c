/*
 * test_vrec_subq.c - the Q sub-channel model (vrec_subq.c) with byte
 * vectors: the CRC, mode 1 in a pregap, at a track's start and in its
 * run-out, mode 2 (MCN) and mode 3 (ISRC) at their rates, raw P-W, and
 * the READ SUB-CHANNEL answers of formats 01h, 02h and 03h.
 */
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"
#include "vtest.h"

/* Two tracks of the first session: 0..399, 552..851 (+2 run-out). */
static void two_tracks(struct vrec_disc *d, const char *mcn, const char *isrc2)
{
	vdisc_init(d, VREC_MEDIA_CDR80);
	CHECK_EQ(vdisc_open_track(d, 0, "", mcn), 0);
	vdisc_append(d, 400);
	vdisc_close_track(d);
	CHECK_EQ(vdisc_open_track(d, 0, isrc2, NULL), 0);
	vdisc_append(d, 300);
	vdisc_close_session(d, VREC_MS_FINAL);
}

static void test_crc(void)
{
	/* CRC-16 x^16+x^12+x^5+1 from 0 of "123456789" is 31C3h; the Q
	 * channel stores it inverted. */
	CHECK_EQ(vrec_q_crc((const uint8_t *)"123456789", 9), 0xCE3C);
	CHECK_EQ(vrec_q_crc((const uint8_t *)"", 0), 0xFFFF);
}

static void check_q(const uint8_t q[12], const uint8_t want[10])
{
	CHECK(memcmp(q, want, 10) == 0);
	CHECK_EQ(get_be16(q + 10), vrec_q_crc(q, 10));
}

static void test_mode1(void)
{
	struct vrec_disc d;
	two_tracks(&d, "", "");
	uint8_t q[12];
	/* LBA 0: track 1 index 1, relative 00:00:00, absolute 00:02:00 */
	CHECK(vrec_q_sector(&d, 0, q));
	const uint8_t t1[10] = {0x01, 0x01, 0x01, 0, 0, 0, 0, 0, 0x02, 0x00};
	check_q(q, t1);
	/* 401: run-out of track 1, still track 1 index 1 (00:05:26) */
	CHECK(vrec_q_sector(&d, 401, q));
	const uint8_t ro[10] = {0x01, 0x01, 0x01, 0x00, 0x05,
				0x26, 0,    0x00, 0x07, 0x26};
	check_q(q, ro);
	/* 402: first pregap sector of track 2, index 0, 150 to go */
	CHECK(vrec_q_sector(&d, 402, q));
	const uint8_t pg[10] = {0x01, 0x02, 0x00, 0x00, 0x02,
				0x00, 0,    0x00, 0x07, 0x27};
	check_q(q, pg);
	/* 551: last pregap sector, 1 to go */
	CHECK(vrec_q_sector(&d, 551, q));
	const uint8_t pl[10] = {0x01, 0x02, 0x00, 0x00, 0x00,
				0x01, 0,    0x00, 0x09, 0x26};
	check_q(q, pl);
	/* 552: track 2 starts at absolute 00:09:27 */
	CHECK(vrec_q_sector(&d, 552, q));
	const uint8_t t2[10] = {0x01, 0x02, 0x01, 0, 0, 0, 0, 0x00, 0x09, 0x27};
	check_q(q, t2);
	/* past the run-out of the last track: no Q */
	CHECK(vrec_q_sector(&d, 851, q));
	CHECK(!vrec_q_sector(&d, 854, q));
	/* the first pregap is before LBA 0: 00:00:01 of absolute time */
	CHECK(vrec_q_sector(&d, -1, q));
	CHECK(q[1] == 0x01 && q[2] == 0x00 && q[5] == 0x01 && q[9] == 0x74);
	CHECK(!vrec_q_sector(&d, -151, q));
	struct vrec_qpos p;
	CHECK(vrec_q_position(&d, 500, &p));
	CHECK(p.track == 2 && p.index == 0 && p.rel == -52);
}

static void test_mode2_mode3(void)
{
	struct vrec_disc d;
	two_tracks(&d, "0123456789012", "DEAB19900001");
	uint8_t q[12];
	/* MCN where absolute frames % 100 == 25: LBA 75 (frames 225) */
	CHECK(vrec_q_sector(&d, 75, q));
	const uint8_t m2[10] = {0x02, 0x01, 0x23, 0x45, 0x67,
				0x89, 0x01, 0x20, 0x00, 0x00};
	check_q(q, m2);
	CHECK(vrec_q_sector(&d, 175, q));
	CHECK_EQ(q[0], 0x02);
	CHECK_EQ(q[9], 0x25); /* 325 frames: 00:04:25 */
	/* ISRC of track 2 where frames % 100 == 75: LBA 625 (frames 775) */
	CHECK(vrec_q_sector(&d, 625, q));
	/* D=20 E=21 A=17 B=18 1=1 in 6 bits, 00, then 9 9 0 0 0 0 1, 0000 */
	const uint8_t m3[10] = {0x03, 0x51, 0x54, 0x52, 0x04,
				0x99, 0x00, 0x00, 0x10, 0x25};
	check_q(q, m3);
	/* no ISRC in the pregap of track 2 (LBA 425: frames 575) */
	CHECK(vrec_q_sector(&d, 425, q));
	CHECK_EQ(q[0], 0x01);
	/* track 1 has no ISRC: LBA 325 (frames 475) is mode 1 */
	CHECK(vrec_q_sector(&d, 325, q));
	CHECK_EQ(q[0], 0x01);
	/* 1 in every 100 of each: 3 MCN, 3 ISRC over LBA 552..851 */
	unsigned m2n = 0, m3n = 0;
	for (int32_t l = 552; l < 852; l++) {
		CHECK(vrec_q_sector(&d, l, q));
		m2n += (q[0] & 0x0F) == 2;
		m3n += (q[0] & 0x0F) == 3;
	}
	CHECK_EQ(m2n, 3);
	CHECK_EQ(m3n, 3);
}

static void test_raw_pw(void)
{
	uint8_t q[12] = {0x01, 0x01, 0x01, 0, 0, 0, 0, 0, 0x02, 0, 0xAB, 0xCD};
	uint8_t pw[96];
	vrec_pw_raw(q, false, pw);
	/* byte i: bit 6 is bit i of Q (MSB first), P and R-W zero */
	CHECK_EQ(pw[7], 0x40); /* Q bit 7: last bit of 01h */
	CHECK_EQ(pw[0], 0x00);
	CHECK_EQ(pw[70], 0x40); /* 02h in byte 8: bit 6 of it */
	CHECK_EQ(pw[80], 0x40); /* ABh = 1010 1011 */
	CHECK_EQ(pw[81], 0x00);
	unsigned ones = 0;
	for (int i = 0; i < 96; i++)
		ones += pw[i] != 0;
	CHECK_EQ(ones, 14); /* the bits set in the 12 Q bytes */
	vrec_pw_raw(q, true, pw);
	CHECK_EQ(pw[0], 0x80);
	CHECK_EQ(pw[7], 0xC0);
}

static void test_read_subchannel(void)
{
	struct vrec_disc d;
	two_tracks(&d, "0123456789012", "DEAB19900001");
	uint8_t b[64];
	size_t len;
	struct vrec_subq_req r = {.subq = true,
				  .msf = true,
				  .format = 1,
				  .position = 500,
				  .audio_status = 0x15};
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 16);
	/* header, format 01h, ADR 1, track 2, index 0, absolute 00:08:50
	 * (MSF, +150), relative 00:00:52 */
	const uint8_t pos[16] = {0, 0x15, 0, 12, 0x01, 0x10, 2, 0,
				 0, 0,	  8, 50, 0,    0,    0, 52};
	CHECK(memcmp(b, pos, 16) == 0);
	r.msf = false;
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	CHECK_EQ(get_be32(b + 8), 500);
	CHECK_EQ((int32_t)get_be32(b + 12), -52);

	r.format = 2;
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 24);
	const uint8_t mcn[24] = {0,    0x15, 0,	  20,  0x02, 0,	  0,   0,
				 0x80, '0',  '1', '2', '3',  '4', '5', '6',
				 '7',  '8',  '9', '0', '1',  '2', 0,   0};
	CHECK(memcmp(b, mcn, 24) == 0);

	r.format = 3;
	r.track = 2;
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	const uint8_t isrc[24] = {0,	0x15, 0,   20,	0x03, 0x30, 2,	 0,
				  0x80, 'D',  'E', 'A', 'B',  '1',  '9', '9',
				  '0',	'0',  '0', '0', '1',  0,    25,	 0};
	CHECK(memcmp(b, isrc, 24) == 0);
	r.track = 1; /* no ISRC: TCVal 0 */
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	CHECK_EQ(b[8], 0);
	r.track = 3;
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len),
		 VS_INVALID_FIELD_CDB);
	r.format = 0;
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len),
		 VS_INVALID_FIELD_CDB);
	r.subq = false; /* the header only */
	CHECK_EQ(vrec_read_subchannel(&d, &r, b, sizeof(b), &len), 0);
	CHECK_EQ(len, 4);
	const uint8_t hdr[4] = {0, 0x15, 0, 0};
	CHECK(memcmp(b, hdr, 4) == 0);
}

int main(void)
{
	test_crc();
	test_mode1();
	test_mode2_mode3();
	test_raw_pw();
	test_read_subchannel();
	return vt_finish();
}
