/*
 * test_e2e_vrec.c - the recorder and engine end to end on the virtual
 * recorder: three tracks (one not a multiple of 588 frames, one shorter
 * than 4 s) burnt onto a disc image, read back through the recorder and
 * compared byte for byte in IMAGE.bin; do_not_finalize and a second
 * session; keep_session_open and a commit that only closes the session;
 * cancel in the middle of a paced burn.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "msf.h"
#include "owned_tracks.h"
#include "recorder.h"
#include "tao_layout.h"
#include "vrec.h"
#include "vrec_recorder.h"

static char dir[] = "/tmp/burnfs-test-e2e-XXXXXX";

/* ---- events: the progress of a job, for waiting with a deadline ------- */

struct events {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint64_t sectors_written;
	unsigned job_end;
	char log[16384];
};

static void on_event(void *ctx, const struct recorder_event *ev)
{
	struct events *e = ctx;
	pthread_mutex_lock(&e->lock);
	if (ev->kind == RECORDER_EVENT_LOG) {
		size_t at = strlen(e->log);
		snprintf(e->log + at, sizeof(e->log) - at, "%s\n", ev->message);
	} else if (ev->kind == RECORDER_EVENT_PROGRESS) {
		e->sectors_written = ev->status->sectors_written;
	} else if (ev->kind == RECORDER_EVENT_JOB_END) {
		e->job_end++;
	}
	pthread_cond_broadcast(&e->cond);
	pthread_mutex_unlock(&e->lock);
}

static void events_init(struct events *e)
{
	memset(e, 0, sizeof(*e));
	pthread_mutex_init(&e->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->cond, &ca);
	pthread_condattr_destroy(&ca);
}

static void events_fini(struct events *e)
{
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->lock);
}

/* Waits until at least `sectors` were reported written (deadline 30 s). */
static bool wait_sectors(struct events *e, uint64_t sectors)
{
	struct timespec dl;
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += 30;
	pthread_mutex_lock(&e->lock);
	int rc = 0;
	while (e->sectors_written < sectors && !e->job_end && rc == 0)
		rc = pthread_cond_timedwait(&e->cond, &e->lock, &dl);
	bool ok = e->sectors_written >= sectors;
	pthread_mutex_unlock(&e->lock);
	return ok;
}

/* ---- sources ------------------------------------------------------------ */

static uint8_t pcm_byte(unsigned file, uint64_t i)
{
	return (uint8_t)(i * 5 + file * 71 + (i >> 12));
}

static void make_track(struct burn_track *t, unsigned file, const char *name,
		       uint64_t bytes)
{
	memset(t, 0, sizeof(*t));
	t->name = strdup(name);
	if (asprintf(&t->path, "%s/src%u.pcm", dir, file) < 0)
		exit(1);
	FILE *f = fopen(t->path, "wb");
	for (uint64_t i = 0; i < bytes; i++)
		fputc(pcm_byte(file, i), f);
	fclose(f);
	t->length = bytes;
}

/* Compares the image's sectors at lba with the source plus zero padding. */
static bool image_matches(const char *image, int32_t lba,
			  const struct burn_track *t, unsigned file)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s.bin", image);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	uint64_t bytes = (uint64_t)tao_track_sectors(t->length) * 2352;
	uint8_t *buf = malloc(bytes);
	ssize_t n = pread(fd, buf, bytes, (off_t)lba * 2352);
	close(fd);
	bool ok = n == (ssize_t)bytes;
	for (uint64_t i = 0; ok && i < bytes; i++)
		if (buf[i] != (i < t->length ? pcm_byte(file, i) : 0))
			ok = false;
	free(buf);
	return ok;
}

static struct recorder *open_recorder(const char *spec, struct events *ev)
{
	return vrec_recorder_open(spec, on_event, ev);
}

static struct burn_options opts(void)
{
	struct burn_options o;
	memset(&o, 0, sizeof(o));
	o.buffer_underrun_protection = true;
	return o;
}

static struct burn_track src[3];

