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
	const struct burn_job_io *io;
	const struct burn_options *opts;
	const struct burn_track *tracks;
	size_t n;
	/* The tracks' padded lengths and, as they are written, the LBA each
	   was written at. */
	struct tao_layout *lay;

	struct burn_status st;
	struct timespec t0;
	double last_emit;
	struct speed_window speed;

	struct ring *ring;
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
	bool buffer_poll_failed;
	uint64_t since_buffer_poll;

	struct mmc_error err;
	uint8_t conf_buf[4096];
	struct mmc_configuration conf;
};

static void logf_(struct job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct job *j, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (j->io->log)
		j->io->log(j->io->ctx, line);
}

/* Recomputes the derived status fields and hands the status out. */
static void publish(struct job *j, bool force)
{
	double t = mono_seconds();
	j->st.elapsed_s = mono_seconds_since(&j->t0);
	double rate = speed_window_rate(&j->speed);
	j->st.speed_x = rate / SPEED_1X_SECTORS_PER_S;
	j->st.remaining_s = -1;
	if (j->st.state == BURN_WRITING)
		j->st.remaining_s = speed_window_eta(
		    &j->speed, j->st.sectors_total - j->st.sectors_written);
	if (j->ring) {
		size_t fill = ring_fill(j->ring);
		j->st.host_buffer_bytes = fill;
		j->st.host_buffer_total_bytes = ring_capacity(j->ring);
		j->st.host_buffer_percent =
		    (unsigned)(fill * 100 / ring_capacity(j->ring));
	} else {
		j->st.host_buffer_bytes = 0;
		j->st.host_buffer_total_bytes = 0;
		j->st.host_buffer_percent = 0;
	}
	bool emit = force || (t - j->last_emit) * 1000 >= BURN_JOB_EMIT_MS;
	if (emit)
		j->last_emit = t;
	if (j->io->publish)
		j->io->publish(j->io->ctx, &j->st, emit);
}

static void set_state(struct job *j, enum burn_state s)
{
	j->st.state = s;
	publish(j, true);
}

static bool cancelled(struct job *j)
{
	return j->io->cancel && atomic_load(j->io->cancel);
}

/* Records a failure of the engine's own making. */
static int fail(struct job *j, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct job *j, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->st.last_error, sizeof(j->st.last_error), fmt, ap);
	va_end(ap);
	return -err;
}

/* Records a failed MMC command, prefixed with where we were. */
static int fail_mmc(struct job *j, int rc, const char *where)
{
	const char *text = j->err.text[0] ? j->err.text : strerror(-rc);
	if (where && where[0])
		snprintf(j->st.last_error, sizeof(j->st.last_error), "%s: %s",
			 where, text);
	else
		snprintf(j->st.last_error, sizeof(j->st.last_error), "%s",
			 text);
	return rc < 0 ? rc : -EIO;
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

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
	const struct burn_options *o = j->opts;

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
		return fail(j, EINVAL,
			    "%s: cannot build the Write Parameters page "
			    "(page length %u)",
			    where, wp.page_length);
	int rc =
	    mmc_mode_select_page(j->io->transport, page, (size_t)len, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, where);
	return 0;
}

/* ---- prepare ----------------------------------------------------------- */

