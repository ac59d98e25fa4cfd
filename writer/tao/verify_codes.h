/*
 * verify_codes.h - the second half of verification: what the drive
 * reports in the Q sub-channel for the codes the burn asked for, the
 * disc's Media Catalog Number and each track's ISRC (READ SUB-CHANNEL,
 * mmc_subchannel.h), compared with what was asked for.  A drive that
 * cannot report them (READ SUB-CHANNEL refused) is not a failure: the
 * codes are then not checked, and the log says so.
 */
#ifndef BURNFS_VERIFY_CODES_H
#define BURNFS_VERIFY_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"

struct verify_codes_result {
	bool checked;  /* some code was asked for and the drive reports them */
	bool mismatch; /* a code differs; what is in `what` */
	char what[200];
};

/*
 * mcn: the MCN asked for ("" none); tracks[k].isrc the ISRC of the disc's
 * track first_track + k.  Logs one line per code checked.
 */
void verify_codes_run(struct scsi_transport *t, const char *mcn,
		      const struct burn_track *const *tracks, size_t n,
		      uint8_t first_track,
		      void (*log)(void *ctx, const char *line), void *ctx,
		      struct verify_codes_result *out);

#endif
