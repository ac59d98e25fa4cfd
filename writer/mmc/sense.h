/*
 * sense.h - decoding SCSI sense data (fixed 70h/71h and descriptor 72h/73h
 * formats) into key/ASC/ASCQ, progress indication and words a person
 * understands, and mapping them to errno values.
 *
 * Pure functions; unit-tested with byte vectors.
 */
#ifndef BURNFS_SENSE_H
#define BURNFS_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sense_key {
	SENSE_NO_SENSE = 0x0,
	SENSE_RECOVERED_ERROR = 0x1,
	SENSE_NOT_READY = 0x2,
	SENSE_MEDIUM_ERROR = 0x3,
	SENSE_HARDWARE_ERROR = 0x4,
	SENSE_ILLEGAL_REQUEST = 0x5,
	SENSE_UNIT_ATTENTION = 0x6,
	SENSE_DATA_PROTECT = 0x7,
	SENSE_BLANK_CHECK = 0x8,
	SENSE_ABORTED_COMMAND = 0xB,
	SENSE_MISCOMPARE = 0xE,
};

struct sense_info {
	bool valid; /* a recognised sense format was present */
	uint8_t key, asc, ascq;
	bool info_valid;
	uint32_t information;
	bool progress_valid; /* SKSV set while NOT READY: progress below */
	uint16_t progress;   /* 0..65535 of the operation done */
};

/* Decodes len bytes of sense data. Returns false if not recognised. */
bool sense_decode(const uint8_t *sense, size_t len, struct sense_info *out);

/*
 * Builds 18 bytes of fixed-format (70h) sense data into out[18].  Used by
 * the virtual recorder and by tests.
 */
void sense_build_fixed(uint8_t out[18], uint8_t key, uint8_t asc, uint8_t ascq);
/* Sets the INFORMATION field (bytes 3-6) of fixed sense and its VALID
 * bit: the LBA a read or write failed at. */
void sense_set_information(uint8_t out[18], uint32_t information);
/* Sets the sense key specific bytes to a progress indication (SKSV,
 * 0..65535 of the operation done), as NOT READY sense carries it. */
void sense_set_progress(uint8_t out[18], uint16_t progress);

/* "NOT READY", "MEDIUM ERROR", ... */
const char *sense_key_name(uint8_t key);
/* "Invalid address for write", ..., or NULL when unknown. */
const char *sense_asc_text(uint8_t asc, uint8_t ascq);
/*
 * Formats "MEDIUM ERROR 03/0C/00: write error" into buf (NUL-terminated,
 * truncated to len).  Returns buf.
 */
char *sense_describe(const struct sense_info *s, char *buf, size_t len);

/*
 * The errno that a failed command with this sense should surface as:
 * 02/3A -> ENOMEDIUM, 02/04 -> EBUSY, 07 -> EROFS, 05/30 -> EMEDIUMTYPE,
 * 05/21, 05/24, 05/26 -> EINVAL, 05/63 -> ENOSPC, 03 and 04 -> EIO,
 * 06 -> EAGAIN, anything else -> EIO.  Positive errno.
 */
int sense_to_errno(const struct sense_info *s);

/*
 * True for the conditions MMC says to retry after a while: NOT READY
 * 04/01 (becoming ready), 04/04, 04/07, 04/08 (operation / long write in
 * progress), and UNIT ATTENTION 28/00 and 29/xx.
 */
bool sense_is_retryable(const struct sense_info *s);

#endif
