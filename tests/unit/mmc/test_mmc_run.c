/*
 * test_mmc_run.c - the command wrappers of writer/mmc/mmc.c against a
 * scripted fake transport: each step says what the "device" answers
 * (transport error, status, sense, data, residual).  The fake records
 * every CDB and the data sent to it.
 */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "mmc.h"

struct step {
	int transport_errno;
	uint8_t status;
	uint8_t sense[SCSI_SENSE_MAX];
	uint8_t sense_len;
	const uint8_t *data; /* data-in payload, copied up to data_len */
	size_t data_size;
	bool resid_set; /* use resid below instead of data_len - copied */
	size_t resid;
	bool repeat; /* answer this step forever */
};

#define MAX_STEPS 16
#define MAX_CALLS 64

struct fake {
	struct scsi_transport base;
	struct step steps[MAX_STEPS];
	size_t n_steps, pos;
	size_t calls;
	uint8_t cdbs[MAX_CALLS][SCSI_CDB_MAX];
	size_t data_len[MAX_CALLS];
	unsigned timeout_ms[MAX_CALLS];
	uint8_t sent[256]; /* data-out of the last command */
	size_t sent_len;
};

static int fake_execute(struct scsi_transport *t, const struct scsi_cmd *cmd,
			struct scsi_result *res)
{
	struct fake *f = (struct fake *)t;
	memset(res, 0, sizeof(*res));
	if (f->calls < MAX_CALLS) {
		memcpy(f->cdbs[f->calls], cmd->cdb, SCSI_CDB_MAX);
		f->data_len[f->calls] = cmd->data_len;
		f->timeout_ms[f->calls] = cmd->timeout_ms;
	}
	f->calls++;
	if (f->pos >= f->n_steps) {
		res->transport_errno = ENODEV; /* script exhausted */
		return ENODEV;
	}
	const struct step *s = &f->steps[f->pos];
	if (!s->repeat)
		f->pos++;
	res->transport_errno = s->transport_errno;
	if (s->transport_errno)
		return s->transport_errno;
	res->status = s->status;
	memcpy(res->sense, s->sense, sizeof(res->sense));
	res->sense_len = s->sense_len;
	size_t copied = 0;
	if (cmd->dir == SCSI_DIR_FROM_DEVICE && s->data) {
		copied =
		    s->data_size < cmd->data_len ? s->data_size : cmd->data_len;
		memcpy(cmd->data, s->data, copied);
	} else if (cmd->dir == SCSI_DIR_TO_DEVICE) {
		f->sent_len = cmd->data_len;
		memcpy(f->sent, cmd->data,
		       cmd->data_len < sizeof(f->sent) ? cmd->data_len
						       : sizeof(f->sent));
		copied = cmd->data_len;
	}
	res->resid = s->resid_set ? s->resid : cmd->data_len - copied;
	return 0;
}

static void fake_destroy(struct scsi_transport *t)
{
	(void)t;
}

static const struct scsi_transport_ops fake_ops = {
    .execute = fake_execute,
    .destroy = fake_destroy,
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->base.ops = &fake_ops;
	f->base.name = "fake";
}

static struct step *add(struct fake *f)
{
	return &f->steps[f->n_steps++];
}

static void add_good(struct fake *f, const uint8_t *data, size_t size)
{
	struct step *s = add(f);
	s->status = SCSI_STATUS_GOOD;
	s->data = data;
	s->data_size = size;
}

static struct step *add_sense(struct fake *f, uint8_t key, uint8_t asc,
			      uint8_t ascq)
{
	struct step *s = add(f);
	s->status = SCSI_STATUS_CHECK_CONDITION;
	sense_build_fixed(s->sense, key, asc, ascq);
	s->sense_len = 18;
	return s;
}

static struct step *add_progress(struct fake *f, uint16_t progress)
{
	struct step *s = add_sense(f, SENSE_NOT_READY, 0x04, 0x08);
	s->sense[15] = 0x80;
	s->sense[16] = (uint8_t)(progress >> 8);
	s->sense[17] = (uint8_t)progress;
	return s;
}

