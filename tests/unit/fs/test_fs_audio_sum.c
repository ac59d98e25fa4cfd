/*
 * test_fs_audio_sum.c - the .audio checksum: the same for a buffer and a
 * file read in chunks, sensitive to every byte and to the length, and
 * kept in a .meta.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio_sum.h"
#include "check.h"
#include "track_meta.h"

int main(void)
{
	size_t n = (1u << 20) * 2 + 45; /* across chunk boundaries */
	uint8_t *b = malloc(n);
	CHECK(b != NULL);
	if (!b)
		return check_finish();
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + (i >> 9));
	char path[] = "/tmp/test_audio_sum.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, b, n) == (ssize_t)n);
	uint64_t size = 0, sum = 0;
	CHECK_EQ(audio_sum_file(fd, &size, &sum), 0);
	CHECK_EQ(size, n);
	CHECK(sum == audio_sum_bytes(b, n));
	close(fd);
	unlink(path);

	uint64_t whole = audio_sum_bytes(b, n);
	b[n / 2] ^= 1;
	CHECK(audio_sum_bytes(b, n) != whole);
	b[n / 2] ^= 1;
	CHECK(audio_sum_bytes(b, n - 1) != whole);
	CHECK(audio_sum_bytes(b, 0) != audio_sum_bytes(b, 1));
	uint8_t zeros[64] = {0};
	CHECK(audio_sum_bytes(zeros, 32) != audio_sum_bytes(zeros, 40));
	free(b);

	/* Recorded in the .meta; an older .meta has none. */
	struct track_meta m, d;
	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "a.wav");
	m.staged = true;
	m.audio_checked = true;
	m.audio_size = 1234567;
	m.audio_sum = 0xfedcba9876543210ull;
	char text[8192];
	size_t len = track_meta_encode(&m, text, sizeof(text));
	CHECK_EQ(track_meta_decode(text, len, &d), 0);
	CHECK(d.audio_checked);
	CHECK_EQ(d.audio_size, 1234567);
	CHECK(d.audio_sum == 0xfedcba9876543210ull);
	const char *old = "burnfs-track 1\nname=a.wav\nstaged=1\n";
	CHECK_EQ(track_meta_decode(old, strlen(old), &d), 0);
	CHECK(!d.audio_checked);
	return check_finish();
}
