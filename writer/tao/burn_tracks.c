/*
 * burn_tracks.c - the list of staged tracks as the writer takes it
 * (struct burn_track, recorder.h): freeing it, and its Track-At-Once
 * layout, the one computation of where the tracks go that the toc, the
 * commit checks and the engine share.
 */
#include "recorder.h"

#include <stdlib.h>

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
