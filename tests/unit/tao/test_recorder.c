/*
 * test_recorder.c - the recorder object on a scripted transport: drive
 * and media queries, the synchronous checks of recorder_commit (and their
 * errno and sentence), the job thread's events, EBUSY and the media
 * snapshot while a job runs, and cancel.
 */
#include "recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fake_drive.h"
#include "owned_tracks.h"

static char dir[] = "/tmp/burnfs-test-rec-XXXXXX";

struct events {
	pthread_mutex_t lock;
	unsigned logs, progress, job_end;
	enum burn_state end_state;
	char log[8192];
};

static void on_event(void *ctx, const struct recorder_event *ev)
{
	struct events *e = ctx;
	pthread_mutex_lock(&e->lock);
	switch (ev->kind) {
	case RECORDER_EVENT_LOG: {
		e->logs++;
		size_t at = strlen(e->log);
		snprintf(e->log + at, sizeof(e->log) - at, "%s\n", ev->message);
		break;
	}
	case RECORDER_EVENT_PROGRESS:
		e->progress++;
		break;
	case RECORDER_EVENT_JOB_END:
		e->job_end++;
		e->end_state = ev->status->state;
		break;
	case RECORDER_EVENT_JOB_START:
	case RECORDER_EVENT_IDLE:
		break;
	}
	pthread_mutex_unlock(&e->lock);
}

static struct burn_track track;

static void make_track(void)
{
	memset(&track, 0, sizeof(track));
	static char name[] = "01 t.wav";
	track.name = name;
	if (asprintf(&track.path, "%s/t.pcm", dir) < 0)
		exit(1);
	FILE *f = fopen(track.path, "wb");
	for (int i = 0; i < 500 * 2352; i++)
		fputc(i & 0xFF, f);
	fclose(f);
	track.length = 500 * 2352;
}

static void test_names(void)
{
	CHECK(strcmp(burn_state_name(BURN_IDLE), "idle") == 0);
	CHECK(strcmp(burn_state_name(BURN_PREPARING), "preparing") == 0);
	CHECK(strcmp(burn_state_name(BURN_WRITING), "writing") == 0);
	CHECK(strcmp(burn_state_name(BURN_FINISHING), "finishing") == 0);
	CHECK(strcmp(burn_state_name(BURN_DONE), "done") == 0);
	CHECK(strcmp(burn_state_name(BURN_FAILED), "failed") == 0);
	CHECK(strcmp(burn_state_name(BURN_CANCELLED), "cancelled") == 0);
	CHECK(strcmp(burn_state_name(BURN_CONVERTING), "converting") == 0);
	/* A blank is writing; the status action says it is a blank. */
	CHECK(strcmp(burn_state_name(BURN_BLANKING), "writing") == 0);
	CHECK(strcmp(burn_state_name(BURN_VERIFYING), "verifying") == 0);
}

static void test_checks(void)
{
	struct fake_drive *f = calloc(1, sizeof(*f));
	fake_drive_init(f);
	struct events ev = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct recorder *r = recorder_new("fk", &f->base, on_event, &ev);
	CHECK(strcmp(recorder_name(r), "fk") == 0);
	struct burn_options o = {.buffer_underrun_protection = true};
	char why[256];

	struct drive_info d;
	CHECK_EQ(recorder_drive_info(r, &d), 0);
	CHECK(strcmp(d.vendor, "BURNFS") == 0);
	CHECK(strcmp(d.product, "FAKE DRIVE") == 0);
	CHECK(d.can_write_cd_r && d.can_write_cd_rw && d.can_test_write);
	CHECK(d.has_bufe && d.can_eject);
	CHECK_EQ(d.buffer_size_bytes, 2048 * 1024);
	CHECK_EQ(d.max_write_speed_kbps, 7056);
	CHECK_EQ(d.current_profile, 0x0009);

	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.type, MEDIA_CD_R);
	CHECK_EQ(m.state, MEDIA_STATE_BLANK);
	CHECK_EQ(m.n_tracks, 0);
	CHECK_EQ(m.n_sessions, 0);
	CHECK(m.writable);
	CHECK_EQ(m.next_writable_address, 0);
	CHECK_EQ(m.free_sectors, 359849);
	CHECK_EQ(m.next_track_number, 1);
	CHECK(m.atip_valid);
	CHECK_EQ(m.last_possible_leadout_lba, 359849);

	/* nothing staged on a blank disc */
	CHECK_EQ(recorder_commit(r, &o, NULL, 0, 1, why, sizeof(why)),
		 -ENODATA);
	CHECK(strstr(why, "no open session") != NULL);

	/* does not fit */
	f->free_blocks = 400;
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -ENOSPC);
	CHECK(strstr(why, "502 sectors") != NULL);
	f->free_blocks = 359849;

	/* more than 99 tracks */
	f->next_track = 99;
	struct burn_track two[2] = {track, track};
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(two, 2), 2, 1, why,
				 sizeof(why)),
		 -ENOSPC);
	CHECK(strstr(why, "99") != NULL);
	f->next_track = 1;

	/* closed disc */
	f->disc_status = 2;
	f->session_state = 3;
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -EROFS);
	CHECK(strstr(why, "disc is closed") != NULL);
	f->disc_status = 0;
	f->session_state = 0;

	/* a pressed CD */
	f->profile = 0x0008;
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -EMEDIUMTYPE);
	CHECK(strstr(why, "CD-ROM") != NULL);
	f->profile = 0x0009;

	/* empty drive */
	f->no_medium = true;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.type, MEDIA_NONE);
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -ENOMEDIUM);
	CHECK(strstr(why, "no disc") != NULL);
	f->no_medium = false;

	CHECK_EQ(fake_drive_count(f, 0x2A), 0);
	CHECK(!recorder_busy(r));
	CHECK_EQ(recorder_cancel(r), -ESRCH);
	recorder_free(r);
	CHECK_EQ(ev.job_end, 0);
	fake_drive_fini(f);
	free(f);
}

