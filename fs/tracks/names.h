/*
 * names.h - what a name in tracks/ means: the natural order in which
 * staged tracks are burnt ("2 b.wav" before "10 a.wav"), which names are
 * temporary (copy tools' ".name.XXXXXX", "name.part", hidden files: plain
 * files that become tracks only when renamed to a normal name), and which
 * names are acceptable at all.  Pure functions.
 */
#ifndef BURNFS_NAMES_H
#define BURNFS_NAMES_H

#include <stdbool.h>

/* strcmp-like natural order of two track names (digit runs by value). */
int names_natural_cmp(const char *a, const char *b);

/*
 * Natural order of two paths in tracks/ ("Album/2 b.wav"), folder by
 * folder: component by component, each in natural order, so that the
 * order of the paths is a walk of the tree in which a folder's files
 * come at the folder's place among its neighbours.
 */
int names_path_cmp(const char *a, const char *b);

/* True for names that are plain files, not tracks: ".*" and "*.part". */
bool names_is_temporary(const char *name);

/* True for a usable directory entry name: not "", ".", "..", no '/'. */
bool names_is_valid(const char *name);

/* Whether a visible name is a cue sheet's: it ends in ".cue" (any case). */
bool names_is_cue(const char *name);

/* Whether a name is one raw CD audio files have (".bin", ".raw", ".pcm",
 * any case): such a file that is not audio is taken as raw audio for a
 * cue sheet (cue_album.h). */
bool names_is_raw_audio(const char *name);

#endif
