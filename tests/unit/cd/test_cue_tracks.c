/*
 * test_cue_tracks.c - cue sheets of each layout rippers write (one file
 * for the album, one file per track with PREGAP, EAC's pregaps at the end
 * of the previous file, hidden track one audio, index points) turned into
 * SAO track specs and sources, checked against the byte counts the sheet
 * implies, then planned with sao_layout_plan; and the refusals with their
 * lines.
 */
#include "cue_tracks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define F(m, s, f) (((m)*60 + (s)) * 75 + (f))
#define B(frames) ((uint64_t)(frames)*CD_SECTOR_BYTES)

struct run {
	struct cue_sheet *sheet;
	struct sao_track_spec spec[CD_MAX_TRACKS];
	struct cue_track_source src[CD_MAX_TRACKS];
	char why[256];
	int rc;
};

static struct run *plan(const char *text, const uint64_t *file_bytes)
{
	struct run *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	r->sheet = cue_parse(text, strlen(text));
	if (!r->sheet || r->sheet->failed)
		abort();
	r->rc = cue_tracks_plan(r->sheet, file_bytes, r->spec, r->src, r->why,
				sizeof(r->why));
	return r;
}

static void done(struct run *r)
{
	cue_free(r->sheet);
	free(r);
}

/* Plans the specs with the SAO layout: it must accept them, and the
 * stream holds every source byte once. */
static void check_layout(struct run *r, uint64_t silence_expected_min)
{
	struct sao_layout *l = calloc(1, sizeof(*l));
	char why[256];
	CHECK_EQ(
	    sao_layout_plan(r->spec, r->sheet->n_tracks, l, why, sizeof(why)),
	    0);
	uint64_t audio = 0, silence = 0;
	for (size_t i = 0; i < l->n_segments; i++) {
		if (l->segment[i].kind == SAO_AUDIO)
			audio += l->segment[i].bytes;
		else
			silence += l->segment[i].bytes;
	}
	uint64_t sources = 0;
	for (size_t k = 0; k < r->sheet->n_tracks; k++)
		for (size_t i = 0; i < r->src[k].n_spans; i++)
			sources += r->src[k].span[i].bytes;
	CHECK_EQ(audio, sources);
	CHECK(silence >= silence_expected_min);
	free(l);
}

/* One file for the album: pregaps with audio inside it, a gapless join. */
static void test_single_file(void)
{
	const char *text = "FILE \"album.flac\" WAVE\n"
			   "  TRACK 01 AUDIO\n"
			   "    INDEX 01 00:00:00\n"
			   "  TRACK 02 AUDIO\n"
			   "    INDEX 00 03:00:00\n"
			   "    INDEX 01 03:02:00\n"
			   "  TRACK 03 AUDIO\n"
			   "    INDEX 01 05:00:00\n"
			   "    INDEX 02 05:30:10\n";
	uint64_t file[] = {B(F(7, 0, 0)) + 1000}; /* ends mid-sector */
	struct run *r = plan(text, file);
	CHECK_EQ(r->rc, 0);
	CHECK_EQ(r->spec[0].pcm_bytes, B(F(3, 0, 0)));
	CHECK_EQ(r->spec[0].pregap, 0);
	CHECK_EQ(r->spec[1].pregap, 150);
	CHECK(r->spec[1].pregap_audio);
	CHECK_EQ(r->spec[1].pcm_bytes, B(F(5, 0, 0) - F(3, 2, 0)));
	CHECK_EQ(r->spec[2].pregap, 0);
	CHECK_EQ(r->spec[2].pcm_bytes, B(F(2, 0, 0)) + 1000);
	CHECK_EQ(r->spec[2].n_index, 1);
	CHECK_EQ(r->spec[2].index[0], F(0, 30, 10));
	/* Sources: track 2 from its INDEX 00. */
	CHECK_EQ(r->src[1].n_spans, 1);
	CHECK_EQ(r->src[1].span[0].file, 0);
	CHECK_EQ(r->src[1].span[0].offset, B(F(3, 0, 0)));
	CHECK_EQ(r->src[1].span[0].bytes, B(F(5, 0, 0) - F(3, 0, 0)));
	check_layout(r, B(150));
	done(r);
}

