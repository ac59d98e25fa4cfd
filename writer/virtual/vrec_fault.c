/*
 * vrec_fault.c - the faults of the virtual recorder (see vrec_fault.h and
 * doc/virtual-recorder.md, "Faults").
 *
 * Each LBA fault fires on the first WRITE(10) whose sectors include the
 * LBA.  What each leaves behind:
 *   fail_write_at  03/0C/00, nothing of that WRITE is stored; the track
 *                  stays open (the host ends it with SYNCHRONIZE CACHE).
 *   remove_at      02/3A/00; the open track is broken off where the data
 *                  stopped (a damaged track); every media command and TEST
 *                  UNIT READY answer 02/3A/00 until START STOP UNIT loads
 *                  the disc again, then 06/28/00 once.
 *   hang_at        the command never completes: instead of blocking for
 *                  the command's timeout, the transport reports ETIMEDOUT
 *                  at once (what SG_IO reports after the timeout).  The
 *                  drive answers the next command normally.
 *   power_loss_at  the sectors of that WRITE before the LBA reach the
 *                  disc, then the drive is gone: every command fails with
 *                  ENODEV.  IMAGE.state is not touched, as the drive
 *                  could not write anything more; the next open finds the
 *                  sectors past the NWA and records a damaged track.
 * busy_polls=N: after each WRITE(10) and SYNCHRONIZE CACHE, N answers of
 * 02/04/08 (long write in progress) to media commands and TEST UNIT READY.
 * short_data=OP: every GOOD answer to opcode OP carries at most 2 bytes.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_device.h"
#include "vrec_fault.h"

#define SHORT_DATA_BYTES 2
#define BUSY_SECONDS 3600.0

bool vrec_fault_write_covers(const uint8_t *cdb, int32_t lba)
{
	if (cdb[0] != MMC_WRITE10)
		return false;
	int64_t first = (int32_t)get_be32(cdb + 2);
	int64_t n = get_be16(cdb + 7);
	return lba >= first && lba < first + n;
}

static bool armed(const struct vrec *v, unsigned kind)
{
	return (v->cfg.faults.armed & kind) != 0;
}

bool vrec_fault_medium_removed(const struct vrec *v)
{
	return v->fault.removed;
}

/* Stores sectors [first, upto) of a WRITE's data in IMAGE.bin. */
static void store_before(struct vrec *v, const struct scsi_cmd *c, int32_t upto)
{
	int32_t first = (int32_t)get_be32(c->cdb + 2);
	if (v->sim_active || !c->data || upto <= first)
		return;
	size_t len = (size_t)(upto - first) * CD_SECTOR_BYTES;
	if (len <= c->data_len)
		vrec_store(v, c->data, len, first);
}

static bool start_stop_while_removed(struct vrec *v, const struct scsi_cmd *c,
				     int *vsense)
{
	bool loej = c->cdb[4] & 0x02, start = c->cdb[4] & 0x01;
	if (!loej)
		return false;
	if (start) { /* the disc goes back in */
		v->fault.removed = false;
		v->tray_open = false;
		v->ua_pending = true;
		v->media_event = 2; /* new media */
	}
	*vsense = 0;
	return true;
}

/* IMAGE.bin unlinked under the recorder (a disc image has no other
 * name): what a burn writes would vanish with the last descriptor. */
static bool image_deleted(const struct vrec *v)
{
	struct stat st;
	return v->bin_fd >= 0 && !v->tray_open && fstat(v->bin_fd, &st) == 0 &&
	       st.st_nlink == 0;
}

