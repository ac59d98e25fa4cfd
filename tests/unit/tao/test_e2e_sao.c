/*
 * test_e2e_sao.c - Session-At-Once end to end on the virtual recorder:
 * a gapless album (a track ending mid-sector runs into the next, one
 * track's audio in two files, a 2 s pregap before the last) with CD-TEXT,
 * MCN and an ISRC, burnt through recorder_commit and verified; the disc
 * image holds the exact concatenation of the sources, its cue sheet the
 * index points, texts and codes; the media description the SAO starts;
 * the CD-TEXT and index points read back, and a drive that misreads
 * them failing the verification.
 * Refusals: a drive without SAO (sao=0), keep_session_open with SAO, a
 * disc that already has a session, and TAO asked to burn what only SAO
 * can.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "msf.h"
#include "owned_tracks.h"
#include "recorder.h"
#include "sao_layout.h"
#include "vrec.h"
#include "vrec_recorder.h"

static char dir[] = "/tmp/burnfs-test-e2e-sao-XXXXXX";

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_text[32768];

static void on_event(void *ctx, const struct recorder_event *ev)
{
	(void)ctx;
	if (ev->kind != RECORDER_EVENT_LOG)
		return;
	pthread_mutex_lock(&log_lock);
	size_t at = strlen(log_text);
	snprintf(log_text + at, sizeof(log_text) - at, "%s\n", ev->message);
	pthread_mutex_unlock(&log_lock);
}

static uint8_t pcm_byte(unsigned file, uint64_t i)
{
	return (uint8_t)(i * 3 + file * 89 + (i >> 11) + 7);
}

static char *make_file(unsigned file, uint64_t bytes)
{
	char *path;
	if (asprintf(&path, "%s/src%u.pcm", dir, file) < 0)
		exit(1);
	FILE *f = fopen(path, "wb");
	for (uint64_t i = 0; i < bytes; i++)
		fputc(pcm_byte(file, i), f);
	fclose(f);
	return path;
}

#define T1 (500ull * 2352 + 123 * 4)
#define T2A (100ull * 2352 + 5 * 4)
#define T2B (250ull * 2352 + 77 * 4)
#define T3 (320ull * 2352 + 9 * 4)

static struct burn_track src[3];
static struct burn_span spans[2];

static void make_album(void)
{
	memset(src, 0, sizeof(src));
	src[0].name = strdup("01 a.flac");
	src[0].path = make_file(0, T1);
	src[0].length = T1;
	src[0].title = strdup("Morning");
	src[0].artist = strdup("Quartet");
	spans[0].path = make_file(1, T2A);
	spans[0].length = T2A;
	spans[1].path = make_file(2, T2B);
	spans[1].length = T2B;
	src[1].name = strdup("02 b.flac");
	src[1].n_spans = 2;
	src[1].spans = spans;
	src[1].length = T2A + T2B;
	src[1].pregap_given = true;
	src[1].title = strdup("Noon");
	memcpy(src[1].isrc, "USRC17607839", 12);
	src[2].name = strdup("03 c.flac");
	src[2].path = make_file(3, T3);
	src[2].length = T3;
	src[2].pregap = 150;
	src[2].pregap_given = true;
	src[2].title = strdup("Night");
	src[2].composer = strdup("Someone");
}

static struct recorder *open_recorder(const char *spec)
{
	return vrec_recorder_open(spec, on_event, NULL);
}

static struct burn_options sao_opts(void)
{
	struct burn_options o;
	memset(&o, 0, sizeof(o));
	o.buffer_underrun_protection = true;
	o.write_mode = BURN_WRITE_SAO;
	o.cd_text = true;
	o.verify = true;
	memcpy(o.mcn, "4006381333931", 13);
	snprintf(o.disc_text.title, sizeof(o.disc_text.title), "A Day");
	snprintf(o.disc_text.performer, sizeof(o.disc_text.performer),
		 "Quartet");
	return o;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	size_t got = fread(buf, 1, (size_t)n, f);
	fclose(f);
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void test_gapless_album(void)
{
	char spec[300], image[200], path[300];
	snprintf(image, sizeof(image), "%s/album", dir);
	snprintf(spec, sizeof(spec), "sao:%s,media=cdr80", image);
	struct recorder *r = open_recorder(spec);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_options o = sao_opts();
	char why[300];
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
			log_text);
	CHECK(strstr(log_text, "verification passed, 3 tracks match") != NULL);
	/* Read back besides the audio: the CD-TEXT from the lead-in, and
	 * 4 index points from the Q sub-channel (INDEX 01 of tracks 1 and
	 * 2, INDEX 00 and 01 of track 3). */
	CHECK(strstr(log_text, "verify: CD-TEXT as written") != NULL);
	CHECK(strstr(log_text, "verify: 4 index points as written") != NULL);
	CHECK(strstr(log_text, ", MCN and ISRC, CD-TEXT, 4 index points as "
			       "written") != NULL);
	if (!strstr(log_text, "verify: 4 index points as written"))
		fprintf(stderr, "log:\n%s", log_text);

	/* Where the tracks are: 1 at LBA 0, 2 where 1's last byte lies,
	 * 3 after its 2 s pregap. */
	int32_t t2 = (int32_t)(T1 / 2352);
	int32_t t2_end = (int32_t)((T1 + T2A + T2B + 2351) / 2352);
	int32_t t3 = t2_end + 150;
	struct media_info m;
	CHECK_EQ(recorder_media_info(r, &m), 0);
	CHECK_EQ(m.state, MEDIA_STATE_CLOSED);
	CHECK_EQ(m.n_tracks, 3);
	CHECK_EQ(m.tracks[0].start_lba, 0);
	CHECK_EQ(m.tracks[1].start_lba, t2);
	CHECK_EQ(m.tracks[2].start_lba, t3);

	/* IMAGE.bin from LBA 0: the sources back to back, byte for byte. */
	snprintf(path, sizeof(path), "%s.bin", image);
	size_t len = 0;
	char *bin = slurp(path, &len);
	CHECK(bin != NULL);
	uint64_t a = T1, b = a + T2A, c = b + T2B;
	uint64_t e = (uint64_t)t3 * 2352;
	size_t bad = len;
	for (size_t i = 0; bin && i < len && bad == len; i++) {
		uint8_t want = i < a	    ? pcm_byte(0, i)
			       : i < b	    ? pcm_byte(1, i - a)
			       : i < c	    ? pcm_byte(2, i - b)
			       : i < e	    ? 0
			       : i < e + T3 ? pcm_byte(3, i - e)
					    : 0;
		if ((uint8_t)bin[i] != want)
			bad = i;
	}
	CHECK(bin && len >= e + T3);
	CHECK_EQ(bad, len);
	if (bad != len)
		fprintf(stderr, "IMAGE.bin differs at byte %zu\n", bad);
	free(bin);

	/* IMAGE.cue: catalog, texts, ISRC, the pregap of track 3. */
	snprintf(path, sizeof(path), "%s.cue", image);
	char *cue = slurp(path, &len);
	CHECK(cue != NULL);
	if (cue) {
		CHECK(strstr(cue, "CATALOG 4006381333931") != NULL);
		CHECK(strstr(cue, "TITLE \"A Day\"") != NULL);
		CHECK(strstr(cue, "TITLE \"Noon\"") != NULL);
		CHECK(strstr(cue, "ISRC USRC17607839") != NULL);
		char idx[64];
		struct msf m0 = msf_from_length((uint32_t)t2_end);
		snprintf(idx, sizeof(idx), "INDEX 00 %02u:%02u:%02u", m0.m,
			 m0.s, m0.f);
		CHECK(strstr(cue, idx) != NULL);
		if (!strstr(cue, idx))
			fprintf(stderr, "no %s in:\n%s", idx, cue);
	}
	free(cue);
	recorder_free(r);
}

