/*
 * verify_session.h - the last part of verifying a Session-At-Once burn:
 * what the lead-in and the Q sub-channel carry besides the audio.  The
 * CD-TEXT the drive reads back (READ TOC/PMA/ATIP format 5) is compared
 * with the packs written (verify_cdtext.h); every index point of the
 * layout is looked up in the Q sub-channel read with READ CD
 * (mmc_subq.h, verify_index.h): a window of sectors around the expected
 * LBA, and, when the point is not in it, a binary search of the disc for
 * where it is.  A drive that cannot report one of them (the command
 * refused, or no position in its Q) is not a failure: that part is not
 * checked, and the log says so.
 */
#ifndef BURNFS_VERIFY_SESSION_H
#define BURNFS_VERIFY_SESSION_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sao_layout.h"
#include "scsi.h"

struct verify_session_result {
	bool cdtext_checked; /* packs were written and the drive reports */
	bool index_checked;  /* the drive returns Q positions */
	unsigned index_points;
	bool mismatch; /* something differs; the first in `what` */
	char what[240];
};

/*
 * packs (n_packs of 18 bytes; none: no CD-TEXT was written, and none is
 * looked for) and lay (NULL: no index points to check) describe what was
 * written; cancel
 * (may be NULL) is polled between reads.  Logs one line per difference
 * ("verify: CD-TEXT: the TITLE of track 2 reads back as ...", "verify:
 * track 2 INDEX 01 expected at LBA 15250, found at LBA 15260") and one
 * per part that matches.
 */
void verify_session_run(struct scsi_transport *t, const uint8_t *packs,
			size_t n_packs, const struct sao_layout *lay,
			atomic_bool *cancel,
			void (*log)(void *ctx, const char *line), void *ctx,
			struct verify_session_result *out);

#endif
