/*
 * sao_layout.c - the Session-At-Once layout (see sao_layout.h): walks the
 * tracks once, appending segments to the stream written from LBA -150,
 * and reads the index points off the stream position.
 */
#include "sao_layout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SECTOR ((uint64_t)CD_SECTOR_BYTES)
#define MAX_STREAM_BYTES                                                       \
	((uint64_t)(SAO_MAX_LEADOUT - SAO_FIRST_LBA) * CD_SECTOR_BYTES)

uint64_t sao_lba_byte(int32_t lba)
{
	return (uint64_t)((int64_t)lba - SAO_FIRST_LBA) * SECTOR;
}

/* The LBA of the sector holding stream byte pos. */
static int32_t lba_of(uint64_t pos)
{
	return (int32_t)(pos / SECTOR) + SAO_FIRST_LBA;
}

static uint64_t round_up(uint64_t pos)
{
	return (pos + SECTOR - 1) / SECTOR * SECTOR;
}

struct planner {
	struct sao_layout *l;
	uint64_t pos;
};

static void add(struct planner *p, enum sao_segment_kind kind, size_t track,
		uint64_t source_byte, uint64_t bytes)
{
	if (bytes == 0)
		return;
	struct sao_layout *l = p->l;
	struct sao_segment *last =
	    l->n_segments ? &l->segment[l->n_segments - 1] : NULL;
	if (last && kind == SAO_SILENCE && last->kind == SAO_SILENCE &&
	    last->track == track) {
		last->bytes += bytes;
	} else {
		struct sao_segment *s = &l->segment[l->n_segments++];
		s->disc_byte = p->pos;
		s->bytes = bytes;
		s->kind = kind;
		s->track = (uint8_t)track;
		s->source_byte = kind == SAO_AUDIO ? source_byte : 0;
	}
	p->pos += bytes;
}

