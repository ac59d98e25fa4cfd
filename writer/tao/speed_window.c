/*
 * speed_window.c - sliding-window write speed (see speed_window.h).
 */
#include "speed_window.h"

void speed_window_init(struct speed_window *w, double span_s)
{
	w->span_s = span_s > 0 ? span_s : 3.0;
	speed_window_reset(w);
}

void speed_window_reset(struct speed_window *w)
{
	w->first = 0;
	w->n = 0;
}

static size_t idx(const struct speed_window *w, size_t k)
{
	return (w->first + k) % SPEED_WINDOW_SAMPLES;
}

void speed_window_add(struct speed_window *w, double t, uint64_t sectors)
{
	if (w->n == SPEED_WINDOW_SAMPLES) {
		w->first = idx(w, 1);
		w->n--;
	}
	size_t i = idx(w, w->n);
	w->t[i] = t;
	w->sectors[i] = sectors;
	w->n++;
	/* Keep one sample at or before the window start as the reference. */
	while (w->n > 2 && t - w->t[idx(w, 1)] >= w->span_s) {
		w->first = idx(w, 1);
		w->n--;
	}
}

double speed_window_rate(const struct speed_window *w)
{
	if (w->n < 2)
		return 0;
	size_t a = w->first, b = idx(w, w->n - 1);
	double dt = w->t[b] - w->t[a];
	if (dt < 0.05 || w->sectors[b] < w->sectors[a])
		return 0;
	return (double)(w->sectors[b] - w->sectors[a]) / dt;
}

double speed_window_eta(const struct speed_window *w, uint64_t left)
{
	double rate = speed_window_rate(w);
	if (left == 0)
		return 0;
	if (rate <= 0)
		return -1;
	return (double)left / rate;
}
