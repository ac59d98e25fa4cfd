/*
 * sao_cdtext.h - the texts of a Session-At-Once burn (burn_options'
 * disc texts and MCN, each burn_track's title, artist, songwriter,
 * composer and ISRC) as the CD-TEXT packs written into the lead-in
 * (cdtext.h): UTF-8 transliterated to ISO 8859-1
 * (cdtext_latin1.h), with one log line per text that had to change.
 * Pure apart from the log callback.
 */
#ifndef BURNFS_SAO_CDTEXT_H
#define BURNFS_SAO_CDTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "recorder.h"

/* Whether there is any text to write (cd_text on, a title, performer,
 * songwriter or composer of the disc or a track). */
bool sao_cdtext_wanted(const struct burn_options *o,
		       const struct burn_track *tracks, size_t n);

/*
 * Encodes the texts into *packs (malloc'd, n_packs packs of 18 bytes;
 * NULL and 0 when there are none).  log(ctx, line) hears of every
 * transliterated text.  Returns 0, or -ENOMEM, or -ENOSPC / -EINVAL with
 * a sentence in why (too much text for one block of 256 packs).
 */
int sao_cdtext_packs(const struct burn_options *o,
		     const struct burn_track *tracks, size_t n, uint8_t **packs,
		     size_t *n_packs, void (*log)(void *ctx, const char *line),
		     void *ctx, char *why, size_t why_len);

#endif
