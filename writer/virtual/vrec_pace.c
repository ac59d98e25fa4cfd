/*
 * vrec_pace.c - the drive buffer of a paced virtual recorder.  Data enters
 * with WRITE and leaves at the write speed (x * 75 sectors/s); the clock
 * is passed in (CLOCK_MONOTONIC seconds), so there is no thread and the
 * arithmetic is testable.  With pacing off the buffer never fills.
 */
#include "vrec_internal.h"

void vrec_pace_init(struct vrec_pace *p, bool enabled, uint32_t size)
{
	p->enabled = enabled;
	p->size = size;
	p->fill = 0;
	p->last = 0;
}

void vrec_pace_update(struct vrec_pace *p, double rate, double now)
{
	if (!p->enabled) {
		p->fill = 0;
		p->last = now;
		return;
	}
	if (now > p->last && p->fill > 0) {
		p->fill -= (now - p->last) * rate;
		if (p->fill < 0)
			p->fill = 0;
	}
	p->last = now;
}

bool vrec_pace_accept(struct vrec_pace *p, uint32_t bytes, double rate,
		      double now)
{
	vrec_pace_update(p, rate, now);
	if (!p->enabled)
		return true;
	/* An empty buffer takes any transfer, so nothing can deadlock. */
	if (p->fill > 0 && p->fill + bytes > p->size)
		return false;
	p->fill += bytes;
	return true;
}

uint32_t vrec_pace_free(struct vrec_pace *p, double rate, double now)
{
	vrec_pace_update(p, rate, now);
	if (p->fill >= p->size)
		return 0;
	return p->size - (uint32_t)p->fill;
}

double vrec_pace_drain_time(struct vrec_pace *p, double rate, double now)
{
	vrec_pace_update(p, rate, now);
	if (!p->enabled || rate <= 0)
		return 0;
	return p->fill / rate;
}
