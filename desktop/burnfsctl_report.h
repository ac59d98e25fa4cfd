/*
 * burnfsctl_report.h - how burnfsctl tells its user: desktop
 * notifications when a session bus and a notification server are there
 * (one progress notification updated in place through replaces_id, with
 * the "value" hint, then the end replacing it), and standard error
 * otherwise (a progress line rewritten in place on a terminal).
 */
#ifndef BURNFSCTL_REPORT_H
#define BURNFSCTL_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "notify.h"

struct ctl_report {
	struct notify_bus *bus; /* NULL: standard error only */
	bool notify;		/* this command shows notifications */
	bool tty;		/* standard error is a terminal */
	uint32_t progress_id;	/* the notification shown, 0 none */
	bool line_open;		/* a progress line waits for its newline */
	struct timespec last_progress;
	char last_body[sizeof(((struct notify_text *)0)->body)];
};

/* notify: whether to use notifications (burn, blank, eject, errors). */
void ctl_report_open(struct ctl_report *r, bool notify);
void ctl_report_close(struct ctl_report *r);

/* A job's progress: at most once a second unless force (a new state);
 * percent is the notification's "value". */
void ctl_report_progress(struct ctl_report *r, const struct notify_text *t,
			 unsigned percent, bool force);

/*
 * The end: a notification replacing the progress one (when notifying),
 * and "burnfsctl: SUMMARY: BODY" on standard error when it failed, when
 * no notification could be shown, or on a terminal.
 */
void ctl_report_end(struct ctl_report *r, const struct notify_text *t, bool ok);

#endif
