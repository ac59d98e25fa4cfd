/*
 * test_fake.h - a scripted scsi_transport for the shim's unit tests: it
 * records every command it receives and answers with a preset status,
 * sense, data and transfer count, or with a callback for tests that
 * need a small drive model.  Assertions come from tests/unit/check.h.
 */
#ifndef BURNFS_SHIM_TEST_FAKE_H
#define BURNFS_SHIM_TEST_FAKE_H

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scsi.h"

#define FAKE_LOG 16

struct fake {
	struct scsi_transport base;
	/* The preset answer. */
	int transport_errno;
	uint8_t status;
	uint8_t sense[SCSI_SENSE_MAX];
	uint8_t sense_len;
	uint8_t data[4096];
	size_t data_len; /* bytes the device transfers (from device) */
	/* Optional model: fills *res and returns the transferred count. */
	size_t (*answer)(struct fake *f, const struct scsi_cmd *c,
			 struct scsi_result *res);
	/* What it received. */
	struct scsi_cmd log[FAKE_LOG];
	uint8_t written[4096]; /* data of the last to-device command */
	size_t written_len;
	int calls;
};

static inline void fake_set_sense(struct fake *f, uint8_t key, uint8_t asc,
				  uint8_t ascq)
{
	f->status = SCSI_STATUS_CHECK_CONDITION;
	memset(f->sense, 0, sizeof(f->sense));
	f->sense[0] = 0x70;
	f->sense[2] = key;
	f->sense[7] = 10;
	f->sense[12] = asc;
	f->sense[13] = ascq;
	f->sense_len = 18;
}

static inline int fake_execute(struct scsi_transport *t,
			       const struct scsi_cmd *c,
			       struct scsi_result *res)
{
	struct fake *f = (struct fake *)t;
	if (f->calls < FAKE_LOG)
		f->log[f->calls] = *c;
	f->calls++;
	memset(res, 0, sizeof(*res));
	if (c->dir == SCSI_DIR_TO_DEVICE) {
		size_t n = c->data_len < sizeof(f->written)
			       ? c->data_len
			       : sizeof(f->written);
		memcpy(f->written, c->data, n);
		f->written_len = n;
	}
	size_t xfer = 0;
	if (f->answer) {
		xfer = f->answer(f, c, res);
	} else {
		res->transport_errno = f->transport_errno;
		res->status = f->status;
		memcpy(res->sense, f->sense, f->sense_len);
		res->sense_len = f->sense_len;
		if (c->dir == SCSI_DIR_FROM_DEVICE) {
			xfer = f->data_len < c->data_len ? f->data_len
							 : c->data_len;
			memcpy(c->data, f->data, xfer);
		} else if (c->dir == SCSI_DIR_TO_DEVICE) {
			xfer = c->data_len;
		}
	}
	res->resid = c->data_len - (xfer < c->data_len ? xfer : c->data_len);
	return res->transport_errno;
}

static void fake_destroy(struct scsi_transport *t)
{
	(void)t;
}

static const struct scsi_transport_ops fake_ops = {
    .execute = fake_execute,
    .destroy = fake_destroy,
};

static inline void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->base.ops = &fake_ops;
	f->base.name = "fake";
}

#endif
