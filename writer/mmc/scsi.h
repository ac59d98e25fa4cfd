/*
 * scsi.h - the transport interface: execute one SCSI/MMC command block.
 *
 * Everything above this line (MMC command wrappers, the TAO burn engine)
 * talks to a drive only through struct scsi_transport.  Below it sit the
 * implementations: the virtual recorder (writer/virtual/) and the Linux
 * SG_IO transport.  The engine cannot tell them apart.
 *
 * A transport executes exactly one command and reports what the device
 * answered; it does not interpret sense data and it does not retry
 * commands that completed with CHECK CONDITION.  Policy (retry, decoding)
 * lives in writer/mmc/mmc.c.
 *
 * Thread safety: a transport is used by one thread at a time.  The owner
 * (writer/tao/recorder.c) serialises access with its own lock.
 */
#ifndef BURNFS_SCSI_H
#define BURNFS_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum scsi_direction {
	SCSI_DIR_NONE = 0,
	SCSI_DIR_FROM_DEVICE, /* data-in: the device fills data[] */
	SCSI_DIR_TO_DEVICE,   /* data-out: the device consumes data[] */
};

#define SCSI_CDB_MAX 16
#define SCSI_SENSE_MAX 32

/* SCSI status byte values (SAM). */
enum {
	SCSI_STATUS_GOOD = 0x00,
	SCSI_STATUS_CHECK_CONDITION = 0x02,
	SCSI_STATUS_BUSY = 0x08,
};

struct scsi_cmd {
	uint8_t cdb[SCSI_CDB_MAX];
	uint8_t cdb_len;
	enum scsi_direction dir;
	void *data;	     /* buffer of data_len bytes, or NULL */
	size_t data_len;     /* allocation / transfer length in bytes */
	unsigned timeout_ms; /* 0: the transport's default */
};

struct scsi_result {
	/*
	 * 0 when the command reached the device and it answered (with any
	 * status).  Otherwise an errno describing a transport failure:
	 * ETIMEDOUT (no answer in time), ENODEV (device gone), EIO (host or
	 * driver error).  When non-zero the other fields are meaningless.
	 */
	int transport_errno;
	uint8_t status;		       /* SCSI status byte */
	uint8_t sense[SCSI_SENSE_MAX]; /* sense data, fixed or descriptor */
	uint8_t sense_len;	       /* valid bytes in sense[] */
	size_t resid;		       /* data_len minus bytes transferred */
};

struct scsi_transport;

struct scsi_transport_ops {
	/* Execute cmd; always fills *res; returns res->transport_errno. */
	int (*execute)(struct scsi_transport *t, const struct scsi_cmd *cmd,
		       struct scsi_result *res);
	/* Release everything the transport holds. */
	void (*destroy)(struct scsi_transport *t);
	/*
	 * Optional (NULL when the transport has nothing to claim): hold
	 * the device exclusively (true) or share it again (false).  The
	 * recorder claims the drive for the length of a burn job so that
	 * no other program can send it commands meanwhile.  Returns 0 or
	 * a negative errno (-EBUSY: another program holds the device),
	 * with a sentence in err.
	 */
	int (*set_exclusive)(struct scsi_transport *t, bool exclusive,
			     char *err, size_t err_len);
};

/* Implementations embed this as their first member. */
struct scsi_transport {
	const struct scsi_transport_ops *ops;
	const char *name; /* for log messages: "demo", "/dev/sr0" */
};

static inline int scsi_execute(struct scsi_transport *t,
			       const struct scsi_cmd *cmd,
			       struct scsi_result *res)
{
	return t->ops->execute(t, cmd, res);
}

static inline int scsi_set_exclusive(struct scsi_transport *t, bool exclusive,
				     char *err, size_t err_len)
{
	if (!t->ops->set_exclusive)
		return 0;
	return t->ops->set_exclusive(t, exclusive, err, err_len);
}

static inline void scsi_transport_destroy(struct scsi_transport *t)
{
	if (t)
		t->ops->destroy(t);
}

#endif
