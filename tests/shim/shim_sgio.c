/*
 * shim_sgio.c - SG_IO and CDROM_SEND_PACKET answered by a scsi_transport,
 * with every output field filled the way the Linux kernel fills it
 * (drivers/scsi/scsi_ioctl.c): the program cannot tell the virtual
 * recorder from a drive on the other side of the ioctl.  This is the
 * mirror image of writer/sg/sg_map.c, and the unit test checks the two
 * against each other.
 */
#include <errno.h>
#include <linux/cdrom.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shim.h"

#ifndef SG_DXFER_UNKNOWN
#define SG_DXFER_UNKNOWN (-5) /* as in the kernel's <scsi/sg.h> */
#endif

#define DRIVER_SENSE_BYTE 0x08
#define HOST_ERROR 0x07
#define HOST_TIME_OUT 0x03
#define HOST_NO_CONNECT 0x01

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int shim_run(struct scsi_transport *t, const uint8_t *cdb, size_t cdb_len,
	     void *buf, size_t len, size_t *got)
{
	struct scsi_cmd c;
	struct scsi_result r;
	memset(&c, 0, sizeof(c));
	memcpy(c.cdb, cdb, cdb_len);
	c.cdb_len = (uint8_t)cdb_len;
	c.dir = len ? SCSI_DIR_FROM_DEVICE : SCSI_DIR_NONE;
	c.data = len ? buf : NULL;
	c.data_len = len;
	if (got)
		*got = 0;
	if (scsi_execute(t, &c, &r) != 0)
		return -1;
	if (got)
		*got = len - (r.resid < len ? r.resid : len);
	if (r.status == SCSI_STATUS_GOOD)
		return 0;
	if (r.sense_len >= 14 && (r.sense[0] & 0x7e) == 0x70)
		return (r.sense[2] & 0x0f) << 16 | r.sense[12] << 8 |
		       r.sense[13];
	if (r.sense_len >= 4 && (r.sense[0] & 0x7e) == 0x72)
		return (r.sense[1] & 0x0f) << 16 | r.sense[2] << 8 | r.sense[3];
	return 0x0b0000; /* no sense: ABORTED COMMAND */
}

/* Gathers (to device) or scatters (from device) an sg_iovec list. */
static int iov_copy(const sg_iovec_t *iov, unsigned n, uint8_t *flat,
		    size_t len, bool to_flat)
{
	size_t off = 0;
	for (unsigned i = 0; i < n && off < len; i++) {
		size_t chunk = iov[i].iov_len;
		if (chunk > len - off)
			chunk = len - off;
		if (chunk && !iov[i].iov_base)
			return -EFAULT;
		if (to_flat)
			memcpy(flat + off, iov[i].iov_base, chunk);
		else
			memcpy(iov[i].iov_base, flat + off, chunk);
		off += chunk;
	}
	return 0;
}

