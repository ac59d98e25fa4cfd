/*
 * vrec_fault.h - faults of the virtual recorder: the drive misbehaving on
 * purpose, as configured by the fault keys of the spec (struct
 * vrec_faults in vrec.h): a write error, the medium removed mid-burn, a
 * long write in progress for many polls, a command that never completes,
 * a short answer, and power lost mid-burn.  Also the other half of power
 * loss: at open, sectors in IMAGE.bin beyond the next writable address
 * were written by a track that was never ended, and become a damaged
 * track, as on a real disc.
 *
 * The dispatcher (vrec.c) asks vrec_fault_before() whether a fault
 * answers a command instead of the drive, and lets vrec_fault_after()
 * change an answer.  Used only inside writer/virtual/.
 */
#ifndef BURNFS_VREC_FAULT_H
#define BURNFS_VREC_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi.h"

struct vrec;

/* What has happened so far (the configuration is in vrec->cfg.faults). */
struct vrec_fault_state {
	bool write_failed; /* fail_write_at has fired (once) */
	bool hung;	   /* hang_at has fired (once) */
	bool removed;	   /* the medium is out: 02/3A/00 until a load */
	bool remove_done;  /* remove_at has fired (once) */
	bool power_lost;   /* no more answers, ever */
};

/* True when the WRITE(10) CDB's sectors include lba (pure). */
bool vrec_fault_write_covers(const uint8_t *cdb, int32_t lba);

/*
 * Called before the command runs.  Returns true when a fault answers it
 * instead of the drive: with a transport error (*transport_errno != 0,
 * no status) or with *vsense (0: GOOD, no data).
 */
bool vrec_fault_before(struct vrec *v, const struct scsi_cmd *c, int *vsense,
		       int *transport_errno);
/* Called after the drive answered with vsense and *xfer bytes of data:
 * the busy period after WRITE / SYNCHRONIZE CACHE, short answers. */
void vrec_fault_after(struct vrec *v, const struct scsi_cmd *c, int vsense,
		      size_t *xfer);
/* The medium was taken out by remove_at and not loaded again. */
bool vrec_fault_medium_removed(const struct vrec *v);
/*
 * At open: when IMAGE.bin holds whole sectors at and after the next
 * writable address, the process that wrote them stopped (power loss,
 * SIGKILL) before the track was ended.  They are recorded as a damaged
 * track of the open session.  Returns 0 or a negative errno.
 */
int vrec_fault_recover(struct vrec *v);

#endif
