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
 *
 * A FLAC file carrying a cue sheet (a Vorbis comment CUESHEET= or a
 * CUESHEET block, audio/flac_cue.h) stands for the tracks of that sheet
 * unless a .cue names it; a file that is not audio is taken as raw CD
 * audio when its name is a raw audio name (names_is_raw_audio) or a
 * staged sheet names it as BINARY or MOTOROLA, and is burnt only as a
 * sheet's file (cue_sources.c).  A sheet's CATALOG goes with each of its
 * tracks (burn_track.catalog) and becomes the disc's MCN.
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
 * The cue sheet embedded in the FLAC file at path, whose name in
 * tracks/ is name (cue_sources.c): NULL with *none (no sheet, or not
 * FLAC), or NULL with a sentence in why (unreadable, malformed
 * metadata), or a sheet to cue_free (->failed when malformed) whose
 * one file is the FLAC itself.
 */
struct cue_sheet *cue_album_embedded_read(const char *path, const char *name,
					  bool *none, char *why,
					  size_t why_len);

/*
 * A FLAC file's embedded cue sheet (flac_cue.h), at intake after
 * intake_finish accepted the file at path (name: its name in tracks/):
 * 0 when it has none (or is not FLAC); 1 with r->embedded_cue set and
 * r->description extended; -EINVAL with why when the sheet or the
 * metadata is malformed.  No lock: files only.
 */
int cue_album_embedded_check(const char *path, const char *name,
			     struct intake_result *r, char *why,
			     size_t why_len);

/*
 * Intake of raw CD audio (a file that is not audio, whose name is a raw
 * audio name or that a staged sheet names as BINARY or MOTOROLA): r
 * describes the whole file as PCM, r->raw set.  0, or -EINVAL (empty),
 * -errno.  No lock.
 */
int cue_album_raw_check(const char *path, struct intake_result *r, char *why,
			size_t why_len);

/* Whether a staged cue sheet names name as a BINARY or MOTOROLA file
 * (lock held). */
bool cue_album_names_raw(struct staging *st, const char *name);

/*
 * Logs whether the files the staged sheet cue names are all in tracks/
 * (a line per missing one, with the sheet's line) or how many tracks it
 * makes (lock held).  At staging, and after a rename.
 */
void cue_album_log_files(struct staging *st, struct track *cue);

/* After a rename from -> to in tracks/ (lock held): logs the state of
 * every staged sheet that names either name (cue_album_log_files). */
void cue_album_log_renamed(struct staging *st, const char *from,
			   const char *to);

/*
 * The n visible tracks v (natural order) as the burn takes them, into
 * *out (*n_out entries; burn_tracks_free them): each cue sheet's audio
 * files are replaced by the tracks the sheet describes, at the sheet's
 * place; a FLAC file carrying a sheet that no .cue names is the tracks
 * of its own sheet; raw audio no sheet names is left out (a note), or
 * at_commit fails the commit.  Lock held.  at_commit: a sheet whose files are
 * not all in tracks/, or whose index points do not fit its files, fails with
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
