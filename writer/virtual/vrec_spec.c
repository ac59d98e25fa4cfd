/*
 * vrec_spec.c - parses the --virtual=NAME:IMAGE[,key=value...] option
 * into a struct vrec_config (keys: media, speed, pace, buffer,
 * read_offset, corrupt, corrupt_cdtext, corrupt_q, sao, and the fault
 * keys fail_write_at, remove_at,
 * busy_polls, hang_at, short_data, power_loss_at; see
 * doc/virtual-recorder.md).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrec_internal.h"

#define VREC_MIN_BUFFER (64u * 1024)
#define VREC_MAX_BUFFER (256u * 1024 * 1024)

static int fail(char *err, size_t err_len, const char *spec, const char *what)
{
	if (err && err_len)
		snprintf(err, err_len, "--virtual=%s: %s", spec, what);
	return -EINVAL;
}

/* "LBA" or "FIRST-LAST", decimal, 0 <= FIRST <= LAST < 2^31. */
static int parse_range(const char *val, int32_t *first, int32_t *last)
{
	char *end;
	errno = 0;
	long a = strtol(val, &end, 10), b = a;
	if (!errno && end != val && *end == '-') {
		const char *s2 = end + 1;
		b = strtol(s2, &end, 10);
		if (end == s2)
			errno = EINVAL;
	}
	if (errno || end == val || *end || a < 0 || b < a || b > 0x7FFFFFFFL)
		return -EINVAL;
	*first = (int32_t)a;
	*last = (int32_t)b;
	return 0;
}

/* A decimal LBA 0..2^31-1. */
static int parse_lba(const char *val, int32_t *out)
{
	char *end;
	if (val[0] < '0' || val[0] > '9')
		return -1;
	errno = 0;
	unsigned long v = strtoul(val, &end, 10);
	if (errno || *end || v > 0x7FFFFFFFul)
		return -1;
	*out = (int32_t)v;
	return 0;
}

/* The fault keys; 1 when key is not one of them. */
static int parse_fault(struct vrec_faults *f, const char *key, const char *val,
		       const char *spec, char *err, size_t err_len)
{
	static const struct {
		const char *key;
		unsigned kind;
		size_t off;
	} lbas[] = {
	    {"fail_write_at", VREC_FAULT_FAIL_WRITE,
	     offsetof(struct vrec_faults, fail_write_at)},
	    {"remove_at", VREC_FAULT_REMOVE,
	     offsetof(struct vrec_faults, remove_at)},
	    {"hang_at", VREC_FAULT_HANG, offsetof(struct vrec_faults, hang_at)},
	    {"power_loss_at", VREC_FAULT_POWER,
	     offsetof(struct vrec_faults, power_loss_at)},
	};
	for (size_t i = 0; i < sizeof(lbas) / sizeof(lbas[0]); i++) {
		if (strcmp(key, lbas[i].key))
			continue;
		int32_t lba;
		if (parse_lba(val, &lba))
			return fail(err, err_len, spec,
				    "a fault's LBA must be 0 to 2147483647");
		memcpy((char *)f + lbas[i].off, &lba, sizeof(lba));
		f->armed |= lbas[i].kind;
		return 0;
	}
	char *end;
	if (strcmp(key, "busy_polls") == 0) {
		errno = 0;
		unsigned long v = strtoul(val, &end, 10);
		if (errno || end == val || *end || val[0] == '-' || v < 1 ||
		    v > 1000)
			return fail(err, err_len, spec,
				    "busy_polls must be 1 to 1000");
		f->busy_polls = (unsigned)v;
		f->armed |= VREC_FAULT_BUSY;
		return 0;
	}
	if (strcmp(key, "short_data") == 0) {
		const char *h = val;
		if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
			h += 2;
		errno = 0;
		unsigned long v = strtoul(h, &end, 16);
		if (errno || end == h || (*end && strcmp(end, "h") != 0) ||
		    h[0] == '-' || h[0] == '+' || v > 0xFF)
			return fail(err, err_len, spec,
				    "short_data must be an opcode 00 to FF "
				    "(hex)");
		f->short_data_op = (uint8_t)v;
		f->armed |= VREC_FAULT_SHORT;
		return 0;
	}
	return 1;
}

