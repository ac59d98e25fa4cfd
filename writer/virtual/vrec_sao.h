/*
 * vrec_sao.h - Session-At-Once recording in the virtual recorder: SEND
 * CUE SHEET, the WRITEs from the first address of the cue sheet to the
 * lead-out (CD-TEXT packs in the lead-in's R-W sub-channel, audio from
 * LBA -150), and the session the drive closes by itself at the end; the
 * CD-TEXT the disc keeps (READ TOC/PMA/ATIP format 5, IMAGE.cdtext).
 * Not for use outside writer/virtual/ (and its unit tests).
 *
 *   vrec_sao.c       SEND CUE SHEET, WRITE in SAO mode, the end of it
 *   vrec_sao_disc.c  the written session into the disc model (pure)
 *   vrec_cdtext.c    lead-in packs, READ TOC format 5, IMAGE.cdtext,
 *                    the texts of IMAGE.cue
 */
#ifndef BURNFS_VREC_SAO_H
#define BURNFS_VREC_SAO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cdtext.h"
#include "cue_parse.h"
#include "mmc_cue_sheet.h"
#include "scsi.h"
#include "vrec_device.h"

/* The largest cue sheet the drive takes (feature 002Eh bytes 5-7). */
#define VREC_CUE_SHEET_MAX (MMC_CUE_MAX_ENTRIES * MMC_CUE_ENTRY_BYTES)

/* CD-TEXT packs gathered from the lead-in, by block and sequence. */
struct vrec_leadin {
	unsigned sectors; /* lead-in sectors received */
	unsigned bad_crc; /* packs dropped for a wrong CRC */
	bool have[VREC_CDTEXT_MAX_PACKS];
	uint8_t pack[VREC_CDTEXT_MAX_PACKS][VREC_CDTEXT_PACK_BYTES];
};

/* What one sector of an SAO session is, for the host. */
enum vrec_sao_sector {
	VREC_SAO_LEAD_IN_TEXT, /* 96 bytes of R-W sub-channel (41h) */
	VREC_SAO_AUDIO,	       /* 2352 bytes of CD-DA (00h) */
	VREC_SAO_GENERATED,    /* made by the drive: no data (01h) */
	VREC_SAO_OUTSIDE,      /* before the first address or the lead-out */
};

/* The SAO recording announced by SEND CUE SHEET. */
struct vrec_sao {
	struct mmc_cue_sheet sheet;
	int32_t leadin; /* ATIP start of the lead-in */
	int32_t next;	/* the next LBA the host must send */
	bool started;	/* a WRITE was taken */
	bool test_write;
	bool dropped_audio; /* audio before LBA 0 was not kept */
	struct vrec_leadin leadin_packs;
};

/* ---- pure ---- */
enum vrec_sao_sector vrec_sao_sector_kind(const struct mmc_cue_sheet *s,
					  int32_t leadin, int32_t lba);
/* The first LBA at or after lba the host sends data for (the lead-out
 * when none). */
int32_t vrec_sao_next_sent(const struct mmc_cue_sheet *s, int32_t leadin,
			   int32_t lba);
/*
 * Records on the blank disc d the tracks of sheet s written up to (not
 * including) LBA end: complete tracks whole, a track broken off there
 * marked damaged.  complete: the host reached the lead-out; the session
 * is then closed with the page 05h Multi-session field ms.  Returns the
 * number of tracks recorded.
 */
unsigned vdisc_record_sao(struct vrec_disc *d, const struct mmc_cue_sheet *s,
			  int32_t end, bool complete, uint8_t ms);

/* Takes the R-W sub-channel of one lead-in sector (96 bytes). */
void vrec_leadin_take(struct vrec_leadin *l, const uint8_t *sub);
/* Copies the packs gathered, in block and sequence order, to d. */
void vrec_leadin_to_disc(const struct vrec_leadin *l, struct vrec_disc *d);
/* READ TOC/PMA/ATIP format 5: the disc's CD-TEXT packs (none: the
 * 4-byte header with data length 2). */
int vrec_toc_cdtext(const struct vrec_disc *d, uint8_t *out, size_t cap,
		    size_t *len);
/*
 * The corrupt_cdtext=N misread applied to a format 5 answer of len bytes:
 * pack N, when the answer holds it, with the first byte of its text
 * changed (bit 0 flipped) and its CRC made to fit, as a drive that reads
 * the lead-in wrong without noticing would return it.
 */
void vrec_cdtext_misread(unsigned pack, uint8_t *answer, size_t len);
/* Decodes block 0 of the disc's packs; false when it has none. */
bool vrec_disc_cdtext(const struct vrec_disc *d, struct cdtext *out);
/* Bytes of one text in UTF-8 for the cue sheet (cut beyond). */
#define VREC_CUE_TEXT_BYTES 512
/*
 * The TITLE, PERFORMER and SONGWRITER of the disc (track 0) or a track,
 * from ISO 8859-1 to UTF-8, for the cue sheet (cue_write.h); "" for a
 * text the disc does not have.
 */
void vrec_cue_texts(const struct cdtext *t, unsigned track,
		    char out[CUE_TEXTS][VREC_CUE_TEXT_BYTES]);

/* ---- the device ---- */
int vrec_cmd_send_cue_sheet(struct vrec *v, const struct scsi_cmd *c,
			    size_t *xfer);
/* WRITE(10) while an SAO recording is announced. */
int vrec_sao_write10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer);
/* The recording stops before its end (eject, medium removed, blank). */
void vrec_sao_stop(struct vrec *v, enum vrec_stop how);
/* IMAGE.cdtext: written (or removed) with IMAGE.state, read at open. */
int vrec_cdtext_save(struct vrec *v);
int vrec_cdtext_load(struct vrec *v, char *err, size_t err_len);

#endif
