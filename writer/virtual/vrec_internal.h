/*
 * vrec_internal.h - the virtual recorder's device state and the functions
 * its source files share.  Not for use outside writer/virtual/ (and its
 * unit tests).
 *
 * Layout of the recorder:
 *   vrec.c          open/destroy, the command dispatcher, sense, busy state
 *   vrec_device.c   what the command files share (vrec_device.h)
 *   vrec_record.c   WRITE, SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, BLANK
 *   vrec_read.c     READ CD, READ(10), READ CAPACITY
 *   vrec_report.c   READ DISC/TRACK INFORMATION, READ TOC/PMA/ATIP (pure)
 *   vrec_mode.c     mode pages 01h, 05h, 2Ah; MODE SENSE/SELECT (pure)
 *   vrec_features.c GET CONFIGURATION (pure)
 *   vrec_speed.c    supported write speeds, SET CD SPEED clamping (pure)
 *   vrec_perf.c     GET PERFORMANCE types 00h and 03h (pure)
 *   vrec_pace.c     drive buffer model for pace=1 (pure, clock passed in)
 *   vrec_disc.c     the disc model (pure)
 *   vrec_state.c    IMAGE.state load/save
 *   vrec_cue.c      IMAGE.cue
 *   vrec_nrg.c      IMAGE.nrg
 *   vrec_spec.c     the --virtual spec parser
 *   vrec_fault.c    faults on purpose (fault keys), damaged-track recovery
 *   vrec_sao*.c, vrec_cdtext.c  Session-At-Once and CD-TEXT (vrec_sao.h)
 *
 * Pure builders return 0 or a VSENSE() code and never touch the device.
 */
#ifndef BURNFS_VREC_INTERNAL_H
#define BURNFS_VREC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vrec.h"
#include "vrec_disc.h"

/* A sense condition packed into an int: 0 = GOOD. */
#define VSENSE(key, asc, ascq) ((int)((key) << 16 | (asc) << 8 | (ascq)))
#define VSENSE_KEY(v) ((uint8_t)((v) >> 16))
#define VSENSE_ASC(v) ((uint8_t)((v) >> 8))
#define VSENSE_ASCQ(v) ((uint8_t)(v))

#define VS_INVALID_OPCODE VSENSE(5, 0x20, 0x00)
#define VS_LBA_OUT_OF_RANGE VSENSE(5, 0x21, 0x00)
#define VS_INVALID_WRITE_ADDRESS VSENSE(5, 0x21, 0x02)
#define VS_INVALID_FIELD_CDB VSENSE(5, 0x24, 0x00)
#define VS_INVALID_FIELD_PARAM VSENSE(5, 0x26, 0x00)
#define VS_SEQUENCE_ERROR VSENSE(5, 0x2C, 0x00)
#define VS_CANNOT_WRITE_MEDIUM VSENSE(5, 0x30, 0x05)
#define VS_SAVING_NOT_SUPPORTED VSENSE(5, 0x39, 0x00)
#define VS_REMOVAL_PREVENTED VSENSE(5, 0x53, 0x02)
#define VS_ILLEGAL_MODE_FOR_TRACK VSENSE(5, 0x64, 0x00)
#define VS_NO_MORE_TRACKS VSENSE(5, 0x72, 0x05)
#define VS_NO_MEDIUM VSENSE(2, 0x3A, 0x00)
#define VS_NO_MEDIUM_TRAY_CLOSED VSENSE(2, 0x3A, 0x01)
#define VS_NO_MEDIUM_TRAY_OPEN VSENSE(2, 0x3A, 0x02)
#define VS_LONG_WRITE_IN_PROGRESS VSENSE(2, 0x04, 0x08)
#define VS_MEDIUM_CHANGED VSENSE(6, 0x28, 0x00)
#define VS_WRITE_ERROR VSENSE(3, 0x0C, 0x00)
#define VS_LOSS_OF_STREAMING VSENSE(3, 0x0C, 0x09)
#define VS_READ_ERROR VSENSE(3, 0x11, 0x00)