static int parse_key(struct vrec_config *c, const char *key, const char *val,
		     const char *spec, char *err, size_t err_len)
{
	char *end;
	if (strcmp(key, "media") == 0) {
		int m = vrec_media_from_name(val);
		if (m < 0)
			return fail(err, err_len, spec,
				    "media must be cdr74, cdr80, cdrw74, "
				    "cdrw80 or none");
		c->media = (enum vrec_media_kind)m;
	} else if (strcmp(key, "speed") == 0) {
		errno = 0;
		unsigned long v = strtoul(val, &end, 10);
		if (errno || end == val || (*end && strcmp(end, "x") != 0) ||
		    v < 1 || v > 52)
			return fail(err, err_len, spec,
				    "speed must be 1 to 52 (x)");
		c->max_speed_x = (unsigned)v;
	} else if (strcmp(key, "rw_speed") == 0) {
		int r = vrec_rw_speed_from_name(val);
		if (r < 0)
			return fail(err, err_len, spec,
				    "rw_speed must be high or ultra");
		c->rw_speed = (enum vrec_rw_speed)r;
	} else if (strcmp(key, "pace") == 0) {
		if (strcmp(val, "0") == 0)
			c->pace = false;
		else if (strcmp(val, "1") == 0)
			c->pace = true;
		else
			return fail(err, err_len, spec, "pace must be 0 or 1");
	} else if (strcmp(key, "buffer") == 0) {
		errno = 0;
		unsigned long long v = strtoull(val, &end, 10);
		if (errno || end == val || val[0] == '-')
			return fail(err, err_len, spec, "bad buffer size");
		unsigned long long unit = 1;
		if (strcmp(end, "k") == 0 || strcmp(end, "K") == 0)
			unit = 1024;
		else if (strcmp(end, "M") == 0 || strcmp(end, "m") == 0)
			unit = 1024 * 1024;
		else if (*end)
			return fail(err, err_len, spec, "bad buffer size");
		/* A product that wraps around is no size either. */
		v = v > VREC_MAX_BUFFER ? VREC_MAX_BUFFER + 1ull : v * unit;
		if (v < VREC_MIN_BUFFER || v > VREC_MAX_BUFFER)
			return fail(err, err_len, spec,
				    "buffer must be 64k to 256M");
		c->buffer_bytes = (uint32_t)v;
	} else if (strcmp(key, "sao") == 0) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return fail(err, err_len, spec, "sao must be 0 or 1");
		c->no_sao = strcmp(val, "0") == 0;
	} else if (strcmp(key, "read_offset") == 0) {
		errno = 0;
		long v = strtol(val, &end, 10);
		if (errno || end == val || *end || v < -VREC_MAX_READ_OFFSET ||
		    v > VREC_MAX_READ_OFFSET)
			return fail(err, err_len, spec,
				    "read_offset must be -5880 to 5880 "
				    "(samples)");
		c->read_offset = (int)v;
	} else if (strcmp(key, "corrupt") == 0) {
		int32_t a, b;
		if (parse_range(val, &a, &b) < 0)
			return fail(err, err_len, spec,
				    "corrupt must be LBA or LBA-LBA");
		if (c->n_corrupt >= VREC_MAX_CORRUPT)
			return fail(err, err_len, spec,
				    "too many corrupt ranges");
		c->corrupt[c->n_corrupt].first = a;
		c->corrupt[c->n_corrupt].last = b;
		c->n_corrupt++;
	} else if (strcmp(key, "corrupt_q") == 0) {
		int32_t a, b;
		if (parse_range(val, &a, &b) < 0)
			return fail(err, err_len, spec,
				    "corrupt_q must be LBA or LBA-LBA");
		c->corrupt_q.first = a;
		c->corrupt_q.last = b;
		c->n_corrupt_q = 1;
	} else if (strcmp(key, "corrupt_cdtext") == 0) {
		errno = 0;
		long v = strtol(val, &end, 10);
		if (errno || end == val || *end || v < 0 || v > 2047)
			return fail(err, err_len, spec,
				    "corrupt_cdtext must be a pack number, "
				    "0 to 2047");
		c->corrupt_cdtext = (unsigned)v;
		c->corrupt_cdtext_set = true;
	} else {
		int r = parse_fault(&c->faults, key, val, spec, err, err_len);
		if (r <= 0)
			return r;
		return fail(err, err_len, spec, "unknown key");
	}
	return 0;
}

int vrec_parse_spec(const char *spec, struct vrec_config *out, char *err,
		    size_t err_len)
{
	if (!spec || !out)
		return fail(err, err_len, "", "missing");
	struct vrec_config c;
	memset(&c, 0, sizeof(c));
	c.media = VREC_MEDIA_CDR80;
	c.max_speed_x = 52;
	c.pace = false;
	c.buffer_bytes = 2u * 1024 * 1024;

	const char *colon = strchr(spec, ':');
	if (!colon || colon == spec)
		return fail(err, err_len, spec, "expected NAME:IMAGE");
	size_t nlen = (size_t)(colon - spec);
	if (nlen >= sizeof(c.name))
		return fail(err, err_len, spec, "name too long");
	memcpy(c.name, spec, nlen);
	c.name[nlen] = '\0';
	if (strchr(c.name, '/') || strcmp(c.name, ".") == 0 ||
	    strcmp(c.name, "..") == 0 || c.name[0] == '.')
		return fail(err, err_len, spec, "bad drive name");

	const char *img = colon + 1;
	const char *comma = strchr(img, ',');
	size_t ilen = comma ? (size_t)(comma - img) : strlen(img);
	if (ilen == 0)
		return fail(err, err_len, spec, "missing image path");
	if (ilen >= sizeof(c.image) - 8) /* room for ".state" */
		return fail(err, err_len, spec, "image path too long");
	memcpy(c.image, img, ilen);
	c.image[ilen] = '\0';

	while (comma) {
		const char *kv = comma + 1;
		comma = strchr(kv, ',');
		size_t kvlen = comma ? (size_t)(comma - kv) : strlen(kv);
		char buf[128];
		if (kvlen == 0 || kvlen >= sizeof(buf))
			return fail(err, err_len, spec, "bad key=value");
		memcpy(buf, kv, kvlen);
		buf[kvlen] = '\0';
		char *eq = strchr(buf, '=');
		if (!eq || eq == buf || !eq[1])
			return fail(err, err_len, spec, "expected key=value");
		*eq = '\0';
		int r = parse_key(&c, buf, eq + 1, spec, err, err_len);
		if (r)
			return r;
	}
	*out = c;
	return 0;
}
