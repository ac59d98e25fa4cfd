/*
 * mount_policy.h - the security rules burnfs applies to its own mount
 * and spool (threat model: doc/security.md):
 *   - with allow_other, default_permissions is forced, so the kernel
 *     checks the modes burnfs shows (control files writable by the owner
 *     only) for every other user;
 * (the spool directories are kept private by spool_private_dir, spool.h).
 */
#ifndef BURNFS_MOUNT_POLICY_H
#define BURNFS_MOUNT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fuse_args;

/* True when one of the FUSE arguments asks for allow_other (pure). */
bool mount_policy_wants_allow_other(int argc, char **argv);
/* Adds -o default_permissions when allow_other is asked for.  Returns 0
 * or -ENOMEM. */
int mount_policy_apply(struct fuse_args *args);
#endif
