/*
 * render_info.c - the drive's `info` file: identity,
 * capabilities and write speeds of a recorder, from the drive_info that
 * the recorder read with INQUIRY, GET CONFIGURATION and MODE SENSE page
 * 2Ah, the feature and mode page lists, and who holds the drive.  Pure;
 * keys are documented in doc/files.md.  `speeds` is render_speeds.c.
 */
#include "cd_speed.h"
#include "mmc_names.h"
#include "render.h"

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* MMC profile numbers (GET CONFIGURATION) for the media we may meet. */
static const char *profile_name(uint16_t p)
{
	switch (p) {
	case 0x0000:
		return "none";
	case 0x0002:
		return "Removable disk";
	case 0x0008:
		return "CD-ROM";
	case 0x0009:
		return "CD-R";
	case 0x000A:
		return "CD-RW";
	case 0x0010:
		return "DVD-ROM";
	case 0x0011:
		return "DVD-R";
	case 0x0012:
		return "DVD-RAM";
	case 0x0013:
		return "DVD-RW restricted overwrite";
	case 0x0014:
		return "DVD-RW";
	case 0x001A:
		return "DVD+RW";
	case 0x001B:
		return "DVD+R";
	case 0x002B:
		return "DVD+R DL";
	case 0x0040:
		return "BD-ROM";
	case 0x0041:
		return "BD-R";
	case 0x0043:
		return "BD-RE";
	default:
		return "unknown";
	}
}

static void render_speed_value(struct textbuf *tb, const char *key,
			       uint16_t kbps)
{
	if (kbps == 0)
		tb_printf(tb, "%s: unknown\n", key);
	else
		tb_printf(tb, "%s: %ux %u kB/s\n", key, speed_kbps_to_x(kbps),
			  (unsigned)kbps);
}

void render_info(struct textbuf *tb, const char *drive_name,
		 const struct drive_info *d, const struct burn_status *s)
{
	tb_printf(tb, "drive: %s\n", drive_name ? drive_name : "");
	tb_printf(tb, "vendor: %s\n", d->vendor);
	tb_printf(tb, "product: %s\n", d->product);
	tb_printf(tb, "revision: %s\n", d->revision);
	tb_printf(tb, "profiles:");
	size_t n = d->n_profiles;
	if (n > sizeof(d->profiles) / sizeof(d->profiles[0]))
		n = sizeof(d->profiles) / sizeof(d->profiles[0]);
	for (size_t i = 0; i < n; i++)
		tb_printf(tb, "%s 0x%04X %s", i ? "," : "",
			  (unsigned)d->profiles[i],
			  profile_name(d->profiles[i]));
	tb_printf(tb, "\n");
	tb_printf(tb, "current_profile: 0x%04X %s\n",
		  (unsigned)d->current_profile,
		  profile_name(d->current_profile));
	tb_printf(tb, "writes_cd_r: %s\n", yes_no(d->can_write_cd_r));
	tb_printf(tb, "writes_cd_rw: %s\n", yes_no(d->can_write_cd_rw));
	tb_printf(tb, "test_write: %s\n", yes_no(d->can_test_write));
	tb_printf(tb, "bufe: %s\n", yes_no(d->has_bufe));
	tb_printf(tb, "eject: %s\n", yes_no(d->can_eject));
	tb_printf(tb, "buffer_size: %u KiB\n",
		  (unsigned)(d->buffer_size_bytes / 1024));
	render_speed_value(tb, "max_read_speed", d->max_read_speed_kbps);
	render_speed_value(tb, "max_write_speed", d->max_write_speed_kbps);
	if (s && s->owner_pid > 0)
		tb_printf(tb, "owner: %ld\n", (long)s->owner_pid);
	else
		tb_printf(tb, "owner: none\n");
	/* A command name may hold any byte but NUL. */
	tb_printf(tb, "owner_command: ");
	tb_append_one_line(
	    tb,
	    s && s->owner_pid > 0 && s->owner_comm[0] ? s->owner_comm : "none",
	    s ? sizeof(s->owner_comm) : 5);
	tb_printf(tb, "\n");
	tb_printf(tb, "loading_mechanism: %s\n",
		  loading_mechanism_name(d->loading_mechanism));
	tb_printf(tb, "can_load: %s\n", yes_no(d->can_load));
	size_t np = d->n_mode_pages;
	if (np > sizeof(d->mode_pages))
		np = sizeof(d->mode_pages);
	tb_printf(tb, "mode_pages:");
	for (size_t i = 0; i < np; i++)
		tb_printf(tb, "%s 0x%02X %s", i ? "," : "",
			  (unsigned)d->mode_pages[i],
			  mode_page_name(d->mode_pages[i]));
	tb_printf(tb, "\n");
	size_t nf = d->n_features;
	if (nf > sizeof(d->features) / sizeof(d->features[0]))
		nf = sizeof(d->features) / sizeof(d->features[0]);
	tb_printf(tb, "feature_count: %zu\n", nf);
	for (size_t i = 0; i < nf; i++) {
		const struct drive_feature *f = &d->features[i];
		tb_printf(tb, "feature: 0x%04X current=%s persistent=%s %s\n",
			  (unsigned)f->code, yes_no(f->current),
			  yes_no(f->persistent), feature_name(f->code));
	}
}
