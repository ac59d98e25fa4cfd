/*
 * line_file.c - a growing text file of whole lines with a bound on its
 * lines (see line_file.h).  The text is one buffer; starting over moves
 * the kept lines to its front.
 *
 * Lock: f->lock protects data, len, cap, lines and mtime.
 */
#include "line_file.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct line_file {
	pthread_mutex_t lock;
	char *data;
	size_t len, cap;
	size_t lines;
	size_t max_lines, keep_lines;
	struct timespec mtime;
};

static struct timespec wall_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return t;
}

struct line_file *line_file_new(size_t max_lines, size_t keep_lines)
{
	struct line_file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	if (pthread_mutex_init(&f->lock, NULL) != 0) {
		free(f);
		return NULL;
	}
	f->max_lines = max_lines ? max_lines : 1;
	f->keep_lines =
	    keep_lines < f->max_lines ? keep_lines : f->max_lines / 2;
	f->mtime = wall_now();
	return f;
}

void line_file_free(struct line_file *f)
{
	if (!f)
		return;
	free(f->data);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* Keeps the newest keep_lines lines at the front.  Lock held. */
static void start_over(struct line_file *f)
{
	size_t start = f->len, kept = 0;
	while (start > 0 && kept < f->keep_lines) {
		/* start is just after a '\n' (or at the end): find the
		 * beginning of the line before it. */
		size_t p = start - 1;
		while (p > 0 && f->data[p - 1] != '\n')
			p--;
		start = p;
		kept++;
	}
	memmove(f->data, f->data + start, f->len - start);
	f->len -= start;
	f->lines = kept;
}

void line_file_add(struct line_file *f, const char *line, size_t len)
{
	pthread_mutex_lock(&f->lock);
	if (f->lines >= f->max_lines)
		start_over(f);
	if (f->len + len + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		while (cap < f->len + len + 1)
			cap *= 2;
		char *d = realloc(f->data, cap);
		if (!d) {
			pthread_mutex_unlock(&f->lock);
			return;
		}
		f->data = d;
		f->cap = cap;
	}
	memcpy(f->data + f->len, line, len);
	f->data[f->len + len] = '\n';
	f->len += len + 1;
	f->lines++;
	f->mtime = wall_now();
	pthread_mutex_unlock(&f->lock);
}

void line_file_reset(struct line_file *f)
{
	pthread_mutex_lock(&f->lock);
	f->len = 0;
	f->lines = 0;
	f->mtime = wall_now();
	pthread_mutex_unlock(&f->lock);
}

size_t line_file_read(struct line_file *f, off_t off, char *buf, size_t size)
{
	size_t n = 0;
	pthread_mutex_lock(&f->lock);
	if (off >= 0 && (size_t)off < f->len) {
		n = f->len - (size_t)off;
		if (n > size)
			n = size;
		memcpy(buf, f->data + off, n);
	}
	pthread_mutex_unlock(&f->lock);
	return n;
}

size_t line_file_size(struct line_file *f)
{
	pthread_mutex_lock(&f->lock);
	size_t n = f->len;
	pthread_mutex_unlock(&f->lock);
	return n;
}

size_t line_file_lines(struct line_file *f)
{
	pthread_mutex_lock(&f->lock);
	size_t n = f->lines;
	pthread_mutex_unlock(&f->lock);
	return n;
}

struct timespec line_file_mtime(struct line_file *f)
{
	pthread_mutex_lock(&f->lock);
	struct timespec t = f->mtime;
	pthread_mutex_unlock(&f->lock);
	return t;
}

void line_file_copy(struct line_file *f, struct textbuf *tb)
{
	pthread_mutex_lock(&f->lock);
	tb_append(tb, f->data ? f->data : "", f->len);
	pthread_mutex_unlock(&f->lock);
}
