/*
 * fuzz_intake.c - libFuzzer harness for the audio intake (fs/intake.c):
 * intake_check_header on every prefix length a write() could deliver,
 * then intake_finish on the whole input as a file (an in-memory file,
 * memfd_create, reached through /proc/self/fd/N).
 *
 * Properties checked besides memory safety: a header judged NOT_AUDIO
 * stays NOT_AUDIO when more bytes arrive; a file intake_finish accepts
 * has its PCM inside the file, in whole stereo frames.  Built and run
 * by tools/fuzz (see doc/fuzzing.md).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "intake.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

static void check_header(const uint8_t *data, size_t size)
{
	char why[256];
	bool refused = false;
	/* Prefixes as writes of growing size would present them. */
	size_t steps[] = {1, 4, 12, 44, 64, 512, 4096, size};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t n = steps[i] < size ? steps[i] : size;
		uint8_t *b = malloc(n ? n : 1);
		if (!b)
			return;
		memcpy(b, data, n);
		enum intake_verdict v =
		    intake_check_header(b, n, why, sizeof(why));
		free(b);
		if (refused)
			REQUIRE(v == INTAKE_NOT_AUDIO);
		refused = v == INTAKE_NOT_AUDIO;
		REQUIRE(!refused || memchr(why, 0, sizeof(why)));
	}
}

static void check_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-intake", MFD_CLOEXEC);
	if (fd < 0)
		return;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0) {
			close(fd);
			return;
		}
		done += (size_t)w;
	}
	char path[64], why[256];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct intake_result r;
	if (intake_finish(path, &r, why, sizeof(why)) == 0) {
		REQUIRE(r.pcm_bytes % 4 == 0);
		REQUIRE(r.pcm_offset + r.pcm_bytes <= size);
		REQUIRE(memchr(r.description, 0, sizeof(r.description)));
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_header(data, size);
	check_file(data, size);
	return 0;
}
