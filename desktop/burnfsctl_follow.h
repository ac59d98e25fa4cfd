/*
 * burnfsctl_follow.h - following a drive's job to its end: poll(2) on
 * the drive's `status` (readable again once something changed), each
 * time re-read from offset 0 and parsed, progress reported, until the
 * state is done, failed or cancelled.
 */
#ifndef BURNFSCTL_FOLLOW_H
#define BURNFSCTL_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "burnfsctl_report.h"
#include "burnfsctl_status.h"

/*
 * Reads dir/status once into *out.  0, or -errno with a sentence in err.
 */
int ctl_read_status(const char *dir, struct ctl_status *out, char *err,
		    size_t err_len);

/*
 * Follows the job on dir until it ends (or, with running_only, returns
 * at once when no job runs), reporting its progress through r.  *out
 * gets the last status.  0, or -errno with a sentence in err when status
 * cannot be read.
 */
int ctl_follow(const char *dir, const char *drive, struct ctl_report *r,
	       struct ctl_status *out, char *err, size_t err_len);

/* The words of a job's end from its status; true when it succeeded. */
bool ctl_outcome(const char *drive, const struct ctl_status *s,
		 struct notify_text *out);

#endif
