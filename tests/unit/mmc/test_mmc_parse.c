/*
 * test_mmc_parse.c - every parser of writer/mmc/mmc_parse.c with a good
 * response, a short one and a malformed one; the Write Parameters page
 * builder and the MODE SELECT(10) parameter list builder.
 */
#include <errno.h>

#include "check.h"
#include "mmc_cdb.h"
#include "mmc_parse.h"

static void test_inquiry(void)
{
	uint8_t b[36] = {0x05, 0x80, 0x00, 0x02, 0x1F, 0, 0, 0};
	memcpy(b + 8, "BURNFS  ", 8);
	memcpy(b + 16, "VIRTUAL RECORDER", 16);
	memcpy(b + 32, "0.1 ", 4);
	struct mmc_inquiry q;
	CHECK_EQ(mmc_parse_inquiry(b, sizeof(b), &q), 0);
	CHECK_EQ(q.peripheral_device_type, 5);
	CHECK(q.rmb);
	CHECK_STR(q.vendor, "BURNFS");
	CHECK_STR(q.product, "VIRTUAL RECORDER");
	CHECK_STR(q.revision, "0.1");

	CHECK_EQ(mmc_parse_inquiry(b, 20, &q), -EBADMSG);
	CHECK_EQ(mmc_parse_inquiry(b, 3, &q), -EBADMSG);
	b[4] = 10; /* additional length too small for the identification */
	CHECK_EQ(mmc_parse_inquiry(b, sizeof(b), &q), -EBADMSG);
}

/* Profile list (3 profiles), Core, CD Track at Once. */
static const uint8_t config[44] = {
    0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x09,
    /* 0000h Profile List, persistent + current, 12 bytes */
    0x00, 0x00, 0x03, 0x0C, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x09, 0x01, 0x00,
    0x00, 0x08, 0x00, 0x00,
    /* 0001h Core, version 2, 8 bytes */
    0x00, 0x01, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00,
    /* 002Dh CD Track at Once, version 1, current: BUF + Test Write */
    0x00, 0x2D, 0x05, 0x04, 0x44, 0x00, 0x01, 0x01};

/* 002Eh CD Mastering: SAO, BUF, Test Write, R-W; cue sheets of up to
 * 3F00h bytes; then the same drive without the SAO bit. */
static void test_cd_mastering(void)
{
	uint8_t b[20] = {0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x09,
			 0x00, 0x2E, 0x05, 0x04, 0x65, 0x00, 0x3F, 0x00};
	struct mmc_configuration c;
	CHECK_EQ(mmc_parse_get_configuration(b, 16, &c), 0);
	CHECK(c.mastering_present);
	CHECK(c.mastering_current);
	CHECK(c.sao);
	CHECK(c.sao_buf);
	CHECK(c.sao_test_write);
	CHECK(!c.sao_cd_rw);
	CHECK(c.sao_rw_subcode);
	CHECK_EQ(c.sao_max_cue_sheet, 0x3F00);
	b[12] = 0x18; /* Raw and Raw MS only */
	CHECK_EQ(mmc_parse_get_configuration(b, 16, &c), 0);
	CHECK(c.mastering_present);
	CHECK(!c.sao);
	b[11] = 2; /* too short to hold the flags and the length */
	CHECK_EQ(mmc_parse_get_configuration(b, 14, &c), 0);
	CHECK(!c.mastering_present);
}

