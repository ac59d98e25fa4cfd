/*
 * line_file.h - a text file that grows by whole lines and is read at
 * any offset while it grows: what the `log` and `progress` files are
 * made of.  Readers never wait: a read returns what is there, its size
 * is its real length, and its modification time moves with every line,
 * so `tail -f` (which follows a file on FUSE by its size) shows new lines
 * as they come.
 *
 * Bounded: it holds at most max_lines lines.  The line that would be one
 * too many makes it start over with its newest keep_lines lines and
 * then that line: the file gets shorter, which `tail -f` reports as
 * "file truncated" before it shows the kept lines again and follows on.
 * line_file_reset empties it (a new job's `progress`).
 *
 * Lock: line_file.lock (leaf) protects the text, its line count and its
 * modification time.
 */
#ifndef BURNFS_LINE_FILE_H
#define BURNFS_LINE_FILE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "textbuf.h"

struct line_file;

/* keep_lines < max_lines (a larger value is taken as max_lines / 2). */
struct line_file *line_file_new(size_t max_lines, size_t keep_lines);
void line_file_free(struct line_file *f);

/*
 * Appends line (len bytes, without its '\n': one is added) as the newest
 * line.  Out of memory, the line is lost and the file stays as it was.
 */
void line_file_add(struct line_file *f, const char *line, size_t len);
/* Empties the file (its modification time moves). */
void line_file_reset(struct line_file *f);

/* Copies up to size bytes from offset off; 0 at or past the end. */
size_t line_file_read(struct line_file *f, off_t off, char *buf, size_t size);
size_t line_file_size(struct line_file *f);
size_t line_file_lines(struct line_file *f);
/* CLOCK_REALTIME of the last change (of line_file_new at first). */
struct timespec line_file_mtime(struct line_file *f);
/* Appends the whole text to tb. */
void line_file_copy(struct line_file *f, struct textbuf *tb);

#endif
