/*
 * shim_sysfs.c - the part of sysfs that programs scan to find CD drives,
 * as the kernel shows it for the one fake drive: the SCSI device
 * 2:0:0:0 under /sys/bus/scsi/devices with its type, vendor, model and
 * rev attributes (from the drive's INQUIRY data, as the SCSI mid-layer
 * takes them) and the nodes it has, block/sr0 and scsi_generic/sg0 with
 * their dev numbers.  cdrdao's scanbus globs these paths and reads the
 * attributes with fopen.
 *
 * Pure: which paths exist, what a directory lists, what a file holds,
 * its stat data.  shim_libc.c answers stat, opendir and open with it,
 * shim_sysfs_libc.c fopen and glob.
 */
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "shim.h"

#define DEV "/sys/bus/scsi/devices/2:0:0:0"

static const struct {
	const char *path;
	enum shim_sys_kind kind;
} entries[] = {
    {"/sys/bus/scsi", SHIM_SYS_PARENT},
    {"/sys/bus/scsi/devices", SHIM_SYS_PARENT},
    {DEV, SHIM_SYS_DIR},
    {DEV "/type", SHIM_SYS_FILE},
    {DEV "/vendor", SHIM_SYS_FILE},
    {DEV "/model", SHIM_SYS_FILE},
    {DEV "/rev", SHIM_SYS_FILE},
    {DEV "/block", SHIM_SYS_DIR},
    {DEV "/block/sr0", SHIM_SYS_DIR},
    {DEV "/block/sr0/dev", SHIM_SYS_FILE},
    {DEV "/scsi_generic", SHIM_SYS_DIR},
    {DEV "/scsi_generic/sg0", SHIM_SYS_DIR},
    {DEV "/scsi_generic/sg0/dev", SHIM_SYS_FILE},
};
#define N_ENTRIES (sizeof(entries) / sizeof(entries[0]))

_Static_assert(SHIM_HOST_NO == 2 && SHIM_CHANNEL == 0 && SHIM_TARGET == 0 &&
		   SHIM_LUN == 0,
	       "the sysfs name 2:0:0:0 is the drive's address");

const char *shim_sys_path(unsigned i)
{
	return i < N_ENTRIES ? entries[i].path : NULL;
}

enum shim_sys_kind shim_sys_lookup(const char *path)
{
	char buf[128];
	if (!path || path[0] != '/' || strlen(path) >= sizeof(buf) ||
	    !shim_path_normalise(path, buf, sizeof(buf)))
		return SHIM_SYS_NONE;
	for (unsigned i = 0; i < N_ENTRIES; i++)
		if (strcmp(buf, entries[i].path) == 0)
			return entries[i].kind;
	return SHIM_SYS_NONE;
}

unsigned shim_sys_children(const char *dir, const char **names, unsigned max)
{
	char buf[128];
	unsigned n = 0;
	if (!dir || strlen(dir) >= sizeof(buf) ||
	    !shim_path_normalise(dir, buf, sizeof(buf)))
		return 0;
	size_t len = strlen(buf);
	for (unsigned i = 0; i < N_ENTRIES && n < max; i++) {
		const char *p = entries[i].path;
		if (strncmp(p, buf, len) != 0 || p[len] != '/')
			continue;
		if (strchr(p + len + 1, '/'))
			continue; /* a grandchild */
		names[n++] = p + len + 1;
	}
	return n;
}

/* An INQUIRY text field as sysfs prints it: the bytes as they are. */
static int field(char *out, size_t cap, const uint8_t *inq, size_t off,
		 size_t len)
{
	char text[17];
	for (size_t i = 0; i < len; i++) {
		uint8_t c = inq[off + i];
		text[i] = c >= 0x20 && c < 0x7F ? (char)c : ' ';
	}
	text[len] = '\0';
	return snprintf(out, cap, "%s\n", text);
}

int shim_sys_render(const char *path, const uint8_t inquiry[36], char *out,
		    size_t cap)
{
	char buf[128];
	if (shim_sys_lookup(path) != SHIM_SYS_FILE ||
	    !shim_path_normalise(path, buf, sizeof(buf)))
		return -1;
	const char *name = strrchr(buf, '/') + 1;
	int n;
	if (strcmp(name, "type") == 0)
		n = snprintf(out, cap, "%d\n", inquiry[0] & 0x1F);
	else if (strcmp(name, "vendor") == 0)
		n = field(out, cap, inquiry, 8, 8);
	else if (strcmp(name, "model") == 0)
		n = field(out, cap, inquiry, 16, 16);
	else if (strcmp(name, "rev") == 0)
		n = field(out, cap, inquiry, 32, 4);
	else if (strstr(buf, "/block/"))
		n = snprintf(out, cap, "%d:%d\n", SHIM_SR_MAJOR, SHIM_MINOR);
	else
		n = snprintf(out, cap, "%d:%d\n", SHIM_SG_MAJOR, SHIM_MINOR);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

void shim_sys_stat(enum shim_sys_kind kind, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(0, 21); /* sysfs */
	st->st_ino = 9100 + (ino_t)kind;
	st->st_mode = kind == SHIM_SYS_FILE ? S_IFREG | 0444 : S_IFDIR | 0755;
	st->st_nlink = kind == SHIM_SYS_FILE ? 1 : 2;
	st->st_size = 4096; /* what sysfs reports for an attribute */
	st->st_blksize = 4096;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	st->st_atim = now;
	st->st_mtim = now;
	st->st_ctim = now;
}
