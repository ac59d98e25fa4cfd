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

#include "msf.h"
#include "render.h"
#include "tao_layout.h"

/* One TRACK entry.  ctl: Q control bits (1 pre-emphasis, 2 copy). */
static void track_entry(struct textbuf *tb, unsigned number, int32_t start,
			unsigned ctl, const char *isrc, const char *title)
{
	char buf[16];
	tb_printf(tb, "  TRACK %02u AUDIO\n", number);
	if (title) {
		tb_printf(tb, "    TITLE \"");
		for (const char *c = title; *c; c++)
			tb_printf(tb, "%c", *c == '"' ? '\'' : *c);
		tb_printf(tb, "\"\n");
	}
	if (ctl & 0x3)
		tb_printf(tb, "    FLAGS%s%s\n", (ctl & 0x2) ? " DCP" : "",
			  (ctl & 0x1) ? " PRE" : "");
	if (isrc && isrc[0])
		tb_printf(tb, "    ISRC %s\n", isrc);
	if (start >= CD_PREGAP_SECTORS)
		tb_printf(tb, "    INDEX 00 %s\n",
			  msf_format(msf_from_length(
					 (uint32_t)(start - CD_PREGAP_SECTORS)),
				     buf));
	tb_printf(tb, "    INDEX 01 %s\n",
		  msf_format(msf_from_length((uint32_t)start), buf));
}

void render_toc_cue(struct textbuf *tb, const struct media_info *m,
		    const struct staged_track_view *staged, size_t n_staged,
		    const char *mcn)
{
	bool present = m->type != MEDIA_NONE && m->state != MEDIA_STATE_NONE;
	size_t n_disc = present ? m->n_tracks : 0;
	if (n_disc > sizeof(m->tracks) / sizeof(m->tracks[0]))
		n_disc = sizeof(m->tracks) / sizeof(m->tracks[0]);
	bool can_plan =
	    !present || m->writable || m->state == MEDIA_STATE_BLANK;
	int32_t nwa = present && m->writable ? m->next_writable_address : 0;
	unsigned number = (unsigned)n_disc + 1;
	if (present && m->writable && m->next_track_number > 0)
		number = m->next_track_number;
	unsigned new_session = 1;
	if (present && m->n_sessions > 0)
		new_session =
		    m->session_open ? m->n_sessions : m->n_sessions + 1;

	/* The MCN goes into the first session only. */
	if (mcn && mcn[0] && n_disc == 0 && n_staged > 0)
		tb_printf(tb, "CATALOG %s\n", mcn);
	tb_printf(tb, "FILE \"disc.bin\" BINARY\n");
	unsigned session = 0;
	for (size_t i = 0; i < n_disc; i++) {
		const struct media_track *t = &m->tracks[i];
		if (t->session != session) {
			session = t->session;
			tb_printf(tb, "REM SESSION %02u\n", session);
		}
		track_entry(tb, t->number, t->start_lba, t->control, NULL,
			    NULL);
	}
	if (n_staged == 0 || !can_plan)
		return;
	uint32_t *sectors = calloc(n_staged, sizeof(*sectors));
	int32_t *starts = calloc(n_staged, sizeof(*starts));
	if (!sectors || !starts) {
		free(sectors);
		free(starts);
		tb->failed = true;
		return;
	}
	for (size_t i = 0; i < n_staged; i++)
		sectors[i] = tao_track_sectors(staged[i].pcm_bytes);
	tao_plan(nwa, sectors, n_staged, starts);
	if (new_session != session)
		tb_printf(tb, "REM SESSION %02u\n", new_session);
	for (size_t i = 0; i < n_staged; i++) {
		const struct staged_track_view *s = &staged[i];
		unsigned ctl = (s->pre_emphasis ? 0x1u : 0u) |
			       (s->copy_permitted ? 0x2u : 0u);
		track_entry(tb, number + (unsigned)i, starts[i], ctl, s->isrc,
			    s->name);
	}
	free(sectors);
	free(starts);
}