/* One file per track, PREGAP silence between them, odd lengths. */
static void test_file_per_track(void)
{
	const char *text = "FILE \"01.wav\" WAVE\n"
			   "  TRACK 01 AUDIO\n"
			   "    PREGAP 00:02:00\n"
			   "    INDEX 01 00:00:00\n"
			   "FILE \"02.wav\" WAVE\n"
			   "  TRACK 02 AUDIO\n"
			   "    PREGAP 00:02:00\n"
			   "    INDEX 01 00:00:00\n"
			   "    POSTGAP 00:01:00\n"
			   "FILE \"03.wav\" WAVE\n"
			   "  TRACK 03 AUDIO\n"
			   "    INDEX 01 00:00:00\n";
	uint64_t file[] = {B(F(2, 0, 0)) + 44, B(F(3, 0, 0)) + 4,
			   B(F(1, 0, 0))};
	struct run *r = plan(text, file);
	CHECK_EQ(r->rc, 0);
	/* Track 1's 2 s PREGAP is the 150 sectors every disc starts with. */
	CHECK_EQ(r->spec[0].pregap, 0);
	CHECK_EQ(r->spec[0].pcm_bytes, file[0]);
	CHECK_EQ(r->spec[1].pregap, 150);
	CHECK(!r->spec[1].pregap_audio);
	CHECK_EQ(r->spec[1].postgap, 75);
	CHECK_EQ(r->spec[1].pcm_bytes, file[1]);
	CHECK_EQ(r->spec[2].pcm_bytes, file[2]);
	for (size_t k = 0; k < 3; k++) {
		CHECK_EQ(r->src[k].n_spans, 1);
		CHECK_EQ(r->src[k].span[0].file, k);
		CHECK_EQ(r->src[k].span[0].offset, 0);
		CHECK_EQ(r->src[k].span[0].bytes, file[k]);
	}
	check_layout(r, B(150 + 150 + 75));
	done(r);
}

/* EAC's "gaps appended to the previous track": track 2's INDEX 00 lies
 * at the end of the first file, its INDEX 01 at the start of the second.
 */
static void test_eac_gaps_in_previous_file(void)
{
	const char *text = "FILE \"01.flac\" WAVE\n"
			   "  TRACK 01 AUDIO\n"
			   "    INDEX 01 00:00:00\n"
			   "  TRACK 02 AUDIO\n"
			   "    INDEX 00 02:58:00\n"
			   "FILE \"02.flac\" WAVE\n"
			   "    INDEX 01 00:00:00\n";
	uint64_t file[] = {B(F(3, 0, 0)), B(F(4, 0, 0)) + 8};
	struct run *r = plan(text, file);
	CHECK_EQ(r->rc, 0);
	CHECK_EQ(r->spec[0].pcm_bytes, B(F(2, 58, 0)));
	CHECK_EQ(r->spec[1].pregap, 150);
	CHECK(r->spec[1].pregap_audio);
	CHECK_EQ(r->spec[1].pcm_bytes, file[1]);
	CHECK_EQ(r->src[1].n_spans, 2);
	CHECK_EQ(r->src[1].span[0].file, 0);
	CHECK_EQ(r->src[1].span[0].offset, B(F(2, 58, 0)));
	CHECK_EQ(r->src[1].span[0].bytes, B(150));
	CHECK_EQ(r->src[1].span[1].file, 1);
	CHECK_EQ(r->src[1].span[1].offset, 0);
	CHECK_EQ(r->src[1].span[1].bytes, file[1]);
	check_layout(r, B(150));
	done(r);
}