static void test_success(void)
{
	struct fake f;
	fake_init(&f);
	add_good(&f, NULL, 0);
	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	CHECK_EQ(mmc_test_unit_ready(&f.base, &e), 0);
	CHECK_EQ(f.calls, 1);
	CHECK_EQ(f.cdbs[0][0], MMC_TEST_UNIT_READY);
	CHECK_EQ(e.err, 0);
}

static void test_check_condition(void)
{
	struct fake f;
	fake_init(&f);
	add_sense(&f, SENSE_MEDIUM_ERROR, 0x0C, 0x00);
	static uint8_t audio[2 * 2352];
	struct mmc_error e;
	CHECK_EQ(mmc_write10(&f.base, 1234, 2, audio, &e), -EIO);
	CHECK_EQ(f.calls, 1); /* medium errors are not retried */
	CHECK_EQ(e.err, EIO);
	CHECK_EQ(e.opcode, MMC_WRITE10);
	CHECK(e.has_sense);
	CHECK_EQ(e.sense.key, SENSE_MEDIUM_ERROR);
	CHECK_EQ(e.sense.asc, 0x0C);
	CHECK_STR(e.text,
		  "WRITE(10) at LBA 1234: MEDIUM ERROR 03/0C/00 write error");
	CHECK_EQ(f.data_len[0], 2 * 2352);
	CHECK_EQ(f.timeout_ms[0], MMC_TIMEOUT_WRITE_MS);

	/* Descriptor-format sense, errno from the table. */
	fake_init(&f);
	struct step *s = add(&f);
	s->status = SCSI_STATUS_CHECK_CONDITION;
	const uint8_t d[8] = {0x72, 0x05, 0x21, 0x02, 0, 0, 0, 0};
	memcpy(s->sense, d, sizeof(d));
	s->sense_len = sizeof(d);
	CHECK_EQ(mmc_write10(&f.base, 500, 2, audio, &e), -EINVAL);
	CHECK_STR(e.text, "WRITE(10) at LBA 500: ILLEGAL REQUEST 05/21/02 "
			  "invalid address for write");

	/* No medium. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x3A, 0x00);
	struct mmc_disc_information di;
	CHECK_EQ(mmc_read_disc_information(&f.base, &di, &e), -ENOMEDIUM);
	CHECK_STR(e.text, "READ DISC INFORMATION: NOT READY 02/3A/00 medium "
			  "not present");

	/* Unknown ASC: code without words. */
	fake_init(&f);
	add_sense(&f, SENSE_ILLEGAL_REQUEST, 0x99, 0x01);
	CHECK_EQ(mmc_set_cd_speed(&f.base, 0xFFFF, 0xFFFF, &e), -EIO);
	CHECK_STR(e.text, "SET CD SPEED: ILLEGAL REQUEST 05/99/01");

	/* CHECK CONDITION without sense data. */
	fake_init(&f);
	s = add(&f);
	s->status = SCSI_STATUS_CHECK_CONDITION;
	CHECK_EQ(mmc_synchronize_cache(&f.base, true, &e), -EIO);
	CHECK(!e.has_sense);
	CHECK_EQ(e.opcode, MMC_SYNCHRONIZE_CACHE);
	CHECK(strstr(e.text, "without usable sense") != NULL);

	/* Other status bytes. */
	fake_init(&f);
	s = add(&f);
	s->status = 0x18; /* RESERVATION CONFLICT */
	CHECK_EQ(mmc_prevent_allow_medium_removal(&f.base, true, &e), -EIO);
	CHECK_STR(e.text, "PREVENT ALLOW MEDIUM REMOVAL: SCSI status 18h");

	/* err may be NULL. */
	fake_init(&f);
	add_sense(&f, SENSE_MEDIUM_ERROR, 0x0C, 0x00);
	CHECK_EQ(mmc_write10(&f.base, 0, 1, audio, NULL), -EIO);
}

