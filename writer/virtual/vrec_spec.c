/*
 * vrec_spec.c - parses the --virtual=NAME:IMAGE[,key=value...] option
 * into a struct vrec_config (keys: media, speed, pace, buffer,
 * read_offset, corrupt; see
 * doc/virtual-recorder.md).
 */
#include <errno.h>
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
		if (strcmp(end, "k") == 0 || strcmp(end, "K") == 0)
			v *= 1024;
		else if (strcmp(end, "M") == 0 || strcmp(end, "m") == 0)
			v *= 1024 * 1024;
		else if (*end)
			return fail(err, err_len, spec, "bad buffer size");
		if (v < VREC_MIN_BUFFER || v > VREC_MAX_BUFFER)
			return fail(err, err_len, spec,
				    "buffer must be 64k to 256M");
		c->buffer_bytes = (uint32_t)v;
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
		errno = 0;
		long a = strtol(val, &end, 10), b = a;
		if (!errno && end != val && *end == '-') {
			const char *s2 = end + 1;
			b = strtol(s2, &end, 10);
			if (end == s2)
				errno = EINVAL;
		}
		if (errno || end == val || *end || a < 0 || b < a ||
		    b > 0x7FFFFFFFL)
			return fail(err, err_len, spec,
				    "corrupt must be LBA or LBA-LBA");
		if (c->n_corrupt >= VREC_MAX_CORRUPT)
			return fail(err, err_len, spec,
				    "too many corrupt ranges");
		c->corrupt[c->n_corrupt].first = (int32_t)a;
		c->corrupt[c->n_corrupt].last = (int32_t)b;
		c->n_corrupt++;
	} else {
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
