/*
 * shim_node.c - the fake device nodes of the sg shim: which paths name
 * them, and the stat data a program sees for them (/dev/sr0 a block
 * device 11:0, /dev/sg0 a char device 21:0, both rw for root and the
 * cdrom group, as udev creates them).
 */
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "shim.h"

bool shim_path_normalise(const char *in, char *out, size_t out_len)
{
	size_t o = 0;
	const char *p = in;
	while (*p) {
		if (*p == '/') {
			while (*p == '/')
				p++;
			if (p[0] == '.' && (p[1] == '/' || p[1] == '\0')) {
				p++;
				continue;
			}
			if (p[0] == '.' && p[1] == '.' &&
			    (p[2] == '/' || p[2] == '\0'))
				return false;
			if (*p == '\0')
				break;
			if (o + 1 >= out_len)
				return false;
			out[o++] = '/';
			continue;
		}
		if (o + 1 >= out_len)
			return false;
		out[o++] = *p++;
	}
	out[o] = '\0';
	return true;
}

enum shim_node shim_node_of_path(const char *path)
{
	char buf[32];
	if (!path || path[0] != '/' || strlen(path) >= sizeof(buf))
		return SHIM_NODE_NONE;
	if (!shim_path_normalise(path, buf, sizeof(buf)))
		return SHIM_NODE_NONE;
	if (strcmp(buf, "/dev/sr0") == 0 || strcmp(buf, "/dev/scd0") == 0)
		return SHIM_NODE_SR;
	if (strcmp(buf, "/dev/sg0") == 0)
		return SHIM_NODE_SG;
	return SHIM_NODE_NONE;
}

const char *shim_node_name(enum shim_node node)
{
	switch (node) {
	case SHIM_NODE_SR:
		return "sr0";
	case SHIM_NODE_SG:
		return "sg0";
	case SHIM_NODE_NONE:
		break;
	}
	return "";
}

void shim_node_stat(enum shim_node node, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	bool sr = node == SHIM_NODE_SR;
	st->st_dev = makedev(0, 5); /* devtmpfs */
	st->st_ino = sr ? 4100 : 4101;
	st->st_mode = (sr ? S_IFBLK : S_IFCHR) | 0660;
	st->st_nlink = 1;
	st->st_uid = 0;
	st->st_gid = 24; /* cdrom */
	st->st_rdev = makedev(sr ? SHIM_SR_MAJOR : SHIM_SG_MAJOR, SHIM_MINOR);
	st->st_size = 0;
	st->st_blksize = 4096;
	st->st_blocks = 0;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	st->st_atim = now;
	st->st_mtim = now;
	st->st_ctim = now;
}

void shim_fd_init(struct shim_fd *f, enum shim_node node, int flags)
{
	memset(f, 0, sizeof(*f));
	f->node = node;
	f->flags = flags;
	f->reserved_size = (int)SHIM_MAX_XFER;
	f->timeout_ticks = SHIM_DEFAULT_TIMEOUT_TICKS;
	f->lock_fd = -1;
}
