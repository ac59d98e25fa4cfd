/*
 * sao_tracks.c - the staged tracks (struct burn_track, recorder.h) as
 * the Session-At-Once layout sees them: one sao_track_spec per track,
 * planned with sao_layout_plan (writer/cd), the one computation of an
 * SAO disc that the toc, the commit checks and the SAO engine share;
 * and which tracks only SAO can write.
 */
#include "recorder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msf.h"
#include "sao_layout.h"

int burn_tracks_sao_layout(const struct burn_track *tracks, size_t n,
			   struct sao_layout **out, char *why, size_t why_len)
{
	*out = NULL;
	if (n == 0 || n > CD_MAX_TRACKS) {
		snprintf(why, why_len, "an SAO session holds 1 to %d tracks",
			 CD_MAX_TRACKS);
		return -EINVAL;
	}
	struct sao_track_spec *spec = calloc(n, sizeof(*spec));
	struct sao_layout *l = malloc(sizeof(*l));
	if (!spec || !l) {
		free(spec);
		free(l);
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct burn_track *t = &tracks[i];
		uint64_t pregap_bytes =
		    t->pregap_audio ? (uint64_t)t->pregap * CD_SECTOR_BYTES : 0;
		if (t->length <= pregap_bytes || t->length % 4) {
			snprintf(why, why_len,
				 "track %zu (%s): %llu bytes of audio do not "
				 "make a track after its %u-sector pregap",
				 i + 1, t->name ? t->name : "?",
				 (unsigned long long)t->length, t->pregap);
			rc = -EINVAL;
			break;
		}
		spec[i].pcm_bytes = t->length - pregap_bytes;
		spec[i].pregap = t->pregap;
		spec[i].pregap_audio = t->pregap_audio;
		spec[i].postgap = t->postgap;
		spec[i].n_index = t->n_index;
		memcpy(spec[i].index, t->index,
		       sizeof(spec[i].index[0]) * t->n_index);
	}
	if (rc == 0)
		rc = sao_layout_plan(spec, n, l, why, why_len);
	free(spec);
	if (rc < 0) {
		free(l);
		return rc;
	}
	*out = l;
	return 0;
}

bool burn_tracks_need_sao(const struct burn_track *tracks, size_t n, char *why,
			  size_t why_len)
{
	for (size_t i = 0; i < n; i++) {
		const struct burn_track *t = &tracks[i];
		const char *what = NULL;
		bool big_endian = false;
		for (size_t k = 0; k < t->n_spans; k++)
			big_endian = big_endian || t->spans[k].big_endian;
		if (t->n_spans > 1)
			what = "its audio lies in several files";
		else if (big_endian)
			what = "its audio is big-endian raw audio (a cue "
			       "sheet's MOTOROLA file)";
		else if (t->pregap_audio)
			what = "its pregap holds audio";
		else if (i == 0 && t->pregap)
			what = "it has audio before INDEX 01";
		else if (i > 0 && t->pregap_given &&
			 t->pregap != CD_PREGAP_SECTORS)
			what = t->pregap ? "its pregap is not 2 s of silence"
					 : "it follows the previous one "
					   "without a gap";
		else if (t->postgap)
			what = "it has a postgap";
		else if (t->n_index)
			what = "it has index points";
		if (what) {
			snprintf(why, why_len, "track %zu (%s): %s", i + 1,
				 t->name ? t->name : "?", what);
			return true;
		}
	}
	return false;
}
