/*
 * progress_feed.h - the `progress` file: the lines of the current (or
 * last) job, a regular file that grows while the job runs.  A read never
 * waits: it returns what is there; the size is the real length and the
 * modification time moves with every line, so `tail -f progress` shows
 * lines as they come.  A new job starts the file afresh.
 *
 * Lines are paced: a line is kept when it is forced (the job's start, a
 * new state, its end), when the state or track differs from the last
 * kept line's, or PROGRESS_FEED_PERIOD_S after the last kept line.  The
 * file holds at most max_lines lines (line_file.h: when full it starts
 * over with its newest half).
 *
 * Lock: progress_feed.lock (leaf) protects the pace (the last kept
 * line's key and time); the text has its own lock
 * (line_file.h), taken inside it.
 */
#ifndef BURNFS_PROGRESS_FEED_H
#define BURNFS_PROGRESS_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* At most one line a second while nothing but the figures change. */
#define PROGRESS_FEED_PERIOD_S 1.0

struct progress_feed;

struct progress_feed *progress_feed_new(size_t max_lines);
void progress_feed_free(struct progress_feed *f);
/* A new job begins: the file starts afresh with header (may be NULL). */
void progress_feed_begin(struct progress_feed *f, const char *header);
/*
 * A progress line (without '\n') whose state and track make key: kept
 * when progress_line_due says so.  Returns whether it was kept.
 */
bool progress_feed_add(struct progress_feed *f, const char *line, unsigned key,
		       bool force);
/* The file as it is now. */
size_t progress_feed_read(struct progress_feed *f, off_t off, char *buf,
			  size_t size);
size_t progress_feed_size(struct progress_feed *f);
struct timespec progress_feed_mtime(struct progress_feed *f);

/*
 * Pure: is a line with key at now_s (seconds, monotonic) due, after a
 * last kept line with last_key at last_s (have_last false: none yet)?
 */
bool progress_line_due(bool have_last, unsigned last_key, double last_s,
		       unsigned key, double now_s, bool force);

#endif