static void test_retry(void)
{
	static uint8_t audio[13 * 2352];
	struct fake f;
	struct mmc_error e;

	/* Drive buffer full twice, then accepted. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x08);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x08);
	add_good(&f, NULL, 0);
	CHECK_EQ(mmc_write10(&f.base, 0, 13, audio, &e), 0);
	CHECK_EQ(f.calls, 3);
	/* The same WRITE is re-sent. */
	CHECK_BYTES(f.cdbs[2], f.cdbs[0], 10);
	CHECK_EQ(f.sent_len, 13 * 2352);

	/* Unit attention (power on / reset), then data. */
	const uint8_t disc[34] = {
	    0x00, 0x20, 0x00, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0,  0,  0,
	    0,	  0,	0,    0,    0x00, 97,	34,   23,   0x00, 79, 59, 74};
	fake_init(&f);
	add_sense(&f, SENSE_UNIT_ATTENTION, 0x29, 0x00);
	add_sense(&f, SENSE_UNIT_ATTENTION, 0x28, 0x00);
	add_good(&f, disc, sizeof(disc));
	struct mmc_disc_information di;
	CHECK_EQ(mmc_read_disc_information(&f.base, &di, &e), 0);
	CHECK_EQ(f.calls, 3);
	CHECK_EQ(di.disc_status, MMC_DISC_BLANK);
	CHECK_EQ(di.last_possible_leadout_lba, 359849);

	/* BUSY status is retried as well. */
	fake_init(&f);
	add(&f)->status = SCSI_STATUS_BUSY;
	add_good(&f, NULL, 0);
	CHECK_EQ(mmc_start_stop_unit(&f.base, true, false, true, &e), 0);
	CHECK_EQ(f.calls, 2);

	/* Not retryable: fails at once even with a retry budget. */
	fake_init(&f);
	add_sense(&f, SENSE_ILLEGAL_REQUEST, 0x24, 0x00);
	add_good(&f, NULL, 0);
	struct scsi_cmd c;
	mmc_cdb_set_cd_speed(&c, 1764, 1764);
	CHECK_EQ(mmc_run(&f.base, &c, 5000, NULL, &e), -EINVAL);
	CHECK_EQ(f.calls, 1);

	/* retry_ms 0: no retry at all. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x01);
	add_good(&f, NULL, 0);
	mmc_cdb_test_unit_ready(&c);
	CHECK_EQ(mmc_run(&f.base, &c, 0, NULL, &e), -EBUSY);
	CHECK_EQ(f.calls, 1);

	/* The retry budget runs out: the last sense is reported. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x07)->repeat = true;
	mmc_cdb_synchronize_cache(&c, false);
	CHECK_EQ(mmc_run(&f.base, &c, 60, NULL, &e), -EBUSY);
	CHECK(f.calls >= 2);
	CHECK(e.has_sense);
	CHECK_EQ(e.sense.ascq, 0x07);
	CHECK(strncmp(e.text,
		      "SYNCHRONIZE CACHE: NOT READY 02/04/07 logical unit not "
		      "ready, operation in progress (after ",
		      90) == 0);
}

static void test_recovered(void)
{
	struct fake f;
	fake_init(&f);
	const uint8_t rbc[12] = {0x00, 0x0A, 0,	   0,	 0x00, 0x40,
				 0x00, 0x00, 0x00, 0x10, 0x00, 0x00};
	struct step *s = add_sense(&f, SENSE_RECOVERED_ERROR, 0x17, 0x01);
	s->data = rbc;
	s->data_size = sizeof(rbc);
	struct mmc_buffer_capacity bc;
	struct mmc_error e;
	CHECK_EQ(mmc_read_buffer_capacity(&f.base, &bc, &e), 0);
	CHECK_EQ(f.calls, 1);
	CHECK_EQ(bc.length_of_buffer, 0x400000);
	CHECK_EQ(bc.available_length, 0x100000);
}

static void test_transport(void)
{
	struct fake f;
	fake_init(&f);
	add(&f)->transport_errno = ETIMEDOUT;
	struct mmc_track_information ti;
	struct mmc_error e;
	CHECK_EQ(mmc_read_track_information(&f.base, MMC_TRACK_INFO_TRACK,
					    MMC_INVISIBLE_TRACK, &ti, &e),
		 -ETIMEDOUT);
	CHECK_EQ(e.err, ETIMEDOUT);
	CHECK(!e.has_sense);
	CHECK_EQ(e.opcode, MMC_READ_TRACK_INFORMATION);
	CHECK_STR(e.text, "READ TRACK INFORMATION of track 255: transport: "
			  "Connection timed out");
	/* Transport errors are never retried. */
	fake_init(&f);
	add(&f)->transport_errno = ENODEV;
	add_good(&f, NULL, 0);
	struct scsi_cmd c;
	mmc_cdb_test_unit_ready(&c);
	CHECK_EQ(mmc_run(&f.base, &c, 5000, NULL, &e), -ENODEV);
	CHECK_EQ(f.calls, 1);
}

