/*
 * shim_ioctl.c - every ioctl a program may send to the fake /dev/sr0 or
 * /dev/sg0, answered as the kernel answers it on that kind of node
 * (drivers/scsi/sr.c sr_block_ioctl and scsi_ioctl.c for sr,
 * drivers/scsi/sg.c for sg): SG_IO, the SG_* parameters, SCSI_IOCTL_*
 * addressing, the CDROM_* family (sr only), and refusals for the rest
 * (HDIO_GET_IDENTITY, SG_GET_SCSI_ID on sr).
 */
#include <errno.h>
#include <linux/cdrom.h>
#include <linux/hdreg.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <string.h>

#include "shim.h"

#ifndef SCSI_IOCTL_PROBE_HOST
#define SCSI_IOCTL_PROBE_HOST 0x5385
#endif
#ifndef SCSI_IOCTL_GET_PCI
#define SCSI_IOCTL_GET_PCI 0x5387
#endif

static long put_int(void *arg, int v)
{
	if (!arg)
		return -EFAULT;
	memcpy(arg, &v, sizeof(v));
	return 0;
}

static long get_int(const void *arg, int *v)
{
	if (!arg)
		return -EFAULT;
	memcpy(v, arg, sizeof(*v));
	return 0;
}

/* struct scsi_idlun of the kernel: dev_id and host_unique_id. */
static long get_idlun(void *arg)
{
	if (!arg)
		return -EFAULT;
	int idlun[2];
	idlun[0] = (SHIM_TARGET & 0xff) | (SHIM_LUN & 0xff) << 8 |
		   (SHIM_CHANNEL & 0xff) << 16 | (SHIM_HOST_NO & 0xff) << 24;
	idlun[1] = SHIM_HOST_NO;
	memcpy(arg, idlun, sizeof(idlun));
	return 0;
}

static long get_scsi_id(void *arg)
{
	if (!arg)
		return -EFAULT;
	struct sg_scsi_id id;
	memset(&id, 0, sizeof(id));
	id.host_no = SHIM_HOST_NO;
	id.channel = SHIM_CHANNEL;
	id.scsi_id = SHIM_TARGET;
	id.lun = SHIM_LUN;
	id.scsi_type = TYPE_ROM;
	id.h_cmd_per_lun = 1;
	id.d_queue_depth = 1;
	memcpy(arg, &id, sizeof(id));
	return 0;
}

long shim_ioctl(struct scsi_transport *t, struct shim_fd *f,
		unsigned long request, void *arg)
{
	bool sr = f->node == SHIM_NODE_SR;
	int v;
	long r;

	switch (request) {
	case SG_IO:
		return shim_sg_io(t, arg);
	case SG_GET_VERSION_NUM:
		return put_int(arg,
			       sr ? SHIM_SR_SG_VERSION : SHIM_SG_SG_VERSION);
	case SG_GET_RESERVED_SIZE:
		return put_int(arg, f->reserved_size);
	case SG_SET_RESERVED_SIZE:
		if ((r = get_int(arg, &v)))
			return r;
		if (v < 0)
			return -EINVAL;
		f->reserved_size =
		    (unsigned)v > SHIM_MAX_XFER ? (int)SHIM_MAX_XFER : v;
		return 0;
	case SG_GET_TIMEOUT:
		return f->timeout_ticks; /* the value, not through arg */
	case SG_SET_TIMEOUT:
		if ((r = get_int(arg, &v)))
			return r;
		if (v < 0)
			return -EIO;
		f->timeout_ticks = v;
		return 0;
	case SG_EMULATED_HOST:
		return put_int(arg, sr ? 1 : 0);
	case SG_GET_COMMAND_Q:
		return put_int(arg, 0);
	case SG_SET_COMMAND_Q:
		return 0;
	case SG_GET_SG_TABLESIZE:
		return put_int(arg, 128);
	case SG_GET_SCSI_ID:
		/* A /dev/sg ioctl: sr has no handler for it. */
		return sr ? -ENOTTY : get_scsi_id(arg);
	case SCSI_IOCTL_GET_IDLUN:
		return get_idlun(arg);
	case SCSI_IOCTL_GET_BUS_NUMBER:
		return put_int(arg, SHIM_HOST_NO);
	case SCSI_IOCTL_PROBE_HOST:
		return 0;
	case HDIO_GET_IDENTITY:
		return sr ? -ENOTTY : -EINVAL;
	case CDROM_SEND_PACKET:
		if (!sr)
			return -ENOTTY;
		return shim_send_packet(t, arg);
	}
	if (sr) {
		r = shim_cdrom_ioctl(t, request, arg);
		if (r != -ENOTTY)
			return r;
	}
	return sr ? -ENOTTY : -EINVAL;
}