static void test_get_configuration(void)
{
	struct mmc_configuration c;
	CHECK_EQ(mmc_parse_get_configuration(config, sizeof(config), &c), 0);
	CHECK_EQ(c.current_profile, MMC_PROFILE_CD_R);
	CHECK_EQ(c.n_profiles, 3);
	CHECK_EQ(c.profiles[0].profile, MMC_PROFILE_CD_RW);
	CHECK(!c.profiles[0].current);
	CHECK_EQ(c.profiles[1].profile, MMC_PROFILE_CD_R);
	CHECK(c.profiles[1].current);
	CHECK_EQ(c.profiles[2].profile, MMC_PROFILE_CD_ROM);
	CHECK_EQ(c.n_features, 3);
	CHECK_EQ(c.features[1].code, 0x0001);
	CHECK_EQ(c.features[1].version, 2);
	CHECK(c.features[1].persistent);
	CHECK(c.features[1].current);
	CHECK_EQ(c.features[1].additional_length, 8);
	CHECK(c.features[1].data == config + 28);
	CHECK_EQ(c.features[1].data[3], 0x02);
	CHECK(c.tao_present);
	CHECK(c.tao_current);
	CHECK(c.tao_buf);
	CHECK(c.tao_test_write);
	CHECK(!c.tao_cd_rw);
	CHECK_EQ(c.tao_data_block_types, 0x0101);

	/* Cut by the allocation length: the last feature is dropped. */
	CHECK_EQ(mmc_parse_get_configuration(config, 40, &c), 0);
	CHECK_EQ(c.n_features, 2);
	CHECK(!c.tao_present);
	CHECK(!c.mastering_present);
	CHECK(!c.sao);
	/* Only the header (first pass of a two-pass read). */
	CHECK_EQ(mmc_parse_get_configuration(config, 8, &c), 0);
	CHECK_EQ(c.current_profile, MMC_PROFILE_CD_R);
	CHECK_EQ(c.n_features, 0);
	/* Data length shorter than what arrived limits the walk. */
	uint8_t b[sizeof(config)];
	memcpy(b, config, sizeof(b));
	b[3] = 4 + 16;
	CHECK_EQ(mmc_parse_get_configuration(b, sizeof(b), &c), 0);
	CHECK_EQ(c.n_features, 1);

	CHECK_EQ(mmc_parse_get_configuration(config, 6, &c), -EBADMSG);
	b[3] = 2; /* data length smaller than the header */
	CHECK_EQ(mmc_parse_get_configuration(b, sizeof(b), &c), -EBADMSG);
}

static void test_mode_sense(void)
{
	/* Header with an 8-byte block descriptor, page 01h, page 2Ah. */
	uint8_t b[8 + 8 + 12 + 6];
	memset(b, 0, sizeof(b));
	b[1] = sizeof(b) - 2;
	b[7] = 8;
	uint8_t *p1 = b + 16;
	p1[0] = 0x01;
	p1[1] = 10;
	uint8_t *p2 = b + 28;
	p2[0] = 0x2A;
	p2[1] = 4;
	p2[2] = 0x3F;
	const uint8_t *page;
	size_t plen;
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x2A, &page, &plen),
		 0);
	CHECK(page == p2);
	CHECK_EQ(plen, 6);
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x01, &page, &plen),
		 0);
	CHECK(page == p1);
	CHECK_EQ(plen, 12);
	/* Page cut by the allocation length: clipped. */
	CHECK_EQ(mmc_mode_sense10_find_page(b, 31, 0x2A, &page, &plen), 0);
	CHECK_EQ(plen, 3);
	/* PS bit does not hide the page. */
	p2[0] = 0xAA;
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x2A, &page, &plen),
		 0);
	CHECK(page == p2);
	/* Well-formed, page absent. */
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x05, &page, &plen),
		 -ENOENT);
	CHECK(page == NULL);
	/* Short and malformed. */
	CHECK_EQ(mmc_mode_sense10_find_page(b, 6, 0x2A, &page, &plen),
		 -EBADMSG);
	b[7] = 200; /* block descriptors beyond the data */
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x2A, &page, &plen),
		 -EBADMSG);
	b[7] = 8;
	b[1] = 4; /* mode data length smaller than the header */
	CHECK_EQ(mmc_mode_sense10_find_page(b, sizeof(b), 0x2A, &page, &plen),
		 -EBADMSG);
}