static void test_residual(void)
{
	struct fake f;
	struct mmc_error e;
	uint8_t buf[36];
	struct scsi_cmd c;
	size_t got = 12345;

	fake_init(&f);
	const uint8_t ti[28] = {0x00, 0x1A, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01};
	add_good(&f, ti, sizeof(ti));
	mmc_cdb_read_track_information(&c, MMC_TRACK_INFO_TRACK, 1, buf, 36);
	CHECK_EQ(mmc_run(&f.base, &c, 0, &got, &e), 0);
	CHECK_EQ(got, 28);

	/* Residual larger than the transfer: nothing transferred. */
	fake_init(&f);
	struct step *s = add(&f);
	s->resid_set = true;
	s->resid = 100;
	CHECK_EQ(mmc_run(&f.base, &c, 0, &got, &e), 0);
	CHECK_EQ(got, 0);

	/* A WRITE that moved fewer bytes than asked is an error. */
	static uint8_t audio[2 * 2352];
	fake_init(&f);
	s = add(&f);
	s->resid_set = true;
	s->resid = 2352;
	CHECK_EQ(mmc_write10(&f.base, 77, 2, audio, &e), -EIO);
	CHECK_STR(e.text, "WRITE(10) at LBA 77: only 2352 of 4704 bytes "
			  "transferred");

	/* A response shorter than its parser needs. */
	fake_init(&f);
	add_good(&f, ti, 16);
	struct mmc_track_information t;
	CHECK_EQ(mmc_read_track_information(&f.base, MMC_TRACK_INFO_TRACK, 1,
					    &t, &e),
		 -EBADMSG);
	CHECK_EQ(e.err, EBADMSG);
	CHECK_STR(e.text, "READ TRACK INFORMATION of track 1: malformed "
			  "response (16 bytes)");
}

/* Profile list + CD Track at Once; data length 0x1C (32 bytes). */
static const uint8_t config[32] = {
    0x00, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x03,
    0x0C, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x09, 0x01, 0x00, 0x00, 0x08,
    0x00, 0x00, 0x00, 0x2D, 0x05, 0x04, 0x44, 0x00, 0x00, 0x01};

static void test_get_configuration(void)
{
	struct fake f;
	fake_init(&f);
	add_good(&f, config, sizeof(config));
	add_good(&f, config, sizeof(config));
	uint8_t buf[256];
	struct mmc_configuration cfg;
	struct mmc_error e;
	CHECK_EQ(mmc_get_configuration(&f.base, &cfg, buf, sizeof(buf), &e), 0);
	CHECK_EQ(f.calls, 2);
	/* Pass 1 asks for the header, pass 2 for data length + 4. */
	const uint8_t pass1[10] = {0x46, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0};
	const uint8_t pass2[10] = {0x46, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0};
	CHECK_BYTES(f.cdbs[0], pass1, 10);
	CHECK_BYTES(f.cdbs[1], pass2, 10);
	CHECK_EQ(cfg.current_profile, MMC_PROFILE_CD_R);
	CHECK_EQ(cfg.n_profiles, 3);
	CHECK_EQ(cfg.n_features, 2);
	CHECK(cfg.features[1].data == buf + 28);
	CHECK(cfg.tao_present);
	CHECK(cfg.tao_test_write);
	CHECK_EQ(cfg.tao_data_block_types, 0x0001);

	/* The caller's buffer limits pass 2. */
	fake_init(&f);
	add_good(&f, config, sizeof(config));
	add_good(&f, config, sizeof(config));
	CHECK_EQ(mmc_get_configuration(&f.base, &cfg, buf, 24, &e), 0);
	CHECK_EQ(f.cdbs[1][8], 24);
	CHECK_EQ(cfg.n_profiles, 3);
	CHECK(!cfg.tao_present);

	/* Too small a buffer, and a failing first pass. */
	CHECK_EQ(mmc_get_configuration(&f.base, &cfg, buf, 4, &e), -EINVAL);
	fake_init(&f);
	add_sense(&f, SENSE_ILLEGAL_REQUEST, 0x20, 0x00);
	CHECK_EQ(mmc_get_configuration(&f.base, &cfg, buf, sizeof(buf), &e),
		 -EIO);
	CHECK_EQ(f.calls, 1);
	CHECK_STR(e.text, "GET CONFIGURATION: ILLEGAL REQUEST 05/20/00 "
			  "invalid command operation code");
}

