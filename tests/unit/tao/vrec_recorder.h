/*
 * vrec_recorder.h - the end-to-end tests' recorder (test_e2e_vrec.c,
 * Track-At-Once, and test_e2e_sao.c, Session-At-Once): a virtual
 * recorder opened from a --virtual spec ("NAME:IMAGE[,keys]") behind a
 * recorder, as the filesystem gets one.
 */
#ifndef BURNFS_VREC_RECORDER_H
#define BURNFS_VREC_RECORDER_H

#include <stdio.h>

#include "recorder.h"
#include "vrec.h"

/* The recorder, or NULL with the reason on stderr. */
static inline struct recorder *
vrec_recorder_open(const char *spec, recorder_event_fn on_event, void *ctx)
{
	struct vrec_config cfg;
	char err[256];
	if (vrec_parse_spec(spec, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	struct scsi_transport *t = vrec_open(&cfg, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return recorder_new(cfg.name, t, on_event, ctx);
}

#endif
