/*
 * progress_feed.c - the `progress` file (see progress_feed.h): a
 * line_file with a pace for the lines.
 *
 * Lock: f->lock protects have_last, last_key and last_s; the line_file's own
 * lock nests inside it, so that lines are kept in the order they were judged.
 */
#include "progress_feed.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "line_file.h"
#include "mono_clock.h"

struct progress_feed {
	pthread_mutex_t lock;
	struct line_file *text;
	bool have_last;
	unsigned last_key;
	double last_s;
};

bool progress_line_due(bool have_last, unsigned last_key, double last_s,
		       unsigned key, double now_s, bool force)
{
	if (force || !have_last || key != last_key)
		return true;
	return now_s - last_s >= PROGRESS_FEED_PERIOD_S;
}

struct progress_feed *progress_feed_new(size_t max_lines)
{
	struct progress_feed *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->text = line_file_new(max_lines, max_lines / 2);
	if (!f->text || pthread_mutex_init(&f->lock, NULL) != 0) {
		line_file_free(f->text);
		free(f);
		return NULL;
	}
	return f;
}

void progress_feed_free(struct progress_feed *f)
{
	if (!f)
		return;
	line_file_free(f->text);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

void progress_feed_begin(struct progress_feed *f, const char *header)
{
	pthread_mutex_lock(&f->lock);
	line_file_reset(f->text);
	f->have_last = false;
	if (header)
		line_file_add(f->text, header, strcspn(header, "\n"));
	pthread_mutex_unlock(&f->lock);
}

bool progress_feed_add(struct progress_feed *f, const char *line, unsigned key,
		       bool force)
{
	double now = mono_seconds();
	pthread_mutex_lock(&f->lock);
	if (!progress_line_due(f->have_last, f->last_key, f->last_s, key, now,
			       force)) {
		pthread_mutex_unlock(&f->lock);
		return false;
	}
	line_file_add(f->text, line, strcspn(line, "\n"));
	f->have_last = true;
	f->last_key = key;
	f->last_s = now;
	pthread_mutex_unlock(&f->lock);
	return true;
}

size_t progress_feed_read(struct progress_feed *f, off_t off, char *buf,
			  size_t size)
{
	return line_file_read(f->text, off, buf, size);
}

size_t progress_feed_size(struct progress_feed *f)
{
	return line_file_size(f->text);
}

struct timespec progress_feed_mtime(struct progress_feed *f)
{
	return line_file_mtime(f->text);
}
