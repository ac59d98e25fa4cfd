/*
 * test_burn_job.c - the burn engine against a scripted transport
 * (fake_drive.c): the exact command sequence, the Write Parameters page
 * bytes, WRITE(10) addresses and sizes, the audio that reaches the disc,
 * SYNCHRONIZE CACHE after every track and CLOSE SESSION at the end; and
 * failures, cancel, and the disc checks of the preparation.
 */
#include "burn_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "check.h"
#include "fake_drive.h"
#include "job_fixture.h"
#include "msf.h"
#include "tao_layout.h"

static char dir[] = "/tmp/burnfs-test-job-XXXXXX";

/* ---- source audio -------------------------------------------------------- */

static uint8_t pcm_byte(unsigned track, uint64_t i)
{
	return (uint8_t)(i * 13 + track * 101 + (i >> 10));
}

static char *make_pcm(unsigned track, uint64_t offset, uint64_t len)
{
	char name[16];
	snprintf(name, sizeof(name), "t%u.pcm", track);
	return job_fixture_pcm(dir, name, offset, len, pcm_byte, track);
}

/* 1000 sectors + 1 frame (padded to a sector), 1 s (padded to 4 s), 400. */
static const uint64_t track_len[3] = {1000ull * 2352 + 4, 75ull * 2352,
				      400ull * 2352};
static struct burn_track tracks[3];

static void make_tracks(void)
{
	memset(tracks, 0, sizeof(tracks));
	for (unsigned k = 0; k < 3; k++) {
		tracks[k].path = make_pcm(k, k == 0 ? 44 : 0, track_len[k]);
		tracks[k].offset = k == 0 ? 44 : 0;
		tracks[k].length = track_len[k];
	}
	static char names[3][16] = {"01 a.wav", "02 b.wav", "03 c.wav"};
	tracks[0].name = names[0];
	tracks[1].name = names[1];
	tracks[2].name = names[2];
	tracks[1].pre_emphasis = true;
	memcpy(tracks[1].isrc, "USRC17607839", 12);
	tracks[2].copy_permitted = true;
}

static struct burn_options default_opts(void)
{
	struct burn_options o;
	memset(&o, 0, sizeof(o));
	o.buffer_underrun_protection = true;
	return o;
}

/* The data-out page of the n-th MODE SELECT (after the 8-byte header). */
static const uint8_t *select_page(const struct fake_drive *f, unsigned n)
{
	const struct fake_cmd *c = fake_drive_find(f, 0x55, n);
	if (!c || c->data_len < 8 + 52)
		return NULL;
	return c->data + 8;
}

/* ---- tests ------------------------------------------------------------- */

