/*
 * pid_lock.h - a lock file that makes a path belong to one process at a
 * time: flock(2) on PATH (created 0600) held for as long as the returned
 * descriptor is open, with the holder's pid written into the file so that
 * whoever is refused can be told who holds it.  The kernel drops the lock
 * when the holder dies, so a lock file left by a dead process is simply
 * taken over.  Used for a drive's spool directory and a virtual
 * recorder's image.
 */
#ifndef BURNFS_PID_LOCK_H
#define BURNFS_PID_LOCK_H

#include <stddef.h>

/*
 * Takes the lock.  Returns the descriptor that holds it (close it, or
 * exit, to release), or -errno with a sentence in err: -EBUSY when
 * another process holds it ("PATH is in use by process PID (COMM)").
 */
int pid_lock_take(const char *path, char *err, size_t err_len);

/* Releases a lock from pid_lock_take (fd < 0: nothing). */
void pid_lock_release(int fd);

#endif