static void test_mode_pages(void)
{
	/* MODE SENSE(10) of page 05h: header + 52-byte page. */
	uint8_t resp[60];
	memset(resp, 0, sizeof(resp));
	resp[1] = 58;
	resp[8] = 0x05;
	resp[9] = 0x32;
	resp[10] = 0x01;
	resp[22] = 0x00;
	resp[23] = 0x96;
	struct fake f;
	fake_init(&f);
	add_good(&f, resp, sizeof(resp));
	add_good(&f, resp, sizeof(resp));
	uint8_t page[64];
	size_t plen = 0;
	struct mmc_error e;
	CHECK_EQ(mmc_mode_sense_page(&f.base, MMC_PAGE_WRITE_PARAMETERS, page,
				     sizeof(page), &plen, &e),
		 0);
	CHECK_EQ(f.calls, 2);
	const uint8_t pass1[10] = {0x5A, 0x08, 0x05, 0, 0, 0, 0, 0x00, 0x08, 0};
	const uint8_t pass2[10] = {0x5A, 0x08, 0x05, 0, 0, 0, 0, 0x00, 0x3C, 0};
	CHECK_BYTES(f.cdbs[0], pass1, 10);
	CHECK_BYTES(f.cdbs[1], pass2, 10);
	CHECK_EQ(plen, 52);
	CHECK_BYTES(page, resp + 8, 52);

	/* Page missing from the response. */
	fake_init(&f);
	add_good(&f, resp, sizeof(resp));
	add_good(&f, resp, sizeof(resp));
	CHECK_EQ(mmc_mode_sense_page(&f.base, MMC_PAGE_CAPABILITIES, page,
				     sizeof(page), &plen, &e),
		 -ENOENT);
	CHECK_STR(e.text, "MODE SENSE(10) page 2Ah: page not in the response");

	/* Copy limited to the caller's buffer. */
	fake_init(&f);
	add_good(&f, resp, sizeof(resp));
	add_good(&f, resp, sizeof(resp));
	CHECK_EQ(mmc_mode_sense_page(&f.base, MMC_PAGE_WRITE_PARAMETERS, page,
				     16, &plen, &e),
		 0);
	CHECK_EQ(plen, 16);

	/* MODE SELECT(10): zero header, page with PS cleared. */
	fake_init(&f);
	add_good(&f, NULL, 0);
	page[0] |= 0x80;
	CHECK_EQ(mmc_mode_select_page(&f.base, page, 52, &e), 0);
	const uint8_t sel[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x3C, 0};
	CHECK_BYTES(f.cdbs[0], sel, 10);
	CHECK_EQ(f.sent_len, 60);
	CHECK_BYTES(f.sent, "\0\0\0\0\0\0\0\0", 8);
	CHECK_EQ(f.sent[8], 0x05);
	CHECK_BYTES(f.sent + 9, resp + 9, 51);

	/* A refused page names the page. */
	fake_init(&f);
	add_sense(&f, SENSE_ILLEGAL_REQUEST, 0x26, 0x00);
	CHECK_EQ(mmc_mode_select_page(&f.base, page, 52, &e), -EINVAL);
	CHECK_STR(e.text, "MODE SELECT(10) page 05h: ILLEGAL REQUEST 05/26/00 "
			  "invalid field in parameter list");
}

