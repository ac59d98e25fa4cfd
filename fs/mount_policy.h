/*
 * mount_policy.h - the security rules burnfs applies to its own mount
 * and spool (threat model: doc/security.md):
 *   - with allow_other, default_permissions is forced, so the kernel
 *     checks the modes burnfs shows (control files writable by the owner
 *     only) for every other user;
 *   - the spool directories are private: mode 0700, owned by the user
 *     running burnfs.
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
/*
 * Makes sure the directory path (which exists) is private: owned by uid,
 * group and other bits cleared.  (The path the user gave may lead
 * through symbolic links of theirs; inside a private directory nobody
 * else can plant one.)  Returns 0
 * or a negative errno with a message in err.
 */
int mount_policy_private_dir(const char *path, uid_t uid, char *err,
			     size_t err_len);

#endif
