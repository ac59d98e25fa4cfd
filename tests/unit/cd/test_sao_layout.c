/*
 * test_sao_layout.c - the Session-At-Once layout: index points and
 * lead-out for real-world albums (2 s pregaps, gapless, a pregap with
 * audio, hidden track one audio), sample-exact gapless placement checked
 * byte by byte through sao_locate, the 4-second rule, and the refusals.
 */
#include "sao_layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "msf.h"

#define S ((uint64_t)CD_SECTOR_BYTES)

static struct sao_layout *layout;
static char why[256];

static int plan(const struct sao_track_spec *spec, size_t n)
{
	return sao_layout_plan(spec, n, layout, why, sizeof(why));
}

/*
 * Walks the whole stream with sao_locate and checks that every track's
 * source appears exactly once, in order, byte for byte, and that the
 * rest is silence.  Returns the number of discontinuities between
 * consecutive tracks' audio (0 for a fully gapless album).
 */
static int walk(const struct sao_track_spec *spec, size_t n)
{
	uint64_t want_track = 0, want_byte = 0, audio = 0, last_audio_end = 0;
	int jumps = 0;
	uint64_t pos = 0;
	struct sao_position at;
	while (sao_locate(layout, pos, &at) == 0) {
		CHECK(at.run > 0);
		if (at.kind == SAO_AUDIO) {
			if (at.track != want_track) {
				/* previous track complete, next starts at 0 */
				uint64_t src =
				    (spec[want_track].pregap_audio
					 ? spec[want_track].pregap * S
					 : 0) +
				    spec[want_track].pcm_bytes;
				CHECK_EQ(want_byte, src);
				CHECK_EQ(at.track, want_track + 1);
				want_track = at.track;
				want_byte = 0;
				if (pos != last_audio_end)
					jumps++;
			}
			CHECK_EQ(at.source_byte, want_byte);
			want_byte += at.run;
			audio += at.run;
			last_audio_end = pos + at.run;
		}
		pos += at.run;
	}
	CHECK_EQ(pos, layout->total_bytes);
	CHECK_EQ(want_track, n - 1);
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (spec[i].pregap_audio ? spec[i].pregap * S : 0) +
		       spec[i].pcm_bytes;
	CHECK_EQ(audio, sum);
	return jumps;
}

/* Three tracks with the default 2 s silent pregaps, sector-exact. */
static void test_default_pregaps(void)
{
	struct sao_track_spec t[3];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S;
	t[1].pcm_bytes = 500 * S;
	t[1].pregap = 150;
	t[2].pcm_bytes = 2000 * S;
	t[2].pregap = 150;
	CHECK_EQ(plan(t, 3), 0);
	CHECK_EQ(layout->track[0].index0, -150);
	CHECK_EQ(layout->track[0].index[1], 0);
	CHECK_EQ(layout->track[0].end, 1000);
	CHECK_EQ(layout->track[1].index0, 1000);
	CHECK_EQ(layout->track[1].index[1], 1150);
	CHECK_EQ(layout->track[1].end, 1650);
	CHECK_EQ(layout->track[2].index0, 1650);
	CHECK_EQ(layout->track[2].index[1], 1800);
	CHECK_EQ(layout->leadout, 3800);
	CHECK_EQ(layout->total_bytes, 3950 * S);
	CHECK(!layout->track[0].gapless_to_next);
	CHECK_EQ(layout->track[0].last_index, 1);
	CHECK_EQ(walk(t, 3), 2);
	/* lead-in pregap, 3 audio runs, 2 silent pregaps */
	CHECK_EQ(layout->n_segments, 6);
	struct sao_position at;
	CHECK_EQ(sao_locate(layout, sao_lba_byte(1000), &at), 0);
	CHECK_EQ(at.kind, SAO_SILENCE);
	CHECK_EQ(at.track, 1);
	CHECK_EQ(at.run, 150 * S);
	CHECK_EQ(sao_locate(layout, sao_lba_byte(1150) + 4, &at), 0);
	CHECK_EQ(at.kind, SAO_AUDIO);
	CHECK_EQ(at.track, 1);
	CHECK_EQ(at.source_byte, 4);
	CHECK_EQ(sao_locate(layout, layout->total_bytes, &at), -ERANGE);
	CHECK_EQ(sao_lba_byte(-150), 0);
	CHECK_EQ(sao_lba_byte(0), 150 * S);
}

/* Gapless, sector-exact lengths: track k+1 starts where k ends. */
static void test_gapless_exact(void)
{
	struct sao_track_spec t[2];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S;
	t[1].pcm_bytes = 400 * S;
	CHECK_EQ(plan(t, 2), 0);
	CHECK_EQ(layout->track[1].index0, 1000);
	CHECK_EQ(layout->track[1].index[1], 1000);
	CHECK_EQ(layout->track[0].end, 1000);
	CHECK(layout->track[0].gapless_to_next);
	CHECK_EQ(layout->leadout, 1400);
	CHECK_EQ(walk(t, 2), 0);
}

