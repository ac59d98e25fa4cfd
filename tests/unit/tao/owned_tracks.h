/*
 * owned_tracks.h - recorder_commit takes ownership of its track list;
 * the tests keep theirs in static arrays and hand over a heap copy.
 */
#ifndef BURNFS_OWNED_TRACKS_H
#define BURNFS_OWNED_TRACKS_H

#include <stdlib.h>
#include <string.h>

#include "recorder.h"

static inline char *owned_str(const char *s)
{
	return s ? strdup(s) : NULL;
}

static inline struct burn_track *owned_tracks(const struct burn_track *src,
					      size_t n)
{
	struct burn_track *t = calloc(n ? n : 1, sizeof(*t));
	if (!t)
		abort();
	for (size_t i = 0; i < n; i++) {
		t[i] = src[i];
		t[i].name = owned_str(src[i].name);
		t[i].path = owned_str(src[i].path);
		t[i].title = owned_str(src[i].title);
		t[i].artist = owned_str(src[i].artist);
		t[i].songwriter = owned_str(src[i].songwriter);
		t[i].composer = owned_str(src[i].composer);
		if (src[i].n_spans) {
			t[i].spans =
			    calloc(src[i].n_spans, sizeof(*t[i].spans));
			if (!t[i].spans)
				abort();
			for (size_t k = 0; k < src[i].n_spans; k++) {
				t[i].spans[k] = src[i].spans[k];
				t[i].spans[k].path =
				    owned_str(src[i].spans[k].path);
			}
		}
	}
	return t;
}

#endif
