/*
 * burnfsctl_find.h - finding the burnfs drive directory a path is in:
 * the path itself or the nearest directory above it that has `commit`,
 * `status` and `tracks/` (a drive directory, its tracks/, a staged
 * track, a disc/ file all lead to it).  The walk is pure string work on
 * an absolute path; what a drive directory looks like is asked of a
 * probe, so that tests can give one.
 */
#ifndef BURNFSCTL_FIND_H
#define BURNFSCTL_FIND_H

#include <stdbool.h>
#include <stddef.h>

/* Whether dir (an absolute path) is a burnfs drive directory. */
typedef bool (*ctl_probe_fn)(void *ctx, const char *dir);

/*
 * Walks up from path (absolute, without "." or ".." components: a
 * realpath) to "/" and puts the first directory the probe accepts into
 * out.  0, or -1 when none is (or out is too small).
 */
int ctl_find_drive_dir(const char *path, ctl_probe_fn probe, void *ctx,
		       char *out, size_t out_len);

/* The probe on the real filesystem: commit and status regular files,
 * tracks a directory. */
bool ctl_probe_filesystem(void *ctx, const char *dir);

/* The last component of an absolute directory path ("/" for "/"). */
const char *ctl_base_name(const char *dir);

#endif
