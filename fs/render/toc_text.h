/*
 * toc_text.h - the CD-TEXT that `toc` and `toc.cue` announce: which
 * texts a burn with these settings writes (the disc's, each staged
 * track's title, performer, songwriter, composer), and each one as it
 * will be written (ISO 8859-1, cdtext_latin1.h), shown in UTF-8.  Pure.
 */
#ifndef BURNFS_TOC_TEXT_H
#define BURNFS_TOC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "render.h"

/* The CD-TEXT fields, in the order of the pack types 80h-83h. */
enum toc_text_field {
	TOC_TEXT_TITLE,
	TOC_TEXT_PERFORMER,
	TOC_TEXT_SONGWRITER,
	TOC_TEXT_COMPOSER,
	TOC_TEXT_FIELDS,
};

/* "title", "performer", "songwriter", "composer". */
const char *toc_text_field_name(enum toc_text_field f);

/* The disc's text f (NULL or "" when none). */
const char *toc_text_disc(const struct toc_settings *s, enum toc_text_field f);
/* Track t's text f: title, artist, songwriter, composer. */
const char *toc_text_track(const struct burn_track *t, enum toc_text_field f);

/* Whether the disc or any of the n tracks has a text. */
bool toc_text_any(const struct toc_settings *s, const struct burn_track *t,
		  size_t n);

/*
 * text as the disc will hold it: transliterated to ISO 8859-1 and
 * written back as UTF-8 into out (out_size bytes; 2 * strlen(text) + 1
 * always suffice).  *changed tells whether it differs from text.
 */
void toc_text_as_written(const char *text, char *out, size_t out_size,
			 bool *changed);

#endif
