/*
 * track_meta.h - the small metadata file kept in the spool next to each
 * staged track's bytes (<spool>/<drive>/t000123.meta beside
 * t000123.audio): the name the user sees, mode, times, whether intake
 * accepted it and where its PCM lies, and the per-track options set as
 * extended attributes.  The spool file names never come from the user;
 * the user's name lives only in here.
 *
 * The format is text, "key=value" lines after a "burnfs-track 1" header;
 * names and descriptions are %XX-escaped (control bytes, '%'); other
 * user.* attributes are "xattr=<escaped name> <hex value>" lines.
 * Pure functions; spool.c does the I/O.
 */
#ifndef BURNFS_TRACK_META_H
#define BURNFS_TRACK_META_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "intake.h"
#include "xattr_store.h"

/* Texts a user gives a track for CD-TEXT (user.title, ...). */
enum track_text {
	TRACK_TEXT_TITLE,
	TRACK_TEXT_PERFORMER,
	TRACK_TEXT_SONGWRITER,
	TRACK_TEXT_COMPOSER,
	TRACK_TEXTS,
};
#define TRACK_TEXT_BYTES 161 /* 160 bytes of UTF-8 and the NUL */

struct track_meta {
	char name[NAME_MAX + 1]; /* name in its folder of tracks/ */
	/*
	 * The folder holding it (folder_table.c): 0 for tracks/ itself,
	 * else the folder's spool id (<spool>/<drive>/d000123.folder, whose
	 * own metadata is a track_meta too, with its parent here).
	 */
	uint32_t folder;
	/*
	 * A file in a folder that is not audio (cover art, a rip's log, a
	 * playlist): kept aside, read back as written, never burnt.
	 */
	bool aside;
	/* In the trash (folder STAGING_TRASH) of the user trash_uid. */
	uint32_t trash_uid;
	mode_t mode; /* permission bits only */
	struct timespec atime, mtime, ctime;
	bool staged;		     /* intake_finish accepted the bytes */
	struct intake_result intake; /* valid when staged */
	/*
	 * When staged: the .audio file's size and audio_sum (audio_sum.h)
	 * as intake accepted it, checked at mount.  audio_checked is false
	 * for a .meta of an older burnfs (then only the rest is checked).
	 */
	bool audio_checked;
	uint64_t audio_size, audio_sum;
	char isrc[13];	     /* user.isrc: empty or 12 characters */
	bool pre_emphasis;   /* user.pre_emphasis */
	bool copy_permitted; /* user.copy_permitted */
	bool pregap_set;     /* user.pregap is set: */
	uint32_t pregap;     /* its sectors */
	/* user.title, user.performer, user.songwriter, user.composer:
	 * UTF-8, "" when not set */
	char text[TRACK_TEXTS][TRACK_TEXT_BYTES];
	struct xattr_store xattrs; /* any other user.* attribute */
};

/*
 * Writes the encoding into out.  Returns the length it has (or would
 * have, like snprintf); the text is complete only when < out_len.
 */
size_t track_meta_encode(const struct track_meta *m, char *out, size_t out_len);

/*
 * Parses the encoding.  Unknown keys are ignored (forward compatible).
 * Returns 0, or -EINVAL when the header or the name is missing or bad.
 */
int track_meta_decode(const char *text, size_t len, struct track_meta *m);

#endif
