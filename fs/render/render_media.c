/*
 * render_media.c - the drive's `media` file: what disc is in the drive,
 * its state, the tracks already on it and the space left, from the
 * media_info the recorder read (READ DISC INFORMATION, READ TOC, READ
 * TRACK INFORMATION, ATIP).  Pure function; keys in doc/files.md.
 */
#include "q_control.h"
#include "render.h"

#include "msf.h"

static const char *media_type_name(enum media_type t)
{
	switch (t) {
	case MEDIA_NONE:
		return "none";
	case MEDIA_CD_ROM:
		return "CD-ROM";
	case MEDIA_CD_R:
		return "CD-R";
	case MEDIA_CD_RW:
		return "CD-RW";
	case MEDIA_UNKNOWN:
		break;
	}
	return "unknown";
}

static const char *media_state_name(enum media_state s)
{
	switch (s) {
	case MEDIA_STATE_NONE:
		return "none";
	case MEDIA_STATE_BLANK:
		return "blank";
	case MEDIA_STATE_OPEN:
		return "open";
	case MEDIA_STATE_APPENDABLE:
		return "appendable";
	case MEDIA_STATE_CLOSED:
		return "closed";
	}
	return "unknown";
}

static size_t track_count(const struct media_info *m)
{
	size_t n = m->n_tracks;
	size_t max = sizeof(m->tracks) / sizeof(m->tracks[0]);
	return n > max ? max : n;
}

/* First sector after the last track on the disc (0 without tracks). */
static uint32_t end_of_tracks(const struct media_info *m)
{
	size_t n = track_count(m);
	if (n == 0)
		return 0;
	const struct media_track *t = &m->tracks[n - 1];
	int64_t end = (int64_t)t->start_lba + t->length;
	return end > 0 ? (uint32_t)end : 0;
}

static void render_sectors(struct textbuf *tb, const char *key,
			   uint32_t sectors)
{
	char buf[12];
	tb_printf(tb, "%s_sectors: %lu\n", key, (unsigned long)sectors);
	tb_printf(tb, "%s_msf: %s\n", key,
		  msf_format(msf_from_length(sectors), buf));
}

void render_media(struct textbuf *tb, const struct media_info *m)
{
	bool present = m->type != MEDIA_NONE && m->state != MEDIA_STATE_NONE;
	bool open =
	    present && (m->session_open || m->state == MEDIA_STATE_OPEN);
	char buf[12];

	tb_printf(tb, "type: %s\n", media_type_name(m->type));
	tb_printf(tb, "state: %s\n",
		  present ? media_state_name(m->state) : "none");
	tb_printf(tb, "physically_blank: %s\n",
		  present && m->state == MEDIA_STATE_BLANK ? "yes" : "no");
	tb_printf(tb, "erasable: %s\n", present && m->erasable ? "yes" : "no");
	tb_printf(tb, "writable: %s\n", present && m->writable ? "yes" : "no");
	tb_printf(tb, "sessions: %u\n", present ? m->n_sessions : 0);
	size_t n = present ? track_count(m) : 0;
	tb_printf(tb, "tracks: %zu\n", n);
	for (size_t i = 0; i < n; i++) {
		const struct media_track *t = &m->tracks[i];
		char len_msf[12];
		tb_printf(
		    tb,
		    "track%02u: session=%u start=%ld length=%lu "
		    "msf=%s duration=%s %s%s%s%s\n",
		    (unsigned)t->number, (unsigned)t->session,
		    (long)t->start_lba, (unsigned long)t->length,
		    msf_format(msf_from_lba(t->start_lba), buf),
		    msf_format(msf_from_length(t->length), len_msf),
		    (t->control & Q_CTL_DATA) ? "data" : "audio",
		    (t->control & Q_CTL_PRE_EMPHASIS) ? " pre-emphasis" : "",
		    (t->control & Q_CTL_COPY_PERMITTED) ? " copy-permitted"
							: "",
		    t->damaged ? " damaged" : "");
	}

	/*
	 * Capacity is the last possible lead-out start (ATIP).  Without it:
	 * on a writable disc the next writable address plus the free
	 * sectors, otherwise the end of the recorded tracks.  Used is
	 * capacity minus free on a writable disc, else the end of the tracks.
	 */
	uint32_t capacity = 0, used = 0, free_sectors = 0;
	if (present) {
		bool writable = m->writable;
		uint32_t nwa = m->next_writable_address > 0
				   ? (uint32_t)m->next_writable_address
				   : 0;
		free_sectors = writable ? m->free_sectors : 0;
		used = writable ? nwa : end_of_tracks(m);
		capacity = used + free_sectors;
		if (m->last_possible_leadout_lba > 0)
			capacity = (uint32_t)m->last_possible_leadout_lba;
		if (writable)
			used = capacity > free_sectors ? capacity - free_sectors
						       : 0;
		else if (used > capacity)
			used = capacity;
	}
	render_sectors(tb, "capacity", capacity);
	render_sectors(tb, "used", used);
	render_sectors(tb, "free", free_sectors);

	if (present && m->last_possible_leadout_lba > 0)
		tb_printf(tb, "last_possible_leadout: %ld %s\n",
			  (long)m->last_possible_leadout_lba,
			  msf_format(msf_from_lba(m->last_possible_leadout_lba),
				     buf));
	else
		tb_printf(tb, "last_possible_leadout: unknown\n");
	if (present && m->writable)
		tb_printf(
		    tb, "next_writable_address: %ld %s\n",
		    (long)m->next_writable_address,
		    msf_format(msf_from_lba(m->next_writable_address), buf));
	else
		tb_printf(tb, "next_writable_address: none\n");
	if (present && m->writable)
		tb_printf(tb, "next_track: %u%s\n",
			  (unsigned)m->next_track_number,
			  m->first_track_of_session ? " new-session" : "");
	else
		tb_printf(tb, "next_track: none\n");
	if (present && m->atip_valid)
		tb_printf(tb, "atip_disc_sub_type: %u\n",
			  (unsigned)m->atip_disc_sub_type);
	else
		tb_printf(tb, "atip_disc_sub_type: unknown\n");
	if (present && m->atip_valid) {
		tb_printf(tb, "atip_disc_type: %s\n",
			  m->atip_disc_type_rw ? "CD-RW" : "CD-R");
		tb_printf(tb, "atip_leadin: %02u:%02u:%02u\n",
			  (unsigned)m->atip_leadin_m,
			  (unsigned)m->atip_leadin_s,
			  (unsigned)m->atip_leadin_f);
	} else {
		tb_printf(tb, "atip_disc_type: unknown\n");
		tb_printf(tb, "atip_leadin: unknown\n");
	}
	if (open)
		tb_printf(tb, "note: session open: only CD recorders can read "
			      "this disc until it is closed\n");
}
