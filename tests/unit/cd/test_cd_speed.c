/*
 * test_cd_speed.c - the nearest supported write speed for a
 * write_speed request, and the log sentence when it differs.
 */
#include <string.h>

#include "cd_speed.h"
#include "check.h"

int main(void)
{
	/* 48x 40x 32x 24x 16x 10x 4x, as drives report them */
	const uint16_t s[] = {8467, 7056, 5645, 4234, 2822, 1764, 706};
	size_t n = sizeof(s) / sizeof(s[0]);
	char note[160];

	CHECK(speed_kbps_to_x(8467) == 48);
	CHECK(speed_kbps_to_x(176) == 1);
	CHECK(speed_kbps_to_x(8298) == 47);

	CHECK(speed_nearest(s, n, 8467) == 0);
	CHECK(speed_nearest(s, 0, 8467) == -1);
	/* 30x (5292) is 1 kB/s nearer 32x than 24x. */
	CHECK(speed_nearest(s, n, 5292) == 2);
	/* Half-way between 10x and 16x (2293): the slower one. */
	CHECK(speed_nearest(s, n, 2293) == 5);

	CHECK(speed_choose(s, n, 0, note, sizeof(note)) == 0);
	CHECK(note[0] == '\0');
	/* 24x as the control rounds it (4235) is the drive's 24x. */
	CHECK(speed_choose(s, n, 4235, note, sizeof(note)) == 4234);
	CHECK(note[0] == '\0');
	CHECK(speed_choose(s, n, 5292, note, sizeof(note)) == 5645);
	CHECK(strcmp(note, "write_speed: 30x is not supported by this disc; "
			   "using 32x") == 0);
	/* 3528 sectors/s = 8298 kB/s = 47x: 48x. */
	CHECK(speed_choose(s, n, 8298, note, sizeof(note)) == 8467);
	CHECK(strstr(note, "47x is not supported") != NULL);
	/* Faster than any: the fastest; slower than any: the slowest. */
	CHECK(speed_choose(s, n, 9173, note, sizeof(note)) == 8467);
	CHECK(speed_choose(s, n, 177, note, sizeof(note)) == 706);
	/* A drive that lists nothing gets the request as it is. */
	CHECK(speed_choose(s, 0, 1411, note, sizeof(note)) == 1411);
	CHECK(note[0] == '\0');
	return check_finish();
}
