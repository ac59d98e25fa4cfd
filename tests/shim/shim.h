/*
 * shim.h - internals of libburnfs-sgshim.so, the LD_PRELOAD library that
 * presents a virtual recorder (writer/virtual/) as the Linux devices
 * /dev/sr0 (block, major 11) and /dev/sg0 (char, major 21) to an
 * unmodified program, so that cdrskin, wodim or cd-info can be run
 * against the very same model and disc image files as burnfs --virtual.
 * See doc/sg-shim.md.
 *
 * Layers, bottom up:
 *   shim_node.c   which paths are the fake nodes, and their stat data
 *   shim_sysfs.c  the drive's entries in /sys/bus/scsi/devices
 *   shim_sgio.c   SG_IO and CDROM_SEND_PACKET over a scsi_transport
 *   shim_cdrom.c  the CDROM_* ioctls (TOC, disc status...) over MMC
 *   shim_ioctl.c  every ioctl a program may send to a fake fd
 *   shim_drive.c  configuration from the environment, the one virtual
 *                 recorder of the process, the table of fake fds
 *   shim_libc.c   the interposed libc functions (open, ioctl, stat...)
 * The first four are pure with respect to the process: they take a
 * transport and plain structures, so they are unit-tested without
 * preloading anything.
 */
#ifndef BURNFS_SHIM_H
#define BURNFS_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "scsi.h"

/* The fake device nodes. */
enum shim_node {
	SHIM_NODE_NONE = 0,
	SHIM_NODE_SR, /* /dev/sr0: block device, major 11 (sr) */
	SHIM_NODE_SG, /* /dev/sg0: char device, major 21 (sg) */
};

#define SHIM_SR_MAJOR 11
#define SHIM_SG_MAJOR 21
#define SHIM_MINOR 0

/* Where the drive sits on the (fake) SCSI bus. */
#define SHIM_HOST_NO 2
#define SHIM_CHANNEL 0
#define SHIM_TARGET 0
#define SHIM_LUN 0

/* SCSI mid-layer ioctls (<scsi/scsi_ioctl.h> of the kernel). */
#ifndef SCSI_IOCTL_GET_IDLUN
#define SCSI_IOCTL_GET_IDLUN 0x5382
#endif
#ifndef SCSI_IOCTL_GET_BUS_NUMBER
#define SCSI_IOCTL_GET_BUS_NUMBER 0x5386
#endif

/* SG_GET_VERSION_NUM answers: the block layer's (sr) and the sg driver's. */
#define SHIM_SR_SG_VERSION 30527
#define SHIM_SG_SG_VERSION 30536

/* The largest transfer of one command (the queue's max_sectors_kb). */
#define SHIM_MAX_XFER (128u * 1024)
/* SG_GET_TIMEOUT answer before any SG_SET_TIMEOUT, in USER_HZ ticks. */
#define SHIM_DEFAULT_TIMEOUT_TICKS 6000

/* Collapses "//", "/./" and a trailing "/" of an absolute path; false if
 * too long or if the path has ".." (not a plain device path). */
bool shim_path_normalise(const char *in, char *out, size_t out_len);
/* The node a path names ("/dev/sr0", "/dev/sg0", also "//dev/./sr0";
 * "/dev/scd0", the sr driver's old name, is the same block device). */
enum shim_node shim_node_of_path(const char *path);
/* Its basename in /dev ("sr0", "sg0"). */
const char *shim_node_name(enum shim_node node);
/* The stat data of a node (st_rdev, st_mode, sizes, times). */
void shim_node_stat(enum shim_node node, struct stat *st);

/* ---- shim_sysfs.c: the drive in sysfs ---- */

enum shim_sys_kind {
	SHIM_SYS_NONE = 0,
	SHIM_SYS_DIR,	 /* a directory of the drive's */
	SHIM_SYS_FILE,	 /* an attribute file */
	SHIM_SYS_PARENT, /* a directory shown only when the real one is
			    missing (/sys/bus/scsi/devices) */
};
/* What path is in the fake sysfs. */
enum shim_sys_kind shim_sys_lookup(const char *path);
/* The i-th fake sysfs path (every kind), NULL past the last. */
const char *shim_sys_path(unsigned i);
/* The names a fake directory lists (pointers into a static table). */
unsigned shim_sys_children(const char *dir, const char **names, unsigned max);
/* The text of an attribute file, from the drive's 36-byte INQUIRY data.
 * Returns its length, or -1 (not a file, or cap too small). */
int shim_sys_render(const char *path, const uint8_t inquiry[36], char *out,
		    size_t cap);
