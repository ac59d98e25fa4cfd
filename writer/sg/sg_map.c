/*
 * sg_map.c - struct scsi_cmd -> sg_io_hdr, and sg_io_hdr -> struct
 * scsi_result (see sg_map.h).
 */
#include "sg_map.h"

#include "unconst.h"

#include <errno.h>
#include <string.h>

void sg_build_request(struct sg_io_hdr *hdr, const struct scsi_cmd *cmd,
		      unsigned char *sense_buf)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->interface_id = 'S';
	switch (cmd->dir) {
	case SCSI_DIR_FROM_DEVICE:
		hdr->dxfer_direction = SG_DXFER_FROM_DEV;
		break;
	case SCSI_DIR_TO_DEVICE:
		hdr->dxfer_direction = SG_DXFER_TO_DEV;
		break;
	default:
		hdr->dxfer_direction = SG_DXFER_NONE;
		break;
	}
	hdr->cmd_len = cmd->cdb_len;
	hdr->cmdp = unconst(cmd->cdb);
	hdr->dxferp = cmd->dir == SCSI_DIR_NONE ? NULL : cmd->data;
	hdr->dxfer_len =
	    cmd->dir == SCSI_DIR_NONE ? 0 : (unsigned int)cmd->data_len;
	hdr->mx_sb_len = SCSI_SENSE_MAX;
	hdr->sbp = sense_buf;
	hdr->timeout =
	    cmd->timeout_ms ? cmd->timeout_ms : SG_DEFAULT_TIMEOUT_MS;
}

/* errno for a host byte that means the command did not complete. */
static int host_status_errno(unsigned host)
{
	switch (host) {
	case SG_HOST_OK:
		return 0;
	case SG_HOST_TIME_OUT:
		return ETIMEDOUT;
	case SG_HOST_NO_CONNECT:
	case SG_HOST_BAD_TARGET:
		return ENODEV;
	case SG_HOST_BUS_BUSY:
	case SG_HOST_RESET:
	case SG_HOST_TRANSPORT_DISRUPTED:
		return EAGAIN;
	default:
		return EIO;
	}
}

int sg_interpret_result(const struct sg_io_hdr *hdr, int ioctl_errno,
			size_t data_len, struct scsi_result *res)
{
	memset(res, 0, sizeof(*res));
	res->resid = data_len;
	if (ioctl_errno) {
		res->transport_errno =
		    ioctl_errno == ENXIO ? ENODEV : ioctl_errno;
		return res->transport_errno;
	}
	int err = host_status_errno(hdr->host_status);
	unsigned driver = hdr->driver_status & 0x0f;
	if (!err && driver == SG_DRIVER_TIMEOUT)
		err = ETIMEDOUT;
	else if (!err && driver != SG_DRIVER_OK && driver != SG_DRIVER_SENSE)
		err = EIO;
	if (err) {
		res->transport_errno = err;
		return err;
	}
	res->status = hdr->status;
	/* Sense may arrive with DRIVER_SENSE even if status reads GOOD. */
	if (hdr->sb_len_wr > 0) {
		size_t n = hdr->sb_len_wr;
		if (n > SCSI_SENSE_MAX)
			n = SCSI_SENSE_MAX;
		memcpy(res->sense, hdr->sbp, n);
		res->sense_len = (uint8_t)n;
		if (res->status == SCSI_STATUS_GOOD)
			res->status = SCSI_STATUS_CHECK_CONDITION;
	} else if (res->status == SCSI_STATUS_CHECK_CONDITION) {
		/* CHECK CONDITION without autosense: the caller sees no sense.
		 */
		res->sense_len = 0;
	}
	size_t resid = hdr->resid < 0 ? 0 : (size_t)hdr->resid;
	res->resid = resid > data_len ? data_len : resid;
	return 0;
}
