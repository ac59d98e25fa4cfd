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

uint64_t tao_sectors_needed(const uint32_t *sectors, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += sectors[i];
	/* A gap (run-out + pregap) between tracks, run-out after the last. */
	total += (uint64_t)(n - 1) * CD_TAO_TRACK_GAP;
	total += CD_TAO_RUNOUT_SECTORS;
	return total;
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
