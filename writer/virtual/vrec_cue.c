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

#include "cue_write.h"
#include "msf.h"
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

/* The texts of the disc (track 0) or a track, as pointers for
 * cue_write; all NULL without CD-TEXT. */
static void texts_of(const struct cdtext *text, unsigned track,
		     char buf[CUE_TEXTS][VREC_CUE_TEXT_BYTES],
		     const char *ptr[CUE_TEXTS])
{
	if (text)
		vrec_cue_texts(text, track, buf);
	for (unsigned i = 0; i < CUE_TEXTS; i++)
		ptr[i] = text ? buf[i] : NULL;
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
	char texts[CUE_TEXTS][VREC_CUE_TEXT_BYTES];
	const char *ptr[CUE_TEXTS];
#define ADD(w)                                                                 \
	do {                                                                   \
		int w_ = (w);                                                  \
		if (w_ < 0) {                                                  \
			free(text);                                            \
			return -1;                                             \
		}                                                              \
		n += (size_t)w_;                                               \
	} while (0)
#define EMIT(...)                                                              \
	do {                                                                   \
		int e_ = snprintf(out + n, cap - n, __VA_ARGS__);              \
		ADD(e_ < 0 || (size_t)e_ >= cap - n ? -1 : e_);                \
	} while (0)
	if (d->mcn[0])
		EMIT("CATALOG %s\n", d->mcn);
	texts_of(text, 0, texts, ptr);
	ADD(cue_write_texts(out + n, cap - n, 0, ptr));
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
		texts_of(text, k, texts, ptr);
		struct cue_write_track w = {
		    .number = k,
		    .ctl = t->ctl,
		    .isrc = t->isrc,
		    .index0 = index0,
		    .index1 = t->start,
		    .n_index = t->n_index,
		    .index = t->index,
		};
		for (unsigned i = 0; i < CUE_TEXTS; i++)
			w.text[i] = ptr[i];
		ADD(cue_write_track(out + n, cap - n, &w));
	}
#undef EMIT
#undef ADD
	free(text);
	return (int)n;
}
