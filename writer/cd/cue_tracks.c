/*
 * cue_tracks.c - a parsed cue sheet and its files' lengths to SAO track
 * specs and sources (see cue_tracks.h).
 */
#include "cue_tracks.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int fail(char *why, size_t why_len, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t why_len, unsigned line, const char *fmt, ...)
{
	if (why && why_len) {
		int n = line ? snprintf(why, why_len, "line %u: ", line) : 0;
		if (n < 0 || (size_t)n >= why_len)
			n = 0;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why + n, why_len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* mm:ss:ff of a byte count of CD audio (whole frames, rounded down). */
static const char *msf_of_bytes(uint64_t bytes, char out[32])
{
	uint64_t f = bytes / CD_SECTOR_BYTES;
	snprintf(out, 32, "%02llu:%02llu:%02llu",
		 (unsigned long long)(f / (60 * CD_FRAMES_PER_SECOND)),
		 (unsigned long long)(f / CD_FRAMES_PER_SECOND % 60),
		 (unsigned long long)(f % CD_FRAMES_PER_SECOND));
	return out;
}

/* The stream position of an index point, after checking it lies in its
 * file.  base[] holds where each file starts in the stream. */
static int position(const struct cue_sheet *s, const uint64_t *file_bytes,
		    const uint64_t *base, const struct cue_index *x,
		    uint64_t *out, char *why, size_t why_len)
{
	uint64_t at = (uint64_t)x->frame * CD_SECTOR_BYTES;
	if (at > file_bytes[x->file]) {
		char a[32], b[32];
		return fail(why, why_len, x->line,
			    "INDEX %02u at %s lies beyond the end of \"%s\" "
			    "(%s)",
			    x->number, msf_of_bytes(at, a),
			    s->file[x->file].name,
			    msf_of_bytes(file_bytes[x->file], b));
	}
	*out = base[x->file] + at;
	return 0;
}

/* Where a track's source begins in the stream: its INDEX 00, else its
 * INDEX 01; for track 1 without INDEX 00 the start of the stream. */
static int track_start(const struct cue_sheet *s, const uint64_t *file_bytes,
		       const uint64_t *base, size_t k, uint64_t *out, char *why,
		       size_t why_len)
{
	const struct cue_track *t = &s->track[k];
	const struct cue_index *x = cue_track_index(t, 0);
	if (!x && k == 0) {
		*out = 0;
		return 0;
	}
	if (!x)
		x = cue_track_index(t, 1);
	return position(s, file_bytes, base, x, out, why, why_len);
}

/* Splits the stream bytes [from, to) into spans of the files. */
static int spans(const struct cue_sheet *s, const uint64_t *base, uint64_t from,
		 uint64_t to, struct cue_track_source *src, unsigned line,
		 char *why, size_t why_len)
{
	memset(src, 0, sizeof(*src));
	for (size_t f = 0; f < s->n_files && from < to; f++) {
		uint64_t lo = base[f], hi = base[f + 1];
		if (hi <= from || lo >= to || lo == hi)
			continue;
		if (src->n_spans == CUE_MAX_SPANS)
			return fail(why, why_len, line,
				    "the track spans more than %d files",
				    CUE_MAX_SPANS);
		uint64_t a = from > lo ? from : lo;
		uint64_t b = to < hi ? to : hi;
		src->span[src->n_spans++] = (struct cue_span){
		    .file = (uint16_t)f, .offset = a - lo, .bytes = b - a};
	}
	return 0;
}

static int plan_track(const struct cue_sheet *s, const uint64_t *file_bytes,
		      const uint64_t *base, size_t k,
		      struct sao_track_spec *spec, struct cue_track_source *src,
		      char *why, size_t why_len)
{
	const struct cue_track *t = &s->track[k];
	const struct cue_index *i0 = cue_track_index(t, 0);
	const struct cue_index *i1 = cue_track_index(t, 1);
	uint64_t start, one, end;
	int rc = track_start(s, file_bytes, base, k, &start, why, why_len);
	if (rc == 0)
		rc = position(s, file_bytes, base, i1, &one, why, why_len);
	if (rc == 0 && k + 1 < s->n_tracks)
		rc =
		    track_start(s, file_bytes, base, k + 1, &end, why, why_len);
	else
		end = base[s->n_files];
	if (rc < 0)
		return rc;
	if (one < start)
		return fail(why, why_len, i1->line,
			    "INDEX 01 of track %02u lies before its INDEX 00",
			    t->number);
	if (end <= one)
		return fail(why, why_len, t->line,
			    "TRACK %02u has no audio: the next track starts "
			    "where it starts",
			    t->number);

	memset(spec, 0, sizeof(*spec));
	uint64_t pregap_bytes = one - start;
	if (pregap_bytes % CD_SECTOR_BYTES)
		return fail(why, why_len, (i0 ? i0 : i1)->line,
			    "the pregap of track %02u is not a whole number "
			    "of frames (a file before it is not whole frames "
			    "long)",
			    t->number);
	if (pregap_bytes && t->pregap)
		return fail(why, why_len, t->line,
			    "track %02u has both a PREGAP (silence) and audio "
			    "before its INDEX 01",
			    t->number);
	spec->pcm_bytes = end - one;
	if (pregap_bytes) {
		spec->pregap = (uint32_t)(pregap_bytes / CD_SECTOR_BYTES);
		spec->pregap_audio = true;
	} else if (k == 0) {
		/* The 150 silent sectors every disc starts with hold a
		 * PREGAP of up to 2 s. */
		spec->pregap = t->pregap > CD_PREGAP_SECTORS
				   ? t->pregap - CD_PREGAP_SECTORS
				   : 0;
	} else {
		spec->pregap = t->pregap;
	}
	spec->postgap = t->postgap;

	for (size_t i = 0; i < t->n_index; i++) {
		const struct cue_index *x = &t->index[i];
		if (x->number < 2)
			continue;
		uint64_t at;
		rc = position(s, file_bytes, base, x, &at, why, why_len);
		if (rc < 0)
			return rc;
		if (at <= one || at >= end)
			return fail(why, why_len, x->line,
				    "INDEX %02u lies outside track %02u",
				    x->number, t->number);
		uint32_t off = (uint32_t)((at - one) / CD_SECTOR_BYTES);
		if (spec->n_index && off <= spec->index[spec->n_index - 1])
			return fail(why, why_len, x->line,
				    "INDEX %02u is in the same frame as the "
				    "index before it",
				    x->number);
		spec->index[spec->n_index++] = off;
	}
	return spans(s, base, start, end, src, t->line, why, why_len);
}

int cue_tracks_plan(const struct cue_sheet *sheet, const uint64_t *file_bytes,
		    struct sao_track_spec *spec, struct cue_track_source *src,
		    char *why, size_t why_len)
{
	if (sheet->failed || sheet->n_tracks == 0 || sheet->n_files == 0)
		return fail(why, why_len, 0, "the cue sheet has no tracks");
	uint64_t base[CUE_MAX_FILES + 1];
	base[0] = 0;
	for (size_t f = 0; f < sheet->n_files; f++) {
		if (file_bytes[f] % 4)
			return fail(why, why_len, sheet->file[f].line,
				    "\"%s\" is not whole stereo samples long",
				    sheet->file[f].name);
		base[f + 1] = base[f] + file_bytes[f];
	}
	for (size_t k = 0; k < sheet->n_tracks; k++) {
		int rc = plan_track(sheet, file_bytes, base, k, &spec[k],
				    &src[k], why, why_len);
		if (rc < 0)
			return rc;
	}
	return 0;
}
