/*
 * sao_job.h - the Session-At-Once burn engine: one job, run to the end
 * in the calling thread, with the same io, options, tracks and final
 * status as the Track-At-Once engine (burn_job.h); burn_job_run hands a
 * job with write_mode BURN_WRITE_SAO to it.
 *
 * The sequence (doc/engine.md, "Session-At-Once"): checks of the blank
 * disc and of the drive (feature 002Eh with SAO), SET CD SPEED, MODE
 * SELECT page 05h with write type 2, SEND CUE SHEET (mmc_cue_sheet.h,
 * from the layout of sao_layout.h), the CD-TEXT packs written into the
 * lead-in (data form 41h: 96-byte R-W sectors from the ATIP lead-in
 * start to LBA -150) when the disc has texts, then one WRITE(10) stream
 * from LBA -150 to the lead-out fed from the ring (sao_reader.h),
 * SYNCHRONIZE CACHE, after which the drive writes the lead-out and
 * closes the session itself.  Verification reads every track back at its
 * SAO address and compares it with the stream.
 */
#ifndef BURNFS_SAO_JOB_H
#define BURNFS_SAO_JOB_H

#include "burn_job.h"

/* R-W sub-channel sectors (96 bytes) per WRITE(10) in the lead-in. */
#define SAO_JOB_LEADIN_SECTORS 64

enum burn_state sao_job_run(const struct burn_job_io *io,
			    const struct burn_options *opts,
			    const struct burn_track *tracks, size_t n_tracks,
			    struct burn_status *final);

#endif