/*
 * A drive that reads the lead-in and the Q sub-channel back wrong
 * (corrupt_cdtext, corrupt_q): the audio matches, the verification fails
 * naming the text and the index point, expected and found.
 */
static void test_misread_text_and_index(void)
{
	char spec[300], image[200], why[300];
	int32_t t2_end = (int32_t)((T1 + T2A + T2B + 2351) / 2352);
	snprintf(image, sizeof(image), "%s/misread", dir);
	snprintf(spec, sizeof(spec),
		 "misread:%s,media=cdr80,corrupt_cdtext=0,corrupt_q=%d-%d",
		 image, (int)t2_end, (int)t2_end + 9);
	memset(log_text, 0, sizeof(log_text));
	struct recorder *r = open_recorder(spec);
	CHECK(r != NULL);
	if (!r)
		return;
	struct burn_options o = sao_opts();
	int rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
				 sizeof(why));
	CHECK_EQ(rc, 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_FAILED);
	char want[200];
	snprintf(want, sizeof(want),
		 "verify: track 3 INDEX 00 expected at LBA %d, found at LBA %d",
		 (int)t2_end, (int)t2_end + 10);
	CHECK(strstr(log_text, want) != NULL);
	CHECK(strstr(log_text, "verify: CD-TEXT: the disc's TITLE reads back "
			       "as \"@ Day\", not \"A Day\"") != NULL);
	CHECK(strstr(log_text, "verify: 3 tracks match") == NULL);
	CHECK(strstr(st.verify, "failed, CD-TEXT: the disc's TITLE") ==
	      st.verify);
	CHECK(strstr(st.last_error, "verification failed, CD-TEXT") != NULL);
	if (!strstr(log_text, want))
		fprintf(stderr, "wanted: %s\nlog:\n%s", want, log_text);
	recorder_free(r);
}

