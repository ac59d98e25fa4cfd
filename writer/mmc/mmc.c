/*
 * mmc.c - MMC commands as function calls (see mmc.h).
 *
 * mmc_run() is the single place that interprets what a transport
 * reports: transport errors, SCSI status, sense data, retries of the
 * conditions MMC says to retry, and residual counts.  The wrappers below
 * build a CDB (mmc_cdb.c), run it, and parse the answer (mmc_parse.c);
 * where a response's length is not known in advance they read twice,
 * header first.
 *
 * No global state and no locks: a transport is used by one thread at a
 * time (see scsi.h).
 */
#include "mmc.h"

#include "mmc_cue_sheet.h"

#include "mono_clock.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes.h"
#include "msf.h"

/* How long ordinary commands retry "becoming ready" / unit attention. */
#define RETRY_DEFAULT_MS MMC_TIMEOUT_DEFAULT_MS

/* Sleep bounds of the retry loop in mmc_run and the TUR poll. */
#define RETRY_FIRST_SLEEP_MS 10
#define RETRY_MAX_SLEEP_MS 500
#define POLL_FIRST_SLEEP_MS 5
#define POLL_MAX_SLEEP_MS 100

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000,
			      .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* "WRITE(10) at LBA 1234", "READ TRACK INFORMATION of track 255", ... */
static void describe_cmd(const struct scsi_cmd *cmd, char *buf, size_t len)
{
	const uint8_t *cdb = cmd->cdb;
	const char *name = mmc_opcode_name(cdb[0]);
	switch (cdb[0]) {
	case MMC_WRITE10:
	case MMC_READ10:
	case MMC_READ_CD:
		/* Signed: SAO writes the lead-in and pregap at LBA < 0. */
		snprintf(buf, len, "%s at LBA %d", name,
			 (int32_t)get_be32(cdb + 2));
		break;
	case MMC_READ_TRACK_INFORMATION:
		switch (cdb[1] & 0x03) {
		case MMC_TRACK_INFO_LBA:
			snprintf(buf, len, "%s for LBA %u", name,
				 get_be32(cdb + 2));
			break;
		case MMC_TRACK_INFO_TRACK:
			snprintf(buf, len, "%s of track %u", name,
				 get_be32(cdb + 2));
			break;
		default:
			snprintf(buf, len, "%s of session %u", name,
				 get_be32(cdb + 2));
			break;
		}
		break;
	case MMC_MODE_SENSE10:
		snprintf(buf, len, "%s page %02Xh", name, cdb[2] & 0x3F);
		break;
	case MMC_MODE_SELECT10:
		if (cmd->data && cmd->data_len > 8)
			snprintf(buf, len, "%s page %02Xh", name,
				 ((const uint8_t *)cmd->data)[8] & 0x3F);
		else
			snprintf(buf, len, "%s", name);
		break;
	case MMC_READ_TOC_PMA_ATIP:
		snprintf(buf, len, "%s format %u", name, cdb[2] & 0x0F);
		break;
	case MMC_CLOSE_TRACK_SESSION:
		if ((cdb[2] & 0x07) == MMC_CLOSE_TRACK)
			snprintf(buf, len, "%s (close track %u)", name,
				 get_be16(cdb + 4));
		else if ((cdb[2] & 0x07) == MMC_CLOSE_SESSION)
			snprintf(buf, len, "%s (close session)", name);
		else
			snprintf(buf, len, "%s (function %u)", name,
				 cdb[2] & 0x07);
		break;
	default:
		snprintf(buf, len, "%s", name);
		break;
	}
}

/* Fills *err (if any): "<command context>: <printf text>". */
__attribute__((format(printf, 5, 6))) static void
set_error(struct mmc_error *err, const struct scsi_cmd *cmd, int e,
	  const struct sense_info *si, const char *fmt, ...)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->err = e;
	err->opcode = cmd->cdb[0];
	if (si && si->valid) {
		err->has_sense = true;
		err->sense = *si;
	}
	describe_cmd(cmd, err->text, sizeof(err->text) - 2);
	size_t n = strlen(err->text);
	err->text[n++] = ':';
	err->text[n++] = ' ';
	err->text[n] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->text + n, sizeof(err->text) - n, fmt, ap);
	va_end(ap);
}

