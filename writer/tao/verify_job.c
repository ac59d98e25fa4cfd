/*
 * verify_job.c - reading the burnt tracks back and comparing them with
 * the staged audio (see verify_job.h).
 */
#include "verify_job.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mmc.h"
#include "msf.h"
#include "verify_codes.h"
#include "verify_compare.h"
#include "verify_session.h"

/* Sectors of a search window, and of staged audio around it. */
#define WINDOW_SECTORS 4
#define MARGIN_SECTORS (VERIFY_MAX_OFFSET / VERIFY_SECTOR_FRAMES)

struct vjob {
	const struct verify_job_io *io;
	uint64_t done; /* sectors read back so far, all tracks */
	uint8_t *rbuf; /* VERIFY_READ_SECTORS sectors read back */
	uint8_t *sbuf; /* staged frames for one batch or window */
	size_t sbuf_frames;
	char *err;
	size_t err_len;
};

static void logf_(struct vjob *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct vjob *v, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (v->io->log)
		v->io->log(v->io->ctx, line);
}

static int failf(struct vjob *v, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int failf(struct vjob *v, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->err, v->err_len, fmt, ap);
	va_end(ap);
	return -err;
}

static bool cancelled(const struct vjob *v)
{
	return v->io->cancel && atomic_load(v->io->cancel);
}

/*
 * Staged frames [first, first + count) of track k into v->sbuf: the PCM
 * from its file, zeros before it and after it (the padding).
 */
