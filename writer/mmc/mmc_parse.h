/*
 * mmc_parse.h - parsers for MMC response data, and the builder of the
 * Write Parameters mode page (05h).  Pure functions on byte buffers.
 *
 * Every parser takes the bytes actually received (allocation length minus
 * residual) and returns 0, or -EBADMSG when the response is too short or
 * internally inconsistent (a length field promising more than arrived is
 * truncated to what arrived where the format allows it; fields beyond the
 * received bytes are never read).
 *
 * Unit-tested in tests/unit/test_mmc_parse.c with byte vectors, including
 * short and malformed responses.
 */
#ifndef BURNFS_MMC_PARSE_H
#define BURNFS_MMC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MMC profiles (GET CONFIGURATION). */
enum mmc_profile {
	MMC_PROFILE_NONE = 0x0000,
	MMC_PROFILE_CD_ROM = 0x0008,
	MMC_PROFILE_CD_R = 0x0009,
	MMC_PROFILE_CD_RW = 0x000A,
};

/* ---- INQUIRY ---------------------------------------------------------- */
struct mmc_inquiry {
	uint8_t peripheral_device_type;		  /* 05h: CD/DVD */
	bool rmb;				  /* removable medium */
	char vendor[9], product[17], revision[5]; /* trailing spaces trimmed */
};
int mmc_parse_inquiry(const uint8_t *buf, size_t len, struct mmc_inquiry *out);

/* ---- GET CONFIGURATION ------------------------------------------------ */
#define MMC_MAX_PROFILES 32
#define MMC_MAX_FEATURES 64
struct mmc_feature {
	uint16_t code;
	uint8_t version;
	bool persistent, current;
	uint8_t additional_length;
	const uint8_t *data; /* points into the parsed buffer */
};
struct mmc_configuration {
	uint16_t current_profile;
	size_t n_profiles;
	struct {
		uint16_t profile;
		bool current;
	} profiles[MMC_MAX_PROFILES];
	size_t n_features;
	struct mmc_feature features[MMC_MAX_FEATURES];
	/* Decoded from feature 002Dh (CD Track at Once), if present. */
	bool tao_present, tao_current, tao_buf, tao_test_write, tao_cd_rw;
	uint16_t tao_data_block_types; /* bit n: data block type n */
	/* Decoded from feature 002Eh (CD Mastering), if present: byte 4
	 * bit 6 BUF, 5 SAO, 4 Raw MS, 3 Raw, 2 Test Write, 1 CD-RW, 0 R-W;
	 * bytes 5-7 the longest cue sheet the drive takes. */
	bool mastering_present, mastering_current;
	bool sao, sao_buf, sao_test_write, sao_cd_rw, sao_rw_subcode;
	uint32_t sao_max_cue_sheet; /* bytes */
};
int mmc_parse_get_configuration(const uint8_t *buf, size_t len,
				struct mmc_configuration *out);

/* ---- MODE SENSE(10) --------------------------------------------------- */
/*
 * Finds page page_code in a MODE SENSE(10) response (skipping block
 * descriptors).  *page points at the page's byte 0, *page_len is the
 * number of page bytes received (2 + page length, clipped).
 */
int mmc_mode_sense10_find_page(const uint8_t *buf, size_t len,
			       uint8_t page_code, const uint8_t **page,
			       size_t *page_len);

/* Write Parameters mode page (05h). */
enum mmc_write_type {
	MMC_WRITE_TYPE_PACKET = 0,
	MMC_WRITE_TYPE_TAO = 1,
	MMC_WRITE_TYPE_SAO = 2,
	MMC_WRITE_TYPE_RAW = 3,
};
enum mmc_multi_session {
	MMC_MULTI_SESSION_NONE = 0,  /* 00b: no B0 pointer, finalize */
	MMC_MULTI_SESSION_FINAL = 1, /* 01b: B0 = FF:FF:FF, finalize */
	MMC_MULTI_SESSION_NEXT = 3,  /* 11b: next session allowed */
};
struct mmc_write_parameters {
	bool ps;
	uint8_t page_length; /* byte 1 (0x32 typical) */
	bool bufe, ls_v, test_write;
	uint8_t write_type;    /* enum mmc_write_type */
	uint8_t multi_session; /* enum mmc_multi_session */
	bool fp, copy;
	uint8_t track_mode; /* Q control nibble: 0 audio, +1 pre-emphasis, +2
			       copy permitted */
	uint8_t data_block_type; /* 0: 2352-byte raw (audio) */
	uint8_t link_size;
	uint8_t host_application_code;
	uint8_t session_format;
	uint32_t packet_size;
	uint16_t audio_pause_length;
	bool mcval;
	char mcn[14]; /* 13 digits + NUL */
	bool tcval;
	char isrc[13]; /* 12 chars + NUL */
};
int mmc_parse_write_parameters(const uint8_t *page, size_t len,
			       struct mmc_write_parameters *out);
/*
 * Builds the page (bytes 0 .. 2 + page_length) into out[cap].
 * Returns the number of bytes written or -EINVAL if cap is too small.
 */
int mmc_build_write_parameters(const struct mmc_write_parameters *wp,
			       uint8_t *out, size_t cap);
/*
 * Builds a whole MODE SELECT(10) parameter list: 8-byte zero header (no
 * block descriptors) followed by page bytes.  Returns total length or
 * -EINVAL.
 */
int mmc_build_mode_select10_params(const uint8_t *page, size_t page_len,
				   uint8_t *out, size_t cap);

