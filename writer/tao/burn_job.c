/*
 * burn_job.c - the Track-At-Once burn engine (see burn_job.h and
 * doc/engine.md).
 *
 * One job = prepare (checks, lock the tray, speed, write parameters),
 * then per track (write parameters with the track's mode and ISRC, NWA,
 * WRITE(10) from the ring, SYNCHRONIZE CACHE), then CLOSE SESSION and
 * unlock.  A reader thread (track_reader.c) fills the ring; this thread
 * is the only one that talks to the drive.
 */
#include "burn_job.h"

#include "mono_clock.h"
#include "q_control.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job_core.h"
#include "job_drive.h"
#include "job_ring.h"
#include "mmc.h"
#include "msf.h"
#include "ring.h"
#include "sao_job.h"
#include "speed_window.h"
#include "tao_layout.h"
#include "track_reader.h"
#include "verify_job.h"

struct job {
	struct job_core c; /* status, log, failures (job_core.h) */
	const struct burn_track *tracks;
	size_t n;
	/* The tracks' padded lengths and, as they are written, the LBA each
	   was written at. */
	struct tao_layout *lay;

	/* Write Parameters page as the drive reported it. */
	struct mmc_write_parameters wp;

	/* What the disc looked like before the job. */
	int32_t first_nwa;
	uint8_t first_track_number;	 /* disc track number of our track 1 */
	unsigned tracks_in_open_session; /* before this job */

	/* Progress on the disc. */
	unsigned tracks_done;	/* tracks of this job ended by SYNC CACHE */
	uint64_t track_written; /* sectors of the current track */
	int32_t track_start;	/* LBA of the current track */
	int32_t last_end;	/* LBA after the last sector written */
	bool closing;		/* CLOSE SESSION was sent */
};

/* ---- write parameters -------------------------------------------------- */

static uint8_t track_mode_of(const struct burn_track *t)
{
	return (uint8_t)((t->pre_emphasis ? Q_CTL_PRE_EMPHASIS : 0) |
			 (t->copy_permitted ? Q_CTL_COPY_PERMITTED : 0));
}

/*
 * MODE SELECT page 05h: TAO audio, the job's options and this track's
 * mode and ISRC (t may be NULL: no ISRC, audio without emphasis).
 */
static int select_write_parameters(struct job *j, const struct burn_track *t,
				   const char *where)
{
	struct mmc_write_parameters wp = j->wp;
	const struct burn_options *o = j->c.opts;

	job_audio_write_parameters(&j->c, &wp, MMC_WRITE_TYPE_TAO);
	wp.multi_session = (o->do_not_finalize || o->keep_session_open)
			       ? MMC_MULTI_SESSION_NEXT
			       : MMC_MULTI_SESSION_NONE;
	wp.track_mode = t ? track_mode_of(t) : 0;
	wp.mcval = o->mcn[0] != 0;
	memset(wp.mcn, 0, sizeof(wp.mcn));
	if (wp.mcval)
		memcpy(wp.mcn, o->mcn, 13);
	wp.tcval = t && t->isrc[0] != 0;
	memset(wp.isrc, 0, sizeof(wp.isrc));
	if (wp.tcval)
		memcpy(wp.isrc, t->isrc, 12);

	uint8_t page[256];
	int len = mmc_build_write_parameters(&wp, page, sizeof(page));
	if (len < 0)
		return job_fail(&j->c, EINVAL,
				"%s: cannot build the Write Parameters page "
				"(page length %u)",
				where, wp.page_length);
	int rc = mmc_mode_select_page(j->c.io->transport, page, (size_t)len,
				      &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, where);
	return 0;
}

/* ---- prepare ----------------------------------------------------------- */

