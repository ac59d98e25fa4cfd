/*
 * pid_lock.c - flock(2) on a lock file holding the holder's pid (see
 * pid_lock.h).
 */
#include "pid_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The holder as "process PID (COMM)", from the lock file and /proc. */
static void describe_holder(int fd, char *out, size_t out_len)
{
	char text[32], path[64], comm[64] = "";
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long pid = 0;
	if (n > 0) {
		text[n] = '\0';
		if (sscanf(text, "%ld", &pid) != 1)
			pid = 0;
	}
	if (pid <= 0) {
		snprintf(out, out_len, "another process");
		return;
	}
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	FILE *f = fopen(path, "re");
	if (f) {
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = '\0';
		fclose(f);
		comm[strcspn(comm, "\n")] = '\0';
	}
	snprintf(out, out_len, "process %ld (%s)", pid,
		 comm[0] ? comm : "unknown command");
}

int pid_lock_take(const char *path, char *err, size_t err_len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		snprintf(err, err_len, "cannot open the lock file %s: %s", path,
			 strerror(e));
		return -e;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		if (e == EINTR)
			continue;
		if (e == EWOULDBLOCK) {
			char who[128];
			describe_holder(fd, who, sizeof(who));
			snprintf(err, err_len, "%s is in use by %s", path, who);
			close(fd);
			return -EBUSY;
		}
		snprintf(err, err_len, "cannot lock %s: %s", path, strerror(e));
		close(fd);
		return -e;
	}
	char text[32];
	int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) != n) {
		int e = errno ? errno : EIO;
		snprintf(err, err_len, "cannot write the lock file %s: %s",
			 path, strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

void pid_lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
