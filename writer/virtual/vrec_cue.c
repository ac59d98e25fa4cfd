/*
 * vrec_cue.c - IMAGE.cue: a cue sheet describing IMAGE.bin, in which
 * sector LBA sits at byte LBA * 2352.  Every complete track is listed at
 * its exact TAO start (INDEX 01), with INDEX 00 at its pregap when the
 * pregap lies inside the file (every track but the first of the disc).
 * Sessions are marked with "REM SESSION nn" comments; the run-out and
 * pregap sectors between tracks (silence) belong to the previous track
 * as far as readers of the cue sheet are concerned.
 */
#include <stdio.h>

#include "msf.h"
#include "vrec_internal.h"

int vrec_cue_render(const struct vrec_disc *d, const char *bin_name, char *out,
		    size_t cap)
{
	size_t n = 0;
	unsigned nc = vdisc_complete_tracks(d);
#define EMIT(...)                                                              \
	do {                                                                   \
		int w_ = snprintf(out + n, cap - n, __VA_ARGS__);              \
		if (w_ < 0 || (size_t)w_ >= cap - n)                           \
			return -1;                                             \
		n += (size_t)w_;                                               \
	} while (0)
	if (d->mcn[0])
		EMIT("CATALOG %s\n", d->mcn);
	EMIT("FILE \"%s\" BINARY\n", bin_name);
	unsigned session = 0;
	for (unsigned k = 1; k <= nc; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		char buf[16];
		if (t->session != session) {
			session = t->session;
			EMIT("REM SESSION %02u\n", session);
		}
		EMIT("  TRACK %02u AUDIO\n", k);
		if (t->ctl & 0x0B)
			EMIT("    FLAGS%s%s%s\n", (t->ctl & 0x2) ? " DCP" : "",
			     (t->ctl & 0x8) ? " 4CH" : "",
			     (t->ctl & 0x1) ? " PRE" : "");
		if (t->isrc[0])
			EMIT("    ISRC %s\n", t->isrc);
		if (t->start >= CD_PREGAP_SECTORS)
			EMIT("    INDEX 00 %s\n",
			     msf_format(
				 msf_from_length(
				     (uint32_t)(t->start - CD_PREGAP_SECTORS)),
				 buf));
		EMIT("    INDEX 01 %s\n",
		     msf_format(msf_from_length((uint32_t)t->start), buf));
	}
#undef EMIT
	return (int)n;
}
