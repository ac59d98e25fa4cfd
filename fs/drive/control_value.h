/*
 * control_value.h - the values of a drive's rw control files
 * (do_not_finalize, keep_session_open, test_write,
 * buffer_underrun_protection, write_speed, mcn, verify, write_mode,
 * pregap, cdtext, disc_title, disc_performer): parsing what a user
 * writes, formatting what a read returns, the spool encoding that makes
 * them survive a remount, and the burn_options they turn into.
 * Pure functions.
 */
#ifndef BURNFS_CONTROL_VALUE_H
#define BURNFS_CONTROL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"
#include "render.h"

struct control_values {
	bool do_not_finalize;
	bool keep_session_open;
	bool test_write;
	bool buffer_underrun_protection;
	unsigned write_speed_x;	  /* 0: maximum (or write_speed_sps) */
	unsigned write_speed_sps; /* sectors per second; 0: write_speed_x */
	char mcn[14];		  /* empty, or 13 digits */
	bool verify;		  /* read back and compare after a burn */
	enum burn_write_mode write_mode; /* tao (default) or sao */
	uint32_t pregap; /* sectors of silence before tracks 2.. in SAO */
	bool cdtext;	 /* SAO: burn the tags as CD-TEXT (default 1) */
	char disc_title[BURN_TEXT_BYTES];     /* CD-TEXT of the disc, */
	char disc_performer[BURN_TEXT_BYTES]; /* UTF-8; "" none */
};

enum control_key {
	CONTROL_DO_NOT_FINALIZE,
	CONTROL_KEEP_SESSION_OPEN,
	CONTROL_TEST_WRITE,
	CONTROL_BUFFER_UNDERRUN_PROTECTION,
	CONTROL_WRITE_SPEED,
	CONTROL_MCN,
	CONTROL_VERIFY,
	CONTROL_WRITE_MODE,
	CONTROL_PREGAP,
	CONTROL_CDTEXT,
	CONTROL_DISC_TITLE,
	CONTROL_DISC_PERFORMER,
	CONTROL_KEY_COUNT
};

/* Highest write speed accepted in write_speed ("<N>x"). */
#define CONTROL_MAX_SPEED_X 100
/* A bare number from this on is sectors per second (75 = 1x), below it
   a multiple of 1x as "<N>x". */
#define CONTROL_MIN_SPEED_SPS 75
#define CONTROL_MAX_SPEED_SPS (CONTROL_MAX_SPEED_X * 75)

/* The defaults of the spec: everything 0 but buffer underrun protection
 * and verify. */
void control_values_default(struct control_values *v);

/* File name of a key ("do_not_finalize"); NULL for an unknown key. */
const char *control_key_name(enum control_key k);
/* The key named name, or -1. */
int control_key_from_name(const char *name);

/*
 * Parses a boolean as written to a control file: "1", "0", "yes", "no",
 * "true", "false", "on", "off", with surrounding white space (a trailing
 * newline).  Returns 0 and sets *out, or -EINVAL.
 */
/* EAN-13 check digit of 12 digits (the 13th of an MCN), as '0'..'9'. */
char control_mcn_check_digit(const char *digits);
/* Whether 13 digits end with their EAN-13 check digit. */
bool control_mcn_check_digit_ok(const char *digits);

int control_parse_bool(const char *buf, size_t len, bool *out);

/*
 * Applies what was written to key's file to v.  Returns 0, or with v
 * unchanged and a reason in why -EINVAL (a malformed value) or
 * -EOPNOTSUPP (a value the other controls rule out: sao with
 * keep_session_open).
 */
int control_apply(struct control_values *v, enum control_key k, const char *buf,
		  size_t len, char *why, size_t why_len);

/* Formats key's current value as the file reads back ("1\n", "max\n"). */
void control_format(const struct control_values *v, enum control_key k,
		    char *out, size_t out_len);

/*
 * Spool encoding: one "key=value" line per key.  Decoding starts from
 * the defaults and ignores unknown keys and bad values (a newer or
 * damaged file never stops a mount).  encode returns the length written
 * or needed (like snprintf).
 */
size_t control_encode(const struct control_values *v, char *out,
		      size_t out_len);
void control_decode(struct control_values *v, const char *text, size_t len);

/* kB/s for a speed in multiples of 1x (176.4 kB/s), rounded up; 0 -> 0. */
uint16_t control_speed_kbps(unsigned speed_x);

/* The burn_options these values ask for. */
/* The requested write speed in kB/s (0: maximum), from Nx (rounded up)
 * or sectors per second (2352 bytes each, rounded to nearest). */
uint16_t control_requested_kbps(const struct control_values *v);
void control_to_burn_options(const struct control_values *v,
			     struct burn_options *o);
/* Longest text a control file takes back ("disc_title"). */
#define CONTROL_MAX_VALUE (BURN_TEXT_BYTES + 8)
/*
 * The disc's texts when disc_title / disc_performer leave them empty:
 * the album and album artist tags of the first of the n tracks that has
 * them (cut at 160 bytes).
 */
void control_disc_texts(struct burn_disc_text *d,
			const struct burn_track *tracks, size_t n);

/*
 * What the toc files need of the values: the write mode, the pregap,
 * cdtext and the disc's texts as control_disc_texts gives them for the
 * n tracks.
 */
void control_toc_settings(const struct control_values *v,
			  const struct burn_track *tracks, size_t n,
			  struct toc_settings *out);

/*
 * Parses a pregap as written to `pregap` or user.pregap: seconds ("2",
 * "0", "1.5") or mm:ss:ff.  Returns 0 with *sectors, or -EINVAL.
 */
int control_parse_pregap(const char *buf, size_t len, uint32_t *sectors);
/* "2\n" for whole seconds, else "mm:ss:ff\n". */
void control_format_pregap(uint32_t sectors, char *out, size_t out_len);
/*
 * Session-At-Once: gives tracks 2.. whose pregap nobody asked for the
 * `pregap` value (track 1 starts after the 2 s every disc has).  TAO:
 * nothing changes.
 */
void control_apply_pregaps(const struct control_values *v,
			   struct burn_track *tracks, size_t n);

#endif