static void test_other_wrappers(void)
{
	struct fake f;
	struct mmc_error e;

	uint8_t inq[36] = {0x05, 0x80, 0x00, 0x02, 0x1F};
	memcpy(inq + 8, "BURNFS  VIRTUAL RECORDER0.1 ", 28);
	fake_init(&f);
	add_good(&f, inq, sizeof(inq));
	struct mmc_inquiry q;
	CHECK_EQ(mmc_inquiry(&f.base, &q, &e), 0);
	CHECK_STR(q.product, "VIRTUAL RECORDER");
	CHECK_EQ(f.cdbs[0][4], 36);

	const uint8_t toc[20] = {0x00, 0x12, 0x01, 0x01, 0x00, 0x10, 0x01,
				 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
				 0xAA, 0x00, 0x00, 0x00, 0x9D, 0x6A};
	fake_init(&f);
	add_good(&f, toc, sizeof(toc));
	struct mmc_toc t;
	CHECK_EQ(mmc_read_toc(&f.base, &t, &e), 0);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(t.entries[1].lba, 40298);
	CHECK_EQ(f.cdbs[0][2], MMC_TOC_FORMATTED);

	const uint8_t full[15] = {0x00, 0x0D, 0x01, 0x01, 0x01,
				  0x10, 0x00, 0xA2, 0,	  0,
				  0,	0,    8,    59,	  23};
	fake_init(&f);
	add_good(&f, full, sizeof(full));
	struct mmc_full_toc *ft = malloc(sizeof(*ft));
	CHECK(ft != NULL);
	if (ft) {
		CHECK_EQ(mmc_read_full_toc(&f.base, ft, &e), 0);
		CHECK_EQ(ft->n, 1);
		CHECK_EQ(ft->entries[0].point, 0xA2);
		free(ft);
	}
	CHECK_EQ(f.cdbs[0][1], 0x02);
	CHECK_EQ(f.cdbs[0][2], MMC_TOC_RAW);
	CHECK_EQ(f.cdbs[0][6], 1);

	const uint8_t atip[28] = {0x00, 0x1A, 0,  0, 0xD2, 0x00, 0x98, 0x00,
				  97,	34,   23, 0, 79,   59,	 74};
	fake_init(&f);
	add_good(&f, atip, sizeof(atip));
	struct mmc_atip a;
	CHECK_EQ(mmc_read_atip(&f.base, &a, &e), 0);
	CHECK_EQ(a.last_possible_leadout_lba, 359849);
	CHECK_EQ(f.cdbs[0][2], MMC_TOC_ATIP);

	fake_init(&f);
	add_good(&f, NULL, 0);
	CHECK_EQ(
	    mmc_close_track_session(&f.base, true, MMC_CLOSE_SESSION, 0, &e),
	    0);
	const uint8_t close[10] = {0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0};
	CHECK_BYTES(f.cdbs[0], close, 10);

	fake_init(&f);
	add_sense(&f, SENSE_MEDIUM_ERROR, 0x72, 0x02);
	CHECK_EQ(
	    mmc_close_track_session(&f.base, false, MMC_CLOSE_SESSION, 0, &e),
	    -EIO);
	CHECK_STR(e.text, "CLOSE TRACK/SESSION (close session): MEDIUM ERROR "
			  "03/72/02 session fixation error writing lead-out");
}

static void test_read_cd(void)
{
	struct fake f;
	struct mmc_error e;
	static uint8_t disc[2 * 2352], buf[2 * 2352];
	for (size_t i = 0; i < sizeof(disc); i++)
		disc[i] = (uint8_t)(i * 7 + 3);

	/* Two sectors from LBA 1000: CD-DA, user data only. */
	fake_init(&f);
	add_good(&f, disc, sizeof(disc));
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(mmc_read_cd(&f.base, 1000, 2, buf, &e), 0);
	const uint8_t cdb[12] = {0xBE, 0x04, 0x00, 0x00, 0x03, 0xE8,
				 0x00, 0x00, 0x02, 0x10, 0x00, 0x00};
	CHECK_BYTES(f.cdbs[0], cdb, 12);
	CHECK_EQ(f.data_len[0], sizeof(buf));
	CHECK_BYTES(buf, disc, sizeof(disc));

	/* A short transfer is an error, with the LBA in the text. */
	fake_init(&f);
	add_good(&f, disc, 2352);
	CHECK_EQ(mmc_read_cd(&f.base, 77, 2, buf, &e), -EIO);
	CHECK_STR(e.text, "READ CD at LBA 77: only 2352 of 4704 bytes "
			  "transferred");

	/* An unreadable sector: the sense, not retried. */
	fake_init(&f);
	add_sense(&f, SENSE_MEDIUM_ERROR, 0x11, 0x00);
	CHECK_EQ(mmc_read_cd(&f.base, 5, 1, buf, &e), -EIO);
	CHECK_EQ(f.calls, 1);
	CHECK(e.has_sense);
	CHECK_EQ(e.sense.asc, 0x11);
	CHECK(strncmp(e.text, "READ CD at LBA 5: MEDIUM ERROR 03/11/00", 39) ==
	      0);
}

