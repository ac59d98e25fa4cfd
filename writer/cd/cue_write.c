/*
 * cue_write.c - cue sheet entries (see cue_write.h).
 */
#include "cue_write.h"

#include <stdarg.h>
#include <stdio.h>

#include "msf.h"
#include "q_control.h"

struct out {
	char *p;
	size_t cap, n;
	int failed;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	if (o->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= o->cap - o->n)
		o->failed = 1;
	else
		o->n += (size_t)w;
}

static int done(const struct out *o)
{
	return o->failed ? -1 : (int)o->n;
}

int cue_write_string(char *out, size_t cap, const char *text)
{
	struct out o = {.p = out, .cap = cap};
	put(&o, "\"");
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		put(&o, "%c",
		    *c == '"'		      ? '\''
		    : *c < 0x20 || *c == 0x7F ? ' '
					      : (char)*c);
	put(&o, "\"");
	return done(&o);
}

int cue_write_texts(char *out, size_t cap, unsigned indent,
		    const char *const text[CUE_TEXTS])
{
	static const char *const keyword[CUE_TEXTS] = {
	    [CUE_TITLE] = "TITLE",
	    [CUE_PERFORMER] = "PERFORMER",
	    [CUE_SONGWRITER] = "SONGWRITER",
	};
	struct out o = {.p = out, .cap = cap};
	for (unsigned i = 0; i < CUE_TEXTS; i++) {
		if (!text[i] || !text[i][0])
			continue;
		put(&o, "%*s%s ", (int)indent, "", keyword[i]);
		if (o.failed)
			break;
		int w = cue_write_string(o.p + o.n, o.cap - o.n, text[i]);
		if (w < 0) {
			o.failed = 1;
			break;
		}
		o.n += (size_t)w;
		put(&o, "\n");
	}
	return done(&o);
}

static void put_index(struct out *o, unsigned number, int32_t frames)
{
	char buf[16];
	put(o, "    INDEX %02u %s\n", number,
	    msf_format(msf_from_length((uint32_t)frames), buf));
}

int cue_write_track(char *out, size_t cap, const struct cue_write_track *t)
{
	struct out o = {.p = out, .cap = cap};
	put(&o, "  TRACK %02u AUDIO\n", t->number);
	if (!o.failed) {
		int w = cue_write_texts(o.p + o.n, o.cap - o.n, 4, t->text);
		if (w < 0)
			o.failed = 1;
		else
			o.n += (size_t)w;
	}
	unsigned flags =
	    Q_CTL_COPY_PERMITTED | Q_CTL_FOUR_CHANNEL | Q_CTL_PRE_EMPHASIS;
	if (t->ctl & flags)
		put(&o, "    FLAGS%s%s%s\n",
		    (t->ctl & Q_CTL_COPY_PERMITTED) ? " DCP" : "",
		    (t->ctl & Q_CTL_FOUR_CHANNEL) ? " 4CH" : "",
		    (t->ctl & Q_CTL_PRE_EMPHASIS) ? " PRE" : "");
	if (t->isrc && t->isrc[0])
		put(&o, "    ISRC %s\n", t->isrc);
	if (t->index0 >= 0)
		put_index(&o, 0, t->index0);
	put_index(&o, 1, t->index1);
	for (size_t i = 0; i < t->n_index; i++)
		put_index(&o, (unsigned)(i + 2), t->index[i]);
	return done(&o);
}
