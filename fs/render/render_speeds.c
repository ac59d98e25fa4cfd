/*
 * render_speeds.c - the drive's `speeds` file: the write speeds the
 * drive supports for the loaded disc (from GET PERFORMANCE type 03h or
 * page 2Ah, as drive_caps.c found them) with their rotation control, the
 * current one, the requested one and the one a burn would use
 * (speed_choice.h).  Pure; keys are documented in doc/files.md.
 */
#include "cd_speed.h"
#include "render.h"

static const char *rotation_name(uint8_t wrc)
{
	return wrc == 1 ? "CAV" : wrc == 0 ? "CLV" : "unknown";
}

static void speed_line(struct textbuf *tb, const char *key, uint16_t kbps,
		       const char *rotation)
{
	if (kbps == 0) {
		tb_printf(tb, "%s: unknown\n", key);
		return;
	}
	tb_printf(tb, "%s: %ux %u kB/s", key, speed_kbps_to_x(kbps),
		  (unsigned)kbps);
	if (rotation)
		tb_printf(tb, " %s", rotation);
	tb_printf(tb, "\n");
}

void render_speeds(struct textbuf *tb, const struct drive_info *d,
		   uint16_t requested_kbps)
{
	size_t n = d->n_write_speeds;
	if (n > sizeof(d->write_speeds_kbps) / sizeof(d->write_speeds_kbps[0]))
		n = sizeof(d->write_speeds_kbps) /
		    sizeof(d->write_speeds_kbps[0]);
	tb_printf(tb, "source: %s\n",
		  n == 0		       ? "none"
		  : d->speeds_from_performance ? "GET PERFORMANCE"
					       : "page 2Ah");
	tb_printf(tb, "supported_count: %zu\n", n);
	for (size_t i = 0; i < n; i++)
		speed_line(tb, "supported", d->write_speeds_kbps[i],
			   rotation_name(d->write_speed_rotation[i]));
	speed_line(tb, "current", d->current_write_speed_kbps,
		   rotation_name(d->current_rotation));
	if (requested_kbps == 0)
		tb_printf(tb, "requested: max\n");
	else
		speed_line(tb, "requested", requested_kbps, NULL);
	char note[8];
	uint16_t use =
	    speed_choose(d->write_speeds_kbps, n, requested_kbps, note, 0);
	if (use == 0 && n > 0)
		use = d->write_speeds_kbps[0];
	int i = speed_nearest(d->write_speeds_kbps, n, use);
	speed_line(tb, "selected", use,
		   i >= 0 ? rotation_name(d->write_speed_rotation[i]) : NULL);
}
