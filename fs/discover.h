/*
 * discover.h - finding the CD recorders of this machine with libcdio, for
 * a burnfs started without --drive.
 */
#ifndef BURNFS_DISCOVER_H
#define BURNFS_DISCOVER_H

#include <stddef.h>

/*
 * Returns a NULL-terminated, malloc'd array of device paths ("/dev/sr0")
 * of the drives libcdio finds that can write CD-R or CD-RW, with
 * symbolic links (/dev/cdrom) resolved and duplicates removed.  Free with
 * discover_free.  Returns NULL only when out of memory.
 */
char **discover_recorders(void);
void discover_free(char **paths);

#endif