int shim_sg_io(struct scsi_transport *t, void *arg)
{
	struct sg_io_hdr *h = arg;
	if (!h)
		return -EFAULT;
	if (h->interface_id != 'S')
		return -EINVAL;
	if (h->cmd_len < 6 || h->cmd_len > SCSI_CDB_MAX)
		return -EMSGSIZE;
	if (!h->cmdp)
		return -EFAULT;
	if (h->dxfer_len > SHIM_MAX_XFER)
		return -EIO;

	/*
	 * As the kernel's sg_io(): the direction is looked at only when
	 * there is data to move, so a command without data may carry any
	 * value there (cdrdao leaves it 0).
	 */
	enum scsi_direction dir = SCSI_DIR_NONE;
	size_t len = h->dxfer_len;
	if (len) {
		switch (h->dxfer_direction) {
		case SG_DXFER_NONE:
			len = 0;
			break;
		case SG_DXFER_TO_DEV:
			dir = SCSI_DIR_TO_DEVICE;
			break;
		case SG_DXFER_FROM_DEV:
		case SG_DXFER_TO_FROM_DEV:
		case SG_DXFER_UNKNOWN:
			dir = SCSI_DIR_FROM_DEVICE;
			break;
		default:
			return -EINVAL;
		}
	}

	uint8_t *flat = NULL;
	void *data = h->dxferp;
	if (len && h->iovec_count) {
		flat = calloc(1, len);
		if (!flat)
			return -ENOMEM;
		if (dir == SCSI_DIR_TO_DEVICE &&
		    iov_copy(h->dxferp, h->iovec_count, flat, len, true)) {
			free(flat);
			return -EFAULT;
		}
		data = flat;
	} else if (len && !data) {
		return -EFAULT;
	}

	struct scsi_cmd c;
	struct scsi_result r;
	memset(&c, 0, sizeof(c));
	memcpy(c.cdb, h->cmdp, h->cmd_len);
	c.cdb_len = h->cmd_len;
	c.dir = dir;
	c.data = len ? data : NULL;
	c.data_len = len;
	c.timeout_ms = h->timeout;

	double start = now_ms();
	int e = scsi_execute(t, &c, &r);
	double took = now_ms() - start;

	h->status = 0;
	h->masked_status = 0;
	h->msg_status = 0;
	h->host_status = 0;
	h->driver_status = 0;
	h->sb_len_wr = 0;
	h->resid = (int)h->dxfer_len;
	h->duration = took > 0 ? (unsigned)took : 0;
	if (e) {
		h->host_status = e == ETIMEDOUT ? HOST_TIME_OUT
				 : e == ENODEV	? HOST_NO_CONNECT
						: HOST_ERROR;
	} else {
		h->status = r.status;
		h->masked_status = (r.status >> 1) & 0x7f;
		if (r.status == SCSI_STATUS_CHECK_CONDITION)
			h->driver_status = DRIVER_SENSE_BYTE;
		if (r.sense_len && h->sbp && h->mx_sb_len) {
			unsigned n = r.sense_len < h->mx_sb_len ? r.sense_len
								: h->mx_sb_len;
			memcpy(h->sbp, r.sense, n);
			h->sb_len_wr = (unsigned char)n;
		}
		size_t resid = r.resid < len ? r.resid : len;
		h->resid = (int)(h->dxfer_len - (len - resid));
		if (flat && dir == SCSI_DIR_FROM_DEVICE &&
		    iov_copy(h->dxferp, h->iovec_count, flat, len - resid,
			     false)) {
			free(flat);
			return -EFAULT;
		}
	}
	free(flat);
	h->info = 0;
	if (h->masked_status || h->host_status || h->driver_status)
		h->info |= SG_INFO_CHECK;
	return 0;
}

int shim_send_packet(struct scsi_transport *t, void *arg)
{
	/* As scsi_cdrom_send_packet(): a 12-byte SG_IO whose sense goes to
	 * cgc->sense; stat is 0 or -EIO, buflen the residual count. */
	struct cdrom_generic_command *cgc = arg;
	if (!cgc)
		return -EFAULT;
	struct sg_io_hdr h;
	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.cmd_len = CDROM_PACKET_SIZE;
	h.cmdp = cgc->cmd;
	h.dxfer_len = cgc->buflen;
	h.dxferp = cgc->buffer;
	switch (cgc->data_direction) {
	case CGC_DATA_UNKNOWN:
		h.dxfer_direction = SG_DXFER_UNKNOWN;
		break;
	case CGC_DATA_WRITE:
		h.dxfer_direction = SG_DXFER_TO_DEV;
		break;
	case CGC_DATA_READ:
		h.dxfer_direction = SG_DXFER_FROM_DEV;
		break;
	case CGC_DATA_NONE:
		h.dxfer_direction = SG_DXFER_NONE;
		break;
	default:
		return -EINVAL;
	}
	h.sbp = (unsigned char *)cgc->sense;
	if (h.sbp)
		h.mx_sb_len = sizeof(struct request_sense);
	h.timeout = cgc->timeout > 0 ? (unsigned)cgc->timeout * 10 : 0;
	int err = shim_sg_io(t, &h);
	if (err == -EFAULT)
		return err;
	if (err == 0 && (h.status || h.host_status))
		err = -EIO;
	cgc->stat = err;
	cgc->buflen = (unsigned)h.resid;
	return err;
}