/*
 * An odd-length track (1000 sectors and 1000 bytes = 250 stereo frames)
 * followed gaplessly by another: the second track's first sample sits
 * 1000 bytes into the sector that holds the first track's last samples,
 * and that sector is the second track's INDEX 01.  Nothing is lost, added
 * or padded between them; only the end of the last track is padded.
 */
static void test_gapless_odd_length(void)
{
	struct sao_track_spec t[3];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S + 1000;
	t[1].pcm_bytes = 400 * S + 2000;
	t[2].pcm_bytes = 300 * S + 4;
	CHECK_EQ(plan(t, 3), 0);
	CHECK_EQ(layout->track[1].index[1], 1000);
	CHECK_EQ(layout->track[2].index[1], 1401); /* 1000+1000+400*S+2000 */
	uint64_t audio = t[0].pcm_bytes + t[1].pcm_bytes + t[2].pcm_bytes;
	/* 150 sectors of silence, the audio, then zeros to a whole sector */
	CHECK_EQ(layout->total_bytes, (150 * S + audio + S - 1) / S * S);
	CHECK_EQ(layout->leadout, 1702);
	CHECK_EQ(walk(t, 3), 0);

	struct sao_position at;
	uint64_t t2 = 150 * S + t[0].pcm_bytes;
	CHECK_EQ(sao_locate(layout, t2 - 4, &at), 0); /* last frame of 1 */
	CHECK_EQ(at.track, 0);
	CHECK_EQ(at.source_byte, t[0].pcm_bytes - 4);
	CHECK_EQ(at.run, 4);
	CHECK_EQ(sao_locate(layout, t2, &at), 0); /* first frame of 2 */
	CHECK_EQ(at.kind, SAO_AUDIO);
	CHECK_EQ(at.track, 1);
	CHECK_EQ(at.source_byte, 0);
	CHECK_EQ(sao_lba_byte(layout->track[1].index[1]), t2 - 1000);
	/* the padding after the last sample */
	CHECK_EQ(sao_locate(layout, layout->total_bytes - 1, &at), 0);
	CHECK_EQ(at.kind, SAO_SILENCE);
	CHECK_EQ(at.track, 2);
}

/* Track 2 has a 3 s pregap that carries audio (a live album's applause). */
static void test_pregap_with_audio(void)
{
	struct sao_track_spec t[2];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S;
	t[1].pcm_bytes = 600 * S;
	t[1].pregap = 225;
	t[1].pregap_audio = true;
	CHECK_EQ(plan(t, 2), 0);
	CHECK_EQ(layout->track[1].index0, 1000);
	CHECK_EQ(layout->track[1].index[0], 1000);
	CHECK_EQ(layout->track[1].index[1], 1225);
	CHECK_EQ(layout->track[1].source_bytes, 825 * S);
	CHECK(layout->track[0].gapless_to_next);
	CHECK_EQ(layout->leadout, 1825);
	CHECK_EQ(walk(t, 2), 0);
	struct sao_position at;
	CHECK_EQ(sao_locate(layout, sao_lba_byte(1225), &at), 0);
	CHECK_EQ(at.track, 1);
	CHECK_EQ(at.source_byte, 225 * S);
}

/* Hidden track one audio: 32 s 10 f of audio before track 1's INDEX 01. */
static void test_hidden_track_one(void)
{
	struct sao_track_spec t[1];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 3000 * S;
	t[0].pregap = 32 * 75 + 10;
	t[0].pregap_audio = true;
	CHECK_EQ(plan(t, 1), 0);
	CHECK_EQ(layout->track[0].index0, -150);
	CHECK_EQ(layout->track[0].index[1], 2410);
	CHECK_EQ(layout->leadout, 5410);
	CHECK_EQ(walk(t, 1), 0);
	struct sao_position at;
	CHECK_EQ(sao_locate(layout, sao_lba_byte(-1), &at), 0);
	CHECK_EQ(at.kind, SAO_SILENCE);
	CHECK_EQ(sao_locate(layout, sao_lba_byte(0), &at), 0);
	CHECK_EQ(at.kind, SAO_AUDIO);
	CHECK_EQ(at.source_byte, 0);
}

