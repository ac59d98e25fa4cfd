/*
 * burnfsctl_status.c - parsing `status` and picking new `log` lines for
 * burnfsctl (see burnfsctl_status.h).  Pure.
 */
#include "burnfsctl_status.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_text.h"

static unsigned to_unsigned(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	return end == v || n > 1000000000UL ? 0 : (unsigned)n;
}

enum field_kind { FIELD_TEXT, FIELD_UNSIGNED, FIELD_SECONDS };

/* The keys burnfsctl reads, and where each goes in struct ctl_status. */
static const struct field {
	const char *key;
	enum field_kind kind;
	size_t offset, size;
} fields[] = {
#define TEXT(k)                                                                \
	{                                                                      \
#k, FIELD_TEXT, offsetof(struct ctl_status, k),                \
		    sizeof(((struct ctl_status *)0)->k)                        \
	}
#define NUMBER(k)                                                              \
	{                                                                      \
#k, FIELD_UNSIGNED, offsetof(struct ctl_status, k), 0          \
	}
    TEXT(state),
    TEXT(action),
    NUMBER(track),
    NUMBER(tracks_total),
    NUMBER(percent),
    {"remaining", FIELD_SECONDS, offsetof(struct ctl_status, remaining_s), 0},
    TEXT(last_error),
    TEXT(verify),
    TEXT(converting),
    TEXT(owner_command),
#undef TEXT
#undef NUMBER
};

static void set_field(struct ctl_status *out, const struct field *f,
		      const char *v, size_t vlen)
{
	char *base = (char *)out + f->offset;
	char value[512];
	if (vlen >= sizeof(value))
		vlen = sizeof(value) - 1;
	memcpy(value, v, vlen);
	value[vlen] = '\0';
	switch (f->kind) {
	case FIELD_TEXT:
		snprintf(base, f->size, "%s", value);
		break;
	case FIELD_UNSIGNED:
		*(unsigned *)(void *)base = to_unsigned(value);
		break;
	case FIELD_SECONDS: {
		char *e;
		double d = strtod(value, &e);
		*(double *)(void *)base = e != value && d >= 0 ? d : -1;
		break;
	}
	}
}

bool ctl_status_parse(const char *text, size_t len, struct ctl_status *out)
{
	enum { N_FIELDS = sizeof(fields) / sizeof(fields[0]) };
	bool seen[N_FIELDS] = {false};
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	out->remaining_s = -1;
	while (p < end) {
		const char *line = p;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		p = nl ? nl + 1 : end;
		const char *colon =
		    memchr(line, ':', (size_t)(line_end - line));
		if (!colon)
			continue;
		size_t klen = (size_t)(colon - line);
		const char *v = colon + 1;
		while (v < line_end && *v == ' ')
			v++;
		size_t vlen = (size_t)(line_end - v);
		while (vlen > 0 && isspace((unsigned char)v[vlen - 1]))
			vlen--;
		for (size_t k = 0; k < N_FIELDS; k++) {
			if (seen[k] || strlen(fields[k].key) != klen ||
			    memcmp(fields[k].key, line, klen) != 0)
				continue;
			seen[k] = true;
			set_field(out, &fields[k], v, vlen);
		}
	}
	return out->state[0] != '\0';
}

bool ctl_status_running(const struct ctl_status *s)
{
	return s->state[0] && strcmp(s->state, "idle") != 0 &&
	       !notify_state_is_final(s->state);
}

/* The start of the last line of text[0..len) (len excludes its '\n'). */
static size_t line_start(const char *text, size_t len)
{
	while (len > 0 && text[len - 1] != '\n')
		len--;
	return len;
}

/* Length of text without trailing newlines. */
static size_t trimmed(const char *text)
{
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	return n;
}

/* Skips a log line's "YYYY-MM-DD HH:MM:SS " time. */
static const char *without_time(const char *line, size_t len)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd ";
	if (len < sizeof(shape) - 1)
		return line;
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		bool ok = shape[i] == 'd' ? isdigit((unsigned char)line[i])
					  : line[i] == shape[i];
		if (!ok)
			return line;
	}
	return line + sizeof(shape) - 1;
}

size_t ctl_log_new_lines(const char *before, const char *after, char *out,
			 size_t out_len)
{
	size_t blen = trimmed(before), alen = trimmed(after);
	size_t from = 0; /* where after's new lines begin */
	size_t o = 0, n = 0;

	if (out_len == 0)
		return 0;
	out[0] = '\0';
	if (blen > 0) {
		size_t ls = line_start(before, blen);
		const char *last = before + ls;
		size_t last_len = blen - ls;
		/* before's last line, found in after from the end */
		bool found = false;
		for (size_t end = alen; end > 0;) {
			size_t s = line_start(after, end);
			if (end - s == last_len &&
			    memcmp(after + s, last, last_len) == 0) {
				from = end < alen ? end + 1 : alen;
				found = true;
				break;
			}
			end = s > 0 ? s - 1 : 0;
			if (s == 0)
				break;
		}
		if (!found)
			from = 0; /* the ring moved past it: all is new */
	}
	for (size_t p = from; p < alen;) {
		const char *nl = memchr(after + p, '\n', alen - p);
		size_t e = nl ? (size_t)(nl - after) : alen;
		const char *line = without_time(after + p, e - p);
		size_t llen = (size_t)(after + e - line);
		if (llen > 0) {
			int w = snprintf(out + o, out_len - o, "%s%.*s",
					 n ? "; " : "", (int)llen, line);
			if (w > 0)
				o = o + (size_t)w < out_len ? o + (size_t)w
							    : out_len - 1;
			n++;
		}
		p = e + 1;
	}
	return n;
}
