/*
 * mmc_cd_text.h - READ TOC/PMA/ATIP format 5: the CD-TEXT packs a drive
 * read from the lead-in of the disc (MMC-5 6.26.3.7: a 4-byte header,
 * its first two bytes the data length that follows them, then 18-byte
 * packs, cdtext.h).  The parser is pure; mmc_read_cd_text runs the
 * command.  Burn verification compares the packs with those written.
 */
#ifndef BURNFS_MMC_CD_TEXT_H
#define BURNFS_MMC_CD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "mmc.h"
#include "scsi.h"

#define MMC_CD_TEXT_PACK_BYTES 18
/* 8 blocks of at most 256 packs each. */
#define MMC_CD_TEXT_MAX_PACKS 2048
/* The largest answer: header and every pack. */
#define MMC_CD_TEXT_MAX_BYTES                                                  \
	(4 + MMC_CD_TEXT_MAX_PACKS * MMC_CD_TEXT_PACK_BYTES)

/*
 * The packs of an answer of len bytes: *packs points at the first one in
 * buf, *n counts the whole packs both the data length and len hold
 * (trailing bytes short of a pack are ignored, as some drives pad).
 * Returns 0 (*n may be 0: no CD-TEXT), or -EBADMSG for an answer shorter
 * than its header or a data length below 2.
 */
int mmc_parse_cd_text(const uint8_t *buf, size_t len, const uint8_t **packs,
		      size_t *n);

/* Runs READ TOC/PMA/ATIP format 5 into buf (cap bytes, at most 65535
 * asked for) and parses it. */
int mmc_read_cd_text(struct scsi_transport *t, uint8_t *buf, size_t cap,
		     const uint8_t **packs, size_t *n, struct mmc_error *err);

#endif
