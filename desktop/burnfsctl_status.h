/*
 * burnfsctl_status.h - what burnfsctl reads from a drive directory, as
 * pure functions of the text: the `status` file's `key: value` lines
 * (doc/files.md; never the `progress` stream, whose line format is not
 * a contract) and the lines a `log` gained between two reads (the
 * sentence that explains a refused commit, eject or blank).
 */
#ifndef BURNFSCTL_STATUS_H
#define BURNFSCTL_STATUS_H

#include <stdbool.h>
#include <stddef.h>

struct ctl_status {
	char state[32];	 /* idle, preparing, writing, ..., done, failed */
	char action[32]; /* burn, test-write, ..., or none */
	unsigned track, tracks_total, percent;
	double remaining_s; /* < 0 unknown */
	char last_error[512];
	char verify[512];
	char converting[512];
	char owner_command[32];
};

/* Parses status text (len bytes).  Unknown keys are ignored; a key
 * given twice keeps its first value.  False when there is no state. */
bool ctl_status_parse(const char *text, size_t len, struct ctl_status *out);

/* Whether the state is a job that is running (not idle, not an end). */
bool ctl_status_running(const struct ctl_status *s);

/*
 * The lines of log text after (read later) that are not in before (read
 * earlier): after's lines following before's last line, found from the
 * end (the log is a ring: old lines drop off its start).  Each line's
 * "YYYY-MM-DD HH:MM:SS " time is left out; lines are joined by "; " into
 * out.  Returns the number of lines.
 */
size_t ctl_log_new_lines(const char *before, const char *after, char *out,
			 size_t out_len);

#endif
