/*
 * job_core.c - status, log and failures of a running job (see
 * job_core.h).
 */
#include "job_core.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_ring.h"
#include "mono_clock.h"
#include "verify_job.h"

/* A CD-DA sector as the drive's buffer holds it. */
#define JOB_SECTOR_BYTES 2352u

void job_core_init(struct job_core *c, const struct burn_job_io *io,
		   const struct burn_options *opts, size_t n_tracks,
		   void (*wind_down)(struct job_core *c))
{
	c->io = io;
	c->wind_down = wind_down;
	c->opts = opts;
	c->t0 = mono_now();
	c->last_emit = 0;
	speed_window_init(&c->speed, 3.0);
	c->st.tracks_total = (unsigned)n_tracks;
	c->st.remaining_s = -1;
}

enum burn_state job_out_of_memory(struct burn_status *final)
{
	memset(final, 0, sizeof(*final));
	final->state = BURN_FAILED;
	snprintf(final->last_error, sizeof(final->last_error),
		 "out of memory starting the burn");
	return BURN_FAILED;
}

enum burn_state job_finish(struct job_core *c, struct burn_status *final)
{
	job_stop_reader(c);
	ring_free(c->ring);
	c->ring = NULL;
	free(c->chunk);
	c->chunk = NULL;
	job_publish(c, false);
	*final = c->st;
	return c->st.state;
}

void job_end_done(struct job_core *c)
{
	c->wind_down(c);
	c->st.state = BURN_DONE;
	c->st.remaining_s = 0;
}

void job_end_cancelled(struct job_core *c, const char *line)
{
	job_stop_reader(c);
	c->wind_down(c);
	c->st.state = BURN_CANCELLED;
	job_log(c, "%s", line);
}

void job_end_failed(struct job_core *c, const char *line)
{
	job_stop_reader(c);
	job_log_failure(c);
	c->wind_down(c);
	if (line)
		job_log(c, "%s", line);
	c->st.state = BURN_FAILED;
}

bool job_end_after_verify(struct job_core *c, int rc,
			  const char *cancelled_line)
{
	if (rc == VERIFY_JOB_PASSED)
		return false;
	if (rc == VERIFY_JOB_CANCELLED) {
		job_end_cancelled(c, cancelled_line);
		return true;
	}
	c->wind_down(c);
	c->st.state = BURN_FAILED;
	job_log_failure(c);
	return true;
}

void job_log(struct job_core *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (c->io->log)
		c->io->log(c->io->ctx, line);
}

void job_publish(struct job_core *c, bool force)
{
	double t = mono_seconds();
	c->st.elapsed_s = mono_seconds_since(&c->t0);
	c->st.speed_x = speed_window_rate(&c->speed) / SPEED_1X_SECTORS_PER_S;
	c->st.remaining_s = -1;
	if (c->st.state == BURN_WRITING)
		c->st.remaining_s = speed_window_eta(
		    &c->speed, c->st.sectors_total - c->st.sectors_written);
	c->st.host_buffer_bytes = 0;
	c->st.host_buffer_total_bytes = 0;
	c->st.host_buffer_percent = 0;
	if (c->ring) {
		size_t fill = ring_fill(c->ring);
		c->st.host_buffer_bytes = fill;
		c->st.host_buffer_total_bytes = ring_capacity(c->ring);
		c->st.host_buffer_percent =
		    (unsigned)(fill * 100 / ring_capacity(c->ring));
	}
	bool emit = force || (t - c->last_emit) * 1000 >= BURN_JOB_EMIT_MS;
	if (emit)
		c->last_emit = t;
	if (c->io->publish)
		c->io->publish(c->io->ctx, &c->st, emit);
}

void job_set_state(struct job_core *c, enum burn_state s)
{
	c->st.state = s;
	job_publish(c, true);
}

bool job_cancelled(const struct job_core *c)
{
	return c->io->cancel && atomic_load(c->io->cancel);
}

int job_fail(struct job_core *c, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->st.last_error, sizeof(c->st.last_error), fmt, ap);
	va_end(ap);
	return -err;
}

int job_fail_mmc(struct job_core *c, int rc, const char *where)
{
	const char *text = c->err.text[0] ? c->err.text : strerror(-rc);
	if (where && where[0])
		snprintf(c->st.last_error, sizeof(c->st.last_error), "%s: %s",
			 where, text);
	else
		snprintf(c->st.last_error, sizeof(c->st.last_error), "%s",
			 text);
	return rc < 0 ? rc : -EIO;
}

void job_log_failure(struct job_core *c)
{
	job_log(c, "burn failed on %s: %s",
		c->io->drive ? c->io->drive : "the drive", c->st.last_error);
}

uint64_t job_burnt_sectors(uint64_t sent, uint64_t before,
			   uint32_t buffer_bytes, uint32_t free_bytes)
{
	uint32_t held =
	    free_bytes < buffer_bytes ? buffer_bytes - free_bytes : 0;
	uint64_t in_drive = (held + JOB_SECTOR_BYTES - 1) / JOB_SECTOR_BYTES;
	uint64_t burnt = sent > in_drive ? sent - in_drive : 0;
	if (burnt < before)
		burnt = before;
	return burnt > sent ? sent : burnt;
}

/* The drive's buffer fill, and with it what is burnt.  false when the
 * drive cannot tell. */
