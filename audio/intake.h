/*
 * intake.h - checking audio files copied into tracks/.
 *
 * intake_check_header runs on the first bytes as they arrive, so that a
 * file that is plainly not audio fails the write at once (EINVAL).
 * intake_finish runs at the last flush: it checks the spooled file.
 * CD-format PCM WAV (44.1 kHz / 16-bit / stereo) is checked by its
 * structure (every promised byte present, libsndfile agreeing on the
 * layout) and burnt from the file itself (pcm_offset, pcm_bytes).  Anything
 * else libsndfile opens is marked convert: intake_convert (intake_convert.c)
 * then decodes it into a separate CD-DA file.  Bad files are refused
 * with EINVAL and a reason for the log.  See doc/intake.md.
 */
#ifndef BURNFS_INTAKE_H
#define BURNFS_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum intake_verdict {
	INTAKE_NEED_MORE = 0, /* not enough bytes to judge yet */
	INTAKE_LOOKS_OK = 1,
	INTAKE_NOT_AUDIO = -1,
};

/*
 * Judges the first len bytes of a file (len may grow between calls).
 * On INTAKE_NOT_AUDIO writes a reason into why.
 */
enum intake_verdict intake_check_header(const uint8_t *head, size_t len,
					char *why, size_t why_len);

struct intake_result {
	uint64_t pcm_offset;   /* byte offset of little-endian CD-DA PCM */
	uint64_t pcm_bytes;    /* multiple of 4 */
	uint64_t frames;       /* stereo frames */
	char description[128]; /* "WAV 44100 Hz 16-bit stereo, 3:02.4" */
	/*
	 * Not CD format: the PCM is in a separate converted file (made by
	 * intake_convert; pcm_offset 0), not in the user's file.
	 */
	bool convert;
	uint64_t clipped; /* samples clipped by the conversion */
	/*
	 * Raw CD audio, no header (a cue sheet's FILE ... BINARY or
	 * MOTOROLA): the whole file, in whole stereo samples, is the PCM;
	 * its byte order is the one the sheet names.  Set by the staging
	 * area, not by intake_finish.
	 */
	bool raw;
	/* A FLAC file carrying a cue sheet (flac_cue.h): it stands for the
	 * tracks the sheet describes.  Set by the staging area. */
	bool embedded_cue;
	/* Tags of the file ("" when absent); isrc: 12 characters or "". */
	char title[128];
	char artist[128];
	char isrc[13];
	char album[128];
	char album_artist[128];
	char composer[128];
	char songwriter[128];
};

/*
 * Checks the complete file at path.  Returns 0, or -EINVAL with a reason
 * in why (not audio, truncated, undecodable, unsupported format), or
 * another negative errno for I/O errors.
 */
int intake_finish(const char *path, struct intake_result *out, char *why,
		  size_t why_len);

/* Conversion progress, 0..100, called from the converting thread. */
typedef void (*intake_progress_fn)(void *ctx, unsigned percent);

/*
 * Converts the audio file at path (for which intake_finish set convert)
 * into 44.1 kHz 16-bit stereo little-endian PCM written to out_path
 * (created or replaced, fsynced): resampled with libsoxr, mono copied to
 * both channels, more channels down-mixed (ITU-R BS.775), reduced to 16
 * bits with TPDF dither unless the samples are 16-bit or 8-bit integers
 * passing unchanged.  Updates out (pcm_offset 0, pcm_bytes, frames,
 * clipped, description).  Returns 0, -EINVAL with a reason in why
 * (undecodable, truncated, empty), or another negative errno; out_path
 * is removed on failure.
 */
int intake_convert(const char *path, const char *out_path,
		   struct intake_result *out, intake_progress_fn progress,
		   void *ctx, char *why, size_t why_len);

#endif
