/*
 * burnfsctl_find.c - the drive directory a path is in (see
 * burnfsctl_find.h).
 */
#include "burnfsctl_find.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int ctl_find_drive_dir(const char *path, ctl_probe_fn probe, void *ctx,
		       char *out, size_t out_len)
{
	char dir[PATH_MAX];
	size_t n = strlen(path);
	if (path[0] != '/' || n >= sizeof(dir))
		return -1;
	memcpy(dir, path, n + 1);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	for (;;) {
		if (probe(ctx, dir)) {
			if (n >= out_len)
				return -1;
			memcpy(out, dir, n + 1);
			return 0;
		}
		if (n == 1)
			return -1; /* "/" was the last one */
		char *slash = strrchr(dir, '/');
		n = slash == dir ? 1 : (size_t)(slash - dir);
		dir[n] = '\0';
	}
}

static bool has(const char *dir, const char *name, mode_t type)
{
	char path[PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return false;
	return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

bool ctl_probe_filesystem(void *ctx, const char *dir)
{
	(void)ctx;
	return has(dir, "commit", S_IFREG) && has(dir, "status", S_IFREG) &&
	       has(dir, "tracks", S_IFDIR);
}

const char *ctl_base_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	return slash && slash[1] ? slash + 1 : dir;
}
