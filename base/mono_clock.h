/*
 * mono_clock.h - the one clock for measuring time inside burnfs:
 * CLOCK_MONOTONIC, which neither NTP steps nor a changed date move.  Wall
 * time (CLOCK_REALTIME) is used only for what a person reads (log
 * timestamps, file times).
 */
#ifndef BURNFS_MONO_CLOCK_H
#define BURNFS_MONO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Now, as a timespec. */
struct timespec mono_now(void);
/* Now, in seconds (for rates and durations shown to people). */
double mono_seconds(void);
/* Now, in milliseconds. */
uint64_t mono_ms(void);
/* Seconds from t to now. */
double mono_seconds_since(const struct timespec *t);
/* t + ms, normalized; for pthread_cond_timedwait on a monotonic cond. */
struct timespec mono_after_ms(unsigned ms);

#endif