static int staged_frames(struct vjob *v, unsigned k, int fd,
			 const struct burn_track *t, int64_t first,
			 size_t count)
{
	uint8_t *out = v->sbuf;
	if (v->io->expected)
		return v->io->expected(v->io->ctx, k - 1, first, count, out,
				       v->err, v->err_len);
	memset(out, 0, count * VERIFY_FRAME_BYTES);
	int64_t pcm_frames = (int64_t)(t->length / VERIFY_FRAME_BYTES);
	int64_t a = first < 0 ? 0 : first;
	int64_t b = first + (int64_t)count;
	if (b > pcm_frames)
		b = pcm_frames;
	size_t want = a < b ? (size_t)(b - a) * VERIFY_FRAME_BYTES : 0;
	uint8_t *p = out + (size_t)(a - first) * VERIFY_FRAME_BYTES;
	off_t off = (off_t)t->offset + (off_t)a * VERIFY_FRAME_BYTES;
	size_t got = 0;
	while (got < want) {
		ssize_t r = pread(fd, p + got, want - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return failf(v, errno,
				     "verifying track %u: reading %s: %s", k,
				     t->path, strerror(errno));
		if (r == 0)
			return failf(v, EIO,
				     "verifying track %u: %s is shorter than "
				     "the audio that was burnt",
				     k, t->path);
		got += (size_t)r;
	}
	return 0;
}

static int read_disc(struct vjob *v, unsigned k, int32_t lba, uint32_t n)
{
	struct mmc_error e;
	int rc = mmc_read_cd(v->io->transport, (uint32_t)lba, n, v->rbuf, &e);
	if (rc < 0)
		return failf(v, -rc, "verifying track %u: %s", k, e.text);
	return 0;
}

/*
 * The read offset of track k: the first non-flat window that matches at
 * some offset.  *found false when no window decides it.
 */
static int find_offset(struct vjob *v, unsigned k, int fd,
		       const struct verify_job_track *vt, int *offset,
		       bool *found)
{
	*found = false;
	*offset = 0;
	unsigned tries = 0;
	for (uint32_t s0 = MARGIN_SECTORS;
	     s0 + WINDOW_SECTORS + MARGIN_SECTORS <= vt->sectors &&
	     tries < VERIFY_OFFSET_TRIES;
	     s0 += WINDOW_SECTORS) {
		if (cancelled(v))
			return 0;
		int rc =
		    read_disc(v, k, vt->start + (int32_t)s0, WINDOW_SECTORS);
		if (rc < 0)
			return rc;
		size_t frames = (size_t)WINDOW_SECTORS * VERIFY_SECTOR_FRAMES;
		if (verify_window_is_flat(v->rbuf, frames))
			continue;
		tries++;
		int64_t first =
		    (int64_t)s0 * VERIFY_SECTOR_FRAMES - VERIFY_MAX_OFFSET;
		rc = staged_frames(v, k, fd, vt->track, first,
				   frames + 2 * VERIFY_MAX_OFFSET);
		if (rc < 0)
			return rc;
		if (verify_find_offset(v->rbuf, frames, v->sbuf,
				       VERIFY_MAX_OFFSET, offset)) {
			*found = true;
			return 0;
		}
	}
	return 0;
}

/* 0 with *r filled, 1 when cancelled, < 0 on a read failure. */
static int verify_track(struct vjob *v, unsigned k,
			const struct verify_job_track *vt,
			struct verify_result *r)
{
	const struct burn_track *t = vt->track;
	int fd = v->io->expected ? -1 : open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !v->io->expected)
		return failf(v, errno, "verifying track %u: cannot open %s: %s",
			     k, t->path, strerror(errno));
	int offset = 0;
	bool found = false;
	int rc = find_offset(v, k, fd, vt, &offset, &found);
	if (rc < 0 || cancelled(v))
		goto out;
	if (!found)
		offset = 0; /* compare exactly: the difference shows where */

	uint64_t track_frames = (uint64_t)vt->sectors * VERIFY_SECTOR_FRAMES;
	uint64_t lo, hi;
	verify_compare_range(track_frames, offset, &lo, &hi);
	memset(r, 0, sizeof(*r));
	r->offset = offset;
	r->verdict = offset ? VERIFY_OFFSET : VERIFY_MATCH;
	bool differs = false;
	for (uint32_t s = 0; s < vt->sectors;) {
		if (cancelled(v)) {
			rc = 1;
			goto out;
		}
		uint32_t b = vt->sectors - s;
		if (b > VERIFY_READ_SECTORS)
			b = VERIFY_READ_SECTORS;
		if (!differs) {
			rc = read_disc(v, k, vt->start + (int32_t)s, b);
			if (rc < 0)
				goto out;
			uint64_t a = (uint64_t)s * VERIFY_SECTOR_FRAMES;
			uint64_t z = a + (uint64_t)b * VERIFY_SECTOR_FRAMES;
			if (a < lo)
				a = lo;
			if (z > hi)
				z = hi;
			if (a < z) {
				size_t count = (size_t)(z - a);
				rc = staged_frames(v, k, fd, t,
						   (int64_t)a + offset, count);
				if (rc < 0)
					goto out;
				const uint8_t *got =
				    v->rbuf +
				    (a - (uint64_t)s * VERIFY_SECTOR_FRAMES) *
					VERIFY_FRAME_BYTES;
				size_t i = verify_first_difference(got, v->sbuf,
								   count);
				if (i < count) {
					differs = true;
					r->verdict = VERIFY_MISMATCH;
					verify_locate(r, vt->start,
						      a + i + (uint64_t)offset);
				}
			}
		}
		/* After a difference the rest of the track is skipped. */
		s += b;
		v->done += b;
		if (v->io->advance)
			v->io->advance(v->io->ctx, k, v->done);
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc == 0 && cancelled(v))
		rc = 1;
	return rc;
}

/* ", MCN and ISRC, CD-TEXT, 4 index points as written": what was checked
 * besides the audio, appended to a summary that passed. */
static void append_checked(char *summary, size_t len,
			   const struct verify_codes_result *codes,
			   const struct verify_session_result *sess)
{
	char what[120] = "";
	size_t at = 0;
	if (codes->checked)
		at += (size_t)snprintf(what + at, sizeof(what) - at,
				       ", MCN and ISRC");
	if (sess->cdtext_checked && at < sizeof(what))
		at +=
		    (size_t)snprintf(what + at, sizeof(what) - at, ", CD-TEXT");
	if (sess->index_checked && at < sizeof(what))
		snprintf(what + at, sizeof(what) - at, ", %u index point%s",
			 sess->index_points,
			 sess->index_points == 1 ? "" : "s");
	if (!what[0])
		return;
	size_t n = strlen(summary);
	snprintf(summary + n, len > n ? len - n : 0, "%s as written", what);
}