/* ---- write speeds (vrec_speed.c) ---- */
#define VREC_MAX_SPEEDS 12
struct vrec_speeds {
	unsigned n;
	unsigned x[VREC_MAX_SPEEDS]; /* descending */
};
void vrec_speeds_init(struct vrec_speeds *s, unsigned max_x);
/*
 * The write speeds offered for a medium allowing lo..hi (times 1x): the
 * drive's speeds (drive, descending) within that range; when none is,
 * the one of the drive's speeds nearest to it.
 */
void vrec_speeds_in_range(const struct vrec_speeds *drive, unsigned lo,
			  unsigned hi, struct vrec_speeds *out);
/* x times 176.4 kB/s, rounded as drives report it: 1x=176, 52x=9173. */
/* Highest supported speed not above kbps (0 and FFFFh: the fastest). */
unsigned vrec_speed_clamp(const struct vrec_speeds *s, uint16_t kbps);

/*
 * GET PERFORMANCE (vrec_perf.c) from its CDB: read speeds are the
 * drive's, write speeds those of the loaded medium; end_lba is the last
 * LBA the descriptors cover (the disc's last possible lead-out, 0
 * without one).
 */
int vrec_get_performance(const struct vrec_speeds *read,
			 const struct vrec_speeds *write, uint32_t end_lba,
			 const uint8_t *cdb, uint8_t *out, size_t cap,
			 size_t *len);

/* ---- drive buffer (vrec_pace.c) ---- */
struct vrec_pace {
	bool enabled;
	uint32_t size; /* bytes */
	double fill;   /* bytes waiting to be "burnt" */
	double last;   /* time of the last update, seconds */
	/*
	 * Streaming: a track is being recorded, so the laser needs data at
	 * the write speed until SYNCHRONIZE CACHE.  An empty buffer then is
	 * a buffer underrun (starved until the next WRITE).
	 */
	bool streaming, starved;
	unsigned underruns; /* empty-buffer events while streaming */
	double starved_s;   /* seconds spent starved while streaming */
	/* The stream under way: when it began, and the two counts then. */
	double stream_start;
	unsigned stream_underruns0;
	double stream_starved0;
};
/* What one stream (a track's recording) was like. */
struct vrec_stream_report {
	bool streamed;	    /* false: the track had no WRITE */
	double seconds;	    /* first WRITE until the buffer is burnt */
	unsigned underruns; /* times the buffer ran dry meanwhile */
	double starved_s;   /* seconds the laser waited for data */
};
void vrec_pace_init(struct vrec_pace *p, bool enabled, uint32_t size);
/* Drains the buffer at rate bytes/s up to time now (seconds). */
void vrec_pace_update(struct vrec_pace *p, double rate, double now);
/* Takes bytes into the buffer if they fit (always when disabled or
 * empty).  Returns false when the buffer is too full. */
bool vrec_pace_accept(struct vrec_pace *p, uint32_t bytes, double rate,
		      double now);
uint32_t vrec_pace_free(struct vrec_pace *p, double rate, double now);
/* Seconds until the buffer is empty. */
double vrec_pace_drain_time(struct vrec_pace *p, double rate, double now);
/*
 * The track ends (SYNCHRONIZE CACHE, CLOSE TRACK): the buffer may now run
 * empty.  Returns what the stream was like.
 */
struct vrec_stream_report vrec_pace_end_stream(struct vrec_pace *p, double rate,
					       double now);

