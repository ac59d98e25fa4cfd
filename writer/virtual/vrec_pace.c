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
	p->streaming = false;
	p->starved = false;
	p->underruns = 0;
	p->starved_s = 0;
	p->stream_start = 0;
	p->stream_underruns0 = 0;
	p->stream_starved0 = 0;
}

void vrec_pace_update(struct vrec_pace *p, double rate, double now)
{
	if (!p->enabled) {
		p->fill = 0;
		p->last = now;
		return;
	}
	if (now <= p->last)
		return;
	double elapsed = now - p->last;
	if (p->fill > 0 && rate > 0) {
		double empty_after = p->fill / rate;
		if (empty_after >= elapsed) {
			p->fill -= elapsed * rate;
		} else {
			/* Ran dry within this interval. */
			p->fill = 0;
			if (p->streaming) {
				p->underruns++;
				p->starved = true;
				p->starved_s += elapsed - empty_after;
			}
		}
	} else if (p->streaming && p->starved) {
		p->starved_s += elapsed;
	}
	p->last = now;
}

struct vrec_stream_report vrec_pace_end_stream(struct vrec_pace *p, double rate,
					       double now)
{
	struct vrec_stream_report r = {0};
	vrec_pace_update(p, rate, now);
	if (p->streaming) {
		r.streamed = true;
		r.seconds =
		    now - p->stream_start + (rate > 0 ? p->fill / rate : 0);
		r.underruns = p->underruns - p->stream_underruns0;
		r.starved_s = p->starved_s - p->stream_starved0;
	}
	p->streaming = false;
	p->starved = false;
	return r;
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
	if (!p->streaming) {
		p->stream_start = now;
		p->stream_underruns0 = p->underruns;
		p->stream_starved0 = p->starved_s;
	}
	p->streaming = true;
	p->starved = false;
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
