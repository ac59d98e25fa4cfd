/*
 * recorder_actions.c - what a recorder does besides burning: open and
 * close the tray (START STOP UNIT, short commands run in the caller's
 * thread while no job runs, -EBUSY otherwise) and the body of the blank
 * job (BLANK with Immed, its progress polled with TEST UNIT READY into
 * the recorder's status: state "writing", action "blank-fast" or
 * "blank-full"), which the job thread runs (recorder_jobs.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mmc.h"
#include "mono_clock.h"
#include "recorder.h"
#include "recorder_internal.h"

/* A full blank of an 80-minute CD-RW at 4x takes about 20 minutes. */
#define BLANK_TIMEOUT_MS (90u * 60u * 1000u)

struct tray_arg {
	bool open;
	struct mmc_error e;
	const char *step;
};

static int tray(struct scsi_transport *t, void *arg)
{
	struct tray_arg *a = arg;
	a->step = "PREVENT ALLOW MEDIUM REMOVAL";
	int rc = mmc_prevent_allow_medium_removal(t, false, &a->e);
	if (rc < 0)
		return rc;
	a->step = "START STOP UNIT";
	return mmc_start_stop_unit(t, false, true, !a->open, &a->e);
}

static int tray_action(struct recorder *r, bool open, char *why, size_t why_len)
{
	const char *what = open ? "eject" : "close tray";
	struct tray_arg a = {.open = open};
	memset(&a.e, 0, sizeof(a.e));
	int rc = recorder_with_transport(r, tray, &a);
	if (rc == -EBUSY && !a.step)
		snprintf(why, why_len,
			 "%s: refused, the drive is busy (a burn or a "
			 "blank is running)",
			 what);
	else if (rc < 0)
		snprintf(why, why_len, "%s: %s failed: %s", what, a.step,
			 a.e.text[0] ? a.e.text : strerror(-rc));
	else
		snprintf(why, why_len, "%s: %s", what,
			 open ? "the tray is open" : "the tray is closed");
	return rc < 0 ? (rc == -EBUSY ? rc : -EIO) : 0;
}

int recorder_eject(struct recorder *r, char *why, size_t why_len)
{
	return tray_action(r, true, why, why_len);
}

int recorder_load(struct recorder *r, char *why, size_t why_len)
{
	return tray_action(r, false, why, why_len);
}

/* ---- the blank job --------------------------------------------------- */

struct blank_progress {
	struct recorder *r;
	struct recorder_job *job;
	struct burn_status st;
};

/* mmc_wait_ready's callback: value is the sense key specific 0..65535. */
static void on_progress(void *ctx, unsigned value)
{
	struct blank_progress *p = ctx;
	uint64_t done = p->st.sectors_total * value / 65536u;
	if (done == p->st.sectors_written)
		return;
	p->st.sectors_written = done;
	p->st.elapsed_s = mono_seconds_since(&p->job->start);
	p->st.remaining_s = done ? p->st.elapsed_s *
				       (double)(p->st.sectors_total - done) /
				       (double)done
				 : -1;
	recorder_publish(p->r, &p->st, true);
}

void recorder_run_blank(struct recorder *r, struct recorder_job *job,
			struct burn_status *final)
{
	const char *kind = job->blank_full ? "full" : "fast";
	struct blank_progress p = {.r = r, .job = job};
	recorder_status(r, &p.st);
	recorder_publish(r, &p.st, true);
	recorder_log(r, "blank: %s blanking of the CD-RW started", kind);

	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	int rc =
	    mmc_blank(r->t, true,
		      job->blank_full ? MMC_BLANK_DISC : MMC_BLANK_MINIMAL, &e);
	if (rc == 0)
		rc =
		    mmc_wait_ready(r->t, BLANK_TIMEOUT_MS, on_progress, &p, &e);
	*final = p.st;
	final->elapsed_s = mono_seconds_since(&job->start);
	if (rc < 0) {
		final->state = BURN_FAILED;
		snprintf(final->last_error, sizeof(final->last_error),
			 "blank: %s", e.text[0] ? e.text : strerror(-rc));
		recorder_log(r, "%s", final->last_error);
		return;
	}
	final->state = BURN_DONE;
	final->sectors_written = final->sectors_total;
	final->remaining_s = 0;
	recorder_log(r,
		     "blank: %s blanking done in %.1f s, the CD-RW is "
		     "blank",
		     kind, final->elapsed_s);
}
