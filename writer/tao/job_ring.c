/*
 * job_ring.c - a burn's host buffer and reader thread (see job_ring.h).
 */
#include "job_ring.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc.h"
#include "msf.h"
#include "ring.h"

#define JOB_RING_CHUNK_BYTES (BURN_JOB_WRITE_SECTORS * CD_SECTOR_BYTES)

int job_ring_new(struct job_core *c)
{
	c->ring = ring_new(c->io->ring_bytes);
	c->chunk = malloc(JOB_RING_CHUNK_BYTES);
	if (!c->ring || !c->chunk)
		return job_fail(c, ENOMEM, "out of memory for the host buffer");
	return 0;
}

int job_reader_started(struct job_core *c, int rc, void *reader,
		       job_reader_join_fn join)
{
	if (rc < 0)
		return job_fail(c, -rc, "cannot start the reader thread: %s",
				strerror(-rc));
	c->reader = reader;
	c->reader_join = join;
	return 0;
}

void job_stop_reader(struct job_core *c)
{
	if (c->ring)
		ring_abort(c->ring, ECANCELED);
	if (c->reader) {
		c->reader_join(c->reader, NULL, 0);
		c->reader = NULL;
	}
}

int job_fail_reader(struct job_core *c, int rc)
{
	char text[300] = "";
	if (c->reader) {
		c->reader_join(c->reader, text, sizeof(text));
		c->reader = NULL;
	}
	if (rc == -ETIMEDOUT)
		return job_fail(
		    c, ETIMEDOUT, "track %u: no audio data arrived for %u s",
		    c->st.current_track, BURN_JOB_DATA_TIMEOUT_MS / 1000);
	if (text[0])
		return job_fail(c, -rc, "%s", text);
	return job_fail(c, -rc, "track %u: reading the audio failed: %s",
			c->st.current_track, strerror(-rc));
}

int job_write_from_ring(struct job_core *c, int32_t lba, uint16_t blocks,
			bool last, bool *sent, uint64_t *got)
{
	size_t bytes = (size_t)blocks * CD_SECTOR_BYTES;
	bool boundary = false;
	const void *data = NULL;
	/* The WRITE goes out of the ring itself (c->chunk only when the
	 * bytes wrap around the ring's end). */
	ssize_t n = ring_peek(c->ring, bytes, BURN_JOB_DATA_TIMEOUT_MS,
			      c->chunk, &data, &boundary);
	if (n < 0)
		return job_fail_reader(c, (int)n);
	if ((size_t)n != bytes || (boundary && !last)) {
		ring_release(c->ring);
		*got = (uint64_t)n / CD_SECTOR_BYTES;
		return JOB_RING_SHORT;
	}
	if (sent)
		*sent = true;
	int rc =
	    mmc_write10(c->io->transport, (uint32_t)lba, blocks, data, &c->err);
	ring_release(c->ring);
	if (rc < 0) {
		char where[32];
		snprintf(where, sizeof(where), "track %u", c->st.current_track);
		return job_fail_mmc(c, rc, where);
	}
	if (last && !boundary) {
		/* The reader marks the end right after the data. */
		int b = ring_wait_boundary(c->ring, BURN_JOB_DATA_TIMEOUT_MS);
		if (b == -EPROTO || b == -EPIPE)
			return JOB_RING_NO_END;
		if (b < 0)
			return job_fail_reader(c, b);
	}
	job_wrote(c, blocks);
	return 0;
}
