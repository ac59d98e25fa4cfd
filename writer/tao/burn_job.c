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
#include "mmc.h"
#include "msf.h"
#include "ring.h"
#include "sao_job.h"
#include "speed_window.h"
#include "tao_layout.h"
#include "track_reader.h"
#include "verify_job.h"

#define CHUNK_BYTES (BURN_JOB_WRITE_SECTORS * CD_SECTOR_BYTES)

struct job {
	struct job_core c; /* status, log, failures (job_core.h) */
	const struct burn_track *tracks;
	size_t n;
	/* The tracks' padded lengths and, as they are written, the LBA each
	   was written at. */
	struct tao_layout *lay;

	struct track_reader *reader;
	uint8_t *chunk;

	/* Write Parameters page as the drive reported it. */
	uint8_t page[256];
	size_t page_len;
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
	bool prevented;
	bool closing; /* CLOSE SESSION was sent */

	uint8_t conf_buf[4096];
	struct mmc_configuration conf;
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

	wp.ps = false;
	wp.bufe = o->buffer_underrun_protection;
	wp.ls_v = false;
	wp.test_write = o->test_write;
	wp.write_type = MMC_WRITE_TYPE_TAO;
	wp.multi_session = (o->do_not_finalize || o->keep_session_open)
			       ? MMC_MULTI_SESSION_NEXT
			       : MMC_MULTI_SESSION_NONE;
	wp.fp = false;
	wp.copy = false;
	wp.track_mode = t ? track_mode_of(t) : 0;
	wp.data_block_type = 0;
	wp.link_size = 0;
	wp.host_application_code = 0;
	wp.session_format = 0;
	wp.packet_size = 0;
	wp.audio_pause_length = CD_PREGAP_SECTORS;
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
	int rc;

	rc = mmc_wait_ready(t, job_wait_ms(&j->c, BURN_JOB_READY_TIMEOUT_MS),
			    NULL, NULL, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "waiting for the drive");

	struct mmc_disc_information di;
	rc = mmc_read_disc_information(t, &di, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "reading the disc");
	if (di.disc_status == MMC_DISC_COMPLETE)
		return job_fail(
		    &j->c, EROFS,
		    "the disc is closed: no more tracks can be added");
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

	rc = mmc_get_configuration(t, &j->conf, j->conf_buf,
				   sizeof(j->conf_buf), &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc,
				    "reading the drive configuration");
	if (j->conf.current_profile != MMC_PROFILE_CD_R &&
	    j->conf.current_profile != MMC_PROFILE_CD_RW)
		return job_fail(
		    &j->c, EMEDIUMTYPE,
		    "the disc is not a CD-R or CD-RW (profile %04Xh)",
		    j->conf.current_profile);

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

	rc = mmc_prevent_allow_medium_removal(t, true, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "locking the tray");
	j->prevented = true;

	uint16_t speed =
	    j->c.opts->write_speed_kbps ? j->c.opts->write_speed_kbps : 0xFFFF;
	rc = mmc_set_cd_speed(t, 0xFFFF, speed, &j->c.err);
	if (rc < 0) {
		/* A refused speed value is not worth a coaster. */
		if (j->c.err.has_sense &&
		    j->c.err.sense.key == SENSE_ILLEGAL_REQUEST)
			job_log(&j->c,
				"the drive refused write speed %u kB/s (%s); "
				"it chooses the speed itself",
				speed, j->c.err.text);
		else
			return job_fail_mmc(&j->c, rc,
					    "setting the write speed");
	}

	rc = mmc_mode_sense_page(t, MMC_PAGE_WRITE_PARAMETERS, j->page,
				 sizeof(j->page), &j->page_len, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "reading the write parameters");
	rc = mmc_parse_write_parameters(j->page, j->page_len, &j->wp);
	if (rc < 0)
		return job_fail(&j->c, EIO,
				"the drive's Write Parameters page (05h) is "
				"malformed (%zu bytes)",
				j->page_len);
	if (j->wp.page_length == 0)
		j->wp.page_length = 0x32;

