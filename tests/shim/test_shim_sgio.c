/*
 * test_shim_sgio.c - the shim's SG_IO and CDROM_SEND_PACKET answers,
 * field by field, against a scripted transport; the same answers read
 * back through burnfs's own SG_IO interpretation (writer/sg/sg_map.c);
 * the sg/sr parameter ioctls; and the fake nodes' paths and stat data.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <linux/hdreg.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/sysmacros.h>

#include "sg_map.h"
#include "shim.h"
#include "test_fake.h"

static struct sg_io_hdr hdr_for(uint8_t *cdb, uint8_t cdb_len, int dir,
				void *buf, unsigned len, uint8_t *sense,
				uint8_t mx_sb)
{
	struct sg_io_hdr h;
	memset(&h, 0xA5, sizeof(h)); /* outputs must all be written */
	h.interface_id = 'S';
	h.cmdp = cdb;
	h.cmd_len = cdb_len;
	h.dxfer_direction = dir;
	h.dxferp = buf;
	h.dxfer_len = len;
	h.sbp = sense;
	h.mx_sb_len = mx_sb;
	h.iovec_count = 0;
	h.flags = 0;
	h.timeout = 30000;
	return h;
}

static void test_good_read(void)
{
	struct fake f;
	fake_init(&f);
	for (int i = 0; i < 36; i++)
		f.data[i] = (uint8_t)(i + 1);
	f.data_len = 36;
	uint8_t cdb[6] = {0x12, 0, 0, 0, 36, 0};
	uint8_t buf[36] = {0}, sense[32];
	struct sg_io_hdr h =
	    hdr_for(cdb, 6, SG_DXFER_FROM_DEV, buf, 36, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(f.calls == 1);
	CHECK(f.log[0].cdb_len == 6 && f.log[0].cdb[0] == 0x12);
	CHECK(f.log[0].dir == SCSI_DIR_FROM_DEVICE);
	CHECK(f.log[0].data_len == 36 && f.log[0].timeout_ms == 30000);
	CHECK(h.status == 0 && h.masked_status == 0 && h.msg_status == 0);
	CHECK(h.host_status == 0 && h.driver_status == 0);
	CHECK(h.sb_len_wr == 0 && h.resid == 0 && h.info == 0);
	CHECK(h.duration < 1000);
	CHECK(buf[0] == 1 && buf[35] == 36);
}

static void test_short_read(void)
{
	struct fake f;
	fake_init(&f);
	f.data_len = 20;
	uint8_t cdb[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 96, 0};
	uint8_t buf[96], sense[32];
	struct sg_io_hdr h =
	    hdr_for(cdb, 10, SG_DXFER_FROM_DEV, buf, 96, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.resid == 76);
	CHECK(h.info == 0);
}

static void test_check_condition(void)
{
	struct fake f;
	fake_init(&f);
	fake_set_sense(&f, 0x05, 0x24, 0x00);
	uint8_t cdb[10] = {0x43, 0, 0, 0, 0, 0, 0, 0, 12, 0};
	uint8_t buf[12], sense[32];

	/* libusal asks for at most 16 bytes of sense. */
	struct sg_io_hdr h =
	    hdr_for(cdb, 10, SG_DXFER_FROM_DEV, buf, 12, sense, 16);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.status == 0x02 && h.masked_status == 0x01);
	CHECK(h.driver_status == 0x08 && h.host_status == 0);
	CHECK(h.sb_len_wr == 16);
	CHECK(sense[0] == 0x70 && sense[2] == 0x05 && sense[12] == 0x24);
	CHECK(h.info == SG_INFO_CHECK);
	CHECK(h.resid == 12);

	/* libburn asks for 32: gets the 18 the device has. */
	h = hdr_for(cdb, 10, SG_DXFER_FROM_DEV, buf, 12, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.sb_len_wr == 18);

	/* No sense buffer: nothing written, status still there. */
	h = hdr_for(cdb, 10, SG_DXFER_FROM_DEV, buf, 12, NULL, 0);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.sb_len_wr == 0 && h.status == 0x02 && h.driver_status == 8);
}