/* "MEDIUM ERROR 03/0C/00 write error" */
static void sense_words(const struct sense_info *si, char *buf, size_t len)
{
	const char *text = sense_asc_text(si->asc, si->ascq);
	snprintf(buf, len, "%s %02X/%02X/%02X%s%s", sense_key_name(si->key),
		 si->key, si->asc, si->ascq, text ? " " : "", text ? text : "");
}

static void set_transport_error(struct mmc_error *err,
				const struct scsi_cmd *cmd, int e)
{
	char b[80];
	const char *s = strerror_r(e, b, sizeof(b));
	if (e == ENODEV || e == ENXIO)
		set_error(err, cmd, e, NULL,
			  "drive gone: the device disappeared (%s)", s);
	else
		set_error(err, cmd, e, NULL, "transport: %s", s);
}

int mmc_run(struct scsi_transport *t, const struct scsi_cmd *cmd,
	    unsigned retry_ms, size_t *transferred, struct mmc_error *err)
{
	uint64_t start = mono_ms();
	unsigned delay = RETRY_FIRST_SLEEP_MS;
	unsigned retries = 0;

	for (;;) {
		struct scsi_result res;
		memset(&res, 0, sizeof(res));
		int rc = scsi_execute(t, cmd, &res);
		if (rc == 0)
			rc = res.transport_errno;
		if (rc != 0) {
			int e = rc < 0 ? -rc : rc;
			set_transport_error(err, cmd, e);
			return -e;
		}

		struct sense_info si;
		memset(&si, 0, sizeof(si));
		bool ok = false, retry = false;
		if (res.status == SCSI_STATUS_GOOD) {
			ok = true;
		} else if (res.status == SCSI_STATUS_CHECK_CONDITION) {
			size_t slen = res.sense_len < SCSI_SENSE_MAX
					  ? res.sense_len
					  : SCSI_SENSE_MAX;
			if (sense_decode(res.sense, slen, &si)) {
				ok = si.key == SENSE_RECOVERED_ERROR;
				retry = sense_is_retryable(&si);
			}
		} else if (res.status == SCSI_STATUS_BUSY) {
			retry = true;
		}

		if (ok) {
			if (transferred)
				*transferred = res.resid <= cmd->data_len
						   ? cmd->data_len - res.resid
						   : 0;
			return 0;
		}

		uint64_t elapsed = mono_ms() - start;
		if (retry && elapsed < retry_ms) {
			uint64_t left = retry_ms - elapsed;
			sleep_ms(delay < left ? delay : (unsigned)left);
			delay = delay * 2 < RETRY_MAX_SLEEP_MS
				    ? delay * 2
				    : RETRY_MAX_SLEEP_MS;
			retries++;
			continue;
		}

		char retried[48] = "";
		if (retries)
			snprintf(retried, sizeof(retried),
				 " (after %u retries in %llu ms)", retries,
				 (unsigned long long)elapsed);
		if (res.status == SCSI_STATUS_CHECK_CONDITION && si.valid) {
			char words[120];
			sense_words(&si, words, sizeof(words));
			set_error(err, cmd, sense_to_errno(&si), &si, "%s%s",
				  words, retried);
			return -sense_to_errno(&si);
		}
		if (res.status == SCSI_STATUS_CHECK_CONDITION) {
			set_error(err, cmd, EIO, NULL,
				  "CHECK CONDITION without usable sense data");
			return -EIO;
		}
		if (res.status == SCSI_STATUS_BUSY) {
			set_error(err, cmd, EBUSY, NULL, "device busy%s",
				  retried);
			return -EBUSY;
		}
		set_error(err, cmd, EIO, NULL, "SCSI status %02Xh", res.status);
		return -EIO;
	}
}

/* Runs cmd expecting a data-in response of at least min bytes. */
static int run_read(struct scsi_transport *t, const struct scsi_cmd *cmd,
		    unsigned retry_ms, size_t min, size_t *got,
		    struct mmc_error *err)
{
	int r = mmc_run(t, cmd, retry_ms, got, err);
	if (r < 0)
		return r;
	if (*got < min) {
		set_error(err, cmd, EBADMSG, NULL,
			  "response too short (%zu bytes, need %zu)", *got,
			  min);
		return -EBADMSG;
	}
	return 0;
}

