/*
 * verify_cdtext.h - comparing the CD-TEXT a Session-At-Once burn wrote
 * into the lead-in with what the drive reads back (READ TOC/PMA/ATIP
 * format 5, mmc_cd_text.h).  Both sets of packs are decoded (cdtext.h)
 * and compared text by text, which is what a user wants to know: which
 * title or performer of which track came back different.  Packs that
 * differ only in form (a "same as previous" TAB, padding, a repeated
 * pack) and decode to the same texts match.  Pure; used by
 * verify_session.c and unit-tested with byte vectors.
 */
#ifndef BURNFS_VERIFY_CDTEXT_H
#define BURNFS_VERIFY_CDTEXT_H

#include <stddef.h>
#include <stdint.h>

/* Differences reported one by one; beyond, only counted. */
#define VERIFY_CDTEXT_MAX_REPORTS 8

/*
 * Compares the n_sent packs written with the n_got packs read back.
 * Calls report(ctx, sentence) for each difference, up to
 * VERIFY_CDTEXT_MAX_REPORTS ("the TITLE of track 2 reads back as
 * \"Intro\", not \"Intro 2\""; "the disc reports no CD-TEXT, 27 packs
 * were written"); texts are shown in UTF-8, control bytes as \xNN, long
 * ones cut.  Returns the number of differences: 0 when every text
 * matches.  report may be NULL.
 */
size_t verify_cdtext_compare(const uint8_t *sent, size_t n_sent,
			     const uint8_t *got, size_t n_got,
			     void (*report)(void *ctx, const char *what),
			     void *ctx);

#endif
