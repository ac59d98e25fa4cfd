/*
 * flac_cue.h - the cue sheet a FLAC file carries inside it, found in its
 * metadata blocks.  Rippers embed it in one of two ways:
 *
 *   - a Vorbis comment CUESHEET=<the cue sheet's text> (foobar2000,
 *     EAC with flac's --tag-from-file): returned as it is;
 *   - FLAC's own CUESHEET metadata block (type 5, `metaflac
 *     --import-cuesheet-from`): track and index offsets in samples, the
 *     media catalog number, ISRCs, pre-emphasis; written out as cue
 *     sheet text (CATALOG, FILE, TRACK, FLAGS PRE, ISRC, INDEX) that
 *     cue_parse (writer/cd) reads like any other sheet.
 *
 * When a file has both, the Vorbis comment wins: it also holds the
 * titles and performers.  libsndfile reads neither, hence this parser.
 *
 * Pure: it takes bytes, the caller reads the file (the metadata blocks
 * it needs: STREAMINFO, VORBIS_COMMENT, CUESHEET; others may be left
 * out, see flac_cue_wanted).  Written to be fuzzed: every length is
 * checked against the buffer, nothing recurses.  Reference: the FLAC
 * format specification (xiph.org, "METADATA_BLOCK_CUESHEET",
 * "METADATA_BLOCK_VORBIS_COMMENT", "METADATA_BLOCK_STREAMINFO").
 */
#ifndef BURNFS_FLAC_CUE_H
#define BURNFS_FLAC_CUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Metadata block types. */
enum flac_block_type {
	FLAC_STREAMINFO = 0,
	FLAC_VORBIS_COMMENT = 4,
	FLAC_CUESHEET = 5,
};

#define FLAC_MARKER_BYTES 4 /* "fLaC" */
#define FLAC_BLOCK_HEADER_BYTES 4

/* The header of a metadata block: last flag, type, body length. */
struct flac_block {
	bool last;
	uint8_t type;
	uint32_t length; /* bytes of the body, 24 bits */
};

/* Whether the len bytes start like a FLAC file ("fLaC"). */
bool flac_is_flac(const uint8_t *buf, size_t len);

/* Decodes a 4-byte block header. */
void flac_block_header(const uint8_t h[FLAC_BLOCK_HEADER_BYTES],
		       struct flac_block *out);

/* Whether a block of this type matters to flac_cue_find (the others can
 * be skipped by the caller: pictures, padding, seek tables). */
bool flac_cue_wanted(uint8_t type);

/*
 * Finds the embedded cue sheet in buf: "fLaC" and metadata blocks
 * (blocks flac_cue_wanted refuses may be left out; the last block read
 * need not have its last flag).  file_name is what the FILE line of a
 * sheet made from a CUESHEET block names.
 *
 * Returns 1 with *text (malloc'd, NUL-terminated, *text_len bytes) when
 * a sheet was found; 0 when there is none; -EINVAL with a sentence in
 * why when the metadata is malformed or the CUESHEET block cannot be a
 * CD's (a data track, offsets not on a CD frame, no sample rate);
 * -ENOMEM.
 */
int flac_cue_find(const uint8_t *buf, size_t len, const char *file_name,
		  char **text, size_t *text_len, char *why, size_t why_len);

#endif
