/*
 * track_meta.c - encoding and decoding of the spool's per-track metadata
 * (see track_meta.h).
 */
#include "track_meta.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

#define HEADER "burnfs-track 1\n"

/* The .meta keys of the user's texts, by enum track_text. */
static const char *const text_keys[TRACK_TEXTS] = {
    "user_title", "user_performer", "user_songwriter", "user_composer"};

struct out {
	char *buf;
	size_t len, used;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->used < o->len ? o->buf + o->used : NULL,
			  o->used < o->len ? o->len - o->used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}

static void put_escaped(struct out *o, const char *key, const char *s)
{
	put(o, "%s=", key);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '%')
			put(o, "%%%02X", *p);
		else
			put(o, "%c", *p);
	}
	put(o, "\n");
}

size_t track_meta_encode(const struct track_meta *m, char *out, size_t out_len)
{
	struct out o = {out, out_len, 0};
	if (out_len > 0)
		out[0] = '\0';
	put(&o, HEADER);
	put_escaped(&o, "name", m->name);
	put(&o, "mode=%o\n", (unsigned)(m->mode & 07777));
	if (m->folder)
		put(&o, "folder=%" PRIu32 "\n", m->folder);
	if (m->aside)
		put(&o, "aside=1\n");
	if (m->folder == UINT32_MAX)
		put(&o, "trash_uid=%" PRIu32 "\n", m->trash_uid);
	put(&o, "atime=%lld.%09ld\n", (long long)m->atime.tv_sec,
	    m->atime.tv_nsec);
	put(&o, "mtime=%lld.%09ld\n", (long long)m->mtime.tv_sec,
	    m->mtime.tv_nsec);
	put(&o, "ctime=%lld.%09ld\n", (long long)m->ctime.tv_sec,
	    m->ctime.tv_nsec);
	put(&o, "staged=%d\n", m->staged);
	if (m->staged) {
		put(&o, "pcm_offset=%" PRIu64 "\n", m->intake.pcm_offset);
		put(&o, "pcm_bytes=%" PRIu64 "\n", m->intake.pcm_bytes);
		put(&o, "frames=%" PRIu64 "\n", m->intake.frames);
		put_escaped(&o, "description", m->intake.description);
		if (m->audio_checked) {
			put(&o, "audio_size=%" PRIu64 "\n", m->audio_size);
			put(&o, "audio_sum=%016" PRIx64 "\n", m->audio_sum);
		}
		if (m->intake.convert) {
			put(&o, "converted=1\n");
			put(&o, "clipped=%" PRIu64 "\n", m->intake.clipped);
		}
		if (m->intake.raw)
			put(&o, "raw=1\n");
		if (m->intake.embedded_cue)
			put(&o, "embedded_cue=1\n");
		if (m->intake.title[0])
			put_escaped(&o, "title", m->intake.title);
		if (m->intake.artist[0])
			put_escaped(&o, "artist", m->intake.artist);
		if (m->intake.isrc[0])
			put_escaped(&o, "tag_isrc", m->intake.isrc);
		if (m->intake.album[0])
			put_escaped(&o, "album", m->intake.album);
		if (m->intake.album_artist[0])
			put_escaped(&o, "album_artist", m->intake.album_artist);
		if (m->intake.composer[0])
			put_escaped(&o, "composer", m->intake.composer);
		if (m->intake.songwriter[0])
			put_escaped(&o, "songwriter", m->intake.songwriter);
	}
	put_escaped(&o, "isrc", m->isrc);
	put(&o, "pre_emphasis=%d\n", m->pre_emphasis);
	put(&o, "copy_permitted=%d\n", m->copy_permitted);
	if (m->pregap_set)
		put(&o, "pregap=%" PRIu32 "\n", m->pregap);
	for (int i = 0; i < TRACK_TEXTS; i++)
		if (m->text[i][0])
			put_escaped(&o, text_keys[i], m->text[i]);
	size_t at = 0, vl;
	const char *xn;
	const uint8_t *xv;
	while (xattr_store_next(&m->xattrs, &at, &xn, &xv, &vl)) {
		put(&o, "xattr=");
		for (const unsigned char *p = (const unsigned char *)xn; *p;
		     p++) {
			if (*p <= 0x20 || *p == 0x7f || *p == '%')
				put(&o, "%%%02X", *p);
			else
				put(&o, "%c", *p);
		}
		put(&o, " ");
		for (size_t i = 0; i < vl; i++)
			put(&o, "%02x", xv[i]);
		put(&o, "\n");
	}
	return o.used;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Unescapes [s, s+n) into out (out_len incl. NUL).  -EINVAL if bad. */
static int unescape(const char *s, size_t n, char *out, size_t out_len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -EINVAL;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -EINVAL;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0' || o + 1 >= out_len)
			return -EINVAL;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
	char tmp[32];
	if (n == 0 || n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	errno = 0;
	unsigned long long v = strtoull(tmp, &end, 10);
	if (errno || *end != '\0' || tmp[0] == '-')
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_hex64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0 || n > 16)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int parse_time(const char *s, size_t n, struct timespec *ts)
{
	const char *dot = memchr(s, '.', n);
	uint64_t sec, nsec = 0;
	if (parse_u64(s, dot ? (size_t)(dot - s) : n, &sec) < 0)
		return -EINVAL;
	if (dot && parse_u64(dot + 1, (size_t)(s + n - dot - 1), &nsec) < 0)
		return -EINVAL;
	/* Seconds beyond time_t would be saved again as a negative number,
	 * which this parser refuses: the track would be lost. */
	if (nsec >= 1000000000u || sec > (uint64_t)INT64_MAX ||
	    (uint64_t)(time_t)sec != sec)
		return -EINVAL;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = (long)nsec;
	return 0;
}

/* "xattr=<escaped name> <hex>" into the store. */
static int decode_xattr(const char *v, size_t vl, struct xattr_store *x)
{
	const char *sp = memchr(v, ' ', vl);
	char name[256];
	uint8_t val[XATTR_STORE_BYTES];
	if (!sp || unescape(v, (size_t)(sp - v), name, sizeof(name)) < 0)
		return -EINVAL;
	const char *h = sp + 1;
	size_t hl = (size_t)(v + vl - h);
	if (hl % 2 != 0 || hl / 2 > sizeof(val))
		return -EINVAL;
	for (size_t i = 0; i < hl / 2; i++) {
		int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		val[i] = (uint8_t)(hi << 4 | lo);
	}
	return xattr_store_set(x, name, val, hl / 2, 0) < 0 ? -EINVAL : 0;
}

static bool key_is(const char *k, size_t kl, const char *name)
{
	return strlen(name) == kl && memcmp(k, name, kl) == 0;
}

int track_meta_decode(const char *text, size_t len, struct track_meta *m)
{
	size_t hl = strlen(HEADER);
	memset(m, 0, sizeof(*m));
	m->mode = 0644;
	if (len < hl || memcmp(text, HEADER, hl) != 0)
		return -EINVAL;
	const char *p = text + hl, *end = text + len;
	bool have_name = false, have_size = false, have_sum = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *eq = memchr(p, '=', (size_t)(le - p));
		if (eq) {
			const char *k = p, *v = eq + 1;
			size_t kl = (size_t)(eq - p), vl = (size_t)(le - v);
			uint64_t u;
			int rc = 0;
			if (key_is(k, kl, "name")) {
				rc = unescape(v, vl, m->name, sizeof(m->name));
				if (rc == 0 && !names_is_valid(m->name))
					rc = -EINVAL;
				have_name = rc == 0;
			} else if (key_is(k, kl, "mode")) {
				char *e;
				char tmp[16];
				if (vl == 0 || vl >= sizeof(tmp))
					return -EINVAL;
				memcpy(tmp, v, vl);
				tmp[vl] = '\0';
				unsigned long mode = strtoul(tmp, &e, 8);
				if (*e != '\0' || mode > 07777)
					return -EINVAL;
				m->mode = (mode_t)mode;
			} else if (key_is(k, kl, "folder")) {
				rc = parse_u64(v, vl, &u);
				if (rc == 0 && u > UINT32_MAX)
					rc = -EINVAL;
				m->folder = (uint32_t)u;
			} else if (key_is(k, kl, "trash_uid")) {
				rc = parse_u64(v, vl, &u);
				if (rc == 0 && u > UINT32_MAX)
					rc = -EINVAL;
				m->trash_uid = (uint32_t)u;
			} else if (key_is(k, kl, "aside")) {
				rc = parse_u64(v, vl, &u);
				m->aside = u != 0;
			} else if (key_is(k, kl, "atime")) {
				rc = parse_time(v, vl, &m->atime);
			} else if (key_is(k, kl, "mtime")) {
				rc = parse_time(v, vl, &m->mtime);
			} else if (key_is(k, kl, "ctime")) {
				rc = parse_time(v, vl, &m->ctime);
			} else if (key_is(k, kl, "staged")) {
				rc = parse_u64(v, vl, &u);
				m->staged = u != 0;
			} else if (key_is(k, kl, "pcm_offset")) {
				rc = parse_u64(v, vl, &m->intake.pcm_offset);
			} else if (key_is(k, kl, "pcm_bytes")) {
				rc = parse_u64(v, vl, &m->intake.pcm_bytes);
			} else if (key_is(k, kl, "frames")) {
				rc = parse_u64(v, vl, &m->intake.frames);
			} else if (key_is(k, kl, "description")) {
				rc = unescape(v, vl, m->intake.description,
					      sizeof(m->intake.description));
			} else if (key_is(k, kl, "audio_size")) {
				rc = parse_u64(v, vl, &m->audio_size);
				have_size = rc == 0;
			} else if (key_is(k, kl, "audio_sum")) {
				rc = parse_hex64(v, vl, &m->audio_sum);
				have_sum = rc == 0;
			} else if (key_is(k, kl, "converted")) {
				rc = parse_u64(v, vl, &u);
				m->intake.convert = u != 0;
			} else if (key_is(k, kl, "raw")) {
				rc = parse_u64(v, vl, &u);
				m->intake.raw = u != 0;
			} else if (key_is(k, kl, "embedded_cue")) {
				rc = parse_u64(v, vl, &u);
				m->intake.embedded_cue = u != 0;
			} else if (key_is(k, kl, "clipped")) {
				rc = parse_u64(v, vl, &m->intake.clipped);
			} else if (key_is(k, kl, "title")) {
				rc = unescape(v, vl, m->intake.title,
					      sizeof(m->intake.title));
			} else if (key_is(k, kl, "artist")) {
				rc = unescape(v, vl, m->intake.artist,
					      sizeof(m->intake.artist));
			} else if (key_is(k, kl, "tag_isrc")) {
				rc = unescape(v, vl, m->intake.isrc,
					      sizeof(m->intake.isrc));
			} else if (key_is(k, kl, "album")) {
				rc = unescape(v, vl, m->intake.album,
					      sizeof(m->intake.album));
			} else if (key_is(k, kl, "album_artist")) {
				rc = unescape(v, vl, m->intake.album_artist,
					      sizeof(m->intake.album_artist));
			} else if (key_is(k, kl, "composer")) {
				rc = unescape(v, vl, m->intake.composer,
					      sizeof(m->intake.composer));
			} else if (key_is(k, kl, "songwriter")) {
				rc = unescape(v, vl, m->intake.songwriter,
					      sizeof(m->intake.songwriter));
			} else if (key_is(k, kl, "xattr")) {
				rc = decode_xattr(v, vl, &m->xattrs);
			} else if (key_is(k, kl, "isrc")) {
				rc = unescape(v, vl, m->isrc, sizeof(m->isrc));
			} else if (key_is(k, kl, "pre_emphasis")) {
				rc = parse_u64(v, vl, &u);
				m->pre_emphasis = u != 0;
			} else if (key_is(k, kl, "copy_permitted")) {
				rc = parse_u64(v, vl, &u);
				m->copy_permitted = u != 0;
			} else if (key_is(k, kl, "pregap")) {
				rc = parse_u64(v, vl, &u);
				if (rc == 0 && u > 4500 * 60)
					rc = -EINVAL;
				m->pregap_set = rc == 0;
				m->pregap = (uint32_t)u;
			} else {
				for (int i = 0; i < TRACK_TEXTS; i++)
					if (key_is(k, kl, text_keys[i]))
						rc = unescape(
						    v, vl, m->text[i],
						    sizeof(m->text[i]));
			}
			if (rc < 0)
				return -EINVAL;
		}
		p = nl ? nl + 1 : end;
	}
	if (!have_name)
		return -EINVAL;
	m->audio_checked = m->staged && have_size && have_sum;
	if (m->staged && m->intake.pcm_bytes % 4 != 0)
		return -EINVAL;
	return 0;
}
