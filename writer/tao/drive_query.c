/*
 * drive_query.c - reading drive and media descriptions (see
 * drive_query.h).
 */
#include "drive_query.h"

#include "drive_caps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CONF_BUF_BYTES 4096
#define READY_TIMEOUT_MS 30000

enum media_type drive_query_media_type(uint16_t profile)
{
	switch (profile) {
	case MMC_PROFILE_NONE:
		return MEDIA_NONE;
	case MMC_PROFILE_CD_ROM:
		return MEDIA_CD_ROM;
	case MMC_PROFILE_CD_R:
		return MEDIA_CD_R;
	case MMC_PROFILE_CD_RW:
		return MEDIA_CD_RW;
	default:
		return MEDIA_UNKNOWN;
	}
}

enum media_state drive_query_media_state(const struct mmc_disc_information *di)
{
	switch (di->disc_status) {
	case MMC_DISC_BLANK:
		return MEDIA_STATE_BLANK;
	case MMC_DISC_INCOMPLETE:
		return di->last_session_state == MMC_SESSION_INCOMPLETE
			   ? MEDIA_STATE_OPEN
			   : MEDIA_STATE_APPENDABLE;
	default:
		return MEDIA_STATE_CLOSED;
	}
}

int drive_query_info(struct scsi_transport *t, struct drive_info *out,
		     struct mmc_error *err)
{
	memset(out, 0, sizeof(*out));
	struct mmc_inquiry inq;
	int rc = mmc_inquiry(t, &inq, err);
	if (rc < 0)
		return rc;
	memcpy(out->vendor, inq.vendor, sizeof(out->vendor));
	memcpy(out->product, inq.product, sizeof(out->product));
	memcpy(out->revision, inq.revision, sizeof(out->revision));

	uint8_t *buf = malloc(CONF_BUF_BYTES);
	struct mmc_configuration *conf = malloc(sizeof(*conf));
	if (!buf || !conf) {
		free(buf);
		free(conf);
		return -ENOMEM;
	}
	rc = mmc_get_configuration(t, conf, buf, CONF_BUF_BYTES, err);
	if (rc == 0) {
		out->current_profile = conf->current_profile;
		for (size_t i = 0; i < conf->n_profiles && i < 32; i++) {
			out->profiles[i] = conf->profiles[i].profile;
			out->n_profiles = i + 1;
			if (out->profiles[i] == MMC_PROFILE_CD_R)
				out->can_write_cd_r = true;
			if (out->profiles[i] == MMC_PROFILE_CD_RW)
				out->can_write_cd_rw = true;
		}
		out->can_test_write = conf->tao_test_write;
		out->has_bufe = conf->tao_buf;
		out->can_write_sao = conf->mastering_present && conf->sao;
		drive_caps_features(out, conf);
	}
	free(buf);
	free(conf);
	if (rc < 0)
		return rc;

	uint8_t page[256];
	size_t len = 0;
	rc = mmc_mode_sense_page(t, MMC_PAGE_CAPABILITIES, page, sizeof(page),
				 &len, err);
	if (rc < 0)
		return rc;
	struct mmc_capabilities caps;
	if (mmc_parse_capabilities(page, len, &caps) == 0) {
		out->can_write_cd_r = caps.write_cd_r;
		out->can_write_cd_rw = caps.write_cd_rw;
		out->can_test_write = out->can_test_write || caps.test_write;
		out->has_bufe = out->has_bufe || caps.buf;
		out->can_eject = caps.eject;
		out->buffer_size_bytes = (uint32_t)caps.buffer_size_kb * 1024;
		out->max_read_speed_kbps = caps.max_read_speed_kbps;
		out->max_write_speed_kbps = caps.max_write_speed_kbps;
		out->current_write_speed_kbps = caps.current_write_speed_kbps;
		drive_caps_from_page2a(out, &caps);
	}
	drive_caps_query(t, out);
	return 0;
}

static bool no_medium(const struct mmc_error *e)
{
	return e->has_sense && e->sense.key == SENSE_NOT_READY &&
	       e->sense.asc == 0x3A;
}

