/*
 * test_fs_wav_head.c - where a WAV's samples start, from its first bytes.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "wav_head.h"

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int main(void)
{
	uint8_t h[128] = {0};
	uint64_t off = 0;
	memcpy(h, "RIFF", 4);
	put32(h + 4, 1000);
	memcpy(h + 8, "WAVE", 4);
	memcpy(h + 12, "fmt ", 4);
	put32(h + 16, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, 960);
	CHECK(wav_head_data_offset(h, 44, &off));
	CHECK_EQ(off, 44);
	CHECK(!wav_head_data_offset(h, 40, &off)); /* data header cut off */
	CHECK(!wav_head_data_offset(h, 11, &off));

	/* An odd-sized LIST chunk before data: padded to an even size. */
	memcpy(h + 36, "LIST", 4);
	put32(h + 40, 5);
	memcpy(h + 50, "data", 4);
	CHECK(wav_head_data_offset(h, sizeof(h), &off));
	CHECK_EQ(off, 58);

	memcpy(h + 8, "AVI ", 4);
	CHECK(!wav_head_data_offset(h, sizeof(h), &off));
	CHECK(!wav_head_data_offset((const uint8_t *)"fLaC", 4, &off));
	return check_finish();
}
