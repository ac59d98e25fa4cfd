/*
 * test_pcm_convert.c - the sample arithmetic of conversion (down-mix
 * matrices, quantisation with and without TPDF dither, clipping count)
 * and the Vorbis comment parser of audio_tags.c, on byte vectors.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audio_tags.h"
#include "check.h"
#include "pcm_convert.h"

static bool near(float a, float b)
{
	return fabsf(a - b) < 1e-5f;
}

static void test_matrix(void)
{
	struct pcm_gain g[8];
	pcm_downmix_matrix(1, NULL, g);
	CHECK(g[0].left == 1 && g[0].right == 1);
	pcm_downmix_matrix(2, NULL, g);
	CHECK(g[0].left == 1 && g[0].right == 0);
	CHECK(g[1].left == 0 && g[1].right == 1);
	/* 5.1: L R C LFE Ls Rs. */
	pcm_downmix_matrix(6, NULL, g);
	CHECK(near(g[2].left, 0.70710678f) && near(g[2].right, 0.70710678f));
	CHECK(g[3].left == 0 && g[3].right == 0);
	CHECK(near(g[4].left, 0.70710678f) && g[4].right == 0);
	CHECK(g[5].left == 0 && near(g[5].right, 0.70710678f));
	/* Quad: L R Ls Rs. */
	pcm_downmix_matrix(4, NULL, g);
	CHECK(near(g[2].left, 0.70710678f) && g[2].right == 0);
	/* Explicit positions. */
	enum pcm_position pos[3] = {PCM_POS_CENTER, PCM_POS_LEFT,
				    PCM_POS_SURROUND_CENTER};
	pcm_downmix_matrix(3, pos, g);
	CHECK(g[1].left == 1 && g[1].right == 0);
	CHECK(g[2].left == 0.5f && g[2].right == 0.5f);
	CHECK(pcm_downmix_is_exact(1) && pcm_downmix_is_exact(2) &&
	      !pcm_downmix_is_exact(6));
}

static void test_downmix(void)
{
	struct pcm_gain g[6];
	float out[4];
	float mono[2] = {0.25f, -0.5f};
	pcm_downmix_matrix(1, NULL, g);
	pcm_downmix(mono, 1, g, out, 2);
	CHECK(out[0] == 0.25f && out[1] == 0.25f && out[2] == -0.5f &&
	      out[3] == -0.5f);
	float six[6] = {0.1f, 0.2f, 0.3f, 0.9f, 0.4f, 0.5f};
	pcm_downmix_matrix(6, NULL, g);
	pcm_downmix(six, 6, g, out, 1);
	CHECK(near(out[0], 0.1f + 0.70710678f * (0.3f + 0.4f)));
	CHECK(near(out[1], 0.2f + 0.70710678f * (0.3f + 0.5f)));
}

static void test_quantize(void)
{
	/* Exact 16-bit values pass unchanged without dither. */
	float in[5] = {0, 1 / 32768.0f, -1.0f, 32767 / 32768.0f, 2.0f};
	uint8_t b[10];
	uint64_t clipped = 0;
	pcm_quantize16(in, 5, NULL, b, &clipped);
	CHECK(b[0] == 0 && b[1] == 0);
	CHECK(b[2] == 1 && b[3] == 0);
	CHECK(b[4] == 0x00 && b[5] == 0x80);
	CHECK(b[6] == 0xff && b[7] == 0x7f);
	CHECK(b[8] == 0xff && b[9] == 0x7f); /* 2.0 clipped to 32767 */
	CHECK(clipped == 1);

	/* TPDF dither: within +-1 LSB, mean near zero, not all equal. */
	struct pcm_dither d;
	pcm_dither_init(&d, 42);
	enum { N = 20000 };
	static float z[N];
	static uint8_t zb[2 * N];
	for (int i = 0; i < N; i++)
		z[i] = 100.25f / 32768.0f;
	clipped = 0;
	pcm_quantize16(z, N, &d, zb, &clipped);
	long sum = 0;
	int lo = 1 << 20, hi = -(1 << 20);
	for (int i = 0; i < N; i++) {
		int v = (int16_t)(zb[2 * i] | zb[2 * i + 1] << 8);
		sum += v;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	CHECK(lo >= 99 && hi <= 101 && lo < hi);
	double mean = (double)sum / N;
	CHECK(fabs(mean - 100.25) < 0.05); /* dither keeps the mean */
	CHECK(clipped == 0);
	/* A full-scale sample with dither is not counted as clipped. */
	float full = 32767 / 32768.0f;
	pcm_quantize16(&full, 1, &d, zb, &clipped);
	CHECK(clipped == 0);
}

/* Appends a little-endian length and bytes. */
static size_t put_str(uint8_t *b, size_t at, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);
	b[at] = (uint8_t)n;
	b[at + 1] = (uint8_t)(n >> 8);
	b[at + 2] = b[at + 3] = 0;
	memcpy(b + at + 4, s, n);
	return at + 4 + n;
}

