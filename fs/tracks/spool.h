/*
 * spool.h - the spool directory on disk: where staged tracks and the
 * control values live between mounts.
 *
 *   <spool>/<drive>/t000123.audio   the bytes the user wrote, unchanged
 *   <spool>/<drive>/t000123.meta    their track_meta (written atomically)
 *   <spool>/<drive>/d000045.folder  a folder of tracks/ (its track_meta:
 *                                   name, parent folder, mode, times)
 *   <spool>/<drive>/controls        the control files' values
 *   <spool>/<drive>/lock            flock of the burnfs using it (drive.c)
 *   <spool>/<drive>/t000123.damaged.*    set aside at mount (spool_load.c):
 *   <spool>/<drive>/t000123.duplicate.*  never loaded nor deleted
 *   <spool>/<drive>/t000123.unfinished.*
 *
 * File I/O helpers only; what the files mean is in staging.c and drive.c.
 */
#ifndef BURNFS_SPOOL_H
#define BURNFS_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* $XDG_STATE_HOME/burnfs, or ~/.local/state/burnfs.  0 or -errno. */
int spool_default_dir(char *out, size_t out_len);

/*
 * Creates dir and its missing parents; dir itself with mode 0700.
 * Returns 0 or -errno with a sentence in err.
 */
int spool_make_dir(const char *dir, char *err, size_t err_len);

/*
 * Makes sure the directory path (which exists) is private: owned by uid,
 * group and other bits cleared.  (The path the user gave may lead
 * through symbolic links of theirs; inside a private directory nobody
 * else can plant one.)  Returns 0
 * or a negative errno with a message in err.
 */
int spool_private_dir(const char *path, uid_t uid, char *err, size_t err_len);

/*
 * Replaces dir/name with data, durably (atomic_file_write, mode 0600).
 * Returns 0 or -errno.
 */
int spool_write_atomic(const char *dir, const char *name, const void *data,
		       size_t len);

/* Reads a whole (small) file into a new NUL-terminated buffer. */
int spool_read_file(const char *path, char **data, size_t *len);

/* "<dir>/t000123.<ext>" into out. */
void spool_track_path(const char *dir, uint32_t id, const char *ext, char *out,
		      size_t out_len);
/* "t000123.<ext>" into out. */
void spool_track_name(uint32_t id, const char *ext, char *out, size_t out_len);

/*
 * Parses a spool file name "t<digits>.<ext>": returns 1 and sets *id
 * and *ext (pointer into name) for a track file, 0 otherwise.
 */
int spool_parse_track_name(const char *name, uint32_t *id, const char **ext);

/* "d000045.folder" into out. */
void spool_folder_name(uint32_t id, char *out, size_t out_len);
/* "<dir>/d000045.folder" into out. */
void spool_folder_path(const char *dir, uint32_t id, char *out, size_t out_len);
/* Parses "d<digits>.folder": 1 and *id for a folder's file, else 0. */
int spool_parse_folder_name(const char *name, uint32_t *id);

#endif
