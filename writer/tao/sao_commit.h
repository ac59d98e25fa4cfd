/*
 * sao_commit.h - the commit checks of a Session-At-Once burn, run by
 * recorder_commit (recorder_jobs.c) before the laser turns on, on the
 * drive and media descriptions it has just read: the drive writes SAO
 * (feature 002Eh with its SAO bit), the disc is blank, the session is
 * closed (keep_session_open refused), the tracks make a valid SAO layout
 * that fits the disc with at most 99 tracks.  Pure.
 */
#ifndef BURNFS_SAO_COMMIT_H
#define BURNFS_SAO_COMMIT_H

#include <stddef.h>
#include <stdint.h>

#include "recorder.h"

/*
 * Returns 0 with *total the sectors the host writes (LBA -150 to the
 * lead-out), or -ENOTSUP, -EROFS, -EINVAL, -ENOSPC, -ENODATA, -ENOMEM
 * with a sentence for the log in why ("commit: ...").
 */
int sao_commit_check(const struct drive_info *d, const struct media_info *m,
		     const struct burn_options *o,
		     const struct burn_track *tracks, size_t n, uint64_t *total,
		     char *why, size_t why_len);

#endif
