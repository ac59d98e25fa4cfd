/*
 * recorder_claim.h - exclusive use of a recorder's transport for a long
 * action that is not a burn job (blanking), for writer/tao/ only.
 *
 * recorder_claim marks the recorder busy exactly as a job does (commit,
 * eject and other claims get -EBUSY; queries answer from the media
 * snapshot taken at the claim) and hands out the transport, which the
 * claimer then owns until recorder_release.  Status changes go through
 * recorder_claim_publish so that status readers and pollers see them.
 */
#ifndef BURNFS_RECORDER_CLAIM_H
#define BURNFS_RECORDER_CLAIM_H

#include "recorder.h"

/* Sets the status to *st and claims; NULL when a job or claim runs. */
struct scsi_transport *recorder_claim(struct recorder *r,
				      const struct burn_status *st);
/* The media snapshot taken at the claim. */
void recorder_claim_media(struct recorder *r, struct media_info *out);
/* Replaces the status and sends a PROGRESS event. */
void recorder_claim_publish(struct recorder *r, const struct burn_status *st);
/* A LOG event. */
void recorder_claim_log(struct recorder *r, const char *line);
/* Reads the disc again, sets the final status, ends the claim. */
void recorder_release(struct recorder *r, const struct burn_status *final);

#endif
