/*
 * shim_vanish.h - a drive that disappears: a struct scsi_transport that
 * forwards every command to another one until a given number of WRITE(10)
 * commands went through, and from then on answers every command as the
 * kernel does for a device that was unplugged (transport failure ENODEV,
 * which SG_IO reports as DID_NO_CONNECT).  Used by the sg shim for the
 * BURNFS_SHIM_DRIVE key vanish_after_writes=N, so that burnfs's handling
 * of a drive lost in the middle of a burn can be tested.
 */
#ifndef BURNFS_SHIM_VANISH_H
#define BURNFS_SHIM_VANISH_H

#include <stdbool.h>

#include "scsi.h"

/*
 * Wraps inner (taking ownership): after_writes WRITE(10) commands are
 * executed, every later command fails.  NULL when out of memory (inner
 * is then destroyed).
 */
struct scsi_transport *shim_vanish_wrap(struct scsi_transport *inner,
					unsigned long after_writes);

/* True when t is a wrapper whose drive has gone. */
bool shim_vanish_gone(const struct scsi_transport *t);

/*
 * Splits the shim's own keys off a BURNFS_SHIM_DRIVE value: copies spec
 * without "vanish_after_writes=N" into out (out_len bytes) and stores N
 * in *after_writes (0 when absent).  Returns 0, or -1 for a bad N or a
 * value too long for out.
 */
int shim_vanish_split_spec(const char *spec, char *out, size_t out_len,
			   unsigned long *after_writes);

#endif
