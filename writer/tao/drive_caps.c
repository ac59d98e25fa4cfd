/*
 * drive_caps.c - features, mode pages, loading and write speed
 * descriptors of a drive (see drive_caps.h).
 */
#include "drive_caps.h"

#include <string.h>

#include "mmc_perf.h"

#define FEATURE_REMOVABLE_MEDIUM 0x0003
#define FEATURE_REAL_TIME_STREAMING 0x0107
#define RTS_WSPD 0x02	    /* 0107h byte 4 bit 1 */
#define REMOVABLE_LOAD 0x10 /* 0003h byte 4 bit 4 (MMC-5) */

void drive_caps_features(struct drive_info *out,
			 const struct mmc_configuration *conf)
{
	size_t cap = sizeof(out->features) / sizeof(out->features[0]);
	out->n_features = 0;
	for (size_t i = 0; i < conf->n_features && i < cap; i++) {
		const struct mmc_feature *f = &conf->features[i];
		out->features[i].code = f->code;
		out->features[i].version = f->version;
		out->features[i].current = f->current;
		out->features[i].persistent = f->persistent;
		out->n_features = i + 1;
		if (f->code == FEATURE_REMOVABLE_MEDIUM &&
		    f->additional_length >= 1 && (f->data[0] & REMOVABLE_LOAD))
			out->can_load = true;
	}
}

void drive_caps_from_page2a(struct drive_info *out,
			    const struct mmc_capabilities *caps)
{
	out->loading_mechanism = caps->loading_mechanism;
	out->current_rotation = caps->rotation_control & 0x03;
	bool closes = caps->loading_mechanism == DRIVE_LOADING_TRAY ||
		      caps->loading_mechanism == DRIVE_LOADING_CHANGER ||
		      caps->loading_mechanism == DRIVE_LOADING_MAGAZINE;
	if (caps->eject && closes)
		out->can_load = true;
	size_t cap =
	    sizeof(out->write_speeds_kbps) / sizeof(out->write_speeds_kbps[0]);
	out->n_write_speeds = 0;
	for (size_t i = 0; i < caps->n_write_speeds && i < cap; i++) {
		out->write_speeds_kbps[i] = caps->write_speeds[i].kbps;
		out->write_speed_rotation[i] =
		    caps->write_speeds[i].rotation_control & 0x03;
		out->n_write_speeds = i + 1;
	}
	drive_caps_sort_speeds(out);
}

void drive_caps_sort_speeds(struct drive_info *d)
{
	size_t n = d->n_write_speeds;
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && d->write_speeds_kbps[k - 1] <
						d->write_speeds_kbps[k];
		     k--) {
			uint16_t x = d->write_speeds_kbps[k];
			d->write_speeds_kbps[k] = d->write_speeds_kbps[k - 1];
			d->write_speeds_kbps[k - 1] = x;
			uint8_t r = d->write_speed_rotation[k];
			d->write_speed_rotation[k] =
			    d->write_speed_rotation[k - 1];
			d->write_speed_rotation[k - 1] = r;
		}
	/* The same speed twice (CLV and CAV) is kept; exact duplicates go. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 &&
		    d->write_speeds_kbps[w - 1] == d->write_speeds_kbps[i] &&
		    d->write_speed_rotation[w - 1] ==
			d->write_speed_rotation[i])
			continue;
		d->write_speeds_kbps[w] = d->write_speeds_kbps[i];
		d->write_speed_rotation[w] = d->write_speed_rotation[i];
		w++;
	}
	d->n_write_speeds = w;
}

static bool lists_wspd(struct scsi_transport *t)
{
	/* The payload is not kept in drive_info: ask for 0107h alone. */
	uint8_t buf[64];
	struct scsi_cmd c;
	mmc_cdb_get_configuration(&c, 2, FEATURE_REAL_TIME_STREAMING, buf,
				  sizeof(buf));
	size_t got = 0;
	struct mmc_error e;
	if (mmc_run(t, &c, 0, &got, &e) < 0 || got < 13)
		return false;
	return buf[8] == 0x01 && buf[9] == 0x07 && buf[11] >= 1 &&
	       (buf[12] & RTS_WSPD);
}

void drive_caps_query(struct scsi_transport *t, struct drive_info *out)
{
	struct mmc_error e;
	size_t n = 0;
	if (mmc_mode_page_list(t, out->mode_pages, sizeof(out->mode_pages), &n,
			       &e) == 0)
		out->n_mode_pages = n;

	bool rts = false;
	for (size_t i = 0; i < out->n_features; i++)
		if (out->features[i].code == FEATURE_REAL_TIME_STREAMING)
			rts = true;
	if (!rts || !lists_wspd(t))
		return;
	struct mmc_write_speed_descriptor d[32];
	if (mmc_get_write_speeds(t, d, 32, &n, &e) < 0 || n == 0)
		return;
	size_t cap =
	    sizeof(out->write_speeds_kbps) / sizeof(out->write_speeds_kbps[0]);
	size_t k = 0;
	for (size_t i = 0; i < n && k < cap; i++) {
		if (d[i].write_kbps == 0 || d[i].write_kbps > 0xFFFF)
			continue;
		out->write_speeds_kbps[k] = (uint16_t)d[i].write_kbps;
		out->write_speed_rotation[k] = d[i].wrc;
		k++;
	}
	if (k == 0)
		return;
	out->n_write_speeds = k;
	out->speeds_from_performance = true;
	drive_caps_sort_speeds(out);
}
