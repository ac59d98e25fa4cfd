/*
 * cd_speed.c - CD speed units and the nearest supported write speed (see
 * cd_speed.h).
 */
#include "cd_speed.h"

#include <stdio.h>

/* 1x of CD-DA in tenths of kB/s. */
#define CD_1X_DECI_KBPS 1764u

unsigned speed_kbps_to_x(uint16_t kbps)
{
	return ((unsigned)kbps * 10u + CD_1X_DECI_KBPS / 2) / CD_1X_DECI_KBPS;
}

uint16_t speed_x_to_kbps(unsigned x)
{
	unsigned long kbps = ((unsigned long)x * CD_1X_DECI_KBPS + 5) / 10;
	return kbps > UINT16_MAX ? UINT16_MAX : (uint16_t)kbps;
}

uint16_t speed_x_to_kbps_up(unsigned x)
{
	unsigned long kbps = ((unsigned long)x * CD_1X_DECI_KBPS + 9) / 10;
	return kbps > UINT16_MAX ? UINT16_MAX : (uint16_t)kbps;
}

static unsigned distance(uint16_t a, uint16_t b)
{
	return a > b ? (unsigned)a - b : (unsigned)b - a;
}

int speed_nearest(const uint16_t *speeds, size_t n, uint16_t kbps)
{
	int best = -1;
	unsigned best_d = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = distance(speeds[i], kbps);
		if (best < 0 || d < best_d ||
		    (d == best_d && speeds[i] < speeds[best])) {
			best = (int)i;
			best_d = d;
		}
	}
	return best;
}

uint16_t speed_choose(const uint16_t *speeds, size_t n, uint16_t requested,
		      char *note, size_t note_len)
{
	if (note_len)
		note[0] = '\0';
	if (requested == 0)
		return 0;
	int i = speed_nearest(speeds, n, requested);
	if (i < 0)
		return requested;
	uint16_t got = speeds[i];
	/* "Nx" rounds: 24x asks 4234 or 4235 kB/s; a drive says 4234. */
	unsigned diff = distance(got, requested);
	if (diff > 1 && note_len)
		snprintf(note, note_len,
			 "write_speed: %ux is not supported by this disc; "
			 "using %ux",
			 speed_kbps_to_x(requested), speed_kbps_to_x(got));
	return got;
}
