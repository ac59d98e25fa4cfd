/*
 * drive_log.h - the drive's `log` file: the most recent messages, newest
 * last, each with a local timestamp.  Bounded (oldest lines dropped).
 * Also mirrored to syslog/stderr when running in the foreground.
 *
 * Lock: drive_log.lock protects the line ring.
 */
#ifndef BURNFS_DRIVE_LOG_H
#define BURNFS_DRIVE_LOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "textbuf.h"

struct drive_log;

/*
 * When true (the process runs in the foreground), every line is also
 * written to stderr as "burnfs[<drive>]: message".  Default false.
 */
extern bool drive_log_echo_stderr;

struct drive_log *drive_log_new(const char *drive_name, size_t max_lines);
void drive_log_free(struct drive_log *log);
void drive_log_add(struct drive_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends every line ("2026-11-27 15:04:05 message\n") to tb. */
void drive_log_render(struct drive_log *log, struct textbuf *tb);

#endif
