/*
 * test_speed_window.c - sliding-window speed and remaining time.
 */
#include "job_core.h"
#include "speed_window.h"

#include "check.h"

static int near(double a, double b)
{
	return a - b < 1e-6 && b - a < 1e-6;
}

/*
 * What the drive has burnt: sent less what its buffer holds, never going
 * back, never more than sent.  A 4x drive (300 sectors/s) with a 2 MiB
 * buffer that the host fills as fast as it can: counted as sent, the
 * first seconds show many times 4x; counted as burnt, 4x throughout.
 */
static void test_burnt(void)
{
	const uint32_t buffer = 2u << 20;
	CHECK(job_burnt_sectors(1000, 0, buffer, buffer) == 1000);
	CHECK(job_burnt_sectors(1000, 0, buffer, buffer - 2352 * 100) == 900);
	CHECK(job_burnt_sectors(1000, 0, buffer, buffer - 2352 * 100 + 1) ==
	      900);
	CHECK(job_burnt_sectors(1000, 950, buffer, buffer - 2352 * 100) == 950);
	CHECK(job_burnt_sectors(100, 0, buffer, 0) == 0);
	CHECK(job_burnt_sectors(100, 200, buffer, buffer) == 100);

	struct speed_window burnt_w, sent_w;
	speed_window_init(&burnt_w, 3.0);
	speed_window_init(&sent_w, 3.0);
	const double rate = 300;
	const uint64_t total = 20000, held_max = buffer / 2352;
	uint64_t burnt = 0, sent = 0;
	double worst_sent = 0;
	speed_window_add(&burnt_w, 0, 0);
	speed_window_add(&sent_w, 0, 0);
	for (int i = 1; i <= 400; i++) { /* 20 s in steps of 50 ms */
		double t = i * 0.05;
		uint64_t truly = (uint64_t)(rate * t);
		sent = truly + held_max < total ? truly + held_max : total;
		uint64_t held = sent - truly;
		burnt = job_burnt_sectors(sent, burnt, buffer,
					  buffer - (uint32_t)(held * 2352));
		speed_window_add(&burnt_w, t, burnt);
		speed_window_add(&sent_w, t, sent);
		if (t >= 5.0) {
			double r = speed_window_rate(&burnt_w);
			CHECK(r > rate * 0.9 && r < rate * 1.1);
			double eta = speed_window_eta(&burnt_w, total - burnt);
			double truth = (double)(total - truly) / rate;
			CHECK(eta > truth * 0.9 - 0.1 &&
			      eta < truth * 1.1 + 0.1);
		}
		if (t <= 2.0 && speed_window_rate(&sent_w) > worst_sent)
			worst_sent = speed_window_rate(&sent_w);
	}
	/* The buffer filling, counted as written, looked like 8x and more. */
	CHECK(worst_sent > 2 * rate);
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
	test_burnt();
	return check_finish();
}
