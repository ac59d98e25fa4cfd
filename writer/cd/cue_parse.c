/*
 * cue_parse.c - the cue sheet parser (see cue_parse.h): one pass over the
 * lines, one handler per keyword, a few words of state (the current file
 * and track, the last index point).  Every refusal is a sentence that
 * starts with the line number.
 */
#include "cue_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "q_control.h"

struct parser {
	struct cue_sheet *s;
	unsigned line;
	struct cue_track *track; /* NULL before the first TRACK */
	bool have_last;		 /* an index point seen */
	uint16_t last_file;
	uint32_t last_frame;
};

static void vmessage(struct cue_message *m, unsigned line, const char *fmt,
		     va_list ap) __attribute__((format(printf, 3, 0)));

static void vmessage(struct cue_message *m, unsigned line, const char *fmt,
		     va_list ap)
{
	int n = 0;
	m->line = line;
	if (line)
		n = snprintf(m->text, sizeof(m->text), "line %u: ", line);
	if (n >= 0 && (size_t)n < sizeof(m->text))
		vsnprintf(m->text + n, sizeof(m->text) - (size_t)n, fmt, ap);
}

static int error(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int error(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(&p->s->error, p->line, fmt, ap);
	va_end(ap);
	p->s->failed = true;
	return -1;
}

static void warn(struct parser *p, const char *fmt, ...)
{
	struct cue_sheet *s = p->s;
	if (s->n_warnings == CUE_MAX_WARNINGS) {
		s->warnings_dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vmessage(&s->warning[s->n_warnings++], p->line, fmt, ap);
	va_end(ap);
}

/* Words of a line: a bounded cursor, no copies. */

struct cursor {
	const char *p, *end;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

/* The next word (up to a space); its length, 0 at the end of the line. */
static size_t word(struct cursor *c, const char **w)
{
	skip_space(c);
	*w = c->p;
	while (c->p < c->end && !is_space(*c->p))
		c->p++;
	return (size_t)(c->p - *w);
}

static bool word_is(const char *w, size_t n, const char *keyword)
{
	return strlen(keyword) == n && strncasecmp(w, keyword, n) == 0;
}

/* The rest of the line without surrounding spaces. */
static size_t rest(struct cursor *c, const char **r)
{
	skip_space(c);
	const char *e = c->end;
	while (e > c->p && is_space(e[-1]))
		e--;
	*r = c->p;
	return (size_t)(e - c->p);
}

/* Copies a value, dropping one pair of surrounding quotes. */
static void take_text(struct parser *p, const char *what, char *dst, size_t cap,
		      const char *v, size_t n)
{
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	} else if (n >= 1 && v[0] == '"') {
		warn(p, "%s has no closing quote", what);
		v++;
		n--;
	}
	if (n >= cap) {
		warn(p, "%s cut to %zu bytes", what, cap - 1);
		n = cap - 1;
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static int parse_number(const char *w, size_t n, unsigned *out)
{
	if (n == 0 || n > 3)
		return -1;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(w[i] - '0');
	}
	*out = v;
	return 0;
}

/* mm:ss:ff, minutes of up to 3 digits; frames of 1/75 s. */
static int parse_time(const char *w, size_t n, uint32_t *frames)
{
	unsigned part[3];
	size_t start = 0, k = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && w[i] != ':')
			continue;
		if (k == 3 || parse_number(w + start, i - start, &part[k]))
			return -1;
		k++;
		start = i + 1;
	}
	if (k != 3 || part[1] >= 60 || part[2] >= CD_FRAMES_PER_SECOND)
		return -1;
	*frames = (part[0] * 60 + part[1]) * CD_FRAMES_PER_SECOND + part[2];
	return 0;
}

static void format_time(uint32_t frames, char buf[16])
{
	snprintf(
	    buf, 16, "%02u:%02u:%02u", frames / (60 * CD_FRAMES_PER_SECOND),
	    frames / CD_FRAMES_PER_SECOND % 60, frames % CD_FRAMES_PER_SECOND);
}

/* Keywords. */

static const struct {
	const char *word;
	enum cue_file_type type;
} file_types[] = {
    {"WAVE", CUE_FILE_WAVE},	     {"BINARY", CUE_FILE_BINARY},
    {"MOTOROLA", CUE_FILE_MOTOROLA}, {"AIFF", CUE_FILE_AIFF},
    {"MP3", CUE_FILE_MP3},	     {"FLAC", CUE_FILE_FLAC},
};

static int do_file(struct parser *p, struct cursor *c)
{
	struct cue_sheet *s = p->s;
	const char *r;
	size_t n = rest(c, &r);
	/* the type is the last word; the name is everything before it */
	size_t t = n;
	while (t > 0 && !is_space(r[t - 1]))
		t--;
	size_t name_len = t;
	while (name_len > 0 && is_space(r[name_len - 1]))
		name_len--;
	if (name_len == 0)
		return error(p, "FILE needs a name and a type "
				"(FILE \"album.flac\" WAVE)");
	const char *name = r;
	if (name[0] == '"') {
		if (name_len < 2 || name[name_len - 1] != '"')
			return error(p, "the FILE name has no closing quote");
		name++;
		name_len -= 2;
	}
	if (name_len == 0)
		return error(p, "FILE with an empty name");
	if (name_len >= CUE_MAX_NAME)
		return error(p, "a FILE name longer than %d bytes",
			     CUE_MAX_NAME - 1);
	if (s->n_files == CUE_MAX_FILES)
		return error(p, "more than %d FILEs", CUE_MAX_FILES);
	struct cue_file *f = &s->file[s->n_files++];
	memcpy(f->name, name, name_len);
	f->name[name_len] = '\0';
	f->line = p->line;
	size_t tl = n - t;
	if (tl >= sizeof(f->type_word))
		tl = sizeof(f->type_word) - 1;
	memcpy(f->type_word, r + t, tl);
	f->type_word[tl] = '\0';
	f->type = CUE_FILE_OTHER;
	for (size_t i = 0; i < sizeof(file_types) / sizeof(file_types[0]); i++)
		if (word_is(r + t, n - t, file_types[i].word))
			f->type = file_types[i].type;
	if (f->type == CUE_FILE_OTHER)
		warn(p,
		     "FILE type %s is not one of WAVE, BINARY, MOTOROLA, "
		     "AIFF, MP3, FLAC; the file is read for what it is",
		     f->type_word);
	return 0;
}

static const char *const data_modes[] = {
    "MODE1/2048", "MODE1/2352", "MODE2/2048", "MODE2/2324", "MODE2/2336",
    "MODE2/2352", "CDG",	"CDI/2336",   "CDI/2352",
};

static int finish_track(struct parser *p)
{
	struct cue_track *t = p->track;
	if (t && !cue_track_index(t, 1)) {
		p->line = t->line;
		return error(p, "TRACK %02u has no INDEX 01", t->number);
	}
	return 0;
}

static int do_track(struct parser *p, struct cursor *c)
{
	struct cue_sheet *s = p->s;
	const char *w, *mode;
	size_t n = word(c, &w);
	unsigned number;
	if (parse_number(w, n, &number) || number == 0)
		return error(p, "TRACK needs a number from 01 to 99");
	if (number > CD_MAX_TRACKS)
		return error(p, "TRACK %u: a CD has at most 99 tracks", number);
	size_t mn = word(c, &mode);
	if (mn == 0)
		return error(p, "TRACK %02u needs a type (AUDIO)", number);
	if (!word_is(mode, mn, "AUDIO")) {
		for (size_t i = 0; i < sizeof(data_modes) / sizeof(*data_modes);
		     i++)
			if (word_is(mode, mn, data_modes[i]))
				return error(p,
					     "TRACK %02u is %s: only AUDIO "
					     "tracks can be burnt to an audio "
					     "CD",
					     number, data_modes[i]);
		return error(p, "TRACK %02u has the unknown type %.*s", number,
			     (int)(mn > 20 ? 20 : mn), mode);
	}
	if (s->n_files == 0)
		return error(p, "TRACK %02u before FILE", number);
	if (p->track) {
		if (number <= p->track->number)
			return error(p, "TRACK %02u after TRACK %02u", number,
				     p->track->number);
		if (number != p->track->number + 1u)
			return error(p,
				     "TRACK %02u after TRACK %02u: track "
				     "numbers go up by one",
				     number, p->track->number);
	}
	if (s->n_tracks == CD_MAX_TRACKS)
		return error(p, "more than 99 tracks");
	unsigned line = p->line;
	if (finish_track(p))
		return -1;
	p->line = line;
	p->track = &s->track[s->n_tracks++];
	memset(p->track, 0, sizeof(*p->track));
	p->track->number = (uint8_t)number;
	p->track->line = line;
	return 0;
}

static int do_index(struct parser *p, struct cursor *c)
{
	const char *w, *tw;
	size_t n = word(c, &w);
	unsigned number;
	if (parse_number(w, n, &number) || number >= CUE_MAX_INDEX)
		return error(p, "INDEX needs a number from 00 to 99");
	struct cue_track *t = p->track;
	if (!t)
		return error(p, "INDEX %02u before TRACK", number);
	size_t tn = word(c, &tw);
	uint32_t frame;
	if (parse_time(tw, tn, &frame))
		return error(p,
			     "INDEX %02u time \"%.*s\" is not mm:ss:ff "
			     "(seconds below 60, frames below 75)",
			     number, (int)(tn > 20 ? 20 : tn), tw);
	if (t->n_index == 0 && number > 1)
		return error(p,
			     "TRACK %02u starts with INDEX %02u (00 or 01 "
			     "first)",
			     t->number, number);
	if (t->n_index > 0 && number != t->index[t->n_index - 1].number + 1u)
		return error(p,
			     "INDEX %02u after INDEX %02u: index numbers go "
			     "up by one",
			     number, t->index[t->n_index - 1].number);
	uint16_t file = (uint16_t)(p->s->n_files - 1);
	if (p->have_last && file == p->last_file && frame <= p->last_frame) {
		char at[16], before[16];
		format_time(frame, at);
		format_time(p->last_frame, before);
		return error(p,
			     "INDEX %02u at %s is not after the index point "
			     "before it (%s) in the same FILE",
			     number, at, before);
	}
	if (number == 0 && t->pregap)
		warn(p, "TRACK %02u has both PREGAP and INDEX 00", t->number);
	struct cue_index *x = &t->index[t->n_index++];
	x->number = (uint8_t)number;
	x->file = file;
	x->frame = frame;
	x->line = p->line;
	if (number == 1)
		t->file = file;
	p->have_last = true;
	p->last_file = file;
	p->last_frame = frame;
	return 0;
}

static int do_gap(struct parser *p, struct cursor *c, bool pre)
{
	const char *w;
	const char *kw = pre ? "PREGAP" : "POSTGAP";
	struct cue_track *t = p->track;
	if (!t)
		return error(p, "%s before TRACK", kw);
	size_t n = word(c, &w);
	uint32_t frames;
	if (parse_time(w, n, &frames))
		return error(p, "%s time \"%.*s\" is not mm:ss:ff", kw,
			     (int)(n > 20 ? 20 : n), w);
	uint32_t *gap = pre ? &t->pregap : &t->postgap;
	if (*gap)
		return error(p, "a second %s in TRACK %02u", kw, t->number);
	if (pre && t->n_index)
		return error(p, "PREGAP after INDEX (it comes before the "
				"track's first INDEX)");
	if (!pre && !cue_track_index(t, 1))
		return error(p, "POSTGAP before INDEX 01 (it comes after the "
				"track's INDEX lines)");
	*gap = frames;
	return 0;
}

static bool all_of(const char *s, size_t n, bool letters)
{
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= '0' && ch <= '9') ||
			  (letters && ch >= 'A' && ch <= 'Z');
		if (!ok)
			return false;
	}
	return true;
}

