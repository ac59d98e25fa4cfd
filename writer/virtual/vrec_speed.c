/*
 * vrec_speed.c - the write speeds the virtual recorder supports and how
 * SET CD SPEED requests are clamped to them.  1x is 176.4 kB/s; speeds are
 * reported in whole kB/s rounded to nearest, as real drives do.
 */
#include "cd_speed.h"
#include "vrec_internal.h"

static const unsigned standard_x[] = {52, 48, 40, 32, 24, 16, 10, 8, 4};

void vrec_speeds_init(struct vrec_speeds *s, unsigned max_x)
{
	if (max_x == 0)
		max_x = 1;
	/* The top speed first, then every standard speed below it. */
	s->n = 0;
	s->x[s->n++] = max_x;
	for (unsigned i = 0; i < sizeof(standard_x) / sizeof(standard_x[0]);
	     i++)
		if (standard_x[i] < max_x && s->n < VREC_MAX_SPEEDS)
			s->x[s->n++] = standard_x[i];
}

void vrec_speeds_in_range(const struct vrec_speeds *drive, unsigned lo,
			  unsigned hi, struct vrec_speeds *out)
{
	out->n = 0;
	for (unsigned i = 0; i < drive->n; i++)
		if (drive->x[i] >= lo && drive->x[i] <= hi)
			out->x[out->n++] = drive->x[i];
	if (out->n)
		return;
	/* A drive too slow for the medium writes at its top speed; one
	 * too fast for it at its slowest. */
	out->x[out->n++] =
	    drive->x[0] < lo ? drive->x[0] : drive->x[drive->n - 1];
}

unsigned vrec_speed_clamp(const struct vrec_speeds *s, uint16_t kbps)
{
	if (kbps == 0 || kbps == 0xFFFF)
		return s->x[0];
	for (unsigned i = 0; i < s->n; i++)
		if (speed_x_to_kbps(s->x[i]) <= kbps)
			return s->x[i];
	return s->x[s->n - 1];
}
