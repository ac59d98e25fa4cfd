/*
 * vrec_state.c - IMAGE.state: the disc model as a small text file, so a
 * virtual disc survives restarts in whatever state it is in (blank, open
 * session, appendable, closed; tray open or closed).  One fact per line:
 *
 *   burnfs-vrec-state 1
 *   media cdr80
 *   tray closed
 *   finalized 0
 *   mcn -
 *   rw_speed high                 (CD-RW only: high or ultra)
 *   session 1 closed 1 ms 3 leadout 45302
 *   track 1 session 1 start 0 length 22500 ctl 0 isrc -
 *   sao 1 pregap 150 index 7500 15000
 *
 * A track written Session-At-Once has a "sao" line after its "track"
 * line: the sectors of its pregap (INDEX 00 to 01), which may be 0, and
 * the LBAs of its INDEX 02, 03, ...; it has no run-out sectors.  A TAO
 * track has none: its pregap is 150 sectors and 2 run-out sectors follow
 * it.  The CD-TEXT packs of an SAO lead-in are kept in IMAGE.cdtext
 * (vrec_cdtext.c).
 *
 * A track still being written is not saved; a track broken off (medium
 * removed, or found in IMAGE.bin after a power loss: vrec_fault.c) ends
 * with the word "damaged".  Written with atomic_file_write (base/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msf.h"
#include "vrec_internal.h"

int vrec_state_render(const struct vrec_disc *d, bool tray_open, char *out,
		      size_t cap)
{
	size_t n = 0;
	unsigned nc = vdisc_complete_tracks(d);
#define EMIT(...)                                                              \
	do {                                                                   \
		int w_ = snprintf(out + n, cap - n, __VA_ARGS__);              \
		if (w_ < 0 || (size_t)w_ >= cap - n)                           \
			return -1;                                             \
		n += (size_t)w_;                                               \
	} while (0)
	EMIT("burnfs-vrec-state 1\n");
	EMIT("media %s\n", vrec_media_info(d->media)->name);
	EMIT("tray %s\n", tray_open ? "open" : "closed");
	EMIT("finalized %d\n", d->finalized ? 1 : 0);
	EMIT("mcn %s\n", d->mcn[0] ? d->mcn : "-");
	if (vdisc_erasable(d))
		EMIT("rw_speed %s\n",
		     d->rw_speed == VREC_RW_ULTRA ? "ultra" : "high");
	for (unsigned s = 1; s <= d->nsessions; s++) {
		const struct vrec_session *ss = &d->sessions[s - 1];
		if (ss->first_track > nc)
			break;
		EMIT("session %u closed %d ms %u leadout %d\n", s,
		     ss->closed ? 1 : 0, ss->ms, (int)ss->leadout);
	}
	for (unsigned k = 1; k <= nc; k++) {
		const struct vrec_track *t = &d->tracks[k - 1];
		EMIT(
		    "track %u session %u start %d length %u ctl %u isrc %s%s\n",
		    k, t->session, (int)t->start, t->length, t->ctl,
		    t->isrc[0] ? t->isrc : "-", t->damaged ? " damaged" : "");
		if (!t->sao)
			continue;
		EMIT("sao %u pregap %u index", k, t->pregap);
		for (unsigned i = 0; i < t->n_index; i++)
			EMIT(" %d", (int)t->index[i]);
		EMIT("\n");
	}
#undef EMIT
	return (int)n;
}

/*
 * Addresses and lengths a saved disc may hold: far beyond any CD (its
 * last possible lead-out is LBA 359849, 99:59:74 is 449849), yet small
 * enough that no sum of them in the recorder's address arithmetic (track
 * ends, next writable addresses, session gaps) overflows an int32_t.
 */
#define STATE_MAX_SECTORS (1 << 24)

static int bad(char *err, size_t err_len, unsigned line, const char *what)
{
	snprintf(err, err_len, "line %u: %s", line, what);
	return -EINVAL;
}

/* "sao K pregap P index [LBA...]" for the last track read, K. */
static int parse_sao(const char *line, struct vrec_disc *d)
{
	unsigned k, pregap;
	int tail = -1;
	if (sscanf(line, "sao %u pregap %u index%n", &k, &pregap, &tail) != 2 ||
	    tail < 0 || k == 0 || k != d->ntracks || pregap > 450150)
		return -1;
	struct vrec_track *t = &d->tracks[k - 1];
	if (t->sao)
		return -1;
	t->sao = true;
	t->pregap = pregap;
	t->runout = 0;
	const char *p = line + tail;
	int32_t prev = t->start;
	while (*p) {
		char *end;
		long lba = strtol(p, &end, 10);
		if (end == p || (*end && *end != ' ') ||
		    t->n_index >= VREC_MAX_INDEX - 1 || lba <= prev ||
		    lba >= t->start + (int64_t)t->length)
			return -1;
		t->index[t->n_index++] = (int32_t)lba;
		prev = (int32_t)lba;
		p = end;
	}
	return 0;
}