struct progress_log {
	unsigned values[16];
	size_t n;
};

static void on_progress(void *ctx, unsigned value)
{
	struct progress_log *p = ctx;
	if (p->n < 16)
		p->values[p->n++] = value;
}

static void test_wait_ready(void)
{
	struct fake f;
	struct mmc_error e;
	struct progress_log log;

	/* Long write in progress with progress, unit attention, ready. */
	fake_init(&f);
	add_progress(&f, 0x4000);
	add_progress(&f, 0x8000);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x00);
	add_sense(&f, SENSE_UNIT_ATTENTION, 0x28, 0x00);
	add(&f)->status = SCSI_STATUS_BUSY;
	add_good(&f, NULL, 0);
	memset(&log, 0, sizeof(log));
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, on_progress, &log, &e), 0);
	CHECK_EQ(f.calls, 6);
	CHECK_EQ(log.n, 2);
	CHECK_EQ(log.values[0], 0x4000);
	CHECK_EQ(log.values[1], 0x8000);
	for (size_t i = 0; i < f.calls; i++)
		CHECK_EQ(f.cdbs[i][0], MMC_TEST_UNIT_READY);

	/* Progress callback may be NULL. */
	fake_init(&f);
	add_progress(&f, 0x1000);
	add_good(&f, NULL, 0);
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), 0);

	/* No medium stops polling. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x3A, 0x01);
	add_good(&f, NULL, 0);
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), -ENOMEDIUM);
	CHECK_EQ(f.calls, 1);
	CHECK_STR(e.text, "TEST UNIT READY: NOT READY 02/3A/01 medium not "
			  "present - tray closed");

	/* 04/02 and 04/03 need intervention: stop. */
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x03);
	add_good(&f, NULL, 0);
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), -EBUSY);
	CHECK_EQ(f.calls, 1);
	fake_init(&f);
	add_sense(&f, SENSE_NOT_READY, 0x04, 0x02);
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), -EBUSY);

	/* Any other error stops it too. */
	fake_init(&f);
	add_sense(&f, SENSE_MEDIUM_ERROR, 0x72, 0x00);
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), -EIO);
	CHECK(e.has_sense);
	CHECK_EQ(e.sense.asc, 0x72);

	/* Transport failure. */
	fake_init(&f);
	add(&f)->transport_errno = ENODEV;
	CHECK_EQ(mmc_wait_ready(&f.base, 10000, NULL, NULL, &e), -ENODEV);

	/* Never ready: deadline. */
	fake_init(&f);
	add_progress(&f, 0x0100)->repeat = true;
	memset(&log, 0, sizeof(log));
	CHECK_EQ(mmc_wait_ready(&f.base, 40, on_progress, &log, &e),
		 -ETIMEDOUT);
	CHECK(f.calls >= 2);
	CHECK(log.n >= 2);
	CHECK_EQ(e.err, ETIMEDOUT);
	CHECK(e.has_sense);
	CHECK_EQ(e.sense.ascq, 0x08);
	CHECK(strncmp(e.text, "TEST UNIT READY: not ready after ", 33) == 0);
}

int main(void)
{
	test_success();
	test_check_condition();
	test_retry();
	test_recovered();
	test_transport();
	test_residual();
	test_get_configuration();
	test_mode_pages();
	test_other_wrappers();
	test_read_cd();
	test_wait_ready();
	return check_finish();
}
