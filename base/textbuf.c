/*
 * textbuf.c - growable NUL-terminated text buffer (see textbuf.h).
 *
 * The renderers of the drive's text files print into one of these; the
 * FUSE layer then serves reads from data/len.  data is never NULL: an
 * empty buffer points at a static empty string until the first append.
 * Once an allocation fails the buffer keeps what fitted and ignores
 * further appends, so a caller checks tb_failed() once at the end.
 */
#include "textbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tb_empty[1];

void tb_init(struct textbuf *tb)
{
	tb->data = tb_empty;
	tb->len = 0;
	tb->cap = 0;
	tb->failed = false;
}

void tb_free(struct textbuf *tb)
{
	if (tb->cap > 0)
		free(tb->data);
	tb_init(tb);
}

void tb_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->data[0] = '\0';
	tb->failed = false;
}

/* Makes room for extra more bytes plus the NUL; false when out of memory. */
static bool tb_reserve(struct textbuf *tb, size_t extra)
{
	if (extra > SIZE_MAX - tb->len - 1)
		return false;
	size_t need = tb->len + extra + 1;
	if (need <= tb->cap)
		return true;
	size_t cap = tb->cap ? tb->cap : 256;
	while (cap < need)
		cap = (cap > SIZE_MAX / 2) ? need : cap * 2;
	char *p = realloc(tb->cap ? tb->data : NULL, cap);
	if (!p)
		return false;
	if (tb->cap == 0)
		p[0] = '\0';
	tb->data = p;
	tb->cap = cap;
	return true;
}

void tb_append(struct textbuf *tb, const char *s, size_t n)
{
	if (tb->failed || n == 0)
		return;
	if (!tb_reserve(tb, n)) {
		/* Keep what fits in the space already there. */
		size_t room = tb->cap ? tb->cap - tb->len - 1 : 0;
		if (room > n)
			room = n;
		if (room > 0) {
			memcpy(tb->data + tb->len, s, room);
			tb->len += room;
			tb->data[tb->len] = '\0';
		}
		tb->failed = true;
		return;
	}
	memcpy(tb->data + tb->len, s, n);
	tb->len += n;
	tb->data[tb->len] = '\0';
}

void tb_printf(struct textbuf *tb, const char *fmt, ...)
{
	if (tb->failed)
		return;
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		tb->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		tb_append(tb, small, (size_t)n);
		return;
	}
	if (!tb_reserve(tb, (size_t)n)) {
		tb_append(tb, small,
			  sizeof(small) - 1); /* partial, sets failed */
		tb->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(tb->data + tb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tb->len += (size_t)n;
}

void tb_append_one_line(struct textbuf *tb, const char *s, size_t max)
{
	size_t n = strnlen(s, max), from = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			continue;
		tb_append(tb, s + from, i - from);
		tb_append(tb, " ", 1);
		from = i + 1;
	}
	tb_append(tb, s + from, n - from);
}
