/*
 * drive.h - one recorder directory (<mount>/<drive>/): the recorder and
 * its burn job, the drive's log and progress stream, the control
 * values (persisted in the spool) and the staging area.  The FUSE layer
 * (fuse_ops.c) maps files onto these calls.
 *
 * Locks:
 *   drive.ctl_lock   the control values (leaf).
 *   drive.job_lock   job_outstanding and job_test_write (leaf): at most
 *                    one job is outstanding from its commit until its
 *                    JOB_END event has been handled.
 *   drive.media_lock the cached media_info; held while asking the
 *                    recorder (recorder lock nests inside it).  The job
 *                    thread never takes it: JOB_END marks the cache
 *                    stale with an atomic flag.
 * The recorder is never called with ctl_lock, job_lock or the staging
 * lock held, and the event callback takes only leaf locks, so the job
 * thread can always deliver its events.
 */
#ifndef BURNFS_DRIVE_H
#define BURNFS_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/statvfs.h>
#include <sys/types.h>

#include "control_value.h"
#include "drive_log.h"
#include "progress_feed.h"
#include "recorder.h"
#include "staging.h"
#include "status_watch.h"
#include "textbuf.h"

struct drive;
struct recorder;

/* The read-only text files. */
enum drive_text {
	DRIVE_TEXT_INFO,
	DRIVE_TEXT_MEDIA,
	DRIVE_TEXT_TOC,
	DRIVE_TEXT_SPEEDS,
	DRIVE_TEXT_STATUS,
	DRIVE_TEXT_LOG,
	DRIVE_TEXT_TOC_CUE,
};

/*
 * Creates the drive name on transport (taken over), with its spool in
 * <spool_root>/<name>, and loads what the spool holds.  NULL with a
 * sentence in err on failure.
 */
struct drive *drive_new(const char *name, struct scsi_transport *transport,
			const char *spool_root, char *err, size_t err_len);
/* Unmount: cancels a running burn, waits for it, logs it. */
void drive_shutdown(struct drive *d);
void drive_free(struct drive *d);

const char *drive_name(const struct drive *d);
/*
 * The drive's group: its control files and tracks/ are writable by the
 * owner and this group (the device node's group, e.g. cdrom, for a real
 * drive; the mounting user's group for a virtual one).
 */
gid_t drive_group(const struct drive *d);
void drive_set_group(struct drive *d, gid_t group);
struct staging *drive_staging(struct drive *d);
struct progress_feed *drive_progress(struct drive *d);
struct drive_log *drive_log_of(struct drive *d);
/* Desktop notifications go through s (NULL: none; see drive_notify.h);
 * set before the mount serves requests. */
struct notify_sender;
void drive_set_notifier(struct drive *d, struct notify_sender *s);

void drive_render(struct drive *d, enum drive_text which, struct textbuf *tb);

/* A control file's current value ("1\n"). */
void drive_control_read(struct drive *d, enum control_key k, char *out,
			size_t out_len);
/* Sets a control value and saves it.  0, or -errno with the value
 * unchanged (control_apply's, or the spool's when it cannot be saved). */
int drive_control_write(struct drive *d, enum control_key k, const char *buf,
			size_t len);

/* `echo 1 > commit`: 0 (the burn runs in the background) or -errno. */
int drive_commit(struct drive *d, pid_t owner);
/* `echo 1 > cancel`: 0; logs "cancel: no job is running" when idle. */
int drive_cancel(struct drive *d);

/* The disc as last read (cached for a moment; re-read after a job).
 * 0, or -errno with *out describing no disc. */
int drive_media_info(struct drive *d, struct media_info *out);
struct recorder *drive_recorder(struct drive *d);
/* Whether a burn job is running on the drive. */
bool drive_job_running(struct drive *d);
/* poll(2) on status and progress. */
struct status_watch *drive_status_watch(struct drive *d);
/* For drive_actions.c: whether the recorder is a virtual one. */
bool drive_is_virtual(const struct drive *d);
/* The disc may have changed: the next media query asks the drive. */
void drive_media_changed(struct drive *d);

/* df: capacity and the room left after the staged tracks. */
void drive_statfs(struct drive *d, struct statvfs *out);

#endif
