/*
 * sao_commit.c - the commit checks of a Session-At-Once burn (see
 * sao_commit.h).
 */
#include "sao_commit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "msf.h"
#include "refusal.h"
#include "sao_layout.h"

int sao_commit_check(const struct drive_info *d, const struct media_info *m,
		     const struct burn_options *o,
		     const struct burn_track *tracks, size_t n, uint64_t *total,
		     char *why, size_t why_len)
{
	*total = 0;
	if (o->keep_session_open)
		return refuse(why, why_len, EOPNOTSUPP,
			      "commit: write_mode is sao and keep_session_open "
			      "is 1: a Session-At-Once session is always "
			      "closed (echo 0 > keep_session_open, or echo tao "
			      "> write_mode)");
	if (!d->can_write_sao)
		return refuse(why, why_len, ENOTSUP,
			      "commit: the drive cannot write Session-At-Once "
			      "(no SAO in feature 002Eh CD Mastering); nothing "
			      "was written: echo tao > write_mode to burn "
			      "Track-At-Once");
	if (n == 0)
		return refuse(why, why_len, ENODATA,
			      "commit: no tracks are staged (write_mode sao "
			      "burns a whole session; echo tao > write_mode to "
			      "close an open session)");
	if (m->state != MEDIA_STATE_BLANK)
		return refuse(why, why_len, EMEDIUMTYPE,
			      "commit: Session-At-Once writes a blank disc, "
			      "and this one has %u session%s already; append "
			      "Track-At-Once with echo tao > write_mode",
			      m->n_sessions, m->n_sessions == 1 ? "" : "s");
	if (!m->writable)
		return refuse(why, why_len, EROFS,
			      "commit: the drive reports no writable address "
			      "on this disc");
	if (n > CD_MAX_TRACKS)
		return refuse(why, why_len, ENOSPC,
			      "commit: %zu tracks are staged; a disc holds at "
			      "most %d",
			      n, CD_MAX_TRACKS);
	struct sao_layout *l = NULL;
	char lwhy[256] = "";
	int rc = burn_tracks_sao_layout(tracks, n, &l, lwhy, sizeof(lwhy));
	if (rc < 0)
		return refuse(why, why_len, -rc, "commit: %s", lwhy);
	uint64_t need =
	    (uint64_t)((int64_t)l->leadout - m->next_writable_address);
	*total = (uint64_t)((int64_t)l->leadout - SAO_FIRST_LBA);
	free(l);
	if (need > m->free_sectors) {
		char a[16], b[16];
		msf_format(msf_from_length((uint32_t)need), a);
		msf_format(msf_from_length(m->free_sectors), b);
		return refuse(why, why_len, ENOSPC,
			      "commit: the session needs %llu sectors (%s), "
			      "the disc has %u free (%s)",
			      (unsigned long long)need, a, m->free_sectors, b);
	}
	return 0;
}
