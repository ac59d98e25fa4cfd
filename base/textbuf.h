/*
 * textbuf.h - a growable text buffer for rendering the drive's text files
 * (info, media, toc, status, log).  Allocation failure is sticky: the
 * buffer keeps what fitted and tb_failed() reports it.
 */
#ifndef BURNFS_TEXTBUF_H
#define BURNFS_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct textbuf {
	char *data; /* NUL-terminated */
	size_t len, cap;
	bool failed;
};

void tb_init(struct textbuf *tb);
void tb_free(struct textbuf *tb);
void tb_reset(struct textbuf *tb);
void tb_printf(struct textbuf *tb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tb_append(struct textbuf *tb, const char *s, size_t n);
/*
 * Appends at most max bytes of the string s on one line: control
 * characters (newline, tab, escape, DEL, ...) become spaces, so that a
 * user's string cannot split or forge a line of a text file.
 */
void tb_append_one_line(struct textbuf *tb, const char *s, size_t max);
static inline bool tb_failed(const struct textbuf *tb)
{
	return tb->failed;
}

#endif
