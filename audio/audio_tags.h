/*
 * audio_tags.h - the tags libsndfile does not give: the ISRC, album
 * artist, composer and songwriter (and title, artist, album) in the
 * Vorbis comments of FLAC, Ogg Vorbis and Opus files.  libsndfile's
 * sf_get_string covers title, artist and album for the formats it knows
 * (WAV INFO chunks, AIFF, the ID3 tags of MP3 files); intake.c uses this
 * as the source of the others and as a fallback.
 *
 * vorbis_comment_find is pure (unit-tested with byte vectors);
 * audio_tags_read does the file I/O.
 */
#ifndef BURNFS_AUDIO_TAGS_H
#define BURNFS_AUDIO_TAGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Finds key (case-insensitive, e.g. "ISRC") in a Vorbis comment body
 * (vendor length, vendor, count, then length-prefixed "KEY=value"
 * strings, all little-endian).  Copies the first value into out
 * (truncated to fit) and returns 1; 0 when absent; -1 when malformed.
 */
int vorbis_comment_find(const uint8_t *body, size_t len, const char *key,
			char *out, size_t out_len);

struct audio_tags {
	char title[128];
	char artist[128];
	char album[128];
	char album_artist[128]; /* ALBUMARTIST, or ALBUM ARTIST */
	char composer[128];
	char songwriter[128]; /* SONGWRITER, or LYRICIST */
	char isrc[13];	      /* 12 characters when found and well-formed */
};

/*
 * Reads the Vorbis comments of the FLAC or Ogg file at fd (others: no
 * tags).  Fields not found stay as they were.  0, or -errno on I/O
 * errors.
 */
int audio_tags_read(int fd, struct audio_tags *tags);

/* True for 12 characters: 5 of A-Z/0-9 then 7 digits. */
int audio_isrc_valid(const char *v, size_t n);

#endif
