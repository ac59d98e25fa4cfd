/*
 * mmc_subchannel.h - READ SUB-CHANNEL (42h) for the codes a disc carries
 * in its Q sub-channel: the Media Catalog Number (format 02h) and a
 * track's ISRC (format 03h).  The CDB builder and the parser are pure;
 * mmc_read_subchannel_code runs the command (mmc.h's retry policy).
 * Burn verification uses them to check what was written.
 */
#ifndef BURNFS_MMC_SUBCHANNEL_H
#define BURNFS_MMC_SUBCHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmc.h"
#include "scsi.h"

enum mmc_subchannel_format {
	MMC_SUBCHANNEL_MCN = 0x02,
	MMC_SUBCHANNEL_ISRC = 0x03,
};

/* Bytes of a format 02h or 03h answer: 4 header + 20 data. */
#define MMC_SUBCHANNEL_CODE_LEN 24

/* READ SUB-CHANNEL with SubQ set, LBA addressing; track is used by
 * format 03h (ISRC) only. */
void mmc_cdb_read_subchannel(struct scsi_cmd *c,
			     enum mmc_subchannel_format format, uint8_t track,
			     void *buf, uint16_t alloc);

/*
 * The MCN (13 digits) or ISRC (12 characters) of an answer of len bytes,
 * NUL-terminated in out (at least 14 bytes).  *valid is the answer's
 * MCVal / TCVal bit: false when the disc carries none (out is then "").
 * Returns 0, or -EBADMSG for a short or inconsistent answer.
 */
int mmc_parse_subchannel_code(const uint8_t *buf, size_t len,
			      enum mmc_subchannel_format format, char *out,
			      size_t out_len, bool *valid);

/* Runs READ SUB-CHANNEL and parses it (see above). */
int mmc_read_subchannel_code(struct scsi_transport *t,
			     enum mmc_subchannel_format format, uint8_t track,
			     char *out, size_t out_len, bool *valid,
			     struct mmc_error *err);

#endif
