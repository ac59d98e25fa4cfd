/*
 * render_toc.c - the drive's `toc` file: the table of contents the disc
 * will have after `commit`.  The tracks already on the disc come first,
 * then the staged tracks at the addresses the write mode gives them
 * (toc_plan.h: Track-At-Once, or Session-At-Once with its pregaps,
 * gapless joins and index points), then the lead-out, then the CD-TEXT
 * the burn writes (toc_text.h).  Pure function; keys in doc/files.md.
 */
#include "q_control.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msf.h"
#include "tao_layout.h"
#include "toc_plan.h"
#include "toc_text.h"

/* A name on one line: control characters (a newline in a file name) are
 * shown as '?'. */
static void put_name(struct textbuf *tb, const char *name)
{
	const char *run = name;
	for (const char *c = name; *c; c++) {
		if ((unsigned char)*c >= 0x20 && *c != 0x7F)
			continue;
		tb_append(tb, run, (size_t)(c - run));
		tb_append(tb, "?", 1);
		run = c + 1;
	}
	tb_append(tb, run, strlen(run));
}

static void render_disc_tracks(struct textbuf *tb, const struct media_info *m,
			       size_t n)
{
	char start[12], dur[12];
	for (size_t i = 0; i < n; i++) {
		const struct media_track *t = &m->tracks[i];
		tb_printf(tb,
			  "track%02u: disc session=%u start=%ld msf=%s "
			  "length=%lu length_msf=%s %s\n",
			  (unsigned)t->number, (unsigned)t->session,
			  (long)t->start_lba,
			  msf_format(msf_from_lba(t->start_lba), start),
			  (unsigned long)t->length,
			  msf_format(msf_from_length(t->length), dur),
			  (t->control & Q_CTL_DATA) ? "data" : "audio");
	}
}

/*
 * " key=value" when value is set: spaces, '%', '=' and control bytes
 * %XX-escaped, so that the line stays one word per key.
 */
static void put_tag(struct textbuf *tb, const char *key, const char *value)
{
	if (!value || !value[0])
		return;
	tb_printf(tb, "%s=", key);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '%' || *p == '=')
			tb_printf(tb, "%%%02X", *p);
		else
			tb_printf(tb, "%c", *p);
	}
	tb_printf(tb, " ");
}

/* Start, length and pregap of a TAO track. */
static void put_tao_place(struct textbuf *tb, const struct toc_plan *p,
			  size_t i)
{
	char start[12], dur[12];
	if (p->can_plan)
		tb_printf(tb, "start=%ld msf=%s ", (long)p->lay->starts[i],
			  msf_format(msf_from_lba(p->lay->starts[i]), start));
	else
		tb_printf(tb, "start=none msf=none ");
	tb_printf(tb, "length=%lu length_msf=%s pregap=%u audio ",
		  (unsigned long)p->lay->sectors[i],
		  msf_format(msf_from_length(p->lay->sectors[i]), dur),
		  (unsigned)CD_PREGAP_SECTORS);
}

/*
 * Start, length, pregap, index points of an SAO track: length from
 * INDEX 01 to the next track's INDEX 00 (or the lead-out), pregap the
 * sectors from INDEX 00 to INDEX 01 (track 1: the 2 s every disc starts
 * with, and any audio hidden before its INDEX 01).
 */
