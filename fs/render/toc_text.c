/*
 * toc_text.c - the CD-TEXT announced by the toc files (see toc_text.h).
 */
#include "toc_text.h"

#include <stdlib.h>
#include <string.h>

#include "cdtext_latin1.h"

const char *toc_text_field_name(enum toc_text_field f)
{
	static const char *const names[TOC_TEXT_FIELDS] = {
	    "title", "performer", "songwriter", "composer"};
	return f < TOC_TEXT_FIELDS ? names[f] : "?";
}

const char *toc_text_disc(const struct toc_settings *s, enum toc_text_field f)
{
	switch (f) {
	case TOC_TEXT_TITLE:
		return s->disc.title;
	case TOC_TEXT_PERFORMER:
		return s->disc.performer;
	case TOC_TEXT_SONGWRITER:
		return s->disc.songwriter;
	case TOC_TEXT_COMPOSER:
		return s->disc.composer;
	default:
		return NULL;
	}
}

const char *toc_text_track(const struct burn_track *t, enum toc_text_field f)
{
	switch (f) {
	case TOC_TEXT_TITLE:
		return t->title;
	case TOC_TEXT_PERFORMER:
		return t->artist;
	case TOC_TEXT_SONGWRITER:
		return t->songwriter;
	case TOC_TEXT_COMPOSER:
		return t->composer;
	default:
		return NULL;
	}
}

static bool has(const char *s)
{
	return s && s[0];
}

bool toc_text_any(const struct toc_settings *s, const struct burn_track *t,
		  size_t n)
{
	for (int f = 0; f < TOC_TEXT_FIELDS; f++) {
		if (has(toc_text_disc(s, (enum toc_text_field)f)))
			return true;
		for (size_t i = 0; i < n; i++)
			if (has(toc_text_track(&t[i], (enum toc_text_field)f)))
				return true;
	}
	return false;
}

void toc_text_as_written(const char *text, char *out, size_t out_size,
			 bool *changed)
{
	*changed = false;
	if (out_size == 0)
		return;
	out[0] = '\0';
	size_t len = strlen(text);
	char *latin1 = malloc(len + 1);
	if (!latin1)
		return;
	cdtext_latin1_from_utf8(text, latin1, len + 1, changed);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)latin1; *p; p++) {
		size_t need = *p < 0x80 ? 1 : 2;
		if (o + need >= out_size)
			break;
		if (*p < 0x80) {
			out[o++] = (char)*p;
		} else {
			out[o++] = (char)(0xC0 | (*p >> 6));
			out[o++] = (char)(0x80 | (*p & 0x3F));
		}
	}
	out[o] = '\0';
	free(latin1);
}
