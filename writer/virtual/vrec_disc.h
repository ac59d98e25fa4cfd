/*
 * vrec_disc.h - the disc inside the virtual recorder: media kind (with the
 * ATIP values a real blank reports), sessions, tracks and the track being
 * written, and the Track-At-Once arithmetic that moves the next writable
 * address (NWA) along.
 *
 * Pure data and pure functions: no I/O, no clock.  The command layer
 * (vrec.c, vrec_record.c) changes a struct vrec_disc only through these
 * functions; the reporting layer (vrec_report.c) reads it; vrec_state.c
 * saves and loads it.  A disc value can be copied: test writes run on a
 * copy that is thrown away afterwards.
 */
#ifndef BURNFS_VREC_DISC_H
#define BURNFS_VREC_DISC_H

#include <stdbool.h>
#include <stdint.h>

#include "vrec.h"

#define VREC_MAX_TRACKS 99
/* Index points of a track: INDEX 01..99 (INDEX 02 and up written SAO). */
#define VREC_MAX_INDEX 99
/* CD-TEXT packs kept from an SAO lead-in: 8 blocks of 256 packs. */
#define VREC_CDTEXT_MAX_PACKS 2048
#define VREC_CDTEXT_PACK_BYTES 18

/* What a kind of medium reports in its ATIP. */
struct vrec_media_info {
	const char *name;     /* "cdr80", ... as in the --virtual spec */
	bool present;	      /* false for "none" */
	bool erasable;	      /* CD-RW */
	int32_t leadin;	      /* ATIP start of lead-in (LBA, negative) */
	int32_t last_leadout; /* ATIP last possible start of lead-out */
};

const struct vrec_media_info *vrec_media_info(enum vrec_media_kind kind);
/* "cdr80" -> VREC_MEDIA_CDR80; returns -1 when unknown. */
int vrec_media_from_name(const char *name);

struct vrec_track {
	int32_t start; /* LBA of index 1: the NWA the track was written at */
	uint32_t
	    length; /* user sectors written, without the 2 run-out blocks */
	uint8_t session; /* 1-based session number */
	uint8_t ctl;	 /* Q control nibble (page 05h Track Mode) */
	char isrc[13];	 /* 12 characters, or empty */
	bool damaged;	 /* broken off unended (power loss, removal) */
	/* Sectors of INDEX 00 before start, and unreadable run-out sectors
	 * after start + length: 150 and 2 for a TAO track; as the cue
	 * sheet said and 0 for a track written Session-At-Once. */
	uint32_t pregap;
	uint8_t runout;
	bool sao; /* written Session-At-Once */
	/* INDEX 02, 03, ...: n_index LBAs, increasing, inside the track. */
	uint8_t n_index;
	int32_t index[VREC_MAX_INDEX - 1];
};

/* Multi-session field of page 05h at CLOSE SESSION. */
enum {
	VREC_MS_FINAL = 0,    /* no B0 pointer, disc closed */
	VREC_MS_FINAL_FF = 1, /* B0 = FF:FF:FF, disc closed */
	VREC_MS_NEXT = 3,     /* B0 = next program area, disc appendable */
};

struct vrec_session {
	uint8_t first_track, last_track; /* disc-wide track numbers */
	bool closed;
	uint8_t ms;	 /* Multi-session field used to close it */
	int32_t leadout; /* lead-out start (A2), valid when closed */
};

struct vrec_disc {
	enum vrec_media_kind media;
	unsigned ntracks; /* tracks, including the one being written */
	struct vrec_track tracks[VREC_MAX_TRACKS];
	unsigned nsessions; /* sessions holding at least one track */
	struct vrec_session sessions[VREC_MAX_TRACKS];
	bool finalized;	 /* closed: nothing more can be written */
	bool track_open; /* tracks[ntracks - 1] is being written */
	char mcn[14];	 /* 13 digits of the first session, or empty */
	/* CD-RW only: the speed class its ATIP reports (vrec_atip.c) */
	enum vrec_rw_speed rw_speed;
	/* CD-TEXT of the first session's lead-in (SAO), as 18-byte packs in
	 * block and sequence order; 0 packs: none. */
	unsigned cdtext_n;
	uint8_t cdtext[VREC_CDTEXT_MAX_PACKS][VREC_CDTEXT_PACK_BYTES];
};

