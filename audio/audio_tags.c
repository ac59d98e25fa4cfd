/*
 * audio_tags.c - Vorbis comments of FLAC and Ogg files (see
 * audio_tags.h).
 */
#include "audio_tags.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static uint32_t rd_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

int vorbis_comment_find(const uint8_t *body, size_t len, const char *key,
			char *out, size_t out_len)
{
	size_t kl = strlen(key), at = 0;
	if (len < 4)
		return -1;
	uint32_t vendor = rd_le32(body);
	if (vendor > len - 4 || len - 4 - vendor < 4)
		return -1;
	at = 4 + vendor;
	uint32_t count = rd_le32(body + at);
	at += 4;
	for (uint32_t i = 0; i < count; i++) {
		if (len - at < 4)
			return -1;
		uint32_t n = rd_le32(body + at);
		at += 4;
		if (n > len - at)
			return -1;
		const char *c = (const char *)body + at;
		if (n > kl && c[kl] == '=' && strncasecmp(c, key, kl) == 0) {
			size_t vl = n - kl - 1;
			if (out_len == 0)
				return 1;
			if (vl >= out_len)
				vl = out_len - 1;
			memcpy(out, c + kl + 1, vl);
			out[vl] = '\0';
			return 1;
		}
		at += n;
	}
	return 0;
}

int audio_isrc_valid(const char *v, size_t n)
{
	if (n != 12)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		bool digit = c >= '0' && c <= '9';
		if (!(digit || (c >= 'A' && c <= 'Z')) || (i >= 5 && !digit))
			return 0;
	}
	return 1;
}

/* The first of the keys found, into an empty field. */
static void take_text(const uint8_t *body, size_t len, const char *const *keys,
		      char out[128])
{
	for (; !out[0] && *keys; keys++)
		vorbis_comment_find(body, len, *keys, out, 128);
}

/* Copies the texts and a valid ISRC from a comment body. */
static void take_comments(const uint8_t *body, size_t len,
			  struct audio_tags *tags)
{
	static const char *const title[] = {"TITLE", NULL},
				 *const artist[] = {"ARTIST", NULL},
				 *const album[] = {"ALBUM", NULL},
				 *const album_artist[] = {"ALBUMARTIST",
							  "ALBUM ARTIST",
							  "ALBUM_ARTIST", NULL},
				 *const composer[] = {"COMPOSER", NULL},
				 *const songwriter[] = {"SONGWRITER",
							"LYRICIST", NULL};
	char isrc[64];
	take_text(body, len, title, tags->title);
	take_text(body, len, artist, tags->artist);
	take_text(body, len, album, tags->album);
	take_text(body, len, album_artist, tags->album_artist);
	take_text(body, len, composer, tags->composer);
	take_text(body, len, songwriter, tags->songwriter);
	if (vorbis_comment_find(body, len, "ISRC", isrc, sizeof(isrc)) == 1) {
		/* "US-S1Z-99-00001" is written with dashes too. */
		size_t o = 0;
		for (size_t i = 0; isrc[i] && o < sizeof(isrc); i++)
			if (isrc[i] != '-')
				isrc[o++] = isrc[i];
		isrc[o < sizeof(isrc) ? o : sizeof(isrc) - 1] = '\0';
		if (audio_isrc_valid(isrc, strlen(isrc)))
			memcpy(tags->isrc, isrc, 13);
	}
}

static ssize_t pread_full(int fd, void *buf, size_t n, off_t off)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r =
		    pread(fd, (char *)buf + done, n - done, off + (off_t)done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

#define MAX_COMMENT_BYTES (1u << 20)

/* FLAC: metadata blocks after "fLaC"; type 4 is VORBIS_COMMENT. */
static int read_flac(int fd, struct audio_tags *tags)
{
	off_t off = 4;
	for (int blocks = 0; blocks < 128; blocks++) {
		uint8_t h[4];
		ssize_t r = pread_full(fd, h, 4, off);
		if (r < 0)
			return (int)r;
		if (r < 4)
			return 0;
		uint32_t n = (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		if ((h[0] & 0x7f) == 4 && n <= MAX_COMMENT_BYTES) {
			uint8_t *b = malloc(n ? n : 1);
			if (!b)
				return -ENOMEM;
			r = pread_full(fd, b, n, off + 4);
			if (r == (ssize_t)n)
				take_comments(b, n, tags);
			free(b);
			return r < 0 ? (int)r : 0;
		}
		if (h[0] & 0x80)
			return 0; /* last metadata block */
		off += 4 + (off_t)n;
	}
	return 0;
}

/*
 * Ogg: the comment header ("\x03vorbis" or "OpusTags") is looked for in
 * the first pages; a header that spans pages is read up to the page end.
 */
static int read_ogg(int fd, struct audio_tags *tags)
{
	size_t len = 65536;
	uint8_t *b = malloc(len);
	if (!b)
		return -ENOMEM;
	ssize_t r = pread_full(fd, b, len, 0);
	if (r < 0) {
		free(b);
		return (int)r;
	}
	size_t n = (size_t)r;
	for (size_t i = 0; i + 8 <= n; i++) {
		size_t skip = 0;
		if (memcmp(b + i, "\x03vorbis", 7) == 0)
			skip = 7;
		else if (memcmp(b + i, "OpusTags", 8) == 0)
			skip = 8;
		if (skip) {
			take_comments(b + i + skip, n - i - skip, tags);
			break;
		}
	}
	free(b);
	return 0;
}

int audio_tags_read(int fd, struct audio_tags *tags)
{
	uint8_t m[4];
	ssize_t r = pread_full(fd, m, 4, 0);
	if (r < 0)
		return (int)r;
	if (r < 4)
		return 0;
	if (memcmp(m, "fLaC", 4) == 0)
		return read_flac(fd, tags);
	if (memcmp(m, "OggS", 4) == 0)
		return read_ogg(fd, tags);
	return 0;
}
