/*
 * render_toc.c - the drive's `toc` file: the table of contents the disc
 * will have after `commit`.  The tracks already on the disc come first,
 * then the staged tracks at the start addresses Track-At-Once writing
 * will give them (toc_plan.h), then
 * the lead-out.  Pure function; keys in doc/files.md.
 */
#include "q_control.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "msf.h"
#include "tao_layout.h"
#include "toc_plan.h"

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

/*
 * Staged tracks.  starts is NULL when the disc cannot take them (closed,
 * not writable): they are listed without addresses.
 */
static void render_staged(struct textbuf *tb, const struct burn_track *staged,
			  const uint32_t *sectors, const int32_t *starts,
			  size_t n, unsigned first_number, unsigned session)
{
	char start[12], dur[12];
	for (size_t i = 0; i < n; i++) {
		unsigned number = first_number + (unsigned)i;
		const char *name = staged[i].name ? staged[i].name : "";
		tb_printf(tb, "track%02u: staged session=%u ", number, session);
		if (starts)
			tb_printf(tb, "start=%ld msf=%s ", (long)starts[i],
				  msf_format(msf_from_lba(starts[i]), start));
		else
			tb_printf(tb, "start=none msf=none ");
		tb_printf(tb, "length=%lu length_msf=%s pregap=%u audio ",
			  (unsigned long)sectors[i],
			  msf_format(msf_from_length(sectors[i]), dur),
			  (unsigned)CD_PREGAP_SECTORS);
		put_tag(tb, "title", staged[i].title);
		put_tag(tb, "artist", staged[i].artist);
		put_tag(tb, "isrc", staged[i].isrc);
		tb_append(tb, "name=", 5);
		put_name(tb, name);
		tb_append(tb, "\n", 1);
	}
}

void render_toc(struct textbuf *tb, const struct media_info *m,
		const struct burn_track *staged, size_t n_staged)
{
	struct toc_plan p;
	if (toc_plan_build(&p, m, staged, n_staged) < 0) {
		tb->failed = true;
		return;
	}
	int32_t leadout = 0;
	bool have_leadout = false;
	if (n_staged > 0 && p.can_plan) {
		leadout = p.lay->leadout;
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
	if (n_staged > 0) {
		tb_printf(tb, "staged_sectors: %llu\n",
			  (unsigned long long)p.lay->sectors_needed);
		if (p.present && m->writable)
			tb_printf(tb, "fits: %s\n",
				  p.lay->sectors_needed <= m->free_sectors &&
					  last <= CD_MAX_TRACKS
				      ? "yes"
				      : "no");
		else if (!p.can_plan)
			tb_printf(tb, "fits: no\n");
		else
			tb_printf(tb, "fits: unknown\n");
	}
	render_disc_tracks(tb, m, p.n_disc);
	if (n_staged > 0)
		render_staged(tb, staged, p.lay->sectors,
			      p.can_plan ? p.lay->starts : NULL, n_staged,
			      p.first_number, p.session);
	char buf[12];
	if (have_leadout)
		tb_printf(tb, "leadout: start=%ld msf=%s\n", (long)leadout,
			  msf_format(msf_from_lba(leadout), buf));
	else
		tb_printf(tb, "leadout: none\n");
	if (!p.present && n_staged > 0)
		tb_printf(tb, "note: no disc in the drive; addresses assume a "
			      "blank disc\n");
	else if (!p.can_plan && n_staged > 0)
		tb_printf(tb, "note: the disc cannot take more tracks\n");
	toc_plan_free(&p);
}
