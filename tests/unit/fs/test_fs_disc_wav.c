/*
 * test_fs_disc_wav.c - disc/ names, sizes and the WAV header in front of
 * the audio read from the disc.
 */
#include <string.h>

#include "check.h"
#include "disc_wav.h"

static unsigned le32(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 |
	       (unsigned)p[3] << 24;
}

static unsigned le16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

int main(void)
{
	uint8_t h[DISC_WAV_HEADER_BYTES];
	uint64_t pcm = 300ull * 2352;
	disc_wav_header(h, pcm);
	CHECK(memcmp(h, "RIFF", 4) == 0);
	CHECK(le32(h + 4) == 36 + 705600);
	CHECK(memcmp(h + 8, "WAVEfmt ", 8) == 0);
	CHECK(le32(h + 16) == 16);
	CHECK(le16(h + 20) == 1);
	CHECK(le16(h + 22) == 2);
	CHECK(le32(h + 24) == 44100);
	CHECK(le32(h + 28) == 176400);
	CHECK(le16(h + 32) == 4);
	CHECK(le16(h + 34) == 16);
	CHECK(memcmp(h + 36, "data", 4) == 0);
	CHECK(le32(h + 40) == 705600);

	char name[16];
	disc_wav_name(1, name, sizeof(name));
	CHECK(strcmp(name, "01.wav") == 0);
	disc_wav_name(99, name, sizeof(name));
	CHECK(strcmp(name, "99.wav") == 0);
	CHECK(disc_wav_parse_name("01.wav") == 1);
	CHECK(disc_wav_parse_name("42.wav") == 42);
	CHECK(disc_wav_parse_name("00.wav") == -1);
	CHECK(disc_wav_parse_name("1.wav") == -1);
	CHECK(disc_wav_parse_name("100.wav") == -1);
	CHECK(disc_wav_parse_name("01.WAV") == -1);
	CHECK(disc_wav_parse_name("0a.wav") == -1);
	CHECK(disc_wav_parse_name("01.wav.part") == -1);

	/* A TAO track's size includes 2 run-out sectors. */
	CHECK(disc_wav_sectors(302) == 300);
	CHECK(disc_wav_sectors(2) == 0);
	CHECK(disc_wav_sectors(0) == 0);
	CHECK(disc_wav_size(300) == 44 + 705600);
	return check_finish();
}