static void test_comments(void)
{
	uint8_t b[256];
	size_t at = put_str(b, 0, "reference libFLAC");
	b[at] = 3;
	b[at + 1] = b[at + 2] = b[at + 3] = 0;
	at += 4;
	at = put_str(b, at, "TITLE=Song one");
	at = put_str(b, at, "artist=Band");
	at = put_str(b, at, "ISRC=USS1Z9900001");
	char v[64];
	CHECK(vorbis_comment_find(b, at, "TITLE", v, sizeof(v)) == 1 &&
	      strcmp(v, "Song one") == 0);
	CHECK(vorbis_comment_find(b, at, "ARTIST", v, sizeof(v)) == 1 &&
	      strcmp(v, "Band") == 0);
	CHECK(vorbis_comment_find(b, at, "isrc", v, sizeof(v)) == 1 &&
	      strcmp(v, "USS1Z9900001") == 0);
	CHECK(vorbis_comment_find(b, at, "ALBUM", v, sizeof(v)) == 0);
	CHECK(vorbis_comment_find(b, at, "TITLE", v, 5) == 1 &&
	      strcmp(v, "Song") == 0);
	/* Cut short: malformed, not a crash. */
	CHECK(vorbis_comment_find(b, at - 3, "ISRC", v, sizeof(v)) == -1);
	CHECK(vorbis_comment_find(b, 2, "ISRC", v, sizeof(v)) == -1);
	CHECK(audio_isrc_valid("USS1Z9900001", 12));
	CHECK(!audio_isrc_valid("USS1Z99000X1", 12));
	CHECK(!audio_isrc_valid("USS1Z990000", 11));
}

/*
 * audio_tags_read on a FLAC file whose VORBIS_COMMENT block holds every
 * text CD-TEXT takes: album, album artist (either spelling), composer,
 * songwriter (or lyricist).
 */
static void test_flac_texts(void)
{
	uint8_t b[512];
	memcpy(b, "fLaC", 4);
	/* block 4, last, length filled in below */
	size_t at = put_str(b, 8, "reference libFLAC");
	b[at] = 5;
	b[at + 1] = b[at + 2] = b[at + 3] = 0;
	at += 4;
	at = put_str(b, at, "TITLE=Song");
	at = put_str(b, at, "ALBUM=Live at the Hall");
	at = put_str(b, at, "ALBUM ARTIST=The Trio");
	at = put_str(b, at, "COMPOSER=J. S. Bach");
	at = put_str(b, at, "LYRICIST=Anon");
	size_t len = at - 8;
	b[4] = 0x80 | 4;
	b[5] = (uint8_t)(len >> 16);
	b[6] = (uint8_t)(len >> 8);
	b[7] = (uint8_t)len;
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fwrite(b, 1, at, f) == at && fflush(f) == 0);
	struct audio_tags t;
	memset(&t, 0, sizeof(t));
	strcpy(t.album, "From libsndfile");
	CHECK(audio_tags_read(fileno(f), &t) == 0);
	CHECK(strcmp(t.title, "Song") == 0);
	CHECK(strcmp(t.album, "From libsndfile") == 0); /* kept */
	CHECK(strcmp(t.album_artist, "The Trio") == 0);
	CHECK(strcmp(t.composer, "J. S. Bach") == 0);
	CHECK(strcmp(t.songwriter, "Anon") == 0);
	CHECK(t.artist[0] == '\0' && t.isrc[0] == '\0');
	fclose(f);
}

int main(void)
{
	test_matrix();
	test_downmix();
	test_quantize();
	test_comments();
	test_flac_texts();
	return check_finish();
}
