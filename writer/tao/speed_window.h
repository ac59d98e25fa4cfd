/*
 * speed_window.h - write speed over a sliding time window.
 *
 * The engine adds (time, sectors written so far) after every WRITE(10);
 * the rate over the last few seconds gives the speed shown as "x" in the
 * status file and the remaining-time estimate.  Pure: the caller passes
 * the clock, so tests use made-up times.
 */
#ifndef BURNFS_SPEED_WINDOW_H
#define BURNFS_SPEED_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#define SPEED_WINDOW_SAMPLES 64
/* Sectors per second at 1x (CD-DA: 75 sectors of 2352 bytes). */
#define SPEED_1X_SECTORS_PER_S 75.0

struct speed_window {
	double span_s; /* samples older than this (relative to the newest) drop
			  out */
	double t[SPEED_WINDOW_SAMPLES];
	uint64_t sectors[SPEED_WINDOW_SAMPLES];
	size_t first, n;
};

void speed_window_init(struct speed_window *w, double span_s);
/* Forget every sample (a new track, after a pause). */
void speed_window_reset(struct speed_window *w);
/* t in seconds (monotonic); sectors is the running total. */
void speed_window_add(struct speed_window *w, double t, uint64_t sectors);
/* Sectors per second over the window; 0 when unknown. */
double speed_window_rate(const struct speed_window *w);
/* Seconds for `left` more sectors at the window's rate; < 0 unknown. */
double speed_window_eta(const struct speed_window *w, uint64_t left);

#endif
