/*
 * fuse_ops.h - the FUSE operations of burnfs (libfuse3 high-level API):
 * maps paths onto drives, their text and control files, and tracks/.
 *
 *   /                     one directory per drive
 *   /<drive>/tracks/      the staging area (staging.h)
 *   /<drive>/info ...     read-only text, rendered at open (direct_io)
 *   /<drive>/progress     a live stream (progress_feed.h)
 *   /<drive>/do_not_finalize ... mcn   rw control files
 *   /<drive>/commit, cancel            write-only actions
 *
 * Entry and attribute timeouts are 0 (the daemon changes tracks/ by
 * itself after a burn), the writeback cache stays off, and unlink
 * removes at once (hard_remove): open handles keep their bytes.
 */
#ifndef BURNFS_FUSE_OPS_H
#define BURNFS_FUSE_OPS_H

#include <fuse.h>
#include <fuse_lowlevel.h>

#include <stddef.h>
#include <time.h>

#include "drive.h"

/* The filesystem's private data (fuse_get_context()->private_data). */
struct burnfs {
	struct drive **drives;
	size_t n_drives;
	struct timespec mount_time;
	uid_t uid;
	gid_t gid;
};

extern const struct fuse_operations burnfs_operations;

#endif