static int prepare(struct job *j)
{
	struct scsi_transport *t = j->c.io->transport;
	struct mmc_disc_information di;
	int rc = job_read_disc(&j->c, &di);
	if (rc < 0)
		return rc;
	if (di.disc_status == MMC_DISC_OTHER)
		return job_fail(
		    &j->c, EMEDIUMTYPE,
		    "the disc is not a recordable CD in a known state");
	bool session_open = di.disc_status == MMC_DISC_INCOMPLETE &&
			    di.last_session_state == MMC_SESSION_INCOMPLETE;
	if (j->n == 0 && (!session_open || j->c.opts->keep_session_open))
		return job_fail(
		    &j->c, ENODATA,
		    "nothing to do: no tracks and no open session to "
		    "close");

	rc = job_read_configuration(&j->c);
	if (rc < 0)
		return rc;

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc,
				    "asking for the next writable address");
	if (!ti.nwa_v)
		return job_fail(&j->c, EROFS,
				"the drive reports no next writable address: "
				"the disc cannot take more tracks");
	j->first_nwa = ti.next_writable_address;
	j->last_end = ti.next_writable_address;
	j->first_track_number = (uint8_t)ti.track_number;
	if (session_open && ti.track_number > di.first_track_last_session)
		j->tracks_in_open_session =
		    ti.track_number - di.first_track_last_session;

	if (ti.track_number - 1 + j->n > CD_MAX_TRACKS)
		return job_fail(
		    &j->c, ENOSPC,
		    "the disc has %u tracks; %zu more would exceed %d",
		    ti.track_number - 1, j->n, CD_MAX_TRACKS);
	if (j->lay->sectors_needed > ti.free_blocks) {
		uint64_t need = j->lay->sectors_needed;
		return job_fail(&j->c, ENOSPC,
				"the tracks need %llu sectors, the disc has %u "
				"free from LBA %d",
				(unsigned long long)need, ti.free_blocks,
				ti.next_writable_address);
	}

	rc = job_lock_tray_and_set_speed(&j->c);
	if (rc < 0)
		return rc;
	rc = job_read_write_parameters(&j->c, &j->wp);
	if (rc < 0)
		return rc;

	rc = select_write_parameters(j, j->n ? &j->tracks[0] : NULL,
				     "setting the write parameters");
	if (rc < 0)
		return rc;
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

static int end_track(struct job *j, unsigned k)
{
	char where[64];
	snprintf(where, sizeof(where), "ending track %u", k + 1);
	return job_flush(&j->c, MMC_TIMEOUT_SYNC_MS, where);
}

/* 1 when cancelled, 0 when the track was written, < 0 on failure. */
static int write_track(struct job *j, unsigned k)
{
	struct scsi_transport *t = j->c.io->transport;
	const struct burn_track *tr = &j->tracks[k];
	uint32_t sectors = j->lay->sectors[k];
	char where[96];
	int rc;

	j->c.st.current_track = k + 1;
	j->track_written = 0;
	job_publish(&j->c, true);

	snprintf(where, sizeof(where), "track %u: setting the write parameters",
		 k + 1);
	rc = select_write_parameters(j, tr, where);
	if (rc < 0)
		return rc;

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->c.err);
	if (rc < 0) {
		snprintf(where, sizeof(where),
			 "track %u: asking for the next writable address",
			 k + 1);
		return job_fail_mmc(&j->c, rc, where);
	}
	if (!ti.nwa_v)
		return job_fail(&j->c, EIO,
				"track %u: the drive reports no next writable "
				"address",
				k + 1);
	int32_t expected = k == 0 ? j->first_nwa
				  : j->track_start +
					(int32_t)j->lay->sectors[k - 1] +
					CD_TAO_TRACK_GAP;
	int32_t nwa = ti.next_writable_address;
	if (nwa != expected) {
		if (nwa < j->last_end)
			return job_fail(
			    &j->c, EIO,
			    "track %u: the drive reports next writable "
			    "address %d, but the disc is written up to "
			    "LBA %d (expected %d)",
			    k + 1, nwa, j->last_end, expected);
		job_log(&j->c,
			"track %u: the drive starts it at LBA %d "
			"(expected %d)",
			k + 1, nwa, expected);
	}
	if (ti.free_blocks < sectors)
		return job_fail(
		    &j->c, ENOSPC,
		    "track %u: needs %u sectors, the drive reports %u "
		    "free at LBA %d",
		    k + 1, sectors, ti.free_blocks, nwa);

	const char *pad = "";
	if (tr->length < (uint64_t)CD_MIN_TRACK_SECTORS * CD_SECTOR_BYTES)
		pad = ", padded with silence to 4 seconds";
	else if (tao_track_needs_padding(tr->length))
		pad = ", padded to a whole sector";
	job_log(&j->c, "track %u (%s): %u sectors at LBA %d%s%s%s", k + 1,
		tr->name, sectors, nwa, pad, tr->isrc[0] ? ", ISRC " : "",
		tr->isrc);

	j->track_start = nwa;
	j->lay->starts[k] = nwa;
	int32_t lba = nwa;
	while (j->track_written < sectors) {
		if (job_cancelled(&j->c))
			return 1;
		uint32_t left = sectors - (uint32_t)j->track_written;
		uint16_t blocks = left < BURN_JOB_WRITE_SECTORS
				      ? (uint16_t)left
				      : BURN_JOB_WRITE_SECTORS;
		uint64_t got = 0;
		rc = job_write_from_ring(&j->c, lba, blocks, blocks == left,
					 NULL, &got);
		if (rc == JOB_RING_SHORT)
			return job_fail(
			    &j->c, EIO,
			    "track %u: the audio data ended after "
			    "%llu of %u sectors",
			    k + 1, (unsigned long long)(j->track_written + got),
			    sectors);
		if (rc == JOB_RING_NO_END)
			return job_fail(&j->c, EIO,
					"track %u: its audio data does not "
					"end after %u sectors",
					k + 1, sectors);
		if (rc < 0)
			return rc;
		lba += blocks;
		j->last_end = lba;
		j->track_written += blocks;
	}

	rc = end_track(j, k);
	if (rc < 0)
		return rc;
	j->tracks_done++;
	j->track_written = 0;
	return 0;
}

