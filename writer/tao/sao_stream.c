/*
 * sao_stream.c - the bytes of a Session-At-Once stream from the tracks'
 * sources (see sao_stream.h).
 */
#include "sao_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sao_stream {
	const struct sao_layout *l;
	const struct burn_track *tracks;
	size_t n;
	int fd;		  /* the file last read, or -1 */
	const char *path; /* its name */
};

struct sao_stream *sao_stream_new(const struct sao_layout *l,
				  const struct burn_track *tracks, size_t n)
{
	struct sao_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->l = l;
	s->tracks = tracks;
	s->n = n;
	s->fd = -1;
	return s;
}

void sao_stream_free(struct sao_stream *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

/* A track's source as spans: its own, or its one file. */
static size_t spans_of(const struct burn_track *t, struct burn_span *one,
		       const struct burn_span **spans)
{
	if (t->n_spans) {
		*spans = t->spans;
		return t->n_spans;
	}
	one->path = t->path;
	one->offset = t->offset;
	one->length = t->length;
	one->big_endian = false;
	*spans = one;
	return 1;
}

static int open_file(struct sao_stream *s, const char *path, size_t k,
		     char *err, size_t err_len)
{
	if (s->fd >= 0 && s->path && strcmp(s->path, path) == 0)
		return 0;
	if (s->fd >= 0)
		close(s->fd);
	s->path = NULL;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		int e = errno;
		snprintf(err, err_len, "track %zu (%s): cannot open %s: %s",
			 k + 1, s->tracks[k].name, path, strerror(e));
		return -e;
	}
	s->path = path;
	return 0;
}

/* len bytes of track k's source from byte at. */
static int source_read(struct sao_stream *s, size_t k, uint64_t at,
		       uint8_t *out, size_t len, char *err, size_t err_len)
{
	const struct burn_track *t = &s->tracks[k];
	struct burn_span one;
	const struct burn_span *sp;
	size_t n = spans_of(t, &one, &sp);
	size_t i = 0;
	while (i < n && at >= sp[i].length)
		at -= sp[i++].length;
	while (len > 0) {
		if (i >= n) {
			snprintf(err, err_len,
				 "track %zu (%s): its audio ends %zu bytes "
				 "before the layout does",
				 k + 1, t->name, len);
			return -EIO;
		}
		uint64_t room = sp[i].length - at;
		size_t want = room < len ? (size_t)room : len;
		int rc = open_file(s, sp[i].path, k, err, err_len);
		if (rc < 0)
			return rc;
		size_t got = 0;
		while (got < want) {
			off_t off = (off_t)(sp[i].offset + at + got);
			ssize_t r = pread(s->fd, out + got, want - got, off);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				int e = errno;
				snprintf(err, err_len,
					 "track %zu (%s): read error in %s at "
					 "byte %llu: %s",
					 k + 1, t->name, sp[i].path,
					 (unsigned long long)off, strerror(e));
				return -e;
			}
			if (r == 0) {
				snprintf(err, err_len,
					 "track %zu (%s): %s ends at byte "
					 "%llu, %zu bytes of audio are missing",
					 k + 1, t->name, sp[i].path,
					 (unsigned long long)off, want - got);
				return -EIO;
			}
			got += (size_t)r;
		}
		if (sp[i].big_endian) /* MOTOROLA: samples as the disc has them
				       */
			for (size_t b = 0; b + 1 < want; b += 2) {
				uint8_t x = out[b];
				out[b] = out[b + 1];
				out[b + 1] = x;
			}
		out += want;
		len -= want;
		at = 0;
		i++;
	}
	return 0;
}

int sao_stream_read(struct sao_stream *s, int64_t pos, void *buf, size_t len,
		    char *err, size_t err_len)
{
	uint8_t *out = buf;
	while (len > 0) {
		struct sao_position p;
		if (pos < 0 || (uint64_t)pos >= s->l->total_bytes ||
		    sao_locate(s->l, (uint64_t)pos, &p) < 0) {
			/* Outside the stream: zeros up to its start, or to
			 * the end of the request. */
			uint64_t run = len;
			if (pos < 0 && (uint64_t)-pos < run)
				run = (uint64_t)-pos;
			memset(out, 0, (size_t)run);
			out += run;
			len -= (size_t)run;
			pos += (int64_t)run;
			continue;
		}
		size_t take = p.run < len ? (size_t)p.run : len;
		if (p.kind == SAO_SILENCE) {
			memset(out, 0, take);
		} else {
			if (p.track >= s->n) {
				snprintf(err, err_len,
					 "the layout names track %u of %zu",
					 p.track + 1u, s->n);
				return -EINVAL;
			}
			int rc = source_read(s, p.track, p.source_byte, out,
					     take, err, err_len);
			if (rc < 0)
				return rc;
		}
		out += take;
		len -= take;
		pos += (int64_t)take;
	}
	return 0;
}
