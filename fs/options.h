/*
 * options.h - burnfs's own command-line options, parsed with fuse_opt
 * so that they mix with the standard FUSE options (-f, -d, -s, -o ...):
 *
 *   --virtual=NAME:IMAGE[,key=value...]   or  -o virtual=...  (repeatable;
 *        in the -o form the virtual recorder's keys media=, speed=,
 *        pace=, buffer= that follow belong to the last virtual=)
 *   --drive=/dev/srN                      or  -o drive=...    (repeatable)
 *   --spool=DIR                           or  -o spool=DIR
 *   --no-notify                           or  -o nonotify   (no desktop
 *        notifications)
 *   --help / -h, --version / -V
 *   [SOURCE] MOUNTPOINT    SOURCE ("none" from mount(8)/fstab) is ignored
 *   -o uid=N, gid=N, umask=M   owner, group and permission bits shown for
 *        every file instead of burnfs's own (as libfuse's high-level
 *        options of the same names did)
 *   -o hard_remove, use_ino, readdir_ino, direct_io, kernel_cache,
 *        auto_cache, noauto_cache, entry_timeout=, attr_timeout=,
 *        ac_attr_timeout=, negative_timeout=, noforget, remember=, intr,
 *        intr_signal=, no_rofd_flush   accepted for old command lines and
 *        ignored: burnfs sets timeouts, caching and removal itself
 *
 * What burnfs does not know stays in args for libfuse.
 */
#ifndef BURNFS_OPTIONS_H
#define BURNFS_OPTIONS_H

#include <fuse_opt.h>

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct burnfs_options {
	char **virtuals;
	size_t n_virtuals;
	char **drives;
	size_t n_drives;
	char *spool;
	bool no_notify; /* --no-notify, -o nonotify */
	bool help;
	bool version;
	bool set_uid, set_gid, set_mode; /* -o uid=, gid=, umask= given */
	uid_t uid;
	gid_t gid;
	mode_t umask;
};

/* Parses and removes burnfs's options from args.  0 or -1 (message printed). */
int burnfs_options_parse(struct fuse_args *args, struct burnfs_options *o);
void burnfs_options_free(struct burnfs_options *o);
void burnfs_options_usage(const char *progname);

#endif