static void test_write_parameters(void)
{
	struct mmc_write_parameters wp;
	memset(&wp, 0, sizeof(wp));
	wp.ps = true; /* must not be sent */
	wp.bufe = true;
	wp.write_type = MMC_WRITE_TYPE_TAO;
	wp.multi_session = MMC_MULTI_SESSION_NEXT;
	wp.track_mode = 2;
	wp.data_block_type = 0;
	wp.audio_pause_length = 150;
	wp.mcval = true;
	strcpy(wp.mcn, "0123456789012");
	wp.tcval = true;
	strcpy(wp.isrc, "DEA123456789");
	uint8_t page[64];
	memset(page, 0xEE, sizeof(page));
	CHECK_EQ(mmc_build_write_parameters(&wp, page, sizeof(page)), 52);
	uint8_t want[52] = {0x05, 0x32, 0x41, 0xC2, 0x00, 0,	0,    0,   0,
			    0,	  0,	0,    0,    0,	  0x00, 0x96, 0x80};
	memcpy(want + 17, "0123456789012", 13);
	want[32] = 0x80;
	memcpy(want + 33, "DEA123456789", 12);
	CHECK_BYTES(page, want, 52);
	CHECK_EQ(page[52], 0xEE);

	struct mmc_write_parameters back;
	CHECK_EQ(mmc_parse_write_parameters(page, 52, &back), 0);
	CHECK(!back.ps);
	CHECK_EQ(back.page_length, 0x32);
	CHECK(back.bufe);
	CHECK(!back.test_write);
	CHECK_EQ(back.write_type, MMC_WRITE_TYPE_TAO);
	CHECK_EQ(back.multi_session, MMC_MULTI_SESSION_NEXT);
	CHECK_EQ(back.track_mode, 2);
	CHECK_EQ(back.data_block_type, 0);
	CHECK_EQ(back.audio_pause_length, 150);
	CHECK(back.mcval);
	CHECK_STR(back.mcn, "0123456789012");
	CHECK(back.tcval);
	CHECK_STR(back.isrc, "DEA123456789");

	/* Fields decoded from bits a drive sets. */
	uint8_t drv[52] = {0x85, 0x32, 0x38, 0x25, 0x08, 0x07, 0,    0x3F,
			   0x20, 0,    0x00, 0x00, 0x00, 0x10, 0x00, 0x96};
	CHECK_EQ(mmc_parse_write_parameters(drv, sizeof(drv), &back), 0);
	CHECK(back.ps);
	CHECK(back.ls_v);
	CHECK(back.test_write);
	CHECK_EQ(back.write_type, 8);
	CHECK_EQ(back.multi_session, 0);
	CHECK(back.fp);
	CHECK(!back.copy);
	CHECK_EQ(back.track_mode, 5);
	CHECK_EQ(back.data_block_type, 8);
	CHECK_EQ(back.link_size, 7);
	CHECK_EQ(back.host_application_code, 0x3F);
	CHECK_EQ(back.session_format, 0x20);
	CHECK_EQ(back.packet_size, 16);
	CHECK(!back.mcval);
	CHECK_STR(back.mcn, "");

	CHECK_EQ(mmc_parse_write_parameters(page, 10, &back), -EBADMSG);
	page[0] = 0x2A;
	CHECK_EQ(mmc_parse_write_parameters(page, 52, &back), -EBADMSG);
	page[0] = 0x05;
	page[1] = 6; /* page length too small for mandatory fields */
	CHECK_EQ(mmc_parse_write_parameters(page, 52, &back), -EBADMSG);

	/* Builder: room and page length checks, short page without ISRC. */
	CHECK_EQ(mmc_build_write_parameters(&wp, page, 51), -EINVAL);
	wp.page_length = 0x1E;
	CHECK_EQ(mmc_build_write_parameters(&wp, page, sizeof(page)), 32);
	CHECK_EQ(page[16], 0x80);
	wp.page_length = 8;
	CHECK_EQ(mmc_build_write_parameters(&wp, page, sizeof(page)), -EINVAL);

	/* MODE SELECT(10) parameter list: zero header, PS cleared. */
	uint8_t params[70];
	memset(params, 0xEE, sizeof(params));
	CHECK_EQ(
	    mmc_build_mode_select10_params(drv, 52, params, sizeof(params)),
	    60);
	CHECK_BYTES(params, "\0\0\0\0\0\0\0\0", 8);
	CHECK_EQ(params[8], 0x05);
	CHECK_BYTES(params + 9, drv + 1, 51);
	CHECK_EQ(params[60], 0xEE);
	CHECK_EQ(mmc_build_mode_select10_params(drv, 52, params, 59), -EINVAL);
}

