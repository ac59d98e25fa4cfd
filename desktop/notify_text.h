/*
 * notify_text.h - the words of burnfs's desktop notifications, shared by
 * the daemon (fs/drive/drive_notify.c) and burnfsctl: how a job ended,
 * a file refused in tracks/, staging done, a job's progress.  Pure
 * functions of plain values (no D-Bus, no drive), unit-tested; the
 * sentences are the contract of doc/files.md "Notifications".
 */
#ifndef BURNFS_NOTIFY_TEXT_H
#define BURNFS_NOTIFY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One notification: a short summary and a body of one or two lines. */
struct notify_text {
	char summary[160];
	char body[768];
	/* 0 low, 1 normal, 2 critical (failures: they stay until read) */
	unsigned char urgency;
};

/* A duration of CD sectors (75 per second) as m:ss, seconds rounded
 * down ("79:57" for 359849 sectors). */
void notify_mmss(uint64_t sectors, char *out, size_t len);

/* How a job ended, as `status` says it (doc/files.md). */
struct job_outcome {
	const char *drive;	/* the drive directory's name */
	const char *state;	/* done, failed, cancelled */
	const char *action;	/* burn, test-write, close-session, blank-... */
	unsigned tracks;	/* tracks_total */
	const char *verify;	/* "", "none", "passed, ..." or "failed, ..." */
	const char *last_error; /* "" when none */
};

/* The notification of a job's end.  True when the job succeeded. */
bool notify_text_job_end(const struct job_outcome *o, struct notify_text *out);

/* A file copied into tracks/ was refused: name, and why as the log
 * says it. */
void notify_text_refused(const char *drive, const char *name, const char *why,
			 struct notify_text *out);

/* What is staged when tracks/ went quiet (see doc/files.md). */
struct staging_summary {
	const char *drive;
	unsigned tracks;	   /* tracks in tracks/ */
	uint64_t staged_sectors;   /* what they need on the disc, with gaps */
	bool disc_writable;	   /* a disc that can take them is loaded */
	uint64_t capacity_sectors; /* of that disc */
	uint64_t used_sectors;	   /* already recorded on it */
};

/* "Ready to burn" with "N tracks, mm:ss of 79:57, mm:ss left". */
void notify_text_staging_done(const struct staging_summary *s,
			      struct notify_text *out);

/* A running job, for a progress notification updated in place. */
struct job_progress {
	const char *drive;
	const char *state; /* preparing, writing, finishing, verifying, ... */
	const char *action;
	unsigned track, tracks_total;
	unsigned percent;
	double remaining_s; /* < 0 unknown */
};

/* Summary ("Burning audio CD") and body ("demo: track 2 of 3, 27%,
 * 0:33 left"). */
void notify_text_progress(const struct job_progress *p,
			  struct notify_text *out);

/* Whether a status state is the end of a job. */
bool notify_state_is_final(const char *state);

/*
 * Copies text into out (len bytes) as valid UTF-8 for D-Bus: each byte
 * that does not start or continue a valid sequence becomes '?', control
 * characters become spaces.  With markup, also escapes & < > as the
 * notification spec's body markup needs.
 */
void notify_clean_text(const char *text, bool markup, char *out, size_t len);

#endif