/* The stat data of a fake sysfs directory or attribute. */
void shim_sys_stat(enum shim_sys_kind kind, struct stat *st);
/* shim_sysfs_libc.c: a descriptor reading the attribute at path (the
 * drive is asked for its INQUIRY data), or -errno. */
int shim_sys_open(const char *path, int flags);

/* State of one open fake fd, as the kernel keeps it per open file. */
struct shim_fd {
	enum shim_node node;
	int flags;	   /* open flags (O_ACCMODE, O_NONBLOCK...) */
	int reserved_size; /* SG_GET/SET_RESERVED_SIZE */
	int timeout_ticks; /* SG_GET/SET_TIMEOUT */
	bool excl;	   /* opened with O_EXCL */
	int lock_fd;	   /* with excl: the flock on IMAGE.excl, or -1 */
};

/* Initial per-fd values of a fresh open. */
void shim_fd_init(struct shim_fd *f, enum shim_node node, int flags);

/*
 * SG_IO: executes the request of hdr (struct sg_io_hdr) on t and fills
 * every output field as the kernel does (status, masked_status,
 * msg_status, host_status, driver_status, sb_len_wr, resid, duration,
 * info).  Returns 0, or -errno for the ioctl itself (EINVAL for a bad
 * interface_id or direction, EMSGSIZE for a bad cmd_len, EIO for a
 * transfer larger than SHIM_MAX_XFER, ENOMEM, EFAULT).
 */
int shim_sg_io(struct scsi_transport *t, void *hdr);

/*
 * CDROM_SEND_PACKET (struct cdrom_generic_command): executes the 12-byte
 * packet; copies sense into cgc->sense, sets cgc->stat and cgc->buflen
 * (to the residual count) as the kernel does.  Returns 0, -EIO when the
 * device answered with a non-GOOD status, or another -errno.
 */
int shim_send_packet(struct scsi_transport *t, void *cgc);

/*
 * Runs one command with a data-in or no-data phase; returns 0 on GOOD,
 * else the sense as (key << 16 | asc << 8 | ascq), or -1 for a transport
 * failure.  *got (may be NULL) receives the bytes transferred.
 */
int shim_run(struct scsi_transport *t, const uint8_t *cdb, size_t cdb_len,
	     void *buf, size_t len, size_t *got);

/*
 * The CDROM_* ioctls of drivers/cdrom (CDROM_DRIVE_STATUS,
 * CDROMREADTOCHDR...), answered with MMC commands on t.  Returns the
 * ioctl's value (>= 0) or -errno; -ENOTTY if request is not one of them.
 */
long shim_cdrom_ioctl(struct scsi_transport *t, unsigned long request,
		      void *arg);

/*
 * Every ioctl on a fake fd: SG_*, SCSI_IOCTL_*, CDROM_*, HDIO_*.
 * Returns the ioctl's value (>= 0) or -errno.
 */
long shim_ioctl(struct scsi_transport *t, struct shim_fd *f,
		unsigned long request, void *arg);

/* ---- shim_drive.c: process-wide state ---- */

/*
 * Runs fn(transport, ctx) with the process's virtual recorder, opened on
 * first use from BURNFS_SHIM_DRIVE, under the drive lock.  Returns fn's
 * result, or -ENXIO (with a message on stderr) when the drive cannot be
 * opened.
 */
long shim_with_drive(long (*fn)(struct scsi_transport *t, void *ctx),
		     void *ctx);

/*
 * The file whose flock(LOCK_EX) stands for an O_EXCL open across
 * processes (each process has its own model of the drive): IMAGE.excl
 * beside the disc image.  0, or -1 when it does not fit.
 */
int shim_excl_lock_path(char *out, size_t out_len);

/* True when BURNFS_SHIM_DRIVE is set (the fake nodes exist). */
bool shim_enabled(void);

/* Table of fake fds. */
bool shim_fd_is_fake(int fd);
/* Copies the state of fd into *out; false if fd is not fake. */
bool shim_fd_get(int fd, struct shim_fd *out);
/* Stores the state of fd (after an ioctl or fcntl changed it). */
void shim_fd_put(int fd, const struct shim_fd *f);
/* Forgets fd. */
void shim_fd_forget(int fd);
/* Registers a new fake fd; -EBUSY if O_EXCL conflicts, -EMFILE. */
int shim_fd_add(int fd, const struct shim_fd *f);
/* Would an open with these flags conflict with an exclusive one? */
bool shim_fd_excl_conflict(enum shim_node node, bool want_excl);

#endif
