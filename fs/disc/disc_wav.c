/*
 * disc_wav.c - names, sizes and WAV headers of disc/ (see disc_wav.h).
 */
#include "disc_wav.h"

#include <stdio.h>
#include <string.h>

#include "msf.h"

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void disc_wav_header(uint8_t out[DISC_WAV_HEADER_BYTES], uint64_t pcm_bytes)
{
	/* A CD holds < 1 GiB of audio, so the 32-bit sizes never overflow. */
	uint32_t data = pcm_bytes > 0xFFFFFFFFu - 36 ? 0xFFFFFFFFu - 36
						     : (uint32_t)pcm_bytes;
	memcpy(out, "RIFF", 4);
	put_le32(out + 4, 36 + data);
	memcpy(out + 8, "WAVEfmt ", 8);
	put_le32(out + 16, 16);	       /* fmt chunk size */
	put_le16(out + 20, 1);	       /* PCM */
	put_le16(out + 22, 2);	       /* channels */
	put_le32(out + 24, 44100);     /* sample rate */
	put_le32(out + 28, 44100 * 4); /* bytes per second */
	put_le16(out + 32, 4);	       /* block align */
	put_le16(out + 34, 16);	       /* bits per sample */
	memcpy(out + 36, "data", 4);
	put_le32(out + 40, data);
}

void disc_wav_name(unsigned number, char *out, size_t len)
{
	snprintf(out, len, "%02u.wav", number);
}

int disc_wav_parse_name(const char *name)
{
	if (strlen(name) != 6 || strcmp(name + 2, ".wav") != 0)
		return -1;
	if (name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9')
		return -1;
	int n = (name[0] - '0') * 10 + (name[1] - '0');
	return n >= 1 && n <= CD_MAX_TRACKS ? n : -1;
}

uint32_t disc_wav_sectors(uint32_t track_size)
{
	return track_size > CD_TAO_RUNOUT_SECTORS
		   ? track_size - CD_TAO_RUNOUT_SECTORS
		   : 0;
}

uint64_t disc_wav_size(uint32_t sectors)
{
	return DISC_WAV_HEADER_BYTES + (uint64_t)sectors * CD_SECTOR_BYTES;
}
