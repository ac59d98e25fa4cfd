/*
 * test_shim_vanish.c - unit tests of shim_vanish.c: the spec split and a
 * drive that disappears after N WRITE(10) commands, seen through SG_IO
 * as burnfs's SG_IO transport sees it (ENODEV).
 */
#include <errno.h>
#include <scsi/sg.h>

#include "sg_map.h"
#include "shim.h"
#include "shim_vanish.h"
#include "test_fake.h"

static void test_split(void)
{
	char out[64];
	unsigned long n = 99;
	CHECK(shim_vanish_split_spec("/tmp/d,media=cdrw80", out, sizeof(out),
				     &n) == 0);
	CHECK(strcmp(out, "/tmp/d,media=cdrw80") == 0 && n == 0);
	CHECK(shim_vanish_split_spec("/tmp/d,vanish_after_writes=7,pace=1", out,
				     sizeof(out), &n) == 0);
	CHECK(strcmp(out, "/tmp/d,pace=1") == 0 && n == 7);
	CHECK(shim_vanish_split_spec("/tmp/d,vanish_after_writes=12", out,
				     sizeof(out), &n) == 0);
	CHECK(strcmp(out, "/tmp/d") == 0 && n == 12);
	CHECK(shim_vanish_split_spec("/tmp/d,vanish_after_writes=x", out,
				     sizeof(out), &n) == -1);
	CHECK(shim_vanish_split_spec("/tmp/d,vanish_after_writes=0", out,
				     sizeof(out), &n) == -1);
	CHECK(shim_vanish_split_spec("/tmp/d,vanish_after_writes=-1", out,
				     sizeof(out), &n) == -1);
	CHECK(shim_vanish_split_spec("/tmp/a-long-image-name", out, 8, &n) ==
	      -1);
}

/* Sends cdb through SG_IO on t; returns the transport's errno. */
static int send(struct scsi_transport *t, uint8_t opcode)
{
	uint8_t buf[2352];
	uint8_t sense[SCSI_SENSE_MAX];
	struct scsi_cmd cmd = {.cdb = {opcode, 0, 0, 0, 0, 0, 0, 0, 1, 0},
			       .cdb_len = 10,
			       .dir = opcode == 0x2A ? SCSI_DIR_TO_DEVICE
						     : SCSI_DIR_NONE,
			       .data = opcode == 0x2A ? buf : NULL,
			       .data_len = opcode == 0x2A ? sizeof(buf) : 0};
	memset(buf, 0, sizeof(buf));
	struct sg_io_hdr h;
	sg_build_request(&h, &cmd, sense);
	if (shim_sg_io(t, &h) != 0)
		return -1;
	struct scsi_result res;
	return sg_interpret_result(&h, 0, cmd.data_len, &res);
}

static void test_vanish(void)
{
	struct fake f;
	fake_init(&f);
	struct scsi_transport *t = shim_vanish_wrap(&f.base, 2);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(!shim_vanish_gone(t));
	CHECK(!shim_vanish_gone(&f.base));
	CHECK(send(t, 0x00) == 0); /* TEST UNIT READY */
	CHECK(send(t, 0x2A) == 0);
	CHECK(send(t, 0x2A) == 0);
	CHECK(!shim_vanish_gone(t));
	CHECK(f.calls == 3);
	CHECK(send(t, 0x2A) == ENODEV); /* the third WRITE: gone */
	CHECK(shim_vanish_gone(t));
	CHECK(send(t, 0x00) == ENODEV); /* and everything after it */
	CHECK(f.calls == 3);		/* nothing reached the drive */
	scsi_transport_destroy(t);
}

int main(void)
{
	test_split();
	test_vanish();
	return check_finish();
}
