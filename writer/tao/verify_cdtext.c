/*
 * verify_cdtext.c - the CD-TEXT written and read back, text by text (see
 * verify_cdtext.h).
 */
#include "verify_cdtext.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdtext.h"

/* Bytes of a text shown before it is cut with "...". */
#define SHOWN_CHARS 60

struct cmp {
	void (*report)(void *ctx, const char *what);
	void *ctx;
	size_t count;
};

static void differ(struct cmp *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void differ(struct cmp *c, const char *fmt, ...)
{
	if (c->report && c->count < VERIFY_CDTEXT_MAX_REPORTS) {
		char what[300];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		c->report(c->ctx, what);
	}
	c->count++;
}

/* An ISO 8859-1 text quoted in UTF-8 for the log: control bytes as
 * \xNN, a quote as \", cut after SHOWN_CHARS characters. */
static void quote(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	unsigned shown = 0;
	if (cap < 16)
		return;
	out[n++] = '"';
	for (const unsigned char *p = (const unsigned char *)(text ? text : "");
	     *p; p++) {
		if (n + 8 > cap || shown == SHOWN_CHARS) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		shown++;
		if (*p < 0x20 || *p == 0x7F)
			n += (size_t)snprintf(out + n, cap - n, "\\x%02X", *p);
		else if (*p == '"' || *p == '\\') {
			out[n++] = '\\';
			out[n++] = (char)*p;
		} else if (*p < 0x80)
			out[n++] = (char)*p;
		else {
			out[n++] = (char)(0xC0 | *p >> 6);
			out[n++] = (char)(0x80 | (*p & 0x3F));
		}
	}
	out[n++] = '"';
	out[n] = '\0';
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *field_name(enum cdtext_field f, unsigned track)
{
	switch (f) {
	case CDTEXT_TITLE:
		return "TITLE";
	case CDTEXT_PERFORMER:
		return "PERFORMER";
	case CDTEXT_SONGWRITER:
		return "SONGWRITER";
	case CDTEXT_COMPOSER:
		return "COMPOSER";
	case CDTEXT_ARRANGER:
		return "ARRANGER";
	case CDTEXT_MESSAGE:
		return "MESSAGE";
	case CDTEXT_UPC_ISRC:
		return track ? "ISRC" : "UPC/EAN";
	case CDTEXT_FIELDS:
		break;
	}
	return "text";
}

static void compare_text(struct cmp *c, const char *what, const char *want,
			 const char *got)
{
	if (same(want, got))
		return;
	char w[SHOWN_CHARS * 4 + 16], g[SHOWN_CHARS * 4 + 16];
	quote(want, w, sizeof(w));
	quote(got, g, sizeof(g));
	if (!got || !got[0])
		differ(c, "the %s reads back empty, not %s", what, w);
	else if (!want || !want[0])
		differ(c, "the %s reads back as %s, where none was written",
		       what, g);
	else
		differ(c, "the %s reads back as %s, not %s", what, g, w);
}

static void compare_decoded(struct cmp *c, const struct cdtext *want,
			    const struct cdtext *got)
{
	if (want->first_track != got->first_track ||
	    want->last_track != got->last_track)
		differ(c,
		       "the CD-TEXT reads back for tracks %u to %u, not %u "
		       "to %u",
		       got->first_track, got->last_track, want->first_track,
		       want->last_track);
	for (int f = 0; f < CDTEXT_FIELDS; f++) {
		for (unsigned t = 0; t <= want->last_track; t++) {
			if (t && t < want->first_track)
				continue;
			char what[64];
			if (t)
				snprintf(what, sizeof(what), "%s of track %u",
					 field_name((enum cdtext_field)f, t),
					 t);
			else
				snprintf(what, sizeof(what), "disc's %s",
					 field_name((enum cdtext_field)f, 0));
			bool there = t == 0 || (t >= got->first_track &&
						t <= got->last_track);
			const char *g = there ? got->text[f][t] : NULL;
			compare_text(c, what, want->text[f][t], g);
		}
	}
	compare_text(c, "disc's DISC_ID", want->disc_id, got->disc_id);
	if (want->genre_code != got->genre_code)
		differ(c, "the disc's GENRE code reads back as %u, not %u",
		       got->genre_code, want->genre_code);
	compare_text(c, "disc's GENRE text", want->genre_text, got->genre_text);
}

size_t verify_cdtext_compare(const uint8_t *sent, size_t n_sent,
			     const uint8_t *got, size_t n_got,
			     void (*report)(void *ctx, const char *what),
			     void *ctx)
{
	struct cmp c = {.report = report, .ctx = ctx};
	if (n_sent == 0) {
		if (n_got)
			differ(&c,
			       "the disc reports %zu CD-TEXT packs, none were "
			       "written",
			       n_got);
		return c.count;
	}
	if (n_got == 0) {
		differ(&c,
		       "the disc reports no CD-TEXT, %zu packs were written",
		       n_sent);
		return c.count;
	}
	struct cdtext *want = calloc(2, sizeof(*want));
	if (!want) {
		differ(&c, "out of memory comparing the CD-TEXT");
		return c.count;
	}
	struct cdtext *back = want + 1;
	unsigned bad_crc = 0;
	if (cdtext_decode(sent, n_sent, want, NULL) < 0) {
		differ(&c, "the CD-TEXT written cannot be decoded");
	} else if (cdtext_decode(got, n_got, back, &bad_crc) < 0) {
		differ(&c,
		       "the CD-TEXT read back cannot be decoded (%zu packs, "
		       "%u with a wrong CRC)",
		       n_got, bad_crc);
	} else {
		compare_decoded(&c, want, back);
	}
	free(want);
	return c.count;
}
