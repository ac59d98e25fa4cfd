/*
 * mmc_perf.h - what a drive says about its speeds and its mode pages:
 * GET PERFORMANCE (type 00h performance, type 03h write speed
 * descriptors) and the list of mode pages MODE SENSE(10) returns for page
 * code 3Fh (all pages).  CDB builder and parsers are pure and unit-tested
 * with byte vectors (tests/unit/mmc/test_mmc_perf.c); the two commands
 * run through mmc_run like the rest of the MMC layer (mmc.h).
 */
#ifndef BURNFS_MMC_PERF_H
#define BURNFS_MMC_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmc.h"

/* GET PERFORMANCE Type (CDB byte 10). */
enum mmc_performance_type {
	MMC_PERF_PERFORMANCE = 0x00,
	MMC_PERF_WRITE_SPEED = 0x03,
};

/* Write Rotation Control (WRC) of a write speed descriptor. */
enum mmc_rotation {
	MMC_ROTATION_CLV = 0,
	MMC_ROTATION_CAV = 1,
};

/*
 * GET PERFORMANCE.  Type 00h asks with tolerance 10b, Except 00b and the
 * Write bit as given (write performance when true); type 03h ignores
 * write.  max_descriptors goes to bytes 8-9, alloc is the data length.
 */
void mmc_cdb_get_performance(struct scsi_cmd *c, uint8_t type, bool write,
			     uint16_t max_descriptors, void *buf, size_t alloc);

/* Type 03h: one Write Speed Descriptor (16 bytes). */
struct mmc_write_speed_descriptor {
	uint8_t wrc; /* enum mmc_rotation */
	bool exact, mrw;
	uint32_t end_lba;
	uint32_t read_kbps, write_kbps;
};
/* Type 00h: one Performance Descriptor (16 bytes). */
struct mmc_performance_descriptor {
	uint32_t start_lba, start_kbps, end_lba, end_kbps;
};

#define MMC_MAX_PERF_DESCRIPTORS 32

/*
 * Parse a type 03h response: 8-byte header (0-3 Performance Data Length)
 * then 16-byte descriptors.  Descriptors beyond what arrived or beyond
 * cap are ignored; *n is the number stored.  -EBADMSG when shorter than
 * the header.
 */
int mmc_parse_write_speeds(const uint8_t *buf, size_t len,
			   struct mmc_write_speed_descriptor *out, size_t cap,
			   size_t *n);
/* The same for type 00h. */
int mmc_parse_performance(const uint8_t *buf, size_t len,
			  struct mmc_performance_descriptor *out, size_t cap,
			  size_t *n);

/*
 * The page codes (6 bits) of every page in a MODE SENSE(10) response, in
 * the order they come, skipping block descriptors.  Stops at the first
 * page that does not fit in what arrived.  -EBADMSG when shorter than
 * the 8-byte header.
 */
int mmc_parse_mode_page_codes(const uint8_t *buf, size_t len, uint8_t *codes,
			      size_t cap, size_t *n);

/* GET PERFORMANCE type 03h: the write speeds for the loaded medium. */
int mmc_get_write_speeds(struct scsi_transport *t,
			 struct mmc_write_speed_descriptor *out, size_t cap,
			 size_t *n, struct mmc_error *err);
/* GET PERFORMANCE type 00h (write performance when write). */
int mmc_get_performance(struct scsi_transport *t, bool write,
			struct mmc_performance_descriptor *out, size_t cap,
			size_t *n, struct mmc_error *err);
/* MODE SENSE(10) page 3Fh, current values: the supported page codes. */
int mmc_mode_page_list(struct scsi_transport *t, uint8_t *codes, size_t cap,
		       size_t *n, struct mmc_error *err);

#endif
