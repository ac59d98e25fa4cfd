/*
 * render_status.c - the drive's `status` file and the lines of its
 * `progress` stream, both from the burn engine's burn_status.  Pure
 * functions; keys and the progress line format are in doc/files.md.
 */
#include "render.h"

#include <string.h>

/* Whole percent of the job's sectors written (100 once done). */
static unsigned status_percent(const struct burn_status *s)
{
	if (s->state == BURN_DONE)
		return 100;
	if (s->sectors_total == 0)
		return 0;
	uint64_t w = s->sectors_written;
	if (w >= s->sectors_total)
		return 100;
	return (unsigned)(w * 100 / s->sectors_total);
}

static unsigned clamp_percent(unsigned p)
{
	return p > 100 ? 100 : p;
}

/* The job's action word, "none" before any job. */
static const char *action_word(const struct burn_status *s)
{
	return s->action[0] ? s->action : "none";
}

static uint64_t host_free(const struct burn_status *s)
{
	return s->host_buffer_total_bytes > s->host_buffer_bytes
		   ? s->host_buffer_total_bytes - s->host_buffer_bytes
		   : 0;
}

void render_status(struct textbuf *tb, const struct burn_status *s)
{
	tb_printf(tb, "state: %s\n", burn_state_name(s->state));
	tb_printf(tb, "action: %.*s\n", (int)sizeof(s->action), action_word(s));
	tb_printf(tb, "track: %u\n", s->current_track);
	tb_printf(tb, "tracks_total: %u\n", s->tracks_total);
	tb_printf(tb, "percent: %u\n", status_percent(s));
	tb_printf(tb, "sectors_written: %llu\n",
		  (unsigned long long)s->sectors_written);
	tb_printf(tb, "sectors_total: %llu\n",
		  (unsigned long long)s->sectors_total);
	tb_printf(tb, "elapsed: %.1f\n", s->elapsed_s < 0 ? 0.0 : s->elapsed_s);
	if (s->remaining_s < 0)
		tb_printf(tb, "remaining: unknown\n");
	else
		tb_printf(tb, "remaining: %.1f\n", s->remaining_s);
	tb_printf(tb, "speed: %.1fx\n", s->speed_x < 0 ? 0.0 : s->speed_x);
	tb_printf(tb, "host_buffer: %u%%\n",
		  clamp_percent(s->host_buffer_percent));
	tb_printf(tb, "host_buffer_bytes: %llu\n",
		  (unsigned long long)s->host_buffer_bytes);
	tb_printf(tb, "host_buffer_total_bytes: %llu\n",
		  (unsigned long long)s->host_buffer_total_bytes);
	tb_printf(tb, "host_buffer_free_bytes: %llu\n",
		  (unsigned long long)host_free(s));
	tb_printf(tb, "drive_buffer: %u%%\n",
		  clamp_percent(s->drive_buffer_percent));
	/* "last_error:" alone when there was none. */
	tb_printf(tb, "last_error:%s", s->last_error[0] ? " " : "");
	tb_append_one_line(tb, s->last_error, sizeof(s->last_error));
	tb_printf(tb, "\n");
	if (s->owner_pid > 0)
		tb_printf(tb, "owner_pid: %ld\n", (long)s->owner_pid);
	else
		tb_printf(tb, "owner_pid: none\n");
	tb_printf(tb, "owner_command: ");
	tb_append_one_line(
	    tb, s->owner_pid > 0 && s->owner_comm[0] ? s->owner_comm : "none",
	    sizeof(s->owner_comm));
	tb_printf(tb, "\n");
	tb_printf(tb, "verify: ");
	if (s->verify[0])
		tb_append_one_line(tb, s->verify, sizeof(s->verify));
	else
		tb_printf(tb, "none");
	tb_printf(tb, "\n");
}

/* The first word of the verify text ("running", "passed", "failed"). */
static void put_verify_word(struct textbuf *tb, const struct burn_status *s)
{
	size_t n = strcspn(s->verify, ", \t\r\n");
	if (n)
		tb_printf(tb, " verify=%.*s", (int)n, s->verify);
}

void render_progress_line(struct textbuf *tb, const struct burn_status *s)
{
	tb_printf(tb,
		  "state=%s track=%u/%u sectors=%llu/%llu percent=%u "
		  "elapsed=%.1f ",
		  burn_state_name(s->state), s->current_track, s->tracks_total,
		  (unsigned long long)s->sectors_written,
		  (unsigned long long)s->sectors_total, status_percent(s),
		  s->elapsed_s < 0 ? 0.0 : s->elapsed_s);
	if (s->remaining_s < 0)
		tb_printf(tb, "remaining=unknown ");
	else
		tb_printf(tb, "remaining=%.1f ", s->remaining_s);
	tb_printf(tb,
		  "speed=%.1fx host_buffer=%u%% host_buffer_total=%llu "
		  "host_buffer_used=%llu host_buffer_free=%llu "
		  "drive_buffer=%u%% action=%.*s",
		  s->speed_x < 0 ? 0.0 : s->speed_x,
		  clamp_percent(s->host_buffer_percent),
		  (unsigned long long)s->host_buffer_total_bytes,
		  (unsigned long long)s->host_buffer_bytes,
		  (unsigned long long)host_free(s),
		  clamp_percent(s->drive_buffer_percent),
		  (int)sizeof(s->action), action_word(s));
	put_verify_word(tb, s);
	/* The error runs to the end of the line: it may contain spaces. */
	if (s->last_error[0] != '\0' &&
	    (s->state == BURN_FAILED || s->state == BURN_CANCELLED)) {
		tb_printf(tb, " error=");
		tb_append_one_line(tb, s->last_error, sizeof(s->last_error));
	}
	tb_printf(tb, "\n");
}