static void test_write(void)
{
	struct fake f;
	fake_init(&f);
	uint8_t cdb[10] = {0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0};
	uint8_t buf[2352], sense[32];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	struct sg_io_hdr h =
	    hdr_for(cdb, 10, SG_DXFER_TO_DEV, buf, 2352, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(f.log[0].dir == SCSI_DIR_TO_DEVICE);
	CHECK(f.written_len == 2352 && memcmp(f.written, buf, 2352) == 0);
	CHECK(h.resid == 0 && h.status == 0 && h.info == 0);

	/* No data phase. */
	uint8_t tur[6] = {0};
	h = hdr_for(tur, 6, SG_DXFER_NONE, NULL, 0, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(f.log[1].dir == SCSI_DIR_NONE && f.log[1].data_len == 0);
}

static void test_refusals(void)
{
	struct fake f;
	fake_init(&f);
	uint8_t cdb[6] = {0};
	uint8_t sense[32], buf[8];
	struct sg_io_hdr h = hdr_for(cdb, 6, SG_DXFER_NONE, NULL, 0, sense, 32);
	h.interface_id = 'Q';
	CHECK(shim_sg_io(&f.base, &h) == -EINVAL);
	h = hdr_for(cdb, 5, SG_DXFER_NONE, NULL, 0, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == -EMSGSIZE);
	h = hdr_for(cdb, 6, SG_DXFER_FROM_DEV, buf, SHIM_MAX_XFER + 1, sense,
		    32);
	CHECK(shim_sg_io(&f.base, &h) == -EIO);
	h = hdr_for(cdb, 6, -9, buf, 8, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == -EINVAL);
	h = hdr_for(cdb, 6, 0, buf, 8, sense, 32); /* data, no direction */
	CHECK(shim_sg_io(&f.base, &h) == -EINVAL);
	CHECK(f.calls == 0);
}

/* No data to move: any direction value passes, as in the kernel (cdrdao
 * sends TEST UNIT READY with dxfer_direction 0). */
static void test_direction_without_data(void)
{
	int dirs[] = {0, SG_DXFER_NONE, SG_DXFER_FROM_DEV, -9, 7};
	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct fake f;
		fake_init(&f);
		uint8_t cdb[6] = {0};
		uint8_t sense[16];
		struct sg_io_hdr h =
		    hdr_for(cdb, 6, dirs[i], NULL, 0, sense, 16);
		CHECK(shim_sg_io(&f.base, &h) == 0);
		CHECK(f.calls == 1);
		CHECK(f.log[0].dir == SCSI_DIR_NONE && f.log[0].data_len == 0);
		CHECK(h.status == 0 && h.resid == 0 && h.info == 0);
	}
}

static void test_transport_failure(void)
{
	struct fake f;
	fake_init(&f);
	f.transport_errno = ETIMEDOUT;
	uint8_t cdb[6] = {0};
	uint8_t sense[32];
	struct sg_io_hdr h = hdr_for(cdb, 6, SG_DXFER_NONE, NULL, 0, sense, 32);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.host_status == 0x03 && h.info == SG_INFO_CHECK);
	f.transport_errno = ENODEV;
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(h.host_status == 0x01);
}

