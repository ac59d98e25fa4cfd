/*
 * vrec_cmd.h - the command handlers of the virtual recorder that live
 * outside the dispatcher (vrec.c), one file per group of commands:
 *   vrec_record.c  WRITE(10), SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, BLANK
 *   vrec_read.c    READ(10), READ CD, READ CD MSF
 *   vrec_play.c    PLAY AUDIO(10) / MSF, PAUSE/RESUME, STOP PLAY/SCAN,
 *                  READ SUB-CHANNEL
 * Each returns 0 (GOOD) or a VSENSE code; *xfer is the number of data
 * bytes actually transferred.  Only vrec.c calls them.
 */
#ifndef BURNFS_VREC_CMD_H
#define BURNFS_VREC_CMD_H

#include <stddef.h>

#include "scsi.h"

struct vrec;

int vrec_cmd_write10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer);
int vrec_cmd_synchronize_cache(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_close_track_session(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_blank(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_read10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer);
int vrec_cmd_read_cd(struct vrec *v, const struct scsi_cmd *c, size_t *xfer);
int vrec_cmd_read_cd_msf(struct vrec *v, const struct scsi_cmd *c,
			 size_t *xfer);
int vrec_cmd_play_audio10(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_play_audio_msf(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_pause_resume(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_stop_play_scan(struct vrec *v, const struct scsi_cmd *c);
int vrec_cmd_read_subchannel(struct vrec *v, const struct scsi_cmd *c,
			     size_t *xfer);

#endif