/* ---- mode pages (vrec_mode.c) ---- */
#define VREC_PAGE01_LEN 12 /* page code + length + 0Ah */
#define VREC_PAGE05_LEN 52 /* page code + length + 32h */
#define VREC_PAGE0E_LEN 16 /* page code + length + 0Eh */
struct vrec_mode {
	uint8_t page01[VREC_PAGE01_LEN];
	uint8_t page05[VREC_PAGE05_LEN];
	uint8_t page0e[VREC_PAGE0E_LEN];
	bool no_sao; /* a drive without SAO: Write Type 2 is refused */
};
/* What page 2Ah is built from. */
struct vrec_caps {
	const struct vrec_speeds *speeds;	/* the drive's (reading) */
	const struct vrec_speeds *write_speeds; /* for the loaded medium */
	unsigned write_x;			/* current write speed */
	unsigned read_x;			/* current read speed */
	uint32_t buffer_bytes;
	bool prevent; /* medium removal prevented */
};
void vrec_mode_init(struct vrec_mode *m);
/* Page 05h accessors. */
static inline uint8_t vrec_p05_write_type(const struct vrec_mode *m)
{
	return m->page05[2] & 0x0F;
}
static inline bool vrec_p05_bufe(const struct vrec_mode *m)
{
	return m->page05[2] & 0x40;
}
static inline bool vrec_p05_test_write(const struct vrec_mode *m)
{
	return m->page05[2] & 0x10;
}
static inline uint8_t vrec_p05_multisession(const struct vrec_mode *m)
{
	return m->page05[3] >> 6;
}
static inline uint8_t vrec_p05_track_mode(const struct vrec_mode *m)
{
	return m->page05[3] & 0x0F;
}
static inline uint8_t vrec_p05_dbt(const struct vrec_mode *m)
{
	return m->page05[4] & 0x0F;
}
/* MCN (13 digits) / ISRC (12 characters) from page 05h, "" when unset. */
void vrec_p05_mcn(const struct vrec_mode *m, char out[14]);
void vrec_p05_isrc(const struct vrec_mode *m, char out[13]);
/*
 * Builds the mode parameter data of MODE SENSE: header (8 bytes for the
 * 10-byte command, 4 for the 6-byte one) and page(s).  pc 0..2; page
 * 01h, 05h, 0Eh, 2Ah or 3Fh.  Returns 0 or a VSENSE code; *len = total bytes.
 */
int vrec_mode_sense(const struct vrec_mode *m, const struct vrec_caps *caps,
		    bool ten, uint8_t pc, uint8_t page, uint8_t *out,
		    size_t cap, size_t *len);
/* Applies a MODE SELECT parameter list (all or nothing). */
int vrec_mode_select(struct vrec_mode *m, bool ten, const uint8_t *param,
		     size_t len);

/* ---- GET CONFIGURATION (vrec_features.c) ---- */
int vrec_get_configuration(const struct vrec_disc *d, bool tray_open,
			   uint8_t rt, uint16_t start, uint8_t *out, size_t cap,
			   size_t *len);
/* The same for a drive with (sao) or without SAO (feature 002Eh). */
int vrec_get_configuration_sao(const struct vrec_disc *d, bool tray_open,
			       bool sao, uint8_t rt, uint16_t start,
			       uint8_t *out, size_t cap, size_t *len);

/* ---- INQUIRY (vrec_inquiry.c): standard data, or VPD page `page` when
 * evpd; name is the drive's name (its serial number). ---- */
int vrec_inquiry(const char *name, bool evpd, uint8_t page, uint8_t *out,
		 size_t cap, size_t *len);

/* ---- READ FORMAT CAPACITIES (vrec_format.c): for the disc, NULL
 * without a medium. ---- */
int vrec_read_format_capacities(const struct vrec_disc *d, uint8_t *out,
				size_t cap, size_t *len);

/* ---- ATIP (vrec_atip.c) ---- */
#define VREC_ATIP_LEN 28
/* READ TOC/PMA/ATIP format 0100b of the disc's medium. */
int vrec_atip(const struct vrec_disc *d, uint8_t *out, size_t cap, size_t *len);
/* The write speed range (times 1x) an ATIP's A1/A2 values give; false
 * when it gives none (CD-R, or A1 not valid). */
bool vrec_atip_speed_range(const uint8_t atip[VREC_ATIP_LEN], unsigned *lo,
			   unsigned *hi);
