/*
 * cue_write.h - writing cue sheets: the one place that knows how a TRACK
 * entry, its texts, flags, ISRC and index points are spelled, for the
 * toc.cue file of the filesystem and the IMAGE.cue of the virtual
 * recorder.  Pure: the caller gives the buffer, the functions return how
 * many bytes they wrote, or -1 when the buffer is too small.
 */
#ifndef BURNFS_CUE_WRITE_H
#define BURNFS_CUE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "cue_parse.h" /* enum cue_text */

/* "text": a cue sheet string holds no '"' (written as ') and no line
 * break or other control character (written as a space); UTF-8 stays. */
int cue_write_string(char *out, size_t cap, const char *text);

/* TITLE, PERFORMER, SONGWRITER lines of the texts that are not NULL or
 * empty, indented by indent spaces (0 for the disc's, 4 for a track's). */
int cue_write_texts(char *out, size_t cap, unsigned indent,
		    const char *const text[CUE_TEXTS]);

struct cue_write_track {
	unsigned number;
	const char *text[CUE_TEXTS]; /* NULL or "": none */
	unsigned ctl;		     /* Q control bits (q_control.h): FLAGS */
	const char *isrc;	     /* NULL or "": none */
	int32_t index0; /* INDEX 00 in frames of the file; < 0: none */
	int32_t index1; /* INDEX 01 */
	size_t n_index; /* INDEX 02, 03, ... */
	const int32_t *index;
};

/* One "  TRACK nn AUDIO" entry with everything in t. */
int cue_write_track(char *out, size_t cap, const struct cue_write_track *t);

#endif
