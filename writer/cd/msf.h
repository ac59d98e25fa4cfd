/*
 * msf.h - CD addressing: LBA <-> minutes:seconds:frames, and the constants
 * of Track-At-Once layout (pregap, run-out, session overhead).
 *
 * Pure arithmetic, shared by the engine, the virtual recorder and the
 * text renderers of the filesystem.  The layout rules are in
 * doc/engine.md ("Layout") and tao_layout.h.
 */
#ifndef BURNFS_MSF_H
#define BURNFS_MSF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CD_FRAMES_PER_SECOND 75
#define CD_SECTOR_BYTES 2352	    /* one CD-DA sector */
#define CD_SECTOR_STEREO_FRAMES 588 /* 2352 / 4 */
#define CD_PREGAP_SECTORS 150	    /* 2 s pregap written by the drive */
#define CD_TAO_RUNOUT_SECTORS 2	    /* unreadable run-out after a TAO track */
#define CD_TAO_TRACK_GAP (CD_TAO_RUNOUT_SECTORS + CD_PREGAP_SECTORS)
#define CD_MIN_TRACK_SECTORS 300 /* 4 s */
#define CD_MAX_TRACKS 99
/* Next session's first NWA relative to the previous lead-out start. */
#define CD_NEXT_SESSION_GAP_FIRST                                              \
	11400 /* lead-out 6750 + lead-in 4500 + 150                            \
	       */
#define CD_NEXT_SESSION_GAP_LATER                                              \
	6900 /* lead-out 2250 + lead-in 4500 + 150                             \
	      */

struct msf {
	uint8_t m, s, f;
};

/* LBA -> MSF.  Negative LBAs (lead-in) map to minutes >= 90. */
struct msf msf_from_lba(int32_t lba);
/* MSF -> LBA, the inverse (minutes >= 90 are lead-in addresses). */
int32_t msf_to_lba(struct msf msf);
/* Length in sectors -> "MM:SS:FF" duration (no 150 offset). */
struct msf msf_from_length(uint32_t sectors);
/* Formats as "MM:SS:FF" into buf (at least 12 bytes). Returns buf. */
char *msf_format(struct msf msf, char *buf);

/*
 * A duration as people write it for a pregap: seconds with at most two
 * decimals ("2", "0", "1.5", up to 3599) or "mm:ss:ff" (mm up to 59),
 * white space around it ignored.  0 with *sectors, or -EINVAL.
 */
int msf_parse_duration(const char *buf, size_t len, uint32_t *sectors);
/* The duration as it reads back: whole seconds ("2") or "mm:ss:ff". */
void msf_format_duration(uint32_t sectors, char *out, size_t out_len);

#endif