int verify_job_run(const struct verify_job_io *io,
		   const struct verify_job_track *tracks, size_t n,
		   char *summary, size_t summary_len)
{
	struct vjob v = {.io = io, .err = summary, .err_len = summary_len};
	size_t window = (size_t)WINDOW_SECTORS * VERIFY_SECTOR_FRAMES +
			2 * VERIFY_MAX_OFFSET;
	size_t batch = (size_t)VERIFY_READ_SECTORS * VERIFY_SECTOR_FRAMES;
	v.sbuf_frames = window > batch ? window : batch;
	v.rbuf = malloc((size_t)VERIFY_READ_SECTORS * CD_SECTOR_BYTES);
	v.sbuf = malloc(v.sbuf_frames * VERIFY_FRAME_BYTES);
	if (!v.rbuf || !v.sbuf) {
		free(v.rbuf);
		free(v.sbuf);
		snprintf(summary, summary_len, "out of memory for verifying");
		return -ENOMEM;
	}

	int rc = VERIFY_JOB_PASSED;
	unsigned matched = 0, bad = 0;
	int common_offset = 0;
	bool offsets_differ = false;
	char first_bad[400] = "";
	for (size_t k = 0; k < n; k++) {
		struct verify_result r;
		char what[200];
		if (io->advance)
			io->advance(io->ctx, (unsigned)k + 1, v.done);
		int t = verify_track(&v, (unsigned)k + 1, &tracks[k], &r);
		if (t < 0) {
			rc = t;
			break;
		}
		if (t > 0) {
			rc = VERIFY_JOB_CANCELLED;
			snprintf(summary, summary_len,
				 "cancelled during track %zu of %zu", k + 1, n);
			break;
		}
		verify_describe(&r, what, sizeof(what));
		logf_(&v, "verify: track %zu (%s): %s", k + 1,
		      tracks[k].track->name, what);
		if (r.verdict == VERIFY_MISMATCH) {
			if (!bad++)
				snprintf(first_bad, sizeof(first_bad),
					 "track %zu (%s): %s", k + 1,
					 tracks[k].track->name, what);
			continue;
		}
		if (matched++ == 0)
			common_offset = r.offset;
		else if (r.offset != common_offset)
			offsets_differ = true;
	}
	struct verify_codes_result codes = {0};
	if (rc == VERIFY_JOB_PASSED) {
		const struct burn_track *list[CD_MAX_TRACKS] = {0};
		size_t m = n < CD_MAX_TRACKS ? n : CD_MAX_TRACKS;
		for (size_t k = 0; k < m; k++)
			list[k] = tracks[k].track;
		verify_codes_run(io->transport, io->mcn, list, m,
				 io->first_track ? io->first_track : 1, io->log,
				 io->ctx, &codes);
	}
	struct verify_session_result sess = {0};
	if (rc == VERIFY_JOB_PASSED && (io->n_cdtext_packs || io->layout))
		verify_session_run(io->transport, io->cdtext_packs,
				   io->n_cdtext_packs, io->layout, io->cancel,
				   io->log, io->ctx, &sess);
	if (rc == VERIFY_JOB_PASSED && cancelled(&v)) {
		rc = VERIFY_JOB_CANCELLED;
		snprintf(summary, summary_len,
			 "cancelled after the audio was read back");
	} else if (rc == VERIFY_JOB_PASSED && !bad && codes.mismatch) {
		rc = VERIFY_JOB_MISMATCH;
		snprintf(summary, summary_len, "failed, %s", codes.what);
	} else if (rc == VERIFY_JOB_PASSED && !bad && sess.mismatch) {
		rc = VERIFY_JOB_MISMATCH;
		snprintf(summary, summary_len, "failed, %s", sess.what);
	} else if (rc == VERIFY_JOB_PASSED && bad) {
		rc = VERIFY_JOB_MISMATCH;
		snprintf(summary, summary_len, "failed, %s%s", first_bad,
			 bad > 1 ? " (and more tracks differ)" : "");
	} else if (rc == VERIFY_JOB_PASSED) {
		if (offsets_differ)
			snprintf(summary, summary_len,
				 "passed, %u track%s match at varying read "
				 "offsets",
				 matched, matched == 1 ? "" : "s");
		else if (common_offset)
			snprintf(summary, summary_len,
				 "passed, %u track%s match, offset found %d "
				 "samples",
				 matched, matched == 1 ? "" : "s",
				 common_offset);
		else
			snprintf(summary, summary_len,
				 "passed, %u track%s match", matched,
				 matched == 1 ? "" : "s");
		append_checked(summary, summary_len, &codes, &sess);
	}
	free(v.rbuf);
	free(v.sbuf);
	return rc;
}
