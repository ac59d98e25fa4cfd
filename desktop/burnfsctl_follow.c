/*
 * burnfsctl_follow.c - following a job through the `status` file (see
 * burnfsctl_follow.h and doc/files.md "Polling").
 */
#include "burnfsctl_follow.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* status is a few hundred bytes; more than this is not burnfs's. */
#define STATUS_MAX 16384
/* Safety net: status is re-read this often even without a POLLIN. */
#define POLL_TIMEOUT_MS 2000

static int read_at_start(int fd, const char *path, struct ctl_status *out,
			 char *err, size_t err_len)
{
	char text[STATUS_MAX];
	ssize_t n = pread(fd, text, sizeof(text), 0);
	if (n < 0) {
		int e = errno;
		snprintf(err, err_len, "cannot read %s: %s", path, strerror(e));
		return -e;
	}
	if (!ctl_status_parse(text, (size_t)n, out)) {
		snprintf(err, err_len, "%s has no state: not a burnfs drive?",
			 path);
		return -EBADMSG;
	}
	return 0;
}

static int open_status(const char *dir, char *path, size_t path_len, char *err,
		       size_t err_len)
{
	snprintf(path, path_len, "%s/status", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(err, err_len, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
	return fd;
}

int ctl_read_status(const char *dir, struct ctl_status *out, char *err,
		    size_t err_len)
{
	char path[PATH_MAX + 8];
	int fd = open_status(dir, path, sizeof(path), err, err_len);
	if (fd < 0)
		return fd;
	int rc = read_at_start(fd, path, out, err, err_len);
	close(fd);
	return rc;
}

static void report(const char *drive, const struct ctl_status *s,
		   struct ctl_report *r, bool force)
{
	struct notify_text t;
	struct job_progress p = {.drive = drive,
				 .state = s->state,
				 .action = s->action,
				 .track = s->track,
				 .tracks_total = s->tracks_total,
				 .percent = s->percent,
				 .remaining_s = s->remaining_s};
	notify_text_progress(&p, &t);
	ctl_report_progress(r, &t, s->percent, force);
}

int ctl_follow(const char *dir, const char *drive, struct ctl_report *r,
	       struct ctl_status *out, char *err, size_t err_len)
{
	char path[PATH_MAX + 8], state[sizeof(out->state)] = "";
	int fd = open_status(dir, path, sizeof(path), err, err_len);
	if (fd < 0)
		return fd;
	int rc;
	for (;;) {
		rc = read_at_start(fd, path, out, err, err_len);
		if (rc < 0 || !ctl_status_running(out))
			break;
		bool new_state = strcmp(state, out->state) != 0;
		snprintf(state, sizeof(state), "%s", out->state);
		report(drive, out, r, new_state);
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (poll(&pfd, 1, POLL_TIMEOUT_MS) < 0 && errno != EINTR) {
			rc = -errno;
			snprintf(err, err_len, "cannot poll %s: %s", path,
				 strerror(-rc));
			break;
		}
	}
	close(fd);
	return rc;
}

bool ctl_outcome(const char *drive, const struct ctl_status *s,
		 struct notify_text *out)
{
	struct job_outcome o = {.drive = drive,
				.state = s->state,
				.action = s->action,
				.tracks = s->tracks_total,
				.verify = s->verify,
				.last_error = s->last_error};
	return notify_text_job_end(&o, out);
}