static void test_iovec(void)
{
	struct fake f;
	fake_init(&f);
	for (int i = 0; i < 40; i++)
		f.data[i] = (uint8_t)(100 + i);
	f.data_len = 40;
	uint8_t a[10], b[30];
	sg_iovec_t iov[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
	uint8_t cdb[6] = {0x12, 0, 0, 0, 40, 0};
	uint8_t sense[32];
	struct sg_io_hdr h =
	    hdr_for(cdb, 6, SG_DXFER_FROM_DEV, iov, 40, sense, 32);
	h.iovec_count = 2;
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(a[0] == 100 && a[9] == 109 && b[0] == 110 && b[29] == 139);
	CHECK(h.resid == 0);
}

/* What the shim answers, burnfs's own transport reads back unchanged. */
static void test_round_trip(void)
{
	struct fake f;
	fake_init(&f);
	fake_set_sense(&f, 0x02, 0x04, 0x08);
	f.data_len = 4;
	uint8_t buf[20];
	uint8_t sense[SCSI_SENSE_MAX];
	struct scsi_cmd cmd = {.cdb = {0x52, 1, 0, 0, 0, 0xff, 0, 0, 20, 0},
			       .cdb_len = 10,
			       .dir = SCSI_DIR_FROM_DEVICE,
			       .data = buf,
			       .data_len = sizeof(buf)};
	struct sg_io_hdr h;
	sg_build_request(&h, &cmd, sense);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	struct scsi_result res;
	CHECK(sg_interpret_result(&h, 0, sizeof(buf), &res) == 0);
	CHECK(res.status == SCSI_STATUS_CHECK_CONDITION);
	CHECK(res.sense_len == 18 && res.sense[2] == 0x02 &&
	      res.sense[12] == 0x04 && res.sense[13] == 0x08);

	fake_init(&f);
	f.data_len = 12;
	sg_build_request(&h, &cmd, sense);
	CHECK(shim_sg_io(&f.base, &h) == 0);
	CHECK(sg_interpret_result(&h, 0, sizeof(buf), &res) == 0);
	CHECK(res.status == 0 && res.sense_len == 0 && res.resid == 8);
}

static void test_send_packet(void)
{
	struct fake f;
	fake_init(&f);
	f.data_len = 12;
	f.data[2] = 1;
	f.data[3] = 3;
	uint8_t buf[20];
	struct request_sense rs;
	struct cdrom_generic_command cgc;
	memset(&cgc, 0, sizeof(cgc));
	cgc.cmd[0] = 0x43;
	cgc.cmd[8] = 20;
	cgc.buffer = buf;
	cgc.buflen = sizeof(buf);
	cgc.sense = &rs;
	cgc.data_direction = CGC_DATA_READ;
	CHECK(shim_send_packet(&f.base, &cgc) == 0);
	CHECK(f.log[0].cdb_len == 12 && f.log[0].cdb[0] == 0x43);
	CHECK(cgc.stat == 0 && cgc.buflen == 8);
	CHECK(buf[2] == 1 && buf[3] == 3);

	fake_set_sense(&f, 0x05, 0x20, 0x00);
	memset(&rs, 0, sizeof(rs));
	cgc.buflen = sizeof(buf);
	CHECK(shim_send_packet(&f.base, &cgc) == -EIO);
	CHECK(cgc.stat == -EIO);
	CHECK(rs.sense_key == 0x05 && rs.asc == 0x20 && rs.add_sense_len == 10);

	cgc.data_direction = 9;
	CHECK(shim_send_packet(&f.base, &cgc) == -EINVAL);
}

static void test_parameter_ioctls(void)
{
	struct fake f;
	fake_init(&f);
	struct shim_fd sr, sg;
	shim_fd_init(&sr, SHIM_NODE_SR, O_RDWR | O_NONBLOCK);
	shim_fd_init(&sg, SHIM_NODE_SG, O_RDWR);
	int v = 0;
	CHECK(shim_ioctl(&f.base, &sr, SG_GET_VERSION_NUM, &v) == 0);
	CHECK(v == 30527);
	CHECK(shim_ioctl(&f.base, &sg, SG_GET_VERSION_NUM, &v) == 0);
	CHECK(v == 30536);

	struct sg_scsi_id id;
	CHECK(shim_ioctl(&f.base, &sr, SG_GET_SCSI_ID, &id) == -ENOTTY);
	memset(&id, 0xff, sizeof(id));
	CHECK(shim_ioctl(&f.base, &sg, SG_GET_SCSI_ID, &id) == 0);
	CHECK(id.scsi_type == 5 && id.host_no == SHIM_HOST_NO && id.lun == 0);

	int idlun[2];
	CHECK(shim_ioctl(&f.base, &sr, SCSI_IOCTL_GET_IDLUN, idlun) == 0);
	CHECK(idlun[0] == (SHIM_HOST_NO << 24));
	CHECK(shim_ioctl(&f.base, &sr, SCSI_IOCTL_GET_BUS_NUMBER, &v) == 0);
	CHECK(v == SHIM_HOST_NO);

	CHECK(shim_ioctl(&f.base, &sr, SG_GET_TIMEOUT, NULL) == 6000);
	v = 12345;
	CHECK(shim_ioctl(&f.base, &sr, SG_SET_TIMEOUT, &v) == 0);
	CHECK(shim_ioctl(&f.base, &sr, SG_GET_TIMEOUT, NULL) == 12345);

	CHECK(shim_ioctl(&f.base, &sr, SG_GET_RESERVED_SIZE, &v) == 0);
	CHECK(v == (int)SHIM_MAX_XFER);
	v = 65536;
	CHECK(shim_ioctl(&f.base, &sr, SG_SET_RESERVED_SIZE, &v) == 0);
	CHECK(shim_ioctl(&f.base, &sr, SG_GET_RESERVED_SIZE, &v) == 0);
	CHECK(v == 65536);
	v = 1 << 30;
	CHECK(shim_ioctl(&f.base, &sr, SG_SET_RESERVED_SIZE, &v) == 0);
	CHECK(shim_ioctl(&f.base, &sr, SG_GET_RESERVED_SIZE, &v) == 0);
	CHECK(v == (int)SHIM_MAX_XFER);
	v = -1;
	CHECK(shim_ioctl(&f.base, &sr, SG_SET_RESERVED_SIZE, &v) == -EINVAL);

	CHECK(shim_ioctl(&f.base, &sr, SG_EMULATED_HOST, &v) == 0 && v == 1);
	struct hd_driveid ident;
	CHECK(shim_ioctl(&f.base, &sr, HDIO_GET_IDENTITY, &ident) < 0);
	CHECK(shim_ioctl(&f.base, &sr, 0x12345678, NULL) == -ENOTTY);
	CHECK(shim_ioctl(&f.base, &sg, CDROM_DRIVE_STATUS, NULL) < 0);
	CHECK(f.calls == 0); /* none of these reached the drive */
}

static void test_nodes(void)
{
	CHECK(shim_node_of_path("/dev/sr0") == SHIM_NODE_SR);
	CHECK(shim_node_of_path("/dev/sg0") == SHIM_NODE_SG);
	CHECK(shim_node_of_path("//dev/./sr0") == SHIM_NODE_SR);
	CHECK(shim_node_of_path("/dev/sr0/") == SHIM_NODE_SR);
	CHECK(shim_node_of_path("/dev/sr1") == SHIM_NODE_NONE);
	CHECK(shim_node_of_path("dev/sr0") == SHIM_NODE_NONE);
	CHECK(shim_node_of_path("/dev/../dev/sr0") == SHIM_NODE_NONE);
	CHECK(shim_node_of_path(NULL) == SHIM_NODE_NONE);

	struct stat st;
	shim_node_stat(SHIM_NODE_SR, &st);
	CHECK(S_ISBLK(st.st_mode) && major(st.st_rdev) == 11 &&
	      minor(st.st_rdev) == 0);
	shim_node_stat(SHIM_NODE_SG, &st);
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 21);
}

int main(void)
{
	test_good_read();
	test_short_read();
	test_check_condition();
	test_write();
	test_refusals();
	test_direction_without_data();
	test_transport_failure();
	test_iovec();
	test_round_trip();
	test_send_packet();
	test_parameter_ioctls();
	test_nodes();
	return check_finish();
}