static void test_capabilities(void)
{
	const uint8_t b[40] = {0x2A, 0x26, 0x03, 0x07, 0xC1, 0x21, 0x29, 0x00,
			       0x1B, 0x90, 0x01, 0x00, 0x08, 0x00, 0x1B, 0x90,
			       0x00, 0x00, 0x0D, 0xC8, 0x06, 0xE4, 0x00, 0x00,
			       0x00, 0x00, 0x00, 0x01, 0x0B, 0x06, 0x00, 0x02,
			       0x00, 0x00, 0x0D, 0xC8, 0x00, 0x01, 0x06, 0xE4};
	struct mmc_capabilities c;
	CHECK_EQ(mmc_parse_capabilities(b, sizeof(b), &c), 0);
	CHECK_EQ(c.page_length, 0x26);
	CHECK(c.read_cd_r);
	CHECK(c.read_cd_rw);
	CHECK(c.write_cd_r);
	CHECK(c.write_cd_rw);
	CHECK(c.test_write);
	CHECK(c.buf);
	CHECK(c.multi_session);
	CHECK(c.audio_play);
	CHECK(c.cd_da_commands);
	CHECK(c.isrc);
	CHECK(!c.upc);
	CHECK(c.lock);
	CHECK(!c.lock_state);
	CHECK(c.eject);
	CHECK_EQ(c.loading_mechanism, 1);
	CHECK_EQ(c.max_read_speed_kbps, 7056);
	CHECK_EQ(c.buffer_size_kb, 2048);
	CHECK_EQ(c.current_read_speed_kbps, 7056);
	CHECK_EQ(c.max_write_speed_kbps, 3528);
	CHECK_EQ(c.current_write_speed_kbps, 2822); /* bytes 28-29 */
	CHECK_EQ(c.rotation_control, 1);
	CHECK_EQ(c.n_write_speeds, 2);
	CHECK_EQ(c.write_speeds[0].kbps, 3528);
	CHECK_EQ(c.write_speeds[0].rotation_control, 0);
	CHECK_EQ(c.write_speeds[1].kbps, 1764);
	CHECK_EQ(c.write_speeds[1].rotation_control, 1);

	/* Truncated: only the descriptors that arrived. */
	CHECK_EQ(mmc_parse_capabilities(b, 36, &c), 0);
	CHECK_EQ(c.n_write_speeds, 1);
	/* MMC-1 size page: current write speed from bytes 20-21. */
	uint8_t m1[22];
	memcpy(m1, b, sizeof(m1));
	m1[1] = 0x14;
	CHECK_EQ(mmc_parse_capabilities(m1, sizeof(m1), &c), 0);
	CHECK_EQ(c.current_write_speed_kbps, 1764);
	CHECK_EQ(c.n_write_speeds, 0);

	CHECK_EQ(mmc_parse_capabilities(b, 10, &c), -EBADMSG);
	m1[1] = 0x08; /* pre-MMC page length */
	CHECK_EQ(mmc_parse_capabilities(m1, sizeof(m1), &c), -EBADMSG);
	m1[0] = 0x05;
	m1[1] = 0x14;
	CHECK_EQ(mmc_parse_capabilities(m1, sizeof(m1), &c), -EBADMSG);
}