static void test_three_tracks(void)
{
	char spec[300], image[200];
	snprintf(image, sizeof(image), "%s/disc1", dir);
	snprintf(spec, sizeof(spec), "e2e:%s,media=cdr80", image);
	struct events ev;
	events_init(&ev);
	struct recorder *r = open_recorder(spec, &ev);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_options o = opts();
	char why[256];
	int rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
				 sizeof(why));
	CHECK_EQ(rc, 0);
	if (rc)
		fprintf(stderr, "commit: %s\n", why);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	if (st.state != BURN_DONE)
		fprintf(stderr, "last_error: %s\nlog:\n%s", st.last_error,
			ev.log);
	CHECK_EQ(ev.job_end, 1);

	uint32_t len[3];
	int32_t starts[3];
	for (int k = 0; k < 3; k++)
		len[k] = tao_track_sectors(src[k].length);
	int32_t leadout = tao_plan(0, len, 3, starts);
	CHECK_EQ(starts[1], (int32_t)len[0] + 152);

	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.type, MEDIA_CD_R);
	CHECK_EQ(m.state, MEDIA_STATE_CLOSED);
	CHECK_EQ(m.n_sessions, 1);
	CHECK(!m.writable);
	CHECK_EQ(m.n_tracks, 3);
	for (unsigned k = 0; k < 3 && k < m.n_tracks; k++) {
		CHECK_EQ(m.tracks[k].number, k + 1);
		CHECK_EQ(m.tracks[k].session, 1);
		CHECK_EQ(m.tracks[k].start_lba, starts[k]);
		CHECK_EQ(m.tracks[k].control, 0);
		/* Track Size: the padded audio, plus at most the run-out and
		 * the next pregap (drives differ in what they count) */
		int32_t next = k + 1 < 3 ? starts[k + 1] : leadout;
		CHECK(m.tracks[k].length >= len[k] &&
		      (int32_t)m.tracks[k].length <= next - starts[k]);
		CHECK(image_matches(image, starts[k], &src[k], k));
	}
	CHECK(strstr(ev.log, "padded to a whole sector") != NULL);
	CHECK(strstr(ev.log, "padded with silence to 4 seconds") != NULL);

	/* a closed disc refuses more */
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(src, 1), 1, 1, why,
				 sizeof(why)),
		 -EROFS);
	recorder_free(r);
	events_fini(&ev);
}

static void test_sessions(void)
{
	char spec[300], image[200];
	snprintf(image, sizeof(image), "%s/disc2", dir);
	snprintf(spec, sizeof(spec), "e2e:%s,media=cdr80", image);
	struct events ev;
	events_init(&ev);
	struct recorder *r = open_recorder(spec, &ev);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_options o = opts();
	o.do_not_finalize = true;
	char why[256];
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&src[2], 1), 1, 1, why,
				 sizeof(why)),
		 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_APPENDABLE);
	CHECK_EQ(m.n_sessions, 1);
	CHECK_EQ(m.n_tracks, 1);
	CHECK(m.writable);
	int32_t leadout1 = (int32_t)tao_track_sectors(src[2].length) + 2;
	CHECK_EQ(m.next_writable_address, leadout1 + CD_NEXT_SESSION_GAP_FIRST);
	CHECK_EQ(m.next_track_number, 2);
	CHECK(m.first_track_of_session);

	o = opts();
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&src[0], 1), 1, 1, why,
				 sizeof(why)),
		 0);
	recorder_wait_idle(r);
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	if (st.state != BURN_DONE)
		fprintf(stderr, "last_error: %s\n", st.last_error);
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_CLOSED);
	CHECK_EQ(m.n_sessions, 2);
	CHECK_EQ(m.n_tracks, 2);
	if (m.n_tracks == 2) {
		CHECK_EQ(m.tracks[1].session, 2);
		CHECK_EQ(m.tracks[1].start_lba,
			 leadout1 + CD_NEXT_SESSION_GAP_FIRST);
		CHECK(image_matches(image, m.tracks[1].start_lba, &src[0], 0));
	}
	recorder_free(r);
	events_fini(&ev);
}

