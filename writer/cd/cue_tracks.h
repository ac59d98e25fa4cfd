/*
 * cue_tracks.h - from a parsed cue sheet (cue_parse.h) and the lengths
 * of the audio files it names to what the SAO layout (sao_layout.h)
 * takes: one sao_track_spec per track, and where each track's source
 * lies in the files.  Pure; the caller decodes the files and knows their
 * lengths in bytes of CD audio.
 *
 * The rules (doc/sao.md):
 *   - the files, in the order of the sheet, are one stream of audio;
 *   - a track's source runs from its INDEX 00 (or INDEX 01 when it has
 *     none) to the next track's INDEX 00 (or 01), or to the end of the
 *     last file; it may span files (EAC keeps a track's pregap at the end
 *     of the previous track's file);
 *   - the audio from INDEX 00 to INDEX 01 is the track's pregap with
 *     audio; PREGAP and POSTGAP are silence the drive writes;
 *   - track 1: audio before its INDEX 01 (from its INDEX 00, or from the
 *     start of the first file) is hidden track one audio, the pregap
 *     beyond the 150 silent sectors every disc starts with.
 */
#ifndef BURNFS_CUE_TRACKS_H
#define BURNFS_CUE_TRACKS_H

#include <stddef.h>
#include <stdint.h>

#include "cue_parse.h"
#include "sao_layout.h"

/* A track's source touches at most this many files. */
#define CUE_MAX_SPANS 4

/* Bytes of one file. */
struct cue_span {
	uint16_t file;	 /* into cue_sheet.file[] */
	uint64_t offset; /* first byte in that file's CD audio */
	uint64_t bytes;
};

/* A track's source (pregap audio, then PCM), in the files. */
struct cue_track_source {
	uint8_t n_spans;
	struct cue_span span[CUE_MAX_SPANS];
};

/*
 * file_bytes[i]: bytes of CD audio of the sheet's file i (a multiple
 * of 4).  Fills spec[] and src[] (sheet->n_tracks entries each).
 * Returns 0, or -EINVAL with a sentence in why naming the line of the
 * sheet ("line 9: INDEX 01 at 04:10:00 lies beyond the end of "a.flac"
 * (04:02:31)").
 */
int cue_tracks_plan(const struct cue_sheet *sheet, const uint64_t *file_bytes,
		    struct sao_track_spec *spec, struct cue_track_source *src,
		    char *why, size_t why_len);

#endif
