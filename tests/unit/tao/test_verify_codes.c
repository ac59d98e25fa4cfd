/*
 * test_verify_codes.c - the MCN and ISRC check after a burn, against a
 * scripted drive that answers READ SUB-CHANNEL with given codes: codes
 * as written, a wrong ISRC, a missing MCN, and a drive that refuses
 * the command (the codes are then not checked, and that is no failure).
 */
#include "verify_codes.h"

#include <string.h>

#include "check.h"
#include "scsi.h"

struct codes_drive {
	struct scsi_transport base;
	const char *mcn;     /* NULL: MCVal clear */
	const char *isrc[4]; /* by track number; NULL: TCVal clear */
	bool refuse;	     /* 05/20/00 INVALID COMMAND OPERATION CODE */
	unsigned commands;
};

static int execute(struct scsi_transport *t, const struct scsi_cmd *c,
		   struct scsi_result *res)
{
	struct codes_drive *d = (struct codes_drive *)t;
	memset(res, 0, sizeof(*res));
	d->commands++;
	if (d->refuse || c->cdb[0] != 0x42) {
		res->status = SCSI_STATUS_CHECK_CONDITION;
		const uint8_t sense[18] = {0x70, 0, 0x05, 0, 0, 0,   0,
					   10,	 0, 0,	  0, 0, 0x20};
		memcpy(res->sense, sense, sizeof(sense));
		res->sense_len = sizeof(sense);
		res->resid = c->data_len;
		return 0;
	}
	uint8_t a[24] = {0, 0x15, 0, 20, c->cdb[3]};
	const char *code = NULL;
	if (c->cdb[3] == 0x02)
		code = d->mcn;
	else if (c->cdb[6] < 4)
		code = d->isrc[c->cdb[6]];
	if (code) {
		a[8] = 0x80;
		memcpy(a + 9, code, strlen(code));
	}
	memcpy(c->data, a, c->data_len < 24 ? c->data_len : 24);
	res->resid = c->data_len > 24 ? c->data_len - 24 : 0;
	return 0;
}

static void destroy(struct scsi_transport *t)
{
	(void)t;
}

static const struct scsi_transport_ops ops = {.execute = execute,
					      .destroy = destroy};

static char logged[2048];

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	size_t at = strlen(logged);
	snprintf(logged + at, sizeof(logged) - at, "%s\n", line);
}

static struct burn_track a = {.name = (char[]){"a.wav"}},
			 b = {.name = (char[]){"b.wav"},
			      .isrc = "USABC2600002"};
static const struct burn_track *const two[] = {&a, &b};

static void run(struct codes_drive *d, const char *mcn,
		struct verify_codes_result *r)
{
	d->base.ops = &ops;
	d->base.name = "codes";
	logged[0] = '\0';
	verify_codes_run(&d->base, mcn, two, 2, 1, log_line, NULL, r);
}

int main(void)
{
	struct verify_codes_result r;
	struct codes_drive ok = {.mcn = "4006381333931",
				 .isrc = {NULL, NULL, "USABC2600002"}};
	run(&ok, "4006381333931", &r);
	CHECK(r.checked && !r.mismatch);
	CHECK_EQ(ok.commands, 2); /* the MCN, track 2's ISRC */
	CHECK(strstr(logged, "verify: MCN 4006381333931 as written") != NULL);
	CHECK(strstr(logged, "track 2 (b.wav): ISRC USABC2600002 as "
			     "written") != NULL);

	struct codes_drive wrong = {.mcn = "4006381333931",
				    .isrc = {NULL, NULL, "USABC2600009"}};
	run(&wrong, "4006381333931", &r);
	CHECK(r.checked && r.mismatch);
	CHECK_STR(r.what, "the ISRC of track 2 (b.wav) reads back as "
			  "USABC2600009, not USABC2600002");

	struct codes_drive no_mcn = {.isrc = {NULL, NULL, "USABC2600002"}};
	run(&no_mcn, "4006381333931", &r);
	CHECK(r.mismatch);
	CHECK_STR(r.what, "the disc reports no MCN, not 4006381333931");

	/* Nothing asked for: no command at all. */
	struct codes_drive quiet = {0};
	b.isrc[0] = '\0';
	run(&quiet, "", &r);
	CHECK(!r.checked && !r.mismatch);
	CHECK_EQ(quiet.commands, 0);
	memcpy(b.isrc, "USABC2600002", 13);

	struct codes_drive refuses = {.refuse = true};
	run(&refuses, "4006381333931", &r);
	CHECK(!r.checked && !r.mismatch);
	CHECK_EQ(refuses.commands, 1); /* asked once, not per track */
	CHECK(strstr(logged, "MCN and ISRC not checked") != NULL);
	return check_finish();
}
