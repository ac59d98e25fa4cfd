/*
 * mmc.h - MMC commands as function calls: build the CDB, execute it on a
 * transport, check status and sense, parse the response.  The one place
 * where retry policy lives (what MMC says to retry, and nothing else).
 *
 * Every function returns 0 or a negative errno and, on failure, fills
 * *err with context for the log: which command, which sense, in words.
 * err may be NULL.
 */
#ifndef BURNFS_MMC_H
#define BURNFS_MMC_H

#include <stdbool.h>
#include <stdint.h>

#include "mmc_cdb.h"
#include "mmc_parse.h"
#include "scsi.h"
#include "sense.h"

struct mmc_error {
	int err;	/* positive errno */
	uint8_t opcode; /* command that failed */
	bool has_sense;
	struct sense_info sense;
	char text[200]; /* "WRITE(10) at LBA 1234: MEDIUM ERROR 03/0C/00 write
			   error" */
};

/*
 * Executes one command.  Retries NOT READY 04/01/04/07/08 and UNIT
 * ATTENTION (sense_is_retryable) for up to retry_ms (0: no retry), with
 * growing sleeps.  Treats RECOVERED ERROR as success.  On success
 * *transferred (may be NULL) is data_len - resid.
 */
int mmc_run(struct scsi_transport *t, const struct scsi_cmd *cmd,
	    unsigned retry_ms, size_t *transferred, struct mmc_error *err);

int mmc_test_unit_ready(struct scsi_transport *t, struct mmc_error *err);
int mmc_inquiry(struct scsi_transport *t, struct mmc_inquiry *out,
		struct mmc_error *err);
/* Reads the whole configuration (two-pass: header, then full length). */
int mmc_get_configuration(struct scsi_transport *t,
			  struct mmc_configuration *out, uint8_t *buf,
			  size_t cap, struct mmc_error *err);
/* Current values of a mode page; page bytes copied to page[cap]. */
int mmc_mode_sense_page(struct scsi_transport *t, uint8_t page_code,
			uint8_t *page, size_t cap, size_t *page_len,
			struct mmc_error *err);
int mmc_mode_select_page(struct scsi_transport *t, const uint8_t *page,
			 size_t page_len, struct mmc_error *err);
int mmc_read_disc_information(struct scsi_transport *t,
			      struct mmc_disc_information *out,
			      struct mmc_error *err);
int mmc_read_track_information(struct scsi_transport *t,
			       enum mmc_track_info_type type, uint32_t number,
			       struct mmc_track_information *out,
			       struct mmc_error *err);
int mmc_read_toc(struct scsi_transport *t, struct mmc_toc *out,
		 struct mmc_error *err);
int mmc_read_full_toc(struct scsi_transport *t, struct mmc_full_toc *out,
		      struct mmc_error *err);
int mmc_read_atip(struct scsi_transport *t, struct mmc_atip *out,
		  struct mmc_error *err);
int mmc_set_cd_speed(struct scsi_transport *t, uint16_t read_kbps,
		     uint16_t write_kbps, struct mmc_error *err);
/* Retries 02/04/08 (drive buffer full) until MMC_TIMEOUT_WRITE_MS. */
int mmc_write10(struct scsi_transport *t, uint32_t lba, uint16_t blocks,
		const void *data, struct mmc_error *err);
/* WRITE(10) of blocks of block_size bytes (96 for the R-W sub-channel
 * of an SAO lead-in with CD-TEXT); same retries as mmc_write10. */
int mmc_write10_sized(struct scsi_transport *t, uint32_t lba, uint16_t blocks,
		      size_t block_size, const void *data,
		      struct mmc_error *err);
/* SEND CUE SHEET (mmc_cue_sheet.h) of len bytes. */
int mmc_send_cue_sheet(struct scsi_transport *t, const void *sheet,
		       uint32_t len, struct mmc_error *err);
/*
 * READ CD of `blocks` CD-DA sectors from lba into buf (blocks * 2352
 * bytes; user data only, no subchannel, no C2).  A short transfer is an
 * error (-EIO); a sector the drive cannot read comes back as its sense
 * (MEDIUM ERROR 03/11/00, ILLEGAL REQUEST 05/21/00 ...).  No retry of
 * read errors: the caller decides what a failed read means.
 */
int mmc_read_cd(struct scsi_transport *t, uint32_t lba, uint32_t blocks,
		void *buf, struct mmc_error *err);
int mmc_synchronize_cache(struct scsi_transport *t, bool immed,
			  struct mmc_error *err);
int mmc_close_track_session(struct scsi_transport *t, bool immed,
			    enum mmc_close_function function, uint16_t number,
			    struct mmc_error *err);
int mmc_read_buffer_capacity(struct scsi_transport *t,
			     struct mmc_buffer_capacity *out,
			     struct mmc_error *err);
int mmc_start_stop_unit(struct scsi_transport *t, bool immed, bool loej,
			bool start, struct mmc_error *err);
/* BLANK; with immed, follow it with mmc_wait_ready. */
int mmc_blank(struct scsi_transport *t, bool immed, enum mmc_blank_type type,
	      struct mmc_error *err);
int mmc_prevent_allow_medium_removal(struct scsi_transport *t, bool prevent,
				     struct mmc_error *err);
/*
 * After an Immed command: polls TEST UNIT READY until GOOD, while NOT
 * READY 04/xx (progress) or UNIT ATTENTION, up to timeout_ms.  Calls
 * progress(ctx, 0..65535) when the drive reports progress (may be NULL).
 */
int mmc_wait_ready(struct scsi_transport *t, unsigned timeout_ms,
		   void (*progress)(void *ctx, unsigned value), void *ctx,
		   struct mmc_error *err);

#endif
