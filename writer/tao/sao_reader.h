/*
 * sao_reader.h - the reader thread of a Session-At-Once burn: fills the
 * ring with the whole stream (sao_stream.h), LBA -150 to the lead-out,
 * in chunks of at most TRACK_READER_CHUNK bytes read straight into the
 * ring, then marks one boundary at its end and closes the ring.  The
 * Track-At-Once counterpart is track_reader.h; the ring's rules are the
 * same (ring.h).
 *
 * On a read error it aborts the ring with the errno and keeps the
 * stream's sentence; when the consumer aborts the ring it stops quietly.
 */
#ifndef BURNFS_SAO_READER_H
#define BURNFS_SAO_READER_H

#include <stddef.h>
#include <stdint.h>

#include "ring.h"
#include "sao_stream.h"

struct sao_reader;

/* The stream must stay valid until sao_reader_join; total is its length
 * in bytes.  Returns 0 or a negative errno (thread). */
int sao_reader_start(struct sao_reader **out, struct ring *ring,
		     struct sao_stream *stream, uint64_t total);

/* Waits for the thread and frees it; as track_reader_join. */
int sao_reader_join(struct sao_reader *r, char *err, size_t err_len);

#endif
