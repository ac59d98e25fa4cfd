/*
 * drive_notify.c - one drive's desktop notifications (see
 * drive_notify.h): the recorder's job end, the staging area's refusals
 * and its quiet moment after staging, worded by notify_text.c and sent
 * by the daemon's notify_sender thread.
 */
#include "drive_notify.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_text.h"

struct drive_notes {
	char drive[NAME_MAX + 1];
	struct staging *staging;
	drive_notes_disc_fn disc;
	void *disc_ctx;
	/* Set before the mount serves requests, read by every thread. */
	struct notify_sender *sender;
	/* A track was staged since the last "ready to burn" or commit. */
	atomic_bool staged;
};

static void on_refused(void *ctx, const char *name, const char *why)
{
	struct drive_notes *n = ctx;
	struct notify_text t;
	if (!n->sender)
		return;
	notify_text_refused(n->drive, name, why, &t);
	notify_sender_post(n->sender, &t);
}

/* In the sender's thread, after tracks/ was quiet for a while. */
static bool compose_staging_done(void *ctx, struct notify_text *out)
{
	struct drive_notes *n = ctx;
	struct staging_usage u;
	struct media_info *m;

	if (!atomic_exchange(&n->staged, false))
		return false;
	staging_usage(n->staging, &u);
	if (u.n_tracks == 0)
		return false;
	m = malloc(sizeof(*m));
	if (!m)
		return false;
	struct staging_summary s = {.drive = n->drive,
				    .tracks = (unsigned)u.n_tracks,
				    .staged_sectors = u.sectors_needed};
	if (n->disc(n->disc_ctx, m) && m->writable) {
		uint64_t nwa = m->next_writable_address > 0
				   ? (uint64_t)m->next_writable_address
				   : 0;
		uint64_t capacity = m->last_possible_leadout_lba > 0
					? (uint64_t)m->last_possible_leadout_lba
					: nwa + m->free_sectors;
		s.disc_writable = true;
		s.capacity_sectors = capacity;
		s.used_sectors =
		    capacity > m->free_sectors ? capacity - m->free_sectors : 0;
	}
	free(m);
	notify_text_staging_done(&s, out);
	return true;
}

static void on_activity(void *ctx, bool staged, unsigned writers)
{
	struct drive_notes *n = ctx;
	if (!n->sender)
		return;
	if (staged)
		atomic_store(&n->staged, true);
	if (writers > 0)
		notify_sender_disarm(n->sender, n);
	else if (atomic_load(&n->staged))
		notify_sender_arm(n->sender, n, STAGING_QUIET_MS,
				  compose_staging_done, n);
}

static const struct staging_observer observer = {
    .refused = on_refused,
    .activity = on_activity,
};

struct drive_notes *drive_notes_new(const char *drive, struct staging *st,
				    drive_notes_disc_fn disc, void *disc_ctx)
{
	struct drive_notes *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	snprintf(n->drive, sizeof(n->drive), "%s", drive);
	n->staging = st;
	n->disc = disc;
	n->disc_ctx = disc_ctx;
	atomic_init(&n->staged, false);
	staging_set_observer(st, &observer, n);
	return n;
}

void drive_notes_free(struct drive_notes *n)
{
	if (!n)
		return;
	staging_set_observer(n->staging, NULL, NULL);
	notify_sender_disarm(n->sender, n);
	free(n);
}

void drive_notes_set_sender(struct drive_notes *n, struct notify_sender *s)
{
	notify_sender_disarm(n->sender, n);
	n->sender = s;
}

void drive_notes_job_end(struct drive_notes *n, enum recorder_job_kind job,
			 const struct burn_status *st)
{
	struct notify_text t;
	if (!n->sender || job == RECORDER_JOB_BLANK)
		return;
	/* burnfsctl follows its own job and ends its progress notification
	 * with the outcome: a second one would say it twice. */
	if (strcmp(st->owner_comm, "burnfsctl") == 0)
		return;
	struct job_outcome o = {.drive = n->drive,
				.state = burn_state_name(st->state),
				.action = st->action,
				.tracks = st->tracks_total,
				.verify = st->verify,
				.last_error = st->last_error};
	notify_text_job_end(&o, &t);
	notify_sender_post(n->sender, &t);
}

void drive_notes_job_started(struct drive_notes *n)
{
	atomic_store(&n->staged, false);
	notify_sender_disarm(n->sender, n);
}