/* INDEX 02 and 03, a postgap, and an index beyond the end. */
static void test_indexes_and_postgap(void)
{
	struct sao_track_spec t[2];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S + 8;
	t[0].n_index = 2;
	t[0].index[0] = 300;
	t[0].index[1] = 750;
	t[0].postgap = 75;
	t[1].pcm_bytes = 400 * S;
	CHECK_EQ(plan(t, 2), 0);
	CHECK_EQ(layout->track[0].last_index, 3);
	CHECK_EQ(layout->track[0].index[2], 300);
	CHECK_EQ(layout->track[0].index[3], 750);
	CHECK(!layout->track[0].gapless_to_next);
	/* 1001 sectors (padded) + 75 postgap */
	CHECK_EQ(layout->track[0].end, 1076);
	CHECK_EQ(layout->track[1].index[1], 1076);
	CHECK_EQ(layout->track[1].index0, 1076);
	CHECK_EQ(walk(t, 2), 1);

	t[0].index[1] = 1076; /* INDEX 03 at the next track's start */
	CHECK_EQ(plan(t, 2), -EINVAL);
	CHECK_STR(why, "track 1: INDEX 03 lies at or beyond the end of the "
		       "track");
	t[0].index[1] = 300;
	CHECK_EQ(plan(t, 2), -EINVAL);
	CHECK_STR(why, "track 1: INDEX 03 is not after INDEX 02");
}

/* Red Book's 4 s: padded before silence, refused before a gapless join. */
static void test_minimum_length(void)
{
	struct sao_track_spec t[3];
	memset(t, 0, sizeof(t));
	t[0].pcm_bytes = 1000 * S;
	t[1].pcm_bytes = 100 * S; /* 1.33 s, then a silent pregap */
	t[2].pcm_bytes = 50 * S;  /* the last track, 0.67 s */
	t[2].pregap = 150;
	CHECK_EQ(plan(t, 3), 0);
	CHECK_EQ(layout->track[1].min_pad_sectors, 200);
	CHECK_EQ(layout->track[1].end - layout->track[1].index[1], 300);
	CHECK_EQ(layout->track[2].min_pad_sectors, 250);
	CHECK_EQ(layout->leadout, 1000 + 300 + 150 + 300);
	walk(t, 3);

	/* exactly 300 sectors is enough, even gaplessly */
	t[1].pcm_bytes = 300 * S;
	t[2].pregap = 0;
	CHECK_EQ(plan(t, 3), 0);
	CHECK_EQ(layout->track[1].min_pad_sectors, 0);

	t[1].pcm_bytes = 299 * S + 2348; /* ends inside sector 300 */
	CHECK_EQ(plan(t, 3), -EINVAL);
	CHECK_STR(why, "track 2 is 3.98 s long: a track that runs gaplessly "
		       "into the next must last at least 4 s (Red Book); "
		       "give track 3 a pregap or join the two tracks");
	/* an audio pregap after it is gapless too */
	t[2].pregap = 75;
	t[2].pregap_audio = true;
	CHECK_EQ(plan(t, 3), -EINVAL);
	/* a silent one is not */
	t[2].pregap_audio = false;
	CHECK_EQ(plan(t, 3), 0);
	CHECK_EQ(layout->track[1].min_pad_sectors, 0);
	CHECK_EQ(layout->track[1].end - layout->track[1].index[1], 300);
}

static void test_refusals(void)
{
	struct sao_track_spec t[CD_MAX_TRACKS + 1];
	memset(t, 0, sizeof(t));
	CHECK_EQ(plan(t, 0), -EINVAL);
	CHECK_STR(why, "no tracks");
	CHECK_EQ(plan(t, 1), -EINVAL);
	CHECK_STR(why, "track 1 has no audio");
	t[0].pcm_bytes = 1000 * S + 2;
	CHECK_EQ(plan(t, 1), -EINVAL);
	CHECK_STR(why, "track 1: 2352002 bytes are not whole stereo frames "
		       "of 16-bit samples");
	for (size_t i = 0; i <= CD_MAX_TRACKS; i++) {
		t[i].pcm_bytes = 300 * S;
		t[i].pregap = 0;
	}
	CHECK_EQ(plan(t, CD_MAX_TRACKS), 0);
	CHECK_EQ(layout->leadout, 99 * 300);
	CHECK_EQ(plan(t, CD_MAX_TRACKS + 1), -EINVAL);
	CHECK_STR(why, "100 tracks: a CD holds at most 99");
	t[0].pcm_bytes = 449900 * S;
	CHECK_EQ(plan(t, 1), -EINVAL);
	CHECK_STR(why, "the tracks last longer than 99:59:74");
	t[0].pcm_bytes = 1ull << 60;
	CHECK_EQ(plan(t, 1), -EINVAL);
}

int main(void)
{
	layout = malloc(sizeof(*layout));
	if (!layout)
		return 1;
	test_default_pregaps();
	test_gapless_exact();
	test_gapless_odd_length();
	test_pregap_with_audio();
	test_hidden_track_one();
	test_indexes_and_postgap();
	test_minimum_length();
	test_refusals();
	free(layout);
	return check_finish();
}
