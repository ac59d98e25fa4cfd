/*
 * verify_codes.c - the MCN and ISRCs read back and compared (see
 * verify_codes.h).
 */
#include "verify_codes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mmc_subchannel.h"
#include "sense.h"

struct run {
	struct scsi_transport *t;
	void (*log)(void *ctx, const char *line);
	void *ctx;
	struct verify_codes_result *out;
	bool unsupported;
};

static void logf_(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct run *r, const char *fmt, ...)
{
	char line[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (r->log)
		r->log(r->ctx, line);
}

/* Reads one code; false when the drive cannot tell (logged once). */
static bool read_code(struct run *r, enum mmc_subchannel_format format,
		      uint8_t track, char *got, bool *valid)
{
	struct mmc_error e;
	memset(&e, 0, sizeof(e));
	if (mmc_read_subchannel_code(r->t, format, track, got, 14, valid, &e) ==
	    0)
		return true;
	if (!r->unsupported)
		logf_(r,
		      "verify: the drive does not report the disc's codes "
		      "(%s): MCN and ISRC not checked",
		      e.text[0] ? e.text : "READ SUB-CHANNEL failed");
	r->unsupported = true;
	return false;
}

static void differ(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void differ(struct run *r, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	logf_(r, "verify: %s", what);
	if (!r->out->mismatch)
		snprintf(r->out->what, sizeof(r->out->what), "%s", what);
	r->out->mismatch = true;
}

void verify_codes_run(struct scsi_transport *t, const char *mcn,
		      const struct burn_track *const *tracks, size_t n,
		      uint8_t first_track,
		      void (*log)(void *ctx, const char *line), void *ctx,
		      struct verify_codes_result *out)
{
	struct run r = {.t = t, .log = log, .ctx = ctx, .out = out};
	memset(out, 0, sizeof(*out));
	char got[14];
	bool valid;
	if (mcn && mcn[0] &&
	    read_code(&r, MMC_SUBCHANNEL_MCN, 0, got, &valid)) {
		out->checked = true;
		if (!valid)
			differ(&r, "the disc reports no MCN, not %s", mcn);
		else if (strcmp(got, mcn) != 0)
			differ(&r, "the MCN reads back as %s, not %s", got,
			       mcn);
		else
			logf_(&r, "verify: MCN %s as written", mcn);
	}
	for (size_t k = 0; k < n && !r.unsupported; k++) {
		const char *isrc = tracks[k]->isrc;
		uint8_t number = (uint8_t)(first_track + k);
		if (!isrc[0] ||
		    !read_code(&r, MMC_SUBCHANNEL_ISRC, number, got, &valid))
			continue;
		out->checked = true;
		if (!valid)
			differ(&r, "track %u (%s) reports no ISRC, not %s",
			       number, tracks[k]->name, isrc);
		else if (strcmp(got, isrc) != 0)
			differ(&r,
			       "the ISRC of track %u (%s) reads back as %s, "
			       "not %s",
			       number, tracks[k]->name, got, isrc);
		else
			logf_(&r, "verify: track %u (%s): ISRC %s as written",
			      number, tracks[k]->name, isrc);
	}
	if (r.unsupported)
		out->checked = false;
}
