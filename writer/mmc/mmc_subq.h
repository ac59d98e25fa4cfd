/*
 * mmc_subq.h - the Q sub-channel of recorded sectors, read with READ CD
 * (BEh) as a real drive delivers it: each CD-DA sector's 2352 bytes
 * followed by its formatted Q (sub-channel selection 010b, 16 bytes:
 * CONTROL/ADR, TNO, INDEX, MIN, SEC, FRAME, ZERO, AMIN, ASEC, AFRAME in
 * BCD, the CRC-16 in bytes 10-11, 4 bytes of padding; MMC-5 6.18 and
 * Table "Formatted Q sub-channel response data"; Red Book mode 1).
 * The CDB builder and the decoder are pure; mmc_read_cd_subq runs the
 * command.  Burn verification reads the index points back with them.
 */
#ifndef BURNFS_MMC_SUBQ_H
#define BURNFS_MMC_SUBQ_H

#include <stdint.h>

#include "mmc.h"
#include "msf.h"
#include "scsi.h"

#define MMC_SUBQ_BYTES 16
#define MMC_SUBQ_SECTOR_BYTES (CD_SECTOR_BYTES + MMC_SUBQ_BYTES)

/* READ CD of blocks CD-DA sectors from lba, user data and formatted Q
 * (blocks * MMC_SUBQ_SECTOR_BYTES bytes into buf). */
void mmc_cdb_read_cd_subq(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
			  void *buf);

/* A sector's position as mode 1 of its Q says. */
struct mmc_q_position {
	uint8_t control; /* Q control nibble */
	uint8_t track;	 /* 1..99 */
	uint8_t index;	 /* 0..99 */
	int32_t lba;	 /* from the absolute time: AMIN:ASEC:AFRAME - 150 */
};

enum mmc_q_kind {
	MMC_Q_POSITION = 1, /* mode 1: *out filled */
	MMC_Q_OTHER = 0,    /* mode 2 (catalog number), 3 (ISRC) or other */
	MMC_Q_BAD = -1,	    /* CRC wrong, or not BCD where BCD belongs */
};

/*
 * Decodes 16 bytes of formatted Q.  The CRC is checked when the drive
 * gives one (bytes 10-11 not both zero: some drives leave it out).
 */
enum mmc_q_kind mmc_parse_formatted_q(const uint8_t *q,
				      struct mmc_q_position *out);

/* Runs READ CD with formatted Q (no retry of read errors; a short
 * transfer is -EIO). */
int mmc_read_cd_subq(struct scsi_transport *t, uint32_t lba, uint32_t blocks,
		     void *buf, struct mmc_error *err);

#endif