/* CD/DVD Capabilities and Mechanical Status page (2Ah). */
struct mmc_capabilities {
	uint8_t page_length;
	bool read_cd_r, read_cd_rw;
	bool write_cd_r, write_cd_rw, test_write;
	bool buf, multi_session, audio_play;
	bool cd_da_commands, isrc, upc;
	bool lock, lock_state, eject;
	uint8_t loading_mechanism;
	uint16_t max_read_speed_kbps;
	uint16_t buffer_size_kb;
	uint16_t current_read_speed_kbps;
	uint16_t max_write_speed_kbps;
	uint16_t
	    current_write_speed_kbps; /* bytes 28-29 when present, else 20-21 */
	uint8_t rotation_control;
	size_t n_write_speeds;
	struct {
		uint8_t rotation_control;
		uint16_t kbps;
	} write_speeds[32];
};
int mmc_parse_capabilities(const uint8_t *page, size_t len,
			   struct mmc_capabilities *out);

/* ---- READ DISC INFORMATION -------------------------------------------- */
enum mmc_disc_status {
	MMC_DISC_BLANK = 0,
	MMC_DISC_INCOMPLETE = 1, /* appendable */
	MMC_DISC_COMPLETE = 2,	 /* finalized */
	MMC_DISC_OTHER = 3,
};
enum mmc_session_state {
	MMC_SESSION_EMPTY = 0,
	MMC_SESSION_INCOMPLETE = 1,
	MMC_SESSION_COMPLETE = 3,
};
struct mmc_disc_information {
	bool erasable;
	uint8_t last_session_state; /* enum mmc_session_state */
	uint8_t disc_status;	    /* enum mmc_disc_status */
	uint8_t first_track;
	uint16_t n_sessions;
	uint16_t first_track_last_session;
	uint16_t last_track_last_session;
	bool did_v, dbc_v, uru;
	uint8_t disc_type;
	uint32_t disc_id;
	bool leadin_valid;		   /* false when FF:FF:FF */
	int32_t last_session_leadin_lba;   /* from MSF bytes 17-19 */
	bool leadout_valid;		   /* false when FF:FF:FF */
	int32_t last_possible_leadout_lba; /* from MSF bytes 21-23 */
};
int mmc_parse_disc_information(const uint8_t *buf, size_t len,
			       struct mmc_disc_information *out);

/* ---- READ TRACK INFORMATION ------------------------------------------- */
struct mmc_track_information {
	uint16_t track_number;
	uint16_t session_number;
	bool damage, copy;
	uint8_t track_mode;
	bool rt, blank, packet, fp;
	uint8_t data_mode;
	bool lra_v, nwa_v;
	int32_t track_start;
	int32_t next_writable_address;
	uint32_t free_blocks;
	uint32_t fixed_packet_size;
	uint32_t track_size;
	int32_t last_recorded_address;
};
int mmc_parse_track_information(const uint8_t *buf, size_t len,
				struct mmc_track_information *out);

/* ---- READ TOC/PMA/ATIP ------------------------------------------------ */
#define MMC_TOC_LEADOUT 0xAA
/* Format 0 (formatted TOC) and format 1 (multi-session). */
struct mmc_toc_track {
	uint8_t adr, control, track; /* track AAh: lead-out */
	int32_t lba;		     /* converted from MSF if msf was set */
};
struct mmc_toc {
	uint8_t first, last; /* first/last track (fmt 0) or session (fmt 1) */
	size_t n;
	struct mmc_toc_track entries[101];
};
int mmc_parse_toc_formatted(const uint8_t *buf, size_t len, bool msf,
			    struct mmc_toc *out);
/* Format 2 (raw / full TOC): 11-byte descriptors. */
struct mmc_full_toc_entry {
	uint8_t session, adr, control, tno, point;
	uint8_t min, sec, frame, zero, pmin, psec, pframe;
};
struct mmc_full_toc {
	uint8_t first_session, last_session;
	size_t n;
	struct mmc_full_toc_entry entries[300];
};
int mmc_parse_toc_full(const uint8_t *buf, size_t len,
		       struct mmc_full_toc *out);
/* Format 4 (ATIP). */
struct mmc_atip {
	uint8_t indicative_target_writing_power;
	uint8_t reference_speed;
	bool uru;
	bool disc_type_rw; /* false: CD-R, true: CD-RW */
	uint8_t disc_sub_type;
	bool a1_v, a2_v, a3_v;
	int32_t leadin_start_lba; /* from MSF 8-10 */
	struct {
		uint8_t m, s, f;
	} leadin_start_msf;
	int32_t last_possible_leadout_lba; /* from MSF 12-14 */
	uint8_t lowest_clv, highest_clv;   /* A1 when valid */
};
int mmc_parse_atip(const uint8_t *buf, size_t len, struct mmc_atip *out);

/* ---- READ BUFFER CAPACITY --------------------------------------------- */
struct mmc_buffer_capacity {
	uint32_t length_of_buffer; /* bytes */
	uint32_t available_length; /* bytes (or blocks with Block=1) */
};
int mmc_parse_buffer_capacity(const uint8_t *buf, size_t len,
			      struct mmc_buffer_capacity *out);

/* ---- READ CAPACITY ---------------------------------------------------- */
struct mmc_capacity {
	uint32_t last_lba;
	uint32_t block_length;
};
int mmc_parse_read_capacity(const uint8_t *buf, size_t len,
			    struct mmc_capacity *out);

#endif