int vrec_state_parse(const char *text, struct vrec_disc *d, bool *tray_open,
		     char *err, size_t err_len)
{
	struct vrec_disc nd;
	vdisc_init(&nd, VREC_MEDIA_NONE);
	bool tray = false, have_header = false, have_media = false;
	unsigned lineno = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024], word[32], s1[32];
		lineno++;
		if (l >= sizeof(line))
			return bad(err, err_len, lineno, "line too long");
		memcpy(line, p, l);
		line[l] = '\0';
		p += l + (eol ? 1 : 0);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (sscanf(line, "%31s", word) != 1)
			continue;
		unsigned a, b, c2, e;
		int start, leadout;
		if (strcmp(word, "burnfs-vrec-state") == 0) {
			if (sscanf(line, "%*s %u", &a) != 1 || a != 1)
				return bad(err, err_len, lineno,
					   "unsupported version");
			have_header = true;
		} else if (strcmp(word, "media") == 0) {
			if (sscanf(line, "%*s %31s", s1) != 1)
				return bad(err, err_len, lineno, "bad media");
			int m = vrec_media_from_name(s1);
			if (m < 0)
				return bad(err, err_len, lineno,
					   "unknown media");
			nd.media = (enum vrec_media_kind)m;
			have_media = true;
		} else if (strcmp(word, "tray") == 0) {
			if (sscanf(line, "%*s %31s", s1) != 1 ||
			    (strcmp(s1, "open") && strcmp(s1, "closed")))
				return bad(err, err_len, lineno, "bad tray");
			tray = strcmp(s1, "open") == 0;
		} else if (strcmp(word, "finalized") == 0) {
			if (sscanf(line, "%*s %u", &a) != 1 || a > 1)
				return bad(err, err_len, lineno,
					   "bad finalized");
			nd.finalized = a;
		} else if (strcmp(word, "mcn") == 0) {
			if (sscanf(line, "%*s %31s", s1) != 1 ||
			    (strcmp(s1, "-") && strlen(s1) != 13))
				return bad(err, err_len, lineno, "bad mcn");
			if (strcmp(s1, "-"))
				memcpy(nd.mcn, s1, 14);
		} else if (strcmp(word, "rw_speed") == 0) {
			if (sscanf(line, "%*s %31s", s1) != 1 ||
			    vrec_rw_speed_from_name(s1) < 0)
				return bad(err, err_len, lineno,
					   "bad rw_speed");
			nd.rw_speed =
			    (enum vrec_rw_speed)vrec_rw_speed_from_name(s1);
		} else if (strcmp(word, "session") == 0) {
			if (sscanf(line, "%*s %u closed %u ms %u leadout %d",
				   &a, &b, &c2, &leadout) != 4 ||
			    a != nd.nsessions + 1 || a > VREC_MAX_TRACKS ||
			    b > 1 || c2 > 3 || leadout < 0 ||
			    leadout >= STATE_MAX_SECTORS)
				return bad(err, err_len, lineno, "bad session");
			struct vrec_session *ss = &nd.sessions[nd.nsessions++];
			ss->closed = b;
			ss->ms = (uint8_t)c2;
			ss->leadout = leadout;
		} else if (strcmp(word, "track") == 0) {
			char isrc[32];
			int tail = -1;
			if (sscanf(line,
				   "%*s %u session %u start %d length %u "
				   "ctl %u isrc %31s%n",
				   &a, &b, &start, &e, &c2, isrc, &tail) != 6 ||
			    tail < 0 ||
			    (line[tail] && strcmp(line + tail, " damaged")) ||
			    a != nd.ntracks + 1 || a > VREC_MAX_TRACKS ||
			    b < 1 || b > nd.nsessions || c2 > 15 || start < 0 ||
			    start >= STATE_MAX_SECTORS ||
			    e >= STATE_MAX_SECTORS ||
			    (strcmp(isrc, "-") && strlen(isrc) != 12))
				return bad(err, err_len, lineno, "bad track");
			struct vrec_track *t = &nd.tracks[nd.ntracks++];
			t->start = start;
			t->length = e;
			t->session = (uint8_t)b;
			t->ctl = (uint8_t)c2;
			t->damaged = line[tail] != '\0';
			t->pregap = CD_PREGAP_SECTORS;
			t->runout = CD_TAO_RUNOUT_SECTORS;
			if (strcmp(isrc, "-"))
				memcpy(t->isrc, isrc, 13);
			struct vrec_session *ss = &nd.sessions[b - 1];
			if (ss->first_track == 0)
				ss->first_track = (uint8_t)a;
			ss->last_track = (uint8_t)a;
		} else if (strcmp(word, "sao") == 0) {
			if (parse_sao(line, &nd) < 0)
				return bad(err, err_len, lineno, "bad sao");
		} else {
			return bad(err, err_len, lineno, "unknown keyword");
		}
	}
	if (!have_header || !have_media)
		return bad(err, err_len, lineno, "incomplete state");
	/* Consistency: every session holds tracks, in order; only the last
	 * may be open; a finalized disc has its last session closed. */
	for (unsigned s = 1; s <= nd.nsessions; s++) {
		const struct vrec_session *ss = &nd.sessions[s - 1];
		if (ss->first_track == 0)
			return bad(err, err_len, lineno, "empty session");
		if (!ss->closed && s != nd.nsessions)
			return bad(err, err_len, lineno,
				   "open session not last");
		if (s > 1 &&
		    ss->first_track != nd.sessions[s - 2].last_track + 1)
			return bad(err, err_len, lineno, "session order");
	}
	for (unsigned k = 2; k <= nd.ntracks; k++)
		if (nd.tracks[k - 1].session < nd.tracks[k - 2].session ||
		    nd.tracks[k - 1].start <= nd.tracks[k - 2].start)
			return bad(err, err_len, lineno, "track order");
	if (nd.finalized &&
	    (nd.nsessions == 0 || !nd.sessions[nd.nsessions - 1].closed))
		return bad(err, err_len, lineno, "finalized but open");
	*d = nd;
	*tray_open = tray;
	return 0;
}
