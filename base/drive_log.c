/*
 * drive_log.c - the drive's `log` file (see drive_log.h): timestamped
 * lines in a line_file, newest last.  Any thread may add lines (the FUSE
 * threads for refused tracks, the job thread through recorder events);
 * FUSE reads the file at any offset while it grows.
 *
 * Lock: log->lock is held while a line is added and echoed, so that
 * stderr shows lines in the log's order; it also protects the notify
 * hook.  The line_file's own lock nests inside it.
 */
#include "drive_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "line_file.h"

bool drive_log_echo_stderr = false;

struct drive_log {
	pthread_mutex_t lock;
	char *name;
	struct line_file *text;
	void (*notify)(void *ctx);
	void *notify_ctx;
};

struct drive_log *drive_log_new(const char *drive_name, size_t max_lines)
{
	if (max_lines < 2)
		max_lines = 2;
	struct drive_log *log = calloc(1, sizeof(*log));
	if (!log)
		return NULL;
	log->name = strdup(drive_name ? drive_name : "");
	log->text = line_file_new(max_lines, max_lines / 2);
	if (!log->name || !log->text ||
	    pthread_mutex_init(&log->lock, NULL) != 0) {
		free(log->name);
		line_file_free(log->text);
		free(log);
		return NULL;
	}
	return log;
}

void drive_log_free(struct drive_log *log)
{
	if (!log)
		return;
	line_file_free(log->text);
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
	int len = asprintf(&line, "%s %s", stamp, msg);
	if (len < 0) {
		free(msg);
		return;
	}

	pthread_mutex_lock(&log->lock);
	line_file_add(log->text, line, (size_t)len);
	if (drive_log_echo_stderr)
		fprintf(stderr, "burnfs[%s]: %s\n", log->name, msg);
	void (*fn)(void *) = log->notify;
	void *ctx = log->notify_ctx;
	pthread_mutex_unlock(&log->lock);
	free(line);
	free(msg);
	if (fn)
		fn(ctx);
}

void drive_log_render(struct drive_log *log, struct textbuf *tb)
{
	if (log)
		line_file_copy(log->text, tb);
}

size_t drive_log_read(struct drive_log *log, off_t off, char *buf, size_t size)
{
	return line_file_read(log->text, off, buf, size);
}

size_t drive_log_size(struct drive_log *log)
{
	return line_file_size(log->text);
}

struct timespec drive_log_mtime(struct drive_log *log)
{
	return line_file_mtime(log->text);
}

void drive_log_set_notify(struct drive_log *log, void (*fn)(void *ctx),
			  void *ctx)
{
	pthread_mutex_lock(&log->lock);
	log->notify = fn;
	log->notify_ctx = ctx;
	pthread_mutex_unlock(&log->lock);
}
