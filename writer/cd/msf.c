/*
 * msf.c - CD address arithmetic (see msf.h).
 */
#include "msf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

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

int msf_parse_duration(const char *buf, size_t len, uint32_t *sectors)
{
	char s[32];
	while (len && isspace((unsigned char)buf[len - 1]))
		len--;
	while (len && isspace((unsigned char)*buf)) {
		buf++;
		len--;
	}
	if (len == 0 || len >= sizeof(s))
		return -EINVAL;
	memcpy(s, buf, len);
	s[len] = '\0';
	unsigned m, sec, f;
	char tail;
	if (sscanf(s, "%u:%u:%u%c", &m, &sec, &f, &tail) == 3) {
		if (sec > 59 || f > 74 || m > 59)
			return -EINVAL;
		*sectors = (m * 60 + sec) * 75 + f;
		return 0;
	}
	/* Seconds, with at most two decimals. */
	unsigned whole = 0, frac = 0, digits = 0;
	const char *p = s;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p) && whole < 100000)
		whole = whole * 10 + (unsigned)(*p++ - '0');
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && digits < 2) {
			frac = frac * 10 + (unsigned)(*p++ - '0');
			digits++;
		}
		if (digits == 1)
			frac *= 10;
	}
	if (*p || whole > 3599)
		return -EINVAL;
	*sectors = whole * 75 + (frac * 75 + 50) / 100;
	return 0;
}

void msf_format_duration(uint32_t sectors, char *out, size_t out_len)
{
	if (sectors % 75 == 0)
		snprintf(out, out_len, "%u", sectors / 75);
	else
		snprintf(out, out_len, "%02u:%02u:%02u", sectors / 4500,
			 sectors / 75 % 60, sectors % 75);
}
