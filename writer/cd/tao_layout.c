/*
 * tao_layout.c - Track-At-Once layout arithmetic (see tao_layout.h).
 *
 * Pure functions: padded track lengths, the sectors a set of tracks needs
 * between the first NWA and the lead-out, and the start LBA of every track.
 * The gap between tracks (2 run-out + 150 pregap) comes from msf.h so
 * that the engine, the virtual recorder and the filesystem agree on it.
 */
#include "tao_layout.h"

#include "msf.h"

#include <stdlib.h>

uint32_t tao_track_sectors(uint64_t pcm_bytes)
{
	uint64_t sectors =
	    (pcm_bytes + CD_SECTOR_BYTES - 1) / (uint64_t)CD_SECTOR_BYTES;
	if (sectors < CD_MIN_TRACK_SECTORS)
		sectors = CD_MIN_TRACK_SECTORS;
	if (sectors > UINT32_MAX)
		sectors = UINT32_MAX;
	return (uint32_t)sectors;
}

bool tao_track_needs_padding(uint64_t pcm_bytes)
{
	return pcm_bytes % CD_SECTOR_BYTES != 0 ||
	       pcm_bytes < (uint64_t)CD_MIN_TRACK_SECTORS * CD_SECTOR_BYTES;
}

uint64_t tao_span(uint64_t sum_sectors, size_t n)
{
	if (n == 0)
		return 0;
	/* A gap (run-out + pregap) between tracks, run-out after the last. */
	return sum_sectors + (uint64_t)(n - 1) * CD_TAO_TRACK_GAP +
	       CD_TAO_RUNOUT_SECTORS;
}

uint64_t tao_sectors_needed(const uint32_t *sectors, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += sectors[i];
	return tao_span(total, n);
}

int32_t tao_plan(int32_t nwa, const uint32_t *sectors, size_t n,
		 int32_t *starts)
{
	int64_t at = nwa;
	for (size_t i = 0; i < n; i++) {
		if (starts)
			starts[i] = (int32_t)at;
		at += sectors[i];
		if (i + 1 < n)
			at += CD_TAO_TRACK_GAP;
	}
	if (n > 0)
		at += CD_TAO_RUNOUT_SECTORS;
	return (int32_t)at;
}

bool tao_fits(const uint32_t *sectors, size_t n, uint32_t free_sectors)
{
	return tao_sectors_needed(sectors, n) <= free_sectors;
}

struct tao_layout *tao_layout_alloc(size_t n)
{
	struct tao_layout *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->n = n;
	l->sectors = calloc(n ? n : 1, sizeof(*l->sectors));
	l->starts = calloc(n ? n : 1, sizeof(*l->starts));
	if (!l->sectors || !l->starts) {
		tao_layout_free(l);
		return NULL;
	}
	return l;
}

void tao_layout_plan(struct tao_layout *l, int32_t nwa)
{
	l->nwa = nwa;
	l->leadout = tao_plan(nwa, l->sectors, l->n, l->starts);
	l->sectors_needed = tao_sectors_needed(l->sectors, l->n);
}

void tao_layout_free(struct tao_layout *l)
{
	if (!l)
		return;
	free(l->sectors);
	free(l->starts);
	free(l);
}