/* The same for the disc's medium; false without a medium. */
bool vrec_medium_speed_range(const struct vrec_disc *d, unsigned *lo,
			     unsigned *hi);

/* ---- reporting (vrec_report.c) ---- */
int vrec_read_disc_information(const struct vrec_disc *d, uint8_t *out,
			       size_t cap, size_t *len);
/* track_mode: page 05h Track Mode, reported for the invisible track. */
int vrec_read_track_information(const struct vrec_disc *d, uint8_t type,
				uint32_t number, uint8_t track_mode,
				uint8_t *out, size_t cap, size_t *len);
int vrec_read_toc(const struct vrec_disc *d, uint8_t format, bool msf,
		  uint8_t number, uint8_t *out, size_t cap, size_t *len);
int vrec_read_capacity(const struct vrec_disc *d, uint8_t *out, size_t cap,
		       size_t *len);

/* ---- Q sub-channel (vrec_subq.c) ---- */
/* Where a sector lies, as mode 1 of its Q sub-channel says. */
struct vrec_qpos {
	uint8_t ctl;   /* control nibble of the track */
	uint8_t track; /* 1..99 */
	uint8_t index; /* 0 in the pregap, 1 from the track's start */
	int32_t rel;   /* sectors from the track's start (negative before) */
	int32_t lba;
};
/* The position of lba over a complete track (pregap through run-out);
 * false elsewhere. */
bool vrec_q_position(const struct vrec_disc *d, int32_t lba,
		     struct vrec_qpos *out);
/* CRC-16 of the Q channel (x^16 + x^12 + x^5 + 1, initial 0, inverted). */
uint16_t vrec_q_crc(const uint8_t *p, size_t n);
/* The 12 bytes of Q of sector lba (mode 1, 2 or 3, with CRC); false and
 * zeros where no track is. */
bool vrec_q_sector(const struct vrec_disc *d, int32_t lba, uint8_t q[12]);
/* 96 bytes of raw P-W sub-channel from the Q bytes and the P flag (set
 * in a pregap). */
void vrec_pw_raw(const uint8_t q[12], bool p_flag, uint8_t out[96]);
/* What READ SUB-CHANNEL asks, and the drive's audio state. */
struct vrec_subq_req {
	bool subq;	      /* SubQ bit: data wanted, not just the header */
	bool msf;	      /* addresses as MSF */
	uint8_t format;	      /* 01h position, 02h MCN, 03h ISRC */
	uint8_t track;	      /* for format 03h */
	uint8_t audio_status; /* 11h..15h, the header's byte 1 */
	int32_t position;     /* the sector under the head */
};
int vrec_read_subchannel(const struct vrec_disc *d,
			 const struct vrec_subq_req *req, uint8_t *out,
			 size_t cap, size_t *len);

/* ---- image files ---- */
/* IMAGE.state text (vrec_state.c).  tray_open is stored with the disc. */
int vrec_state_render(const struct vrec_disc *d, bool tray_open, char *out,
		      size_t cap);
int vrec_state_parse(const char *text, struct vrec_disc *d, bool *tray_open,
		     char *err, size_t err_len);

/* CUE sheet for the disc's complete tracks (vrec_cue.c).  Returns the
 * length, or -1 when cap is too small. */
int vrec_cue_render(const struct vrec_disc *d, const char *bin_name, char *out,
		    size_t cap);

/*
 * NRG (vrec_nrg.c).  Where the NRG file holds track k's sectors, and the
 * chunk footer that follows the sector data.
 */
uint64_t vrec_nrg_track_offset(const struct vrec_disc *d, unsigned k);
/* Footer (chunks + 12-byte NER5 trailer) for data ending at data_end. */
int vrec_nrg_footer(const struct vrec_disc *d, uint64_t data_end, uint8_t *out,
		    size_t cap);
/* Writes path from the sector file bin_fd (0 or -errno). */
int vrec_nrg_write(const struct vrec_disc *d, int bin_fd, const char *path);

#endif
