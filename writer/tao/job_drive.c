/*
 * job_drive.c - the MMC steps both burn engines share (see job_drive.h).
 */
#include "job_drive.h"

#include <errno.h>
#include <string.h>

#include "msf.h"
#include "sense.h"

int job_read_disc(struct job_core *c, struct mmc_disc_information *di)
{
	struct scsi_transport *t = c->io->transport;
	int rc = mmc_wait_ready(t, job_wait_ms(c, BURN_JOB_READY_TIMEOUT_MS),
				NULL, NULL, &c->err);
	if (rc < 0)
		return job_fail_mmc(c, rc, "waiting for the drive");
	rc = mmc_read_disc_information(t, di, &c->err);
	if (rc < 0)
		return job_fail_mmc(c, rc, "reading the disc");
	if (di->disc_status == MMC_DISC_COMPLETE)
		return job_fail(
		    c, EROFS,
		    "the disc is closed: no more tracks can be added");
	return 0;
}

int job_read_configuration(struct job_core *c)
{
	int rc = mmc_get_configuration(c->io->transport, &c->conf, c->conf_buf,
				       sizeof(c->conf_buf), &c->err);
	if (rc < 0)
		return job_fail_mmc(c, rc, "reading the drive configuration");
	if (c->conf.current_profile != MMC_PROFILE_CD_R &&
	    c->conf.current_profile != MMC_PROFILE_CD_RW)
		return job_fail(
		    c, EMEDIUMTYPE,
		    "the disc is not a CD-R or CD-RW (profile %04Xh)",
		    c->conf.current_profile);
	return 0;
}

int job_lock_tray_and_set_speed(struct job_core *c)
{
	struct scsi_transport *t = c->io->transport;
	int rc = mmc_prevent_allow_medium_removal(t, true, &c->err);
	if (rc < 0)
		return job_fail_mmc(c, rc, "locking the tray");
	c->prevented = true;

	uint16_t speed =
	    c->opts->write_speed_kbps ? c->opts->write_speed_kbps : 0xFFFF;
	rc = mmc_set_cd_speed(t, 0xFFFF, speed, &c->err);
	if (rc < 0) {
		/* A refused speed value is not worth a coaster. */
		if (!c->err.has_sense ||
		    c->err.sense.key != SENSE_ILLEGAL_REQUEST)
			return job_fail_mmc(c, rc, "setting the write speed");
		job_log(c,
			"the drive refused write speed %u kB/s (%s); it "
			"chooses the speed itself",
			speed, c->err.text);
	}
	return 0;
}

void job_unlock_tray(struct job_core *c)
{
	if (!c->prevented)
		return;
	struct mmc_error e;
	if (mmc_prevent_allow_medium_removal(c->io->transport, false, &e) < 0)
		job_log(c, "unlocking the tray failed: %s", e.text);
	c->prevented = false;
}

int job_read_write_parameters(struct job_core *c,
			      struct mmc_write_parameters *wp)
{
	uint8_t page[256];
	size_t page_len = 0;
	int rc =
	    mmc_mode_sense_page(c->io->transport, MMC_PAGE_WRITE_PARAMETERS,
				page, sizeof(page), &page_len, &c->err);
	if (rc < 0)
		return job_fail_mmc(c, rc, "reading the write parameters");
	rc = mmc_parse_write_parameters(page, page_len, wp);
	if (rc < 0)
		return job_fail(c, EIO,
				"the drive's Write Parameters page (05h) is "
				"malformed (%zu bytes)",
				page_len);
	if (wp->page_length == 0)
		wp->page_length = 0x32;
	return 0;
}

void job_audio_write_parameters(const struct job_core *c,
				struct mmc_write_parameters *wp,
				uint8_t write_type)
{
	wp->ps = false;
	wp->bufe = c->opts->buffer_underrun_protection;
	wp->ls_v = false;
	wp->test_write = c->opts->test_write;
	wp->write_type = write_type;
	wp->fp = false;
	wp->copy = false;
	wp->data_block_type = 0;
	wp->link_size = 0;
	wp->host_application_code = 0;
	wp->session_format = 0;
	wp->packet_size = 0;
	wp->audio_pause_length = CD_PREGAP_SECTORS;
}

/* SYNCHRONIZE CACHE, then the wait for the drive to be ready again: once
 * both succeed, all that was sent is on the disc. */
static int drain_drive(struct job_core *c, unsigned timeout_ms,
		       struct mmc_error *e)
{
	struct scsi_transport *t = c->io->transport;
	int rc = mmc_synchronize_cache(t, true, e);
	if (rc == 0)
		rc = mmc_wait_ready(t, job_wait_ms(c, timeout_ms), NULL, NULL,
				    e);
	if (rc == 0)
		job_drained(c);
	return rc;
}

int job_flush(struct job_core *c, unsigned timeout_ms, const char *where)
{
	int rc = drain_drive(c, timeout_ms, &c->err);
	return rc < 0 ? job_fail_mmc(c, rc, where) : 0;
}

void job_end_interrupted(struct job_core *c, const char *what)
{
	struct mmc_error e;
	if (drain_drive(c, MMC_TIMEOUT_SYNC_MS, &e) < 0)
		job_log(c, "%s failed: %s", what, e.text);
}