/* Hidden track one audio: INDEX 00 at the start, INDEX 01 later. */
static void test_hidden_track_one_audio(void)
{
	const char *text = "FILE \"a.wav\" WAVE\n"
			   "  TRACK 01 AUDIO\n"
			   "    INDEX 00 00:00:00\n"
			   "    INDEX 01 00:30:00\n"
			   "  TRACK 02 AUDIO\n"
			   "    INDEX 01 03:30:00\n";
	uint64_t file[] = {B(F(6, 0, 0))};
	struct run *r = plan(text, file);
	CHECK_EQ(r->rc, 0);
	CHECK_EQ(r->spec[0].pregap, F(0, 30, 0));
	CHECK(r->spec[0].pregap_audio);
	CHECK_EQ(r->spec[0].pcm_bytes, B(F(3, 0, 0)));
	CHECK_EQ(r->src[0].span[0].offset, 0);
	CHECK_EQ(r->src[0].span[0].bytes, B(F(3, 30, 0)));
	check_layout(r, B(150));
	done(r);

	/* No INDEX 00: the audio before INDEX 01 is hidden audio too. */
	text = "FILE \"a.wav\" WAVE\n"
	       "  TRACK 01 AUDIO\n"
	       "    INDEX 01 00:10:00\n";
	r = plan(text, file);
	CHECK_EQ(r->rc, 0);
	CHECK_EQ(r->spec[0].pregap, F(0, 10, 0));
	CHECK_EQ(r->spec[0].pcm_bytes, B(F(5, 50, 0)));
	done(r);
}

static void test_refusals(void)
{
	uint64_t short_file[] = {B(F(4, 2, 31))};
	struct run *r = plan("FILE \"a.flac\" WAVE\n"
			     "  TRACK 01 AUDIO\n"
			     "    INDEX 01 00:00:00\n"
			     "  TRACK 02 AUDIO\n"
			     "    INDEX 01 04:10:00\n",
			     short_file);
	CHECK_EQ(r->rc, -EINVAL);
	CHECK_STR(r->why, "line 5: INDEX 01 at 04:10:00 lies beyond the end "
			  "of \"a.flac\" (04:02:31)");
	done(r);

	uint64_t two[] = {B(F(4, 0, 0)), B(F(1, 0, 0))};
	r = plan("FILE \"a.wav\" WAVE\n"
		 "  TRACK 01 AUDIO\n"
		 "    INDEX 01 00:00:00\n"
		 "    INDEX 02 05:00:00\n"
		 "FILE \"b.wav\" WAVE\n"
		 "  TRACK 02 AUDIO\n"
		 "    INDEX 01 00:00:00\n",
		 two);
	CHECK_EQ(r->rc, -EINVAL);
	CHECK(strstr(r->why, "line 4: INDEX 02 at 05:00:00 lies beyond") ==
	      r->why);
	done(r);

	/* Track 2's INDEX 01 at the very end of the file: no audio. */
	uint64_t one[] = {B(F(3, 0, 0))};
	r = plan("FILE \"a.wav\" WAVE\n"
		 "  TRACK 01 AUDIO\n"
		 "    INDEX 01 00:00:00\n"
		 "  TRACK 02 AUDIO\n"
		 "    INDEX 01 03:00:00\n",
		 one);
	CHECK_EQ(r->rc, -EINVAL);
	CHECK_STR(r->why, "line 4: TRACK 02 has no audio: the next track "
			  "starts where it starts");
	done(r);

	/* Audio before INDEX 01 and a PREGAP of silence too. */
	r = plan("FILE \"a.wav\" WAVE\n"
		 "  TRACK 01 AUDIO\n"
		 "    INDEX 01 00:00:00\n"
		 "  TRACK 02 AUDIO\n"
		 "    PREGAP 00:02:00\n"
		 "    INDEX 00 01:00:00\n"
		 "    INDEX 01 01:02:00\n",
		 one);
	CHECK_EQ(r->rc, -EINVAL);
	CHECK(strstr(r->why, "both a PREGAP") != NULL);
	done(r);

	/* A file that is not whole stereo samples long. */
	uint64_t odd[] = {B(F(1, 0, 0)) + 2};
	r = plan("FILE \"a.wav\" WAVE\n"
		 "  TRACK 01 AUDIO\n"
		 "    INDEX 01 00:00:00\n",
		 odd);
	CHECK_EQ(r->rc, -EINVAL);
	CHECK_STR(r->why, "line 1: \"a.wav\" is not whole stereo samples long");
	done(r);
}

int main(void)
{
	test_single_file();
	test_file_per_track();
	test_eac_gaps_in_previous_file();
	test_hidden_track_one_audio();
	test_refusals();
	return check_finish();
}