static int close_session(struct job *j)
{
	struct scsi_transport *t = j->c.io->transport;
	bool appendable = j->c.opts->do_not_finalize;
	job_set_state(&j->c, BURN_FINISHING);
	job_log(&j->c, "closing the session%s",
		appendable ? "; the disc stays appendable"
			   : " and finalizing the disc");
	j->closing = true;
	int rc =
	    mmc_close_track_session(t, true, MMC_CLOSE_SESSION, 0, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "closing the session");
	rc = mmc_wait_ready(t, job_wait_ms(&j->c, MMC_TIMEOUT_CLOSE_MS), NULL,
			    NULL, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "closing the session");
	return 0;
}

/* ---- verification ------------------------------------------------------ */

/*
 * Reads every track back and compares it with the staged audio
 * (verify_job.c).  While verifying, sectors_written counts the sectors
 * read back.  Returns a VERIFY_JOB_* code or a negative errno; a failure
 * or mismatch leaves its sentence in last_error.
 */
static int verify(struct job *j)
{
	struct verify_job_track *vt = calloc(j->n, sizeof(*vt));
	if (!vt)
		return job_fail(&j->c, ENOMEM, "out of memory for verifying");
	for (size_t k = 0; k < j->n; k++) {
		vt[k].track = &j->tracks[k];
		vt[k].start = j->lay->starts[k];
		vt[k].sectors = j->lay->sectors[k];
	}
	int rc = job_verify(&j->c, vt, j->n, j->first_track_number, NULL, NULL);
	free(vt);
	return rc;
}

/* ---- the end: what the disc holds now ---------------------------------- */

static void describe_disc(struct job *j, const char *what, char *out,
			  size_t len)
{
	unsigned partial = j->track_written > 0 ? 1 : 0;
	unsigned on_disc = j->tracks_in_open_session + j->tracks_done + partial;
	if (j->c.opts->test_write) {
		snprintf(out, len,
			 "%s: test write, nothing was recorded; the disc is "
			 "as it was",
			 what);
	} else if (j->tracks_done + partial == 0 && !j->closing) {
		snprintf(out, len,
			 "%s: nothing was written; the disc is as it was",
			 what);
	} else if (j->closing) {
		snprintf(out, len,
			 "%s while closing the session: all %u track%s were "
			 "written, but the session may still be open; commit "
			 "with nothing staged tries to close it again",
			 what, on_disc, job_plural(on_disc));
	} else {
		char inc[64] = "";
		if (partial)
			snprintf(inc, sizeof(inc), " (track %u is incomplete)",
				 j->first_track_number + j->tracks_done);
		snprintf(out, len,
			 "%s: the disc has an open session with %u track%s%s; "
			 "CD players cannot play it until the session is "
			 "closed (commit with nothing staged closes it)",
			 what, on_disc, job_plural(on_disc), inc);
	}
}

/* The log's line for a cancel: when it came, what the disc holds. */
static void describe_cancel(struct job *j, char *out, size_t len)
{
	char what[64];
	if (j->c.st.current_track && j->track_written == 0 &&
	    j->tracks_done == j->c.st.current_track)
		snprintf(what, sizeof(what), "cancelled after track %u of %zu",
			 j->c.st.current_track, j->n);
	else if (j->c.st.current_track)
		snprintf(what, sizeof(what), "cancelled during track %u of %zu",
			 j->c.st.current_track, j->n);
	else
		snprintf(what, sizeof(what), "cancelled before writing");
	describe_disc(j, what, out, len);
}