static void test_disc_information(void)
{
	uint8_t b[34] = {0x00, 0x20, 0x15, 0x01, 0x01, 0x01, 0x03, 0xA0,
			 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,
			 0x00, 97,   34,   23,	 0x00, 79,   59,   74};
	struct mmc_disc_information d;
	CHECK_EQ(mmc_parse_disc_information(b, sizeof(b), &d), 0);
	CHECK(d.erasable);
	CHECK_EQ(d.last_session_state, MMC_SESSION_INCOMPLETE);
	CHECK_EQ(d.disc_status, MMC_DISC_INCOMPLETE);
	CHECK_EQ(d.first_track, 1);
	CHECK_EQ(d.n_sessions, 1);
	CHECK_EQ(d.first_track_last_session, 1);
	CHECK_EQ(d.last_track_last_session, 3);
	CHECK(d.did_v);
	CHECK(!d.dbc_v);
	CHECK(d.uru);
	CHECK_EQ(d.disc_type, 0);
	CHECK_EQ(d.disc_id, 0x12345678);
	CHECK(d.leadin_valid);
	CHECK_EQ(d.last_session_leadin_lba, -11077);
	CHECK(d.leadout_valid);
	CHECK_EQ(d.last_possible_leadout_lba, 359849);

	/* Finalized: FF:FF:FF means not valid; MSBs of the counts. */
	b[2] = 0x0E;
	b[9] = 0x01;
	b[11] = 0x01;
	memset(b + 16, 0xFF, 8);
	CHECK_EQ(mmc_parse_disc_information(b, sizeof(b), &d), 0);
	CHECK_EQ(d.disc_status, MMC_DISC_COMPLETE);
	CHECK_EQ(d.last_session_state, MMC_SESSION_COMPLETE);
	CHECK_EQ(d.n_sessions, 257);
	CHECK_EQ(d.last_track_last_session, 259);
	CHECK(!d.leadin_valid);
	CHECK(!d.leadout_valid);

	CHECK_EQ(mmc_parse_disc_information(b, 20, &d), -EBADMSG);
	b[1] = 0x0A; /* length field says 12 bytes */
	CHECK_EQ(mmc_parse_disc_information(b, sizeof(b), &d), -EBADMSG);
	b[1] = 0x20;
	b[21] = 79;
	b[22] = 59;
	b[23] = 80; /* frame out of range */
	CHECK_EQ(mmc_parse_disc_information(b, sizeof(b), &d), -EBADMSG);
}

static void test_track_information(void)
{
	uint8_t b[36] = {0x00, 0x22, 0x02, 0x01, 0x00, 0x30, 0x40, 0x01,
			 0x00, 0x00, 0x4E, 0xB8, 0x00, 0x00, 0x4E, 0xB8,
			 0x00, 0x05, 0x2E, 0xF1, 0x00, 0x00, 0x00, 0x00,
			 0x00, 0x05, 0x2E, 0xF1, 0x00, 0x00, 0x00, 0x00};
	struct mmc_track_information ti;
	CHECK_EQ(mmc_parse_track_information(b, sizeof(b), &ti), 0);
	CHECK_EQ(ti.track_number, 2);
	CHECK_EQ(ti.session_number, 1);
	CHECK(ti.damage);
	CHECK(ti.copy);
	CHECK_EQ(ti.track_mode, 0);
	CHECK(!ti.rt);
	CHECK(ti.blank);
	CHECK(!ti.packet);
	CHECK(!ti.fp);
	CHECK(ti.nwa_v);
	CHECK(!ti.lra_v);
	CHECK_EQ(ti.track_start, 20152);
	CHECK_EQ(ti.next_writable_address, 20152);
	CHECK_EQ(ti.free_blocks, 339697);
	CHECK_EQ(ti.track_size, 339697);
	CHECK_EQ(ti.last_recorded_address, 0);

	/* 20 bytes as libburn asks for: enough for NWA and free blocks. */
	CHECK_EQ(mmc_parse_track_information(b, 20, &ti), 0);
	CHECK_EQ(ti.next_writable_address, 20152);
	CHECK_EQ(ti.free_blocks, 339697);
	CHECK_EQ(ti.track_size, 0);
	/* MSBs of track and session number; negative NWA. */
	b[32] = 0x01;
	b[33] = 0x00;
	b[12] = 0xFF;
	b[13] = 0xFF;
	b[14] = 0xFF;
	b[15] = 0x6A;
	CHECK_EQ(mmc_parse_track_information(b, 34, &ti), 0);
	CHECK_EQ(ti.track_number, 258);
	CHECK_EQ(ti.next_writable_address, -150);

	CHECK_EQ(mmc_parse_track_information(b, 16, &ti), -EBADMSG);
	b[1] = 0x10; /* length field: 18 bytes, less than mandatory */
	CHECK_EQ(mmc_parse_track_information(b, sizeof(b), &ti), -EBADMSG);
}

