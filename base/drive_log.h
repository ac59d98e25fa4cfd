/*
 * drive_log.h - the drive's `log` file: the most recent messages, newest
 * last, each with a local timestamp.  A growing file (line_file.h): read
 * at any offset while lines are added, so `tail -f log` follows it;
 * bounded (when full, it starts over with its newest half).  Mirrored to
 * stderr when running in the foreground.
 *
 * Lock: drive_log.lock protects the stderr echo's order and the notify
 * hook; the text has its own lock (line_file.h), taken inside it.
 */
#ifndef BURNFS_DRIVE_LOG_H
#define BURNFS_DRIVE_LOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "textbuf.h"

struct drive_log;

/*
 * When true (the process runs in the foreground, -f), every line is also
 * written to stderr as "burnfs[<drive>]: message".  Default false; set
 * once at start-up, before any drive exists.
 */
extern bool drive_log_echo_stderr;

/* At most max_lines lines; when full, the newest max_lines / 2 stay. */
struct drive_log *drive_log_new(const char *drive_name, size_t max_lines);
void drive_log_free(struct drive_log *log);
void drive_log_add(struct drive_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends every line ("2026-11-27 15:04:05 message\n") to tb. */
void drive_log_render(struct drive_log *log, struct textbuf *tb);
/* The file as it is now: up to size bytes from off; its length; the time
 * of its last line. */
size_t drive_log_read(struct drive_log *log, off_t off, char *buf, size_t size);
size_t drive_log_size(struct drive_log *log);
struct timespec drive_log_mtime(struct drive_log *log);
/*
 * fn(ctx) runs after every line is added, without any log lock held, on
 * the thread that added it (it must not block or log).  fn may be NULL.
 */
void drive_log_set_notify(struct drive_log *log, void (*fn)(void *ctx),
			  void *ctx);

#endif
