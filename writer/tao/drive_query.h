/*
 * drive_query.h - what the drive is and what disc is in it, read through
 * the MMC layer into the recorder's struct drive_info / struct media_info.
 *
 *   drive: INQUIRY, GET CONFIGURATION (profiles, feature 002Dh), MODE
 *          SENSE page 2Ah (capabilities, buffer, write speeds); the
 *          feature list, mode pages and GET PERFORMANCE (drive_caps.h)
 *   media: TEST UNIT READY, GET CONFIGURATION (current profile), READ
 *          DISC INFORMATION, READ TOC (formatted), READ TRACK INFORMATION
 *          per track and of the invisible track, READ TOC format 4 (ATIP)
 *
 * Used by recorder.c (queries, commit checks) and after every burn.  The
 * caller owns the transport for the duration of the call.
 */
#ifndef BURNFS_DRIVE_QUERY_H
#define BURNFS_DRIVE_QUERY_H

#include "mmc.h"
#include "recorder.h"

/* Returns 0 or a negative errno with *err filled. */
int drive_query_info(struct scsi_transport *t, struct drive_info *out,
		     struct mmc_error *err);

/*
 * Returns 0 (an empty drive is MEDIA_NONE) or a negative errno with *err
 * filled when the drive could not be asked.
 */
int drive_query_media(struct scsi_transport *t, struct media_info *out,
		      struct mmc_error *err);

/* MEDIA_* from a GET CONFIGURATION current profile. */
enum media_type drive_query_media_type(uint16_t profile);
/* MEDIA_STATE_* from READ DISC INFORMATION. */
enum media_state drive_query_media_state(const struct mmc_disc_information *di);

#endif
