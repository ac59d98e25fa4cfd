/*
 * render_cue.c - toc.cue: the table of contents the disc will have after
 * `commit` (the tracks on it, then the staged ones at their Track-At-Once
 * addresses, as the toc file shows them) written as a cue sheet, so that
 * tools that read cue sheets (cd-info, cdrdao, bchunk) can check or use
 * it.  The cue sheet describes an image "disc.bin" of the whole disc from
 * LBA 0, 2352 bytes per sector, the layout the virtual recorder's
 * IMAGE.bin has: INDEX 01 is a track's start LBA as an offset into that
 * file, INDEX 00 the start of its 2-second pregap.
 */
#include <stdlib.h>

#include "cue_write.h"
#include "msf.h"
#include "q_control.h"
#include "render.h"
#include "toc_plan.h"

/* One TRACK entry (cue_write.h). */
static void track_entry(struct textbuf *tb, unsigned number, int32_t start,
			unsigned ctl, const char *isrc, const char *title)
{
	struct cue_write_track t = {
	    .number = number,
	    .text = {[CUE_TITLE] = title},
	    .ctl = ctl,
	    .isrc = isrc,
	    .index0 =
		start >= CD_PREGAP_SECTORS ? start - CD_PREGAP_SECTORS : -1,
	    .index1 = start,
	};
	char buf[1024];
	int n = cue_write_track(buf, sizeof(buf), &t);
	if (n < 0)
		tb->failed = true;
	else
		tb_append(tb, buf, (size_t)n);
}

void render_toc_cue(struct textbuf *tb, const struct media_info *m,
		    const struct burn_track *staged, size_t n_staged,
		    const char *mcn)
{
	struct toc_plan p;
	if (toc_plan_build(&p, m, staged, n_staged) < 0) {
		tb->failed = true;
		return;
	}
	/* The MCN goes into the first session only. */
	if (mcn && mcn[0] && p.n_disc == 0 && n_staged > 0)
		tb_printf(tb, "CATALOG %s\n", mcn);
	tb_printf(tb, "FILE \"disc.bin\" BINARY\n");
	unsigned session = 0;
	for (size_t i = 0; i < p.n_disc; i++) {
		const struct media_track *t = &m->tracks[i];
		if (t->session != session) {
			session = t->session;
			tb_printf(tb, "REM SESSION %02u\n", session);
		}
		track_entry(tb, t->number, t->start_lba, t->control, NULL,
			    NULL);
	}
	if (n_staged > 0 && p.can_plan) {
		if (p.session != session)
			tb_printf(tb, "REM SESSION %02u\n", p.session);
		for (size_t i = 0; i < n_staged; i++) {
			const struct burn_track *s = &staged[i];
			unsigned ctl =
			    (s->pre_emphasis ? Q_CTL_PRE_EMPHASIS : 0u) |
			    (s->copy_permitted ? Q_CTL_COPY_PERMITTED : 0u);
			track_entry(tb, p.first_number + (unsigned)i,
				    p.lay->starts[i], ctl, s->isrc, s->name);
		}
	}
	toc_plan_free(&p);
}