static void put_sao_place(struct textbuf *tb, const struct toc_plan *p,
			  const struct burn_track *t, size_t i)
{
	char a[12], b[12];
	if (!p->sao) {
		uint64_t sectors =
		    (t->length + CD_SECTOR_BYTES - 1) / CD_SECTOR_BYTES;
		tb_printf(tb, "start=none msf=none length=%llu audio ",
			  (unsigned long long)sectors);
		return;
	}
	const struct sao_track_layout *l = &p->sao->track[i];
	uint32_t length = (uint32_t)(l->end - l->index[1]);
	tb_printf(tb, "start=%ld msf=%s length=%lu length_msf=%s pregap=%ld ",
		  (long)l->index[1], msf_format(msf_from_lba(l->index[1]), a),
		  (unsigned long)length, msf_format(msf_from_length(length), b),
		  (long)(l->index[1] - l->index0));
	if (l->index0 != l->index[1])
		tb_printf(tb, "index00=%ld ", (long)l->index0);
	if (l->last_index > 1) {
		tb_printf(tb, "indexes=");
		for (unsigned k = 2; k <= l->last_index; k++)
			tb_printf(tb, "%s%ld", k > 2 ? "," : "",
				  (long)l->index[k]);
		tb_printf(tb, " ");
	}
	tb_printf(tb, "audio ");
	if (t->pregap && t->pregap_audio)
		tb_printf(tb, "pregap-audio ");
	if (i > 0 && p->sao->track[i - 1].gapless_to_next)
		tb_printf(tb, "gapless ");
}

/* Staged tracks, at their places when the plan has them. */
static void render_staged(struct textbuf *tb, const struct toc_plan *p,
			  const struct burn_track *staged, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct burn_track *t = &staged[i];
		tb_printf(tb, "track%02u: staged session=%u ",
			  p->first_number + (unsigned)i, p->session);
		if (p->mode == BURN_WRITE_SAO)
			put_sao_place(tb, p, t, i);
		else
			put_tao_place(tb, p, i);
		put_tag(tb, "title", t->title);
		put_tag(tb, "artist", t->artist);
		put_tag(tb, "songwriter", t->songwriter);
		put_tag(tb, "composer", t->composer);
		put_tag(tb, "isrc", t->isrc);
		tb_append(tb, "name=", 5);
		put_name(tb, t->name ? t->name : "");
		tb_append(tb, "\n", 1);
	}
}

/* One cdtext_note line per text the disc holds differently. */
static void note_changed(struct textbuf *tb, const char *whose,
			 enum toc_text_field f, const char *text)
{
	if (!text || !text[0])
		return;
	size_t cap = 2 * strlen(text) + 1;
	char *out = malloc(cap);
	if (!out) {
		tb->failed = true;
		return;
	}
	bool changed = false;
	toc_text_as_written(text, out, cap, &changed);
	if (changed) {
		tb_printf(tb, "cdtext_note: %s %s \"", whose,
			  toc_text_field_name(f));
		put_name(tb, text);
		tb_printf(tb, "\" is not all ISO 8859-1: written \"");
		put_name(tb, out);
		tb_printf(tb, "\"\n");
	}
	free(out);
}

/*
 * What CD-TEXT the burn writes: `cdtext: yes` with the disc's texts and
 * a note per transliterated text, or `cdtext: no, <why>` when there
 * are texts it will not write.
 */
static void render_cdtext(struct textbuf *tb, const struct toc_settings *s,
			  const struct burn_track *staged, size_t n)
{
	bool any = toc_text_any(s, staged, n);
	if (s->write_mode != BURN_WRITE_SAO) {
		if (any)
			tb_printf(tb, "cdtext: no, tags are not burnt "
				      "Track-At-Once (CD-TEXT needs "
				      "Session-At-Once: echo sao > "
				      "write_mode)\n");
		return;
	}
	if (!s->cd_text) {
		tb_printf(tb, "cdtext: no, cdtext is 0\n");
		return;
	}
	if (!any) {
		tb_printf(tb, "cdtext: no, no texts (no tags, disc_title or "
			      "disc_performer)\n");
		return;
	}
	tb_printf(tb, "cdtext: yes\n");
	bool disc = false;
	for (int f = 0; f < TOC_TEXT_FIELDS; f++) {
		const char *v = toc_text_disc(s, (enum toc_text_field)f);
		if (v && v[0] && !disc) {
			tb_printf(tb, "cdtext_disc: ");
			disc = true;
		}
		put_tag(tb, toc_text_field_name((enum toc_text_field)f), v);
	}
	if (disc) {
		/* put_tag leaves a space after each value */
		tb->data[tb->len - 1] = '\n';
	}
	for (int f = 0; f < TOC_TEXT_FIELDS; f++)
		note_changed(tb, "the disc's", (enum toc_text_field)f,
			     toc_text_disc(s, (enum toc_text_field)f));
	for (size_t i = 0; i < n; i++) {
		char whose[32];
		snprintf(whose, sizeof(whose), "track %zu's", i + 1);
		for (int f = 0; f < TOC_TEXT_FIELDS; f++)
			note_changed(
			    tb, whose, (enum toc_text_field)f,
			    toc_text_track(&staged[i], (enum toc_text_field)f));
	}
}