static int parse_failed(struct mmc_error *err, const struct scsi_cmd *cmd,
			int r, size_t got)
{
	set_error(err, cmd, -r, NULL, "malformed response (%zu bytes)", got);
	return r;
}

int mmc_test_unit_ready(struct scsi_transport *t, struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_test_unit_ready(&c);
	return mmc_run(t, &c, 0, NULL, err);
}

int mmc_inquiry(struct scsi_transport *t, struct mmc_inquiry *out,
		struct mmc_error *err)
{
	uint8_t buf[36];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_inquiry(&c, buf, sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_inquiry(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_get_configuration(struct scsi_transport *t,
			  struct mmc_configuration *out, uint8_t *buf,
			  size_t cap, struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t got = 0;
	if (cap < 8) {
		mmc_cdb_get_configuration(&c, 0, 0, buf, 8);
		set_error(err, &c, EINVAL, NULL,
			  "buffer of %zu bytes too small", cap);
		return -EINVAL;
	}
	/* Pass 1: the header tells the whole length. */
	mmc_cdb_get_configuration(&c, 0, 0, buf, 8);
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 8, &got, err);
	if (r < 0)
		return r;
	uint64_t total = (uint64_t)get_be32(buf) + 4;
	if (total > cap)
		total = cap;
	if (total > 0xFFFF)
		total = 0xFFFF;
	/* Pass 2: everything that fits. */
	if (total > 8) {
		mmc_cdb_get_configuration(&c, 0, 0, buf, (uint16_t)total);
		r = run_read(t, &c, RETRY_DEFAULT_MS, 8, &got, err);
		if (r < 0)
			return r;
	}
	r = mmc_parse_get_configuration(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_mode_sense_page(struct scsi_transport *t, uint8_t page_code,
			uint8_t *page, size_t cap, size_t *page_len,
			struct mmc_error *err)
{
	uint8_t hdr[8];
	struct scsi_cmd c;
	size_t got = 0;
	if (page_len)
		*page_len = 0;
	/* Pass 1: the mode parameter header tells the mode data length. */
	mmc_cdb_mode_sense10(&c, MMC_PC_CURRENT, page_code, hdr, sizeof(hdr));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 8, &got, err);
	if (r < 0)
		return r;
	size_t total = 2 + (size_t)get_be16(hdr);
	if (total < 8)
		return parse_failed(err, &c, -EBADMSG, got);
	uint8_t *buf = malloc(total);
	if (!buf) {
		set_error(err, &c, ENOMEM, NULL, "out of memory (%zu bytes)",
			  total);
		return -ENOMEM;
	}
	/* Pass 2: header, block descriptors and the page. */
	mmc_cdb_mode_sense10(&c, MMC_PC_CURRENT, page_code, buf,
			     (uint16_t)total);
	r = run_read(t, &c, RETRY_DEFAULT_MS, 8, &got, err);
	if (r == 0) {
		const uint8_t *p;
		size_t plen;
		r = mmc_mode_sense10_find_page(buf, got, page_code, &p, &plen);
		if (r == -ENOENT) {
			set_error(err, &c, ENOENT, NULL,
				  "page not in the response");
		} else if (r < 0) {
			parse_failed(err, &c, r, got);
		} else {
			size_t n = plen < cap ? plen : cap;
			memcpy(page, p, n);
			if (page_len)
				*page_len = n;
		}
	}
	free(buf);
	return r;
}

int mmc_mode_select_page(struct scsi_transport *t, const uint8_t *page,
			 size_t page_len, struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t total = 8 + page_len;
	uint8_t *params = total <= 0xFFFF ? malloc(total) : NULL;
	int r = params ? mmc_build_mode_select10_params(page, page_len, params,
							total)
		       : -EINVAL;
	if (r < 0) {
		mmc_cdb_mode_select10(&c, NULL, 0);
		set_error(err, &c, -r, NULL, "cannot send a page of %zu bytes",
			  page_len);
		free(params);
		return r;
	}
	mmc_cdb_mode_select10(&c, params, (uint16_t)r);
	r = mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
	free(params);
	return r;
}

int mmc_read_disc_information(struct scsi_transport *t,
			      struct mmc_disc_information *out,
			      struct mmc_error *err)
{
	uint8_t buf[34];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_disc_information(&c, buf, sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_disc_information(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_read_track_information(struct scsi_transport *t,
			       enum mmc_track_info_type type, uint32_t number,
			       struct mmc_track_information *out,
			       struct mmc_error *err)
{
	uint8_t buf[48];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_track_information(&c, type, number, buf, sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_track_information(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_read_toc(struct scsi_transport *t, struct mmc_toc *out,
		 struct mmc_error *err)
{
	uint8_t buf[4 + 8 * 101];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_FORMATTED, false, 0, buf,
				  sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_toc_formatted(buf, got, false, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_read_full_toc(struct scsi_transport *t, struct mmc_full_toc *out,
		      struct mmc_error *err)
{
	enum { CAP = 4 + 11 * 300 };
	uint8_t *buf = malloc(CAP);
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_RAW, true, 1, buf, CAP);
	if (!buf) {
		set_error(err, &c, ENOMEM, NULL, "out of memory");
		return -ENOMEM;
	}
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r == 0) {
		r = mmc_parse_toc_full(buf, got, out);
		if (r < 0)
			parse_failed(err, &c, r, got);
	}
	free(buf);
	return r;
}

int mmc_read_atip(struct scsi_transport *t, struct mmc_atip *out,
		  struct mmc_error *err)
{
	uint8_t buf[28];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_ATIP, true, 0, buf, sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_atip(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_set_cd_speed(struct scsi_transport *t, uint16_t read_kbps,
		     uint16_t write_kbps, struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_set_cd_speed(&c, read_kbps, write_kbps);
	return mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
}

int mmc_write10(struct scsi_transport *t, uint32_t lba, uint16_t blocks,
		const void *data, struct mmc_error *err)
{
	return mmc_write10_sized(t, lba, blocks, CD_SECTOR_BYTES, data, err);
}

int mmc_send_cue_sheet(struct scsi_transport *t, const void *sheet,
		       uint32_t len, struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_send_cue_sheet(&c, sheet, len);
	return mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
}

int mmc_write10_sized(struct scsi_transport *t, uint32_t lba, uint16_t blocks,
		      size_t block_size, const void *data,
		      struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_write10(&c, lba, blocks, data, block_size);
	int r = mmc_run(t, &c, MMC_TIMEOUT_WRITE_MS, &got, err);
	if (r < 0)
		return r;
	if (got != c.data_len) {
		set_error(err, &c, EIO, NULL,
			  "only %zu of %zu bytes transferred", got, c.data_len);
		return -EIO;
	}
	return 0;
}

int mmc_read_cd(struct scsi_transport *t, uint32_t lba, uint32_t blocks,
		void *buf, struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_cd(&c, lba, blocks, buf);
	int r = mmc_run(t, &c, RETRY_DEFAULT_MS, &got, err);
	if (r < 0)
		return r;
	if (got != c.data_len) {
		set_error(err, &c, EIO, NULL,
			  "only %zu of %zu bytes transferred", got, c.data_len);
		return -EIO;
	}
	return 0;
}

int mmc_synchronize_cache(struct scsi_transport *t, bool immed,
			  struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_synchronize_cache(&c, immed);
	return mmc_run(t, &c, MMC_TIMEOUT_SYNC_MS, NULL, err);
}

int mmc_close_track_session(struct scsi_transport *t, bool immed,
			    enum mmc_close_function function, uint16_t number,
			    struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_close_track_session(&c, immed, function, number);
	return mmc_run(t, &c, MMC_TIMEOUT_SYNC_MS, NULL, err);
}

int mmc_read_buffer_capacity(struct scsi_transport *t,
			     struct mmc_buffer_capacity *out,
			     struct mmc_error *err)
{
	uint8_t buf[12];
	struct scsi_cmd c;
	size_t got = 0;
	mmc_cdb_read_buffer_capacity(&c, false, buf, sizeof(buf));
	int r = run_read(t, &c, RETRY_DEFAULT_MS, 0, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_buffer_capacity(buf, got, out);
	return r < 0 ? parse_failed(err, &c, r, got) : 0;
}

int mmc_start_stop_unit(struct scsi_transport *t, bool immed, bool loej,
			bool start, struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_start_stop_unit(&c, immed, loej, start);
	return mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
}

int mmc_blank(struct scsi_transport *t, bool immed, enum mmc_blank_type type,
	      struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_blank(&c, immed, type);
	return mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
}

int mmc_prevent_allow_medium_removal(struct scsi_transport *t, bool prevent,
				     struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_prevent_allow_medium_removal(&c, prevent);
	return mmc_run(t, &c, RETRY_DEFAULT_MS, NULL, err);
}

/*
 * Polls TEST UNIT READY.  Keeps polling on NOT READY 04/xx except 04/02
 * and 04/03 (which need a person or a command), on UNIT ATTENTION and on
 * BUSY status; stops on anything else, including no medium (3A).
 */
int mmc_wait_ready(struct scsi_transport *t, unsigned timeout_ms,
		   void (*progress)(void *ctx, unsigned value), void *ctx,
		   struct mmc_error *err)
{
	struct scsi_cmd c;
	mmc_cdb_test_unit_ready(&c);
	uint64_t start = mono_ms();
	unsigned delay = POLL_FIRST_SLEEP_MS;
	struct sense_info last;
	memset(&last, 0, sizeof(last));
	unsigned polls = 0;

	for (;;) {
		struct scsi_result res;
		memset(&res, 0, sizeof(res));
		int rc = scsi_execute(t, &c, &res);
		if (rc == 0)
			rc = res.transport_errno;
		if (rc != 0) {
			int e = rc < 0 ? -rc : rc;
			set_transport_error(err, &c, e);
			return -e;
		}
		polls++;
		bool keep = false;
		struct sense_info si;
		memset(&si, 0, sizeof(si));
		if (res.status == SCSI_STATUS_GOOD)
			return 0;
		if (res.status == SCSI_STATUS_CHECK_CONDITION) {
			size_t slen = res.sense_len < SCSI_SENSE_MAX
					  ? res.sense_len
					  : SCSI_SENSE_MAX;
			if (sense_decode(res.sense, slen, &si)) {
				if (si.key == SENSE_RECOVERED_ERROR)
					return 0;
				if (si.key == SENSE_NOT_READY &&
				    si.asc == 0x04 && si.ascq != 0x02 &&
				    si.ascq != 0x03)
					keep = true;
				else if (si.key == SENSE_UNIT_ATTENTION)
					keep = true;
				if (si.progress_valid && progress)
					progress(ctx, si.progress);
			}
		} else if (res.status == SCSI_STATUS_BUSY) {
			keep = true;
		}

		if (!keep) {
			if (si.valid) {
				char words[120];
				sense_words(&si, words, sizeof(words));
				set_error(err, &c, sense_to_errno(&si), &si,
					  "%s", words);
				return -sense_to_errno(&si);
			}
			set_error(err, &c, EIO, NULL,
				  res.status == SCSI_STATUS_CHECK_CONDITION
				      ? "CHECK CONDITION without usable sense "
					"data"
				      : "unexpected SCSI status");
			return -EIO;
		}
		if (si.valid)
			last = si;

		uint64_t elapsed = mono_ms() - start;
		if (elapsed >= timeout_ms) {
			char words[120] = "busy";
			if (last.valid)
				sense_words(&last, words, sizeof(words));
			set_error(err, &c, ETIMEDOUT, last.valid ? &last : NULL,
				  "not ready after %llu ms and %u polls (%s)",
				  (unsigned long long)elapsed, polls, words);
			return -ETIMEDOUT;
		}
		uint64_t left = timeout_ms - elapsed;
		sleep_ms(delay < left ? delay : (unsigned)left);
		delay = delay * 2 < POLL_MAX_SLEEP_MS ? delay * 2
						      : POLL_MAX_SLEEP_MS;
	}
}
