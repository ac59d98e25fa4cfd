/*
 * cdtext.c - CD-TEXT packs (see cdtext.h): the encoder lays each text
 * type out as one byte stream (the disc's text, then each track's, NUL
 * after each) and cuts it into 12-byte payloads; the decoder glues the
 * payloads of a type back together and splits them at the NULs.
 */
#include "cdtext.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define STREAM_MAX (CDTEXT_MAX_PACKS * CDTEXT_PAYLOAD_BYTES)
#define SIZE_INFO_BYTES 36
#define SIZE_INFO_PACKS 3

static const uint8_t field_pack_type[CDTEXT_FIELDS] = {
    CDTEXT_PACK_TITLE,	  CDTEXT_PACK_PERFORMER, CDTEXT_PACK_SONGWRITER,
    CDTEXT_PACK_COMPOSER, CDTEXT_PACK_ARRANGER,	 CDTEXT_PACK_MESSAGE,
    CDTEXT_PACK_UPC_ISRC,
};

uint16_t cdtext_crc(const uint8_t *pack)
{
	/* CRC-16, polynomial x^16 + x^12 + x^5 + 1, a nibble at a time. */
	uint16_t crc = 0;
	for (int i = 0; i < 16; i++) {
		for (int shift = 4; shift >= 0; shift -= 4) {
			unsigned top = (unsigned)(crc >> 12) ^
				       ((unsigned)(pack[i] >> shift) & 0xF);
			crc = (uint16_t)((crc << 4) ^ (top << 12) ^ (top << 5) ^
					 top);
		}
	}
	return (uint16_t)~crc;
}

bool cdtext_crc_ok(const uint8_t *pack)
{
	uint16_t crc = cdtext_crc(pack);
	return pack[16] == (uint8_t)(crc >> 8) && pack[17] == (uint8_t)crc;
}

/* One text type as a byte stream, with the owner of every byte. */
struct stream {
	uint8_t byte[STREAM_MAX];
	uint8_t track[STREAM_MAX];
	uint8_t chars_before[STREAM_MAX]; /* of its text, at most 15 */
	size_t len;
	bool overflow;
};

static void put_text(struct stream *s, uint8_t track, const void *text,
		     size_t len)
{
	const uint8_t *p = text;
	for (size_t i = 0; i <= len; i++) {
		if (s->len == STREAM_MAX) {
			s->overflow = true;
			return;
		}
		s->byte[s->len] = i < len ? p[i] : 0;
		s->track[s->len] = track;
		s->chars_before[s->len] = (uint8_t)(i < 15 ? i : 15);
		s->len++;
	}
}

struct encoder {
	uint8_t *packs;
	size_t max;
	size_t n;
	uint8_t count[16]; /* packs per type 80h..8Fh */
};

static bool emit(struct encoder *e, uint8_t type, uint8_t track,
		 uint8_t chars_before, const uint8_t *payload)
{
	if (e->n >= e->max || e->n >= CDTEXT_MAX_PACKS)
		return false;
	uint8_t *p = e->packs + e->n * CDTEXT_PACK_BYTES;
	p[0] = type;
	p[1] = track;
	p[2] = (uint8_t)e->n;
	p[3] = chars_before; /* block 0, single-byte characters */
	memcpy(p + 4, payload, CDTEXT_PAYLOAD_BYTES);
	uint16_t crc = cdtext_crc(p);
	p[16] = (uint8_t)(crc >> 8);
	p[17] = (uint8_t)crc;
	e->n++;
	e->count[type & 0xF]++;
	return true;
}

static bool emit_stream(struct encoder *e, uint8_t type, const struct stream *s)
{
	if (s->overflow)
		return false;
	for (size_t off = 0; off < s->len; off += CDTEXT_PAYLOAD_BYTES) {
		uint8_t payload[CDTEXT_PAYLOAD_BYTES] = {0};
		size_t k = s->len - off;
		memcpy(payload, s->byte + off,
		       k < CDTEXT_PAYLOAD_BYTES ? k : CDTEXT_PAYLOAD_BYTES);
		if (!emit(e, type, s->track[off], s->chars_before[off],
			  payload))
			return false;
	}
	return true;
}