static int do_isrc(struct parser *p, struct cursor *c)
{
	const char *w;
	size_t n = rest(c, &w);
	if (!p->track)
		return error(p, "ISRC before TRACK");
	char isrc[13];
	if (n != 12) {
		warn(p, "ISRC \"%.*s\" is not 12 letters and digits; ignored",
		     (int)(n > 40 ? 40 : n), w);
		return 0;
	}
	for (size_t i = 0; i < 12; i++)
		isrc[i] =
		    (w[i] >= 'a' && w[i] <= 'z') ? (char)(w[i] - 32) : w[i];
	isrc[12] = '\0';
	/* country (2 letters), owner (3 letters or digits), year and
	 * designation (7 digits) */
	bool country = isrc[0] >= 'A' && isrc[0] <= 'Z' && isrc[1] >= 'A' &&
		       isrc[1] <= 'Z';
	if (!country || !all_of(isrc + 2, 3, true) ||
	    !all_of(isrc + 5, 7, false)) {
		warn(p, "ISRC \"%s\" is not of the form CCOOOYYNNNNN; ignored",
		     isrc);
		return 0;
	}
	memcpy(p->track->isrc, isrc, sizeof(isrc));
	return 0;
}

static int do_catalog(struct parser *p, struct cursor *c)
{
	const char *w;
	size_t n = rest(c, &w);
	if (n != 13 || !all_of(w, n, false)) {
		warn(p, "CATALOG \"%.*s\" is not 13 digits; ignored",
		     (int)(n > 40 ? 40 : n), w);
		return 0;
	}
	if (p->track)
		warn(p, "CATALOG inside TRACK %02u belongs to the disc",
		     p->track->number);
	memcpy(p->s->catalog, w, 13);
	p->s->catalog[13] = '\0';
	return 0;
}

