/*
 * burnfsctl.c - the helper the file managers' actions call (and the one
 * command for scripts): burn, eject, blank, wait for and show the job of
 * a burnfs drive, given the drive's directory or anything inside it.
 *
 *   burnfsctl burn PATH          echo 1 > commit, then follow the burn
 *   burnfsctl blank [--full] PATH  echo fast|full > blank, then follow
 *   burnfsctl eject PATH         echo 1 > eject
 *   burnfsctl wait PATH          until the drive's job ends
 *   burnfsctl status PATH        one line: what the drive does or did
 *
 * Exit status 0 on success, 1 on failure (the reason on standard error),
 * 2 for a command line it does not understand.  Progress and the end
 * are desktop notifications when there is a session bus (burnfsctl_report.h);
 * doc/desktop.md and doc/files.md describe it for users.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "burnfsctl_find.h"
#include "burnfsctl_follow.h"
#include "burnfsctl_report.h"
#include "burnfsctl_status.h"
#include "notify_text.h"

/* The log is a bounded ring of short lines; this is far more. */
#define LOG_MAX (1 << 20)

static void usage(FILE *to)
{
	fprintf(to, "usage: burnfsctl burn PATH\n"
		    "       burnfsctl blank [--full] PATH\n"
		    "       burnfsctl eject PATH\n"
		    "       burnfsctl wait PATH\n"
		    "       burnfsctl status PATH\n"
		    "PATH is a burnfs drive directory or anything inside it "
		    "(its tracks/).\n");
}

/* The drive directory path is in, or a polite refusal through r. */
static int find_drive(const char *path, struct ctl_report *r, char *dir,
		      size_t dir_len)
{
	char real[PATH_MAX];
	struct notify_text t = {.urgency = 1};
	if (!realpath(path, real)) {
		int e = errno;
		snprintf(t.summary, sizeof(t.summary), "Not a burnfs drive");
		snprintf(t.body, sizeof(t.body), "%.500s: %s", path,
			 strerror(e));
		ctl_report_end(r, &t, false);
		return -1;
	}
	if (ctl_find_drive_dir(real, ctl_probe_filesystem, NULL, dir, dir_len) <
	    0) {
		snprintf(t.summary, sizeof(t.summary), "Not a burnfs drive");
		/* a path longer than a notification shows is cut */
		snprintf(t.body, sizeof(t.body),
			 "%.500s is not in a burnfs drive directory: burning, "
			 "blanking and ejecting work on a drive's directory "
			 "and its tracks/",
			 real);
		ctl_report_end(r, &t, false);
		return -1;
	}
	return 0;
}

