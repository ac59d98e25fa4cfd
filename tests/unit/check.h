/*
 * check.h - the assertion helpers of every C unit test.
 *
 * Each CHECK counts as one passed or failed assertion and reports the
 * failing line; CHECK_EQ compares integers and prints both values,
 * CHECK_STR strings, CHECK_BYTES byte vectors (in hex).  check_finish()
 * prints "N passed, M failed" and gives the process exit status.
 */
#ifndef BURNFS_TEST_CHECK_H
#define BURNFS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long check_a_ = (long long)(a);                           \
		long long check_b_ = (long long)(b);                           \
		if (check_a_ == check_b_) {                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(                                               \
			    stderr, "%s:%d: %s == %s failed: %lld != %lld\n",  \
			    __FILE__, __LINE__, #a, #b, check_a_, check_b_);   \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *check_a_ = (a);                                    \
		const char *check_b_ = (b);                                    \
		if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) { \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: %s: \"%s\" != \"%s\"\n",       \
				__FILE__, __LINE__, #a,                        \
				check_a_ ? check_a_ : "(null)",                \
				check_b_ ? check_b_ : "(null)");               \
		}                                                              \
	} while (0)

/* Compares n bytes and prints both in hex on mismatch. */
#define CHECK_BYTES(got, want, n)                                              \
	check_bytes_(__FILE__, __LINE__, #got, (const unsigned char *)(got),   \
		     (const unsigned char *)(want), (n))

static inline void check_bytes_(const char *file, int line, const char *what,
				const unsigned char *got,
				const unsigned char *want, size_t n)
{
	if (memcmp(got, want, n) == 0) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: %s differs\n  got: ", file, line, what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %02X", got[i]);
	fprintf(stderr, "\n want:");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %02X", want[i]);
	fprintf(stderr, "\n");
}

static inline int check_finish(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