static int do_flags(struct parser *p, struct cursor *c)
{
	const char *w;
	size_t n;
	struct cue_track *t = p->track;
	if (!t)
		return error(p, "FLAGS before TRACK");
	while ((n = word(c, &w)) > 0) {
		if (word_is(w, n, "DCP"))
			t->q_control |= Q_CTL_COPY_PERMITTED;
		else if (word_is(w, n, "PRE"))
			t->q_control |= Q_CTL_PRE_EMPHASIS;
		else if (word_is(w, n, "4CH"))
			t->q_control |= Q_CTL_FOUR_CHANNEL;
		else if (word_is(w, n, "SCMS"))
			t->scms = true;
		else
			warn(p, "unknown flag %.*s ignored",
			     (int)(n > 20 ? 20 : n), w);
	}
	return 0;
}

static int do_text(struct parser *p, struct cursor *c, enum cue_text which,
		   const char *kw)
{
	const char *v;
	size_t n = rest(c, &v);
	char *dst = p->track ? p->track->text[which] : p->s->text[which];
	take_text(p, kw, dst, CUE_MAX_TEXT, v, n);
	return 0;
}

static int do_rem(struct parser *p, struct cursor *c)
{
	static const char *const kept[] = {"GENRE", "DATE", "COMMENT",
					   "DISCID"};
	const char *w, *v;
	size_t n = word(c, &w);
	struct cue_sheet *s = p->s;
	if (p->track)
		return 0;
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		if (!word_is(w, n, kept[i]))
			continue;
		if (s->n_rems == CUE_MAX_REMS) {
			warn(p, "more than %d REM lines; REM %s ignored",
			     CUE_MAX_REMS, kept[i]);
			return 0;
		}
		struct cue_rem *r = &s->rem[s->n_rems++];
		snprintf(r->key, sizeof(r->key), "%s", kept[i]);
		size_t vn = rest(c, &v);
		take_text(p, "REM value", r->value, sizeof(r->value), v, vn);
	}
	return 0;
}

