/*
 * render_cue.c - toc.cue: the table of contents the disc will have after
 * `commit` (the tracks on it, then the staged ones at their Track-At-Once
 * addresses, as the toc file shows them) written as a cue sheet, so that
 * tools that read cue sheets (cd-info, cdrdao, bchunk) can check or use
 * it.  The cue sheet describes an image "disc.bin" of the whole disc from
 * LBA 0, 2352 bytes per sector, the layout the virtual recorder's
 * IMAGE.bin has: INDEX 01 is a track's start LBA as an offset into that
 * file, INDEX 00 the start of its 2-second pregap.  In Session-At-Once
 * the tracks are where the SAO layout puts them (INDEX 00 only where a
 * pregap is, INDEX 02 and up, gapless joins), with the CD-TEXT the burn
 * writes as TITLE / PERFORMER / SONGWRITER, as the virtual recorder's
 * IMAGE.cue will show the burnt disc.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cue_write.h"
#include "msf.h"
#include "q_control.h"
#include "render.h"
#include "toc_plan.h"
#include "toc_text.h"

/* One TRACK entry (cue_write.h). */
static void put_track(struct textbuf *tb, const struct cue_write_track *t)
{
	char buf[4096];
	int n = cue_write_track(buf, sizeof(buf), t);
	if (n < 0)
		tb->failed = true;
	else
		tb_append(tb, buf, (size_t)n);
}

/* A TAO track: INDEX 00 two seconds before its start. */
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
	put_track(tb, &t);
}

static unsigned ctl_of(const struct burn_track *s)
{
	return (s->pre_emphasis ? Q_CTL_PRE_EMPHASIS : 0u) |
	       (s->copy_permitted ? Q_CTL_COPY_PERMITTED : 0u);
}

/* Whether the burn writes CD-TEXT. */
static bool writes_text(const struct toc_settings *s,
			const struct burn_track *staged, size_t n)
{
	return s->write_mode == BURN_WRITE_SAO && s->cd_text &&
	       toc_text_any(s, staged, n);
}

/* The cue sheet's TITLE, PERFORMER, SONGWRITER as the disc holds them
 * (ISO 8859-1, in UTF-8): buf holds the copies. */
static void cue_texts(const char *title, const char *performer,
		      const char *songwriter,
		      char buf[CUE_TEXTS][2 * BURN_TEXT_BYTES + 1],
		      const char *out[CUE_TEXTS])
{
	const char *in[CUE_TEXTS] = {[CUE_TITLE] = title,
				     [CUE_PERFORMER] = performer,
				     [CUE_SONGWRITER] = songwriter};
	for (int i = 0; i < CUE_TEXTS; i++) {
		bool changed;
		buf[i][0] = '\0';
		if (in[i] && in[i][0]) {
			/* CD-TEXT holds at most 160 characters of a text */
			char cut[BURN_TEXT_BYTES];
			snprintf(cut, sizeof(cut), "%s", in[i]);
			toc_text_as_written(cut, buf[i], sizeof(buf[i]),
					    &changed);
		}
		out[i] = buf[i];
	}
}

/* The staged tracks of an SAO burn, at their SAO places. */
static void sao_entries(struct textbuf *tb, const struct toc_plan *p,
			const struct burn_track *staged, size_t n, bool text)
{
	char buf[CUE_TEXTS][2 * BURN_TEXT_BYTES + 1];
	for (size_t i = 0; i < n; i++) {
		const struct burn_track *s = &staged[i];
		const struct sao_track_layout *l = &p->sao->track[i];
		struct cue_write_track t = {
		    .number = p->first_number + (unsigned)i,
		    .ctl = ctl_of(s),
		    .isrc = s->isrc,
		    .index1 = l->index[1],
		    .n_index = l->last_index > 1 ? l->last_index - 1u : 0u,
		    .index = &l->index[2],
		};
		/* INDEX 00 as far as it lies in the file from LBA 0: track
		 * 1's hidden audio starts at 00:00:00. */
		t.index0 = l->index0 == l->index[1] ? -1
			   : l->index0 >= 0	    ? l->index0
			   : l->index[1] > 0	    ? 0
						    : -1;
		if (text)
			cue_texts(s->title, s->artist, s->songwriter, buf,
				  t.text);
		else
			t.text[CUE_TITLE] = s->name;
		put_track(tb, &t);
	}
}

void render_toc_cue(struct textbuf *tb, const struct media_info *m,
		    const struct burn_track *staged, size_t n_staged,
		    const char *mcn, const struct toc_settings *s)
{
	static const struct toc_settings tao = {.write_mode = BURN_WRITE_TAO};
	if (!s)
		s = &tao;
	struct toc_plan p;
	if (toc_plan_build(&p, m, staged, n_staged, s->write_mode) < 0) {
		tb->failed = true;
		return;
	}
	bool text = writes_text(s, staged, n_staged) && p.sao;
	/* The MCN goes into the first session only: the mcn control's, or
	 * a cue sheet's CATALOG (none while the two disagree: the commit
	 * refuses that). */
	char disc_mcn[14] = "", conflict[320];
	if (burn_tracks_mcn(staged, n_staged, mcn, disc_mcn, conflict,
			    sizeof(conflict)) < 0)
		disc_mcn[0] = '\0';
	if (disc_mcn[0] && p.n_disc == 0 && n_staged > 0 && p.can_plan)
		tb_printf(tb, "CATALOG %s\n", disc_mcn);
	if (text) {
		char buf[CUE_TEXTS][2 * BURN_TEXT_BYTES + 1], out[1024];
		const char *t[CUE_TEXTS];
		cue_texts(s->disc.title, s->disc.performer, s->disc.songwriter,
			  buf, t);
		int n = cue_write_texts(out, sizeof(out), 0, t);
		if (n < 0)
			tb->failed = true;
		else
			tb_append(tb, out, (size_t)n);
	}
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
		if (p.sao) {
			sao_entries(tb, &p, staged, n_staged, text);
		} else {
			for (size_t i = 0; i < n_staged; i++)
				track_entry(tb, p.first_number + (unsigned)i,
					    p.lay->starts[i],
					    ctl_of(&staged[i]), staged[i].isrc,
					    staged[i].name);
		}
	}
	toc_plan_free(&p);
}