static void test_job(bool cancel)
{
	struct fake_drive *f = calloc(1, sizeof(*f));
	fake_drive_init(f);
	f->gate_lba = 100;
	struct events ev = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct recorder *r = recorder_new("fk", &f->base, on_event, &ev);
	struct burn_options o = {.buffer_underrun_protection = true};
	char why[256];

	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 4242, why,
				 sizeof(why)),
		 0);
	CHECK(fake_drive_wait_gate(f, 10000));
	/* the job is in the middle of a WRITE(10) */
	CHECK(recorder_busy(r));
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_WRITING);
	CHECK_EQ(st.owner_pid, 4242);
	CHECK_EQ(st.tracks_total, 1);
	CHECK_EQ(st.current_track, 1);
	CHECK_EQ(st.sectors_total, 500);
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -EBUSY);
	CHECK(strstr(why, "already running") != NULL);
	size_t sent = f->n_log;
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0); /* the snapshot */
	CHECK_EQ(m.state, MEDIA_STATE_BLANK);
	CHECK_EQ(f->n_log, sent); /* nothing sent meanwhile */
	if (cancel)
		CHECK_EQ(recorder_cancel(r), 0);
	fake_drive_open_gate(f);
	recorder_wait_idle(r);

	CHECK(!recorder_busy(r));
	recorder_status(r, &st);
	CHECK_EQ(st.state, cancel ? BURN_CANCELLED : BURN_DONE);
	CHECK_EQ(st.owner_pid, 4242);
	CHECK_EQ(ev.job_end, 1);
	CHECK_EQ(ev.end_state, st.state);
	CHECK(ev.progress >= 3);
	CHECK(ev.logs >= 2);
	CHECK_EQ(recorder_media_info(r, &m), 0);
	if (cancel) {
		CHECK(strstr(ev.log, "cancelled during track 1 of 1") != NULL);
		CHECK_EQ(m.state, MEDIA_STATE_OPEN);
		CHECK_EQ(fake_drive_count(f, 0x5B), 0);
	} else {
		CHECK(st.sectors_written == 500);
		CHECK_EQ(m.state, MEDIA_STATE_CLOSED);
		CHECK_EQ(fake_drive_count(f, 0x5B), 1);
	}
	/* The drive was held exclusively for the job, and released. */
	CHECK_EQ(f->exclusive_claims, 1);
	CHECK_EQ(f->exclusive_releases, 1);
	CHECK(!f->exclusive);
	CHECK(f->exclusive_during_write);
	recorder_free(r);
	fake_drive_fini(f);
	free(f);
}

/* Another program holds the drive: commit is refused, nothing is sent. */
static void test_claimed_elsewhere(void)
{
	struct fake_drive *f = calloc(1, sizeof(*f));
	fake_drive_init(f);
	f->claimed_elsewhere = true;
	struct events ev = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct recorder *r = recorder_new("fk", &f->base, on_event, &ev);
	struct burn_options o = {.buffer_underrun_protection = true};
	char why[256] = "";
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 -EBUSY);
	CHECK(strstr(why, "in use by another program") != NULL);
	CHECK(!recorder_busy(r));
	CHECK_EQ(fake_drive_count(f, 0x2A), 0);
	/* Once it is free again, the burn goes ahead. */
	f->claimed_elsewhere = false;
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&track, 1), 1, 1, why,
				 sizeof(why)),
		 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	CHECK_EQ(f->exclusive_releases, 1);
	recorder_free(r);
	fake_drive_fini(f);
	free(f);
}

/* A disc taken out and put back shows at the next query, no reopen. */
static void test_media_change(void)
{
	struct fake_drive *f = calloc(1, sizeof(*f));
	fake_drive_init(f);
	struct events ev = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct recorder *r = recorder_new("fk", &f->base, on_event, &ev);
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_BLANK);
	f->no_medium = true;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_NONE);
	f->no_medium = false;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_BLANK);
	recorder_free(r);
	fake_drive_fini(f);
	free(f);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	make_track();
	test_names();
	test_checks();
	test_job(false);
	test_job(true);
	test_claimed_elsewhere();
	test_media_change();
	unlink(track.path);
	free(track.path);
	rmdir(dir);
	return check_finish();
}
