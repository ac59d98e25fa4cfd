/*
 * fuse_ops.h - the FUSE operations of burnfs (libfuse3 low-level API):
 * inode numbers (inode_table.h) onto drives, their text and control
 * files, tracks/ and disc/.
 *
 *   /                     one directory per drive
 *   /<drive>/tracks/      the staging area (staging.h)
 *   /<drive>/info ...     read-only text, rendered at open (direct_io)
 *   /<drive>/progress     a live stream (progress_feed.h)
 *   /<drive>/do_not_finalize ... mcn   rw control files
 *   /<drive>/commit, cancel            write-only actions
 *   /<drive>/disc/        the disc's tracks as WAV files (disc_dir.h)
 *   /.Trash-<uid>/        the FreeDesktop trash of a user (fuse_trash.c)
 *
 * Entry and attribute timeouts are 0 (the daemon changes tracks/ and
 * disc/ by itself after a burn, and then also removes or makes the names
 * through the mount point, or tells the kernel to forget them), the
 * writeback cache stays off, and unlink removes at once: open handles
 * keep their bytes.
 *
 * Use: burnfs_fuse_setup after the drives are open, fuse_session_new
 * with burnfs_ll_ops and the struct burnfs as user data, the mount (and
 * fuse_daemonize), burnfs_fuse_start, the loop; after it
 * burnfs_fuse_unmounting, the unmount, burnfs_fuse_stop once the drives
 * are shut down, then fuse_session_destroy and burnfs_fuse_free.
 */
#ifndef BURNFS_FUSE_OPS_H
#define BURNFS_FUSE_OPS_H

#include <fuse_lowlevel.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "drive.h"

struct burnfs_fuse; /* the FUSE layer's own state (fuse_node.h) */

/* The filesystem's private data (fuse_req_userdata). */
struct burnfs {
	struct drive **drives;
	size_t n_drives;
	struct timespec mount_time;
	uid_t uid;
	gid_t gid;
	/* -o uid=, gid=, umask=: shown for every file instead. */
	bool set_uid, set_gid, set_mode;
	uid_t show_uid;
	gid_t show_gid;
	mode_t umask;
	/* The spool (main's buffer): <spool>/.trash-<uid>/info holds the
	 * info files of the trash at the mount's root (fuse_trash.c). */
	const char *spool_dir;
	struct burnfs_fuse *ll;
};

extern const struct fuse_lowlevel_ops burnfs_ll_ops;

/* Inode table, per-drive state, hooks into the drives.  0 or -ENOMEM. */
int burnfs_fuse_setup(struct burnfs *fs);
/*
 * Starts the thread that tells the kernel of burnfs's own changes: calls
 * through mountpoint (where se is mounted: file managers' inotify sees
 * them) or invalidations on se.  0 or -errno.
 */
int burnfs_fuse_start(struct burnfs *fs, struct fuse_session *se,
		      const char *mountpoint);
/* The loop ended: the thread makes no more calls through the mount
 * point (before the unmount). */
void burnfs_fuse_unmounting(struct burnfs *fs);
/* The loop ended and the drives are shut down: answers the reads still
 * waiting and stops the thread. */
void burnfs_fuse_stop(struct burnfs *fs);
void burnfs_fuse_free(struct burnfs *fs);

#endif
