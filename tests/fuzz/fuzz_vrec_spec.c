/*
 * fuzz_vrec_spec.c - libFuzzer harness for the --virtual=NAME:IMAGE[,keys]
 * parser (writer/virtual/vrec_spec.c), which reads a command-line or
 * fstab option.
 *
 * The input is the option's value (up to its first NUL, as a C string
 * from argv).  An accepted spec must describe a recorder vrec_open can
 * be given: a name that is a valid directory name, an image path with
 * room for its suffixes, every number within the range its key allows,
 * and only the faults whose keys were given.  A refused one must have a
 * NUL-terminated message.  Built by meson with -Dfuzzing=true and run by
 * tools/fuzz (see doc/fuzzing.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrec_internal.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

static void check(const struct vrec_config *c)
{
	REQUIRE(memchr(c->name, 0, sizeof(c->name)));
	REQUIRE(c->name[0] && c->name[0] != '.' && !strchr(c->name, '/'));
	REQUIRE(memchr(c->image, 0, sizeof(c->image)));
	REQUIRE(c->image[0] && strlen(c->image) + 8 <= sizeof(c->image));
	REQUIRE((unsigned)c->media <= VREC_MEDIA_CDRW80);
	REQUIRE(c->max_speed_x >= 1 && c->max_speed_x <= 52);
	REQUIRE(c->buffer_bytes >= 64u * 1024 &&
		c->buffer_bytes <= 256u * 1024 * 1024);
	REQUIRE(c->read_offset >= -VREC_MAX_READ_OFFSET &&
		c->read_offset <= VREC_MAX_READ_OFFSET);
	REQUIRE(c->n_corrupt <= VREC_MAX_CORRUPT);
	for (unsigned i = 0; i < c->n_corrupt; i++)
		REQUIRE(c->corrupt[i].first >= 0 &&
			c->corrupt[i].first <= c->corrupt[i].last);
	const struct vrec_faults *f = &c->faults;
	REQUIRE((f->armed & ~0x3Fu) == 0);
	REQUIRE(!(f->armed & VREC_FAULT_FAIL_WRITE) || f->fail_write_at >= 0);
	REQUIRE(!(f->armed & VREC_FAULT_REMOVE) || f->remove_at >= 0);
	REQUIRE(!(f->armed & VREC_FAULT_HANG) || f->hang_at >= 0);
	REQUIRE(!(f->armed & VREC_FAULT_POWER) || f->power_loss_at >= 0);
	REQUIRE(!(f->armed & VREC_FAULT_BUSY) ||
		(f->busy_polls >= 1 && f->busy_polls <= 1000));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = malloc(size + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	struct vrec_config *c = malloc(sizeof(*c));
	char err[512];
	err[0] = '\0';
	if (c) {
		/* Garbage in *out: an accepted spec must set every field. */
		memset(c, 0xA5, sizeof(*c));
		if (vrec_parse_spec(spec, c, err, sizeof(err)) == 0)
			check(c);
		else
			REQUIRE(memchr(err, 0, sizeof(err)) && err[0]);
	}
	free(c);
	free(spec);
	return 0;
}
