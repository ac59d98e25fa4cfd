/*
 * notify_text.c - the words of the desktop notifications (see
 * notify_text.h).  Pure.
 */
#include "notify_text.h"

#include <stdio.h>
#include <string.h>

#define SECTORS_PER_SECOND 75

void notify_mmss(uint64_t sectors, char *out, size_t len)
{
	uint64_t s = sectors / SECTORS_PER_SECOND;
	snprintf(out, len, "%llu:%02u", (unsigned long long)(s / 60),
		 (unsigned)(s % 60));
}

static void seconds_mmss(double seconds, char *out, size_t len)
{
	uint64_t s = seconds > 0 ? (uint64_t)seconds : 0;
	notify_mmss(s * SECTORS_PER_SECOND, out, len);
}

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static bool starts(const char *a, const char *prefix)
{
	return a && strncmp(a, prefix, strlen(prefix)) == 0;
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

bool notify_state_is_final(const char *state)
{
	return is(state, "done") || is(state, "failed") ||
	       is(state, "cancelled");
}

enum job_kind { JOB_BURN, JOB_TEST_WRITE, JOB_CLOSE_SESSION, JOB_BLANK };

static enum job_kind kind_of(const char *action)
{
	if (is(action, "test-write"))
		return JOB_TEST_WRITE;
	if (is(action, "close-session"))
		return JOB_CLOSE_SESSION;
	if (starts(action, "blank"))
		return JOB_BLANK;
	return JOB_BURN;
}

/* What the job is called in a summary: "Burn", "Test write", ... */
static const char *job_noun(enum job_kind k)
{
	switch (k) {
	case JOB_TEST_WRITE:
		return "Test write";
	case JOB_CLOSE_SESSION:
		return "Closing the session";
	case JOB_BLANK:
		return "Blank";
	case JOB_BURN:
		break;
	}
	return "Burn";
}

static void job_done(const struct job_outcome *o, enum job_kind k,
		     struct notify_text *out)
{
	const char *drive = o->drive ? o->drive : "";
	switch (k) {
	case JOB_BURN:
		snprintf(out->summary, sizeof(out->summary), "Audio CD burnt");
		if (o->verify && o->verify[0] && !is(o->verify, "none"))
			snprintf(out->body, sizeof(out->body),
				 "%s: %u track%s burnt. Verify: %s", drive,
				 o->tracks, plural(o->tracks), o->verify);
		else
			snprintf(out->body, sizeof(out->body),
				 "%s: %u track%s burnt (not verified)", drive,
				 o->tracks, plural(o->tracks));
		break;
	case JOB_TEST_WRITE:
		snprintf(out->summary, sizeof(out->summary), "Test write done");
		snprintf(out->body, sizeof(out->body),
			 "%s: %u track%s written with the laser off; nothing "
			 "was burnt, the tracks stay in tracks/",
			 drive, o->tracks, plural(o->tracks));
		break;
	case JOB_CLOSE_SESSION:
		snprintf(out->summary, sizeof(out->summary), "Session closed");
		snprintf(out->body, sizeof(out->body),
			 "%s: the disc's open session is closed", drive);
		break;
	case JOB_BLANK:
		snprintf(out->summary, sizeof(out->summary), "Disc blanked");
		snprintf(out->body, sizeof(out->body),
			 "%s: the CD-RW is blank and can be burnt again",
			 drive);
		break;
	}
}

bool notify_text_job_end(const struct job_outcome *o, struct notify_text *out)
{
	enum job_kind k = kind_of(o->action);
	const char *drive = o->drive ? o->drive : "";
	const char *err = o->last_error ? o->last_error : "";
	/* Only a burn's tracks are staged ones. */
	const char *stays = k == JOB_BURN || k == JOB_TEST_WRITE
				? " Every staged track stays in tracks/."
				: "";

	memset(out, 0, sizeof(*out));
	out->urgency = 1;
	if (is(o->state, "done")) {
		job_done(o, k, out);
		return true;
	}
	out->urgency = 2;
	if (is(o->state, "cancelled")) {
		snprintf(out->summary, sizeof(out->summary), "%s cancelled",
			 job_noun(k));
		snprintf(out->body, sizeof(out->body), "%s: %s.%s", drive,
			 err[0] ? err : "cancelled", stays);
	} else {
		snprintf(out->summary, sizeof(out->summary), "%s failed",
			 job_noun(k));
		snprintf(out->body, sizeof(out->body), "%s: %s.%s", drive,
			 err[0] ? err : "the job failed", stays);
	}
	return false;
}

void notify_text_refused(const char *drive, const char *name, const char *why,
			 struct notify_text *out)
{
	memset(out, 0, sizeof(*out));
	out->urgency = 1;
	snprintf(out->summary, sizeof(out->summary), "File refused: %s", name);
	snprintf(out->body, sizeof(out->body), "%s: %s", drive,
		 why && why[0] ? why : "not audio");
}

void notify_text_staging_done(const struct staging_summary *s,
			      struct notify_text *out)
{
	char length[16], capacity[16], left[16];
	uint64_t after = s->used_sectors + s->staged_sectors;

	memset(out, 0, sizeof(*out));
	out->urgency = 1;
	snprintf(out->summary, sizeof(out->summary), "%s: ready to burn",
		 s->drive);
	notify_mmss(s->staged_sectors, length, sizeof(length));
	if (!s->disc_writable) {
		snprintf(out->body, sizeof(out->body),
			 "%u track%s, %s; no writable disc in the drive",
			 s->tracks, plural(s->tracks), length);
		return;
	}
	notify_mmss(after, length, sizeof(length));
	notify_mmss(s->capacity_sectors, capacity, sizeof(capacity));
	if (after <= s->capacity_sectors) {
		notify_mmss(s->capacity_sectors - after, left, sizeof(left));
		snprintf(out->body, sizeof(out->body),
			 "%u track%s, %s of %s, %s left", s->tracks,
			 plural(s->tracks), length, capacity, left);
	} else {
		notify_mmss(after - s->capacity_sectors, left, sizeof(left));
		snprintf(out->body, sizeof(out->body),
			 "%u track%s, %s of %s, %s too long", s->tracks,
			 plural(s->tracks), length, capacity, left);
	}
}

static const char *progress_noun(enum job_kind k)
{
	switch (k) {
	case JOB_TEST_WRITE:
		return "Test write (laser off)";
	case JOB_CLOSE_SESSION:
		return "Closing the session";
	case JOB_BLANK:
		return "Blanking disc";
	case JOB_BURN:
		break;
	}
	return "Burning audio CD";
}

void notify_text_progress(const struct job_progress *p, struct notify_text *out)
{
	enum job_kind k = kind_of(p->action);
	const char *drive = p->drive ? p->drive : "";
	char left[32] = "";

	memset(out, 0, sizeof(*out));
	out->urgency = 0;
	snprintf(out->summary, sizeof(out->summary), "%s", progress_noun(k));
	if (p->remaining_s >= 0) {
		char mmss[16];
		seconds_mmss(p->remaining_s, mmss, sizeof(mmss));
		snprintf(left, sizeof(left), ", %s left", mmss);
	}
	if (is(p->state, "writing") && k == JOB_BLANK)
		snprintf(out->body, sizeof(out->body), "%s: blanking, %u%%%s",
			 drive, p->percent, left);
	else if (is(p->state, "writing") && p->tracks_total > 0)
		snprintf(out->body, sizeof(out->body),
			 "%s: track %u of %u, %u%%%s", drive, p->track,
			 p->tracks_total, p->percent, left);
	else if (is(p->state, "verifying"))
		snprintf(out->body, sizeof(out->body),
			 "%s: verifying track %u of %u, %u%%", drive, p->track,
			 p->tracks_total, p->percent);
	else if (is(p->state, "finishing"))
		snprintf(out->body, sizeof(out->body),
			 "%s: finishing the disc, %u%%", drive, p->percent);
	else
		snprintf(out->body, sizeof(out->body), "%s: %s, %u%%", drive,
			 p->state && p->state[0] ? p->state : "starting",
			 p->percent);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, min = 0x80, cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, min = 0x800, cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, min = 0x10000, cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void notify_clean_text(const char *text, bool markup, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), o = 0;
	if (len == 0)
		return;
	for (size_t i = 0; i < n;) {
		const char *piece;
		char one[5];
		size_t plen;
		size_t q = utf8_sequence(s + i, n - i);
		if (q == 0) {
			piece = "?", plen = 1, q = 1;
		} else if (q == 1 && (s[i] < 0x20 || s[i] == 0x7F)) {
			piece = " ", plen = 1;
		} else if (markup && s[i] == '&') {
			piece = "&amp;", plen = 5;
		} else if (markup && s[i] == '<') {
			piece = "&lt;", plen = 4;
		} else if (markup && s[i] == '>') {
			piece = "&gt;", plen = 4;
		} else {
			memcpy(one, s + i, q);
			piece = one, plen = q;
		}
		if (o + plen >= len)
			break; /* never a cut sequence or entity */
		memcpy(out + o, piece, plen);
		o += plen;
		i += q;
	}
	out[o] = '\0';
}
