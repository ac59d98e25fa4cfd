/*
 * vrec_disc.c - the virtual recorder's disc model and its Track-At-Once
 * arithmetic (see vrec_disc.h and doc/virtual-recorder.md).
 */
#include "vrec_disc.h"

#include <string.h>

#include "msf.h"

/*
 * ATIP values as real media report them (libburn doc/mediainfo.txt):
 * 80 min: lead-in 97:15:35 (-12490), last lead-out 79:59:74 (359849);
 * 74 min: lead-in 97:24:01 (-11849), last lead-out 74:43:02 (336077).
 */
static const struct vrec_media_info media_table[] = {
    [VREC_MEDIA_NONE] = {"none", false, false, 0, 0},
    [VREC_MEDIA_CDR74] = {"cdr74", true, false, -11849, 336077},
    [VREC_MEDIA_CDR80] = {"cdr80", true, false, -12490, 359849},
    [VREC_MEDIA_CDRW74] = {"cdrw74", true, true, -11849, 336077},
    [VREC_MEDIA_CDRW80] = {"cdrw80", true, true, -12490, 359849},
};

const struct vrec_media_info *vrec_media_info(enum vrec_media_kind kind)
{
	if ((unsigned)kind >= sizeof(media_table) / sizeof(media_table[0]))
		return &media_table[VREC_MEDIA_NONE];
	return &media_table[kind];
}

