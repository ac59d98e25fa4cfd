/*
 * pcm_convert.c - channel mixing and 16-bit quantisation with TPDF
 * dither (see pcm_convert.h).
 */
#include "pcm_convert.h"

#include <math.h>

#define M3DB 0.70710678f /* -3 dB, the BS.775 side gain */

bool pcm_downmix_is_exact(int channels)
{
	return channels == 1 || channels == 2;
}

/* The WAVE default speaker order (WAVEFORMATEXTENSIBLE's mask bits). */
static enum pcm_position default_position(int channels, int i)
{
	static const enum pcm_position order[] = {
	    PCM_POS_LEFT,	   PCM_POS_RIGHT,
	    PCM_POS_CENTER,	   PCM_POS_LFE,
	    PCM_POS_SURROUND_LEFT, PCM_POS_SURROUND_RIGHT,
	    PCM_POS_SURROUND_LEFT, PCM_POS_SURROUND_RIGHT,
	};
	if (channels == 1)
		return PCM_POS_MONO;
	if (channels == 4) /* quad: L R Ls Rs */
		return i < 2 ? order[i] : order[i + 2];
	if (channels == 5) /* L R C Ls Rs */
		return i < 3 ? order[i] : order[i + 1];
	if ((size_t)i < sizeof(order) / sizeof(order[0]))
		return order[i];
	return PCM_POS_UNKNOWN;
}

void pcm_downmix_matrix(int channels, const enum pcm_position *pos,
			struct pcm_gain *gains)
{
	int unknown = 0;
	for (int i = 0; i < channels; i++) {
		enum pcm_position p =
		    pos ? pos[i] : default_position(channels, i);
		struct pcm_gain g = {0, 0};
		switch (p) {
		case PCM_POS_MONO:
			g = channels == 1 ? (struct pcm_gain){1, 1}
					  : (struct pcm_gain){M3DB, M3DB};
			break;
		case PCM_POS_LEFT:
			g.left = 1;
			break;
		case PCM_POS_RIGHT:
			g.right = 1;
			break;
		case PCM_POS_CENTER:
			g = (struct pcm_gain){M3DB, M3DB};
			break;
		case PCM_POS_LFE:
			break;
		case PCM_POS_SURROUND_LEFT:
			g.left = M3DB;
			break;
		case PCM_POS_SURROUND_RIGHT:
			g.right = M3DB;
			break;
		case PCM_POS_SURROUND_CENTER:
			g = (struct pcm_gain){0.5f, 0.5f};
			break;
		case PCM_POS_UNKNOWN:
			if (unknown++ % 2 == 0)
				g.left = M3DB;
			else
				g.right = M3DB;
			break;
		}
		gains[i] = g;
	}
}

void pcm_downmix(const float *in, int channels, const struct pcm_gain *gains,
		 float *out, size_t frames)
{
	if (channels == 2) {
		for (size_t i = 0; i < 2 * frames; i++)
			out[i] = in[i];
		return;
	}
	for (size_t f = 0; f < frames; f++) {
		float l = 0, r = 0;
		const float *s = in + f * (size_t)channels;
		for (int c = 0; c < channels; c++) {
			l += s[c] * gains[c].left;
			r += s[c] * gains[c].right;
		}
		out[2 * f] = l;
		out[2 * f + 1] = r;
	}
}

void pcm_dither_init(struct pcm_dither *d, uint64_t seed)
{
	d->state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

/* A uniform value in [0, 1). */
static float uniform(struct pcm_dither *d)
{
	uint64_t x = d->state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	d->state = x;
	return (float)(x >> 40) * (1.0f / 16777216.0f);
}

void pcm_quantize16(const float *in, size_t n, struct pcm_dither *d,
		    uint8_t *out, uint64_t *clipped)
{
	for (size_t i = 0; i < n; i++) {
		float v = in[i] * 32768.0f;
		if (isnan(v))
			v = 0;
		/* Clipping is judged before the dither's +-1 LSB. */
		if (v > 32767.5f || v < -32768.5f)
			(*clipped)++;
		if (d)
			v += uniform(d) - uniform(d); /* triangular, +-1 LSB */
		if (v > 32767.0f)
			v = 32767.0f;
		else if (v < -32768.0f)
			v = -32768.0f;
		long q = lrintf(v);
		uint16_t u = (uint16_t)(int16_t)q;
		out[2 * i] = (uint8_t)(u & 0xff);
		out[2 * i + 1] = (uint8_t)(u >> 8);
	}
}