/* The pregap control as it reads back: seconds or mm:ss:ff. */
static void render_pregap(struct textbuf *tb, uint32_t sectors)
{
	char buf[12];
	if (sectors % CD_FRAMES_PER_SECOND == 0)
		tb_printf(tb, "pregap: %u\n", sectors / CD_FRAMES_PER_SECOND);
	else
		tb_printf(tb, "pregap: %s\n",
			  msf_format(msf_from_length(sectors), buf));
}

void render_toc(struct textbuf *tb, const struct media_info *m,
		const struct burn_track *staged, size_t n_staged,
		const struct toc_settings *s)
{
	static const struct toc_settings tao = {.write_mode = BURN_WRITE_TAO};
	if (!s)
		s = &tao;
	struct toc_plan p;
	if (toc_plan_build(&p, m, staged, n_staged, s->write_mode) < 0) {
		tb->failed = true;
		return;
	}
	bool sao = s->write_mode == BURN_WRITE_SAO;
	int32_t leadout = 0;
	bool have_leadout = false;
	if (n_staged > 0 && p.can_plan) {
		leadout = toc_plan_leadout(&p);
		have_leadout = true;
	} else if (p.n_disc > 0) {
		const struct media_track *t = &m->tracks[p.n_disc - 1];
		leadout = t->start_lba + (int32_t)t->length;
		have_leadout = true;
	}

	unsigned last = n_staged > 0 ? p.first_number + (unsigned)n_staged - 1
				     : (unsigned)p.n_disc;
	tb_printf(tb, "tracks_on_disc: %zu\n", p.n_disc);
	tb_printf(tb, "tracks_staged: %zu\n", n_staged);
	tb_printf(tb, "first_track: %u\n", last > 0 ? 1u : 0u);
	tb_printf(tb, "last_track: %u\n", last);
	tb_printf(tb, "write_mode: %s\n", sao ? "sao" : "tao");
	if (sao)
		render_pregap(tb, s->pregap);
	if (n_staged > 0) {
		if (p.lay || p.sao)
			tb_printf(tb, "staged_sectors: %llu\n",
				  (unsigned long long)toc_plan_sectors(&p));
		if (!p.can_plan)
			tb_printf(tb, "fits: no\n");
		else if (p.present && m->writable)
			tb_printf(tb, "fits: %s\n",
				  toc_plan_sectors(&p) <= m->free_sectors &&
					  last <= CD_MAX_TRACKS
				      ? "yes"
				      : "no");
		else
			tb_printf(tb, "fits: unknown\n");
	}
	render_disc_tracks(tb, m, p.n_disc);
	render_staged(tb, &p, staged, n_staged);
	char buf[12];
	if (have_leadout)
		tb_printf(tb, "leadout: start=%ld msf=%s\n", (long)leadout,
			  msf_format(msf_from_lba(leadout), buf));
	else
		tb_printf(tb, "leadout: none\n");
	if (n_staged > 0)
		render_cdtext(tb, s, staged, n_staged);
	if (!p.present && n_staged > 0)
		tb_printf(tb, "note: no disc in the drive; addresses assume a "
			      "blank disc\n");
	if (p.why[0] && n_staged > 0)
		tb_printf(tb, "note: %s\n", p.why);
	else if (p.present && !p.can_plan && n_staged > 0)
		tb_printf(tb, "note: the disc cannot take more tracks\n");
	toc_plan_free(&p);
}
