/*
 * drive_log.c - the drive's `log` file (see drive_log.h): a bounded ring
 * of timestamped lines, newest last.  Any thread may add lines (the FUSE
 * threads for refused tracks, the job thread through recorder events);
 * the FUSE layer renders a snapshot when `log` is opened.
 *
 * Lock: log->lock protects lines, first and count.  The stderr echo is
 * written under it too, so that stderr shows lines in the log's order.
 */
#include "drive_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool drive_log_echo_stderr = false;

struct drive_log {
	pthread_mutex_t lock;
	char *name;
	char **lines; /* ring of max_lines; each "YYYY-MM-DD HH:MM:SS msg" */
	size_t max_lines;
	size_t first; /* index of the oldest line */
	size_t count;
};

struct drive_log *drive_log_new(const char *drive_name, size_t max_lines)
{
	if (max_lines == 0)
		max_lines = 1;
	struct drive_log *log = calloc(1, sizeof(*log));
	if (!log)
		return NULL;
	log->name = strdup(drive_name ? drive_name : "");
	log->lines = calloc(max_lines, sizeof(*log->lines));
	if (!log->name || !log->lines ||
	    pthread_mutex_init(&log->lock, NULL) != 0) {
		free(log->name);
		free(log->lines);
		free(log);
		return NULL;
	}
	log->max_lines = max_lines;
	return log;
}

void drive_log_free(struct drive_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->max_lines; i++)
		free(log->lines[i]);
	free(log->lines);
	free(log->name);
	pthread_mutex_destroy(&log->lock);
	free(log);
}

/* A message is one line: newlines and other control characters -> ' '. */
static void flatten(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
}

void drive_log_add(struct drive_log *log, const char *fmt, ...)
{
	if (!log)
		return;
	char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return; /* out of memory: the line is lost */
	flatten(msg);

	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	char *line = NULL;
	if (asprintf(&line, "%s %s", stamp, msg) < 0) {
		free(msg);
		return;
	}

	pthread_mutex_lock(&log->lock);
	size_t slot;
	if (log->count == log->max_lines) {
		slot = log->first;
		free(log->lines[slot]);
		log->first = (log->first + 1) % log->max_lines;
	} else {
		slot = (log->first + log->count) % log->max_lines;
		log->count++;
	}
	log->lines[slot] = line;
	if (drive_log_echo_stderr)
		fprintf(stderr, "burnfs[%s]: %s\n", log->name, msg);
	pthread_mutex_unlock(&log->lock);
	free(msg);
}

void drive_log_render(struct drive_log *log, struct textbuf *tb)
{
	if (!log)
		return;
	pthread_mutex_lock(&log->lock);
	for (size_t i = 0; i < log->count; i++) {
		const char *line =
		    log->lines[(log->first + i) % log->max_lines];
		tb_append(tb, line, strlen(line));
		tb_append(tb, "\n", 1);
	}
	pthread_mutex_unlock(&log->lock);
}
