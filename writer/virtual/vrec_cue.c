/*
 * vrec_cue.c - IMAGE.cue: a cue sheet describing IMAGE.bin, in which
 * sector LBA sits at byte LBA * 2352.  Every complete track is listed at
 * its exact TAO start (INDEX 01), with INDEX 00 at its pregap when the
 * pregap lies inside the file (every track but the first of the disc).
 * Sessions are marked as multi-session cue sheets mark them: "REM
 * SESSION nn" before a session's first track and "REM LEAD-OUT" with the
 * start of the lead-out after a session's last track when another
 * session follows.  The run-out and pregap sectors between tracks
 * (silence) belong to the previous track as far as readers of the cue
 * sheet are concerned; between sessions, the first track of the later
 * session has its INDEX 00 at the earlier session's lead-out, so that a
 * reader that knows no sessions (bchunk) ends every track where its
 * session's lead-out begins instead of running it on through the
 * lead-out, lead-in and gap between sessions.
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
	char buf[16];
	for (unsigned k = 1; k <= nc; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		int32_t pregap = t->start - CD_PREGAP_SECTORS;
		if (t->session != session) {
			if (session) {
				/* the earlier session's lead-out */
				pregap = vdisc_session_leadout(d, session);
				EMIT("REM LEAD-OUT %s\n",
				     msf_format(
					 msf_from_length((uint32_t)pregap),
					 buf));
			}
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
		if (pregap >= 0)
			EMIT(
			    "    INDEX 00 %s\n",
			    msf_format(msf_from_length((uint32_t)pregap), buf));
		EMIT("    INDEX 01 %s\n",
		     msf_format(msf_from_length((uint32_t)t->start), buf));
	}
#undef EMIT
	return (int)n;
}
