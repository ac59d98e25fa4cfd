/*
 * mmc_cdb.c - CDB builders for the MMC commands of a TAO audio burn
 * (see mmc_cdb.h).  Each builder clears the command, fills the CDB as the
 * MMC specification lays it out, and sets direction, buffer, transfer
 * length and timeout.  No I/O.
 */
#include "mmc_cdb.h"

#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "unconst.h"

static void init(struct scsi_cmd *c, uint8_t opcode, uint8_t cdb_len,
		 enum scsi_direction dir, void *data, size_t data_len,
		 unsigned timeout_ms)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = opcode;
	c->cdb_len = cdb_len;
	c->dir = data_len ? dir : SCSI_DIR_NONE;
	c->data = data_len ? data : NULL;
	c->data_len = data_len;
	c->timeout_ms = timeout_ms;
}

void mmc_cdb_test_unit_ready(struct scsi_cmd *c)
{
	init(c, MMC_TEST_UNIT_READY, 6, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_DEFAULT_MS);
}

void mmc_cdb_request_sense(struct scsi_cmd *c, void *buf, uint8_t alloc)
{
	init(c, MMC_REQUEST_SENSE, 6, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[4] = alloc;
}

void mmc_cdb_inquiry(struct scsi_cmd *c, void *buf, uint8_t alloc)
{
	init(c, MMC_INQUIRY, 6, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[4] = alloc;
}

void mmc_cdb_get_configuration(struct scsi_cmd *c, uint8_t rt,
			       uint16_t starting_feature, void *buf,
			       uint16_t alloc)
{
	init(c, MMC_GET_CONFIGURATION, 10, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = rt & 0x03;
	put_be16(c->cdb + 2, starting_feature);
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_mode_sense10(struct scsi_cmd *c, enum mmc_page_control pc,
			  uint8_t page_code, void *buf, uint16_t alloc)
{
	init(c, MMC_MODE_SENSE10, 10, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = 0x08; /* DBD */
	c->cdb[2] = (uint8_t)(((unsigned)pc & 0x03) << 6 | (page_code & 0x3F));
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_mode_select10(struct scsi_cmd *c, const void *params, uint16_t len)
{
	/* The transport only reads data[] for data-out commands. */
	init(c, MMC_MODE_SELECT10, 10, SCSI_DIR_TO_DEVICE, unconst(params), len,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = 0x10; /* PF=1, SP=0 */
	put_be16(c->cdb + 7, len);
}

void mmc_cdb_read_disc_information(struct scsi_cmd *c, void *buf,
				   uint16_t alloc)
{
	init(c, MMC_READ_DISC_INFORMATION, 10, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_read_track_information(struct scsi_cmd *c,
				    enum mmc_track_info_type type,
				    uint32_t number, void *buf, uint16_t alloc)
{
	init(c, MMC_READ_TRACK_INFORMATION, 10, SCSI_DIR_FROM_DEVICE, buf,
	     alloc, MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = (uint8_t)((unsigned)type & 0x03);
	put_be32(c->cdb + 2, number);
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_read_toc_pma_atip(struct scsi_cmd *c, enum mmc_toc_format fmt,
			       bool msf, uint8_t track_session, void *buf,
			       uint16_t alloc)
{
	init(c, MMC_READ_TOC_PMA_ATIP, 10, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = msf ? 0x02 : 0x00;
	c->cdb[2] = (uint8_t)((unsigned)fmt & 0x0F);
	c->cdb[6] = track_session;
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_set_cd_speed(struct scsi_cmd *c, uint16_t read_kbps,
			  uint16_t write_kbps)
{
	init(c, MMC_SET_CD_SPEED, 12, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_DEFAULT_MS);
	put_be16(c->cdb + 2, read_kbps);
	put_be16(c->cdb + 4, write_kbps);
}

void mmc_cdb_write10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks,
		     const void *data, size_t block_size)
{
	init(c, MMC_WRITE10, 10, SCSI_DIR_TO_DEVICE, unconst(data),
	     (size_t)blocks * block_size, MMC_TIMEOUT_WRITE_MS);
	put_be32(c->cdb + 2, lba);
	put_be16(c->cdb + 7, blocks);
}

void mmc_cdb_synchronize_cache(struct scsi_cmd *c, bool immed)
{
	init(c, MMC_SYNCHRONIZE_CACHE, 10, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_SYNC_MS);
	c->cdb[1] = immed ? 0x02 : 0x00;
}

void mmc_cdb_close_track_session(struct scsi_cmd *c, bool immed,
				 enum mmc_close_function function,
				 uint16_t number)
{
	init(c, MMC_CLOSE_TRACK_SESSION, 10, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_CLOSE_MS);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[2] = (uint8_t)((unsigned)function & 0x07);
	put_be16(c->cdb + 4, number);
}

void mmc_cdb_read_buffer_capacity(struct scsi_cmd *c, bool block, void *buf,
				  uint16_t alloc)
{
	init(c, MMC_READ_BUFFER_CAPACITY, 10, SCSI_DIR_FROM_DEVICE, buf, alloc,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = block ? 0x01 : 0x00;
	put_be16(c->cdb + 7, alloc);
}

void mmc_cdb_start_stop_unit(struct scsi_cmd *c, bool immed, bool loej,
			     bool start)
{
	init(c, MMC_START_STOP_UNIT, 6, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = immed ? 0x01 : 0x00;
	c->cdb[4] = (uint8_t)((loej ? 0x02 : 0x00) | (start ? 0x01 : 0x00));
}

void mmc_cdb_blank(struct scsi_cmd *c, bool immed, enum mmc_blank_type type)
{
	init(c, MMC_BLANK, 12, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_CLOSE_MS);
	c->cdb[1] = (uint8_t)((immed ? 0x10 : 0x00) | ((unsigned)type & 0x07));
}

void mmc_cdb_prevent_allow_medium_removal(struct scsi_cmd *c, bool prevent)
{
	init(c, MMC_PREVENT_ALLOW_MEDIUM_REMOVAL, 6, SCSI_DIR_NONE, NULL, 0,
	     MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[4] = prevent ? 0x01 : 0x00;
}

void mmc_cdb_read_capacity(struct scsi_cmd *c, void *buf)
{
	init(c, MMC_READ_CAPACITY, 10, SCSI_DIR_FROM_DEVICE, buf, 8,
	     MMC_TIMEOUT_DEFAULT_MS);
}

void mmc_cdb_read_cd(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
		     void *buf)
{
	init(c, MMC_READ_CD, 12, SCSI_DIR_FROM_DEVICE, buf,
	     (size_t)blocks * CD_SECTOR_BYTES, MMC_TIMEOUT_DEFAULT_MS);
	c->cdb[1] = 0x01 << 2; /* expected sector type 001b: CD-DA */
	put_be32(c->cdb + 2, lba);
	put_be24(c->cdb + 6, blocks);
	c->cdb[9] = 0x10; /* user data only, no headers, no C2 */
}

const char *mmc_opcode_name(uint8_t opcode)
{
	switch (opcode) {
	case MMC_TEST_UNIT_READY:
		return "TEST UNIT READY";
	case 0x01:
		return "REZERO UNIT";
	case MMC_REQUEST_SENSE:
		return "REQUEST SENSE";
	case MMC_INQUIRY:
		return "INQUIRY";
	case MMC_MODE_SELECT6:
		return "MODE SELECT(6)";
	case MMC_MODE_SENSE6:
		return "MODE SENSE(6)";
	case MMC_START_STOP_UNIT:
		return "START STOP UNIT";
	case MMC_PREVENT_ALLOW_MEDIUM_REMOVAL:
		return "PREVENT ALLOW MEDIUM REMOVAL";
	case MMC_READ_CAPACITY:
		return "READ CAPACITY";
	case MMC_READ10:
		return "READ(10)";
	case MMC_WRITE10:
		return "WRITE(10)";
	case MMC_SYNCHRONIZE_CACHE:
		return "SYNCHRONIZE CACHE";
	case MMC_READ_BUFFER:
		return "READ BUFFER";
	case MMC_READ_TOC_PMA_ATIP:
		return "READ TOC/PMA/ATIP";
	case MMC_GET_CONFIGURATION:
		return "GET CONFIGURATION";
	case MMC_GET_EVENT_STATUS_NOTIFICATION:
		return "GET EVENT STATUS NOTIFICATION";
	case MMC_READ_DISC_INFORMATION:
		return "READ DISC INFORMATION";
	case MMC_READ_TRACK_INFORMATION:
		return "READ TRACK INFORMATION";
	case MMC_SEND_OPC_INFORMATION:
		return "SEND OPC INFORMATION";
	case MMC_MODE_SELECT10:
		return "MODE SELECT(10)";
	case MMC_MODE_SENSE10:
		return "MODE SENSE(10)";
	case MMC_CLOSE_TRACK_SESSION:
		return "CLOSE TRACK/SESSION";
	case MMC_READ_BUFFER_CAPACITY:
		return "READ BUFFER CAPACITY";
	case MMC_SEND_CUE_SHEET:
		return "SEND CUE SHEET";
	case MMC_BLANK:
		return "BLANK";
	case MMC_GET_PERFORMANCE:
		return "GET PERFORMANCE";
	case MMC_SET_STREAMING:
		return "SET STREAMING";
	case MMC_SET_CD_SPEED:
		return "SET CD SPEED";
	case MMC_READ_CD:
		return "READ CD";
	default:
		return "unknown command";
	}
}
