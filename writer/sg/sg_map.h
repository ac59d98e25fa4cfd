/*
 * sg_map.h - translation between our transport structures and the Linux
 * SG_IO request header (struct sg_io_hdr).  Pure functions, so that every
 * mapping of SCSI status, host status, driver status, sense and residual
 * count to a struct scsi_result is unit-tested without a device.
 */
#ifndef BURNFS_SG_MAP_H
#define BURNFS_SG_MAP_H

#include <scsi/sg.h>

#include "scsi.h"

/* Linux SCSI host byte values (host_status). */
enum {
	SG_HOST_OK = 0x00,
	SG_HOST_NO_CONNECT = 0x01,
	SG_HOST_BUS_BUSY = 0x02,
	SG_HOST_TIME_OUT = 0x03,
	SG_HOST_BAD_TARGET = 0x04,
	SG_HOST_ABORT = 0x05,
	SG_HOST_ERROR = 0x07,
	SG_HOST_RESET = 0x08,
	SG_HOST_TRANSPORT_DISRUPTED = 0x0e,
};

/* Linux driver byte values (driver_status, low nibble). */
enum {
	SG_DRIVER_OK = 0x00,
	SG_DRIVER_BUSY = 0x01,
	SG_DRIVER_SOFT = 0x02,
	SG_DRIVER_MEDIA = 0x03,
	SG_DRIVER_ERROR = 0x04,
	SG_DRIVER_INVALID = 0x05,
	SG_DRIVER_TIMEOUT = 0x06,
	SG_DRIVER_HARD = 0x07,
	SG_DRIVER_SENSE = 0x08,
};

#define SG_DEFAULT_TIMEOUT_MS 30000

/*
 * Fills hdr for cmd; sense_buf must hold SCSI_SENSE_MAX bytes and outlive
 * the ioctl.
 */
void sg_build_request(struct sg_io_hdr *hdr, const struct scsi_cmd *cmd,
		      unsigned char *sense_buf);

/*
 * Interprets a completed SG_IO header.  ioctl_errno is 0 when the ioctl
 * itself succeeded, else its errno (the command did not reach the
 * device).  Transport failures (host or driver trouble, timeouts) become
 * res->transport_errno; a device answer with CHECK CONDITION carries its
 * sense bytes.  Returns res->transport_errno.
 */
int sg_interpret_result(const struct sg_io_hdr *hdr, int ioctl_errno,
			size_t data_len, struct scsi_result *res);

#endif
