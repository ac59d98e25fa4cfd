/*
 * toc_plan.h - what `toc` and `toc.cue` both show: the tracks on the
 * disc, and where the staged tracks will go (their Track-At-Once layout
 * from the disc's next writable address, or from LBA 0 without a disc),
 * computed once per rendering from the media and the staged tracks.
 */
#ifndef BURNFS_TOC_PLAN_H
#define BURNFS_TOC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"
#include "tao_layout.h"

struct toc_plan {
	bool present;		/* a disc is in the drive */
	size_t n_disc;		/* tracks on it */
	bool can_plan;		/* the staged tracks can go on it */
	unsigned first_number;	/* the first staged track's number */
	unsigned session;	/* the session the staged tracks open/extend */
	struct tao_layout *lay; /* the staged tracks; NULL when none */
};

/* 0, or -ENOMEM.  Free with toc_plan_free. */
int toc_plan_build(struct toc_plan *p, const struct media_info *m,
		   const struct burn_track *staged, size_t n_staged);
void toc_plan_free(struct toc_plan *p);

#endif
