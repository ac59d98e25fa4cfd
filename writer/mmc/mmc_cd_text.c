/*
 * mmc_cd_text.c - READ TOC/PMA/ATIP format 5, CD-TEXT (see
 * mmc_cd_text.h).
 */
#include "mmc_cd_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"

int mmc_parse_cd_text(const uint8_t *buf, size_t len, const uint8_t **packs,
		      size_t *n)
{
	*packs = NULL;
	*n = 0;
	if (len < 4)
		return -EBADMSG;
	size_t data = get_be16(buf);
	if (data < 2)
		return -EBADMSG;
	size_t bytes = data - 2;
	if (bytes > len - 4)
		bytes = len - 4;
	*n = bytes / MMC_CD_TEXT_PACK_BYTES;
	*packs = *n ? buf + 4 : NULL;
	return 0;
}

int mmc_read_cd_text(struct scsi_transport *t, uint8_t *buf, size_t cap,
		     const uint8_t **packs, size_t *n, struct mmc_error *err)
{
	struct scsi_cmd c;
	size_t got = 0;
	uint16_t alloc = cap > 0xFFFF ? 0xFFFF : (uint16_t)cap;
	*packs = NULL;
	*n = 0;
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_CD_TEXT, false, 0, buf, alloc);
	int r = mmc_run(t, &c, MMC_TIMEOUT_DEFAULT_MS, &got, err);
	if (r < 0)
		return r;
	r = mmc_parse_cd_text(buf, got, packs, n);
	if (r < 0 && err) {
		memset(err, 0, sizeof(*err));
		err->err = EBADMSG;
		err->opcode = MMC_READ_TOC_PMA_ATIP;
		snprintf(err->text, sizeof(err->text),
			 "READ TOC/PMA/ATIP format 5: the drive's answer (%zu "
			 "bytes) makes no sense",
			 got);
	}
	return r;
}