bool vrec_fault_before(struct vrec *v, const struct scsi_cmd *c, int *vsense,
		       int *transport_errno)
{
	const struct vrec_faults *f = &v->cfg.faults;
	*vsense = 0;
	*transport_errno = 0;
	if (v->fault.power_lost) {
		*transport_errno = ENODEV;
		return true;
	}
	if (!v->fault.removed && image_deleted(v)) {
		/* The disc's file is gone: for the drive, the disc is. */
		v->fault.removed = true;
		vrec_log(v,
			 "%s was deleted: the disc is gone, as if taken out "
			 "of the drive",
			 v->bin_path);
		vrec_stop_recording(v, VREC_STOP_BREAK);
		*vsense = VS_NO_MEDIUM;
		return true;
	}
	if (v->fault.removed && c->cdb[0] == MMC_START_STOP_UNIT)
		return start_stop_while_removed(v, c, vsense);
	if (c->cdb[0] != MMC_WRITE10 || v->fault.removed)
		return false;
	if (armed(v, VREC_FAULT_POWER) &&
	    vrec_fault_write_covers(c->cdb, f->power_loss_at)) {
		store_before(v, c, f->power_loss_at);
		v->fault.power_lost = true;
		vrec_log(v, "power lost at LBA %d", (int)f->power_loss_at);
		*transport_errno = ENODEV;
		return true;
	}
	if (armed(v, VREC_FAULT_HANG) && !v->fault.hung &&
	    vrec_fault_write_covers(c->cdb, f->hang_at)) {
		v->fault.hung = true;
		vrec_log(v, "WRITE(10) covering LBA %d does not complete",
			 (int)f->hang_at);
		*transport_errno = ETIMEDOUT;
		return true;
	}
	if (armed(v, VREC_FAULT_REMOVE) && !v->fault.remove_done &&
	    vrec_fault_write_covers(c->cdb, f->remove_at)) {
		v->fault.remove_done = true;
		v->fault.removed = true;
		vrec_log(v, "medium removed at LBA %d", (int)f->remove_at);
		vrec_stop_recording(v, VREC_STOP_BREAK);
		*vsense = VS_NO_MEDIUM;
		return true;
	}
	if (armed(v, VREC_FAULT_FAIL_WRITE) && !v->fault.write_failed &&
	    vrec_fault_write_covers(c->cdb, f->fail_write_at)) {
		v->fault.write_failed = true;
		*vsense = VS_WRITE_ERROR;
		return true;
	}
	return false;
}

void vrec_fault_after(struct vrec *v, const struct scsi_cmd *c, int vsense,
		      size_t *xfer)
{
	const struct vrec_faults *f = &v->cfg.faults;
	if (vsense)
		return;
	uint8_t op = c->cdb[0];
	if (armed(v, VREC_FAULT_BUSY) && !v->busy &&
	    (op == MMC_WRITE10 || op == MMC_SYNCHRONIZE_CACHE))
		vrec_set_busy(v, BUSY_SECONDS, f->busy_polls);
	if (armed(v, VREC_FAULT_SHORT) && op == f->short_data_op &&
	    *xfer > SHORT_DATA_BYTES)
		*xfer = SHORT_DATA_BYTES;
}

int vrec_fault_recover(struct vrec *v)
{
	struct vrec_disc *d = &v->disc;
	if (!vdisc_writable(d) || d->track_open)
		return 0;
	struct stat st;
	if (fstat(v->bin_fd, &st) < 0)
		return -errno;
	int32_t nwa = vdisc_nwa(d);
	int64_t sectors = (int64_t)st.st_size / CD_SECTOR_BYTES;
	if (nwa < 0 || sectors <= nwa)
		return 0;
	uint32_t n = (uint32_t)(sectors - nwa);
	if (vdisc_open_track(d, 0, "", "") < 0) {
		vrec_log(v,
			 "%u sectors at LBA %d were never ended as a "
			 "track, and the disc has no room for one more",
			 n, (int)nwa);
		return 0;
	}
	vdisc_append(d, n);
	d->tracks[d->ntracks - 1].damaged = true;
	d->track_open = false;
	vrec_log(v,
		 "track %u at LBA %d was broken off after %u sectors; it is "
		 "kept as a damaged track",
		 d->ntracks, (int)nwa, n);
	return vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE);
}
