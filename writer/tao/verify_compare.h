/*
 * verify_compare.h - comparing audio read back from a disc with the
 * audio that was staged for it: the first differing stereo frame, the
 * search for a drive's read offset, and the words a result is reported
 * in.  Pure functions, used by the verification step of a burn
 * (verify_job.c) and unit-tested with byte vectors.
 *
 * Positions are stereo frames ("samples": 4 bytes of CD-DA, 588 to a
 * sector) counted from the first frame of a track's audio on the disc.
 * A drive with read offset N delivers at position p the frame recorded
 * at position p + N; verification with offset N compares the frame read
 * at p with the staged frame at p + N, for every p where p + N lies in
 * the track (the edges that the offset moves past the track's ends hold
 * neighbouring sectors and are not compared).
 */
#ifndef BURNFS_VERIFY_COMPARE_H
#define BURNFS_VERIFY_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msf.h"

#define VERIFY_FRAME_BYTES 4
#define VERIFY_SECTOR_FRAMES CD_SECTOR_STEREO_FRAMES
/* The offsets searched: +-5 sectors' worth of frames, as AccurateRip. */
#define VERIFY_MAX_OFFSET (5 * VERIFY_SECTOR_FRAMES)

/* Index of the first frame where a and b differ, or frames when equal. */
size_t verify_first_difference(const uint8_t *a, const uint8_t *b,
			       size_t frames);

/* True when every frame of p[frames] is the same (silence, DC). */
bool verify_window_is_flat(const uint8_t *p, size_t frames);

/*
 * The read offset of a window: read[frames] was read at track positions
 * [p0, p0 + frames); staged holds the staged frames at positions
 * [p0 - max, p0 + frames + max) (frames + 2 * max frames).  Tries
 * offsets 0, +1, -1, +2, -2, ... up to +-max and returns true with
 * *offset for the first whose frames all match.
 */
bool verify_find_offset(const uint8_t *read, size_t frames,
			const uint8_t *staged, unsigned max, int *offset);

/*
 * The read positions [*lo, *hi) compared for a track of track_frames
 * frames read with offset (all of them for offset 0).
 */
void verify_compare_range(uint64_t track_frames, int offset, uint64_t *lo,
			  uint64_t *hi);

enum verify_verdict {
	VERIFY_MATCH,	 /* identical, no read offset */
	VERIFY_OFFSET,	 /* identical at a read offset (edges not compared) */
	VERIFY_MISMATCH, /* differs; first difference in `frame` */
};

struct verify_result {
	enum verify_verdict verdict;
	int offset;	 /* read offset used, frames */
	uint64_t frame;	 /* MISMATCH: first differing frame on the disc,
			    counted from the track's start */
	int32_t lba;	 /* MISMATCH: the sector holding it */
	uint32_t sector; /* MISMATCH: that sector within the track */
	unsigned sample; /* MISMATCH: the frame within that sector */
};

/* Fills the position fields of r for disc frame `frame` of a track at
 * track_start. */
void verify_locate(struct verify_result *r, int32_t track_start,
		   uint64_t frame);

/*
 * One result in words: "match", "match, offset found 30 samples",
 * "mismatch at LBA 1234 (sector 100 of the track), sample 58800 of the
 * track (sample 0 of the sector)".
 */
void verify_describe(const struct verify_result *r, char *out, size_t len);

#endif