static void test_open_session(void)
{
	char spec[300], image[200];
	snprintf(image, sizeof(image), "%s/disc3", dir);
	snprintf(spec, sizeof(spec), "e2e:%s,media=cdrw74", image);
	struct events ev;
	events_init(&ev);
	struct recorder *r = open_recorder(spec, &ev);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_options o = opts();
	o.keep_session_open = true;
	char why[256];
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&src[1], 1), 1, 1, why,
				 sizeof(why)),
		 0);
	recorder_wait_idle(r);
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.type, MEDIA_CD_RW);
	CHECK_EQ(m.state, MEDIA_STATE_OPEN);
	CHECK(m.session_open);
	CHECK_EQ(m.n_tracks, 1);
	CHECK_EQ(m.next_writable_address, 300 + 152);
	CHECK(!m.first_track_of_session);
	/* nothing staged, keep_session_open still 1: nothing to do */
	CHECK_EQ(recorder_commit(r, &o, NULL, 0, 1, why, sizeof(why)),
		 -ENODATA);
	/* a second track into the same session, then close it */
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(&src[2], 1), 1, 1, why,
				 sizeof(why)),
		 0);
	recorder_wait_idle(r);
	o = opts();
	CHECK_EQ(recorder_commit(r, &o, NULL, 0, 1, why, sizeof(why)), 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_CLOSED);
	CHECK_EQ(m.n_sessions, 1);
	CHECK_EQ(m.n_tracks, 2);
	if (m.n_tracks == 2)
		CHECK_EQ(m.tracks[1].start_lba, 452);
	recorder_free(r);
	events_fini(&ev);
}

static void test_cancel(void)
{
	char spec[300], image[200];
	snprintf(image, sizeof(image), "%s/disc4", dir);
	snprintf(spec, sizeof(spec),
		 "e2e:%s,media=cdr80,pace=1,speed=4,buffer=256k", image);
	struct events ev;
	events_init(&ev);
	struct recorder *r = open_recorder(spec, &ev);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_track two[2];
	make_track(&two[0], 5, "01 long.wav", 3000ull * 2352);
	two[1] = src[2];
	struct burn_options o = opts();
	char why[256];
	CHECK_EQ(recorder_commit(r, &o, owned_tracks(two, 2), 2, 1, why,
				 sizeof(why)),
		 0);
	CHECK(wait_sectors(&ev, 200));
	CHECK_EQ(recorder_cancel(r), 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_CANCELLED);
	CHECK(st.sectors_written < 3000);
	CHECK(strstr(ev.log, "cancelled during track 1 of 2: the disc has an "
			     "open session with 1 track (track 1 is "
			     "incomplete)") != NULL);
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_OPEN);
	CHECK_EQ(m.n_tracks, 1);
	if (m.n_tracks == 1) {
		bool near = m.tracks[0].length >= st.sectors_written &&
			    m.tracks[0].length <= st.sectors_written + 152;
		if (!near)
			fprintf(stderr,
				"cancelled: track length %ld, %ld sectors "
				"written\n",
				(long)m.tracks[0].length,
				(long)st.sectors_written);
		CHECK(near);
	}
	recorder_free(r);
	events_fini(&ev);
	unlink(two[0].path);
	free(two[0].path);
	free(two[0].name);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	/* 1000 sectors + 100 frames; 2 seconds; 500 sectors */
	make_track(&src[0], 0, "01 a.wav", 1000ull * 2352 + 400);
	make_track(&src[1], 1, "02 b.wav", 150ull * 2352);
	make_track(&src[2], 2, "03 c.wav", 500ull * 2352);

	test_three_tracks();
	test_sessions();
	test_open_session();
	test_cancel();

	for (int k = 0; k < 3; k++) {
		unlink(src[k].path);
		free(src[k].path);
	}
	if (!getenv("TAO_TEST_KEEP")) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return check_finish();
}
