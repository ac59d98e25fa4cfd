/*
 * toc_plan.c - the plan `toc` and `toc.cue` share (see toc_plan.h).
 */
#include "toc_plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SAO: the session of a blank disc (or of no disc, as if blank). */
static int plan_sao(struct toc_plan *p, const struct media_info *m,
		    const struct burn_track *staged, size_t n_staged)
{
	p->first_number = 1;
	p->session = 1;
	if (p->present && m->state != MEDIA_STATE_BLANK) {
		p->can_plan = false;
		snprintf(p->why, sizeof(p->why),
			 "Session-At-Once writes a blank disc only");
		return 0;
	}
	if (n_staged == 0)
		return 0;
	int rc = burn_tracks_sao_layout(staged, n_staged, &p->sao, p->why,
					sizeof(p->why));
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		p->can_plan = false;
	return 0;
}

int toc_plan_build(struct toc_plan *p, const struct media_info *m,
		   const struct burn_track *staged, size_t n_staged,
		   enum burn_write_mode mode)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->present = m->type != MEDIA_NONE && m->state != MEDIA_STATE_NONE;
	p->n_disc = p->present ? m->n_tracks : 0;
	if (p->n_disc > sizeof(m->tracks) / sizeof(m->tracks[0]))
		p->n_disc = sizeof(m->tracks) / sizeof(m->tracks[0]);
	/* Without a disc the plan is what a blank disc would get. */
	p->can_plan =
	    !p->present || m->writable || m->state == MEDIA_STATE_BLANK;
	if (mode == BURN_WRITE_SAO)
		return plan_sao(p, m, staged, n_staged);
	int32_t nwa = p->present && m->writable ? m->next_writable_address : 0;
	p->first_number = (unsigned)p->n_disc + 1;
	if (p->present && m->writable && m->next_track_number > 0)
		p->first_number = m->next_track_number;
	p->session = 1;
	if (p->present && m->n_sessions > 0)
		p->session =
		    m->session_open ? m->n_sessions : m->n_sessions + 1;
	if (n_staged == 0)
		return 0;
	p->lay = burn_tracks_layout(nwa, staged, n_staged);
	return p->lay ? 0 : -ENOMEM;
}

int32_t toc_plan_start(const struct toc_plan *p, size_t i)
{
	return p->sao ? p->sao->track[i].index[1] : p->lay->starts[i];
}

int32_t toc_plan_leadout(const struct toc_plan *p)
{
	return p->sao ? p->sao->leadout : p->lay->leadout;
}

uint64_t toc_plan_sectors(const struct toc_plan *p)
{
	if (p->sao)
		return (uint64_t)p->sao->leadout;
	return p->lay ? p->lay->sectors_needed : 0;
}

void toc_plan_free(struct toc_plan *p)
{
	tao_layout_free(p->lay);
	p->lay = NULL;
	free(p->sao);
	p->sao = NULL;
}
