/*
 * flac_cue.c - a FLAC file's embedded cue sheet (see flac_cue.h).
 */
#include "flac_cue.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CUESHEET block layout (FLAC format specification). */
#define CS_MCN_BYTES 128
#define CS_HEAD_BYTES (CS_MCN_BYTES + 8 + 259 + 1) /* to the tracks */
#define CS_TRACK_BYTES 36 /* offset 8, number 1, ISRC 12, flags 14, n 1 */
#define CS_INDEX_BYTES 12 /* offset 8, number 1, reserved 3 */
#define CS_LEADOUT_CD 170
#define CS_LEADOUT_OTHER 255
#define CD_RATE 44100u
#define CD_FRAMES 75u

static int fail(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t why_len, const char *fmt, ...)
{
	if (why && why_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

bool flac_is_flac(const uint8_t *buf, size_t len)
{
	return len >= FLAC_MARKER_BYTES && memcmp(buf, "fLaC", 4) == 0;
}

void flac_block_header(const uint8_t h[FLAC_BLOCK_HEADER_BYTES],
		       struct flac_block *out)
{
	out->last = (h[0] & 0x80) != 0;
	out->type = h[0] & 0x7F;
	out->length = (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
}

bool flac_cue_wanted(uint8_t type)
{
	return type == FLAC_STREAMINFO || type == FLAC_VORBIS_COMMENT ||
	       type == FLAC_CUESHEET;
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A growing text. */
struct text {
	char *data;
	size_t len, cap;
	bool oom;
};

static void put(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	if (t->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->data ? t->data + t->len : NULL,
				  t->data ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if (t->data && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = (t->cap ? t->cap * 2 : 1024) + (size_t)n;
		char *d = realloc(t->data, cap);
		if (!d) {
			t->oom = true;
			return;
		}
		t->data = d;
		t->cap = cap;
	}
}

/* The sample rate from a STREAMINFO body; 0 when too short. */
static uint32_t streaminfo_rate(const uint8_t *b, uint32_t len)
{
	if (len < 13)
		return 0;
	return (uint32_t)b[10] << 12 | (uint32_t)b[11] << 4 | b[12] >> 4;
}

/*
 * The value of the CUESHEET= comment of a VORBIS_COMMENT body: 1 with
 * the value and its length, 0 none, -EINVAL malformed.
 */
static int vorbis_cuesheet(const uint8_t *b, uint32_t len, const uint8_t **v,
			   size_t *vlen, char *why, size_t why_len)
{
	static const char key[] = "CUESHEET=";
	const size_t klen = sizeof(key) - 1;
	uint32_t at = 0;
	if (len < 4 || le32(b) > len - 4)
		return fail(why, why_len,
			    "its Vorbis comment block is malformed (vendor "
			    "string)");
	at = 4 + le32(b);
	if (len - at < 4)
		return fail(why, why_len,
			    "its Vorbis comment block is malformed (no "
			    "comment count)");
	uint32_t n = le32(b + at);
	at += 4;
	for (uint32_t i = 0; i < n; i++) {
		if (len - at < 4 || le32(b + at) > len - at - 4)
			return fail(why, why_len,
				    "its Vorbis comment block is malformed "
				    "(comment %u of %u)",
				    i + 1, n);
		uint32_t cl = le32(b + at);
		const uint8_t *c = b + at + 4;
		at += 4 + cl;
		if (cl >= klen &&
		    strncasecmp((const char *)c, key, klen) == 0) {
			*v = c + klen;
			*vlen = cl - klen;
			return 1;
		}
	}
	return 0;
}

/* Samples at rate as CD frames; false when not on a frame. */
static bool cd_frames(uint64_t samples, uint32_t rate, uint64_t *frames)
{
	if (samples > UINT64_MAX / CD_FRAMES)
		return false;
	uint64_t x = samples * CD_FRAMES;
	if (x % rate)
		return false;
	*frames = x / rate;
	return true;
}

/* The cue sheet text of a CUESHEET body. */
static int cuesheet_text(const uint8_t *b, uint32_t len, uint32_t rate,
			 const char *file_name, struct text *t, char *why,
			 size_t why_len)
{
	if (len < CS_HEAD_BYTES)
		return fail(why, why_len,
			    "its CUESHEET block is %u bytes, too short",
			    (unsigned)len);
	if (rate == 0)
		return fail(why, why_len,
			    "its CUESHEET block has no sample rate "
			    "(STREAMINFO missing)");
	char mcn[CS_MCN_BYTES + 1];
	memcpy(mcn, b, CS_MCN_BYTES);
	mcn[CS_MCN_BYTES] = '\0';
	size_t ml = strlen(mcn);
	bool digits = ml == 13;
	for (size_t i = 0; digits && i < ml; i++)
		digits = mcn[i] >= '0' && mcn[i] <= '9';
	if (digits && strcmp(mcn, "0000000000000") != 0)
		put(t, "CATALOG %s\n", mcn);
	put(t, "FILE \"");
	for (const char *p = file_name; *p; p++)
		put(t, "%c", *p == '"' || *p == '\n' || *p == '\r' ? '_' : *p);
	put(t, "\" WAVE\n");

	unsigned n_tracks = b[CS_HEAD_BYTES - 1];
	uint32_t at = CS_HEAD_BYTES;
	for (unsigned k = 0; k < n_tracks; k++) {
		if (len - at < CS_TRACK_BYTES)
			return fail(why, why_len,
				    "its CUESHEET block ends inside track %u",
				    k + 1);
		const uint8_t *tr = b + at;
		uint64_t offset = be64(tr);
		unsigned number = tr[8];
		bool data = (tr[21] & 0x80) != 0;
		bool pre = (tr[21] & 0x40) != 0;
		unsigned n_index = tr[35];
		at += CS_TRACK_BYTES;
		if ((uint64_t)len - at < (uint64_t)n_index * CS_INDEX_BYTES)
			return fail(why, why_len,
				    "its CUESHEET block ends inside the index "
				    "points of track %u",
				    number);
		const uint8_t *ix = b + at;
		at += n_index * CS_INDEX_BYTES;
		if (number == CS_LEADOUT_CD || number == CS_LEADOUT_OTHER)
			continue; /* the lead-out */
		if (data)
			return fail(why, why_len,
				    "its CUESHEET block's track %u is a data "
				    "track (audio CDs only)",
				    number);
		put(t, "  TRACK %02u AUDIO\n", number);
		if (pre)
			put(t, "    FLAGS PRE\n");
		char isrc[13];
		memcpy(isrc, tr + 9, 12);
		isrc[12] = '\0';
		if (strlen(isrc) == 12)
			put(t, "    ISRC %s\n", isrc);
		for (unsigned i = 0; i < n_index; i++) {
			uint64_t rel = be64(ix + i * CS_INDEX_BYTES);
			unsigned in = ix[i * CS_INDEX_BYTES + 8];
			uint64_t f;
			if (rel > UINT64_MAX - offset ||
			    !cd_frames(offset + rel, rate, &f))
				return fail(why, why_len,
					    "its CUESHEET block's INDEX %02u "
					    "of track %u is not on a CD frame "
					    "(1/75 s)",
					    in, number);
			put(t, "    INDEX %02u %02llu:%02llu:%02llu\n", in,
			    (unsigned long long)(f / (60 * CD_FRAMES)),
			    (unsigned long long)(f / CD_FRAMES % 60),
			    (unsigned long long)(f % CD_FRAMES));
		}
	}
	return t->oom ? -ENOMEM : 0;
}

int flac_cue_find(const uint8_t *buf, size_t len, const char *file_name,
		  char **text, size_t *text_len, char *why, size_t why_len)
{
	*text = NULL;
	*text_len = 0;
	if (!flac_is_flac(buf, len))
		return fail(why, why_len, "not a FLAC file");
	uint32_t rate = 0;
	const uint8_t *comment = NULL, *sheet = NULL;
	size_t comment_len = 0;
	uint32_t sheet_len = 0;
	size_t at = FLAC_MARKER_BYTES;
	while (len - at >= FLAC_BLOCK_HEADER_BYTES) {
		struct flac_block h;
		flac_block_header(buf + at, &h);
		at += FLAC_BLOCK_HEADER_BYTES;
		if (h.length > len - at)
			return fail(why, why_len,
				    "its metadata block of type %u runs past "
				    "the end of the metadata",
				    h.type);
		const uint8_t *body = buf + at;
		at += h.length;
		if (h.type == FLAC_STREAMINFO && !rate) {
			rate = streaminfo_rate(body, h.length);
		} else if (h.type == FLAC_VORBIS_COMMENT && !comment) {
			int rc = vorbis_cuesheet(body, h.length, &comment,
						 &comment_len, why, why_len);
			if (rc < 0)
				return rc;
		} else if (h.type == FLAC_CUESHEET && !sheet) {
			sheet = body;
			sheet_len = h.length;
		}
		if (h.last)
			break;
	}
	if (comment) {
		*text = malloc(comment_len + 1);
		if (!*text)
			return -ENOMEM;
		memcpy(*text, comment, comment_len);
		(*text)[comment_len] = '\0';
		*text_len = comment_len;
		return 1;
	}
	if (!sheet)
		return 0;
	struct text t = {0};
	int rc = cuesheet_text(sheet, sheet_len, rate,
			       file_name ? file_name : "", &t, why, why_len);
	if (rc < 0 || t.oom) {
		free(t.data);
		return rc < 0 ? rc : -ENOMEM;
	}
	*text = t.data;
	*text_len = t.len;
	return 1;
}
