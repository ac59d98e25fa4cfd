/*
 * cdtext.h - CD-TEXT: the texts of a disc and its tracks as the 18-byte
 * packs of the lead-in's R-W sub-channel, and back.  Pure; used by
 * burnfs's SAO burn (encode, then write the packs into the lead-in), by
 * verification (decode what READ TOC/PMA/ATIP format 5 returns) and by
 * the drive model (decode the lead-in it was sent, answer format 5).
 * See doc/sao.md for the format and its references.
 *
 * A pack (MMC-3 Annex J; Sony's CD-TEXT description; libburn's
 * doc/cdtext.txt):
 *
 *   0      pack type: 80h TITLE ... 8Fh SIZE INFORMATION
 *   1      track number of the text at payload byte 0 (0 = the disc);
 *          bit 7 extension flag (0)
 *   2      sequence number, 0.. over all packs of the block
 *   3      bit 7 double-byte characters (0), bits 6-4 block number,
 *          bits 3-0 characters of that text already in earlier packs
 *          (15 when 15 or more)
 *   4-15   payload: NUL-terminated texts, one after the other, for the
 *          disc then each track; the last pack of a type padded with 0
 *   16-17  CRC-16 (polynomial 1021h, initial 0) of bytes 0-15, inverted,
 *          big-endian
 *
 * The encoder writes block 0 only, language English (09h), character
 * code ISO 8859-1 (00h): per text type present, the disc's text and every
 * track's (an empty text where one is missing), then the three size
 * information packs.  A text equal to the previous track's may be written
 * as a single TAB (09h) ("same as previous"); the decoder undoes it.
 */
#ifndef BURNFS_CDTEXT_H
#define BURNFS_CDTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msf.h"

#define CDTEXT_PACK_BYTES 18
#define CDTEXT_PAYLOAD_BYTES 12
#define CDTEXT_MAX_PACKS 256 /* one block: sequence numbers 00h-FFh */
#define CDTEXT_LANGUAGE_ENGLISH 0x09
#define CDTEXT_CHARSET_ISO_8859_1 0x00
/* Bytes of one R-W sub-channel sector: 4 packs of 24 six-bit symbols. */
#define CDTEXT_SUBCHANNEL_BYTES 96
#define CDTEXT_PACKS_PER_SECTOR 4

enum cdtext_pack_type {
	CDTEXT_PACK_TITLE = 0x80,
	CDTEXT_PACK_PERFORMER = 0x81,
	CDTEXT_PACK_SONGWRITER = 0x82,
	CDTEXT_PACK_COMPOSER = 0x83,
	CDTEXT_PACK_ARRANGER = 0x84,
	CDTEXT_PACK_MESSAGE = 0x85,
	CDTEXT_PACK_DISC_ID = 0x86,
	CDTEXT_PACK_GENRE = 0x87,
	CDTEXT_PACK_TOC = 0x88,
	CDTEXT_PACK_TOC2 = 0x89,
	CDTEXT_PACK_CLOSED = 0x8D,
	CDTEXT_PACK_UPC_ISRC = 0x8E,
	CDTEXT_PACK_SIZE_INFO = 0x8F,
};

/* The texts kept for the disc and each track, in pack type order. */
enum cdtext_field {
	CDTEXT_TITLE,	   /* 80h */
	CDTEXT_PERFORMER,  /* 81h */
	CDTEXT_SONGWRITER, /* 82h */
	CDTEXT_COMPOSER,   /* 83h */
	CDTEXT_ARRANGER,   /* 84h */
	CDTEXT_MESSAGE,	   /* 85h */
	CDTEXT_UPC_ISRC,   /* 8Eh: the disc's UPC/EAN, each track's ISRC */
	CDTEXT_FIELDS,
};

/* Where cdtext_decode keeps the strings it returns. */
#define CDTEXT_STORE_BYTES (CDTEXT_MAX_PACKS * CDTEXT_PAYLOAD_BYTES + 64)

struct cdtext {
	uint8_t first_track, last_track; /* 1..99 */
	/* text[field][0] the disc's, text[field][t] track t's: ISO 8859-1,
	 * NUL-terminated; NULL or "" when there is none. */
	const char *text[CDTEXT_FIELDS][CD_MAX_TRACKS + 1];
	const char *disc_id;	/* 86h, ASCII; NULL: none */
	uint16_t genre_code;	/* 87h: 0 "not used", 1 "not defined", ... */
	const char *genre_text; /* 87h supplement; NULL: none */
	/* cdtext_decode only: the bytes its pointers point into. */
	char store[CDTEXT_STORE_BYTES];
};

/* cdtext_encode: write "same as previous track" as a TAB. */
#define CDTEXT_USE_TAB 0x1

/*
 * Encodes t into packs (room for max_packs packs of 18 bytes).  Returns
 * the number of packs, or -EINVAL (tracks out of 1..99, first > last)
 * or -ENOSPC (more than max_packs or 256 packs: too much text) with a
 * sentence in why.
 */
int cdtext_encode(const struct cdtext *t, unsigned flags, uint8_t *packs,
		  size_t max_packs, char *why, size_t why_len);

/*
 * Decodes block 0 of n packs into out (its strings point into
 * out->store).  Packs with a wrong CRC are skipped and counted in
 * *bad_crc (may be NULL).  Returns 0, or -EBADMSG when no valid pack of
 * block 0 is left.
 */
int cdtext_decode(const uint8_t *packs, size_t n, struct cdtext *out,
		  unsigned *bad_crc);

/* The CRC of a pack as stored in bytes 16-17 (inverted). */
uint16_t cdtext_crc(const uint8_t *pack);
bool cdtext_crc_ok(const uint8_t *pack);

/*
 * The R-W sub-channel of one lead-in sector (data form 41h of SEND CUE
 * SHEET, 96 bytes): packs k, k+1, k+2, k+3 (mod n, the lead-in repeats
 * the packs) as 4 x 24 six-bit symbols in the low bits of each byte.
 */
void cdtext_subchannel_sector(const uint8_t *packs, size_t n, size_t k,
			      uint8_t out[CDTEXT_SUBCHANNEL_BYTES]);
/* The inverse: 4 packs (72 bytes) from 96 sub-channel bytes. */
void cdtext_subchannel_packs(
    const uint8_t in[CDTEXT_SUBCHANNEL_BYTES],
    uint8_t out[CDTEXT_PACKS_PER_SECTOR * CDTEXT_PACK_BYTES]);

#endif
