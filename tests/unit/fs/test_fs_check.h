/*
 * test_fs_check.h - the tiny assertion helper shared by the unit tests
 * of the filesystem core (test_fs_*.c): CHECK counts, reports the
 * failing line, and test_fs_summary prints "N passed, M failed".
 */
#ifndef BURNFS_TEST_FS_CHECK_H
#define BURNFS_TEST_FS_CHECK_H

#include <stdio.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			test_passed++;                                         \
		} else {                                                       \
			test_failed++;                                         \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

static inline int test_fs_summary(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed == 0 ? 0 : 1;
}

#endif
