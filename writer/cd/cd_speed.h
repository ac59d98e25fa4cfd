/*
 * cd_speed.h - CD speeds: the units (Nx, where 1x = 176.4 kB/s = 75
 * sectors/s, and kB/s as MMC reports them), and which of the drive's
 * write speeds a `write_speed` request gets: the supported speed nearest
 * to it (a tie goes to the slower one, the safer burn), and the log
 * sentence that says so.  Pure; used by the control values, the drive
 * (commit), the renderers and the virtual recorder.
 */
#ifndef BURNFS_CD_SPEED_H
#define BURNFS_CD_SPEED_H

#include <stddef.h>
#include <stdint.h>

/* Nearest whole multiple of 1x. */
unsigned speed_kbps_to_x(uint16_t kbps);
/* Nx in kB/s rounded as drives report it: 1x = 176, 52x = 9173. */
uint16_t speed_x_to_kbps(unsigned x);
/* Nx in kB/s rounded up, so that a drive asked for it picks at least Nx. */
uint16_t speed_x_to_kbps_up(unsigned x);
/* Index into speeds[n] nearest to kbps, or -1 when n is 0. */
int speed_nearest(const uint16_t *speeds, size_t n, uint16_t kbps);
/*
 * The speed to ask the drive for: 0 (the drive's fastest) for "max"
 * (requested 0) or when the drive lists no speeds, else the nearest
 * supported one.  When that differs from the request (more than the
 * rounding of the x notation), note gets "write_speed: 30x is not
 * supported by this disc; using 32x", else "".
 */
uint16_t speed_choose(const uint16_t *speeds, size_t n, uint16_t requested,
		      char *note, size_t note_len);

#endif
