/*
 * cue_parse.h - the cue sheet text format, as rippers write it (EAC,
 * whipper, cyanrip, CUETools, cdrdao's toc2cue, burnfs's own toc.cue),
 * parsed from a buffer into the disc's fields, its files and its tracks.
 * Pure (no I/O: the caller reads the file); written to be fuzzed: lines
 * and counts are bounded, nothing recurses, every error names its line.
 * See doc/sao.md for the grammar accepted and the layouts it covers.
 *
 * Accepted: FILE "name" WAVE|BINARY|MOTOROLA|AIFF|MP3|FLAC|... (quoted or
 * not, with spaces), TRACK nn AUDIO, INDEX nn mm:ss:ff, PREGAP, POSTGAP,
 * ISRC, CATALOG, FLAGS (DCP 4CH PRE SCMS), TITLE, PERFORMER, SONGWRITER
 * (the disc's before the first TRACK, the track's after), REM GENRE /
 * DATE / COMMENT / DISCID (the disc's; other REMs are ignored),
 * CDTEXTFILE (ignored, with a warning); keywords in any case, LF or CRLF,
 * an optional UTF-8 byte order mark.  Text is kept as bytes; encoding
 * says whether it is ASCII, UTF-8 or (not being UTF-8) Latin-1.
 *
 * Errors (the first one ends the parse): data tracks (MODE1/2352 ...:
 * audio CDs only), keywords out of place (INDEX before TRACK, TRACK
 * before FILE), track numbers not going up by one, index numbers not
 * going up by one from 00 or 01, index times not increasing within a
 * file, bad times, more than 99 tracks, a track without INDEX 01, lines
 * longer than CUE_MAX_LINE.  Warnings (kept, parse goes on): unknown
 * keywords and flags, malformed ISRC or CATALOG (ignored), texts cut at
 * CUE_MAX_TEXT - 1 bytes.
 *
 * Positions are what the sheet says: an index point is (file, frames
 * from the start of that file), one frame = 1/75 s = 2352 bytes of
 * CD audio.  A track's INDEX 00 may lie in another file than its INDEX
 * 01 (EAC's "gaps appended to the previous track"); a track 1 with
 * INDEX 01 after 00:00:00 and an INDEX 00 at 00:00:00 has hidden track
 * one audio.
 */
#ifndef BURNFS_CUE_PARSE_H
#define BURNFS_CUE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msf.h"

#define CUE_MAX_LINE 4096 /* bytes of a line, without its end */
#define CUE_MAX_FILES 128
#define CUE_MAX_NAME 1024 /* a FILE name, with its NUL */
#define CUE_MAX_TEXT 256  /* a TITLE/PERFORMER/SONGWRITER/REM value */
#define CUE_MAX_REMS 16
#define CUE_MAX_WARNINGS 32
#define CUE_MAX_INDEX 100 /* index numbers 00..99 */

enum cue_file_type {
	CUE_FILE_WAVE,
	CUE_FILE_BINARY,   /* raw little-endian CD audio */
	CUE_FILE_MOTOROLA, /* raw big-endian CD audio */
	CUE_FILE_AIFF,
	CUE_FILE_MP3,
	CUE_FILE_FLAC,
	CUE_FILE_OTHER, /* see type_word */
};

enum cue_encoding {
	CUE_ASCII,
	CUE_UTF8,
	CUE_LATIN1, /* not UTF-8: most likely ISO 8859-1 / Windows-1252 */
};

enum cue_text {
	CUE_TITLE,
	CUE_PERFORMER,
	CUE_SONGWRITER,
	CUE_TEXTS,
};

struct cue_file {
	char name[CUE_MAX_NAME];
	enum cue_file_type type;
	char type_word[16]; /* as written (EAC writes WAVE for FLAC) */
	unsigned line;
};

struct cue_index {
	uint8_t number; /* 0..99 */
	uint16_t file;	/* into cue_sheet.file[] */
	uint32_t frame; /* from the start of that file */
	unsigned line;
};

struct cue_track {
	uint8_t number; /* 1..99 */
	unsigned line;	/* of its TRACK */
	uint16_t file;	/* the file of its INDEX 01 */
	/* index[0] is INDEX 00 or 01, then in order of number */
	uint8_t n_index;
	struct cue_index index[CUE_MAX_INDEX];
	uint32_t pregap, postgap; /* frames of silence (PREGAP, POSTGAP) */
	uint8_t q_control;	  /* enum q_control from FLAGS */
	bool scms;
	char isrc[13]; /* "" when none */
	char text[CUE_TEXTS][CUE_MAX_TEXT];
};

struct cue_rem {
	char key[16]; /* GENRE, DATE, COMMENT, DISCID */
	char value[CUE_MAX_TEXT];
};

struct cue_message {
	unsigned line;	/* 0 when about the whole sheet */
	char text[200]; /* "line 12: INDEX 01 before TRACK" */
};

struct cue_sheet {
	char catalog[14]; /* "" when none */
	char text[CUE_TEXTS][CUE_MAX_TEXT];
	size_t n_rems;
	struct cue_rem rem[CUE_MAX_REMS];
	size_t n_files;
	struct cue_file file[CUE_MAX_FILES];
	size_t n_tracks;
	struct cue_track track[CD_MAX_TRACKS];
	enum cue_encoding encoding;
	bool bom;
	bool failed;		  /* error holds the reason */
	struct cue_message error; /* the first error */
	size_t n_warnings;
	unsigned warnings_dropped; /* beyond CUE_MAX_WARNINGS */
	struct cue_message warning[CUE_MAX_WARNINGS];
};

/*
 * Parses len bytes.  Returns a sheet to free with cue_free (NULL only
 * when out of memory); check ->failed.  The sheet is large (~400 kB).
 */
struct cue_sheet *cue_parse(const void *buf, size_t len);
void cue_free(struct cue_sheet *s);

/* Index point `number` of track t, or NULL. */
const struct cue_index *cue_track_index(const struct cue_track *t,
					unsigned number);

#endif
