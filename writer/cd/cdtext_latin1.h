/*
 * cdtext_latin1.h - UTF-8 text (tags, cue sheets, extended attributes)
 * to ISO 8859-1, the character code of the CD-TEXT burnfs writes.  Pure.
 *
 * Characters of Latin-1 are kept (é stays é).  Others get the closest
 * ASCII where it is obvious: letters with diacritics of Latin Extended-A
 * lose them (ł -> l, Ő -> O, œ -> oe), typographic quotes become ' and ",
 * dashes -, the ellipsis ..., the euro sign EUR, other spaces a space;
 * line breaks and tabs become a space.  Anything else, and bytes that are
 * not UTF-8, become '?'.  *replaced tells whether anything was changed,
 * so that the caller can say so in the log.
 */
#ifndef BURNFS_CDTEXT_LATIN1_H
#define BURNFS_CDTEXT_LATIN1_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Converts the NUL-terminated UTF-8 string in into out (out_size bytes,
 * always NUL-terminated when out_size > 0; the result is never longer
 * than the input, so strlen(in) + 1 bytes always suffice).  Returns the
 * length written.  *replaced (may be NULL) is set to whether any
 * character was replaced, dropped or cut off.
 */
size_t cdtext_latin1_from_utf8(const char *in, char *out, size_t out_size,
			       bool *replaced);

#endif