/* dir/log as it is now ("" when it cannot be read); free it. */
static char *read_log(const char *dir)
{
	char path[PATH_MAX + 8];
	char *text = calloc(1, LOG_MAX + 1);
	if (!text)
		return NULL;
	snprintf(path, sizeof(path), "%s/log", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	while (fd >= 0 && len < LOG_MAX) {
		ssize_t n = read(fd, text + len, LOG_MAX - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	text[len] = '\0';
	return text;
}

/*
 * Writes value into dir/name, as `echo value > name` does.  0, or -errno
 * with why it was refused in why: the lines the drive's log gained (the
 * refusal's sentence), else the errno's words.
 */
static int write_action(const char *dir, const char *name, const char *value,
			char *why, size_t why_len)
{
	char path[PATH_MAX + 16], line[64];
	char *before = read_log(dir);
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int len = snprintf(line, sizeof(line), "%s\n", value);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		ssize_t n = write(fd, line, (size_t)len);
		if (n < 0)
			rc = -errno;
		else if (n != len)
			rc = -EIO;
		if (close(fd) < 0 && rc == 0)
			rc = -errno;
	}
	if (rc < 0) {
		char *after = read_log(dir);
		why[0] = '\0';
		if (!before || !after ||
		    ctl_log_new_lines(before, after, why, why_len) == 0)
			snprintf(why, why_len, "%s: %s", name, strerror(-rc));
		free(after);
	}
	free(before);
	return rc;
}

/* A refused write as the end of the command. */
static int refused(struct ctl_report *r, const char *summary, const char *drive,
		   const char *why)
{
	struct notify_text t = {.urgency = 2};
	snprintf(t.summary, sizeof(t.summary), "%s", summary);
	snprintf(t.body, sizeof(t.body), "%s: %s", drive, why);
	ctl_report_end(r, &t, false);
	return 1;
}

/* Follows the job on dir to its end and reports how it ended. */
static int follow_to_end(const char *dir, const char *drive,
			 struct ctl_report *r)
{
	struct ctl_status s;
	struct notify_text t;
	char err[512];
	if (ctl_follow(dir, drive, r, &s, err, sizeof(err)) < 0) {
		snprintf(t.summary, sizeof(t.summary), "Lost the drive");
		snprintf(t.body, sizeof(t.body), "%s: %s", drive, err);
		t.urgency = 2;
		ctl_report_end(r, &t, false);
		return 1;
	}
	if (strcmp(s.state, "idle") == 0) {
		/* no job has run since the mount: nothing failed */
		return 0;
	}
	bool ok = ctl_outcome(drive, &s, &t);
	ctl_report_end(r, &t, ok);
	return ok ? 0 : 1;
}

static int cmd_burn(const char *dir, const char *drive, struct ctl_report *r)
{
	char why[1024];
	if (write_action(dir, "commit", "1", why, sizeof(why)) < 0)
		return refused(r, "Burn refused", drive, why);
	return follow_to_end(dir, drive, r);
}

static int cmd_blank(const char *dir, const char *drive, bool full,
		     struct ctl_report *r)
{
	char why[1024];
	if (write_action(dir, "blank", full ? "full" : "fast", why,
			 sizeof(why)) < 0)
		return refused(r, "Blank refused", drive, why);
	return follow_to_end(dir, drive, r);
}

static int cmd_eject(const char *dir, const char *drive, struct ctl_report *r)
{
	char why[1024];
	if (write_action(dir, "eject", "1", why, sizeof(why)) < 0)
		return refused(r, "Eject refused", drive, why);
	return 0;
}

/* One line on standard output: what the drive does, or how its last job
 * ended; and the files being converted. */
static int cmd_status(const char *dir, const char *drive)
{
	struct ctl_status s;
	struct notify_text t;
	char err[512];
	if (ctl_read_status(dir, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "burnfsctl: %s\n", err);
		return 1;
	}
	if (ctl_status_running(&s)) {
		struct job_progress p = {.drive = drive,
					 .state = s.state,
					 .action = s.action,
					 .track = s.track,
					 .tracks_total = s.tracks_total,
					 .percent = s.percent,
					 .remaining_s = s.remaining_s};
		notify_text_progress(&p, &t);
		printf("%s: %s\n", t.summary, t.body);
	} else if (strcmp(s.state, "idle") == 0) {
		printf("%s: idle, no job since the mount\n", drive);
	} else {
		ctl_outcome(drive, &s, &t);
		printf("%s: %s\n", t.summary, t.body);
	}
	if (s.converting[0] && strcmp(s.converting, "none") != 0)
		printf("%s: converting %s\n", drive, s.converting);
	return 0;
}

int main(int argc, char *argv[])
{
	struct ctl_report r;
	char dir[PATH_MAX];
	const char *cmd, *path;
	bool full = false;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 &&
	    (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("burnfsctl %s\n", BURNFS_VERSION);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "blank") == 0 &&
	    strcmp(argv[2], "--full") == 0) {
		full = true;
		argv[2] = argv[3];
		argc = 3;
	}
	if (argc != 3) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	path = argv[2];
	bool acts = strcmp(cmd, "burn") == 0 || strcmp(cmd, "blank") == 0 ||
		    strcmp(cmd, "eject") == 0;
	if (!acts && strcmp(cmd, "wait") != 0 && strcmp(cmd, "status") != 0) {
		fprintf(stderr, "burnfsctl: unknown command %s\n", cmd);
		usage(stderr);
		return 2;
	}
	/* Actions come from file managers: they speak through
	 * notifications.  wait and status are for terminals and scripts. */
	ctl_report_open(&r, acts);
	int rc = find_drive(path, &r, dir, sizeof(dir));
	if (rc == 0) {
		const char *drive = ctl_base_name(dir);
		if (strcmp(cmd, "burn") == 0)
			rc = cmd_burn(dir, drive, &r);
		else if (strcmp(cmd, "blank") == 0)
			rc = cmd_blank(dir, drive, full, &r);
		else if (strcmp(cmd, "eject") == 0)
			rc = cmd_eject(dir, drive, &r);
		else if (strcmp(cmd, "wait") == 0)
			rc = follow_to_end(dir, drive, &r);
		else
			rc = cmd_status(dir, drive);
	} else {
		rc = 1;
	}
	ctl_report_close(&r);
	return rc;
}
