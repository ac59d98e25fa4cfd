/*
 * job_ring.h - the host buffer of a running burn and the reader thread
 * that fills it, as both engines use them (burn_job.c: track_reader.h,
 * one boundary a track; sao_job.c: sao_reader.h, the whole stream and one
 * boundary at its end): setting the ring up, starting and stopping the
 * reader, sending WRITE(10)s straight out of the ring, and the sentence
 * when the reader's side failed.  The ring, its bounce chunk and the
 * reader live in struct job_core (job_core.h); no lock: the job thread
 * owns them, and the ring has its own (ring.h).
 */
#ifndef BURNFS_JOB_RING_H
#define BURNFS_JOB_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "job_core.h"

/* The ring (io->ring_bytes) and a WRITE's bounce chunk; -ENOMEM (with
 * its sentence) when either cannot be had. */
int job_ring_new(struct job_core *c);

/* Takes a reader thread that started (rc 0; reader and join are kept in
 * c until it is joined), or fails the job with rc. */
int job_reader_started(struct job_core *c, int rc, void *reader,
		       job_reader_join_fn join);

/* Aborts the ring (ECANCELED) and joins the reader, when there are any. */
void job_stop_reader(struct job_core *c);

/* The reader's sentence (after joining it) when the ring failed with rc
 * on its side, or a timeout's; returns rc. */
int job_fail_reader(struct job_core *c, int rc);

/* job_write_from_ring's outcomes that are the data's, for the engine to
 * word: it ended before the sectors asked for, or went on past them. */
#define JOB_RING_SHORT 1
#define JOB_RING_NO_END 2

/*
 * Sends the next blocks sectors of the ring with WRITE(10) at lba and
 * counts them (job_wrote).  last: they end a stretch the reader ends with
 * a boundary (a track, the stream), which is then waited for.  *sent
 * (when not NULL) is set once a WRITE goes to the drive.  Returns 0, a
 * negative errno with its sentence (a failed WRITE is "track N"), or
 * JOB_RING_SHORT with *got the sectors there were, or JOB_RING_NO_END.
 */
int job_write_from_ring(struct job_core *c, int32_t lba, uint16_t blocks,
			bool last, bool *sent, uint64_t *got);

#endif
