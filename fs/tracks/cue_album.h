/*
 * cue_album.h - cue sheets in tracks/ (fs/tracks only): a `.cue` copied
 * into tracks/ together with the audio files it names stands for the
 * tracks it describes.  The sheet is checked when it is staged
 * (cue_parse: a malformed one is refused with its line number); the
 * tracks are built whenever the staged tracks are described (the toc,
 * the commit), from the sheet and the lengths of its audio files as
 * intake found them (cue_tracks_plan), so the order in which the sheet
 * and its files are copied does not matter.  See doc/files.md, "Cue
 * sheets".
 *
 * The sheet's FILE names are matched with the names in tracks/: the
 * name after the last '/' or '\' of the FILE entry, exactly, else
 * ignoring case.
 */
#ifndef BURNFS_CUE_ALBUM_H
#define BURNFS_CUE_ALBUM_H

#include <stdbool.h>
#include <stddef.h>

#include "cue_parse.h"
#include "intake.h"
#include "recorder.h"
#include "staging_internal.h"

/* The largest cue sheet read (a 99-track sheet with every text is far
 * smaller). */
#define CUE_ALBUM_MAX_BYTES (1024 * 1024)

/*
 * Reads and parses the sheet at path.  NULL with a sentence in why
 * (unreadable, too large, out of memory); else a sheet to cue_free,
 * whose ->failed says whether it is malformed.
 */
struct cue_sheet *cue_album_read(const char *path, char *why, size_t why_len);

/*
 * Intake of a staged cue sheet: 0 with r's description ("cue sheet, 12
 * tracks in 1 file"), or -EINVAL with why ("malformed cue sheet: line 7:
 * INDEX 01 before TRACK"), or another -errno.
 */
int cue_album_check(const char *path, struct intake_result *r, char *why,
		    size_t why_len);

/*
 * The n visible tracks v (natural order) as the burn takes them, into
 * *out (*n_out entries; burn_tracks_free them): each cue sheet's audio
 * files are replaced by the tracks the sheet describes, at the sheet's
 * place.  Lock held.  at_commit: a sheet whose files are not all in
 * tracks/, or whose index points do not fit its files, fails with
 * -EINVAL and a sentence naming the sheet and the line in why; else such
 * a sheet is left out (its files stay tracks of their own) and a
 * sentence per sheet is appended to notes (may be NULL).
 */
int cue_album_describe(struct staging *st, struct track **v, size_t n,
		       bool at_commit, struct burn_track **out, size_t *n_out,
		       struct textbuf *notes, char *why, size_t why_len);

/*
 * The tracks of tracks/ that the cue sheet cue names (lock held), up to
 * max; returns how many.  For `rm` of a sheet.
 */
size_t cue_album_files(struct staging *st, struct track *cue,
		       struct track **files, size_t max);

#endif
