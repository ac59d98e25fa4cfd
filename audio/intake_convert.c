/*
 * intake_convert.c - makes CD audio out of any file libsndfile decodes
 * (see intake_convert in intake.h): decode to float, mix to stereo,
 * resample to 44100 Hz with libsoxr (HQ recipe; why libsoxr: doc/intake.md),
 * quantise to 16 bits with TPDF dither (pcm_convert.c), write the result
 * as little-endian CD-DA into a separate spool file.
 *
 * Runs without any lock held: it touches only the two files it is given.
 */
#include "intake.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcm_convert.h"

#define CHUNK_FRAMES 8192
#define CD_RATE 44100

struct conv {
	SNDFILE *snd;
	SF_INFO info;
	soxr_t soxr;		  /* NULL when the rate is already 44100 */
	struct pcm_gain *gains;	  /* channels entries */
	float *in, *stereo, *out; /* decoded, mixed, resampled */
	size_t out_cap;		  /* frames in out */
	uint8_t *bytes;		  /* quantised */
	struct pcm_dither dither;
	bool dithered;
	int fd;
	uint64_t frames_out, clipped;
};

static enum pcm_position position_of(int sf_map)
{
	switch (sf_map) {
	case SF_CHANNEL_MAP_MONO:
		return PCM_POS_MONO;
	case SF_CHANNEL_MAP_LEFT:
	case SF_CHANNEL_MAP_FRONT_LEFT:
	case SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER:
		return PCM_POS_LEFT;
	case SF_CHANNEL_MAP_RIGHT:
	case SF_CHANNEL_MAP_FRONT_RIGHT:
	case SF_CHANNEL_MAP_FRONT_RIGHT_OF_CENTER:
		return PCM_POS_RIGHT;
	case SF_CHANNEL_MAP_CENTER:
	case SF_CHANNEL_MAP_FRONT_CENTER:
		return PCM_POS_CENTER;
	case SF_CHANNEL_MAP_LFE:
		return PCM_POS_LFE;
	case SF_CHANNEL_MAP_REAR_LEFT:
	case SF_CHANNEL_MAP_SIDE_LEFT:
		return PCM_POS_SURROUND_LEFT;
	case SF_CHANNEL_MAP_REAR_RIGHT:
	case SF_CHANNEL_MAP_SIDE_RIGHT:
		return PCM_POS_SURROUND_RIGHT;
	case SF_CHANNEL_MAP_REAR_CENTER:
		return PCM_POS_SURROUND_CENTER;
	default:
		return PCM_POS_UNKNOWN;
	}
}

/* The down-mix: the file's channel map when it has one. */
static int setup_gains(struct conv *c)
{
	int ch = c->info.channels;
	c->gains = calloc((size_t)ch, sizeof(*c->gains));
	int *map = calloc((size_t)ch, sizeof(*map));
	enum pcm_position *pos = calloc((size_t)ch, sizeof(*pos));
	if (!c->gains || !map || !pos) {
		free(map);
		free(pos);
		return -ENOMEM;
	}
	bool have = ch > 2 && sf_command(c->snd, SFC_GET_CHANNEL_MAP_INFO, map,
					 ch * (int)sizeof(*map)) == SF_TRUE;
	for (int i = 0; have && i < ch; i++)
		pos[i] = position_of(map[i]);
	pcm_downmix_matrix(ch, have ? pos : NULL, c->gains);
	free(map);
	free(pos);
	return 0;
}

/* Integer samples that pass unchanged need no dither. */
static bool needs_dither(const SF_INFO *info)
{
	int sub = info->format & SF_FORMAT_SUBMASK;
	bool small_int = sub == SF_FORMAT_PCM_16 || sub == SF_FORMAT_PCM_S8 ||
			 sub == SF_FORMAT_PCM_U8;
	return !(small_int && info->samplerate == CD_RATE &&
		 pcm_downmix_is_exact(info->channels));
}

