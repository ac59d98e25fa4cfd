/*
 * verify_index.c - index points expected from a layout and located in
 * Q sub-channel positions read back (see verify_index.h).
 */
#include "verify_index.h"

#include <stdio.h>

size_t verify_index_points(const struct sao_layout *lay,
			   struct verify_index_point *out, size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < lay->n; k++) {
		const struct sao_track_layout *tl = &lay->track[k];
		uint8_t track = (uint8_t)(k + 1);
		if (k > 0 && tl->index0 < tl->index[1] && n < max)
			out[n++] = (struct verify_index_point){
			    .track = track, .index = 0, .lba = tl->index0};
		for (unsigned i = 1; i <= tl->last_index && n < max; i++)
			out[n++] =
			    (struct verify_index_point){.track = track,
							.index = (uint8_t)i,
							.lba = tl->index[i]};
	}
	return n;
}

static unsigned key(uint8_t track, uint8_t index)
{
	return (unsigned)track * 100u + index;
}

void verify_index_find(const struct verify_q_sector *q, size_t n,
		       bool disc_start, uint8_t track, uint8_t index,
		       struct verify_index_found *out)
{
	unsigned want = key(track, index);
	bool any = false, before = disc_start;
	int32_t before_lba = INT32_MIN;
	*out = (struct verify_index_found){.where = VERIFY_INDEX_NO_Q};
	for (size_t i = 0; i < n; i++) {
		if (!q[i].position)
			continue;
		any = true;
		if (key(q[i].track, q[i].index) < want) {
			before = true;
			before_lba = q[i].lba;
			continue;
		}
		if (!before) {
			out->where = VERIFY_INDEX_EARLIER;
			return;
		}
		out->where = VERIFY_INDEX_IN;
		out->track = q[i].track;
		out->index = q[i].index;
		out->lba = q[i].lba;
		out->before_lba = before_lba;
		return;
	}
	if (any)
		out->where = VERIFY_INDEX_LATER;
}

bool verify_index_matches(const struct verify_index_point *p,
			  const struct verify_index_found *f)
{
	return f->where == VERIFY_INDEX_IN && f->track == p->track &&
	       f->index == p->index && f->before_lba < p->lba &&
	       p->lba <= f->lba;
}

void verify_index_describe(const struct verify_index_point *p,
			   const struct verify_index_found *f, char *out,
			   size_t len)
{
	int n = snprintf(out, len, "track %u INDEX %02u expected at LBA %d",
			 p->track, p->index, (int)p->lba);
	size_t at = n < 0 ? 0 : (size_t)n;
	if (at >= len)
		return;
	if (f->where == VERIFY_INDEX_IN && f->track == p->track &&
	    f->index == p->index)
		snprintf(out + at, len - at, ", found at LBA %d", (int)f->lba);
	else if (f->where == VERIFY_INDEX_IN)
		snprintf(out + at, len - at,
			 ", not on the disc (track %u INDEX %02u begins at "
			 "LBA %d)",
			 f->track, f->index, (int)f->lba);
	else if (f->where == VERIFY_INDEX_LATER)
		snprintf(out + at, len - at, ", not on the disc");
	else
		snprintf(out + at, len - at,
			 ", not found (the drive gave no position)");
}
