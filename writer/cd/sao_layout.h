/*
 * sao_layout.h - the disc layout of a Session-At-Once audio session:
 * where every track's INDEX 00, 01, 02... lie, where the lead-out starts,
 * and which bytes of which track's source fill every byte the host
 * writes.  Pure arithmetic, shared by burnfs's SAO burn (what to send,
 * the toc file), the cue sheet sent to the drive (mmc_cue_sheet.h) and
 * the drive model's checks.  See doc/sao.md.
 *
 * The host writes one continuous stream of 2352-byte sectors from LBA -150
 * (00:00:00) to the lead-out.  The stream is built from the tracks in
 * order:
 *
 *   - 150 sectors of silence at LBA -150..-1: the pregap of track 1 that
 *     the Red Book requires before the first track.  Track 1's INDEX 00
 *     is LBA -150.
 *   - per track: its pregap (the sectors between INDEX 00 and INDEX 01;
 *     for track 1, after the 150 above: hidden track one audio), either
 *     silence or audio taken from the source; then its PCM; then, unless
 *     the next track follows gaplessly, zeros to the end of the sector,
 *     its postgap (silence) and, for a track shorter than 4 s, silence up
 *     to 300 sectors.
 *
 * Gapless is sample-exact: when the next track has no silent pregap, its
 * audio (pregap audio or PCM) follows the previous track's last sample
 * byte for byte, so a track that ends mid-sector continues into the next
 * track's first sector, and every index point is the sector holding its
 * first sample (floor).  Only the last track and tracks before silence
 * are padded with zeros to a whole sector.
 *
 * Red Book: a track lasts at least 4 s (300 sectors) from INDEX 01 to its
 * end.  A shorter track before silence (a silent pregap, a postgap, the
 * lead-out) is padded with silence to 300 sectors, as in TAO; a shorter
 * track before a gapless transition cannot be padded without adding
 * silence into the music, so sao_layout_plan refuses it with a sentence.
 *
 * A track's "source" is its pregap audio (when the pregap carries audio)
 * followed by its PCM: sao_locate maps a byte of the stream back to
 * (track, byte of that source) or to silence.
 */
#ifndef BURNFS_SAO_LAYOUT_H
#define BURNFS_SAO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msf.h"

#define SAO_MAX_INDEX 99     /* index numbers 01..99 */
#define SAO_FIRST_LBA (-150) /* the first sector the host writes */
/* The highest lead-out an MSF address can name (99:59:74). */
#define SAO_MAX_LEADOUT 449849
/* Segments: the lead-in pregap, then at most 3 per track. */
#define SAO_MAX_SEGMENTS (1 + 3 * CD_MAX_TRACKS)

/* One track as the caller describes it. */
struct sao_track_spec {
	/* Audio from INDEX 01 to the end of the track; whole stereo frames
	 * (a multiple of 4), not 0. */
	uint64_t pcm_bytes;
	/* Sectors from INDEX 00 to INDEX 01; 0: no INDEX 00.  For track 1,
	 * sectors after the 150 at LBA -150 (hidden track one audio). */
	uint32_t pregap;
	/* The pregap is audio of the source (pregap * 2352 bytes that come
	 * before the PCM), not silence. */
	bool pregap_audio;
	/* Sectors of silence after the PCM (a cue sheet's POSTGAP). */
	uint32_t postgap;
	/* INDEX 02, 03, ...: n_index offsets in sectors from INDEX 01,
	 * strictly increasing, inside the track. */
	uint8_t n_index;
	uint32_t index[SAO_MAX_INDEX - 1];
};

enum sao_segment_kind {
	SAO_SILENCE, /* zeros: pregap, padding, postgap */
	SAO_AUDIO,   /* bytes of a track's source */
};

/* A run of the written stream. */
struct sao_segment {
	uint64_t disc_byte; /* first byte, counted from LBA -150 */
	uint64_t bytes;
	enum sao_segment_kind kind;
	uint8_t track;	      /* 0-based track it belongs to */
	uint64_t source_byte; /* SAO_AUDIO: first byte in the track's source */
};

struct sao_track_layout {
	/* LBA of INDEX 00; equal to index[1] when the track has no pregap. */
	int32_t index0;
	/* index[1] = INDEX 01 (the track's start in the TOC), index[2..]
	 * INDEX 02...; index[0] repeats index0. */
	int32_t index[SAO_MAX_INDEX + 1];
	uint8_t last_index; /* 1 + n_index */
	int32_t end;	    /* first LBA after the track */
	/* Bytes of the source: pregap audio + PCM. */
	uint64_t source_bytes;
	/* Sectors of silence added to reach 4 s (0 for most tracks). */
	uint32_t min_pad_sectors;
	/* The next track follows without silence in between. */
	bool gapless_to_next;
};

struct sao_layout {
	size_t n;
	struct sao_track_layout track[CD_MAX_TRACKS];
	int32_t leadout;      /* lead-out start LBA */
	uint64_t total_bytes; /* bytes the host writes: LBA -150..leadout */
	size_t n_segments;
	struct sao_segment segment[SAO_MAX_SEGMENTS];
};

/*
 * Plans n tracks (1..99).  Returns 0, or -EINVAL with a sentence in why
 * ("track 3 is 2.50 s long: ..."); out is then unspecified.  The struct
 * is large (about 60 kB): allocate it, do not put it on a small stack.
 */
int sao_layout_plan(const struct sao_track_spec *spec, size_t n,
		    struct sao_layout *out, char *why, size_t why_len);

/* The stream byte where LBA lba starts ((lba + 150) * 2352). */
uint64_t sao_lba_byte(int32_t lba);

/* Where a byte of the written stream comes from. */
struct sao_position {
	enum sao_segment_kind kind;
	uint8_t track;	      /* 0-based track it belongs to */
	uint64_t source_byte; /* SAO_AUDIO: byte in the track's source */
	uint64_t run;	      /* bytes from here to the end of the segment */
};

/* Returns 0, or -ERANGE when disc_byte >= total_bytes. */
int sao_locate(const struct sao_layout *l, uint64_t disc_byte,
	       struct sao_position *out);

#endif
