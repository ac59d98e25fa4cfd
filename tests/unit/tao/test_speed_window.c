/*
 * test_speed_window.c - sliding-window speed and remaining time.
 */
#include "speed_window.h"

#include "check.h"

static int near(double a, double b)
{
	return a - b < 1e-6 && b - a < 1e-6;
}

int main(void)
{
	struct speed_window w;
	speed_window_init(&w, 2.0);
	CHECK(near(speed_window_rate(&w), 0));
	CHECK(speed_window_eta(&w, 100) < 0);
	speed_window_add(&w, 10.0, 0);
	CHECK(near(speed_window_rate(&w), 0));
	/* 75 sectors/s = 1x for 4 s */
	for (int i = 1; i <= 40; i++)
		speed_window_add(&w, 10.0 + i * 0.1, (uint64_t)(i * 7.5 + 0.5));
	CHECK(speed_window_rate(&w) > 74 && speed_window_rate(&w) < 76);
	/* then 8x (600/s): the window forgets the 1x part within 2 s */
	uint64_t s = 300;
	double t = 14.0;
	for (int i = 1; i <= 30; i++) {
		t += 0.1;
		s += 60;
		speed_window_add(&w, t, s);
	}
	CHECK(near(speed_window_rate(&w), 600));
	CHECK(near(speed_window_eta(&w, 1200), 2.0));
	CHECK(near(speed_window_eta(&w, 0), 0));
	/* more samples than slots */
	speed_window_init(&w, 100.0);
	for (int i = 0; i < 1000; i++)
		speed_window_add(&w, i * 0.01, (uint64_t)i * 3);
	CHECK(near(speed_window_rate(&w), 300));
	speed_window_reset(&w);
	CHECK(near(speed_window_rate(&w), 0));
	return check_finish();
}
