/*
 * vrec_sao_disc.c - the arithmetic of a Session-At-Once recording over a
 * cue sheet the drive accepted (mmc_cue_sheet_parse): what each sector
 * is for the host (lead-in R-W sub-channel, audio, or made by the drive),
 * and the tracks the session leaves on the disc model, with their
 * pregaps, index points, ISRC, control bits and the catalog number.
 * Pure functions; see vrec_sao.h.
 */
#include <string.h>

#include "msf.h"
#include "vrec_sao.h"

enum vrec_sao_sector vrec_sao_sector_kind(const struct mmc_cue_sheet *s,
					  int32_t leadin, int32_t lba)
{
	if (lba >= s->leadout || lba < leadin)
		return VREC_SAO_OUTSIDE;
	if (lba < SAO_FIRST_LBA)
		return s->cd_text ? VREC_SAO_LEAD_IN_TEXT : VREC_SAO_GENERATED;
	for (size_t i = 0; i < s->n; i++) {
		const struct mmc_cue_sheet_track *t = &s->track[i];
		if (lba >= t->end)
			continue;
		if (lba < t->index[1] && t->pregap_generated)
			return VREC_SAO_GENERATED;
		return VREC_SAO_AUDIO;
	}
	return VREC_SAO_OUTSIDE;
}

int32_t vrec_sao_next_sent(const struct mmc_cue_sheet *s, int32_t leadin,
			   int32_t lba)
{
	while (lba < s->leadout &&
	       vrec_sao_sector_kind(s, leadin, lba) == VREC_SAO_GENERATED) {
		/* Jump over a whole generated run at once. */
		if (lba < SAO_FIRST_LBA) {
			lba = SAO_FIRST_LBA;
			continue;
		}
		for (size_t i = 0; i < s->n; i++)
			if (lba < s->track[i].end) {
				lba = s->track[i].index[1];
				break;
			}
	}
	return lba < s->leadout ? lba : s->leadout;
}

unsigned vdisc_record_sao(struct vrec_disc *d, const struct mmc_cue_sheet *s,
			  int32_t end, bool complete, uint8_t ms)
{
	unsigned n = 0;
	for (size_t i = 0; i < s->n && n < VREC_MAX_TRACKS; i++) {
		const struct mmc_cue_sheet_track *st = &s->track[i];
		if (st->index[1] >= end)
			break; /* INDEX 01 never reached */
		struct vrec_track *t = &d->tracks[n++];
		memset(t, 0, sizeof(*t));
		t->start = st->index[1];
		int32_t stop = st->end < end ? st->end : end;
		t->length = (uint32_t)(stop - st->index[1]);
		t->session = 1;
		t->ctl = st->q_control & 0x0F;
		memcpy(t->isrc, st->isrc, sizeof(t->isrc));
		t->damaged = !complete && st->end > end;
		t->sao = true;
		t->pregap = (uint32_t)(st->index[1] - st->index[0]);
		t->runout = 0;
		for (unsigned k = 2; k <= st->last_index; k++)
			if (st->index[k] < stop)
				t->index[t->n_index++] = st->index[k];
	}
	if (n == 0)
		return 0;
	d->ntracks = n;
	d->track_open = false;
	d->nsessions = 1;
	struct vrec_session *ss = &d->sessions[0];
	memset(ss, 0, sizeof(*ss));
	ss->first_track = 1;
	ss->last_track = (uint8_t)n;
	memcpy(d->mcn, s->mcn, sizeof(d->mcn));
	if (complete) {
		ss->closed = true;
		ss->ms = ms & 3;
		ss->leadout = s->leadout;
		if (ss->ms != VREC_MS_NEXT)
			d->finalized = true;
	}
	return n;
}