static const char *text_or_empty(const char *s)
{
	return s ? s : "";
}

static bool field_present(const struct cdtext *t, enum cdtext_field f)
{
	if (t->text[f][0] && t->text[f][0][0])
		return true;
	for (unsigned k = t->first_track; k <= t->last_track; k++)
		if (t->text[f][k] && t->text[f][k][0])
			return true;
	return false;
}

static void field_stream(const struct cdtext *t, enum cdtext_field f,
			 unsigned flags, struct stream *s)
{
	s->len = 0;
	s->overflow = false;
	const char *disc = text_or_empty(t->text[f][0]);
	put_text(s, 0, disc, strlen(disc));
	for (unsigned k = t->first_track; k <= t->last_track; k++) {
		const char *text = text_or_empty(t->text[f][k]);
		const char *prev = text_or_empty(t->text[f][k - 1]);
		if ((flags & CDTEXT_USE_TAB) && k > t->first_track && text[0] &&
		    strcmp(text, prev) == 0)
			put_text(s, (uint8_t)k, "\t", 1);
		else
			put_text(s, (uint8_t)k, text, strlen(text));
	}
}

static bool emit_size_info(struct encoder *e, const struct cdtext *t)
{
	uint8_t info[SIZE_INFO_BYTES] = {0};
	info[0] = CDTEXT_CHARSET_ISO_8859_1;
	info[1] = t->first_track;
	info[2] = t->last_track;
	e->count[CDTEXT_PACK_SIZE_INFO & 0xF] = SIZE_INFO_PACKS;
	memcpy(info + 4, e->count, 16);
	info[20] = (uint8_t)(e->n + SIZE_INFO_PACKS - 1); /* last sequence */
	info[28] = CDTEXT_LANGUAGE_ENGLISH;
	e->count[CDTEXT_PACK_SIZE_INFO & 0xF] = 0; /* emit counts them */
	for (uint8_t k = 0; k < SIZE_INFO_PACKS; k++)
		if (!emit(e, CDTEXT_PACK_SIZE_INFO, k, 0,
			  info + k * CDTEXT_PAYLOAD_BYTES))
			return false;
	return true;
}

