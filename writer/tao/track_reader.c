/*
 * track_reader.c - reader thread: spool files -> ring (see track_reader.h).
 */
#include "track_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msf.h"
#include "tao_layout.h"

/* How long the reader waits for room in the ring before giving up. */
#define TRACK_READER_SPACE_TIMEOUT_MS (600u * 1000u)

struct track_reader {
	pthread_t thread;
	struct ring *ring;
	const struct burn_track *tracks;
	size_t n_tracks;
	int result;    /* 0 or negative errno, set by the thread */
	char err[300]; /* sentence for the log when result < 0 */
};

static int fail(struct track_reader *tr, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct track_reader *tr, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tr->err, sizeof(tr->err), fmt, ap);
	va_end(ap);
	tr->result = -err;
	ring_abort(tr->ring, err);
	return -err;
}

/*
 * Room for up to want bytes in the ring; a consumer abort ends the
 * thread quietly.  Returns the bytes reserved or a negative errno.
 */
static ssize_t reserve(struct track_reader *tr, size_t want, void **area)
{
	ssize_t n =
	    ring_reserve(tr->ring, want, TRACK_READER_SPACE_TIMEOUT_MS, area);
	if (n == -ETIMEDOUT)
		return fail(tr, ETIMEDOUT,
			    "the burn stopped taking data for %u s",
			    TRACK_READER_SPACE_TIMEOUT_MS / 1000);
	if (n < 0)
		tr->result = -ECANCELED;
	return n;
}

static int read_track(struct track_reader *tr, size_t k)
{
	const struct burn_track *t = &tr->tracks[k];
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(tr, errno, "track %zu (%s): cannot open %s: %s",
			    k + 1, t->name, t->path, strerror(errno));

	/* The PCM, pread straight into the ring. */
	uint64_t done = 0;
	while (done < t->length) {
		uint64_t left = t->length - done;
		size_t want = left < TRACK_READER_CHUNK ? (size_t)left
							: TRACK_READER_CHUNK;
		void *area;
		ssize_t room = reserve(tr, want, &area);
		if (room < 0) {
			close(fd);
			return (int)room;
		}
		ssize_t n =
		    pread(fd, area, (size_t)room, (off_t)(t->offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return fail(tr, e,
				    "track %zu (%s): read error in %s at byte "
				    "%llu: %s",
				    k + 1, t->name, t->path,
				    (unsigned long long)(t->offset + done),
				    strerror(e));
		}
		if (n == 0) {
			close(fd);
			return fail(tr, EIO,
				    "track %zu (%s): %s ends at byte %llu, "
				    "%llu bytes of audio are missing",
				    k + 1, t->name, t->path,
				    (unsigned long long)(t->offset + done),
				    (unsigned long long)left);
		}
		ring_commit(tr->ring, (size_t)n);
		done += (uint64_t)n;
	}
	close(fd);

	/* Silence up to the padded length. */
	uint64_t padded =
	    (uint64_t)tao_track_sectors(t->length) * CD_SECTOR_BYTES;
	while (done < padded) {
		uint64_t left = padded - done;
		size_t want = left < TRACK_READER_CHUNK ? (size_t)left
							: TRACK_READER_CHUNK;
		void *area;
		ssize_t room = reserve(tr, want, &area);
		if (room < 0)
			return (int)room;
		memset(area, 0, (size_t)room);
		ring_commit(tr->ring, (size_t)room);
		done += (uint64_t)room;
	}
	if (ring_mark_boundary(tr->ring) < 0)
		return fail(tr, ENOSPC,
			    "track %zu (%s): too many tracks queued", k + 1,
			    t->name);
	return 0;
}

static void *reader_main(void *arg)
{
	struct track_reader *tr = arg;
	for (size_t k = 0; k < tr->n_tracks; k++) {
		if (read_track(tr, k) < 0)
			return NULL;
	}
	ring_close(tr->ring);
	return NULL;
}

int track_reader_start(struct track_reader **out, struct ring *ring,
		       const struct burn_track *tracks, size_t n_tracks)
{
	struct track_reader *tr = calloc(1, sizeof(*tr));
	if (!tr)
		return -ENOMEM;
	tr->ring = ring;
	tr->tracks = tracks;
	tr->n_tracks = n_tracks;
	int rc = pthread_create(&tr->thread, NULL, reader_main, tr);
	if (rc != 0) {
		free(tr);
		return -rc;
	}
	*out = tr;
	return 0;
}

int track_reader_join(struct track_reader *tr, char *err, size_t err_len)
{
	pthread_join(tr->thread, NULL);
	int rc = tr->result;
	if (err && err_len > 0)
		snprintf(err, err_len, "%s", tr->err);
	free(tr);
	return rc;
}
