/*
 * test_mmc_cdb.c - every CDB builder of writer/mmc/mmc_cdb.c, byte for
 * byte, with direction, buffer, transfer length and timeout.
 */
#include "check.h"
#include "mmc_cdb.h"

static uint8_t buf[4096];

/* Checks one built command against the expected fields. */
#define CHECK_CMD(c, want_cdb, dir_, data_, len_, timeout_)                    \
	do {                                                                   \
		CHECK_EQ((c).cdb_len, sizeof(want_cdb));                       \
		CHECK_BYTES((c).cdb, want_cdb, sizeof(want_cdb));              \
		CHECK_EQ((c).dir, dir_);                                       \
		CHECK((c).data == (const void *)(data_));                      \
		CHECK_EQ((c).data_len, len_);                                  \
		CHECK_EQ((c).timeout_ms, timeout_);                            \
	} while (0)

/* Fills the command with garbage so that builders must clear it. */
static void dirty(struct scsi_cmd *c)
{
	memset(c, 0xA5, sizeof(*c));
}

int main(void)
{
	struct scsi_cmd c;

	dirty(&c);
	mmc_cdb_test_unit_ready(&c);
	const uint8_t tur[6] = {0};
	CHECK_CMD(c, tur, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_DEFAULT_MS);
	CHECK_BYTES(c.cdb + 6, "\0\0\0\0\0\0\0\0\0\0", 10);

	dirty(&c);
	mmc_cdb_request_sense(&c, buf, 18);
	const uint8_t rs[6] = {0x03, 0, 0, 0, 0x12, 0};
	CHECK_CMD(c, rs, SCSI_DIR_FROM_DEVICE, buf, 18, MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_inquiry(&c, buf, 36);
	const uint8_t inq[6] = {0x12, 0, 0, 0, 0x24, 0};
	CHECK_CMD(c, inq, SCSI_DIR_FROM_DEVICE, buf, 36,
		  MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_get_configuration(&c, 0, 0, buf, 8);
	const uint8_t gc[10] = {0x46, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0};
	CHECK_CMD(c, gc, SCSI_DIR_FROM_DEVICE, buf, 8, MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_get_configuration(&c, 2, 0x0037, buf, 0x1234);
	const uint8_t gc2[10] = {0x46, 0x02, 0x00, 0x37, 0,
				 0,    0,    0x12, 0x34, 0};
	CHECK_CMD(c, gc2, SCSI_DIR_FROM_DEVICE, buf, 0x1234,
		  MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_mode_sense10(&c, MMC_PC_CURRENT, MMC_PAGE_CAPABILITIES, buf,
			     30);
	const uint8_t ms[10] = {0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x00, 0x1E, 0};
	CHECK_CMD(c, ms, SCSI_DIR_FROM_DEVICE, buf, 30, MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_mode_sense10(&c, MMC_PC_CHANGEABLE, MMC_PAGE_WRITE_PARAMETERS,
			     buf, 0x3C);
	const uint8_t ms2[10] = {0x5A, 0x08, 0x45, 0, 0, 0, 0, 0x00, 0x3C, 0};
	CHECK_BYTES(c.cdb, ms2, 10);
	mmc_cdb_mode_sense10(&c, MMC_PC_SAVED, MMC_PAGE_ALL, buf, 8);
	CHECK_EQ(c.cdb[2], 0xFF);

	dirty(&c);
	const uint8_t params[60] = {0};
	mmc_cdb_mode_select10(&c, params, sizeof(params));
	const uint8_t sel[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x3C, 0};
	CHECK_CMD(c, sel, SCSI_DIR_TO_DEVICE, params, 60,
		  MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_read_disc_information(&c, buf, 34);
	const uint8_t rdi[10] = {0x51, 0, 0, 0, 0, 0, 0, 0x00, 0x22, 0};
	CHECK_CMD(c, rdi, SCSI_DIR_FROM_DEVICE, buf, 34,
		  MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_read_track_information(&c, MMC_TRACK_INFO_TRACK,
				       MMC_INVISIBLE_TRACK, buf, 28);
	const uint8_t rti[10] = {0x52, 0x01, 0, 0, 0, 0xFF, 0, 0x00, 0x1C, 0};
	CHECK_CMD(c, rti, SCSI_DIR_FROM_DEVICE, buf, 28,
		  MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_read_track_information(&c, MMC_TRACK_INFO_LBA, 0x01020304, buf,
				       20);
	const uint8_t rti2[10] = {0x52, 0x00, 0x01, 0x02, 0x03,
				  0x04, 0,    0x00, 0x14, 0};
	CHECK_BYTES(c.cdb, rti2, 10);
	mmc_cdb_read_track_information(&c, MMC_TRACK_INFO_SESSION, 2, buf, 36);
	const uint8_t rti3[10] = {0x52, 0x02, 0, 0, 0, 0x02, 0, 0x00, 0x24, 0};
	CHECK_BYTES(c.cdb, rti3, 10);

	dirty(&c);
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_ATIP, true, 0, buf, 28);
	const uint8_t atip[10] = {0x43, 0x02, 0x04, 0, 0, 0, 0, 0x00, 0x1C, 0};
	CHECK_CMD(c, atip, SCSI_DIR_FROM_DEVICE, buf, 28,
		  MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_RAW, true, 1, buf, 4);
	const uint8_t full[10] = {0x43, 0x02, 0x02, 0,	  0,
				  0,	0x01, 0x00, 0x04, 0};
	CHECK_BYTES(c.cdb, full, 10);
	mmc_cdb_read_toc_pma_atip(&c, MMC_TOC_FORMATTED, false, 0xAA, buf, 812);
	const uint8_t toc[10] = {0x43, 0x00, 0x00, 0,	 0,
				 0,    0xAA, 0x03, 0x2C, 0};
	CHECK_BYTES(c.cdb, toc, 10);

	dirty(&c);
	mmc_cdb_set_cd_speed(&c, 0xFFFF, 1764);
	const uint8_t spd[12] = {0xBB, 0, 0xFF, 0xFF, 0x06, 0xE4,
				 0,    0, 0,	0,    0,    0};
	CHECK_CMD(c, spd, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_write10(&c, 1234, 13, buf, 2352);
	const uint8_t wr[10] = {0x2A, 0, 0x00, 0x00, 0x04, 0xD2, 0, 0, 0x0D, 0};
	CHECK_CMD(c, wr, SCSI_DIR_TO_DEVICE, buf, 13 * 2352,
		  MMC_TIMEOUT_WRITE_MS);
	mmc_cdb_write10(&c, (uint32_t)-150, 27, buf, 2352);
	const uint8_t wr2[10] = {0x2A, 0, 0xFF, 0xFF, 0xFF,
				 0x6A, 0, 0,	0x1B, 0};
	CHECK_BYTES(c.cdb, wr2, 10);
	CHECK_EQ(c.data_len, 63504);

	dirty(&c);
	mmc_cdb_synchronize_cache(&c, true);
	const uint8_t sc[10] = {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};
	CHECK_CMD(c, sc, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_SYNC_MS);
	mmc_cdb_synchronize_cache(&c, false);
	CHECK_EQ(c.cdb[1], 0x00);

	dirty(&c);
	mmc_cdb_close_track_session(&c, true, MMC_CLOSE_SESSION, 0);
	const uint8_t cs[10] = {0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0};
	CHECK_CMD(c, cs, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_CLOSE_MS);
	mmc_cdb_close_track_session(&c, false, MMC_CLOSE_TRACK, 0x00FF);
	const uint8_t ct[10] = {0x5B, 0x00, 0x01, 0, 0x00, 0xFF, 0, 0, 0, 0};
	CHECK_BYTES(c.cdb, ct, 10);

	dirty(&c);
	mmc_cdb_read_buffer_capacity(&c, false, buf, 12);
	const uint8_t rbc[10] = {0x5C, 0, 0, 0, 0, 0, 0, 0x00, 0x0C, 0};
	CHECK_CMD(c, rbc, SCSI_DIR_FROM_DEVICE, buf, 12,
		  MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_read_buffer_capacity(&c, true, buf, 12);
	CHECK_EQ(c.cdb[1], 0x01);

	dirty(&c);
	mmc_cdb_start_stop_unit(&c, true, false, true);
	const uint8_t ssu[6] = {0x1B, 0x01, 0, 0, 0x01, 0};
	CHECK_CMD(c, ssu, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_start_stop_unit(&c, false, true, false);
	const uint8_t eject[6] = {0x1B, 0x00, 0, 0, 0x02, 0};
	CHECK_BYTES(c.cdb, eject, 6);
	mmc_cdb_start_stop_unit(&c, false, true, true);
	const uint8_t load[6] = {0x1B, 0x00, 0, 0, 0x03, 0};
	CHECK_BYTES(c.cdb, load, 6);

	dirty(&c);
	mmc_cdb_blank(&c, true, MMC_BLANK_MINIMAL);
	const uint8_t blank_fast[12] = {0xA1, 0x11, 0, 0, 0, 0,
					0,    0,    0, 0, 0, 0};
	CHECK_CMD(c, blank_fast, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_CLOSE_MS);
	mmc_cdb_blank(&c, false, MMC_BLANK_DISC);
	const uint8_t blank_full[12] = {0xA1, 0x00, 0, 0, 0, 0,
					0,    0,    0, 0, 0, 0};
	CHECK_BYTES(c.cdb, blank_full, 12);
	CHECK_EQ(c.cdb_len, 12);

	dirty(&c);
	mmc_cdb_prevent_allow_medium_removal(&c, true);
	const uint8_t pr[6] = {0x1E, 0, 0, 0, 0x01, 0};
	CHECK_CMD(c, pr, SCSI_DIR_NONE, NULL, 0, MMC_TIMEOUT_DEFAULT_MS);
	mmc_cdb_prevent_allow_medium_removal(&c, false);
	const uint8_t al[6] = {0x1E, 0, 0, 0, 0x00, 0};
	CHECK_BYTES(c.cdb, al, 6);

	dirty(&c);
	mmc_cdb_read_capacity(&c, buf);
	const uint8_t rc[10] = {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	CHECK_CMD(c, rc, SCSI_DIR_FROM_DEVICE, buf, 8, MMC_TIMEOUT_DEFAULT_MS);

	dirty(&c);
	mmc_cdb_read_cd(&c, 0x00012345, 1, buf);
	const uint8_t rcd[12] = {0xBE, 0x04, 0x00, 0x01, 0x23, 0x45,
				 0x00, 0x00, 0x01, 0x10, 0x00, 0x00};
	CHECK_CMD(c, rcd, SCSI_DIR_FROM_DEVICE, buf, 2352,
		  MMC_TIMEOUT_DEFAULT_MS);

	CHECK_STR(mmc_opcode_name(0x00), "TEST UNIT READY");
	CHECK_STR(mmc_opcode_name(0x2A), "WRITE(10)");
	CHECK_STR(mmc_opcode_name(0x35), "SYNCHRONIZE CACHE");
	CHECK_STR(mmc_opcode_name(0x43), "READ TOC/PMA/ATIP");
	CHECK_STR(mmc_opcode_name(0x46), "GET CONFIGURATION");
	CHECK_STR(mmc_opcode_name(0x51), "READ DISC INFORMATION");
	CHECK_STR(mmc_opcode_name(0x52), "READ TRACK INFORMATION");
	CHECK_STR(mmc_opcode_name(0x55), "MODE SELECT(10)");
	CHECK_STR(mmc_opcode_name(0x5A), "MODE SENSE(10)");
	CHECK_STR(mmc_opcode_name(0x5B), "CLOSE TRACK/SESSION");
	CHECK_STR(mmc_opcode_name(0x5C), "READ BUFFER CAPACITY");
	CHECK_STR(mmc_opcode_name(0xBB), "SET CD SPEED");
	CHECK_STR(mmc_opcode_name(0xBE), "READ CD");
	CHECK_STR(mmc_opcode_name(0xEE), "unknown command");
	/* Every opcode of the enumeration has a proper name. */
	static const uint8_t ops[] = {MMC_TEST_UNIT_READY,
				      MMC_REQUEST_SENSE,
				      MMC_INQUIRY,
				      MMC_MODE_SELECT6,
				      MMC_MODE_SENSE6,
				      MMC_START_STOP_UNIT,
				      MMC_PREVENT_ALLOW_MEDIUM_REMOVAL,
				      MMC_READ_CAPACITY,
				      MMC_READ10,
				      MMC_WRITE10,
				      MMC_SYNCHRONIZE_CACHE,
				      MMC_READ_BUFFER,
				      MMC_READ_TOC_PMA_ATIP,
				      MMC_GET_CONFIGURATION,
				      MMC_GET_EVENT_STATUS_NOTIFICATION,
				      MMC_READ_DISC_INFORMATION,
				      MMC_READ_TRACK_INFORMATION,
				      MMC_SEND_OPC_INFORMATION,
				      MMC_MODE_SELECT10,
				      MMC_MODE_SENSE10,
				      MMC_CLOSE_TRACK_SESSION,
				      MMC_READ_BUFFER_CAPACITY,
				      MMC_SEND_CUE_SHEET,
				      MMC_BLANK,
				      MMC_GET_PERFORMANCE,
				      MMC_SET_STREAMING,
				      MMC_SET_CD_SPEED,
				      MMC_READ_CD};
	int unnamed = 0;
	for (size_t i = 0; i < sizeof(ops); i++)
		if (strcmp(mmc_opcode_name(ops[i]), "unknown command") == 0)
			unnamed++;
	CHECK_EQ(unnamed, 0);
	return check_finish();
}
