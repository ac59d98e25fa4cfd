/*
 * refusal.h - how a check before a job refuses it: a sentence for the
 * log in the caller's why buffer and a negative errno for the caller to
 * return.  Used by the commit and blank checks of recorder_jobs.c and
 * the Session-At-Once commit checks of sao_commit.c.  Pure.
 */
#ifndef BURNFS_REFUSAL_H
#define BURNFS_REFUSAL_H

#include <stddef.h>

/* Formats the sentence into why (when why and why_len) and returns -err. */
int refuse(char *why, size_t why_len, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