/* Best effort after a failure or cancel: end the partial track, unlock. */
static void wind_down(struct job_core *c)
{
	struct job *j = (struct job *)c; /* c is its first member */
	/* The drive has recorded it; a CD-R cannot take it back. */
	if (j->track_written > 0)
		job_end_interrupted(&j->c, "ending the incomplete track");
	job_unlock_tray(&j->c);
}

static int join_reader(void *reader, char *err, size_t err_len)
{
	return track_reader_join(reader, err, err_len);
}

enum burn_state burn_job_run(const struct burn_job_io *io,
			     const struct burn_options *opts,
			     const struct burn_track *tracks, size_t n_tracks,
			     struct burn_status *final)
{
	if (opts->write_mode == BURN_WRITE_SAO)
		return sao_job_run(io, opts, tracks, n_tracks, final);
	struct job *j = calloc(1, sizeof(*j));
	char line[400];
	int rc = 0;

	if (!j)
		return job_out_of_memory(final);
	job_core_init(&j->c, io, opts, n_tracks, wind_down);
	j->tracks = tracks;
	j->n = n_tracks;

	j->lay = burn_tracks_layout(0, tracks, n_tracks);
	if (!j->lay) {
		rc = job_fail(&j->c, ENOMEM, "out of memory starting the burn");
		goto failed;
	}
	for (size_t k = 0; k < n_tracks; k++)
		j->c.st.sectors_total += j->lay->sectors[k];

	job_set_state(&j->c, BURN_PREPARING);
	if (n_tracks)
		job_log(&j->c, "burning %zu track%s (%llu sectors)%s%s",
			n_tracks, job_plural((unsigned)n_tracks),
			(unsigned long long)j->c.st.sectors_total,
			opts->test_write ? ", test write (laser off)" : "",
			opts->keep_session_open ? ", session stays open" : "");
	else
		job_log(&j->c, "closing the open session");

	if (n_tracks) {
		rc = job_ring_new(&j->c);
		if (rc < 0)
			goto failed;
		/* The reader fills the buffer while the drive is prepared. */
		struct track_reader *reader = NULL;
		rc = track_reader_start(&reader, j->c.ring, tracks, n_tracks);
		rc = job_reader_started(&j->c, rc, reader, join_reader);
		if (rc < 0)
			goto failed;
	}

	rc = prepare(j);
	if (rc < 0)
		goto failed;
	if (job_cancelled(&j->c))
		goto cancelled;

	if (n_tracks) {
		job_set_state(&j->c, BURN_WRITING);
		for (size_t k = 0; k < n_tracks; k++) {
			rc = write_track(j, (unsigned)k);
			if (rc < 0)
				goto failed;
			if (rc > 0 ||
			    (k + 1 < n_tracks && job_cancelled(&j->c)))
				goto cancelled;
		}
		job_stop_reader(&j->c);
	}

	if (!opts->keep_session_open) {
		rc = close_session(j);
		if (rc < 0)
			goto failed;
	}
	if (n_tracks && opts->verify && !opts->test_write) {
		snprintf(line, sizeof(line),
			 "cancelled during verification: all %zu track%s were "
			 "written and the disc is as the burn left it; the "
			 "staged tracks stay",
			 n_tracks, job_plural((unsigned)n_tracks));
		if (job_end_after_verify(&j->c, verify(j), line))
			goto out;
	}
	job_end_done(&j->c);
	if (opts->test_write)
		job_log(&j->c, "test write finished: nothing was recorded");
	else if (n_tracks && opts->keep_session_open)
		job_log(&j->c,
			"done: %zu track%s written; the session stays open "
			"(only CD recorders can read the disc until it is "
			"closed)",
			n_tracks, job_plural((unsigned)n_tracks));
	else
		job_log(&j->c, "done: %zu track%s written; the disc is %s",
			n_tracks, job_plural((unsigned)n_tracks),
			opts->do_not_finalize ? "appendable" : "closed");
	goto out;

cancelled:
	describe_cancel(j, line, sizeof(line));
	job_end_cancelled(&j->c, line);
	goto out;

failed:
	describe_disc(j, "after the failure", line, sizeof(line));
	job_end_failed(&j->c, line);

out:;
	enum burn_state s = job_finish(&j->c, final);
	tao_layout_free(j->lay);
	free(j);
	return s;
}
