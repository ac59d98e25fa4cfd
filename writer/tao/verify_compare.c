/*
 * verify_compare.c - comparison, read-offset search and wording of
 * verification results (see verify_compare.h).
 */
#include "verify_compare.h"

#include <stdio.h>
#include <string.h>

size_t verify_first_difference(const uint8_t *a, const uint8_t *b,
			       size_t frames)
{
	size_t bytes = frames * VERIFY_FRAME_BYTES;
	if (memcmp(a, b, bytes) == 0)
		return frames;
	for (size_t i = 0; i < frames; i++)
		if (memcmp(a + i * VERIFY_FRAME_BYTES,
			   b + i * VERIFY_FRAME_BYTES, VERIFY_FRAME_BYTES) != 0)
			return i;
	return frames;
}

bool verify_window_is_flat(const uint8_t *p, size_t frames)
{
	for (size_t i = 1; i < frames; i++)
		if (memcmp(p, p + i * VERIFY_FRAME_BYTES, VERIFY_FRAME_BYTES) !=
		    0)
			return false;
	return true;
}

bool verify_find_offset(const uint8_t *read, size_t frames,
			const uint8_t *staged, unsigned max, int *offset)
{
	for (unsigned k = 0; k <= 2 * max; k++) {
		/* 0, +1, -1, +2, -2, ... */
		int n = (k & 1) ? (int)(k + 1) / 2 : -(int)(k / 2);
		const uint8_t *s =
		    staged + (size_t)((int)max + n) * VERIFY_FRAME_BYTES;
		if (memcmp(read, s, frames * VERIFY_FRAME_BYTES) == 0) {
			*offset = n;
			return true;
		}
	}
	return false;
}

void verify_compare_range(uint64_t track_frames, int offset, uint64_t *lo,
			  uint64_t *hi)
{
	uint64_t a = offset < 0 ? (uint64_t) - (int64_t)offset : 0;
	uint64_t cut = offset > 0 ? (uint64_t)offset : 0;
	uint64_t b = track_frames > cut ? track_frames - cut : 0;
	*lo = a < b ? a : b;
	*hi = b;
}

void verify_locate(struct verify_result *r, int32_t track_start, uint64_t frame)
{
	r->frame = frame;
	r->sector = (uint32_t)(frame / VERIFY_SECTOR_FRAMES);
	r->sample = (unsigned)(frame % VERIFY_SECTOR_FRAMES);
	r->lba = track_start + (int32_t)r->sector;
}

void verify_describe(const struct verify_result *r, char *out, size_t len)
{
	switch (r->verdict) {
	case VERIFY_MATCH:
		snprintf(out, len, "match");
		return;
	case VERIFY_OFFSET:
		snprintf(out, len, "match, offset found %d samples", r->offset);
		return;
	case VERIFY_MISMATCH:
		snprintf(out, len,
			 "mismatch at LBA %d (sector %u of the track), sample "
			 "%llu of the track (sample %u of the sector)%s",
			 (int)r->lba, r->sector, (unsigned long long)r->frame,
			 r->sample, r->offset ? ", read offset" : "");
		if (r->offset) {
			size_t n = strlen(out);
			snprintf(out + n, len > n ? len - n : 0, " %d samples",
				 r->offset);
		}
		return;
	}
	snprintf(out, len, "unknown");
}
