/*
 * vrec_cue.c - IMAGE.cue: a cue sheet describing IMAGE.bin, in which
 * sector LBA sits at byte LBA * 2352.  Every complete track is listed at
 * its exact start (INDEX 01), with INDEX 00 at its pregap when the
 * pregap lies inside the file (every track but the first of the disc;
 * the first one too when it has audio before INDEX 01, at 00:00:00),
 * INDEX 02 and up, and the CD-TEXT titles, performers and songwriters
 * of an SAO disc.  As IMAGE.bin holds every sector from LBA 0, no PREGAP
 * is ever needed: the 2 s before LBA 0 are implied by the format.
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
#include <stdlib.h>

#include "msf.h"
#include "q_control.h"
#include "vrec_internal.h"
#include "vrec_sao.h"

/* Where INDEX 00 goes in the file: the track's pregap start, or the
 * start of the file for a first track with audio before its INDEX 01
 * (hidden track one audio); -1 for none. */
static int32_t index0_in_file(const struct vrec_track *t)
{
	int32_t index0 = t->start - (int32_t)t->pregap;
	if (t->pregap == 0)
		return -1;
	if (index0 >= 0)
		return index0;
	return t->start > 0 ? 0 : -1;
}

int vrec_cue_render(const struct vrec_disc *d, const char *bin_name, char *out,
		    size_t cap)
{
	size_t n = 0;
	unsigned nc = vdisc_complete_tracks(d);
	struct cdtext *text = NULL;
	if (d->cdtext_n) {
		text = malloc(sizeof(*text));
		if (text && !vrec_disc_cdtext(d, text)) {
			free(text);
			text = NULL;
		}
	}
#define TEXTS(track, indent)                                                   \
	do {                                                                   \
		int w_ = text ? vrec_cue_texts(text, track, indent, out + n,   \
					       cap - n)                        \
			      : 0;                                             \
		if (w_ < 0) {                                                  \
			free(text);                                            \
			return -1;                                             \
		}                                                              \
		n += (size_t)w_;                                               \
	} while (0)
#define EMIT(...)                                                              \
	do {                                                                   \
		int w_ = snprintf(out + n, cap - n, __VA_ARGS__);              \
		if (w_ < 0 || (size_t)w_ >= cap - n) {                         \
			free(text);                                            \
			return -1;                                             \
		}                                                              \
		n += (size_t)w_;                                               \
	} while (0)
	if (d->mcn[0])
		EMIT("CATALOG %s\n", d->mcn);
	TEXTS(0, 0);
	EMIT("FILE \"%s\" BINARY\n", bin_name);
	unsigned session = 0;
	char buf[16];
	for (unsigned k = 1; k <= nc; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		int32_t index0 = index0_in_file(t);
		if (t->session != session) {
			if (session) {
				/* the earlier session's lead-out */
				index0 = vdisc_session_leadout(d, session);
				EMIT("REM LEAD-OUT %s\n",
				     msf_format(
					 msf_from_length((uint32_t)index0),
					 buf));
			}
			session = t->session;
			EMIT("REM SESSION %02u\n", session);
		}
		EMIT("  TRACK %02u AUDIO\n", k);
		TEXTS(k, 4);
		if (t->ctl & (Q_CTL_COPY_PERMITTED | Q_CTL_FOUR_CHANNEL |
			      Q_CTL_PRE_EMPHASIS))
			EMIT("    FLAGS%s%s%s\n",
			     (t->ctl & Q_CTL_COPY_PERMITTED) ? " DCP" : "",
			     (t->ctl & Q_CTL_FOUR_CHANNEL) ? " 4CH" : "",
			     (t->ctl & Q_CTL_PRE_EMPHASIS) ? " PRE" : "");
		if (t->isrc[0])
			EMIT("    ISRC %s\n", t->isrc);
		if (index0 >= 0)
			EMIT(
			    "    INDEX 00 %s\n",
			    msf_format(msf_from_length((uint32_t)index0), buf));
		EMIT("    INDEX 01 %s\n",
		     msf_format(msf_from_length((uint32_t)t->start), buf));
		for (unsigned i = 0; i < t->n_index; i++)
			EMIT("    INDEX %02u %s\n", i + 2,
			     msf_format(msf_from_length((uint32_t)t->index[i]),
					buf));
	}
#undef EMIT
#undef TEXTS
	free(text);
	return (int)n;
}