static int refuse(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t why_len, const char *fmt, ...)
{
	if (why_len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool next_is_gapless(const struct sao_track_spec *spec, size_t n,
			    size_t i)
{
	if (i + 1 >= n || spec[i].postgap)
		return false;
	return spec[i + 1].pregap == 0 || spec[i + 1].pregap_audio;
}

static int check_spec(const struct sao_track_spec *s, size_t i, char *why,
		      size_t why_len)
{
	if (s->pcm_bytes == 0)
		return refuse(why, why_len, "track %zu has no audio", i + 1);
	if (s->pcm_bytes % 4)
		return refuse(why, why_len,
			      "track %zu: %llu bytes are not whole stereo "
			      "frames of 16-bit samples",
			      i + 1, (unsigned long long)s->pcm_bytes);
	if (s->pcm_bytes > MAX_STREAM_BYTES || s->pregap > SAO_MAX_LEADOUT ||
	    s->postgap > SAO_MAX_LEADOUT)
		return refuse(why, why_len,
			      "track %zu is longer than a CD can hold", i + 1);
	if (s->n_index > SAO_MAX_INDEX - 1)
		return refuse(why, why_len,
			      "track %zu has more than 99 index points", i + 1);
	return 0;
}

/* Places the index points after INDEX 01 once the track's end is known. */
static int place_indexes(const struct sao_track_spec *s, size_t i,
			 struct sao_track_layout *t, char *why, size_t why_len)
{
	uint32_t prev = 0;
	for (unsigned k = 0; k < s->n_index; k++) {
		uint32_t x = s->index[k];
		if (x <= prev)
			return refuse(why, why_len,
				      "track %zu: INDEX %02u is not after "
				      "INDEX %02u",
				      i + 1, k + 2, k + 1);
		if ((int64_t)t->index[1] + x >= t->end)
			return refuse(why, why_len,
				      "track %zu: INDEX %02u lies at or beyond "
				      "the end of the track",
				      i + 1, k + 2);
		t->index[k + 2] = t->index[1] + (int32_t)x;
		prev = x;
	}
	t->last_index = (uint8_t)(1 + s->n_index);
	return 0;
}

static void format_seconds(uint64_t sectors, char *buf, size_t len)
{
	snprintf(buf, len, "%llu.%02llu s",
		 (unsigned long long)(sectors / CD_FRAMES_PER_SECOND),
		 (unsigned long long)(sectors % CD_FRAMES_PER_SECOND * 100 /
				      CD_FRAMES_PER_SECOND));
}

/* Plans track i from the current position; fills l->track[i] but end. */
static int plan_track(struct planner *p, const struct sao_track_spec *spec,
		      size_t n, size_t i, char *why, size_t why_len)
{
	const struct sao_track_spec *s = &spec[i];
	struct sao_track_layout *t = &p->l->track[i];
	uint64_t pregap_bytes = (uint64_t)s->pregap * SECTOR;

	memset(t, 0, sizeof(*t));
	if (i == 0) {
		t->index0 = SAO_FIRST_LBA;
		add(p, SAO_SILENCE, 0, 0, CD_PREGAP_SECTORS * SECTOR);
	} else {
		t->index0 = lba_of(p->pos);
	}
	/* A silent pregap starts on a sector: the previous track was padded
	 * (next_is_gapless was false for it). */
	if (s->pregap_audio)
		add(p, SAO_AUDIO, i, 0, pregap_bytes);
	else
		add(p, SAO_SILENCE, i, 0, pregap_bytes);

	uint64_t start = p->pos;
	t->index[1] = lba_of(start);
	if (s->pregap == 0 && i > 0)
		t->index0 = t->index[1];
	t->index[0] = t->index0;
	add(p, SAO_AUDIO, i, s->pregap_audio ? pregap_bytes : 0, s->pcm_bytes);
	t->source_bytes = (s->pregap_audio ? pregap_bytes : 0) + s->pcm_bytes;

	uint64_t first = start / SECTOR;
	char len_text[32];
	t->gapless_to_next = next_is_gapless(spec, n, i);
	if (t->gapless_to_next) {
		uint64_t sectors = p->pos / SECTOR - first;
		if (sectors < CD_MIN_TRACK_SECTORS) {
			format_seconds(sectors, len_text, sizeof(len_text));
			return refuse(
			    why, why_len,
			    "track %zu is %s long: a track that runs gaplessly "
			    "into the next must last at least 4 s (Red Book); "
			    "give track %zu a pregap or join the two tracks",
			    i + 1, len_text, i + 2);
		}
		return 0;
	}
	uint64_t sectors = round_up(p->pos) / SECTOR - first + s->postgap;
	if (sectors < CD_MIN_TRACK_SECTORS)
		t->min_pad_sectors = (uint32_t)(CD_MIN_TRACK_SECTORS - sectors);
	add(p, SAO_SILENCE, i, 0,
	    round_up(p->pos) - p->pos +
		((uint64_t)s->postgap + t->min_pad_sectors) * SECTOR);
	return 0;
}

int sao_layout_plan(const struct sao_track_spec *spec, size_t n,
		    struct sao_layout *out, char *why, size_t why_len)
{
	if (why_len)
		why[0] = '\0';
	if (n == 0)
		return refuse(why, why_len, "no tracks");
	if (n > CD_MAX_TRACKS)
		return refuse(why, why_len, "%zu tracks: a CD holds at most 99",
			      n);
	for (size_t i = 0; i < n; i++) {
		int rc = check_spec(&spec[i], i, why, why_len);
		if (rc)
			return rc;
	}

	out->n = n;
	out->n_segments = 0;
	struct planner p = {.l = out, .pos = 0};
	for (size_t i = 0; i < n; i++) {
		int rc = plan_track(&p, spec, n, i, why, why_len);
		if (rc)
			return rc;
		if (p.pos > MAX_STREAM_BYTES)
			return refuse(why, why_len,
				      "the tracks last longer than 99:59:74");
	}
	for (size_t i = 0; i < n; i++) {
		out->track[i].end =
		    i + 1 < n ? out->track[i + 1].index0 : lba_of(p.pos);
		int rc =
		    place_indexes(&spec[i], i, &out->track[i], why, why_len);
		if (rc)
			return rc;
	}
	out->leadout = lba_of(p.pos);
	out->total_bytes = p.pos;
	return 0;
}

int sao_locate(const struct sao_layout *l, uint64_t disc_byte,
	       struct sao_position *out)
{
	if (disc_byte >= l->total_bytes || l->n_segments == 0)
		return -ERANGE;
	/* The last segment starting at or before disc_byte. */
	size_t lo = 0, hi = l->n_segments;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->segment[mid].disc_byte <= disc_byte)
			lo = mid;
		else
			hi = mid;
	}
	const struct sao_segment *s = &l->segment[lo];
	uint64_t into = disc_byte - s->disc_byte;
	out->kind = s->kind;
	out->track = s->track;
	out->source_byte = s->kind == SAO_AUDIO ? s->source_byte + into : 0;
	out->run = s->bytes - into;
	return 0;
}
