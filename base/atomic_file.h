/*
 * atomic_file.h - replacing a small file so that a crash or a power cut
 * leaves either the old contents or the new ones, never a mix: the data
 * go to "PATH.tmp", which is fsynced, renamed over PATH, and then the
 * directory is fsynced so that the rename itself is durable.  Used for the
 * spool's .meta and controls files and the virtual recorder's IMAGE.state.
 */
#ifndef BURNFS_ATOMIC_FILE_H
#define BURNFS_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Writes len bytes of data as the new contents of path (created with
 * mode when new).  Returns 0 once the contents and the name are on disk,
 * or -errno (the old file, if any, is then unchanged and no PATH.tmp is
 * left behind).
 */
int atomic_file_write(const char *path, const void *data, size_t len,
		      mode_t mode);

/* fsyncs the directory that holds path (its last '/' separates). */
int atomic_file_sync_parent(const char *path);

/* fsyncs the directory dir, so that the names created, renamed or removed
 * in it are on disk.  0 or -errno. */
int atomic_file_sync_dir(const char *dir);

#endif
