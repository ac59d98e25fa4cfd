/*
 * ring.h - the host buffer between the track reader and the burn engine.
 *
 * A fixed-capacity byte ring with exactly one producer (the reader
 * thread, which preads PCM from the spool) and one consumer (the job
 * thread, which sends WRITE(10) commands).  The producer marks track
 * boundaries; the consumer's reads stop at a boundary and say so, so the
 * engine can check that every track delivered exactly the sectors it
 * planned for.
 *
 * Either side may abort with an errno; the other side's next (or current)
 * call returns it.  The producer closes the ring after the last track;
 * the consumer then drains what is left and sees end of data.  Every
 * blocking call takes a timeout, so no side waits forever.
 *
 * Lock: ring->lock protects the counters, marks and flags, not the bytes:
 * each side copies its own part of the buffer without it (see ring.c).
 * "data" signals the consumer when the bytes it waits for, a boundary,
 * close or abort arrive; "space" signals the producer when the room it
 * waits for is free or the ring was aborted.
 */
#ifndef BURNFS_RING_H
#define BURNFS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RING_DEFAULT_BYTES (1783u * 2352u) /* ~4 MiB, whole CD sectors */
#define RING_MAX_BOUNDARIES 128

struct ring;

/* capacity 0 selects RING_DEFAULT_BYTES.  NULL when out of memory. */
struct ring *ring_new(size_t capacity);
void ring_free(struct ring *r);
size_t ring_capacity(const struct ring *r);

/*
 * Producer, without copying: waits until space is free, then points
 * *area at up to len free bytes where they lie in the ring (never across
 * its end) and returns how many (> 0 for len > 0).  The producer fills
 * them, then ring_commit(r, n) makes the first n of them readable.
 * Returns the negative errno the consumer aborted with (-ECANCELED if it
 * gave none), -EPIPE after ring_close, or -ETIMEDOUT when no space
 * appeared within timeout_ms.
 */
ssize_t ring_reserve(struct ring *r, size_t len, unsigned timeout_ms,
		     void **area);
void ring_commit(struct ring *r, size_t n);
/*
 * Producer: copies all len bytes in (ring_reserve, copy, ring_commit),
 * waiting for space.  Returns 0 or ring_reserve's errors.
 */
int ring_write(struct ring *r, const void *data, size_t len,
	       unsigned timeout_ms);
/*
 * Producer: marks the end of the data written so far as the end of a
 * track.  Returns 0, or -ENOSPC if RING_MAX_BOUNDARIES marks are pending.
 */
int ring_mark_boundary(struct ring *r);
/* Producer: no more data will come. */
void ring_close(struct ring *r);

/*
 * Either side: stops the ring; err (a positive errno) is what the other
 * side's calls return, negated.  The first abort wins.
 */
void ring_abort(struct ring *r, int err);

/*
 * Consumer: waits until len bytes are buffered, or a boundary lies
 * within them, or the producer closed the ring, then copies out up to
 * len bytes, never crossing a boundary.  *boundary (may be NULL) is set
 * when the bytes returned end exactly at a boundary (the mark is then
 * consumed).  Returns the number of bytes copied (0 with *boundary set
 * for an empty track, 0 without it at end of data), the negative errno
 * of an abort, or -ETIMEDOUT.
 */
ssize_t ring_read(struct ring *r, void *buf, size_t len, unsigned timeout_ms,
		  bool *boundary);

/*
 * Consumer, without copying: waits as ring_read does, then points *area
 * at the bytes (up to len, never past a boundary) where they lie in the
 * ring; only when they wrap around its end are they copied into bounce
 * (len bytes).  They stay valid, and the producer cannot reuse their
 * space, until ring_release.  *boundary is set when they end exactly at
 * a boundary (consumed by ring_release).  Returns as ring_read does.
 */
ssize_t ring_peek(struct ring *r, size_t len, unsigned timeout_ms, void *bounce,
		  const void **area, bool *boundary);
/* Consumer: done with the bytes of the last ring_peek. */
void ring_release(struct ring *r);

/*
 * Consumer: after reading the last bytes of a track, waits for the
 * producer to mark its end there (the mark may follow the data).  Returns
 * 0 (the mark is consumed), -EPROTO when data without a boundary follows,
 * -EPIPE when the ring was closed without one, the negative errno of an
 * abort, or -ETIMEDOUT.
 */
int ring_wait_boundary(struct ring *r, unsigned timeout_ms);

/* Bytes buffered now (for the status file). */
size_t ring_fill(struct ring *r);

#endif
