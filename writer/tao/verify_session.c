/*
 * verify_session.c - CD-TEXT and index points read back after a
 * Session-At-Once burn (see verify_session.h).
 */
#include "verify_session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc_cd_text.h"
#include "mmc_subq.h"
#include "verify_cdtext.h"
#include "verify_index.h"

/* Sectors read on each side of an expected index point. */
#define WINDOW_SIDE 8
#define WINDOW_SECTORS (2 * WINDOW_SIDE)
/* Sectors read at each step of the search for a misplaced point. */
#define PROBE_SECTORS 8

struct run {
	struct scsi_transport *t;
	const struct sao_layout *lay;
	atomic_bool *cancel;
	void (*log)(void *ctx, const char *line);
	void *ctx;
	struct verify_session_result *out;
	uint8_t *buf; /* WINDOW_SECTORS + 1 sectors with Q */
	struct verify_q_sector q[WINDOW_SECTORS + 1];
	bool no_q; /* the drive does not return Q: logged once */
};

static void logf_(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct run *r, const char *fmt, ...)
{
	char line[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (r->log)
		r->log(r->ctx, line);
}

static void differ(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void differ(struct run *r, const char *fmt, ...)
{
	char what[sizeof(r->out->what)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	logf_(r, "verify: %s", what);
	if (!r->out->mismatch)
		memcpy(r->out->what, what, sizeof(what));
	r->out->mismatch = true;
}

static bool cancelled(const struct run *r)
{
	return r->cancel && atomic_load(r->cancel);
}

/* ---- CD-TEXT ------------------------------------------------------------ */

static void cdtext_differs(void *ctx, const char *what)
{
	differ(ctx, "CD-TEXT: %s", what);
}

static void check_cdtext(struct run *r, const uint8_t *sent, size_t n_sent)
{
	uint8_t *buf = malloc(MMC_CD_TEXT_MAX_BYTES);
	if (!buf) {
		logf_(r, "verify: out of memory: CD-TEXT not checked");
		return;
	}
	const uint8_t *got = NULL;
	size_t n_got = 0;
	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	if (mmc_read_cd_text(r->t, buf, MMC_CD_TEXT_MAX_BYTES, &got, &n_got,
			     &e) < 0) {
		logf_(r,
		      "verify: the drive does not report the CD-TEXT (%s): "
		      "CD-TEXT not checked",
		      e.text[0] ? e.text : "READ TOC/PMA/ATIP format 5 failed");
		free(buf);
		return;
	}
	r->out->cdtext_checked = true;
	size_t d =
	    verify_cdtext_compare(sent, n_sent, got, n_got, cdtext_differs, r);
	if (d > VERIFY_CDTEXT_MAX_REPORTS)
		logf_(r, "verify: CD-TEXT: %zu more differences",
		      d - VERIFY_CDTEXT_MAX_REPORTS);
	if (!d)
		logf_(r, "verify: CD-TEXT as written (%zu packs read back)",
		      n_got);
	free(buf);
}

/* ---- index points ------------------------------------------------------- */

/*
 * Reads [first, first + n) (within the disc) into r->q.  0, or -1 when
 * the drive refuses (logged once; the index points are then not
 * checked).
 */
static int read_q(struct run *r, int32_t first, uint32_t n)
{
	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	if (mmc_read_cd_subq(r->t, (uint32_t)first, n, r->buf, &e) < 0) {
		if (!r->no_q)
			logf_(r,
			      "verify: the drive does not return the Q "
			      "sub-channel with READ CD (%s): index points "
			      "not checked",
			      e.text[0] ? e.text : "READ CD failed");
		r->no_q = true;
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct mmc_q_position p;
		const uint8_t *q = r->buf + (size_t)i * MMC_SUBQ_SECTOR_BYTES +
				   CD_SECTOR_BYTES;
		struct verify_q_sector *s = &r->q[i];
		memset(s, 0, sizeof(*s));
		if (mmc_parse_formatted_q(q, &p) == MMC_Q_POSITION) {
			s->position = true;
			s->track = p.track;
			s->index = p.index;
			s->lba = p.lba;
		}
	}
	return 0;
}

/* The window [a, b) clipped to the disc [0, leadout). */
static int read_window(struct run *r, int32_t a, int32_t b, int32_t *first,
		       size_t *n)
{
	if (a < 0)
		a = 0;
	if (b > r->lay->leadout)
		b = r->lay->leadout;
	*first = a;
	*n = b > a ? (size_t)(b - a) : 0;
	if (*n == 0)
		return 0;
	return read_q(r, a, (uint32_t)*n);
}

/*
 * Where point p begins when it is not near its expected LBA: the binary
 * search of the disc for the first position at or after it, then the
 * window there.
 */
static int search(struct run *r, const struct verify_index_point *p,
		  struct verify_index_found *f)
{
	int32_t lo = 0, hi = r->lay->leadout;
	unsigned want = (unsigned)p->track * 100u + p->index;
	for (int step = 0; hi - lo > WINDOW_SECTORS && step < 64; step++) {
		if (cancelled(r))
			return -1;
		int32_t mid = lo + (hi - lo) / 2, first;
		size_t n;
		if (read_window(r, mid, mid + PROBE_SECTORS, &first, &n) < 0)
			return -1;
		const struct verify_q_sector *s = NULL;
		for (size_t i = 0; i < n && !s; i++)
			if (r->q[i].position)
				s = &r->q[i];
		if (!s)
			break; /* no position to go by: look where we are */
		unsigned at = (unsigned)s->track * 100u + s->index;
		int32_t lba = s->lba;
		if (lba < lo || lba > hi)
			break; /* a Q that contradicts its place */
		if (at >= want)
			hi = lba;
		else
			lo = lba + 1;
	}
	/* The sector before lo, to see the position before the point. */
	int32_t first, b = hi + 1;
	size_t n;
	if (b - (lo - 1) > WINDOW_SECTORS + 1)
		b = lo - 1 + WINDOW_SECTORS + 1;
	if (read_window(r, lo - 1, b, &first, &n) < 0)
		return -1;
	verify_index_find(r->q, n, first == 0, p->track, p->index, f);
	return 0;
}

static void check_index_points(struct run *r)
{
	size_t max = VERIFY_INDEX_MAX_POINTS;
	struct verify_index_point *pts = calloc(max, sizeof(*pts));
	r->buf = malloc((size_t)(WINDOW_SECTORS + 1) * MMC_SUBQ_SECTOR_BYTES);
	if (!pts || !r->buf) {
		logf_(r, "verify: out of memory: index points not checked");
		free(pts);
		return;
	}
	size_t n = verify_index_points(r->lay, pts, max);
	unsigned bad = 0, checked = 0;
	for (size_t k = 0; k < n && !r->no_q && !cancelled(r); k++) {
		const struct verify_index_point *p = &pts[k];
		struct verify_index_found f;
		int32_t first;
		size_t got;
		if (read_window(r, p->lba - WINDOW_SIDE, p->lba + WINDOW_SIDE,
				&first, &got) < 0)
			break;
		verify_index_find(r->q, got, first == 0, p->track, p->index,
				  &f);
		if (f.where == VERIFY_INDEX_EARLIER ||
		    f.where == VERIFY_INDEX_LATER) {
			if (search(r, p, &f) < 0)
				break;
		}
		if (f.where == VERIFY_INDEX_NO_Q) {
			logf_(r,
			      "verify: the drive returns no position in the Q "
			      "sub-channel around LBA %d: index points not "
			      "checked",
			      (int)p->lba);
			r->no_q = true;
			break;
		}
		checked++;
		if (verify_index_matches(p, &f))
			continue;
		char what[200];
		verify_index_describe(p, &f, what, sizeof(what));
		bad++;
		differ(r, "%s", what);
	}
	if (!r->no_q && !cancelled(r) && checked == n) {
		r->out->index_checked = true;
		r->out->index_points = checked;
		if (!bad)
			logf_(r, "verify: %u index point%s as written", checked,
			      checked == 1 ? "" : "s");
	}
	free(pts);
	free(r->buf);
	r->buf = NULL;
}

void verify_session_run(struct scsi_transport *t, const uint8_t *packs,
			size_t n_packs, const struct sao_layout *lay,
			atomic_bool *cancel,
			void (*log)(void *ctx, const char *line), void *ctx,
			struct verify_session_result *out)
{
	struct run r = {.t = t,
			.lay = lay,
			.cancel = cancel,
			.log = log,
			.ctx = ctx,
			.out = out};
	memset(out, 0, sizeof(*out));
	if (n_packs && !cancelled(&r))
		check_cdtext(&r, packs, n_packs);
	if (lay && !cancelled(&r))
		check_index_points(&r);
}