	rc = select_write_parameters(j, j->n ? &j->tracks[0] : NULL,
				     "setting the write parameters");
	if (rc < 0)
		return rc;
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

/* Takes the reader's sentence when the ring failed on its side. */
static int fail_reader(struct job *j, int rc)
{
	char text[300] = "";
	if (j->reader) {
		track_reader_join(j->reader, text, sizeof(text));
		j->reader = NULL;
	}
	if (rc == -ETIMEDOUT)
		return job_fail(&j->c, ETIMEDOUT,
				"track %u: no audio data arrived for %u s",
				j->c.st.current_track,
				BURN_JOB_DATA_TIMEOUT_MS / 1000);
	if (text[0])
		return job_fail(&j->c, -rc, "%s", text);
	return job_fail(&j->c, -rc, "track %u: reading the audio failed: %s",
			j->c.st.current_track, strerror(-rc));
}

static int end_track(struct job *j, unsigned k)
{
	struct scsi_transport *t = j->c.io->transport;
	char where[64];
	snprintf(where, sizeof(where), "ending track %u", k + 1);
	int rc = mmc_synchronize_cache(t, true, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, where);
	rc = mmc_wait_ready(t, job_wait_ms(&j->c, MMC_TIMEOUT_SYNC_MS), NULL,
			    NULL, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, where);
	job_drained(&j->c);
	return 0;
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
	uint32_t lba = (uint32_t)nwa;
	while (j->track_written < sectors) {
		if (job_cancelled(&j->c))
			return 1;
		uint32_t left = sectors - (uint32_t)j->track_written;
		uint16_t blocks = left < BURN_JOB_WRITE_SECTORS
				      ? (uint16_t)left
				      : BURN_JOB_WRITE_SECTORS;
		size_t bytes = (size_t)blocks * CD_SECTOR_BYTES;
		bool boundary = false;
		bool last = blocks == left;
		const void *data = NULL;
		/* The WRITE goes out of the ring itself (j->chunk only when
		 * the bytes wrap around the ring's end). */
		ssize_t got =
		    ring_peek(j->c.ring, bytes, BURN_JOB_DATA_TIMEOUT_MS,
			      j->chunk, &data, &boundary);
		if (got < 0)
			return fail_reader(j, (int)got);
		if ((size_t)got != bytes || (boundary && !last)) {
			ring_release(j->c.ring);
			return job_fail(
			    &j->c, EIO,
			    "track %u: the audio data ended after %llu "
			    "of %u sectors",
			    k + 1,
			    (unsigned long long)(j->track_written +
						 (uint64_t)got /
						     CD_SECTOR_BYTES),
			    sectors);
		}
		rc = mmc_write10(t, lba, blocks, data, &j->c.err);
		ring_release(j->c.ring);
		if (rc < 0) {
			snprintf(where, sizeof(where), "track %u", k + 1);
			return job_fail_mmc(&j->c, rc, where);
		}
		if (last && !boundary) {
			/* The reader marks the end right after the data. */
			int b = ring_wait_boundary(j->c.ring,
						   BURN_JOB_DATA_TIMEOUT_MS);
			if (b < 0)
				return b == -EPROTO || b == -EPIPE
					   ? job_fail(
						 &j->c, EIO,
						 "track %u: its audio data "
						 "does not "
						 "end after %u sectors",
						 k + 1, sectors)
					   : fail_reader(j, b);
		}
		lba += blocks;
		j->last_end = (int32_t)lba;
		j->track_written += blocks;
		job_wrote(&j->c, blocks);
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

/* Best effort after a failure or cancel: end the partial track, unlock. */
static void wind_down(struct job *j)
{
	struct scsi_transport *t = j->c.io->transport;
	struct mmc_error e;
	if (j->track_written > 0) {
		/* The drive has recorded it; a CD-R cannot take it back. */
		if (mmc_synchronize_cache(t, true, &e) < 0 ||
		    mmc_wait_ready(t, job_wait_ms(&j->c, MMC_TIMEOUT_SYNC_MS),
				   NULL, NULL, &e) < 0)
			job_log(&j->c, "ending the incomplete track failed: %s",
				e.text);
	}
	if (j->prevented) {
		if (mmc_prevent_allow_medium_removal(t, false, &e) < 0)
			job_log(&j->c, "unlocking the tray failed: %s", e.text);
		j->prevented = false;
	}
}

static void stop_reader(struct job *j)
{
	if (j->c.ring)
		ring_abort(j->c.ring, ECANCELED);
	if (j->reader) {
		track_reader_join(j->reader, NULL, 0);
		j->reader = NULL;
	}
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

	if (!j) {
		memset(final, 0, sizeof(*final));
		final->state = BURN_FAILED;
		snprintf(final->last_error, sizeof(final->last_error),
			 "out of memory starting the burn");
		return BURN_FAILED;
	}
	job_core_init(&j->c, io, opts, n_tracks);
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
		j->c.ring = ring_new(io->ring_bytes);
		j->chunk = malloc(CHUNK_BYTES);
		if (!j->c.ring || !j->chunk) {
			rc = job_fail(&j->c, ENOMEM,
				      "out of memory for the host buffer");
			goto failed;
		}
		/* The reader fills the buffer while the drive is prepared. */
		rc =
		    track_reader_start(&j->reader, j->c.ring, tracks, n_tracks);
		if (rc < 0) {
			job_fail(&j->c, -rc,
				 "cannot start the reader thread: %s",
				 strerror(-rc));
			goto failed;
		}
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
		stop_reader(j);
	}

	if (!opts->keep_session_open) {
		rc = close_session(j);
		if (rc < 0)
			goto failed;
	}
	if (n_tracks && opts->verify && !opts->test_write) {
		rc = verify(j);
		if (rc == VERIFY_JOB_CANCELLED) {
			wind_down(j);
			j->c.st.state = BURN_CANCELLED;
			job_log(&j->c,
				"cancelled during verification: all %zu "
				"track%s were written and the disc is as the "
				"burn left it; the staged tracks stay",
				n_tracks, job_plural((unsigned)n_tracks));
			goto out;
		}
		if (rc != VERIFY_JOB_PASSED) {
			wind_down(j);
			j->c.st.state = BURN_FAILED;
			job_log(&j->c, "burn failed on %s: %s",
				io->drive ? io->drive : "the drive",
				j->c.st.last_error);
			goto out;
		}
	}
	wind_down(j);
	j->c.st.state = BURN_DONE;
	j->c.st.remaining_s = 0;
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
	stop_reader(j);
	{
		char what[64];
		if (j->c.st.current_track && j->track_written == 0 &&
		    j->tracks_done == j->c.st.current_track)
			snprintf(what, sizeof(what),
				 "cancelled after track %u of %zu",
				 j->c.st.current_track, n_tracks);
		else if (j->c.st.current_track)
			snprintf(what, sizeof(what),
				 "cancelled during track %u of %zu",
				 j->c.st.current_track, n_tracks);
		else
			snprintf(what, sizeof(what),
				 "cancelled before writing");
		describe_disc(j, what, line, sizeof(line));
	}
	wind_down(j);
	j->c.st.state = BURN_CANCELLED;
	job_log(&j->c, "%s", line);
	goto out;

failed:
	stop_reader(j);
	job_log(&j->c, "burn failed on %s: %s",
		io->drive ? io->drive : "the drive", j->c.st.last_error);
	wind_down(j);
	describe_disc(j, "after the failure", line, sizeof(line));
	j->c.st.state = BURN_FAILED;
	job_log(&j->c, "%s", line);

out:
	stop_reader(j);
	ring_free(j->c.ring);
	j->c.ring = NULL;
	job_publish(&j->c, false);
	*final = j->c.st;
	enum burn_state s = j->c.st.state;
	free(j->chunk);
	tao_layout_free(j->lay);
	free(j);
	return s;
}
