/*
 * proc_comm.c - a process's command name (see proc_comm.h).
 */
#include "proc_comm.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void proc_comm(pid_t pid, char *out, size_t out_len)
{
	if (out_len == 0)
		return;
	out[0] = '\0';
	if (pid <= 0)
		return;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, out, out_len - 1);
	close(fd);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	/* One word on one line: control bytes become '?'. */
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}
