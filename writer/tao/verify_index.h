/*
 * verify_index.h - the index points of a Session-At-Once disc checked
 * against its layout: which points can be read back (INDEX 00 where a
 * track has a pregap, INDEX 01, INDEX 02 and up), where a window of Q
 * sub-channel positions read back (mmc_subq.h) puts one, and the
 * sentence a difference is reported in.  Pure; the reading is in
 * verify_session.c.
 *
 * A point (track t, index i) begins at the first sector whose Q position
 * is (t, i) or later, in the order (track, index).  Sectors whose Q
 * carries the catalog number or an ISRC (about 1 in 100) or reads badly
 * hold no position: the point then lies somewhere after the last
 * position before it and at or before the first one from it, and it
 * matches when its expected LBA is in that range.  LBAs come from the
 * absolute time in each sector's own Q, not from the address asked for,
 * so a drive that returns the Q of a neighbouring sector is not wrong.
 */
#ifndef BURNFS_VERIFY_INDEX_H
#define BURNFS_VERIFY_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sao_layout.h"

struct verify_index_point {
	uint8_t track; /* on the disc: 1.. */
	uint8_t index; /* 0..99 */
	int32_t lba;
};

/* At most every index of every track. */
#define VERIFY_INDEX_MAX_POINTS (CD_MAX_TRACKS * (SAO_MAX_INDEX + 1))

/*
 * The points of lay that can be read back, in disc order: each track's
 * INDEX 00 when it has a pregap (not track 1's, which begins at LBA -150
 * where nothing can be read), its INDEX 01, INDEX 02...  Tracks are
 * numbered from 1.  Returns how many were written to out (at most max).
 */
size_t verify_index_points(const struct sao_layout *lay,
			   struct verify_index_point *out, size_t max);

/* One sector of a window read back. */
struct verify_q_sector {
	bool position; /* mode 1 read well; else the rest is unset */
	uint8_t track, index;
	int32_t lba; /* from the Q's absolute time */
};

enum verify_index_where {
	VERIFY_INDEX_IN,      /* the point begins in the window */
	VERIFY_INDEX_EARLIER, /* every position is at or after it */
	VERIFY_INDEX_LATER,   /* every position is before it */
	VERIFY_INDEX_NO_Q,    /* no position in the window */
};

struct verify_index_found {
	enum verify_index_where where;
	/* IN: the first position at or after the point, and the LBA of the
	 * last position before it (INT32_MIN: none, at the disc's start). */
	uint8_t track, index;
	int32_t lba;
	int32_t before_lba;
};

/*
 * Where (track, index) begins in the n sectors of a window read in disc
 * order; disc_start when the window begins at the first readable sector
 * (nothing before it can hold an earlier position).
 */
void verify_index_find(const struct verify_q_sector *q, size_t n,
		       bool disc_start, uint8_t track, uint8_t index,
		       struct verify_index_found *out);

/* Whether what was found (IN) is point p where it belongs. */
bool verify_index_matches(const struct verify_index_point *p,
			  const struct verify_index_found *f);

/*
 * A point that does not match, in words: "track 2 INDEX 01 expected at
 * LBA 15250, found at LBA 15260"; "track 2 INDEX 02 expected at LBA
 * 16000, not on the disc (track 3 INDEX 00 begins at LBA 17000)";
 * "... not on the disc" when nothing follows it.
 */
void verify_index_describe(const struct verify_index_point *p,
			   const struct verify_index_found *f, char *out,
			   size_t len);

#endif
