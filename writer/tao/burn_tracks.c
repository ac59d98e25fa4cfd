/*
 * burn_tracks.c - the list of staged tracks as the writer takes it
 * (struct burn_track, recorder.h): freeing it, and its Track-At-Once
 * layout, the one computation of where the tracks go that the toc, the
 * commit checks and the engine share; the MCN the tracks ask for.
 */
#include "recorder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tao_layout.h"

void burn_tracks_free(struct burn_track *tracks, size_t n)
{
	if (!tracks)
		return;
	for (size_t i = 0; i < n; i++) {
		free(tracks[i].name);
		free(tracks[i].path);
		free(tracks[i].title);
		free(tracks[i].artist);
		free(tracks[i].songwriter);
		free(tracks[i].composer);
		free(tracks[i].album);
		free(tracks[i].album_artist);
		for (size_t k = 0; k < tracks[i].n_spans; k++)
			free(tracks[i].spans[k].path);
		free(tracks[i].spans);
	}
	free(tracks);
}

struct tao_layout *burn_tracks_layout(int32_t nwa,
				      const struct burn_track *tracks, size_t n)
{
	struct tao_layout *l = tao_layout_alloc(n);
	if (!l)
		return NULL;
	for (size_t i = 0; i < n; i++)
		l->sectors[i] = tao_track_sectors(tracks[i].length);
	tao_layout_plan(l, nwa);
	return l;
}

int burn_tracks_mcn(const struct burn_track *tracks, size_t n, const char *mcn,
		    char out[14], char *why, size_t why_len)
{
	const struct burn_track *from = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct burn_track *t = &tracks[i];
		if (!t->catalog[0])
			continue;
		if (from && strcmp(from->catalog, t->catalog) != 0) {
			snprintf(why, why_len,
				 "commit: %s has the catalog number (MCN) %s "
				 "and %s has %s; a disc has one: burn them "
				 "apart, or set the one to burn with echo "
				 "NUMBER > mcn",
				 from->name ? from->name : "?", from->catalog,
				 t->name ? t->name : "?", t->catalog);
			return -EINVAL;
		}
		from = from ? from : t;
	}
	if (mcn && mcn[0]) {
		if (from && strcmp(mcn, from->catalog) != 0) {
			snprintf(why, why_len,
				 "commit: mcn is %s, but %s has the catalog "
				 "number (CATALOG) %s, and a disc has one MCN; "
				 "nothing was written: echo > mcn to burn the "
				 "album's, or take CATALOG out of its cue "
				 "sheet to burn %s",
				 mcn, from->name ? from->name : "?",
				 from->catalog, mcn);
			return -EINVAL;
		}
		snprintf(out, 14, "%s", mcn);
	} else {
		snprintf(out, 14, "%s", from ? from->catalog : "");
	}
	return 0;
}
