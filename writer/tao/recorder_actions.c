/*
 * recorder_actions.c - what a recorder does besides burning: open and
 * close the tray (START STOP UNIT) and blank a CD-RW (BLANK with Immed,
 * its progress polled with TEST UNIT READY into the recorder's status:
 * state "writing", action "blank-fast" or "blank-full").
 * Declared in recorder.h; uses recorder_claim.h for exclusive use of the
 * transport, so a running burn makes every action -EBUSY and a running
 * blank makes commit and eject -EBUSY.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mmc.h"
#include "proc_comm.h"
#include "recorder.h"
#include "recorder_claim.h"

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

/* ---- blank -------------------------------------------------------------- */

struct blank_progress {
	struct recorder *r;
	struct burn_status st;
	struct timespec start;
};

static double seconds_since(const struct timespec *t)
{
	struct timespec n;
	clock_gettime(CLOCK_MONOTONIC, &n);
	return (double)(n.tv_sec - t->tv_sec) +
	       (double)(n.tv_nsec - t->tv_nsec) / 1e9;
}

/* mmc_wait_ready's callback: value is the sense key specific 0..65535. */
static void on_progress(void *ctx, unsigned value)
{
	struct blank_progress *p = ctx;
	uint64_t done = p->st.sectors_total * value / 65536u;
	if (done == p->st.sectors_written)
		return;
	p->st.sectors_written = done;
	p->st.elapsed_s = seconds_since(&p->start);
	p->st.remaining_s = done ? p->st.elapsed_s *
				       (double)(p->st.sectors_total - done) /
				       (double)done
				 : -1;
	recorder_claim_publish(p->r, &p->st);
}

static int refuse_blank(struct recorder *r, struct blank_progress *p, int err,
			char *why, size_t why_len, const char *fmt,
			const char *arg)
{
	snprintf(why, why_len, fmt, arg);
	p->st.state = BURN_FAILED;
	snprintf(p->st.last_error, sizeof(p->st.last_error), "%s", why);
	recorder_release(r, &p->st);
	return -err;
}

int recorder_blank(struct recorder *r, bool full, pid_t owner, char *why,
		   size_t why_len)
{
	const char *kind = full ? "full" : "fast";
	struct blank_progress p = {.r = r};
	p.st.state = BURN_WRITING; /* a blank writes the disc (or its TOC) */
	snprintf(p.st.action, sizeof(p.st.action), "blank-%s", kind);
	p.st.remaining_s = -1;
	p.st.owner_pid = owner;
	proc_comm(owner, p.st.owner_comm, sizeof(p.st.owner_comm));
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	struct scsi_transport *t = recorder_claim(r, &p.st);
	if (!t) {
		snprintf(why, why_len,
			 "blank: refused, the drive is busy (a burn or a "
			 "blank is running)");
		return -EBUSY;
	}
	struct media_info m;
	recorder_claim_media(r, &m);
	switch (m.type) {
	case MEDIA_NONE:
		return refuse_blank(r, &p, ENOMEDIUM, why, why_len,
				    "blank: there is no disc in the drive%s",
				    "");
	case MEDIA_CD_RW:
		break;
	default:
		return refuse_blank(
		    r, &p, EMEDIUMTYPE, why, why_len,
		    "blank: the disc is %s; only a CD-RW can be blanked",
		    m.type == MEDIA_CD_R     ? "a CD-R"
		    : m.type == MEDIA_CD_ROM ? "a CD-ROM"
					     : "not a CD");
	}
	p.st.sectors_total = m.last_possible_leadout_lba > 0
				 ? (uint64_t)m.last_possible_leadout_lba
				 : 65536u;
	recorder_claim_publish(r, &p.st);
	char line[300];
	snprintf(line, sizeof(line), "blank: %s blanking of the CD-RW started",
		 kind);
	recorder_claim_log(r, line);

	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	int rc =
	    mmc_blank(t, true, full ? MMC_BLANK_DISC : MMC_BLANK_MINIMAL, &e);
	if (rc == 0)
		rc = mmc_wait_ready(t, BLANK_TIMEOUT_MS, on_progress, &p, &e);
	if (rc < 0)
		return refuse_blank(r, &p, EIO, why, why_len, "blank: %s",
				    e.text[0] ? e.text : strerror(-rc));
	p.st.state = BURN_DONE;
	p.st.sectors_written = p.st.sectors_total;
	p.st.elapsed_s = seconds_since(&p.start);
	p.st.remaining_s = 0;
	recorder_release(r, &p.st);
	snprintf(why, why_len,
		 "blank: %s blanking done in %.1f s, the CD-RW is "
		 "blank",
		 kind, p.st.elapsed_s);
	return 0;
}