int vrec_media_from_name(const char *name)
{
	for (unsigned i = 0; i < sizeof(media_table) / sizeof(media_table[0]);
	     i++)
		if (strcmp(media_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

int vrec_rw_speed_from_name(const char *name)
{
	if (strcmp(name, "high") == 0)
		return VREC_RW_HIGH;
	if (strcmp(name, "ultra") == 0)
		return VREC_RW_ULTRA;
	return -1;
}

void vdisc_init(struct vrec_disc *d, enum vrec_media_kind media)
{
	memset(d, 0, sizeof(*d));
	d->media = media;
}

bool vdisc_present(const struct vrec_disc *d)
{
	return vrec_media_info(d->media)->present;
}

bool vdisc_erasable(const struct vrec_disc *d)
{
	return vrec_media_info(d->media)->erasable;
}

bool vdisc_writable(const struct vrec_disc *d)
{
	return vdisc_present(d) && !d->finalized;
}

bool vdisc_session_open(const struct vrec_disc *d)
{
	return d->nsessions > 0 && !d->sessions[d->nsessions - 1].closed;
}

int vdisc_status(const struct vrec_disc *d)
{
	if (d->finalized)
		return VREC_DISC_COMPLETE;
	if (d->ntracks == 0)
		return VREC_DISC_BLANK;
	return VREC_DISC_INCOMPLETE;
}

int vdisc_last_session_state(const struct vrec_disc *d)
{
	if (d->finalized)
		return VREC_SESSION_COMPLETE;
	if (vdisc_session_open(d))
		return VREC_SESSION_INCOMPLETE;
	return VREC_SESSION_EMPTY;
}

unsigned vdisc_complete_tracks(const struct vrec_disc *d)
{
	return d->track_open ? d->ntracks - 1 : d->ntracks;
}

unsigned vdisc_next_session(const struct vrec_disc *d)
{
	if (vdisc_session_open(d))
		return d->nsessions;
	return d->nsessions + 1;
}

int32_t vdisc_session_leadout(const struct vrec_disc *d, unsigned s)
{
	if (s == 0 || s > d->nsessions)
		return 0;
	const struct vrec_session *ss = &d->sessions[s - 1];
	if (ss->closed)
		return ss->leadout;
	/* Open session: after its last complete track. */
	unsigned last = ss->last_track;
	if (d->track_open && last == d->ntracks)
		last--;
	if (last < ss->first_track)
		return d->tracks[ss->first_track - 1].start;
	const struct vrec_track *t = &d->tracks[last - 1];
	return t->start + (int32_t)t->length + t->runout;
}

int32_t vdisc_track_first(const struct vrec_disc *d, unsigned k)
{
	const struct vrec_track *t = &d->tracks[k - 1];
	return t->start - (int32_t)t->pregap;
}

int32_t vdisc_track_end(const struct vrec_disc *d, unsigned k)
{
	const struct vrec_track *t = &d->tracks[k - 1];
	return t->start + (int32_t)t->length + t->runout;
}

uint8_t vdisc_index_at(const struct vrec_disc *d, unsigned k, int32_t lba)
{
	const struct vrec_track *t = &d->tracks[k - 1];
	if (lba < t->start)
		return 0;
	uint8_t i = 0;
	while (i < t->n_index && lba >= t->index[i])
		i++;
	return (uint8_t)(1 + i);
}

bool vdisc_has_sao(const struct vrec_disc *d)
{
	for (unsigned k = 1; k <= d->ntracks; k++)
		if (d->tracks[k - 1].sao)
			return true;
	return false;
}

int32_t vdisc_nwa(const struct vrec_disc *d)
{
	if (d->ntracks == 0)
		return 0;
	const struct vrec_track *t = &d->tracks[d->ntracks - 1];
	if (d->track_open)
		return t->start + (int32_t)t->length;
	if (vdisc_session_open(d))
		return t->start + (int32_t)t->length + CD_TAO_TRACK_GAP;
	const struct vrec_session *s = &d->sessions[d->nsessions - 1];
	return s->leadout + (d->nsessions == 1 ? CD_NEXT_SESSION_GAP_FIRST
					       : CD_NEXT_SESSION_GAP_LATER);
}

uint32_t vdisc_free_blocks(const struct vrec_disc *d)
{
	if (!vdisc_writable(d))
		return 0;
	int32_t last = vrec_media_info(d->media)->last_leadout;
	int32_t nwa = vdisc_nwa(d);
	return nwa < last ? (uint32_t)(last - nwa) : 0;
}

int vdisc_open_track(struct vrec_disc *d, uint8_t ctl, const char *isrc,
		     const char *mcn)
{
	if (!vdisc_writable(d) || d->track_open ||
	    d->ntracks >= VREC_MAX_TRACKS)
		return -1;
	int32_t nwa = vdisc_nwa(d);
	if (!vdisc_session_open(d)) {
		struct vrec_session *s = &d->sessions[d->nsessions++];
		memset(s, 0, sizeof(*s));
		s->first_track = (uint8_t)(d->ntracks + 1);
		if (d->nsessions == 1 && mcn) {
			size_t n = strlen(mcn);
			if (n > 13)
				n = 13;
			memcpy(d->mcn, mcn, n);
			d->mcn[n] = '\0';
		}
	}
	struct vrec_track *t = &d->tracks[d->ntracks++];
	memset(t, 0, sizeof(*t));
	t->start = nwa;
	t->session = (uint8_t)d->nsessions;
	t->ctl = ctl & 0x0F;
	t->pregap = CD_PREGAP_SECTORS;
	t->runout = CD_TAO_RUNOUT_SECTORS;
	if (isrc) {
		size_t n = strlen(isrc);
		if (n > 12)
			n = 12;
		memcpy(t->isrc, isrc, n);
	}
	d->sessions[d->nsessions - 1].last_track = (uint8_t)d->ntracks;
	d->track_open = true;
	return 0;
}

void vdisc_append(struct vrec_disc *d, uint32_t n)
{
	if (d->track_open)
		d->tracks[d->ntracks - 1].length += n;
}

uint32_t vdisc_close_track(struct vrec_disc *d)
{
	if (!d->track_open)
		return 0;
	struct vrec_track *t = &d->tracks[d->ntracks - 1];
	uint32_t pad = 0;
	if (t->length < CD_MIN_TRACK_SECTORS) {
		pad = CD_MIN_TRACK_SECTORS - t->length;
		t->length = CD_MIN_TRACK_SECTORS;
	}
	d->track_open = false;
	return pad;
}

int vdisc_close_session(struct vrec_disc *d, uint8_t ms)
{
	if (!vdisc_session_open(d))
		return -1;
	vdisc_close_track(d);
	struct vrec_session *s = &d->sessions[d->nsessions - 1];
	const struct vrec_track *t = &d->tracks[d->ntracks - 1];
	s->leadout = t->start + (int32_t)t->length + t->runout;
	s->closed = true;
	s->ms = ms & 3;
	if (s->ms != VREC_MS_NEXT)
		d->finalized = true;
	return 0;
}