/* The tracks on the disc, numbers first..last. */
static void read_tracks(struct scsi_transport *t, struct media_info *out,
			unsigned first, unsigned last)
{
	struct mmc_toc *toc = malloc(sizeof(*toc));
	struct mmc_error e;
	bool have_toc = toc && mmc_read_toc(t, toc, &e) == 0;

	for (unsigned n = first; n <= last && out->n_tracks < 99; n++) {
		struct media_track *mt = &out->tracks[out->n_tracks];
		memset(mt, 0, sizeof(*mt));
		mt->number = (uint8_t)n;
		struct mmc_track_information ti;
		bool have_ti = mmc_read_track_information(
				   t, MMC_TRACK_INFO_TRACK, n, &ti, &e) == 0;
		if (have_ti) {
			mt->session = (uint8_t)ti.session_number;
			mt->control = ti.track_mode & 0x0F;
			mt->start_lba = ti.track_start;
			mt->length = ti.track_size;
			mt->damaged = ti.damage;
		}
		if (have_toc) {
			for (size_t i = 0; i + 1 < toc->n; i++) {
				if (toc->entries[i].track != n)
					continue;
				mt->control = toc->entries[i].control & 0x0F;
				if (!have_ti) {
					mt->start_lba = toc->entries[i].lba;
					mt->length =
					    (uint32_t)(toc->entries[i + 1].lba -
						       toc->entries[i].lba);
					mt->session = 1;
				}
			}
		}
		if (have_ti || have_toc)
			out->n_tracks++;
	}
	free(toc);
}

int drive_query_media(struct scsi_transport *t, struct media_info *out,
		      struct mmc_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = mmc_wait_ready(t, READY_TIMEOUT_MS, NULL, NULL, err);
	if (rc < 0) {
		if (rc == -ENOMEDIUM || (err && no_medium(err)))
			return 0;
		return rc;
	}

	uint8_t *buf = malloc(CONF_BUF_BYTES);
	struct mmc_configuration *conf = malloc(sizeof(*conf));
	if (!buf || !conf) {
		free(buf);
		free(conf);
		return -ENOMEM;
	}
	rc = mmc_get_configuration(t, conf, buf, CONF_BUF_BYTES, err);
	uint16_t profile = conf->current_profile;
	free(buf);
	free(conf);
	if (rc < 0)
		return rc;
	out->type = drive_query_media_type(profile);
	if (out->type == MEDIA_NONE)
		return 0;

	struct mmc_disc_information di;
	rc = mmc_read_disc_information(t, &di, err);
	if (rc < 0)
		return rc;
	out->state = drive_query_media_state(&di);
	out->erasable = di.erasable;
	out->session_open = out->state == MEDIA_STATE_OPEN;
	/* The drive counts the empty or open last session too. */
	unsigned sessions = di.n_sessions;
	if (di.last_session_state == MMC_SESSION_EMPTY && sessions > 0)
		sessions--;
	if (out->state == MEDIA_STATE_BLANK)
		sessions = 0;
	out->n_sessions = sessions;
	if (di.leadout_valid)
		out->last_possible_leadout_lba = di.last_possible_leadout_lba;
	if (di.leadin_valid)
		out->leadin_lba = di.last_session_leadin_lba;

	if (out->state != MEDIA_STATE_BLANK) {
		/* While a session is not complete, its last track is the
		 * invisible one. */
		unsigned last = di.last_track_last_session;
		if (di.last_session_state != MMC_SESSION_COMPLETE &&
		    out->state != MEDIA_STATE_CLOSED && last > 0)
			last--;
		if (last >= di.first_track)
			read_tracks(t, out, di.first_track, last);
	}

	struct mmc_error e;
	if (out->type == MEDIA_CD_R || out->type == MEDIA_CD_RW) {
		struct mmc_atip atip;
		if (mmc_read_atip(t, &atip, &e) == 0) {
			out->atip_valid = true;
			out->atip_disc_sub_type = atip.disc_sub_type;
			out->atip_disc_type_rw = atip.disc_type_rw;
			out->atip_leadin_m = atip.leadin_start_msf.m;
			out->atip_leadin_s = atip.leadin_start_msf.s;
			out->atip_leadin_f = atip.leadin_start_msf.f;
			out->leadin_lba = atip.leadin_start_lba;
			if (!di.leadout_valid)
				out->last_possible_leadout_lba =
				    atip.last_possible_leadout_lba;
			out->erasable = out->erasable || atip.disc_type_rw;
		}
		if (out->state != MEDIA_STATE_CLOSED) {
			struct mmc_track_information ti;
			rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
							MMC_INVISIBLE_TRACK,
							&ti, &e);
			/* A drive refusing the question leaves the disc
			 * unwritable; a malformed answer or a transport
			 * failure is an error of its own, said as such. */
			if (rc < 0 && !e.has_sense) {
				if (err)
					*err = e;
				return rc;
			}
			if (rc == 0 && ti.nwa_v) {
				out->writable = true;
				out->next_writable_address =
				    ti.next_writable_address;
				out->free_sectors = ti.free_blocks;
				out->next_track_number =
				    (uint8_t)ti.track_number;
				out->first_track_of_session =
				    out->state != MEDIA_STATE_OPEN;
			}
		}
	}
	return 0;
}
