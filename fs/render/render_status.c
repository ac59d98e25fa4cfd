/*
 * render_status.c - the drive's `status` file and the lines of its
 * `progress` stream, both from the burn engine's burn_status.  Pure
 * functions; keys and the progress line format are in doc/files.md.
 */
#include "render.h"

#include <stdio.h>
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
static size_t verify_word_len(const struct burn_status *s)
{
	return strcspn(s->verify, ", \t\r\n");
}

/* A duration as m:ss, or h:mm:ss from an hour on (whole seconds). */
static void format_duration(char *out, size_t len, double seconds)
{
	unsigned long t = seconds > 0 ? (unsigned long)(seconds + 0.5) : 0;
	if (t >= 3600)
		snprintf(out, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(out, len, "%lu:%02lu", t / 60, t % 60);
}

/* Appends s cut to max bytes, on one line, without splitting a UTF-8
 * character; "..." ends it when it was cut. */
static void append_cut(struct textbuf *tb, const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max) {
		tb_append_one_line(tb, s, n);
		return;
	}
	n = max > 3 ? max - 3 : 0;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	tb_append_one_line(tb, s, n);
	tb_printf(tb, "...");
}

void render_progress_header(struct textbuf *tb, const struct burn_status *s)
{
	tb_printf(tb, "%.*s", (int)sizeof(s->action), action_word(s));
	if (s->tracks_total > 0) {
		char d[32];
		format_duration(d, sizeof(d),
				(double)s->sectors_total /
				    PROGRESS_SECTORS_PER_SECOND);
		tb_printf(tb, ": %u track%s, %s", s->tracks_total,
			  s->tracks_total == 1 ? "" : "s", d);
	}
	if (s->owner_pid > 0) {
		tb_printf(tb, ", started by ");
		tb_append_one_line(tb, s->owner_comm[0] ? s->owner_comm : "?",
				   sizeof(s->owner_comm));
		tb_printf(tb, " (pid %ld)", (long)s->owner_pid);
	}
	tb_printf(tb, "\n");
}

/*
 * elapsed, state, track, percent; while writing or verifying the speed
 * and time left; while a burn's buffers are in use their fill; at the
 * end the verification's word and the error, cut to fit.
 */
void render_progress_line(struct textbuf *tb, const struct burn_status *s)
{
	size_t start = tb->len;
	char elapsed[32], left[32], track[32] = "";
	format_duration(elapsed, sizeof(elapsed), s->elapsed_s);
	if (s->tracks_total > 0)
		snprintf(track, sizeof(track), "track %u/%u", s->current_track,
			 s->tracks_total);
	tb_printf(tb, "%7s %-9s %-11s %3u%%", elapsed,
		  burn_state_name(s->state), track, status_percent(s));
	bool moving = s->state == BURN_WRITING || s->state == BURN_VERIFYING;
	if (moving) {
		double x = s->speed_x < 0 ? 0.0 : s->speed_x;
		if (s->remaining_s < 0)
			snprintf(left, sizeof(left), "--:--");
		else
			format_duration(left, sizeof(left), s->remaining_s);
		tb_printf(tb, " %5.1fx %7s left", x > 999.9 ? 999.9 : x, left);
	}
	if (s->state == BURN_WRITING && s->host_buffer_total_bytes > 0)
		tb_printf(tb, " buffer %3u%% drive %3u%%",
			  clamp_percent(s->host_buffer_percent),
			  clamp_percent(s->drive_buffer_percent));
	size_t vw = verify_word_len(s);
	if (!moving && vw)
		tb_printf(tb, "  verify %.*s", (int)vw, s->verify);
	/* The error, cut to what is left of 80 columns (status has it
	 * whole). */
	if (s->last_error[0] != '\0' &&
	    (s->state == BURN_FAILED || s->state == BURN_CANCELLED)) {
		size_t used = tb->len - start + 2;
		tb_printf(tb, "  ");
		if (used < PROGRESS_LINE_MAX)
			append_cut(tb, s->last_error, PROGRESS_LINE_MAX - used);
	}
	tb_printf(tb, "\n");
}