static int prepare(struct job *j)
{
	struct scsi_transport *t = j->io->transport;
	int rc;

	rc = mmc_wait_ready(t, BURN_JOB_READY_TIMEOUT_MS, NULL, NULL, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "waiting for the drive");

	struct mmc_disc_information di;
	rc = mmc_read_disc_information(t, &di, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the disc");
	if (di.disc_status == MMC_DISC_COMPLETE)
		return fail(j, EROFS,
			    "the disc is closed: no more tracks can be added");
	if (di.disc_status == MMC_DISC_OTHER)
		return fail(j, EMEDIUMTYPE,
			    "the disc is not a recordable CD in a known state");
	bool session_open = di.disc_status == MMC_DISC_INCOMPLETE &&
			    di.last_session_state == MMC_SESSION_INCOMPLETE;
	if (j->n == 0 && (!session_open || j->opts->keep_session_open))
		return fail(j, ENODATA,
			    "nothing to do: no tracks and no open session to "
			    "close");

	rc = mmc_get_configuration(t, &j->conf, j->conf_buf,
				   sizeof(j->conf_buf), &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the drive configuration");
	if (j->conf.current_profile != MMC_PROFILE_CD_R &&
	    j->conf.current_profile != MMC_PROFILE_CD_RW)
		return fail(j, EMEDIUMTYPE,
			    "the disc is not a CD-R or CD-RW (profile %04Xh)",
			    j->conf.current_profile);

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "asking for the next writable address");
	if (!ti.nwa_v)
		return fail(j, EROFS,
			    "the drive reports no next writable address: "
			    "the disc cannot take more tracks");
	j->first_nwa = ti.next_writable_address;
	j->last_end = ti.next_writable_address;
	j->first_track_number = (uint8_t)ti.track_number;
	if (session_open && ti.track_number > di.first_track_last_session)
		j->tracks_in_open_session =
		    ti.track_number - di.first_track_last_session;

	if (ti.track_number - 1 + j->n > CD_MAX_TRACKS)
		return fail(j, ENOSPC,
			    "the disc has %u tracks; %zu more would exceed %d",
			    ti.track_number - 1, j->n, CD_MAX_TRACKS);
	if (j->lay->sectors_needed > ti.free_blocks) {
		uint64_t need = j->lay->sectors_needed;
		return fail(j, ENOSPC,
			    "the tracks need %llu sectors, the disc has %u "
			    "free from LBA %d",
			    (unsigned long long)need, ti.free_blocks,
			    ti.next_writable_address);
	}

	rc = mmc_prevent_allow_medium_removal(t, true, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "locking the tray");
	j->prevented = true;

	uint16_t speed =
	    j->opts->write_speed_kbps ? j->opts->write_speed_kbps : 0xFFFF;
	rc = mmc_set_cd_speed(t, 0xFFFF, speed, &j->err);
	if (rc < 0) {
		/* A refused speed value is not worth a coaster. */
		if (j->err.has_sense &&
		    j->err.sense.key == SENSE_ILLEGAL_REQUEST)
			logf_(j,
			      "the drive refused write speed %u kB/s (%s); "
			      "it chooses the speed itself",
			      speed, j->err.text);
		else
			return fail_mmc(j, rc, "setting the write speed");
	}

	rc = mmc_mode_sense_page(t, MMC_PAGE_WRITE_PARAMETERS, j->page,
				 sizeof(j->page), &j->page_len, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the write parameters");
	rc = mmc_parse_write_parameters(j->page, j->page_len, &j->wp);
	if (rc < 0)
		return fail(j, EIO,
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

static void poll_drive_buffer(struct job *j)
{
	if (j->buffer_poll_failed)
		return;
	struct mmc_buffer_capacity bc;
	struct mmc_error e;
	if (mmc_read_buffer_capacity(j->io->transport, &bc, &e) < 0) {
		/* Only the status display needs it; say so once. */
		j->buffer_poll_failed = true;
		logf_(j, "drive buffer fill unknown: %s", e.text);
		return;
	}
	if (bc.length_of_buffer > 0) {
		uint32_t avail = bc.available_length;
		if (avail > bc.length_of_buffer)
			avail = bc.length_of_buffer;
		j->st.drive_buffer_percent =
		    (unsigned)((uint64_t)(bc.length_of_buffer - avail) * 100 /
			       bc.length_of_buffer);
	}
}

/* Takes the reader's sentence when the ring failed on its side. */
static int fail_reader(struct job *j, int rc)
{
	char text[300] = "";
	if (j->reader) {
		track_reader_join(j->reader, text, sizeof(text));
		j->reader = NULL;
	}
	if (rc == -ETIMEDOUT)
		return fail(
		    j, ETIMEDOUT, "track %u: no audio data arrived for %u s",
		    j->st.current_track, BURN_JOB_DATA_TIMEOUT_MS / 1000);
	if (text[0])
		return fail(j, -rc, "%s", text);
	return fail(j, -rc, "track %u: reading the audio failed: %s",
		    j->st.current_track, strerror(-rc));
}

static int end_track(struct job *j, unsigned k)
{
	struct scsi_transport *t = j->io->transport;
	char where[64];
	snprintf(where, sizeof(where), "ending track %u", k + 1);
	int rc = mmc_synchronize_cache(t, true, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, where);
	rc = mmc_wait_ready(t, MMC_TIMEOUT_SYNC_MS, NULL, NULL, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, where);
	return 0;
}

/* 1 when cancelled, 0 when the track was written, < 0 on failure. */
static int write_track(struct job *j, unsigned k)
{
	struct scsi_transport *t = j->io->transport;
	const struct burn_track *tr = &j->tracks[k];
	uint32_t sectors = j->lay->sectors[k];
	char where[96];
	int rc;

	j->st.current_track = k + 1;
	j->track_written = 0;
	publish(j, true);

	snprintf(where, sizeof(where), "track %u: setting the write parameters",
		 k + 1);
	rc = select_write_parameters(j, tr, where);
	if (rc < 0)
		return rc;

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->err);
	if (rc < 0) {
		snprintf(where, sizeof(where),
			 "track %u: asking for the next writable address",
			 k + 1);
		return fail_mmc(j, rc, where);
	}
	if (!ti.nwa_v)
		return fail(j, EIO,
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
			return fail(j, EIO,
				    "track %u: the drive reports next writable "
				    "address %d, but the disc is written up to "
				    "LBA %d (expected %d)",
				    k + 1, nwa, j->last_end, expected);
		logf_(j,
		      "track %u: the drive starts it at LBA %d "
		      "(expected %d)",
		      k + 1, nwa, expected);
	}
	if (ti.free_blocks < sectors)
		return fail(j, ENOSPC,
			    "track %u: needs %u sectors, the drive reports %u "
			    "free at LBA %d",
			    k + 1, sectors, ti.free_blocks, nwa);

	const char *pad = "";
	if (tr->length < (uint64_t)CD_MIN_TRACK_SECTORS * CD_SECTOR_BYTES)
		pad = ", padded with silence to 4 seconds";
	else if (tao_track_needs_padding(tr->length))
		pad = ", padded to a whole sector";
	logf_(j, "track %u (%s): %u sectors at LBA %d%s%s%s", k + 1, tr->name,
	      sectors, nwa, pad, tr->isrc[0] ? ", ISRC " : "", tr->isrc);

	j->track_start = nwa;
	j->lay->starts[k] = nwa;
	uint32_t lba = (uint32_t)nwa;
	while (j->track_written < sectors) {
		if (cancelled(j))
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
		    ring_peek(j->ring, bytes, BURN_JOB_DATA_TIMEOUT_MS,
			      j->chunk, &data, &boundary);
		if (got < 0)
			return fail_reader(j, (int)got);
		if ((size_t)got != bytes || (boundary && !last)) {
			ring_release(j->ring);
			return fail(j, EIO,
				    "track %u: the audio data ended after %llu "
				    "of %u sectors",
				    k + 1,
				    (unsigned long long)(j->track_written +
							 (uint64_t)got /
							     CD_SECTOR_BYTES),
				    sectors);
		}
		rc = mmc_write10(t, lba, blocks, data, &j->err);
		ring_release(j->ring);
		if (rc < 0) {
			snprintf(where, sizeof(where), "track %u", k + 1);
			return fail_mmc(j, rc, where);
		}
		if (last && !boundary) {
			/* The reader marks the end right after the data. */
			int b = ring_wait_boundary(j->ring,
						   BURN_JOB_DATA_TIMEOUT_MS);
			if (b < 0)
				return b == -EPROTO || b == -EPIPE
					   ? fail(j, EIO,
						  "track %u: its audio data "
						  "does not "
						  "end after %u sectors",
						  k + 1, sectors)
					   : fail_reader(j, b);
		}
		lba += blocks;
		j->last_end = (int32_t)lba;
		j->track_written += blocks;
		j->st.sectors_written += blocks;
		j->since_buffer_poll += blocks;
		speed_window_add(&j->speed, mono_seconds(),
				 j->st.sectors_written);
		if (j->since_buffer_poll >= BURN_JOB_BUFFER_POLL_SECTORS) {
			j->since_buffer_poll = 0;
			poll_drive_buffer(j);
		}
		publish(j, false);
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
	struct scsi_transport *t = j->io->transport;
	bool appendable = j->opts->do_not_finalize;
	set_state(j, BURN_FINISHING);
	logf_(j, "closing the session%s",
	      appendable ? "; the disc stays appendable"
			 : " and finalizing the disc");
	j->closing = true;
	int rc =
	    mmc_close_track_session(t, true, MMC_CLOSE_SESSION, 0, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "closing the session");
	rc = mmc_wait_ready(t, MMC_TIMEOUT_CLOSE_MS, NULL, NULL, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "closing the session");
	return 0;
}

/* ---- verification ------------------------------------------------------ */

static void verify_advance(void *ctx, unsigned track, uint64_t done)
{
	struct job *j = ctx;
	bool new_track = track != j->st.current_track;
	j->st.current_track = track;
	j->st.sectors_written = done;
	snprintf(j->st.verify, sizeof(j->st.verify), "running, track %u of %zu",
		 track, j->n);
	speed_window_add(&j->speed, mono_seconds(), done);
	publish(j, new_track);
}

static void verify_log(void *ctx, const char *line)
{
	logf_(ctx, "%s", line);
}

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
		return fail(j, ENOMEM, "out of memory for verifying");
	for (size_t k = 0; k < j->n; k++) {
		vt[k].track = &j->tracks[k];
		vt[k].start = j->lay->starts[k];
		vt[k].sectors = j->lay->sectors[k];
	}
	j->st.sectors_written = 0;
	j->st.current_track = 0;
	speed_window_init(&j->speed, 3.0);
	snprintf(j->st.verify, sizeof(j->st.verify), "running");
	set_state(j, BURN_VERIFYING);
	logf_(j, "verifying: reading the %zu track%s back", j->n,
	      plural((unsigned)j->n));
	struct verify_job_io vio = {
	    .transport = j->io->transport,
	    .cancel = j->io->cancel,
	    .log = verify_log,
	    .advance = verify_advance,
	    .ctx = j,
	    .mcn = j->opts->mcn,
	    .first_track = j->first_track_number,
	};
	char summary[sizeof(j->st.verify)];
	int rc = verify_job_run(&vio, vt, j->n, summary, sizeof(summary));
	free(vt);
	if (rc == VERIFY_JOB_PASSED || rc == VERIFY_JOB_MISMATCH) {
		snprintf(j->st.verify, sizeof(j->st.verify), "%s", summary);
		logf_(j, "verification %s", summary);
	}
	if (rc == VERIFY_JOB_MISMATCH)
		fail(j, EIO, "verification %s; the staged tracks stay",
		     summary);
	else if (rc == VERIFY_JOB_CANCELLED)
		snprintf(j->st.verify, sizeof(j->st.verify), "%s", summary);
	else if (rc < 0) {
		snprintf(j->st.verify, sizeof(j->st.verify),
			 "failed, the disc could not be read back");
		fail(j, -rc, "%s", summary);
	}
	return rc;
}

/* ---- the end: what the disc holds now ---------------------------------- */

static void describe_disc(struct job *j, const char *what, char *out,
			  size_t len)
{
	unsigned partial = j->track_written > 0 ? 1 : 0;
	unsigned on_disc = j->tracks_in_open_session + j->tracks_done + partial;
	if (j->opts->test_write) {
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
			 what, on_disc, plural(on_disc));
	} else {
		char inc[64] = "";
		if (partial)
			snprintf(inc, sizeof(inc), " (track %u is incomplete)",
				 j->first_track_number + j->tracks_done);
		snprintf(out, len,
			 "%s: the disc has an open session with %u track%s%s; "
			 "CD players cannot play it until the session is "
			 "closed (commit with nothing staged closes it)",
			 what, on_disc, plural(on_disc), inc);
	}
}

/* Best effort after a failure or cancel: end the partial track, unlock. */
static void wind_down(struct job *j)
{
	struct scsi_transport *t = j->io->transport;
	struct mmc_error e;
	if (j->track_written > 0) {
		/* The drive has recorded it; a CD-R cannot take it back. */
		if (mmc_synchronize_cache(t, true, &e) < 0 ||
		    mmc_wait_ready(t, MMC_TIMEOUT_SYNC_MS, NULL, NULL, &e) < 0)
			logf_(j, "ending the incomplete track failed: %s",
			      e.text);
	}
	if (j->prevented) {
		if (mmc_prevent_allow_medium_removal(t, false, &e) < 0)
			logf_(j, "unlocking the tray failed: %s", e.text);
		j->prevented = false;
	}
}

static void stop_reader(struct job *j)
{
	if (j->ring)
		ring_abort(j->ring, ECANCELED);
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
	j->io = io;
	j->opts = opts;
	j->tracks = tracks;
	j->n = n_tracks;
	j->t0 = mono_now();
	j->last_emit = 0;
	speed_window_init(&j->speed, 3.0);
	j->st.tracks_total = (unsigned)n_tracks;
	j->st.remaining_s = -1;

	j->lay = burn_tracks_layout(0, tracks, n_tracks);
	if (!j->lay) {
		rc = fail(j, ENOMEM, "out of memory starting the burn");
		goto failed;
	}
	for (size_t k = 0; k < n_tracks; k++)
		j->st.sectors_total += j->lay->sectors[k];

	set_state(j, BURN_PREPARING);
	if (n_tracks)
		logf_(j, "burning %zu track%s (%llu sectors)%s%s", n_tracks,
		      plural((unsigned)n_tracks),
		      (unsigned long long)j->st.sectors_total,
		      opts->test_write ? ", test write (laser off)" : "",
		      opts->keep_session_open ? ", session stays open" : "");
	else
		logf_(j, "closing the open session");

	if (n_tracks) {
		j->ring = ring_new(io->ring_bytes);
		j->chunk = malloc(CHUNK_BYTES);
		if (!j->ring || !j->chunk) {
			rc = fail(j, ENOMEM,
				  "out of memory for the host buffer");
			goto failed;
		}
		/* The reader fills the buffer while the drive is prepared. */
		rc = track_reader_start(&j->reader, j->ring, tracks, n_tracks);
		if (rc < 0) {
			fail(j, -rc, "cannot start the reader thread: %s",
			     strerror(-rc));
			goto failed;
		}
	}

	rc = prepare(j);
	if (rc < 0)
		goto failed;
	if (cancelled(j))
		goto cancelled;

	if (n_tracks) {
		set_state(j, BURN_WRITING);
		for (size_t k = 0; k < n_tracks; k++) {
			rc = write_track(j, (unsigned)k);
			if (rc < 0)
				goto failed;
			if (rc > 0 || (k + 1 < n_tracks && cancelled(j)))
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
			j->st.state = BURN_CANCELLED;
			logf_(j,
			      "cancelled during verification: all %zu "
			      "track%s were written and the disc is as the "
			      "burn left it; the staged tracks stay",
			      n_tracks, plural((unsigned)n_tracks));
			goto out;
		}
		if (rc != VERIFY_JOB_PASSED) {
			wind_down(j);
			j->st.state = BURN_FAILED;
			logf_(j, "burn failed on %s: %s",
			      io->drive ? io->drive : "the drive",
			      j->st.last_error);
			goto out;
		}
	}
	wind_down(j);
	j->st.state = BURN_DONE;
	j->st.remaining_s = 0;
	if (opts->test_write)
		logf_(j, "test write finished: nothing was recorded");
	else if (n_tracks && opts->keep_session_open)
		logf_(j,
		      "done: %zu track%s written; the session stays open "
		      "(only CD recorders can read the disc until it is "
		      "closed)",
		      n_tracks, plural((unsigned)n_tracks));
	else
		logf_(j, "done: %zu track%s written; the disc is %s", n_tracks,
		      plural((unsigned)n_tracks),
		      opts->do_not_finalize ? "appendable" : "closed");
	goto out;

cancelled:
	stop_reader(j);
	{
		char what[64];
		if (j->st.current_track && j->track_written == 0 &&
		    j->tracks_done == j->st.current_track)
			snprintf(what, sizeof(what),
				 "cancelled after track %u of %zu",
				 j->st.current_track, n_tracks);
		else if (j->st.current_track)
			snprintf(what, sizeof(what),
				 "cancelled during track %u of %zu",
				 j->st.current_track, n_tracks);
		else
			snprintf(what, sizeof(what),
				 "cancelled before writing");
		describe_disc(j, what, line, sizeof(line));
	}
	wind_down(j);
	j->st.state = BURN_CANCELLED;
	logf_(j, "%s", line);
	goto out;

failed:
	stop_reader(j);
	logf_(j, "burn failed on %s: %s", io->drive ? io->drive : "the drive",
	      j->st.last_error);
	wind_down(j);
	describe_disc(j, "after the failure", line, sizeof(line));
	j->st.state = BURN_FAILED;
	logf_(j, "%s", line);

out:
	stop_reader(j);
	ring_free(j->ring);
	j->ring = NULL;
	publish(j, false);
	*final = j->st;
	enum burn_state s = j->st.state;
	free(j->chunk);
	tao_layout_free(j->lay);
	free(j);
	return s;
}
