/*
 * burnfsctl_report.c - notifications or standard error for burnfsctl
 * (see burnfsctl_report.h).
 */
#include "burnfsctl_report.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Progress notifications are updated at most this often. */
#define PROGRESS_INTERVAL_S 1.0

void ctl_report_open(struct ctl_report *r, bool notify)
{
	char err[256];
	memset(r, 0, sizeof(*r));
	r->notify = notify;
	r->tty = isatty(STDERR_FILENO) == 1;
	if (notify)
		r->bus = notify_bus_open(err, sizeof(err));
}

void ctl_report_close(struct ctl_report *r)
{
	if (r->line_open)
		fputc('\n', stderr);
	r->line_open = false;
	notify_bus_close(r->bus);
	r->bus = NULL;
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Sends t; on failure the bus is given up and false returned. */
static bool send(struct ctl_report *r, const struct notify_text *t, int value)
{
	char err[256];
	uint32_t id = 0;
	struct notify_options o = {
	    .replaces_id = r->progress_id, .value = value, .expire_ms = -1};
	if (!r->bus)
		return false;
	if (notify_send(r->bus, t, &o, &id, err, sizeof(err)) < 0) {
		notify_bus_close(r->bus);
		r->bus = NULL;
		return false;
	}
	r->progress_id = id;
	return true;
}

void ctl_report_progress(struct ctl_report *r, const struct notify_text *t,
			 unsigned percent, bool force)
{
	bool first =
	    r->last_progress.tv_sec == 0 && r->last_progress.tv_nsec == 0;
	if (!force && !first &&
	    seconds_since(&r->last_progress) < PROGRESS_INTERVAL_S)
		return;
	if (strcmp(t->body, r->last_body) == 0 && !first)
		return;
	snprintf(r->last_body, sizeof(r->last_body), "%s", t->body);
	clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
	if (r->notify)
		send(r, t, (int)percent);
	if (r->tty) {
		fprintf(stderr, "\r%s\033[K", t->body);
		fflush(stderr);
		r->line_open = true;
	}
}

void ctl_report_end(struct ctl_report *r, const struct notify_text *t, bool ok)
{
	bool shown = r->notify && send(r, t, -1);
	if (r->line_open) {
		fputc('\n', stderr);
		r->line_open = false;
	}
	if (!ok || !shown || r->tty)
		fprintf(stderr, "burnfsctl: %s: %s\n", t->summary, t->body);
}
