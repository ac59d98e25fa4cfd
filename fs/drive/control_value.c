/*
 * control_value.c - parsing and formatting of the rw control files'
 * values (see control_value.h).
 */
#include "control_value.h"

#include "cd_speed.h"
#include "msf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const key_names[CONTROL_KEY_COUNT] = {
    [CONTROL_DO_NOT_FINALIZE] = "do_not_finalize",
    [CONTROL_KEEP_SESSION_OPEN] = "keep_session_open",
    [CONTROL_TEST_WRITE] = "test_write",
    [CONTROL_BUFFER_UNDERRUN_PROTECTION] = "buffer_underrun_protection",
    [CONTROL_WRITE_SPEED] = "write_speed",
    [CONTROL_MCN] = "mcn",
    [CONTROL_VERIFY] = "verify",
    [CONTROL_WRITE_MODE] = "write_mode",
    [CONTROL_PREGAP] = "pregap",
    [CONTROL_CDTEXT] = "cdtext",
    [CONTROL_DISC_TITLE] = "disc_title",
    [CONTROL_DISC_PERFORMER] = "disc_performer",
};

void control_values_default(struct control_values *v)
{
	memset(v, 0, sizeof(*v));
	v->buffer_underrun_protection = true;
	v->verify = true;
	v->write_mode = BURN_WRITE_TAO;
	v->pregap = CD_PREGAP_SECTORS;
	v->cdtext = true;
}

int control_parse_pregap(const char *buf, size_t len, uint32_t *sectors)
{
	return msf_parse_duration(buf, len, sectors);
}

void control_format_pregap(uint32_t sectors, char *out, size_t out_len)
{
	msf_format_duration(sectors, out, out_len);
	size_t n = strlen(out);
	if (n + 1 < out_len) {
		out[n] = '\n';
		out[n + 1] = '\0';
	}
}

void control_apply_pregaps(const struct control_values *v,
			   struct burn_track *tracks, size_t n)
{
	if (v->write_mode != BURN_WRITE_SAO)
		return;
	for (size_t i = 1; i < n; i++) {
		if (tracks[i].pregap_given)
			continue;
		tracks[i].pregap = v->pregap;
		tracks[i].pregap_audio = false;
		tracks[i].pregap_given = true;
	}
}

/* A CD-TEXT value: one line of printable UTF-8, at most 160 bytes. */
static int apply_text(char *dst, const char *buf, size_t len, const char *key,
		      char *why, size_t why_len)
{
	if (len >= BURN_TEXT_BYTES) {
		snprintf(why, why_len, "%s: at most %d bytes", key,
			 BURN_TEXT_BYTES - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7F) {
			snprintf(why, why_len,
				 "%s: one line of text without control "
				 "characters",
				 key);
			return -EINVAL;
		}
	}
	memcpy(dst, buf, len);
	dst[len] = '\0';
	return 0;
}

const char *control_key_name(enum control_key k)
{
	if ((unsigned)k >= CONTROL_KEY_COUNT)
		return NULL;
	return key_names[k];
}

int control_key_from_name(const char *name)
{
	for (int k = 0; k < CONTROL_KEY_COUNT; k++)
		if (strcmp(name, key_names[k]) == 0)
			return k;
	return -1;
}

