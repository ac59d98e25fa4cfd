/*
 * spool.c - file I/O for the spool directory (see spool.h).
 */
#include "spool.h"

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int spool_default_dir(char *out, size_t out_len)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	int n;
	if (xdg && xdg[0] == '/') {
		n = snprintf(out, out_len, "%s/burnfs", xdg);
	} else {
		const char *home = getenv("HOME");
		if (!home || home[0] != '/')
			return -ENOENT;
		n = snprintf(out, out_len, "%s/.local/state/burnfs", home);
	}
	if (n < 0 || (size_t)n >= out_len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * mkdir, and when it made the directory, an fsync of its parent: the
 * files acknowledged in it later must not vanish with its name at a
 * power cut.
 */
static int make_one_dir(const char *path, mode_t mode, char *err,
			size_t err_len)
{
	int rc = 0;
	if (mkdir(path, mode) == 0)
		rc = atomic_file_sync_parent(path);
	else if (errno != EEXIST)
		rc = -errno;
	if (rc < 0)
		snprintf(err, err_len, "cannot create %s: %s", path,
			 strerror(-rc));
	return rc;
}

int spool_make_dir(const char *dir, char *err, size_t err_len)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);
	if (len == 0 || len >= sizeof(path)) {
		snprintf(err, err_len,
			 "spool directory name is empty or too long");
		return -ENAMETOOLONG;
	}
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = make_one_dir(path, 0755, err, err_len);
		if (rc < 0)
			return rc;
		*p = '/';
	}
	int rc = make_one_dir(path, 0700, err, err_len);
	if (rc < 0)
		return rc;
	struct stat st;
	if (stat(path, &st) < 0) {
		int e = errno;
		snprintf(err, err_len, "cannot stat %s: %s", path, strerror(e));
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s is not a directory", path);
		return -ENOTDIR;
	}
	int pr = spool_private_dir(path, geteuid(), err, err_len);
	if (pr < 0)
		return pr;
	if (access(path, W_OK | X_OK) < 0) {
		int e = errno;
		snprintf(err, err_len, "cannot write to %s: %s", path,
			 strerror(e));
		return -e;
	}
	return 0;
}

int spool_private_dir(const char *path, uid_t uid, char *err, size_t err_len)
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

int spool_write_atomic(const char *dir, const char *name, const void *data,
		       size_t len)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	return atomic_file_write(path, data, len, 0600);
}

int spool_read_file(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (used + 1 >= cap) {
			if (cap >= (1u << 20)) { /* metadata is small */
				free(buf);
				close(fd);
				return -EFBIG;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

void spool_track_name(uint32_t id, const char *ext, char *out, size_t out_len)
{
	snprintf(out, out_len, "t%06u.%s", (unsigned)id, ext);
}

void spool_track_path(const char *dir, uint32_t id, const char *ext, char *out,
		      size_t out_len)
{
	snprintf(out, out_len, "%s/t%06u.%s", dir, (unsigned)id, ext);
}

/* "<prefix><at least 6 digits>.<ext>": 1, *id and *ext; else 0. */
static int parse_spool_name(const char *name, char prefix, uint32_t *id,
			    const char **ext)
{
	if (name[0] != prefix)
		return 0;
	const char *p = name + 1;
	unsigned long v = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > UINT32_MAX)
			return 0;
		p++;
		digits++;
	}
	if (digits < 6 || *p != '.')
		return 0;
	*id = (uint32_t)v;
	*ext = p + 1;
	return 1;
}

int spool_parse_track_name(const char *name, uint32_t *id, const char **ext)
{
	return parse_spool_name(name, 't', id, ext);
}

void spool_folder_name(uint32_t id, char *out, size_t out_len)
{
	snprintf(out, out_len, "d%06u.folder", (unsigned)id);
}

void spool_folder_path(const char *dir, uint32_t id, char *out, size_t out_len)
{
	snprintf(out, out_len, "%s/d%06u.folder", dir, (unsigned)id);
}

int spool_parse_folder_name(const char *name, uint32_t *id)
{
	const char *ext;
	return parse_spool_name(name, 'd', id, &ext) &&
	       strcmp(ext, "folder") == 0;
}
