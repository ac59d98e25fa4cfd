/*
 * vrec_blank.c - the BLANK command's blanking types on the disc model
 * (MMC-5, BLANK): what each type erases of a CD-RW written Track-At-Once.
 *
 *   000b blank the disc, 001b minimally blank: the disc is blank again
 *        (after a minimal blank only PMA, TOC and the first pregap are
 *        erased, but the disc reads as blank all the same);
 *   010b blank a track: the last track, in an incomplete session;
 *   011b unreserve a track: a reserved track (none: TAO reserves none);
 *   100b blank a track tail: the last track, in an incomplete session,
 *        from an LBA inside it to its end;
 *   101b unclose the last session: its lead-in and lead-out go, and the
 *        session is incomplete again (tracks can be added to it);
 *   110b blank a session: the last session, with its tracks.
 * A type that does not apply to the disc as it is returns -1 (the
 * command layer answers 05/24/00).  Pure: no I/O.
 */
#include <string.h>

#include "msf.h"
#include "vrec_disc.h"

/* The last session, if it is open (incomplete) and has a track. */
static struct vrec_session *open_session(struct vrec_disc *d)
{
	if (d->track_open || !vdisc_session_open(d))
		return NULL;
	return &d->sessions[d->nsessions - 1];
}

/* Forgets the last track; its session goes with it when it was the
 * session's only one. */
static void drop_last_track(struct vrec_disc *d)
{
	struct vrec_session *s = &d->sessions[d->nsessions - 1];
	d->ntracks--;
	memset(&d->tracks[d->ntracks], 0, sizeof(d->tracks[0]));
	if (s->first_track > d->ntracks) {
		memset(s, 0, sizeof(*s));
		d->nsessions--;
		if (d->nsessions == 0)
			d->mcn[0] = '\0';
	} else {
		s->last_track = (uint8_t)d->ntracks;
	}
}

int vdisc_blank_track(struct vrec_disc *d, uint32_t track)
{
	if (!open_session(d) || track != d->ntracks)
		return -1;
	drop_last_track(d);
	return 0;
}

int vdisc_blank_tail(struct vrec_disc *d, int32_t lba)
{
	if (!open_session(d))
		return -1;
	struct vrec_track *t = &d->tracks[d->ntracks - 1];
	if (lba <= t->start || lba >= t->start + (int32_t)t->length)
		return -1;
	t->length = (uint32_t)(lba - t->start);
	return 0;
}

int vdisc_unclose_session(struct vrec_disc *d)
{
	if (d->track_open || d->nsessions == 0 || vdisc_session_open(d))
		return -1;
	struct vrec_session *s = &d->sessions[d->nsessions - 1];
	s->closed = false;
	s->ms = 0;
	s->leadout = 0;
	d->finalized = false;
	return 0;
}

int vdisc_blank_session(struct vrec_disc *d)
{
	if (d->track_open || d->nsessions == 0)
		return -1;
	unsigned s = d->nsessions;
	while (d->nsessions == s)
		drop_last_track(d);
	/* The sessions before it were closed appendable. */
	d->finalized = false;
	return 0;
}

int32_t vdisc_recorded_end(const struct vrec_disc *d)
{
	unsigned nc = vdisc_complete_tracks(d);
	if (nc == 0)
		return 0;
	const struct vrec_track *t = &d->tracks[nc - 1];
	return t->start + (int32_t)t->length + CD_TAO_RUNOUT_SECTORS;
}
