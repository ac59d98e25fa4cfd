/*
 * fuzz_track_meta.c - libFuzzer harness for the decoder of the spool's
 * per-track metadata (fs/track_meta.c), the .meta files read back at
 * every mount (a spool may be damaged, restored or edited by hand).
 *
 * The input is a .meta file's bytes (not NUL-terminated: the decoder is
 * given their length).  A file the decoder accepts must
 *   - hold a valid track name and, when staged, PCM in whole frames;
 *   - survive being saved again: its encoding decodes, and that
 *     decoding encodes to the same bytes (whatever burnfs writes back
 *     after a rename or a setfattr must be readable at the next mount).
 * Built by meson with -Dfuzzing=true and run by tools/fuzz (see
 * doc/fuzzing.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "track_meta.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

/* Encodes m into a buffer of exactly its size; *len its length. */
static char *encode(const struct track_meta *m, size_t *len)
{
	size_t n = track_meta_encode(m, NULL, 0);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	REQUIRE(track_meta_encode(m, out, n + 1) == n);
	REQUIRE(out[n] == '\0' && strlen(out) == n);
	*len = n;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	struct track_meta *m = malloc(sizeof(*m)), *m2 = malloc(sizeof(*m2));
	if (!text || !m || !m2)
		goto out;
	memcpy(text, data, size);
	if (track_meta_decode(text, size, m) == 0) {
		REQUIRE(memchr(m->name, 0, sizeof(m->name)));
		REQUIRE(names_is_valid(m->name));
		REQUIRE(!m->staged || m->intake.pcm_bytes % 4 == 0);
		REQUIRE(m->xattrs.len <= sizeof(m->xattrs.data));
		size_t l1, l2;
		char *e1 = encode(m, &l1);
		if (e1) {
			if (track_meta_decode(e1, l1, m2) != 0) {
				fprintf(stderr, "saved, not readable:\n%s\n",
					e1);
				abort();
			}
			char *e2 = encode(m2, &l2);
			if (e2 && (l1 != l2 || memcmp(e1, e2, l1) != 0)) {
				fprintf(stderr,
					"saved again differently:\n%s\n"
					"---\n%s\n",
					e1, e2);
				abort();
			}
			free(e2);
		}
		free(e1);
	}
out:
	free(m2);
	free(m);
	free(text);
	return 0;
}
