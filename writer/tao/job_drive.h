/*
 * job_drive.h - the MMC steps both burn engines (burn_job.c, sao_job.c)
 * take the same way on the drive, each ending the job with a sentence
 * in last_error when it fails (job_fail, job_fail_mmc): waiting for the
 * drive and reading the disc, the profile of the disc in it, locking the
 * tray and setting the write speed, the Write Parameters page as the
 * drive has it and the fields every audio burn sets in it, SYNCHRONIZE
 * CACHE at the end of a stretch of writing, and the best-effort steps
 * after a failure or cancel.  The job thread's alone, like job_core.
 */
#ifndef BURNFS_JOB_DRIVE_H
#define BURNFS_JOB_DRIVE_H

#include <stdint.h>

#include "job_core.h"
#include "mmc.h"

/* Waits until the drive is ready and reads the disc information into
 * *di; a closed disc is refused (EROFS). */
int job_read_disc(struct job_core *c, struct mmc_disc_information *di);

/* Reads the drive's configuration into c->conf; a disc that is not a
 * CD-R or CD-RW is refused (EMEDIUMTYPE). */
int job_read_configuration(struct job_core *c);

/* PREVENT MEDIUM REMOVAL (c->prevented), then SET CD SPEED to the job's
 * write speed; a speed the drive refuses is logged, not a failure. */
int job_lock_tray_and_set_speed(struct job_core *c);

/* ALLOW MEDIUM REMOVAL when the job locked the tray; best effort. */
void job_unlock_tray(struct job_core *c);

/* The Write Parameters page (05h) as the drive reports it, with a page
 * length of 32h when the drive gives none. */
int job_read_write_parameters(struct job_core *c,
			      struct mmc_write_parameters *wp);

/* Sets in wp what an audio burn of either engine sets: write_type, the
 * job's test write and buffer underrun protection, the pause length and
 * zeros for the fields that are not audio's.  multi_session, track_mode,
 * MCN and ISRC are the engine's. */
void job_audio_write_parameters(const struct job_core *c,
				struct mmc_write_parameters *wp,
				uint8_t write_type);

/* SYNCHRONIZE CACHE and the wait for the drive (at most timeout_ms, see
 * job_wait_ms): everything sent is burnt (job_drained).  where names the
 * step in the failure's sentence. */
int job_flush(struct job_core *c, unsigned timeout_ms, const char *where);

/* After a failure or cancel, SYNCHRONIZE CACHE on what the drive has
 * recorded; best effort: a failure is logged as "<what> failed: ...". */
void job_end_interrupted(struct job_core *c, const char *what);

#endif
