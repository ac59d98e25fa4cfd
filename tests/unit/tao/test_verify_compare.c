/*
 * test_verify_compare.c - the pure parts of verification: first
 * difference, flat windows, the read-offset search (+-5 sectors), the
 * compared range and the wording of results.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "verify_compare.h"

#define FB VERIFY_FRAME_BYTES

/* Deterministic pseudo-random frames. */
static void noise(uint8_t *p, size_t frames, uint32_t seed)
{
	for (size_t i = 0; i < frames * FB; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static void test_first_difference(void)
{
	uint8_t a[40], b[40];
	noise(a, 10, 1);
	memcpy(b, a, sizeof(a));
	CHECK_EQ(verify_first_difference(a, b, 10), 10);
	b[7 * FB + 3] ^= 1; /* frame 7, high byte of the right sample */
	CHECK_EQ(verify_first_difference(a, b, 10), 7);
	b[2 * FB] ^= 0x80;
	CHECK_EQ(verify_first_difference(a, b, 10), 2);
	CHECK_EQ(verify_first_difference(a, b, 2), 2);
	CHECK_EQ(verify_first_difference(a, b, 0), 0);
}

static void test_flat(void)
{
	uint8_t z[64] = {0};
	CHECK(verify_window_is_flat(z, 16));
	for (size_t i = 0; i < 16; i++)
		memcpy(z + i * FB, "\x01\x00\xff\xff", FB);
	CHECK(verify_window_is_flat(z, 16));
	z[15 * FB + 2] = 0;
	CHECK(!verify_window_is_flat(z, 16));
	CHECK(verify_window_is_flat(z, 15));
}

/* The disc holds `staged`; a drive with offset n reads read[p] =
 * disc[p + n].  Window of W frames at p0. */
static void test_offset_search(void)
{
	const unsigned max = VERIFY_MAX_OFFSET;
	const size_t W = 4 * VERIFY_SECTOR_FRAMES, total = 20000;
	const size_t p0 = 6000;
	uint8_t *disc = malloc(total * FB), *read = malloc(W * FB);
	CHECK(disc && read);
	if (!disc || !read)
		goto out;
	noise(disc, total, 7);
	const uint8_t *staged = disc + (p0 - max) * FB;
	const int offsets[] = {0, 30, -30, 1, -1, 667, (int)max, -(int)max};
	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		int n = offsets[i], found = 12345;
		memcpy(read, disc + (size_t)((int)p0 + n) * FB, W * FB);
		CHECK(verify_find_offset(read, W, staged, max, &found));
		CHECK_EQ(found, n);
	}
	/* Just beyond the searched range: not found. */
	int found = 0;
	memcpy(read, disc + (p0 + max + 1) * FB, W * FB);
	CHECK(!verify_find_offset(read, W, staged, max, &found));
	/* A damaged window matches nowhere. */
	memcpy(read, disc + (p0 + 30) * FB, W * FB);
	read[100 * FB] ^= 1;
	CHECK(!verify_find_offset(read, W, staged, max, &found));
	/* Silence matches at once at offset 0 (hence flat windows are
	 * skipped by the caller). */
	memset(read, 0, W * FB);
	uint8_t *zeros = calloc(W + 2 * max, FB);
	CHECK(zeros != NULL);
	if (zeros) {
		found = 99;
		CHECK(verify_find_offset(read, W, zeros, max, &found));
		CHECK_EQ(found, 0);
		free(zeros);
	}
out:
	free(disc);
	free(read);
}

static void test_range(void)
{
	uint64_t lo, hi;
	verify_compare_range(176400, 0, &lo, &hi);
	CHECK(lo == 0 && hi == 176400);
	verify_compare_range(176400, 30, &lo, &hi);
	CHECK(lo == 0 && hi == 176370);
	verify_compare_range(176400, -30, &lo, &hi);
	CHECK(lo == 30 && hi == 176400);
	verify_compare_range(10, 30, &lo, &hi);
	CHECK(lo == 0 && hi == 0);
	verify_compare_range(10, -30, &lo, &hi);
	CHECK(lo == 10 && hi == 10);
}

static void test_describe(void)
{
	struct verify_result r;
	char text[300];
	memset(&r, 0, sizeof(r));
	r.verdict = VERIFY_MATCH;
	verify_describe(&r, text, sizeof(text));
	CHECK(strcmp(text, "match") == 0);
	r.verdict = VERIFY_OFFSET;
	r.offset = -30;
	verify_describe(&r, text, sizeof(text));
	CHECK(strcmp(text, "match, offset found -30 samples") == 0);

	r.verdict = VERIFY_MISMATCH;
	r.offset = 0;
	verify_locate(&r, 22652, 100 * 588 + 17);
	CHECK_EQ(r.lba, 22752);
	CHECK_EQ(r.sector, 100);
	CHECK_EQ(r.sample, 17);
	verify_describe(&r, text, sizeof(text));
	CHECK(strcmp(text, "mismatch at LBA 22752 (sector 100 of the track), "
			   "sample 58817 of the track (sample 17 of the "
			   "sector)") == 0);
	r.offset = 30;
	verify_describe(&r, text, sizeof(text));
	CHECK(strstr(text, "(sample 17 of the sector), read offset 30 "
			   "samples") != NULL);
}

int main(void)
{
	test_first_difference();
	test_flat();
	test_offset_search();
	test_range();
	test_describe();
	return check_finish();
}
