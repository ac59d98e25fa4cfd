/*
 * fuzz_vrec_state.c - libFuzzer harness for the virtual recorder's
 * IMAGE.state parser (writer/virtual/vrec_state.c), the file a virtual
 * disc is reloaded from at every start.
 *
 * The input is the file's text (up to its first NUL, as load_state reads
 * it).  A state the parser accepts must
 *   - be a disc the rest of the recorder can work with: every answer
 *     about it (READ DISC INFORMATION, READ TRACK INFORMATION for every
 *     track and the invisible one, READ TOC formats 0, 1, 2 and 4 in LBA
 *     and MSF, READ CAPACITY, GET CONFIGURATION, the cue sheet and the
 *     NRG footer) is built without a memory error or undefined
 *     behaviour;
 *   - survive a round trip: rendering it and parsing the rendering gives
 *     a state that renders to the same text.
 * Built by meson with -Dfuzzing=true and run by tools/fuzz (see
 * doc/fuzzing.md).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrec_internal.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

static uint8_t resp[16384];

/* Every answer the recorder builds from the disc alone. */
static void report(const struct vrec_disc *d, bool tray_open)
{
	size_t len;
	if (vrec_read_disc_information(d, resp, sizeof(resp), &len) == 0)
		REQUIRE(len <= sizeof(resp));
	for (uint32_t k = 0; k <= d->ntracks + 1; k++)
		if (vrec_read_track_information(d, 1, k, 0, resp, sizeof(resp),
						&len) == 0)
			REQUIRE(len <= sizeof(resp));
	/* Type 0: by LBA, at each track's start and end. */
	for (unsigned k = 0; k < d->ntracks; k++) {
		const struct vrec_track *t = &d->tracks[k];
		uint32_t at[] = {(uint32_t)t->start,
				 (uint32_t)t->start + t->length};
		for (size_t i = 0; i < 2; i++)
			if (vrec_read_track_information(
				d, 0, at[i], 0, resp, sizeof(resp), &len) == 0)
				REQUIRE(len <= sizeof(resp));
	}
	if (vrec_read_track_information(d, 2, 1, 0, resp, sizeof(resp), &len) ==
	    0)
		REQUIRE(len <= sizeof(resp));
	static const uint8_t formats[] = {0, 1, 2, 3, 4, 5};
	for (size_t f = 0; f < sizeof(formats); f++)
		for (int msf = 0; msf < 2; msf++)
			if (vrec_read_toc(d, formats[f], msf, 0, resp,
					  sizeof(resp), &len) == 0)
				REQUIRE(len <= sizeof(resp));
	if (vrec_read_capacity(d, resp, sizeof(resp), &len) == 0)
		REQUIRE(len <= sizeof(resp));
	if (vrec_get_configuration(d, tray_open, 0, 0, resp, sizeof(resp),
				   &len) == 0)
		REQUIRE(len <= sizeof(resp));
	char cue[16384];
	int n = vrec_cue_render(d, "x.bin", cue, sizeof(cue));
	REQUIRE(n < (int)sizeof(cue));
	unsigned nc = vdisc_complete_tracks(d);
	if (nc > 0) {
		uint64_t end = vrec_nrg_track_offset(d, nc);
		n = vrec_nrg_footer(d, end, resp, sizeof(resp));
		REQUIRE(n <= (int)sizeof(resp));
	}
	if (vdisc_writable(d)) {
		(void)vdisc_nwa(d);
		(void)vdisc_free_blocks(d);
	}
	for (unsigned s = 1; s <= d->nsessions; s++)
		(void)vdisc_session_leadout(d, s);
	(void)vdisc_status(d);
	(void)vdisc_last_session_state(d);
	(void)vdisc_next_session(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* As load_state reads it: a NUL-terminated buffer of the bytes. */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct vrec_disc *d = malloc(sizeof(*d)), *d2 = malloc(sizeof(*d2));
	char *r1 = malloc(16384), *r2 = malloc(16384);
	char why[200] = "";
	bool tray, tray2;
	if (d && d2 && r1 && r2 &&
	    vrec_state_parse(text, d, &tray, why, sizeof(why)) == 0) {
		REQUIRE(d->ntracks <= VREC_MAX_TRACKS);
		REQUIRE(d->nsessions <= VREC_MAX_TRACKS);
		report(d, tray);
		int n1 = vrec_state_render(d, tray, r1, 16384);
		REQUIRE(n1 > 0);
		REQUIRE(vrec_state_parse(r1, d2, &tray2, why, sizeof(why)) ==
			0);
		int n2 = vrec_state_render(d2, tray2, r2, 16384);
		REQUIRE(n1 == n2 && memcmp(r1, r2, (size_t)n1) == 0);
	} else {
		REQUIRE(memchr(why, 0, sizeof(why)));
	}
	free(r2);
	free(r1);
	free(d2);
	free(d);
	free(text);
	return 0;
}
