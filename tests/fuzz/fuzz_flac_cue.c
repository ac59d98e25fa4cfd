/*
 * fuzz_flac_cue.c - libFuzzer harness for the reader of the cue sheets
 * FLAC files carry (audio/flac_cue.c): the metadata blocks of a file
 * copied into tracks/, which anyone may have written.
 *
 * The input is the start of a FLAC file ("fLaC" and metadata blocks).
 * Whatever it holds, flac_cue_find must
 *   - return 1 (a sheet), 0 (none) or -EINVAL with a sentence;
 *   - give a sheet as NUL-terminated text of the length it says;
 * and the sheet must go through cue_parse (writer/cd) as the staging
 * area then parses it.  Built by meson with -Dfuzzing=true and run by
 * tools/fuzz (see doc/fuzzing.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cue_parse.h"
#include "flac_cue.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = NULL, why[200] = "";
	size_t len = 0;
	int rc = flac_cue_find(data, size, "album.flac", &text, &len, why,
			       sizeof(why));
	REQUIRE(rc == 1 || rc == 0 || rc == -EINVAL || rc == -ENOMEM);
	if (rc == -EINVAL)
		REQUIRE(why[0] && memchr(why, 0, sizeof(why)));
	if (rc != 1) {
		REQUIRE(text == NULL && len == 0);
		return 0;
	}
	REQUIRE(text && text[len] == '\0' && strlen(text) <= len);
	struct cue_sheet *s = cue_parse(text, len);
	if (s) {
		REQUIRE(s->n_tracks <= CD_MAX_TRACKS);
		REQUIRE(s->n_files <= CUE_MAX_FILES);
		cue_free(s);
	}
	free(text);
	return 0;
}