static void test_refusals(void)
{
	char spec[300], image[200], why[300];
	struct burn_options o = sao_opts();

	/* A drive without SAO: ENOTSUP, and what to do instead. */
	snprintf(image, sizeof(image), "%s/nosao", dir);
	snprintf(spec, sizeof(spec), "nosao:%s,media=cdr80,sao=0", image);
	struct recorder *r = open_recorder(spec);
	CHECK(r != NULL);
	if (!r)
		return;
	int rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
				 sizeof(why));
	CHECK_EQ(rc, -ENOTSUP);
	CHECK(strstr(why, "cannot write Session-At-Once") != NULL);
	CHECK(strstr(why, "echo tao > write_mode") != NULL);

	/* keep_session_open contradicts SAO. */
	o.keep_session_open = true;
	rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
			     sizeof(why));
	CHECK_EQ(rc, -EOPNOTSUPP);
	CHECK(strstr(why, "keep_session_open") != NULL);
	o.keep_session_open = false;

	/* TAO cannot write a track spanning files, nor a gapless join. */
	o.write_mode = BURN_WRITE_TAO;
	rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
			     sizeof(why));
	CHECK_EQ(rc, -EINVAL);
	CHECK(strstr(why, "echo sao > write_mode") != NULL);

	/* ... but burns the album TAO once it needs nothing SAO-only. */
	struct burn_track plain[2] = {src[0], src[2]};
	plain[1].pregap = 150;
	o.verify = false;
	o.do_not_finalize = true;
	rc = recorder_commit(r, &o, owned_tracks(plain, 2), 2, getpid(), why,
			     sizeof(why));
	CHECK_EQ(rc, 0);
	recorder_wait_idle(r);
	struct burn_status st;
	recorder_status(r, &st);
	CHECK_EQ(st.state, BURN_DONE);
	recorder_free(r);

	/* SAO on a disc with a session: refused, EMEDIUMTYPE (not a blank
	 * disc). */
	snprintf(spec, sizeof(spec), "sao2:%s,media=cdr80", image);
	r = open_recorder(spec);
	CHECK(r != NULL);
	if (!r)
		return;
	o = sao_opts();
	rc = recorder_commit(r, &o, owned_tracks(src, 3), 3, getpid(), why,
			     sizeof(why));
	CHECK_EQ(rc, -EMEDIUMTYPE);
	CHECK(strstr(why, "blank disc") != NULL);
	recorder_free(r);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	make_album();
	test_gapless_album();
	test_misread_text_and_index();
	test_refusals();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return check_finish();
}