static void test_toc(void)
{
	const uint8_t lba[28] = {0x00, 0x1A, 0x01, 0x02, 0x00, 0x10, 0x01,
				 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
				 0x02, 0x00, 0x00, 0x00, 0x4E, 0xB8, 0x00,
				 0x10, 0xAA, 0x00, 0x00, 0x00, 0x9D, 0x6A};
	struct mmc_toc t;
	CHECK_EQ(mmc_parse_toc_formatted(lba, sizeof(lba), false, &t), 0);
	CHECK_EQ(t.first, 1);
	CHECK_EQ(t.last, 2);
	CHECK_EQ(t.n, 3);
	CHECK_EQ(t.entries[0].adr, 1);
	CHECK_EQ(t.entries[0].control, 0);
	CHECK_EQ(t.entries[0].track, 1);
	CHECK_EQ(t.entries[0].lba, 0);
	CHECK_EQ(t.entries[1].lba, 20152);
	CHECK_EQ(t.entries[2].track, MMC_TOC_LEADOUT);
	CHECK_EQ(t.entries[2].lba, 40298);

	/* MSF addresses: 00:02:00 = LBA 0, 08:59:22 = 40298 + 150. */
	const uint8_t msf[20] = {0x00, 0x12, 0x01, 0x01, 0x00, 0x14, 0x01,
				 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x14,
				 0xAA, 0x00, 0x00, 8,	 59,   23};
	CHECK_EQ(mmc_parse_toc_formatted(msf, sizeof(msf), true, &t), 0);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(t.entries[0].control, 4);
	CHECK_EQ(t.entries[0].lba, 0);
	CHECK_EQ(t.entries[1].lba, 40298);

	/* Truncated by the allocation length. */
	CHECK_EQ(mmc_parse_toc_formatted(lba, 20, false, &t), 0);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(mmc_parse_toc_formatted(lba, 4, false, &t), 0);
	CHECK_EQ(t.n, 0);

	CHECK_EQ(mmc_parse_toc_formatted(lba, 3, false, &t), -EBADMSG);
	uint8_t bad[28];
	memcpy(bad, lba, sizeof(bad));
	bad[1] = 0x15; /* not a whole number of descriptors */
	CHECK_EQ(mmc_parse_toc_formatted(bad, sizeof(bad), false, &t),
		 -EBADMSG);
	uint8_t badmsf[20];
	memcpy(badmsf, msf, sizeof(badmsf));
	badmsf[18] = 60;
	CHECK_EQ(mmc_parse_toc_formatted(badmsf, sizeof(badmsf), true, &t),
		 -EBADMSG);
}

static void test_full_toc(void)
{
	const uint8_t b[26] = {0x00, 0x18, 0x01, 0x01,
			       /* A0: first track 1, disc type 0 */
			       0x01, 0x10, 0x00, 0xA0, 0, 0, 0, 0, 0x01, 0x00,
			       0x00,
			       /* A2: lead-out 08:59:22 */
			       0x01, 0x10, 0x00, 0xA2, 0, 0, 0, 0, 8, 59, 22};
	struct mmc_full_toc t;
	CHECK_EQ(mmc_parse_toc_full(b, sizeof(b), &t), 0);
	CHECK_EQ(t.first_session, 1);
	CHECK_EQ(t.last_session, 1);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(t.entries[0].session, 1);
	CHECK_EQ(t.entries[0].adr, 1);
	CHECK_EQ(t.entries[0].control, 0);
	CHECK_EQ(t.entries[0].point, 0xA0);
	CHECK_EQ(t.entries[0].pmin, 1);
	CHECK_EQ(t.entries[1].point, 0xA2);
	CHECK_EQ(t.entries[1].pmin, 8);
	CHECK_EQ(t.entries[1].psec, 59);
	CHECK_EQ(t.entries[1].pframe, 22);
	/* Header only (first pass). */
	CHECK_EQ(mmc_parse_toc_full(b, 4, &t), 0);
	CHECK_EQ(t.n, 0);
	CHECK_EQ(mmc_parse_toc_full(b, 17, &t), 0);
	CHECK_EQ(t.n, 1);

	CHECK_EQ(mmc_parse_toc_full(b, 2, &t), -EBADMSG);
	uint8_t bad[26];
	memcpy(bad, b, sizeof(bad));
	bad[1] = 0x10;
	CHECK_EQ(mmc_parse_toc_full(bad, sizeof(bad), &t), -EBADMSG);
}