/* READ DISC INFORMATION disc status / last session state values. */
enum {
	VREC_DISC_BLANK = 0,
	VREC_DISC_INCOMPLETE = 1, /* appendable, or a session is open */
	VREC_DISC_COMPLETE = 2,
};
enum {
	VREC_SESSION_EMPTY = 0,
	VREC_SESSION_INCOMPLETE = 1,
	VREC_SESSION_COMPLETE = 3,
};

/* A blank disc of the given kind. */
void vdisc_init(struct vrec_disc *d, enum vrec_media_kind media);
bool vdisc_present(const struct vrec_disc *d);
bool vdisc_erasable(const struct vrec_disc *d);
/* A medium is present and more can be written to it. */
bool vdisc_writable(const struct vrec_disc *d);

int vdisc_status(const struct vrec_disc *d);
int vdisc_last_session_state(const struct vrec_disc *d);
/* True when the last session holds tracks and is not closed. */
bool vdisc_session_open(const struct vrec_disc *d);

/*
 * Next writable address: inside the open track, after the last track of
 * the open session (+2 run-out +150 pregap), or the first NWA of the next
 * session (lead-out + 11400 after session 1, + 6900 after later ones).
 * Only meaningful while vdisc_writable().
 */
int32_t vdisc_nwa(const struct vrec_disc *d);
/* Sectors between the NWA and the last possible lead-out start. */
uint32_t vdisc_free_blocks(const struct vrec_disc *d);
/* Start of the lead-out of session s (1-based): stored when closed,
 * otherwise where it would be after the session's last complete track. */
int32_t vdisc_session_leadout(const struct vrec_disc *d, unsigned s);
/* Number of the session the next track goes into. */
unsigned vdisc_next_session(const struct vrec_disc *d);
/* Tracks that are complete (every track but the one being written). */
unsigned vdisc_complete_tracks(const struct vrec_disc *d);

/*
 * Opens a track at the NWA (a new session if none is open).  Returns 0,
 * or -1 when the disc is not writable or holds 99 tracks already.
 */
int vdisc_open_track(struct vrec_disc *d, uint8_t ctl, const char *isrc,
		     const char *mcn);
/* First LBA of track k's area (its INDEX 00) and the first LBA after
 * it (after its run-out). */
int32_t vdisc_track_first(const struct vrec_disc *d, unsigned k);
int32_t vdisc_track_end(const struct vrec_disc *d, unsigned k);
/* The index number of lba inside track k (0 in the pregap). */
uint8_t vdisc_index_at(const struct vrec_disc *d, unsigned k, int32_t lba);
/* Whether any track of the disc was written Session-At-Once. */
bool vdisc_has_sao(const struct vrec_disc *d);

/* Appends n written sectors to the open track. */
void vdisc_append(struct vrec_disc *d, uint32_t n);
/* Ends the open track; returns the sectors of padding it needed to reach
 * 300 (the length is set to 300; the caller writes the silence). */
uint32_t vdisc_close_track(struct vrec_disc *d);
/*
 * Closes the open session with the page 05h Multi-session field ms:
 * 00b/01b finalize the disc, 11b leaves it appendable.  Ends an open
 * track first.  Returns 0, or -1 when no session is open.
 */
int vdisc_close_session(struct vrec_disc *d, uint8_t ms);

/*
 * Blanking types of BLANK on the disc model (vrec_blank.c): 0, or -1
 * when the type does not apply to the disc as it is.
 *   blank_track:  010b, the last track, in an incomplete session
 *   blank_tail:   100b, the last track from lba to its end, likewise
 *   unclose:      101b, the last session closed -> incomplete again
 *   blank_session: 110b, the last session with its tracks
 */
int vdisc_blank_track(struct vrec_disc *d, uint32_t track);
int vdisc_blank_tail(struct vrec_disc *d, int32_t lba);
int vdisc_unclose_session(struct vrec_disc *d);
int vdisc_blank_session(struct vrec_disc *d);
/* The first LBA after the recorded area: after the last complete
 * track's run-out (0 on a blank disc). */
int32_t vdisc_recorded_end(const struct vrec_disc *d);

#endif
