/*
 * mount_policy.c - forcing default_permissions with allow_other, and
 * keeping the spool private (see mount_policy.h, doc/security.md).
 */
#include "mount_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <fuse_opt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* True when the comma-separated option list opts holds word. */
static bool has_option(const char *opts, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = opts; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		if (l == wl && memcmp(p, word, wl) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

bool mount_policy_wants_allow_other(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 && i + 1 < argc) {
			if (has_option(argv[++i], "allow_other"))
				return true;
		} else if (strncmp(a, "-o", 2) == 0 &&
			   has_option(a + 2, "allow_other")) {
			return true;
		}
	}
	return false;
}

int mount_policy_apply(struct fuse_args *args)
{
	if (!mount_policy_wants_allow_other(args->argc, args->argv))
		return 0;
	return fuse_opt_add_arg(args, "-odefault_permissions") < 0 ? -ENOMEM
								   : 0;
}

int mount_policy_private_dir(const char *path, uid_t uid, char *err,
			     size_t err_len)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(err, err_len, "%s: %s", path, strerror(e));
		return -e;
	}
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		snprintf(err, err_len, "cannot stat %s: %s", path,
			 strerror(-rc));
	} else if (st.st_uid != uid) {
		rc = -EPERM;
		snprintf(err, err_len,
			 "%s belongs to uid %u, not to the user running burnfs "
			 "(%u)",
			 path, (unsigned)st.st_uid, (unsigned)uid);
	} else if ((st.st_mode & 077) && fchmod(fd, st.st_mode & 0700) < 0) {
		rc = -errno;
		snprintf(err, err_len, "cannot make %s private: %s", path,
			 strerror(-rc));
	}
	close(fd);
	return rc;
}
