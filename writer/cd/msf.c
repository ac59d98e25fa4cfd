/*
 * msf.c - CD address arithmetic (see msf.h).
 */
#include "msf.h"

#include <stdio.h>

struct msf msf_from_lba(int32_t lba)
{
	/* Lead-in addresses (negative, below -150) wrap to minutes >= 90. */
	int64_t frames =
	    (lba >= -150) ? (int64_t)lba + 150 : (int64_t)lba + 450150;
	if (frames < 0)
		frames = 0;
	struct msf r;
	r.m = (uint8_t)(frames / (60 * CD_FRAMES_PER_SECOND));
	r.s = (uint8_t)((frames / CD_FRAMES_PER_SECOND) % 60);
	r.f = (uint8_t)(frames % CD_FRAMES_PER_SECOND);
	return r;
}

int32_t msf_to_lba(struct msf msf)
{
	int32_t frames =
	    ((int32_t)msf.m * 60 + msf.s) * CD_FRAMES_PER_SECOND + msf.f;
	if (msf.m >= 90)
		return frames - 450150;
	return frames - 150;
}

struct msf msf_from_length(uint32_t sectors)
{
	struct msf r;
	r.m = (uint8_t)(sectors / (60 * CD_FRAMES_PER_SECOND));
	r.s = (uint8_t)((sectors / CD_FRAMES_PER_SECOND) % 60);
	r.f = (uint8_t)(sectors % CD_FRAMES_PER_SECOND);
	return r;
}

char *msf_format(struct msf msf, char *buf)
{
	snprintf(buf, 12, "%02u:%02u:%02u", msf.m, msf.s, msf.f);
	return buf;
}
