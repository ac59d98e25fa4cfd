/*
 * test_shim_sysfs.c - the drive's sysfs entries (shim_sysfs.c): which
 * paths exist, what each directory lists, the attribute texts built from
 * INQUIRY data, byte for byte; and the device names (/dev/scd0 is the
 * sr node too).
 */
#include <string.h>
#include <sys/stat.h>

#include "shim.h"
#include "test_fake.h"

#define DEV "/sys/bus/scsi/devices/2:0:0:0"

static void test_lookup(void)
{
	CHECK(shim_sys_lookup("/sys/bus/scsi/devices") == SHIM_SYS_PARENT);
	CHECK(shim_sys_lookup("/sys/bus/scsi/devices/") == SHIM_SYS_PARENT);
	CHECK(shim_sys_lookup(DEV) == SHIM_SYS_DIR);
	CHECK(shim_sys_lookup("//sys/bus/scsi/devices/./2:0:0:0/") ==
	      SHIM_SYS_DIR);
	CHECK(shim_sys_lookup(DEV "/type") == SHIM_SYS_FILE);
	CHECK(shim_sys_lookup(DEV "/block/sr0/dev") == SHIM_SYS_FILE);
	CHECK(shim_sys_lookup(DEV "/block/sr1") == SHIM_SYS_NONE);
	CHECK(shim_sys_lookup(DEV "/../2:0:0:0/type") == SHIM_SYS_NONE);
	CHECK(shim_sys_lookup("/sys/bus") == SHIM_SYS_NONE);
	CHECK(shim_sys_lookup("sys/bus/scsi/devices") == SHIM_SYS_NONE);
	CHECK(shim_sys_lookup(NULL) == SHIM_SYS_NONE);
	unsigned n = 0;
	while (shim_sys_path(n))
		n++;
	CHECK(n == 13);
}

static void test_children(void)
{
	const char *names[8];
	unsigned n = shim_sys_children("/sys/bus/scsi/devices", names, 8);
	CHECK(n == 1 && strcmp(names[0], "2:0:0:0") == 0);
	n = shim_sys_children(DEV "/", names, 8);
	CHECK(n == 6);
	const char *want[6] = {"type", "vendor", "model",
			       "rev",  "block",	 "scsi_generic"};
	for (unsigned i = 0; i < 6 && i < n; i++)
		CHECK(strcmp(names[i], want[i]) == 0);
	n = shim_sys_children(DEV "/block", names, 8);
	CHECK(n == 1 && strcmp(names[0], "sr0") == 0);
	CHECK(shim_sys_children(DEV "/type", names, 8) == 0);
	CHECK(shim_sys_children(DEV, names, 2) == 2);
}

static void test_render(void)
{
	uint8_t inq[36] = {0x05, 0x80, 0x05, 0x02, 31};
	memcpy(inq + 8, "BURNFS  Virtual CD-RW   1.00", 28);
	char out[64];
	CHECK(shim_sys_render(DEV "/type", inq, out, sizeof(out)) == 2);
	CHECK(strcmp(out, "5\n") == 0);
	CHECK(shim_sys_render(DEV "/vendor", inq, out, sizeof(out)) == 9);
	CHECK(strcmp(out, "BURNFS  \n") == 0);
	CHECK(shim_sys_render(DEV "/model", inq, out, sizeof(out)) == 17);
	CHECK(strcmp(out, "Virtual CD-RW   \n") == 0);
	CHECK(shim_sys_render(DEV "/rev", inq, out, sizeof(out)) == 5);
	CHECK(strcmp(out, "1.00\n") == 0);
	CHECK(shim_sys_render(DEV "/block/sr0/dev", inq, out, sizeof(out)) ==
	      5);
	CHECK(strcmp(out, "11:0\n") == 0);
	CHECK(shim_sys_render(DEV "/scsi_generic/sg0/dev", inq, out,
			      sizeof(out)) == 5);
	CHECK(strcmp(out, "21:0\n") == 0);
	CHECK(shim_sys_render(DEV, inq, out, sizeof(out)) == -1);
	CHECK(shim_sys_render(DEV "/model", inq, out, 8) == -1);
	inq[9] = 0x01; /* unprintable bytes print as spaces */
	CHECK(shim_sys_render(DEV "/vendor", inq, out, sizeof(out)) == 9);
	CHECK(strcmp(out, "B RNFS  \n") == 0);
}

static void test_stat(void)
{
	struct stat st;
	shim_sys_stat(SHIM_SYS_FILE, &st);
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444);
	CHECK(st.st_size == 4096);
	shim_sys_stat(SHIM_SYS_DIR, &st);
	CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0755);
}

static void test_scd_name(void)
{
	CHECK(shim_node_of_path("/dev/scd0") == SHIM_NODE_SR);
	CHECK(shim_node_of_path("/dev/scd1") == SHIM_NODE_NONE);
	CHECK(shim_node_of_path("/dev/sr0") == SHIM_NODE_SR);
}

int main(void)
{
	test_lookup();
	test_children();
	test_render();
	test_stat();
	test_scd_name();
	return check_finish();
}
