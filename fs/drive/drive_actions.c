/*
 * drive_actions.c - eject, blank and load (see drive_actions.h): parses
 * the written value, asks the recorder and logs the outcome.  blank
 * starts a job of the recorder, which runs, reports and ends like a burn
 * (its progress streams through the `progress` file); the write returns
 * as soon as it runs.
 */
#include "drive_actions.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "control_value.h"
#include "drive_log.h"
#include "recorder.h"

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
	char why[300] = "";
	int rc = recorder_blank(drive_recorder(d), full, pid, why, sizeof(why));
	if (rc < 0) {
		drive_media_changed(d);
		drive_log_add(log, "%s", why);
	}
	return rc;
}

static int load(struct drive *d, const char *w)
{
	struct drive_log *log = drive_log_of(d);
	char msg[512] = "";
	int rc = recorder_load_disc(drive_recorder(d), w, msg, sizeof(msg));
	if (rc == -EINVAL) {
		drive_log_add(log,
			      "load: expected cdr74, cdr80, cdrw74 or cdrw80");
		return rc;
	}
	drive_media_changed(d);
	if (rc == -EBUSY && !msg[0])
		drive_log_add(log, "load: refused, a burn or blank is running");
	else if (rc < 0)
		drive_log_add(log, "load: refused: %s", msg);
	else
		drive_log_add(log,
			      "load: a blank %s lies in the open tray; write 0 "
			      "to eject to load it%s%s",
			      w, msg[0] ? "; " : "", msg);
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
