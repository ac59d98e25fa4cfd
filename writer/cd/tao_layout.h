/*
 * tao_layout.h - Track-At-Once disc layout arithmetic: where each track
 * will start, how many sectors a set of tracks needs, and whether it fits.
 *
 * Pure functions, shared by the engine (capacity check before burning)
 * and the filesystem (ENOSPC while staging, the toc file, df).  A whole
 * disc's plan is one struct tao_layout, computed once per question
 * (burn_tracks_layout in writer/tao builds it from the staged tracks).
 *
 *   T(1) = NWA of the invisible track
 *   T(k+1) = T(k) + len(k) + 2 run-out + 150 pregap
 *   lead-out start = T(N) + len(N) + 2
 *
 * len(k) is the PCM length rounded up to whole sectors and to at least
 * 300 sectors (4 s).
 */
#ifndef BURNFS_TAO_LAYOUT_H
#define BURNFS_TAO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sectors a track of pcm_bytes occupies after padding (>= 300). */
uint32_t tao_track_sectors(uint64_t pcm_bytes);
/* True when the PCM needs padding to a whole sector or to 4 seconds. */
bool tao_track_needs_padding(uint64_t pcm_bytes);

/*
 * Sectors from the first track's NWA to the lead-out start for tracks of
 * the given padded lengths (sum of lengths + 152 per gap + 2).  0 for n=0.
 */
uint64_t tao_sectors_needed(const uint32_t *sectors, size_t n);

/*
 * Start LBAs of n tracks written from nwa; returns the lead-out start.
 */
int32_t tao_plan(int32_t nwa, const uint32_t *sectors, size_t n,
		 int32_t *starts);

/* Do n tracks fit into free_sectors (invisible track's Free Blocks)? */
bool tao_fits(const uint32_t *sectors, size_t n, uint32_t free_sectors);

/* tao_sectors_needed for n tracks whose padded lengths add up to sum. */
uint64_t tao_span(uint64_t sum_sectors, size_t n);

/* The plan of n tracks written Track-At-Once from nwa. */
struct tao_layout {
	size_t n;
	uint32_t *sectors;	 /* padded length of each track */
	int32_t *starts;	 /* start LBA of each track */
	int32_t nwa;		 /* where the first track starts */
	int32_t leadout;	 /* lead-out start */
	uint64_t sectors_needed; /* from nwa to the lead-out start */
};

/* A layout of n tracks with zeroed arrays; NULL when out of memory. */
struct tao_layout *tao_layout_alloc(size_t n);
/* Fills starts, leadout and sectors_needed from sectors and nwa. */
void tao_layout_plan(struct tao_layout *l, int32_t nwa);
void tao_layout_free(struct tao_layout *l);

#endif
