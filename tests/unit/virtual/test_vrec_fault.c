/*
 * test_vrec_fault.c - the virtual recorder's faults (fault keys of the
 * spec, writer/virtual/vrec_fault.c): the spec parser, the write error,
 * the medium removed and loaded again, busy polls, the command that
 * never completes, short answers, power loss and the damaged track found
 * at the next open.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_fault.h"
#include "vtest.h"

static void test_spec(void)
{
	struct vrec_config c;
	char err[256];
	CHECK_EQ(vrec_parse_spec("a:/tmp/x", &c, err, sizeof(err)), 0);
	CHECK_EQ(c.faults.armed, 0);
	CHECK_EQ(vrec_parse_spec("a:/tmp/x,fail_write_at=100,busy_polls=5,"
				 "short_data=0x52,hang_at=7,remove_at=0,"
				 "power_loss_at=2147483647",
				 &c, err, sizeof(err)),
		 0);
	CHECK_EQ(c.faults.fail_write_at, 100);
	CHECK_EQ(c.faults.busy_polls, 5);
	CHECK_EQ(c.faults.short_data_op, 0x52);
	CHECK_EQ(c.faults.hang_at, 7);
	CHECK_EQ(c.faults.remove_at, 0);
	CHECK_EQ(c.faults.power_loss_at, 2147483647);
	CHECK_EQ(c.faults.armed, 0x3F);
	CHECK_EQ(vrec_parse_spec("a:/x,short_data=BBh", &c, err, sizeof(err)),
		 0);
	CHECK_EQ(c.faults.short_data_op, 0xBB);
	const char *bad[] = {
	    "a:/x,fail_write_at=-1", "a:/x,fail_write_at=",
	    "a:/x,fail_write_at=1x", "a:/x,hang_at=2147483648",
	    "a:/x,busy_polls=0",     "a:/x,busy_polls=1001",
	    "a:/x,busy_polls=-3",    "a:/x,short_data=100",
	    "a:/x,short_data=zz",    "a:/x,short_data=-1",
	    "a:/x,power_loss_at= 5", "a:/x,remove_at=99999999999",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = vrec_parse_spec(bad[i], &c, err, sizeof(err));
		CHECK_EQ(r, -EINVAL);
		if (r != -EINVAL)
			fprintf(stderr, "accepted: %s\n", bad[i]);
	}
	/* The misreads of CD-TEXT and Q sub-channel. */
	CHECK_EQ(vrec_parse_spec("a:/x", &c, err, sizeof(err)), 0);
	CHECK(!c.corrupt_cdtext_set);
	CHECK_EQ(c.n_corrupt_q, 0);
	CHECK_EQ(vrec_parse_spec("a:/x,corrupt_cdtext=0,corrupt_q=15-30", &c,
				 err, sizeof(err)),
		 0);
	CHECK(c.corrupt_cdtext_set);
	CHECK_EQ(c.corrupt_cdtext, 0);
	CHECK_EQ(c.n_corrupt_q, 1);
	CHECK_EQ(c.corrupt_q.first, 15);
	CHECK_EQ(c.corrupt_q.last, 30);
	CHECK_EQ(vrec_parse_spec("a:/x,corrupt_q=7", &c, err, sizeof(err)), 0);
	CHECK_EQ(c.corrupt_q.first, 7);
	CHECK_EQ(c.corrupt_q.last, 7);
	const char *bad_misread[] = {
	    "a:/x,corrupt_cdtext=-1", "a:/x,corrupt_cdtext=2048",
	    "a:/x,corrupt_cdtext=",   "a:/x,corrupt_q=9-3",
	    "a:/x,corrupt_q=-4",      "a:/x,corrupt_q=1-",
	};
	for (size_t i = 0; i < sizeof(bad_misread) / sizeof(bad_misread[0]);
	     i++)
		CHECK_EQ(vrec_parse_spec(bad_misread[i], &c, err, sizeof(err)),
			 -EINVAL);

	uint8_t w[10] = {0x2A};
	put_be32(w + 2, 100);
	put_be16(w + 7, 27);
	CHECK(vrec_fault_write_covers(w, 100));
	CHECK(vrec_fault_write_covers(w, 126));
	CHECK(!vrec_fault_write_covers(w, 127));
	CHECK(!vrec_fault_write_covers(w, 99));
	w[0] = 0x28;
	CHECK(!vrec_fault_write_covers(w, 100));
}

static int setup(struct scsi_transport *t)
{
	return vt_page05(t, 1, false, 3, 0, 0);
}

static void test_fail_write(void)
{
	struct scsi_transport *t = vt_open("fw", "fail_write_at=40");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), SK(3, 0x0C, 0x00));
	/* Nothing of the failed WRITE was taken: the NWA did not move. */
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 1, 1, ti), 0);
	CHECK_EQ(get_be32(ti + 12), 27);
	/* Once only: the host may go on; SYNCHRONIZE CACHE ends the track. */
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), 0);
	CHECK_EQ(vt_sync(t, false), 0);
	CHECK_EQ(vt_nwa(t), 300 + 152);
	scsi_transport_destroy(t);
}

