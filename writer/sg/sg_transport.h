/*
 * sg_transport.h - the Linux SG_IO transport: a struct scsi_transport that
 * sends each command to a real drive (/dev/srN or /dev/sgN) with
 * ioctl(SG_IO).  The device is opened O_RDWR|O_NONBLOCK, as every Linux
 * burner does (without O_NONBLOCK the sr driver refuses write access to a
 * CD-R drive with EROFS).
 */
#ifndef BURNFS_SG_TRANSPORT_H
#define BURNFS_SG_TRANSPORT_H

#include <stddef.h>

#include "scsi.h"

/*
 * Opens path.  Returns NULL with errno set and a sentence in err on
 * failure (no such device, no permission, not an SG_IO device).
 */
struct scsi_transport *sg_transport_open(const char *path, char *err,
					 size_t err_len);

#endif
