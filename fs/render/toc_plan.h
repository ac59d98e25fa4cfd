/*
 * toc_plan.h - what `toc` and `toc.cue` both show: the tracks on the
 * disc, and where the staged tracks will go, computed once per rendering
 * from the media, the staged tracks and the write mode: their
 * Track-At-Once layout from the disc's next writable address (or from
 * LBA 0 without a disc), or their Session-At-Once layout on a blank disc
 * (sao_layout.h: index points, gapless joins, the lead-out).
 */
#ifndef BURNFS_TOC_PLAN_H
#define BURNFS_TOC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"
#include "sao_layout.h"
#include "tao_layout.h"

struct toc_plan {
	bool present;	       /* a disc is in the drive */
	size_t n_disc;	       /* tracks on it */
	bool can_plan;	       /* the staged tracks can go on it */
	unsigned first_number; /* the first staged track's number */
	unsigned session;      /* the session the staged tracks open/extend */
	enum burn_write_mode mode;
	struct tao_layout *lay; /* TAO: the staged tracks; NULL when none */
	/* SAO: the staged tracks' layout; NULL when none or impossible
	 * (then why says why, and can_plan is false). */
	struct sao_layout *sao;
	char why[256];
};

/*
 * 0, or -ENOMEM.  In SAO the tracks' pregaps must already be what the
 * burn will use (control_apply_pregaps).  Free with toc_plan_free.
 */
int toc_plan_build(struct toc_plan *p, const struct media_info *m,
		   const struct burn_track *staged, size_t n_staged,
		   enum burn_write_mode mode);
/* The staged track i's INDEX 01 (its start in the TOC). */
int32_t toc_plan_start(const struct toc_plan *p, size_t i);
/* The lead-out after the staged tracks (can_plan, n_staged > 0). */
int32_t toc_plan_leadout(const struct toc_plan *p);
/* Sectors the staged tracks need from the next writable address. */
uint64_t toc_plan_sectors(const struct toc_plan *p);
void toc_plan_free(struct toc_plan *p);

#endif
