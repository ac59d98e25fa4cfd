/*
 * wav_head.c - the start of a WAV file's samples (see wav_head.h).
 */
#include "wav_head.h"

#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool wav_head_data_offset(const uint8_t *head, size_t len, uint64_t *offset)
{
	if (len < 12 || memcmp(head, "RIFF", 4) != 0 ||
	    memcmp(head + 8, "WAVE", 4) != 0)
		return false;
	uint64_t at = 12;
	while (at + 8 <= len) {
		uint32_t size = le32(head + at + 4);
		if (memcmp(head + at, "data", 4) == 0) {
			*offset = at + 8;
			return true;
		}
		/* Chunks are padded to an even size. */
		at += 8 + (uint64_t)size + (size & 1);
	}
	return false;
}
