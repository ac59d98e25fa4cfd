/*
 * intake.h - checking audio files copied into tracks/.
 *
 * intake_check_header runs on the first bytes as they arrive, so that a
 * file that is plainly not audio fails the write at once (EINVAL).
 * intake_finish runs at the last flush: it opens the spooled file with
 * libsndfile, checks that it decodes completely (not truncated), and
 * says where the CD-DA PCM lies.  At this stage only 44.1 kHz / 16-bit /
 * stereo PCM WAV is accepted; other formats are refused with EINVAL and a
 * reason for the log.
 */
#ifndef BURNFS_INTAKE_H
#define BURNFS_INTAKE_H

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
};

/*
 * Checks the complete file at path.  Returns 0, or -EINVAL with a reason
 * in why (not audio, truncated, undecodable, unsupported format), or
 * another negative errno for I/O errors.
 */
int intake_finish(const char *path, struct intake_result *out, char *why,
		  size_t why_len);

#endif
