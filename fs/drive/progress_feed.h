/*
 * progress_feed.h - the `progress` file: a live stream of progress lines.
 * The job appends lines; each open of `progress` gets a reader that
 * starts at the current job's first line and blocks for new lines; the
 * reader gets EOF once the job has ended and every line was read.
 * Opening it while no job runs gives the last job's lines (or nothing),
 * then EOF.
 *
 * Lock: progress_feed.lock protects the lines, the job generation and
 * the ended flag; readers wait on its condition variable.
 */
#ifndef BURNFS_PROGRESS_FEED_H
#define BURNFS_PROGRESS_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct progress_feed;
struct progress_reader;

struct progress_feed *progress_feed_new(size_t max_lines);
void progress_feed_free(struct progress_feed *f);
/* A new job begins: forget the old lines. */
void progress_feed_begin(struct progress_feed *f);
void progress_feed_add(struct progress_feed *f, const char *line);
/* The job ended: wake every reader; they see EOF after the last line. */
void progress_feed_end(struct progress_feed *f);
/*
 * Wakes blocked readers so that they return -EINTR (unmount); every read
 * after it returns -EINTR too.  Close all readers before freeing.
 */
void progress_feed_shutdown(struct progress_feed *f);
/*
 * Optional: fn(ctx) is called after every add, end and shutdown, without
 * the lock held (e.g. to notify a FUSE poll handle).  fn may be NULL.
 */
void progress_feed_set_notify(struct progress_feed *f, void (*fn)(void *ctx),
			      void *ctx);

struct progress_reader *progress_reader_open(struct progress_feed *f);
void progress_reader_close(struct progress_reader *r);
/*
 * Copies up to size bytes of pending lines into buf, blocking until at
 * least one byte is available or the stream ended.  Returns the byte
 * count, 0 at EOF, or -EINTR when interrupted.
 */
ssize_t progress_reader_read(struct progress_reader *r, char *buf, size_t size);
/* Non-blocking: is there data or EOF to read now? (for poll) */
bool progress_reader_ready(struct progress_reader *r);
/*
 * Blocks on the feed's condition variable until there is data, EOF or a
 * shutdown to read, or timeout_ms passed.  Returns progress_reader_ready.
 * Lets a caller that must also watch for something the feed does not
 * signal (a FUSE interrupt) wait in slices without polling.
 */
bool progress_reader_wait(struct progress_reader *r, unsigned timeout_ms);

#endif
