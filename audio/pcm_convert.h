/*
 * pcm_convert.h - the sample arithmetic of making CD audio: channel
 * mixing to stereo and reduction of float samples to 16 bits with TPDF
 * dither, counting clipped samples.  Pure functions on buffers; the
 * decoding, resampling and file I/O around them are in intake_convert.c.
 *
 * Samples are floats with full scale at +-1.0 (libsndfile's normalised
 * float): a 16-bit sample s reads as s / 32768.0, exactly.
 */
#ifndef BURNFS_PCM_CONVERT_H
#define BURNFS_PCM_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Gains of one source channel into the left and right outputs. */
struct pcm_gain {
	float left, right;
};

/* libsndfile-independent speaker positions (see pcm_position_of). */
enum pcm_position {
	PCM_POS_UNKNOWN = 0,
	PCM_POS_MONO,
	PCM_POS_LEFT,
	PCM_POS_RIGHT,
	PCM_POS_CENTER,
	PCM_POS_LFE,
	PCM_POS_SURROUND_LEFT,	/* rear or side left */
	PCM_POS_SURROUND_RIGHT, /* rear or side right */
	PCM_POS_SURROUND_CENTER,
};

/*
 * The down-mix matrix for channels sources at the positions pos (NULL:
 * the WAVE default order L R C LFE Ls Rs Lss Rss).  Mono is copied to
 * both outputs; stereo passes unchanged; more channels use ITU-R BS.775:
 * Lo = L + 0.7071 C + 0.7071 Ls, Ro = R + 0.7071 C + 0.7071 Rs, LFE
 * dropped, a rear centre at 0.5 into both, unknown positions alternate
 * left and right at 0.7071.  gains must hold channels entries.
 */
void pcm_downmix_matrix(int channels, const enum pcm_position *pos,
			struct pcm_gain *gains);

/* True when the matrix is a plain copy (mono or stereo input). */
bool pcm_downmix_is_exact(int channels);

/* out[2*frames] = in[channels*frames] mixed by gains. */
void pcm_downmix(const float *in, int channels, const struct pcm_gain *gains,
		 float *out, size_t frames);

/* State of the TPDF dither's random numbers (xorshift64). */
struct pcm_dither {
	uint64_t state;
};
void pcm_dither_init(struct pcm_dither *d, uint64_t seed);

/*
 * Quantises n samples to 16-bit little-endian bytes (out: 2*n bytes).
 * With d, TPDF dither of +-1 LSB (the sum of two uniform values) is
 * added before rounding; without it, values are rounded to nearest
 * (exact for inputs that came from 16-bit or 8-bit integers).  Samples
 * beyond full scale are clipped and counted in *clipped.
 */
void pcm_quantize16(const float *in, size_t n, struct pcm_dither *d,
		    uint8_t *out, uint64_t *clipped);

#endif