static int fail(char *why, size_t why_len, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t why_len, int rc, const char *fmt, ...)
{
	if (why_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int cdtext_encode(const struct cdtext *t, unsigned flags, uint8_t *packs,
		  size_t max_packs, char *why, size_t why_len)
{
	struct stream s; /* 9 kB: fine on a thread's stack */
	if (why_len)
		why[0] = '\0';
	if (t->first_track < 1 || t->last_track > CD_MAX_TRACKS ||
	    t->first_track > t->last_track)
		return fail(why, why_len, -EINVAL,
			    "CD-TEXT: tracks %u..%u are not a range of 1..99",
			    t->first_track, t->last_track);

	struct encoder e = {.packs = packs, .max = max_packs};
	bool ok = true;
	for (int f = 0; f < CDTEXT_FIELDS && ok; f++) {
		if (f == CDTEXT_UPC_ISRC) {
			/* 86h and 87h come before 8Eh */
			if (t->disc_id && t->disc_id[0]) {
				s.len = 0;
				s.overflow = false;
				put_text(&s, 0, t->disc_id, strlen(t->disc_id));
				ok = emit_stream(&e, CDTEXT_PACK_DISC_ID, &s);
			}
			if (ok && (t->genre_code || t->genre_text)) {
				const char *g = text_or_empty(t->genre_text);
				uint8_t code[2] = {
				    (uint8_t)(t->genre_code >> 8),
				    (uint8_t)t->genre_code};
				s.len = 0;
				s.overflow = false;
				put_text(&s, 0, code, 2);
				s.len--; /* the code is not NUL-terminated */
				put_text(&s, 0, g, strlen(g));
				for (size_t i = 2; i < s.len; i++)
					s.chars_before[i] =
					    (uint8_t)(i < 15 ? i : 15);
				ok = emit_stream(&e, CDTEXT_PACK_GENRE, &s);
			}
		}
		if (ok && field_present(t, (enum cdtext_field)f)) {
			field_stream(t, (enum cdtext_field)f, flags, &s);
			ok = emit_stream(&e, field_pack_type[f], &s);
		}
	}
	if (ok)
		ok = emit_size_info(&e, t);
	if (!ok)
		return fail(why, why_len, -ENOSPC,
			    "CD-TEXT: the texts need more than %zu packs "
			    "(a block holds at most 256)",
			    max_packs < CDTEXT_MAX_PACKS ? max_packs
							 : CDTEXT_MAX_PACKS);
	return (int)e.n;
}

/* Decoding. */

struct decoder {
	const uint8_t *packs;
	/* the pack of each sequence number of block 0, or NULL */
	const uint8_t *by_seq[CDTEXT_MAX_PACKS];
	struct cdtext *out;
	size_t used; /* bytes of out->store */
};

static const char *keep(struct decoder *d, const uint8_t *text, size_t len)
{
	if (len == 0)
		return NULL;
	if (d->used + len + 1 > sizeof(d->out->store))
		return NULL;
	char *p = d->out->store + d->used;
	memcpy(p, text, len);
	p[len] = '\0';
	d->used += len + 1;
	return p;
}

/* Concatenates the payloads of one type; returns the first pack's track. */
static int gather(const struct decoder *d, uint8_t type, uint8_t *stream,
		  size_t *len)
{
	int first_track = -1;
	*len = 0;
	for (size_t i = 0; i < CDTEXT_MAX_PACKS; i++) {
		const uint8_t *p = d->by_seq[i];
		if (!p || p[0] != type)
			continue;
		if (first_track < 0)
			first_track = p[1] & 0x7F;
		if (*len + CDTEXT_PAYLOAD_BYTES > STREAM_MAX)
			break;
		memcpy(stream + *len, p + 4, CDTEXT_PAYLOAD_BYTES);
		*len += CDTEXT_PAYLOAD_BYTES;
	}
	return first_track;
}

static void decode_field(struct decoder *d, enum cdtext_field f,
			 uint8_t *stream)
{
	size_t len;
	int track = gather(d, field_pack_type[f], stream, &len);
	if (track < 0)
		return;
	struct cdtext *out = d->out;
	size_t start = 0;
	for (size_t i = 0; i < len && track <= CD_MAX_TRACKS; i++) {
		if (stream[i] != 0)
			continue;
		size_t tl = i - start;
		const char *text;
		if (tl == 1 && stream[start] == '\t' && track > 0)
			text = out->text[f][track - 1];
		else
			text = keep(d, stream + start, tl);
		out->text[f][track] = text;
		track = track == 0 ? out->first_track : track + 1;
		start = i + 1;
	}
}

static void decode_size_info(struct decoder *d)
{
	uint8_t info[SIZE_INFO_BYTES];
	bool have[SIZE_INFO_PACKS] = {false};
	for (size_t i = 0; i < CDTEXT_MAX_PACKS; i++) {
		const uint8_t *p = d->by_seq[i];
		if (!p || p[0] != CDTEXT_PACK_SIZE_INFO ||
		    p[1] >= SIZE_INFO_PACKS)
			continue;
		memcpy(info + p[1] * CDTEXT_PAYLOAD_BYTES, p + 4,
		       CDTEXT_PAYLOAD_BYTES);
		have[p[1]] = true;
	}
	if (have[0] && info[1] >= 1 && info[1] <= CD_MAX_TRACKS &&
	    info[2] >= info[1] && info[2] <= CD_MAX_TRACKS) {
		d->out->first_track = info[1];
		d->out->last_track = info[2];
	}
}

int cdtext_decode(const uint8_t *packs, size_t n, struct cdtext *out,
		  unsigned *bad_crc)
{
	uint8_t stream[STREAM_MAX];
	struct decoder d;
	unsigned bad = 0;
	size_t usable = 0;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	d.packs = packs;
	d.out = out;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = packs + i * CDTEXT_PACK_BYTES;
		if (!cdtext_crc_ok(p)) {
			bad++;
			continue;
		}
		/* block 0, single-byte characters; each sequence number once
		 * (the lead-in repeats the packs) */
		if ((p[3] & 0xF0) != 0 || p[0] < 0x80 || d.by_seq[p[2]])
			continue;
		d.by_seq[p[2]] = p;
		usable++;
	}
	if (bad_crc)
		*bad_crc = bad;
	if (usable == 0)
		return -EBADMSG;

	out->first_track = 1;
	decode_size_info(&d);
	for (int f = 0; f < CDTEXT_FIELDS; f++)
		decode_field(&d, (enum cdtext_field)f, stream);

	size_t len;
	if (gather(&d, CDTEXT_PACK_DISC_ID, stream, &len) >= 0)
		out->disc_id = keep(&d, stream, strnlen((char *)stream, len));
	if (gather(&d, CDTEXT_PACK_GENRE, stream, &len) >= 0 && len >= 2) {
		out->genre_code = (uint16_t)(stream[0] << 8 | stream[1]);
		out->genre_text =
		    keep(&d, stream + 2, strnlen((char *)stream + 2, len - 2));
	}
	if (out->last_track == 0) {
		/* no size information: the highest track with a text */
		for (int f = 0; f < CDTEXT_FIELDS; f++)
			for (unsigned k = 1; k <= CD_MAX_TRACKS; k++)
				if (out->text[f][k] && k > out->last_track)
					out->last_track = (uint8_t)k;
		if (out->last_track < out->first_track)
			out->last_track = out->first_track;
	}
	return 0;
}

/* R-W sub-channel: 18 bytes = 144 bits = 24 symbols of 6 bits. */

void cdtext_subchannel_sector(const uint8_t *packs, size_t n, size_t k,
			      uint8_t out[CDTEXT_SUBCHANNEL_BYTES])
{
	for (size_t i = 0; i < CDTEXT_PACKS_PER_SECTOR; i++) {
		const uint8_t *p = packs + ((k + i) % n) * CDTEXT_PACK_BYTES;
		uint8_t *o = out + i * 24;
		for (size_t j = 0; j < 6; j++) {
			const uint8_t *b = p + 3 * j;
			o[4 * j] = b[0] >> 2;
			o[4 * j + 1] =
			    (uint8_t)((b[0] & 0x03) << 4 | b[1] >> 4);
			o[4 * j + 2] =
			    (uint8_t)((b[1] & 0x0F) << 2 | b[2] >> 6);
			o[4 * j + 3] = b[2] & 0x3F;
		}
	}
}

void cdtext_subchannel_packs(
    const uint8_t in[CDTEXT_SUBCHANNEL_BYTES],
    uint8_t out[CDTEXT_PACKS_PER_SECTOR * CDTEXT_PACK_BYTES])
{
	for (size_t g = 0; g < CDTEXT_SUBCHANNEL_BYTES / 4; g++) {
		const uint8_t *s = in + 4 * g;
		uint8_t *o = out + 3 * g;
		o[0] = (uint8_t)((s[0] & 0x3F) << 2 | (s[1] & 0x30) >> 4);
		o[1] = (uint8_t)((s[1] & 0x0F) << 4 | (s[2] & 0x3C) >> 2);
		o[2] = (uint8_t)((s[2] & 0x03) << 6 | (s[3] & 0x3F));
	}
}
