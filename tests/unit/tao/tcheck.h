/*
 * tcheck.h - the tiny assertion helpers of the writer/tao unit tests.
 *
 * CHECK(cond) counts a pass or prints the failing condition with its
 * line; tcheck_report() prints "N passed, M failed" and gives the exit
 * status.
 */
#ifndef BURNFS_TCHECK_H
#define BURNFS_TCHECK_H

#include <stdio.h>

static unsigned tcheck_passed, tcheck_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			tcheck_passed++;                                       \
		} else {                                                       \
			tcheck_failed++;                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                     \
	do {                                                                   \
		long long va_ = (long long)(a), vb_ = (long long)(b);          \
		if (va_ == vb_) {                                              \
			tcheck_passed++;                                       \
		} else {                                                       \
			tcheck_failed++;                                       \
			fprintf(stderr,                                        \
				"%s:%d: CHECK failed: %s == %s "               \
				"(%lld != %lld)\n",                            \
				__FILE__, __LINE__, #a, #b, va_, vb_);         \
		}                                                              \
	} while (0)

static inline int tcheck_report(void)
{
	printf("%u passed, %u failed\n", tcheck_passed, tcheck_failed);
	return tcheck_failed ? 1 : 0;
}

#endif