static void test_three_tracks(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = default_opts();
	memcpy(o.mcn, "0123456789012", 13);
	o.write_speed_kbps = 1764;
	job_run_burn(r, &o, tracks, 3);
	struct fake_drive *f = &r->f;

	CHECK_EQ(r->result, BURN_DONE);
	CHECK_EQ(r->st.state, BURN_DONE);
	CHECK(r->st.last_error[0] == 0);
	if (r->st.last_error[0])
		fprintf(stderr, "last_error: %s\n", r->st.last_error);

	char seq[512];
	fake_drive_sequence(f, seq, sizeof(seq));
	const char *want = "51 46 52 1E BB 5A 55 52 2A 35 55 52 2A 35 55 52 "
			   "2A 35 5B 1E";
	CHECK(strcmp(seq, want) == 0);
	if (strcmp(seq, want) != 0)
		fprintf(stderr, "sequence: %s\n  wanted: %s\n", seq, want);

	/* PREVENT first, ALLOW last */
	const struct fake_cmd *c = fake_drive_find(f, 0x1E, 0);
	CHECK(c && (c->cdb[4] & 1) == 1);
	c = fake_drive_find(f, 0x1E, 1);
	CHECK(c && (c->cdb[4] & 1) == 0);
	CHECK(f->log[f->n_log - 1].cdb[0] == 0x1E);
	/* SET CD SPEED: read max, write 1764 kB/s */
	c = fake_drive_find(f, 0xBB, 0);
	CHECK(c && get_be16(c->cdb + 2) == 0xFFFF &&
	      get_be16(c->cdb + 4) == 1764);

	/* MODE SELECT: 4 of them (session + one per track), 8 + 0x34 bytes */
	CHECK_EQ(fake_drive_count(f, 0x55), 4);
	c = fake_drive_find(f, 0x55, 0);
	CHECK(c && c->data_len == 8 + 0x34);
	CHECK(c && get_be16(c->cdb + 7) == 8 + 0x34);
	CHECK(c && (c->cdb[1] & 0x10)); /* PF */
	const uint8_t *p = select_page(f, 0);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(p[0], 0x05);
		CHECK_EQ(p[1], 0x32);
		CHECK_EQ(p[2], 0x41); /* BUFE, no LS_V/TW, TAO */
		CHECK_EQ(p[3], 0x00); /* MS 00b, track mode 0 */
		CHECK_EQ(p[4], 0x00); /* data block type 0 */
		CHECK_EQ(p[5], 0);
		CHECK_EQ(p[8], 0x00); /* session format */
		CHECK_EQ(get_be32(p + 10), 0);
		CHECK_EQ(get_be16(p + 14), 150);
		CHECK_EQ(p[16], 0x80); /* MCVAL */
		CHECK(memcmp(p + 17, "0123456789012", 13) == 0);
		CHECK_EQ(p[32], 0x00); /* no ISRC for the session */
	}
	p = select_page(f, 2); /* track 2: pre-emphasis and ISRC */
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(p[3], 0x01);
		CHECK_EQ(p[32], 0x80);
		CHECK(memcmp(p + 33, "USRC17607839", 12) == 0);
	}
	p = select_page(f, 3); /* track 3: copy permitted, no ISRC */
	if (p) {
		CHECK_EQ(p[3], 0x02);
		CHECK_EQ(p[32], 0x00);
	}

	/* WRITE(10): consecutive from each NWA, 27 blocks except the last */
	int32_t starts[3];
	uint32_t sect[3];
	for (int k = 0; k < 3; k++)
		sect[k] = tao_track_sectors(track_len[k]);
	tao_plan(0, sect, 3, starts);
	CHECK_EQ(starts[1], 1001 + 152);
	CHECK_EQ(starts[2], 1153 + 300 + 152);
	unsigned w = 0;
	bool addr_ok = true, size_ok = true;
	for (int k = 0; k < 3; k++) {
		uint32_t done = 0;
		while (done < sect[k]) {
			c = fake_drive_find(f, 0x2A, w++);
			if (!c) {
				addr_ok = false;
				break;
			}
			uint16_t blocks = get_be16(c->cdb + 7);
			uint32_t want_blocks =
			    sect[k] - done < 27 ? sect[k] - done : 27;
			if (get_be32(c->cdb + 2) !=
			    (uint32_t)(starts[k] + (int32_t)done))
				addr_ok = false;
			if (blocks != want_blocks)
				size_ok = false;
			done += blocks ? blocks : 1;
		}
	}
	CHECK(addr_ok);
	CHECK(size_ok);
	CHECK_EQ(fake_drive_count(f, 0x2A), w);

	/* SYNCHRONIZE CACHE with Immed after each track; CLOSE SESSION Immed */
	CHECK_EQ(fake_drive_count(f, 0x35), 3);
	c = fake_drive_find(f, 0x35, 0);
	CHECK(c && (c->cdb[1] & 0x02));
	CHECK_EQ(fake_drive_count(f, 0x5B), 1);
	c = fake_drive_find(f, 0x5B, 0);
	CHECK(c && (c->cdb[1] & 1) && (c->cdb[2] & 7) == 2 &&
	      get_be16(c->cdb + 4) == 0);
	CHECK(fake_drive_count(f, 0x5C) >= 10); /* about every 64 sectors */

	/* the audio on the disc: sources plus zero padding */
	bool data_ok = true;
	for (int k = 0; k < 3; k++) {
		const uint8_t *d = f->sectors + (size_t)starts[k] * 2352;
		for (uint64_t i = 0; i < (uint64_t)sect[k] * 2352; i++) {
			uint8_t want_b = i < track_len[k] ? pcm_byte(k, i) : 0;
			if (d[i] != want_b) {
				data_ok = false;
				break;
			}
		}
	}
	CHECK(data_ok);
	CHECK_EQ(f->disc_status, 2);

	/* status and events */
	CHECK_EQ(r->st.sectors_written, 1001 + 300 + 400);
	CHECK_EQ(r->st.sectors_total, 1701);
	CHECK_EQ(r->st.tracks_total, 3);
	CHECK_EQ(r->seen.max_track, 3);
	CHECK(r->seen.n_states >= 4);
	if (r->seen.n_states >= 4) {
		CHECK_EQ(r->seen.states[0], BURN_PREPARING);
		CHECK_EQ(r->seen.states[1], BURN_WRITING);
		CHECK_EQ(r->seen.states[2], BURN_FINISHING);
		CHECK_EQ(r->seen.states[3], BURN_DONE);
	}
	CHECK(r->seen.emits >= 6); /* states and track changes */
	CHECK(strstr(r->seen.log, "track 1 (01 a.wav): 1001 sectors at LBA 0, "
				  "padded to a whole sector") != NULL);
	CHECK(strstr(r->seen.log,
		     "track 2 (02 b.wav): 300 sectors at LBA "
		     "1153, padded with silence to 4 seconds") != NULL);
	CHECK(strstr(r->seen.log, "at LBA 1605\n") != NULL);
	CHECK(strstr(r->seen.log, "the disc is closed") != NULL);
	if (getenv("TAO_TEST_VERBOSE"))
		fputs(r->seen.log, stderr);
	job_run_free(r);
}