static int write_all(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Quantises and writes frames of c->out (or of src). */
static int emit(struct conv *c, const float *src, size_t frames)
{
	if (frames == 0)
		return 0;
	pcm_quantize16(src, 2 * frames, c->dithered ? &c->dither : NULL,
		       c->bytes, &c->clipped);
	c->frames_out += frames;
	return write_all(c->fd, c->bytes, 4 * frames);
}

/* Feeds frames of c->stereo (NULL at the end) through the resampler. */
static int resample(struct conv *c, const float *in, size_t frames)
{
	for (;;) {
		size_t idone = 0, odone = 0;
		soxr_error_t e = soxr_process(c->soxr, in, frames, &idone,
					      c->out, c->out_cap, &odone);
		if (e)
			return -EIO;
		int rc = emit(c, c->out, odone);
		if (rc < 0)
			return rc;
		if (in) {
			in += 2 * idone;
			frames -= idone;
			if (frames == 0)
				return 0;
		} else if (odone == 0) {
			return 0;
		}
	}
}

static void conv_free(struct conv *c)
{
	if (c->soxr)
		soxr_delete(c->soxr);
	if (c->snd)
		sf_close(c->snd);
	free(c->gains);
	free(c->in);
	free(c->stereo);
	free(c->out);
	free(c->bytes);
}

/* Formats whose frame count is exact: fewer decoded frames = truncated. */
static bool exact_length(const SF_INFO *info)
{
	int major = info->format & SF_FORMAT_TYPEMASK;
	return major != SF_FORMAT_OGG && major != SF_FORMAT_MPEG;
}

static int setup(struct conv *c, int in_fd, char *why, size_t why_len)
{
	c->snd = sf_open_fd(in_fd, SFM_READ, &c->info, 0);
	if (!c->snd) {
		snprintf(why, why_len, "cannot be decoded: %s",
			 sf_strerror(NULL));
		return -EINVAL;
	}
	if (c->info.channels < 1 || c->info.samplerate < 1) {
		snprintf(why, why_len,
			 "cannot be decoded: %d channels at %d Hz",
			 c->info.channels, c->info.samplerate);
		return -EINVAL;
	}
	int rc = setup_gains(c);
	if (rc < 0)
		return rc;
	size_t ch = (size_t)c->info.channels;
	double ratio = (double)CD_RATE / c->info.samplerate;
	c->out_cap = (size_t)(CHUNK_FRAMES * ratio) + 64;
	if (c->out_cap < CHUNK_FRAMES)
		c->out_cap = CHUNK_FRAMES;
	c->in = malloc(CHUNK_FRAMES * ch * sizeof(float));
	c->stereo = malloc(CHUNK_FRAMES * 2 * sizeof(float));
	c->out = malloc(c->out_cap * 2 * sizeof(float));
	c->bytes = malloc(c->out_cap * 4);
	if (!c->in || !c->stereo || !c->out || !c->bytes)
		return -ENOMEM;
	if (c->info.samplerate != CD_RATE) {
		soxr_error_t e = NULL;
		soxr_io_spec_t io =
		    soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
		soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
		c->soxr = soxr_create(c->info.samplerate, CD_RATE, 2, &e, &io,
				      &q, NULL);
		if (!c->soxr) {
			snprintf(why, why_len, "cannot resample %d Hz: %s",
				 c->info.samplerate, e ? e : "soxr failed");
			return -EINVAL;
		}
	}
	c->dithered = needs_dither(&c->info);
	pcm_dither_init(&c->dither, 0x6275726e6673ull); /* reproducible */
	return 0;
}

/* Decodes, mixes, resamples and writes everything. */
static int run(struct conv *c, intake_progress_fn progress, void *ctx,
	       char *why, size_t why_len)
{
	uint64_t total = 0, expected = (uint64_t)c->info.frames;
	unsigned last_pct = 0;
	int rc = 0;
	for (;;) {
		sf_count_t n = sf_readf_float(c->snd, c->in, CHUNK_FRAMES);
		if (n <= 0)
			break;
		total += (uint64_t)n;
		pcm_downmix(c->in, c->info.channels, c->gains, c->stereo,
			    (size_t)n);
		rc = c->soxr ? resample(c, c->stereo, (size_t)n)
			     : emit(c, c->stereo, (size_t)n);
		if (rc < 0)
			break;
		unsigned pct =
		    expected ? (unsigned)(total * 100 / expected) : 0;
		if (pct > 99)
			pct = 99;
		if (progress && pct != last_pct)
			progress(ctx, pct);
		last_pct = pct;
	}
	if (rc == 0 && c->soxr)
		rc = resample(c, NULL, 0);
	if (rc < 0) {
		snprintf(why, why_len, "cannot write the converted audio: %s",
			 strerror(-rc));
		return rc;
	}
	if (sf_error(c->snd) != SF_ERR_NO_ERROR) {
		snprintf(why, why_len,
			 "cannot be decoded after %llu frames: %s",
			 (unsigned long long)total, sf_strerror(c->snd));
		return -EINVAL;
	}
	if (exact_length(&c->info) && total < expected) {
		snprintf(why, why_len, "truncated: decoded %llu of %llu frames",
			 (unsigned long long)total,
			 (unsigned long long)expected);
		return -EINVAL;
	}
	if (c->frames_out == 0) {
		snprintf(why, why_len, "contains no audio");
		return -EINVAL;
	}
	if (progress)
		progress(ctx, 100);
	return 0;
}

int intake_convert(const char *path, const char *out_path,
		   struct intake_result *out, intake_progress_fn progress,
		   void *ctx, char *why, size_t why_len)
{
	char dummy[1];
	if (!why || why_len == 0) {
		why = dummy;
		why_len = sizeof(dummy);
	}
	why[0] = '\0';
	struct conv c;
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	int in_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		int e = errno;
		snprintf(why, why_len, "cannot open: %s", strerror(e));
		return -e;
	}
	int rc = setup(&c, in_fd, why, why_len);
	if (rc == -ENOMEM)
		snprintf(why, why_len, "out of memory while converting");
	if (rc == 0) {
		c.fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			    0600);
		if (c.fd < 0) {
			rc = -errno;
			snprintf(why, why_len, "cannot create %s: %s", out_path,
				 strerror(-rc));
		}
	}
	if (rc == 0)
		rc = run(&c, progress, ctx, why, why_len);
	if (rc == 0 && fdatasync(c.fd) < 0) {
		rc = -errno;
		snprintf(why, why_len, "cannot sync %s: %s", out_path,
			 strerror(-rc));
	}
	if (c.fd >= 0 && close(c.fd) < 0 && rc == 0) {
		rc = -errno;
		snprintf(why, why_len, "cannot write %s: %s", out_path,
			 strerror(-rc));
	}
	if (rc < 0 && c.fd >= 0)
		unlink(out_path);
	if (rc == 0) {
		uint64_t f = c.frames_out, tenths = f / 4410;
		char desc[sizeof(out->description)];
		memcpy(desc, out->description, sizeof(desc));
		out->pcm_offset = 0;
		out->pcm_bytes = f * 4;
		out->frames = f;
		out->clipped = c.clipped;
		out->convert = true;
		snprintf(out->description, sizeof(out->description),
			 "%.64s, converted%s, %llu:%02llu.%llu, %llu frames",
			 desc, c.dithered ? " with dither" : "",
			 (unsigned long long)(tenths / 600),
			 (unsigned long long)(tenths / 10 % 60),
			 (unsigned long long)(tenths % 10),
			 (unsigned long long)f);
	}
	conv_free(&c);
	close(in_fd);
	return rc;
}
