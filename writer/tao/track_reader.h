/*
 * track_reader.h - the reader thread that feeds the host buffer.
 *
 * For each track of a job, in order, it preads the PCM (offset, length)
 * from the track's file straight into the ring (ring_reserve and
 * ring_commit, at most TRACK_READER_CHUNK at a time), appends zeros up
 * to the padded length tao_track_sectors() gives (a whole sector, at
 * least 300 sectors), and marks the track boundary.  After the last
 * track it closes the ring.  The PCM is already little-endian CD-DA and
 * is copied unchanged.
 *
 * On a read error (or a file shorter than promised) it aborts the ring
 * with the errno and keeps a sentence saying which track and file failed;
 * when the consumer aborts the ring, it stops quietly.
 */
#ifndef BURNFS_TRACK_READER_H
#define BURNFS_TRACK_READER_H

#include <stddef.h>

#include "recorder.h"
#include "ring.h"

#define TRACK_READER_CHUNK (256u * 1024u)

struct track_reader;

/*
 * Starts the thread.  tracks must stay valid until track_reader_join.
 * Returns 0 or a negative errno (thread or memory), *out untouched then.
 */
int track_reader_start(struct track_reader **out, struct ring *ring,
		       const struct burn_track *tracks, size_t n_tracks);

/*
 * Waits for the thread and frees it.  Returns 0 when every track was
 * delivered, or the negative errno it failed with (with the sentence in
 * err, if err_len > 0); -ECANCELED when the consumer stopped it.
 */
int track_reader_join(struct track_reader *tr, char *err, size_t err_len);

#endif