static void test_multisession_bits(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = default_opts();
	o.do_not_finalize = true;
	o.test_write = true;
	o.buffer_underrun_protection = false;
	job_run_burn(r, &o, tracks + 2, 1);
	CHECK_EQ(r->result, BURN_DONE);
	const uint8_t *p = select_page(&r->f, 0);
	CHECK(p && p[2] == 0x11);	   /* TW, TAO, no BUFE */
	CHECK(p && (p[3] & 0xC0) == 0xC0); /* MS 11b */
	CHECK(p && (p[3] & 0x0F) == 0x02); /* copy permitted */
	CHECK(p && p[16] == 0);		   /* no MCN */
	CHECK_EQ(fake_drive_count(&r->f, 0x5B), 1);
	CHECK(strstr(r->seen.log, "nothing was recorded") != NULL);
	job_run_free(r);

	r = job_run_new();
	o = default_opts();
	o.keep_session_open = true;
	job_run_burn(r, &o, tracks, 2);
	CHECK_EQ(r->result, BURN_DONE);
	p = select_page(&r->f, 0);
	CHECK(p && (p[3] & 0xC0) == 0xC0);
	CHECK_EQ(fake_drive_count(&r->f, 0x5B), 0);
	CHECK_EQ(fake_drive_count(&r->f, 0x35), 2);
	CHECK(strstr(r->seen.log, "session stays open") != NULL);

	/* a second job with nothing to write closes the open session */
	struct fake_drive *f = &r->f;
	CHECK_EQ(f->disc_status, 1);
	CHECK_EQ(f->session_state, 1);
	f->n_log = 0;
	memset(&r->seen, 0, sizeof(r->seen));
	o = default_opts();
	job_run_burn(r, &o, NULL, 0);
	CHECK_EQ(r->result, BURN_DONE);
	char seq[256];
	fake_drive_sequence(f, seq, sizeof(seq));
	CHECK(strcmp(seq, "51 46 52 1E BB 5A 55 5B 1E") == 0);
	if (strcmp(seq, "51 46 52 1E BB 5A 55 5B 1E") != 0)
		fprintf(stderr, "close-only sequence: %s\n", seq);
	CHECK_EQ(f->disc_status, 2);

	/* nothing staged and nothing open: nothing to do, nothing sent */
	f->n_log = 0;
	f->disc_status = 0;
	f->session_state = 0;
	job_run_burn(r, &o, NULL, 0);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "nothing to do") != NULL);
	CHECK_EQ(fake_drive_count(f, 0x1E), 0);
	job_run_free(r);
}

static void test_write_failure(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = default_opts();
	r->f.fail_write_lba = 1153 + 60; /* in track 2 */
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "WRITE(10) at LBA 1207") != NULL);
	CHECK(strstr(r->st.last_error, "03/0C/00") != NULL);
	CHECK(strstr(r->st.last_error, "track 2") != NULL);
	if (!strstr(r->st.last_error, "03/0C/00"))
		fprintf(stderr, "last_error: %s\n", r->st.last_error);
	/* the partial track is ended, the tray unlocked, the session open */
	CHECK_EQ(fake_drive_count(&r->f, 0x35), 2);
	CHECK_EQ(fake_drive_count(&r->f, 0x5B), 0);
	CHECK(r->f.log[r->f.n_log - 1].cdb[0] == 0x1E);
	CHECK((r->f.log[r->f.n_log - 1].cdb[4] & 1) == 0);
	CHECK(strstr(r->seen.log, "open session with 2 tracks (track 2 is "
				  "incomplete)") != NULL);
	CHECK_EQ(r->seen.states[r->seen.n_states - 1], BURN_FAILED);
	if (getenv("TAO_TEST_VERBOSE"))
		fputs(r->seen.log, stderr);
	job_run_free(r);
}

