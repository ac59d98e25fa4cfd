/*
 * drive_actions.c - eject, blank and load (see drive_actions.h): parses
 * the written value, asks the recorder and logs the outcome.  blank
 * reserves the drive's job slot (drive_job_reserve) so that a commit
 * cannot start meanwhile, and streams its progress through the
 * `progress` file like a burn.
 */
#include "drive_actions.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "recorder.h"
#include "vrec.h"
#include "control_value.h"
#include "drive_log.h"

const char *drive_action_name(enum drive_action a)
{
	switch (a) {
	case DRIVE_ACTION_EJECT:
		return "eject";
	case DRIVE_ACTION_BLANK:
		return "blank";
	case DRIVE_ACTION_LOAD:
		return "load";
	}
	return "?";
}

/* The written word, without surrounding white space, lower-cased. */
static void word_of(const char *buf, size_t len, char *out, size_t out_len)
{
	while (len && isspace((unsigned char)*buf)) {
		buf++;
		len--;
	}
	while (len && isspace((unsigned char)buf[len - 1]))
		len--;
	size_t n = 0;
	for (; n < len && n + 1 < out_len; n++)
		out[n] = (char)tolower((unsigned char)buf[n]);
	out[n] = '\0';
	if (len >= out_len)
		out[0] = '\0'; /* too long to be any accepted word */
}

static int eject(struct drive *d, const char *w)
{
	struct drive_log *log = drive_log_of(d);
	bool open;
	if (strcmp(w, "open") == 0)
		open = true;
	else if (strcmp(w, "close") == 0)
		open = false;
	else if (control_parse_bool(w, strlen(w), &open) < 0) {
		drive_log_add(log, "eject: expected 1 (open the tray) or 0 "
				   "(close it)");
		return -EINVAL;
	}
	char why[300] = "";
	struct recorder *r = drive_recorder(d);
	int rc = open ? recorder_eject(r, why, sizeof(why))
		      : recorder_load(r, why, sizeof(why));
	drive_media_changed(d);
	drive_log_add(log, "%s", why);
	return rc;
}

static int blank(struct drive *d, const char *w, pid_t pid)
{
	struct drive_log *log = drive_log_of(d);
	bool full;
	if (strcmp(w, "fast") == 0 || strcmp(w, "minimal") == 0)
		full = false;
	else if (strcmp(w, "full") == 0 || strcmp(w, "all") == 0)
		full = true;
	else {
		drive_log_add(log, "blank: expected fast or full");
		return -EINVAL;
	}
	if (!drive_job_reserve(d)) {
		drive_log_add(log, "blank: refused, a burn is running");
		return -EBUSY;
	}
	progress_feed_begin(drive_progress(d));
	char why[300] = "";
	int rc = recorder_blank(drive_recorder(d), full, pid, why, sizeof(why));
	progress_feed_end(drive_progress(d));
	drive_media_changed(d);
	drive_job_release(d);
	drive_log_add(log, "%s", why);
	return rc;
}

struct load_arg {
	enum vrec_media_kind kind;
	char msg[512];
};

static int load_disc(struct scsi_transport *t, void *arg)
{
	struct load_arg *a = arg;
	return vrec_change_disc(t, a->kind, a->msg, sizeof(a->msg));
}

static int load(struct drive *d, const char *w)
{
	struct drive_log *log = drive_log_of(d);
	int kind = vrec_media_from_name(w);
	if (kind <= 0) {
		drive_log_add(log,
			      "load: expected cdr74, cdr80, cdrw74 or cdrw80");
		return -EINVAL;
	}
	struct load_arg a = {.kind = (enum vrec_media_kind)kind};
	int rc = recorder_with_transport(drive_recorder(d), load_disc, &a);
	drive_media_changed(d);
	if (rc == -EBUSY && !a.msg[0])
		drive_log_add(log, "load: refused, a burn or blank is running");
	else if (rc < 0)
		drive_log_add(log, "load: refused: %s", a.msg);
	else
		drive_log_add(log,
			      "load: a blank %s lies in the open tray; write 0 "
			      "to eject to load it%s%s",
			      w, a.msg[0] ? "; " : "", a.msg);
	return rc;
}

int drive_action(struct drive *d, enum drive_action a, const char *buf,
		 size_t len, pid_t pid)
{
	char w[16];
	word_of(buf, len, w, sizeof(w));
	switch (a) {
	case DRIVE_ACTION_EJECT:
		return eject(d, w);
	case DRIVE_ACTION_BLANK:
		return blank(d, w, pid);
	case DRIVE_ACTION_LOAD:
		return load(d, w);
	}
	return -EINVAL;
}
