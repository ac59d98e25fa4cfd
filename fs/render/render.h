/*
 * render.h - the drive's read-only text files as `key: value` lines
 * (one fact per line, stable keys, documented in doc/files.md).
 * Pure functions from the writer's structures to text.
 */
#ifndef BURNFS_RENDER_H
#define BURNFS_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"
#include "textbuf.h"

void render_info(struct textbuf *tb, const char *drive_name,
		 const struct drive_info *d, const struct burn_status *s);
/* media: type: none|CD-ROM|CD-R|CD-RW, state: blank|open|appendable|closed ...
 */
void render_media(struct textbuf *tb, const struct media_info *m);
/*
 * What the toc files show besides the tracks: the write mode, the pregap
 * control and the CD-TEXT a burn with these settings writes.
 */
struct toc_settings {
	enum burn_write_mode write_mode;
	uint32_t pregap; /* the pregap control, sectors (SAO) */
	bool cd_text;	 /* the cdtext control */
	/* The disc's texts as the burn takes them (disc_title, ...). */
	struct burn_disc_text disc;
};

/*
 * toc: tracks on the disc, then the staged ones at the addresses they
 * will get (toc_plan.h), then the lead-out, and what CD-TEXT is written
 * (or, in TAO, that the tags are not).  s NULL: Track-At-Once.  In SAO
 * the staged tracks carry the pregaps the burn uses.
 */
void render_toc(struct textbuf *tb, const struct media_info *m,
		const struct burn_track *staged, size_t n_staged,
		const struct toc_settings *s);
/*
 * toc.cue: the same table as a cue sheet for a disc image "disc.bin"
 * holding the disc from LBA 0, 2352 bytes per sector (CATALOG when mcn is
 * not empty, FLAGS, ISRC, INDEX 00 / 01 / 02..., REM SESSION; in SAO
 * with CD-TEXT the texts written as TITLE, PERFORMER, SONGWRITER).
 * s NULL: Track-At-Once.
 */
void render_toc_cue(struct textbuf *tb, const struct media_info *m,
		    const struct burn_track *staged, size_t n_staged,
		    const char *mcn, const struct toc_settings *s);
/* speeds: supported write speeds, current and requested. */
void render_speeds(struct textbuf *tb, const struct drive_info *d,
		   uint16_t requested_kbps);
/* status: state, current track, tracks total, percent, ... last error. */
void render_status(struct textbuf *tb, const struct burn_status *s);
/*
 * The `progress` file (doc/files.md): a line of at most PROGRESS_LINE_MAX
 * columns, ending in '\n':
 *   "   0:12 writing   track 2/3    27%  24.0x    0:33 left buffer  98% drive
 * 87%" (elapsed, state, track, percent, then while writing or verifying the
 * speed and time left, while writing with a host buffer the buffers' fill; at
 * the end "verify passed" and the error, cut to fit).
 */
void render_progress_line(struct textbuf *tb, const struct burn_status *s);
/* The first line of a job's `progress`: "burn: 3 tracks, 10:09, started by
 * bash (pid 4242)". */
void render_progress_header(struct textbuf *tb, const struct burn_status *s);
#define PROGRESS_LINE_MAX 80
#define PROGRESS_SECTORS_PER_SECOND 75.0

#endif
