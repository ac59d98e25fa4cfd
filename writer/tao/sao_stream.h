/*
 * sao_stream.h - the bytes of a Session-At-Once stream: what the host
 * writes from LBA -150 to the lead-out (sao_layout.h), taken from the
 * tracks' sources (a file's path/offset/length, or the spans of a track
 * whose audio lies in several files) where the layout's segments say so,
 * and zeros for its silence.  Sample-exact: a gapless join is the next
 * source's bytes right after the previous one's, within a sector.
 *
 * Used in order by the reader thread that fills the ring (sao_reader.h)
 * and at random by verification (the bytes a track's sectors should
 * hold).  Not thread-safe: one user per stream (it keeps a file open).
 */
#ifndef BURNFS_SAO_STREAM_H
#define BURNFS_SAO_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "recorder.h"
#include "sao_layout.h"

struct sao_stream;

/* The layout and tracks must outlive the stream.  NULL: out of memory. */
struct sao_stream *sao_stream_new(const struct sao_layout *l,
				  const struct burn_track *tracks, size_t n);
void sao_stream_free(struct sao_stream *s);

/*
 * Fills buf with len bytes of the stream from byte pos (counted from LBA
 * -150; bytes before 0 or past the lead-out read as zeros).  Returns 0,
 * or a negative errno with a sentence naming the track and file in err.
 */
int sao_stream_read(struct sao_stream *s, int64_t pos, void *buf, size_t len,
		    char *err, size_t err_len);

#endif