static int do_line(struct parser *p, const char *line, size_t len)
{
	struct cursor c = {line, line + len};
	const char *kw;
	size_t n = word(&c, &kw);
	if (n == 0)
		return 0;
	if (word_is(kw, n, "FILE"))
		return do_file(p, &c);
	if (word_is(kw, n, "TRACK"))
		return do_track(p, &c);
	if (word_is(kw, n, "INDEX"))
		return do_index(p, &c);
	if (word_is(kw, n, "PREGAP"))
		return do_gap(p, &c, true);
	if (word_is(kw, n, "POSTGAP"))
		return do_gap(p, &c, false);
	if (word_is(kw, n, "ISRC"))
		return do_isrc(p, &c);
	if (word_is(kw, n, "CATALOG"))
		return do_catalog(p, &c);
	if (word_is(kw, n, "FLAGS"))
		return do_flags(p, &c);
	if (word_is(kw, n, "TITLE"))
		return do_text(p, &c, CUE_TITLE, "TITLE");
	if (word_is(kw, n, "PERFORMER"))
		return do_text(p, &c, CUE_PERFORMER, "PERFORMER");
	if (word_is(kw, n, "SONGWRITER"))
		return do_text(p, &c, CUE_SONGWRITER, "SONGWRITER");
	if (word_is(kw, n, "REM"))
		return do_rem(p, &c);
	if (word_is(kw, n, "CDTEXTFILE")) {
		warn(p, "CDTEXTFILE ignored: CD-TEXT comes from TITLE, "
			"PERFORMER and SONGWRITER");
		return 0;
	}
	warn(p, "unknown keyword %.*s ignored", (int)(n > 20 ? 20 : n), kw);
	return 0;
}

