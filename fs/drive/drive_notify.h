/*
 * drive_notify.h - one drive's desktop notifications (doc/files.md
 * "Desktop notifications"), sent through the daemon's notify_sender:
 *
 *  - a burn, test write or session close ended: done (with the
 *    verification's result) or failed / cancelled (with the reason);
 *    not for a job started by burnfsctl, which shows its own;
 *  - a file copied into tracks/ was refused (with the reason);
 *  - staging done: tracks were staged and then no file in tracks/ was
 *    open for writing for STAGING_QUIET_MS: once, with the number of
 *    tracks, the disc's length after them and the time left on it.
 *
 * With no sender (--no-notify) every call does nothing.  The staging
 * area's observer callbacks take only the sender's leaf lock.
 */
#ifndef BURNFS_DRIVE_NOTIFY_H
#define BURNFS_DRIVE_NOTIFY_H

#include <stdbool.h>

#include "notify_sender.h"
#include "recorder.h"
#include "staging.h"

/* How long tracks/ must be quiet before "ready to burn". */
#define STAGING_QUIET_MS 2000

struct drive_notes;

/* The disc in the drive as last read; false when there is none. */
typedef bool (*drive_notes_disc_fn)(void *ctx, struct media_info *out);

/* Observes st (staging_set_observer).  NULL when out of memory. */
struct drive_notes *drive_notes_new(const char *drive, struct staging *st,
				    drive_notes_disc_fn disc, void *disc_ctx);
/* Stops observing st, disarms its notification on the sender it has
 * (set none before freeing the sender: its thread may compose for this
 * drive until notify_sender_free returns), frees. */
void drive_notes_free(struct drive_notes *n);

/* Notifications go through s from now on (NULL: none). */
void drive_notes_set_sender(struct drive_notes *n, struct notify_sender *s);

/* A job ended (the JOB_END event). */
void drive_notes_job_end(struct drive_notes *n, enum recorder_job_kind job,
			 const struct burn_status *st);
/* A commit started a job: what was staged is no news any more. */
void drive_notes_job_started(struct drive_notes *n);

#endif
