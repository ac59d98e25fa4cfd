/*
 * sao_reader.c - reader thread: SAO stream -> ring (see sao_reader.h).
 */
#include "sao_reader.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track_reader.h"

/* How long the reader waits for room in the ring before giving up. */
#define SAO_READER_SPACE_TIMEOUT_MS (600u * 1000u)

struct sao_reader {
	pthread_t thread;
	struct ring *ring;
	struct sao_stream *stream;
	uint64_t total;
	int result;
	char err[300];
};

static void *reader_main(void *arg)
{
	struct sao_reader *r = arg;
	uint64_t done = 0;
	while (done < r->total) {
		uint64_t left = r->total - done;
		size_t want = left < TRACK_READER_CHUNK ? (size_t)left
							: TRACK_READER_CHUNK;
		void *area;
		ssize_t room = ring_reserve(r->ring, want,
					    SAO_READER_SPACE_TIMEOUT_MS, &area);
		if (room == -ETIMEDOUT) {
			snprintf(r->err, sizeof(r->err),
				 "the burn stopped taking data for %u s",
				 SAO_READER_SPACE_TIMEOUT_MS / 1000);
			r->result = -ETIMEDOUT;
			ring_abort(r->ring, ETIMEDOUT);
			return NULL;
		}
		if (room < 0) {
			r->result = -ECANCELED;
			return NULL;
		}
		int rc = sao_stream_read(r->stream, (int64_t)done, area,
					 (size_t)room, r->err, sizeof(r->err));
		if (rc < 0) {
			r->result = rc;
			ring_abort(r->ring, -rc);
			return NULL;
		}
		ring_commit(r->ring, (size_t)room);
		done += (uint64_t)room;
	}
	if (ring_mark_boundary(r->ring) < 0) {
		snprintf(r->err, sizeof(r->err),
			 "the ring has no room for "
			 "the end of the stream");
		r->result = -ENOSPC;
		ring_abort(r->ring, ENOSPC);
		return NULL;
	}
	ring_close(r->ring);
	return NULL;
}

int sao_reader_start(struct sao_reader **out, struct ring *ring,
		     struct sao_stream *stream, uint64_t total)
{
	struct sao_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->ring = ring;
	r->stream = stream;
	r->total = total;
	int rc = pthread_create(&r->thread, NULL, reader_main, r);
	if (rc != 0) {
		free(r);
		return -rc;
	}
	*out = r;
	return 0;
}

int sao_reader_join(struct sao_reader *r, char *err, size_t err_len)
{
	pthread_join(r->thread, NULL);
	int rc = r->result;
	if (err && err_len > 0)
		snprintf(err, err_len, "%s", r->err);
	free(r);
	return rc;
}