/* Trims white space at both ends: [*start, *start + *len). */
static void trim(const char **start, size_t *len)
{
	const char *s = *start;
	size_t n = *len;
	while (n > 0 && isspace((unsigned char)s[0])) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	*start = s;
	*len = n;
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

int control_parse_bool(const char *buf, size_t len, bool *out)
{
	static const char *const yes[] = {"1", "yes", "true", "on"};
	static const char *const no[] = {"0", "no", "false", "off"};

	trim(&buf, &len);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (word_is(buf, len, yes[i])) {
			*out = true;
			return 0;
		}
		if (word_is(buf, len, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

char control_mcn_check_digit(const char *digits)
{
	/* EAN-13: weights 1, 3, 1, 3, ... over the first 12 digits. */
	unsigned sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (unsigned)(digits[i] - '0') * (i % 2 ? 3u : 1u);
	return (char)('0' + (10 - sum % 10) % 10);
}

bool control_mcn_check_digit_ok(const char *digits)
{
	return control_mcn_check_digit(digits) == digits[12];
}

/* "max", "<N>x", "<N>" below 75 (x) or "<N>" from 75 (sectors/s). */
static int parse_speed(const char *s, size_t n, unsigned *x, unsigned *sps)
{
	*x = *sps = 0;
	if (word_is(s, n, "max") || word_is(s, n, "0"))
		return 0;
	bool times = n > 0 && (s[n - 1] == 'x' || s[n - 1] == 'X');
	if (times)
		n--;
	if (n == 0 || n > 4)
		return -EINVAL;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (!times && v >= CONTROL_MIN_SPEED_SPS) {
		if (v > CONTROL_MAX_SPEED_SPS)
			return -EINVAL;
		*sps = v;
		return 0;
	}
	if (v == 0 || v > CONTROL_MAX_SPEED_X)
		return -EINVAL;
	*x = v;
	return 0;
}

int control_apply(struct control_values *v, enum control_key k, const char *buf,
		  size_t len, char *why, size_t why_len)
{
	bool b;
	unsigned speed, sps;

	trim(&buf, &len);
	switch (k) {
	case CONTROL_DO_NOT_FINALIZE:
	case CONTROL_KEEP_SESSION_OPEN:
	case CONTROL_TEST_WRITE:
	case CONTROL_BUFFER_UNDERRUN_PROTECTION:
	case CONTROL_VERIFY:
		if (control_parse_bool(buf, len, &b) < 0) {
			snprintf(why, why_len, "%s: expected 0 or 1",
				 key_names[k]);
			return -EINVAL;
		}
		if (k == CONTROL_KEEP_SESSION_OPEN && b &&
		    v->write_mode == BURN_WRITE_SAO) {
			snprintf(why, why_len,
				 "keep_session_open: a Session-At-Once "
				 "session is always closed; echo tao > "
				 "write_mode first");
			return -EOPNOTSUPP; /* a value, not a malformed one */
		}
		if (k == CONTROL_DO_NOT_FINALIZE)
			v->do_not_finalize = b;
		else if (k == CONTROL_KEEP_SESSION_OPEN)
			v->keep_session_open = b;
		else if (k == CONTROL_TEST_WRITE)
			v->test_write = b;
		else if (k == CONTROL_VERIFY)
			v->verify = b;
		else
			v->buffer_underrun_protection = b;
		return 0;
	case CONTROL_WRITE_SPEED:
		if (parse_speed(buf, len, &speed, &sps) < 0) {
			snprintf(why, why_len,
				 "write_speed: expected max, 1x..%ux or %u..%u "
				 "sectors per second",
				 CONTROL_MAX_SPEED_X, CONTROL_MIN_SPEED_SPS,
				 CONTROL_MAX_SPEED_SPS);
			return -EINVAL;
		}
		v->write_speed_x = speed;
		v->write_speed_sps = sps;
		return 0;
	case CONTROL_MCN:
		if (len != 0 && len != 13) {
			snprintf(why, why_len,
				 "mcn: expected 13 digits or nothing");
			return -EINVAL;
		}
		for (size_t i = 0; i < len; i++) {
			if (!isdigit((unsigned char)buf[i])) {
				snprintf(why, why_len,
					 "mcn: expected 13 digits or nothing");
				return -EINVAL;
			}
		}
		if (len == 13 && !control_mcn_check_digit_ok(buf)) {
			snprintf(why, why_len,
				 "mcn: %.13s has a wrong check digit (EAN-13: "
				 "the last digit should be %c)",
				 buf, control_mcn_check_digit(buf));
			return -EINVAL;
		}
		memcpy(v->mcn, buf, len);
		v->mcn[len] = '\0';
		return 0;
	case CONTROL_WRITE_MODE:
		if (len == 3 && strncasecmp(buf, "tao", 3) == 0) {
			v->write_mode = BURN_WRITE_TAO;
			return 0;
		}
		if (len == 3 && strncasecmp(buf, "sao", 3) == 0) {
			if (v->keep_session_open) {
				snprintf(why, why_len,
					 "write_mode: sao always closes the "
					 "session, and keep_session_open is "
					 "1; echo 0 > keep_session_open "
					 "first");
				return -EOPNOTSUPP;
			}
			v->write_mode = BURN_WRITE_SAO;
			return 0;
		}
		snprintf(why, why_len, "write_mode: expected tao or sao");
		return -EINVAL;
	case CONTROL_PREGAP: {
		uint32_t sectors;
		if (control_parse_pregap(buf, len, &sectors) < 0) {
			snprintf(why, why_len,
				 "pregap: expected seconds (2, 0, 1.5) or "
				 "mm:ss:ff");
			return -EINVAL;
		}
		v->pregap = sectors;
		return 0;
	}
	case CONTROL_CDTEXT:
		if (control_parse_bool(buf, len, &b) < 0) {
			snprintf(why, why_len, "cdtext: expected 0 or 1");
			return -EINVAL;
		}
		v->cdtext = b;
		return 0;
	case CONTROL_DISC_TITLE:
		return apply_text(v->disc_title, buf, len, key_names[k], why,
				  why_len);
	case CONTROL_DISC_PERFORMER:
		return apply_text(v->disc_performer, buf, len, key_names[k],
				  why, why_len);
	case CONTROL_KEY_COUNT:
		break;
	}
	snprintf(why, why_len, "unknown control file");
	return -EINVAL;
}

void control_format(const struct control_values *v, enum control_key k,
		    char *out, size_t out_len)
{
	switch (k) {
	case CONTROL_DO_NOT_FINALIZE:
		snprintf(out, out_len, "%d\n", v->do_not_finalize);
		return;
	case CONTROL_KEEP_SESSION_OPEN:
		snprintf(out, out_len, "%d\n", v->keep_session_open);
		return;
	case CONTROL_TEST_WRITE:
		snprintf(out, out_len, "%d\n", v->test_write);
		return;
	case CONTROL_BUFFER_UNDERRUN_PROTECTION:
		snprintf(out, out_len, "%d\n", v->buffer_underrun_protection);
		return;
	case CONTROL_WRITE_SPEED:
		if (v->write_speed_sps != 0)
			snprintf(out, out_len, "%u\n", v->write_speed_sps);
		else if (v->write_speed_x == 0)
			snprintf(out, out_len, "max\n");
		else
			snprintf(out, out_len, "%ux\n", v->write_speed_x);
		return;
	case CONTROL_MCN:
		snprintf(out, out_len, "%s\n", v->mcn);
		return;
	case CONTROL_VERIFY:
		snprintf(out, out_len, "%d\n", v->verify);
		return;
	case CONTROL_WRITE_MODE:
		snprintf(out, out_len, "%s\n",
			 v->write_mode == BURN_WRITE_SAO ? "sao" : "tao");
		return;
	case CONTROL_PREGAP:
		control_format_pregap(v->pregap, out, out_len);
		return;
	case CONTROL_CDTEXT:
		snprintf(out, out_len, "%d\n", v->cdtext);
		return;
	case CONTROL_DISC_TITLE:
		snprintf(out, out_len, "%s\n", v->disc_title);
		return;
	case CONTROL_DISC_PERFORMER:
		snprintf(out, out_len, "%s\n", v->disc_performer);
		return;
	case CONTROL_KEY_COUNT:
		break;
	}
	if (out_len > 0)
		out[0] = '\0';
}

size_t control_encode(const struct control_values *v, char *out, size_t out_len)
{
	size_t used = 0;
	for (int k = 0; k < CONTROL_KEY_COUNT; k++) {
		char val[CONTROL_MAX_VALUE];
		control_format(v, k, val, sizeof(val));
		int n = snprintf(used < out_len ? out + used : NULL,
				 used < out_len ? out_len - used : 0, "%s=%s",
				 key_names[k], val);
		if (n > 0)
			used += (size_t)n;
	}
	return used;
}

void control_decode(struct control_values *v, const char *text, size_t len)
{
	control_values_default(v);
	const char *end = text + len;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		const char *line_end = nl ? nl : end;
		const char *eq = memchr(text, '=', (size_t)(line_end - text));
		if (eq) {
			char key[64];
			size_t kl = (size_t)(eq - text);
			if (kl < sizeof(key)) {
				memcpy(key, text, kl);
				key[kl] = '\0';
				int k = control_key_from_name(key);
				char why[128];
				if (k >= 0) {
					struct control_values tmp = *v;
					if (control_apply(
						&tmp, k, eq + 1,
						(size_t)(line_end - eq - 1),
						why, sizeof(why)) == 0)
						*v = tmp;
				}
			}
		}
		text = nl ? nl + 1 : end;
	}
}

uint16_t control_speed_kbps(unsigned speed_x)
{
	return speed_x_to_kbps_up(speed_x);
}

uint16_t control_requested_kbps(const struct control_values *v)
{
	if (v->write_speed_sps == 0)
		return control_speed_kbps(v->write_speed_x);
	unsigned long kbps =
	    ((unsigned long)v->write_speed_sps * 2352 + 500) / 1000;
	return kbps > 0xFFFF ? 0xFFFF : (uint16_t)kbps;
}

void control_to_burn_options(const struct control_values *v,
			     struct burn_options *o)
{
	memset(o, 0, sizeof(*o));
	o->do_not_finalize = v->do_not_finalize;
	o->keep_session_open = v->keep_session_open;
	o->test_write = v->test_write;
	o->buffer_underrun_protection = v->buffer_underrun_protection;
	o->write_speed_kbps = control_requested_kbps(v);
	memcpy(o->mcn, v->mcn, sizeof(o->mcn));
	o->verify = v->verify;
	o->write_mode = v->write_mode;
	o->cd_text = v->cdtext;
	memcpy(o->disc_text.title, v->disc_title, sizeof(o->disc_text.title));
	memcpy(o->disc_text.performer, v->disc_performer,
	       sizeof(o->disc_text.performer));
}

void control_toc_settings(const struct control_values *v,
			  const struct burn_track *tracks, size_t n,
			  struct toc_settings *out)
{
	struct burn_options o;
	control_to_burn_options(v, &o);
	control_disc_texts(&o.disc_text, tracks, n);
	memset(out, 0, sizeof(*out));
	out->write_mode = v->write_mode;
	out->pregap = v->pregap;
	out->cd_text = v->cdtext;
	out->disc = o.disc_text;
}

/* Into an empty dst, the first non-empty v (or nothing). */
static void take_first(char dst[BURN_TEXT_BYTES], const char *v)
{
	if (!dst[0] && v && v[0])
		snprintf(dst, BURN_TEXT_BYTES, "%s", v);
}

void control_disc_texts(struct burn_disc_text *d,
			const struct burn_track *tracks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		take_first(d->title, tracks[i].album);
		take_first(d->performer, tracks[i].album_artist);
	}
}
