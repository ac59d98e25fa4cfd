/*
 * toc_plan.c - the plan `toc` and `toc.cue` share (see toc_plan.h).
 */
#include "toc_plan.h"

#include <errno.h>
#include <string.h>

int toc_plan_build(struct toc_plan *p, const struct media_info *m,
		   const struct burn_track *staged, size_t n_staged)
{
	memset(p, 0, sizeof(*p));
	p->present = m->type != MEDIA_NONE && m->state != MEDIA_STATE_NONE;
	p->n_disc = p->present ? m->n_tracks : 0;
	if (p->n_disc > sizeof(m->tracks) / sizeof(m->tracks[0]))
		p->n_disc = sizeof(m->tracks) / sizeof(m->tracks[0]);
	/* Without a disc the plan is what a blank disc would get. */
	p->can_plan =
	    !p->present || m->writable || m->state == MEDIA_STATE_BLANK;
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

void toc_plan_free(struct toc_plan *p)
{
	tao_layout_free(p->lay);
	p->lay = NULL;
}