static void test_remove_and_load(void)
{
	struct scsi_transport *t = vt_open("rm", "remove_at=60");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), 0);
	CHECK_EQ(vt_write(t, 54, 27, 1, 54), SK(2, 0x3A, 0x00));
	CHECK_EQ(vt_tur(t), SK(2, 0x3A, 0x00));
	CHECK_EQ(vt_sync(t, true), SK(2, 0x3A, 0x00));
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), SK(2, 0x3A, 0x00));
	/* Eject answers GOOD; the disc is still out. */
	uint8_t ej[6] = {0x1B, 0, 0, 0, 0x02, 0};
	CHECK_EQ(vt_exec(t, ej, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_tur(t), SK(2, 0x3A, 0x00));
	/* Loaded again: unit attention once, then the disc as it was left:
	 * the track broken off after 54 sectors, marked damaged. */
	uint8_t ld[6] = {0x1B, 0, 0, 0, 0x03, 0};
	CHECK_EQ(vt_exec(t, ld, 6, SCSI_DIR_NONE, NULL, 0, NULL), 0);
	CHECK_EQ(vt_tur(t), SK(6, 0x28, 0x00));
	CHECK_EQ(vt_tur(t), 0);
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 1, 1, ti), 0);
	CHECK_EQ(get_be32(ti + 24), 54 + 2);
	CHECK(ti[5] & 0x20); /* Damage */
	CHECK_EQ(vt_nwa(t), 54 + 152);
	/* The next track goes after it. */
	CHECK_EQ(vt_burn_track(t, 2, 300), 54 + 152);
	scsi_transport_destroy(t);
}

static void test_busy_polls(void)
{
	struct scsi_transport *t = vt_open("busy", "busy_polls=4");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(vt_write(t, 27, 27, 1, 27), SK(2, 0x04, 0x08));
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(vt_sync(t, false), SK(2, 0x04, 0x08));
	CHECK_EQ(vt_sync(t, false), 0);
	CHECK_EQ(vt_wait_ready(t), 4);
	CHECK_EQ(vt_tur(t), 0);
	scsi_transport_destroy(t);
}

static void test_hang_and_short(void)
{
	struct scsi_transport *t = vt_open("hang", "hang_at=30,short_data=52");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	struct scsi_cmd c;
	struct scsi_result r;
	uint8_t data[27 * CD_SECTOR_BYTES] = {0};
	memset(&c, 0, sizeof(c));
	c.cdb[0] = 0x2A;
	put_be32(c.cdb + 2, 27);
	put_be16(c.cdb + 7, 27);
	c.cdb_len = 10;
	c.dir = SCSI_DIR_TO_DEVICE;
	c.data = data;
	c.data_len = sizeof(data);
	CHECK_EQ(scsi_execute(t, &c, &r), ETIMEDOUT);
	CHECK_EQ(r.transport_errno, ETIMEDOUT);
	/* The drive answers the next command. */
	CHECK_EQ(vt_tur(t), 0);
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), 0);
	/* READ TRACK INFORMATION answers 2 bytes; others in full. */
	uint8_t cdb[10] = {0x52, 1, 0, 0, 0, 1, 0, 0, 36, 0};
	uint8_t b[36];
	size_t got = 99;
	CHECK_EQ(vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, b, 36, &got), 0);
	CHECK_EQ(got, 2);
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), 0);
	scsi_transport_destroy(t);
}

static void test_power_loss(void)
{
	struct scsi_transport *t = vt_open("pl2", "power_loss_at=60");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_write(t, 0, 27, 1, 0), 0);
	CHECK_EQ(vt_write(t, 27, 27, 1, 27), 0);
	CHECK_EQ(vt_write(t, 54, 27, 1, 54), -1); /* transport error */
	CHECK_EQ(vt_tur(t), -1);		  /* gone for good */
	CHECK_EQ(vt_sync(t, false), -1);
	scsi_transport_destroy(t);
	/* IMAGE.bin holds exactly the 60 sectors before the LBA. */
	char path[4200];
	snprintf(path, sizeof(path), "%s.bin", vt_image("pl2"));
	struct stat st;
	CHECK_EQ(stat(path, &st), 0);
	CHECK_EQ(st.st_size, 60 * CD_SECTOR_BYTES);

	/* Power back: the disc shows an open session whose track 1 is the
	 * 60 sectors, damaged; the next track goes after it. */
	t = vt_open("pl2", "");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t di[34], ti[36];
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 1);	  /* incomplete disc */
	CHECK_EQ((di[2] >> 2) & 0x03, 1); /* incomplete session */
	CHECK_EQ(vt_rti(t, 1, 1, ti), 0);
	CHECK_EQ(get_be32(ti + 8), 0);
	CHECK_EQ(get_be32(ti + 24), 62);
	CHECK(ti[5] & 0x20);
	uint8_t sector[CD_SECTOR_BYTES], want[CD_SECTOR_BYTES];
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(fseek(f, 59L * CD_SECTOR_BYTES, SEEK_SET), 0);
		CHECK_EQ(fread(sector, 1, sizeof(sector), f), sizeof(sector));
		fclose(f);
		vt_fill(want, 1, 59);
		CHECK(memcmp(sector, want, sizeof(want)) == 0);
	}
	CHECK_EQ(setup(t), 0);
	CHECK_EQ(vt_burn_track(t, 2, 300), 60 + 152);
	scsi_transport_destroy(t);
	/* The state file keeps the damaged mark across opens. */
	t = vt_open("pl2", "");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ(vt_rti(t, 1, 1, ti), 0);
	CHECK(ti[5] & 0x20);
	CHECK_EQ(vt_rti(t, 1, 2, ti), 0);
	CHECK(!(ti[5] & 0x20));
	CHECK_EQ(vt_nwa(t), 60 + 152 + 300 + 152);
	scsi_transport_destroy(t);
}

int main(void)
{
	vt_tmpdir();
	test_spec();
	test_fail_write();
	test_remove_and_load();
	test_busy_polls();
	test_hang_and_short();
	test_power_loss();
	vt_cleanup();
	return vt_finish();
}