static enum cue_encoding guess_encoding(const unsigned char *b, size_t n)
{
	bool ascii = true;
	for (size_t i = 0; i < n;) {
		unsigned char ch = b[i];
		if (ch < 0x80) {
			i++;
			continue;
		}
		ascii = false;
		size_t len = ch >= 0xC2 && ch <= 0xDF	? 2
			     : ch >= 0xE0 && ch <= 0xEF ? 3
			     : ch >= 0xF0 && ch <= 0xF4 ? 4
							: 0;
		if (len == 0 || i + len > n)
			return CUE_LATIN1;
		for (size_t k = 1; k < len; k++)
			if ((b[i + k] & 0xC0) != 0x80)
				return CUE_LATIN1;
		i += len;
	}
	return ascii ? CUE_ASCII : CUE_UTF8;
}

static void parse(struct parser *p, const char *text, size_t len)
{
	struct cue_sheet *s = p->s;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		s->bom = true;
		text += 3;
		len -= 3;
	}
	s->encoding = guess_encoding((const unsigned char *)text, len);
	if (s->bom && s->encoding == CUE_LATIN1) {
		p->line = 0;
		warn(p, "a UTF-8 byte order mark, but the text is not UTF-8");
	}
	size_t at = 0;
	while (at < len) {
		p->line++;
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t l = end - at;
		if (l > 0 && text[at + l - 1] == '\r')
			l--;
		if (l > CUE_MAX_LINE) {
			error(p, "longer than %d bytes", CUE_MAX_LINE);
			return;
		}
		if (memchr(text + at, '\0', l)) {
			error(p, "a NUL byte: this is not a cue sheet");
			return;
		}
		if (do_line(p, text + at, l))
			return;
		at = end + 1;
	}
	if (finish_track(p))
		return;
	if (s->n_tracks == 0) {
		p->line = 0;
		error(p, "the cue sheet has no TRACK");
	}
}

struct cue_sheet *cue_parse(const void *buf, size_t len)
{
	struct cue_sheet *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	struct parser p = {.s = s};
	parse(&p, buf, len);
	return s;
}

void cue_free(struct cue_sheet *s)
{
	free(s);
}

const struct cue_index *cue_track_index(const struct cue_track *t,
					unsigned number)
{
	for (size_t i = 0; i < t->n_index; i++)
		if (t->index[i].number == number)
			return &t->index[i];
	return NULL;
}