static bool poll_drive_buffer(struct job_core *c)
{
	if (c->buffer_poll_failed)
		return false;
	struct mmc_buffer_capacity bc;
	struct mmc_error e;
	if (mmc_read_buffer_capacity(c->io->transport, &bc, &e) < 0) {
		/* Only the status display needs it; say so once. */
		c->buffer_poll_failed = true;
		job_log(c, "drive buffer fill unknown: %s", e.text);
		return false;
	}
	if (bc.length_of_buffer == 0)
		return false;
	uint32_t avail = bc.available_length;
	if (avail > bc.length_of_buffer)
		avail = bc.length_of_buffer;
	c->st.drive_buffer_percent =
	    (unsigned)((uint64_t)(bc.length_of_buffer - avail) * 100 /
		       bc.length_of_buffer);
	c->st.sectors_written = job_burnt_sectors(
	    c->sent, c->st.sectors_written, bc.length_of_buffer, avail);
	return true;
}

void job_wrote(struct job_core *c, uint32_t blocks)
{
	c->sent += blocks;
	c->since_buffer_poll += blocks;
	bool known = !c->buffer_poll_failed;
	if (c->since_buffer_poll >= BURN_JOB_BUFFER_POLL_SECTORS) {
		c->since_buffer_poll = 0;
		known = poll_drive_buffer(c);
		if (!known)
			c->st.sectors_written = c->sent;
		speed_window_add(&c->speed, mono_seconds(),
				 c->st.sectors_written);
	} else if (!known) {
		c->st.sectors_written = c->sent;
		speed_window_add(&c->speed, mono_seconds(), c->sent);
	}
	job_publish(c, false);
}

void job_drained(struct job_core *c)
{
	c->st.sectors_written = c->sent;
	c->st.drive_buffer_percent = 0;
	speed_window_add(&c->speed, mono_seconds(), c->sent);
	job_publish(c, false);
}

const char *job_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

unsigned job_wait_ms(const struct job_core *c, unsigned mmc_ms)
{
	unsigned max = c->io->max_wait_ms;
	return max && max < mmc_ms ? max : mmc_ms;
}

struct verify_ctx {
	struct job_core *c;
	size_t n;
	int (*expected)(void *ctx, unsigned k, int64_t first, size_t count,
			uint8_t *out, char *err, size_t err_len);
	void *expected_ctx;
};

static void verify_log(void *ctx, const char *line)
{
	job_log(((struct verify_ctx *)ctx)->c, "%s", line);
}

static void verify_advance(void *ctx, unsigned track, uint64_t done)
{
	struct verify_ctx *v = ctx;
	struct job_core *c = v->c;
	bool new_track = track != c->st.current_track;
	c->st.current_track = track;
	c->st.sectors_written = done;
	snprintf(c->st.verify, sizeof(c->st.verify), "running, track %u of %zu",
		 track, v->n);
	speed_window_add(&c->speed, mono_seconds(), done);
	job_publish(c, new_track);
}

static int verify_expected(void *ctx, unsigned k, int64_t first, size_t count,
			   uint8_t *out, char *err, size_t err_len)
{
	struct verify_ctx *v = ctx;
	return v->expected(v->expected_ctx, k, first, count, out, err, err_len);
}

int job_verify(struct job_core *c, const struct verify_job_track *vt, size_t n,
	       uint8_t first_track,
	       int (*expected)(void *ctx, unsigned k, int64_t first,
			       size_t count, uint8_t *out, char *err,
			       size_t err_len),
	       void *expected_ctx)
{
	struct verify_ctx v = {
	    .c = c, .n = n, .expected = expected, .expected_ctx = expected_ctx};
	c->st.sectors_written = 0;
	c->st.current_track = 0;
	speed_window_init(&c->speed, 3.0);
	snprintf(c->st.verify, sizeof(c->st.verify), "running");
	job_set_state(c, BURN_VERIFYING);
	job_log(c, "verifying: reading the %zu track%s back", n, job_plural(n));
	struct verify_job_io vio = {
	    .transport = c->io->transport,
	    .cancel = c->io->cancel,
	    .log = verify_log,
	    .advance = verify_advance,
	    .expected = expected ? verify_expected : NULL,
	    .ctx = &v,
	    .mcn = c->opts->mcn,
	    .first_track = first_track,
	    .cdtext_packs = c->verify_cdtext_packs,
	    .n_cdtext_packs = c->verify_n_cdtext_packs,
	    .layout = c->verify_layout,
	};
	char summary[sizeof(c->st.verify)];
	int rc = verify_job_run(&vio, vt, n, summary, sizeof(summary));
	if (rc == VERIFY_JOB_PASSED || rc == VERIFY_JOB_MISMATCH) {
		snprintf(c->st.verify, sizeof(c->st.verify), "%s", summary);
		job_log(c, "verification %s", summary);
	}
	if (rc == VERIFY_JOB_MISMATCH)
		job_fail(c, EIO, "verification %s; the staged tracks stay",
			 summary);
	else if (rc == VERIFY_JOB_CANCELLED)
		snprintf(c->st.verify, sizeof(c->st.verify), "%s", summary);
	else if (rc < 0) {
		snprintf(c->st.verify, sizeof(c->st.verify),
			 "failed, the disc could not be read back");
		job_fail(c, -rc, "%s", summary);
	}
	return rc;
}
