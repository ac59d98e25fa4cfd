/*
 * test_sg_map.c - every mapping of an SG_IO header to a scsi_result:
 * directions, SCSI status, host and driver status, sense, residual count,
 * timeouts and ioctl failures.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sg_map.h"

static void test_build_request(void)
{
	unsigned char sense[SCSI_SENSE_MAX];
	unsigned char buf[36];
	struct scsi_cmd cmd = {.cdb = {0x12, 0, 0, 0, 36, 0},
			       .cdb_len = 6,
			       .dir = SCSI_DIR_FROM_DEVICE,
			       .data = buf,
			       .data_len = sizeof(buf),
			       .timeout_ms = 0};
	struct sg_io_hdr hdr;
	sg_build_request(&hdr, &cmd, sense);
	CHECK(hdr.interface_id == 'S');
	CHECK(hdr.dxfer_direction == SG_DXFER_FROM_DEV);
	CHECK(hdr.cmd_len == 6 && hdr.cmdp[0] == 0x12);
	CHECK(hdr.dxfer_len == 36 && hdr.dxferp == buf);
	CHECK(hdr.mx_sb_len == SCSI_SENSE_MAX && hdr.sbp == sense);
	CHECK(hdr.timeout == SG_DEFAULT_TIMEOUT_MS);

	cmd.dir = SCSI_DIR_TO_DEVICE;
	cmd.timeout_ms = 200000;
	sg_build_request(&hdr, &cmd, sense);
	CHECK(hdr.dxfer_direction == SG_DXFER_TO_DEV);
	CHECK(hdr.timeout == 200000);

	cmd.dir = SCSI_DIR_NONE;
	sg_build_request(&hdr, &cmd, sense);
	CHECK(hdr.dxfer_direction == SG_DXFER_NONE);
	CHECK(hdr.dxfer_len == 0 && hdr.dxferp == NULL);
}

static struct sg_io_hdr answered(unsigned char *sense)
{
	struct sg_io_hdr hdr;
	memset(&hdr, 0, sizeof(hdr));
	hdr.sbp = sense;
	return hdr;
}

static void test_interpret(void)
{
	unsigned char sense[SCSI_SENSE_MAX] = {0};
	struct scsi_result res;

	/* GOOD, all data transferred. */
	struct sg_io_hdr hdr = answered(sense);
	CHECK(sg_interpret_result(&hdr, 0, 36, &res) == 0);
	CHECK(res.status == SCSI_STATUS_GOOD && res.sense_len == 0);
	CHECK(res.resid == 0);

	/* Short transfer: residual count passed on, clamped to the length. */
	hdr = answered(sense);
	hdr.resid = 20;
	CHECK(sg_interpret_result(&hdr, 0, 36, &res) == 0);
	CHECK(res.resid == 20);
	hdr.resid = 100;
	sg_interpret_result(&hdr, 0, 36, &res);
	CHECK(res.resid == 36);
	hdr.resid = -4;
	sg_interpret_result(&hdr, 0, 36, &res);
	CHECK(res.resid == 0);

	/* CHECK CONDITION with autosense. */
	hdr = answered(sense);
	sense[0] = 0x70;
	sense[2] = 0x03;
	sense[7] = 0x0a;
	sense[12] = 0x0c;
	hdr.status = SCSI_STATUS_CHECK_CONDITION;
	hdr.driver_status = SG_DRIVER_SENSE;
	hdr.sb_len_wr = 18;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == 0);
	CHECK(res.status == SCSI_STATUS_CHECK_CONDITION);
	CHECK(res.sense_len == 18 && res.sense[2] == 0x03 &&
	      res.sense[12] == 0x0c);

	/* Sense written while status reads GOOD counts as a failure. */
	hdr.status = SCSI_STATUS_GOOD;
	sg_interpret_result(&hdr, 0, 0, &res);
	CHECK(res.status == SCSI_STATUS_CHECK_CONDITION);

	/* More sense than we keep is cut to SCSI_SENSE_MAX. */
	hdr.sb_len_wr = 60;
	sg_interpret_result(&hdr, 0, 0, &res);
	CHECK(res.sense_len == SCSI_SENSE_MAX);

	/* BUSY status is a device answer, not a transport failure. */
	hdr = answered(sense);
	hdr.status = SCSI_STATUS_BUSY;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == 0);
	CHECK(res.status == SCSI_STATUS_BUSY);

	/* Host and driver trouble. */
	hdr = answered(sense);
	hdr.host_status = SG_HOST_TIME_OUT;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == ETIMEDOUT);
	CHECK(res.transport_errno == ETIMEDOUT);
	hdr.host_status = SG_HOST_NO_CONNECT;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == ENODEV);
	hdr.host_status = SG_HOST_BAD_TARGET;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == ENODEV);
	hdr.host_status = SG_HOST_BUS_BUSY;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == EAGAIN);
	hdr.host_status = SG_HOST_RESET;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == EAGAIN);
	hdr.host_status = SG_HOST_ERROR;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == EIO);
	hdr.host_status = SG_HOST_OK;
	hdr.driver_status = SG_DRIVER_TIMEOUT;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == ETIMEDOUT);
	hdr.driver_status = SG_DRIVER_HARD;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == EIO);
	/* Suggestion bits in the high nibble do not matter. */
	hdr.driver_status = 0x10 | SG_DRIVER_SENSE;
	hdr.sb_len_wr = 0;
	CHECK(sg_interpret_result(&hdr, 0, 0, &res) == 0);

	/* The ioctl itself failed. */
	hdr = answered(sense);
	CHECK(sg_interpret_result(&hdr, ENXIO, 0, &res) == ENODEV);
	CHECK(sg_interpret_result(&hdr, EINVAL, 0, &res) == EINVAL);
	CHECK(sg_interpret_result(&hdr, EPERM, 8, &res) == EPERM);
	CHECK(res.resid == 8);
}

int main(void)
{
	test_build_request();
	test_interpret();
	return check_finish();
}
