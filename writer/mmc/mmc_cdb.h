/*
 * mmc_cdb.h - CDB builders for every MMC command of a Track-At-Once audio
 * burn.  Each builder fills a struct scsi_cmd (CDB bytes, direction,
 * buffer, length, and the timeout real burners use for the command); it
 * does no I/O.  Field names follow the MMC specification.
 *
 * Unit-tested byte for byte in tests/unit/test_mmc_cdb.c.
 */
#ifndef BURNFS_MMC_CDB_H
#define BURNFS_MMC_CDB_H

#include <stdbool.h>
#include <stdint.h>

#include "scsi.h"

/* Operation codes (SPC / MMC). */
enum mmc_opcode {
	MMC_TEST_UNIT_READY = 0x00,
	MMC_REQUEST_SENSE = 0x03,
	MMC_INQUIRY = 0x12,
	MMC_MODE_SELECT6 = 0x15,
	MMC_MODE_SENSE6 = 0x1A,
	MMC_START_STOP_UNIT = 0x1B,
	MMC_PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E,
	MMC_READ_CAPACITY = 0x25,
	MMC_READ10 = 0x28,
	MMC_WRITE10 = 0x2A,
	MMC_SYNCHRONIZE_CACHE = 0x35,
	MMC_READ_BUFFER = 0x3C,
	MMC_READ_SUB_CHANNEL = 0x42,
	MMC_READ_TOC_PMA_ATIP = 0x43,
	MMC_PLAY_AUDIO10 = 0x45,
	MMC_PLAY_AUDIO_MSF = 0x47,
	MMC_PAUSE_RESUME = 0x4B,
	MMC_STOP_PLAY_SCAN = 0x4E,
	MMC_GET_CONFIGURATION = 0x46,
	MMC_GET_EVENT_STATUS_NOTIFICATION = 0x4A,
	MMC_READ_DISC_INFORMATION = 0x51,
	MMC_READ_TRACK_INFORMATION = 0x52,
	MMC_SEND_OPC_INFORMATION = 0x54,
	MMC_MODE_SELECT10 = 0x55,
	MMC_MODE_SENSE10 = 0x5A,
	MMC_CLOSE_TRACK_SESSION = 0x5B,
	MMC_READ_BUFFER_CAPACITY = 0x5C,
	MMC_SEND_CUE_SHEET = 0x5D,
	MMC_BLANK = 0xA1,
	MMC_GET_PERFORMANCE = 0xAC,
	MMC_SET_STREAMING = 0xB6,
	MMC_READ_CD_MSF = 0xB9,
	MMC_SET_CD_SPEED = 0xBB,
	MMC_READ_CD = 0xBE,
};

/* Default timeouts in milliseconds, as libburn/wodim use them. */
#define MMC_TIMEOUT_DEFAULT_MS 30000
#define MMC_TIMEOUT_WRITE_MS 200000
#define MMC_TIMEOUT_SYNC_MS 200000
#define MMC_TIMEOUT_CLOSE_MS 3600000

/* READ TOC/PMA/ATIP formats. */
enum mmc_toc_format {
	MMC_TOC_FORMATTED = 0,
	MMC_TOC_MULTISESSION = 1,
	MMC_TOC_RAW = 2,
	MMC_TOC_PMA = 3,
	MMC_TOC_ATIP = 4,
	MMC_TOC_CD_TEXT = 5,
};

/* READ TRACK INFORMATION address/number type (CDB byte 1 bits 1-0). */
enum mmc_track_info_type {
	MMC_TRACK_INFO_LBA = 0,
	MMC_TRACK_INFO_TRACK = 1,
	MMC_TRACK_INFO_SESSION = 2,
};
#define MMC_INVISIBLE_TRACK 0xFF

/* CLOSE TRACK/SESSION close functions. */
enum mmc_close_function {
	MMC_CLOSE_TRACK = 1,
	MMC_CLOSE_SESSION = 2,
};

/* MODE SENSE page control (CDB byte 2 bits 7-6). */
enum mmc_page_control {
	MMC_PC_CURRENT = 0,
	MMC_PC_CHANGEABLE = 1,
	MMC_PC_DEFAULT = 2,
	MMC_PC_SAVED = 3,
};

#define MMC_PAGE_WRITE_PARAMETERS 0x05
#define MMC_PAGE_CAPABILITIES 0x2A
#define MMC_PAGE_ALL 0x3F

void mmc_cdb_test_unit_ready(struct scsi_cmd *c);
void mmc_cdb_request_sense(struct scsi_cmd *c, void *buf, uint8_t alloc);
void mmc_cdb_inquiry(struct scsi_cmd *c, void *buf, uint8_t alloc);
/* rt: 0 all features, 1 current ones, 2 the one starting_feature names */
void mmc_cdb_get_configuration(struct scsi_cmd *c, uint8_t rt,
			       uint16_t starting_feature, void *buf,
			       uint16_t alloc);
/* DBD=1 (no block descriptors). */
void mmc_cdb_mode_sense10(struct scsi_cmd *c, enum mmc_page_control pc,
			  uint8_t page_code, void *buf, uint16_t alloc);
/* PF=1, SP=0.  params is the whole parameter list (8-byte header + page). */
void mmc_cdb_mode_select10(struct scsi_cmd *c, const void *params,
			   uint16_t len);
void mmc_cdb_read_disc_information(struct scsi_cmd *c, void *buf,
				   uint16_t alloc);
void mmc_cdb_read_track_information(struct scsi_cmd *c,
				    enum mmc_track_info_type type,
				    uint32_t number, void *buf, uint16_t alloc);
void mmc_cdb_read_toc_pma_atip(struct scsi_cmd *c, enum mmc_toc_format fmt,
			       bool msf, uint8_t track_session, void *buf,
			       uint16_t alloc);
/* Speeds in kB/s (1x = 176); 0xFFFF = maximum. */
void mmc_cdb_set_cd_speed(struct scsi_cmd *c, uint16_t read_kbps,
			  uint16_t write_kbps);
/* blocks * block_size bytes from data. */
void mmc_cdb_write10(struct scsi_cmd *c, uint32_t lba, uint16_t blocks,
		     const void *data, size_t block_size);
void mmc_cdb_synchronize_cache(struct scsi_cmd *c, bool immed);
void mmc_cdb_close_track_session(struct scsi_cmd *c, bool immed,
				 enum mmc_close_function function,
				 uint16_t number);
void mmc_cdb_read_buffer_capacity(struct scsi_cmd *c, bool block, void *buf,
				  uint16_t alloc);
void mmc_cdb_start_stop_unit(struct scsi_cmd *c, bool immed, bool loej,
			     bool start);
void mmc_cdb_prevent_allow_medium_removal(struct scsi_cmd *c, bool prevent);
void mmc_cdb_read_capacity(struct scsi_cmd *c, void *buf);
/* BLANK: blanking type 0 (the whole disc) or 1 (minimal: PMA, TOC, pregap). */
enum mmc_blank_type {
	MMC_BLANK_DISC = 0,
	MMC_BLANK_MINIMAL = 1,
};
void mmc_cdb_blank(struct scsi_cmd *c, bool immed, enum mmc_blank_type type);
/* READ CD, expected sector type 1 (CD-DA), user data only (2352 bytes). */
void mmc_cdb_read_cd(struct scsi_cmd *c, uint32_t lba, uint32_t blocks,
		     void *buf);

/* The command's name as the MMC specification spells it. */
const char *mmc_opcode_name(uint8_t opcode);

#endif
