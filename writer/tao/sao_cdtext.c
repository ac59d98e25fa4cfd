/*
 * sao_cdtext.c - a burn's texts as CD-TEXT packs (see sao_cdtext.h).
 */
#include "sao_cdtext.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdtext.h"
#include "cdtext_latin1.h"

static const char *const field_word[] = {"title", "performer", "songwriter",
					 "composer"};
static const enum cdtext_field field_of[] = {
    CDTEXT_TITLE, CDTEXT_PERFORMER, CDTEXT_SONGWRITER, CDTEXT_COMPOSER};
#define N_FIELDS (sizeof(field_of) / sizeof(field_of[0]))

static const char *disc_text(const struct burn_options *o, size_t f)
{
	switch (f) {
	case 0:
		return o->disc_text.title;
	case 1:
		return o->disc_text.performer;
	case 2:
		return o->disc_text.songwriter;
	default:
		return o->disc_text.composer;
	}
}

static const char *track_text(const struct burn_track *t, size_t f)
{
	switch (f) {
	case 0:
		return t->title;
	case 1:
		return t->artist;
	case 2:
		return t->songwriter;
	default:
		return t->composer;
	}
}

static bool has(const char *s)
{
	return s && s[0];
}

bool sao_cdtext_wanted(const struct burn_options *o,
		       const struct burn_track *tracks, size_t n)
{
	if (!o->cd_text)
		return false;
	for (size_t f = 0; f < N_FIELDS; f++) {
		if (has(disc_text(o, f)))
			return true;
		for (size_t i = 0; i < n; i++)
			if (has(track_text(&tracks[i], f)))
				return true;
	}
	return false;
}

/* Latin-1 copy of in (NULL for no text); logs a replacement. */
static char *latin1(const char *in, const char *whose, size_t f,
		    void (*log)(void *ctx, const char *line), void *ctx)
{
	if (!has(in))
		return NULL;
	size_t cap = strlen(in) + 1;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	bool replaced = false;
	cdtext_latin1_from_utf8(in, out, cap, &replaced);
	if (replaced && log) {
		char line[600];
		snprintf(line, sizeof(line),
			 "CD-TEXT: %s %s \"%.200s\" is not all ISO 8859-1; "
			 "written with replacements",
			 whose, field_word[f], in);
		log(ctx, line);
	}
	return out;
}

int sao_cdtext_packs(const struct burn_options *o,
		     const struct burn_track *tracks, size_t n, uint8_t **packs,
		     size_t *n_packs, void (*log)(void *ctx, const char *line),
		     void *ctx, char *why, size_t why_len)
{
	*packs = NULL;
	*n_packs = 0;
	if (!sao_cdtext_wanted(o, tracks, n))
		return 0;
	if (n == 0 || n > CD_MAX_TRACKS) {
		snprintf(why, why_len, "CD-TEXT needs 1 to %d tracks",
			 CD_MAX_TRACKS);
		return -EINVAL;
	}
	struct cdtext *t = calloc(1, sizeof(*t));
	/* Latin-1 copies: N_FIELDS x (disc + tracks). */
	char **owned = calloc(N_FIELDS * (n + 1), sizeof(*owned));
	uint8_t *buf = malloc((size_t)CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES);
	int rc = 0;
	if (!t || !owned || !buf) {
		rc = -ENOMEM;
		snprintf(why, why_len, "out of memory for CD-TEXT");
		goto out;
	}
	t->first_track = 1;
	t->last_track = (uint8_t)n;
	for (size_t f = 0; f < N_FIELDS; f++) {
		char **row = owned + f * (n + 1);
		row[0] = latin1(disc_text(o, f), "the disc's", f, log, ctx);
		for (size_t i = 0; i < n; i++) {
			char whose[48];
			snprintf(whose, sizeof(whose), "track %zu's", i + 1);
			row[i + 1] = latin1(track_text(&tracks[i], f), whose, f,
					    log, ctx);
		}
		for (size_t i = 0; i <= n; i++)
			t->text[field_of[f]][i] = row[i];
	}
	/* The disc's catalog number and the tracks' ISRCs, as 8Eh. */
	bool codes = o->mcn[0] != 0;
	for (size_t i = 0; i < n; i++)
		codes = codes || tracks[i].isrc[0] != 0;
	if (codes) {
		t->text[CDTEXT_UPC_ISRC][0] = o->mcn;
		for (size_t i = 0; i < n; i++)
			t->text[CDTEXT_UPC_ISRC][i + 1] = tracks[i].isrc;
	}
	int got = cdtext_encode(t, 0, buf, CDTEXT_MAX_PACKS, why, why_len);
	if (got < 0) {
		rc = got;
		goto out;
	}
	*packs = buf;
	*n_packs = (size_t)got;
	buf = NULL;
out:
	if (owned)
		for (size_t i = 0; i < N_FIELDS * (n + 1); i++)
			free(owned[i]);
	free(owned);
	free(t);
	free(buf);
	return rc;
}