static void test_cancel(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = default_opts();
	r->f.cancel_at_lba = 1153 + 100; /* during track 2 */
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_CANCELLED);
	CHECK_EQ(r->st.state, BURN_CANCELLED);
	CHECK_EQ(fake_drive_count(&r->f, 0x35), 2);
	CHECK_EQ(fake_drive_count(&r->f, 0x5B), 0);
	CHECK(r->f.log[r->f.n_log - 1].cdb[0] == 0x1E);
	CHECK(strstr(r->seen.log, "cancelled during track 2 of 3: the disc "
				  "has an open session with 2 tracks (track 2 "
				  "is incomplete)") != NULL);
	/* it stopped at the next WRITE boundary */
	const struct fake_cmd *last = NULL;
	for (unsigned i = 0; fake_drive_find(&r->f, 0x2A, i); i++)
		last = fake_drive_find(&r->f, 0x2A, i);
	CHECK(last && get_be32(last->cdb + 2) <= 1253 &&
	      get_be32(last->cdb + 2) + get_be16(last->cdb + 7) > 1253);
	job_run_free(r);
}

static void test_disc_checks(void)
{
	struct job_run *r = job_run_new();
	struct burn_options o = default_opts();
	r->f.disc_status = 2;
	job_run_burn(r, &o, tracks, 1);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "closed") != NULL);
	CHECK_EQ(fake_drive_count(&r->f, 0x2A), 0);
	CHECK_EQ(fake_drive_count(&r->f, 0x1E), 0);
	CHECK(strstr(r->seen.log, "nothing was written") != NULL);
	job_run_free(r);

	r = job_run_new();
	r->f.profile = 0x0008;
	job_run_burn(r, &o, tracks, 1);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "0008h") != NULL);
	job_run_free(r);

	r = job_run_new();
	r->f.free_blocks = 1000; /* track 1 needs 1001 + 2 */
	job_run_burn(r, &o, tracks, 1);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "1003 sectors") != NULL);
	job_run_free(r);

	/* the drive's NWA for track 2 lies before what was written */
	r = job_run_new();
	r->f.nwa_bias_track = 2;
	r->f.nwa_bias = -200;
	job_run_burn(r, &o, tracks, 2);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "next writable address 953") != NULL);
	CHECK(strstr(r->seen.log, "open session with 1 track;") != NULL);
	job_run_free(r);

	/* ...or after it: accepted, with a note */
	r = job_run_new();
	r->f.nwa_bias_track = 2;
	r->f.nwa_bias = 10;
	job_run_burn(r, &o, tracks, 2);
	CHECK_EQ(r->result, BURN_DONE);
	CHECK(strstr(r->seen.log, "starts it at LBA 1163 (expected 1153)") !=
	      NULL);
	job_run_free(r);

	/* a missing source file: nothing reaches the disc */
	r = job_run_new();
	struct burn_track bad = tracks[0];
	bad.path = (char[]){"/nonexistent/burnfs.pcm"};
	job_run_burn(r, &o, &bad, 1);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "cannot open") != NULL);
	CHECK_EQ(fake_drive_count(&r->f, 0x2A), 0);
	CHECK_EQ(fake_drive_count(&r->f, 0x35), 0);
	CHECK(r->f.log[r->f.n_log - 1].cdb[0] == 0x1E);
	job_run_free(r);
}

/* A drive that never gets ready after CLOSE SESSION: the wait ends, the
 * job fails saying what the drive answered and what the disc holds. */
static void test_drive_never_ready(void)
{
	struct job_run *r = job_run_new();
	r->f.never_ready_after_close = true;
	r->max_wait_ms = 300;
	struct burn_options o = default_opts();
	job_run_burn(r, &o, tracks, 3);
	CHECK_EQ(r->result, BURN_FAILED);
	CHECK(strstr(r->st.last_error, "closing the session") != NULL);
	CHECK(strstr(r->st.last_error, "not ready after") != NULL);
	CHECK(strstr(r->st.last_error, "in progress") != NULL);
	CHECK(strstr(r->seen.log, "while closing the session: all 3 tracks "
				  "were written, but the session may still "
				  "be open") != NULL);
	job_run_free(r);
}

int main(void)
{
	if (job_fixture_dir_make(dir) < 0)
		return 1;
	make_tracks();
	test_three_tracks();
	test_multisession_bits();
	test_write_failure();
	test_cancel();
	test_disc_checks();
	test_drive_never_ready();
	for (int k = 0; k < 3; k++)
		free(tracks[k].path);
	job_fixture_dir_remove(dir);
	return check_finish();
}
