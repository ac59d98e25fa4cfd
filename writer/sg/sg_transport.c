/*
 * sg_transport.c - struct scsi_transport over Linux ioctl(SG_IO).
 *
 * Only the transport: build the request header (sg_map.c), issue the
 * ioctl, interpret the header; and hold the device with O_EXCL while a
 * burn job runs (sg_set_exclusive).  Commands that complete with CHECK
 * CONDITION are returned as they are; retry policy lives in
 * writer/mmc/mmc.c.  A bus reset or busy host (EAGAIN) is retried here a
 * few times because the command never reached the drive.
 */
#include "sg_transport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sg_map.h"

struct sg_transport {
	struct scsi_transport base; /* first: cast target */
	int fd;
	char *path;
};

#define SG_TRANSPORT_RETRIES 3

static int sg_execute(struct scsi_transport *t, const struct scsi_cmd *cmd,
		      struct scsi_result *res)
{
	struct sg_transport *sg = (struct sg_transport *)t;
	for (int attempt = 0;; attempt++) {
		unsigned char sense[SCSI_SENSE_MAX];
		struct sg_io_hdr hdr;
		sg_build_request(&hdr, cmd, sense);
		int ioctl_errno = 0;
		if (ioctl(sg->fd, SG_IO, &hdr) < 0)
			ioctl_errno = errno;
		int err = sg_interpret_result(
		    &hdr, ioctl_errno,
		    cmd->dir == SCSI_DIR_NONE ? 0 : cmd->data_len, res);
		if ((err != EAGAIN && err != EINTR) ||
		    attempt + 1 >= SG_TRANSPORT_RETRIES)
			return err;
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

static void sg_destroy(struct scsi_transport *t)
{
	struct sg_transport *sg = (struct sg_transport *)t;
	if (sg->fd >= 0)
		close(sg->fd);
	free(sg->path);
	free(sg);
}

/*
 * Reopens the device with or without O_EXCL.  The new descriptor is
 * opened before the old one is closed, so that the drive is never left
 * unclaimed; on failure the old descriptor stays in use.
 */
static int sg_set_exclusive(struct scsi_transport *t, bool exclusive, char *err,
			    size_t err_len)
{
	struct sg_transport *sg = (struct sg_transport *)t;
	int flags = O_RDWR | O_NONBLOCK | O_CLOEXEC;
	if (exclusive)
		flags |= O_EXCL;
	int fd = open(sg->path, flags);
	if (fd < 0) {
		int e = errno;
		if (e == EBUSY)
			snprintf(err, err_len,
				 "%s is in use by another program", sg->path);
		else
			snprintf(err, err_len, "%s: cannot reopen%s: %s",
				 sg->path, exclusive ? " exclusively" : "",
				 e == ENODEV || e == ENXIO ? "drive gone"
							   : strerror(e));
		return -e;
	}
	close(sg->fd);
	sg->fd = fd;
	return 0;
}

static const struct scsi_transport_ops sg_ops = {
    .execute = sg_execute,
    .destroy = sg_destroy,
    .set_exclusive = sg_set_exclusive,
};

struct scsi_transport *sg_transport_open(const char *path, char *err,
					 size_t err_len)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(err, err_len,
			 "%s: cannot open for reading and writing: %s%s", path,
			 strerror(e),
			 e == EACCES ? " (is the user in group cdrom?)" : "");
		errno = e;
		return NULL;
	}
	int version = 0;
	if (ioctl(fd, SG_GET_VERSION_NUM, &version) < 0 || version < 30000) {
		int e = errno ? errno : ENOTTY;
		snprintf(err, err_len, "%s: not a SCSI generic (SG_IO) device",
			 path);
		close(fd);
		errno = e;
		return NULL;
	}
	struct sg_transport *sg = calloc(1, sizeof(*sg));
	char *copy = strdup(path);
	if (!sg || !copy) {
		free(sg);
		free(copy);
		close(fd);
		snprintf(err, err_len, "%s: out of memory", path);
		errno = ENOMEM;
		return NULL;
	}
	sg->base.ops = &sg_ops;
	sg->base.name = copy;
	sg->fd = fd;
	sg->path = copy;
	return &sg->base;
}
