/*
 * proc_comm.h - the command name of a process (/proc/<pid>/comm), as the
 * recorder records who committed a job or started a blank (IMAPI's
 * ExclusiveAccessOwner).  Linux only.
 */
#ifndef BURNFS_PROC_COMM_H
#define BURNFS_PROC_COMM_H

#include <stddef.h>
#include <sys/types.h>

/* Fills out with the name (without newline), or "" when it is gone. */
void proc_comm(pid_t pid, char *out, size_t out_len);

#endif
