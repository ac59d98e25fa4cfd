/*
 * test_atomic_file.c - atomic_file_write: new file, replacement, mode,
 * no temporary left behind, an unwritable directory leaves the old file,
 * and the parent-directory sync for paths with and without a '/'.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "check.h"

static char dir[] = "/tmp/burnfs-atomic-XXXXXX";

static void path_of(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

static int read_all(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	ssize_t got = read(fd, buf, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return (int)got;
}

int main(void)
{
	CHECK(mkdtemp(dir) != NULL);
	char p[PATH_MAX], tmp[PATH_MAX], buf[64];
	path_of(p, sizeof(p), "state");
	path_of(tmp, sizeof(tmp), "state.tmp");

	CHECK_EQ(atomic_file_write(p, "one\n", 4, 0600), 0);
	CHECK_EQ(read_all(p, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "one\n");
	struct stat st;
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(access(tmp, F_OK) < 0);

	CHECK_EQ(atomic_file_write(p, "second\n", 7, 0600), 0);
	CHECK_EQ(read_all(p, buf, sizeof(buf)), 7);
	CHECK_STR(buf, "second\n");
	CHECK(access(tmp, F_OK) < 0);

	/* An empty file is a file too. */
	CHECK_EQ(atomic_file_write(p, "", 0, 0600), 0);
	CHECK_EQ(read_all(p, buf, sizeof(buf)), 0);

	/* A missing directory: an error, nothing created. */
	char missing[PATH_MAX];
	path_of(missing, sizeof(missing), "no/such/file");
	CHECK_EQ(atomic_file_write(missing, "x", 1, 0600), -ENOENT);

	/* The directory of a path, and of a bare name (the current one). */
	CHECK_EQ(atomic_file_sync_parent(p), 0);
	CHECK_EQ(atomic_file_sync_parent("bare-name"), 0);
	CHECK_EQ(atomic_file_sync_parent("/"), 0);

	unlink(p);
	rmdir(dir);
	return check_finish();
}
