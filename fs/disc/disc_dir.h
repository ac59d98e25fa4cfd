/*
 * disc_dir.h - <drive>/disc/: the audio tracks of the disc in the drive
 * as read-only WAV files (01.wav, ...), read from the drive with READ CD
 * when a program reads them.  The listing follows the drive's media
 * description (re-read when the disc changes and after every burn);
 * opening or reading a track while a job runs fails with EBUSY.
 *
 * A disc_file is one open track.  Its lock protects its sector cache;
 * reads take the recorder's lock for each READ CD (recorder_read_audio)
 * and never hold a drive lock meanwhile.
 */
#ifndef BURNFS_DISC_DIR_H
#define BURNFS_DISC_DIR_H

#include <sys/stat.h>
#include <sys/types.h>

#include "drive.h"

/* Sectors per READ CD when a track is read. */
#define DISC_DIR_READ_SECTORS 27

struct disc_file;

/* Calls fill for each track file; st holds the fixed attributes to use
 * (mode, owner, times), its size is set per file. */
int disc_dir_readdir(struct drive *d,
		     int (*fill)(void *ctx, const char *name,
				 const struct stat *st),
		     void *ctx, const struct stat *tmpl);
/* Sets st_size for disc/<name>; -ENOENT when there is no such track. */
int disc_dir_getattr(struct drive *d, const char *name, struct stat *st);

/* Opens disc/<name> for reading; -ENOENT, -EROFS (opened for writing),
 * -EBUSY (a job runs), -ENOMEM. */
int disc_file_open(struct drive *d, const char *name, int flags,
		   struct disc_file **out);
/* pread: header bytes, then audio from the disc.  Bytes or -errno. */
int disc_file_read(struct disc_file *f, char *buf, size_t size, off_t off);
off_t disc_file_size(const struct disc_file *f);
void disc_file_close(struct disc_file *f);

#endif