static void test_atip(void)
{
	uint8_t b[28] = {0x00, 0x1A, 0x00, 0x00, 0xD2, 0x40, 0x9C,
			 0x00, 97,   34,   23,	 0x00, 79,   59,
			 74,   0x00, 0x1A, 0x00, 0x00, 0x00};
	struct mmc_atip a;
	CHECK_EQ(mmc_parse_atip(b, sizeof(b), &a), 0);
	CHECK_EQ(a.indicative_target_writing_power, 5);
	CHECK_EQ(a.reference_speed, 2);
	CHECK(a.uru);
	CHECK(!a.disc_type_rw);
	CHECK_EQ(a.disc_sub_type, 3);
	CHECK(a.a1_v);
	CHECK(!a.a2_v);
	CHECK(!a.a3_v);
	CHECK_EQ(a.leadin_start_lba, -11077);
	CHECK_EQ(a.leadin_start_msf.m, 97);
	CHECK_EQ(a.leadin_start_msf.s, 34);
	CHECK_EQ(a.leadin_start_msf.f, 23);
	CHECK_EQ(a.last_possible_leadout_lba, 359849);
	CHECK_EQ(a.lowest_clv, 1);
	CHECK_EQ(a.highest_clv, 10);

	CHECK_EQ(mmc_parse_atip(b, 10, &a), -EBADMSG);
	uint8_t z[28];
	memcpy(z, b, sizeof(z));
	memset(z + 8, 0, 8); /* all-zero lead-in and lead-out */
	CHECK_EQ(mmc_parse_atip(z, sizeof(z), &a), -EBADMSG);
	b[13] = 61;
	CHECK_EQ(mmc_parse_atip(b, sizeof(b), &a), -EBADMSG);
}

static void test_buffer_and_capacity(void)
{
	uint8_t bc[12] = {0x00, 0x0A, 0x00, 0x00, 0x00, 0x40,
			  0x00, 0x00, 0x00, 0x20, 0x00, 0x00};
	struct mmc_buffer_capacity c;
	CHECK_EQ(mmc_parse_buffer_capacity(bc, sizeof(bc), &c), 0);
	CHECK_EQ(c.length_of_buffer, 4 * 1024 * 1024);
	CHECK_EQ(c.available_length, 2 * 1024 * 1024);
	CHECK_EQ(mmc_parse_buffer_capacity(bc, 8, &c), -EBADMSG);
	bc[1] = 0x02;
	CHECK_EQ(mmc_parse_buffer_capacity(bc, sizeof(bc), &c), -EBADMSG);

	uint8_t rc[8] = {0x00, 0x05, 0x7D, 0x99, 0x00, 0x00, 0x08, 0x00};
	struct mmc_capacity cap;
	CHECK_EQ(mmc_parse_read_capacity(rc, sizeof(rc), &cap), 0);
	CHECK_EQ(cap.last_lba, 359833);
	CHECK_EQ(cap.block_length, 2048);
	CHECK_EQ(mmc_parse_read_capacity(rc, 4, &cap), -EBADMSG);
	rc[6] = 0;
	CHECK_EQ(mmc_parse_read_capacity(rc, sizeof(rc), &cap), -EBADMSG);
}

int main(void)
{
	test_inquiry();
	test_get_configuration();
	test_cd_mastering();
	test_mode_sense();
	test_write_parameters();
	test_capabilities();
	test_disc_information();
	test_track_information();
	test_toc();
	test_full_toc();
	test_atip();
	test_buffer_and_capacity();
	return check_finish();
}
