/*
 * drive_caps.h - the parts of struct drive_info that IMAPI2's
 * IDiscRecorder2 and IDiscFormat2TrackAtOnce expose beyond identity and
 * profiles: the feature list with current bits, the supported mode pages
 * (MODE SENSE page 3Fh), whether the drive can load a disc, and the write
 * speeds for the loaded medium with their rotation control, from GET
 * PERFORMANCE type 03h when the drive lists feature 0107h (Real Time
 * Streaming) with WSPD, else from page 2Ah's descriptors.
 *
 * Called by drive_query_info (drive_query.c), which owns the transport.
 */
#ifndef BURNFS_DRIVE_CAPS_H
#define BURNFS_DRIVE_CAPS_H

#include "mmc.h"
#include "recorder.h"

/* Copies every feature header of conf and notes 0003h's Load bit. */
void drive_caps_features(struct drive_info *out,
			 const struct mmc_configuration *conf);
/* Loading mechanism, can_load and rotation from a parsed page 2Ah. */
void drive_caps_from_page2a(struct drive_info *out,
			    const struct mmc_capabilities *caps);
/*
 * Asks the mode page list and, when feature 0107h lists WSPD, GET
 * PERFORMANCE type 03h.  Neither is required: a drive refusing them
 * keeps an empty page list and page 2Ah's speeds.  Never fails.
 */
void drive_caps_query(struct scsi_transport *t, struct drive_info *out);
/* Sorts write_speeds_kbps (with their rotation) fastest first, without
 * duplicates. */
void drive_caps_sort_speeds(struct drive_info *out);

#endif
