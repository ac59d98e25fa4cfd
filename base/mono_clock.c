/*
 * mono_clock.c - CLOCK_MONOTONIC readings (see mono_clock.h).
 */
#include "mono_clock.h"

struct timespec mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

double mono_seconds(void)
{
	struct timespec ts = mono_now();
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t mono_ms(void)
{
	struct timespec ts = mono_now();
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

double mono_seconds_since(const struct timespec *t)
{
	struct timespec n = mono_now();
	return (double)(n.tv_sec - t->tv_sec) +
	       (double)(n.tv_nsec - t->tv_nsec) / 1e9;
}

struct timespec mono_after_ms(unsigned ms)
{
	struct timespec ts = mono_now();
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}
