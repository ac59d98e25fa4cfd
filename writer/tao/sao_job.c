/*
 * sao_job.c - the Session-At-Once burn engine (see sao_job.h and
 * doc/engine.md, "Session-At-Once").
 *
 * One job = plan (layout, CD-TEXT packs), prepare (blank disc, SAO
 * capability, tray, speed, write parameters with write type 2, cue
 * sheet), write (CD-TEXT lead-in, then the stream from LBA -150 to the
 * lead-out out of the ring), end (SYNCHRONIZE CACHE: the drive writes
 * the lead-out), verify, unlock.  A reader thread (sao_reader.c) fills
 * the ring; this thread is the only one that talks to the drive.
 */
#include "sao_job.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdtext.h"
#include "mmc.h"
#include "mmc_cue_sheet.h"
#include "mono_clock.h"
#include "msf.h"
#include "q_control.h"
#include "ring.h"
#include "sao_cdtext.h"
#include "sao_layout.h"
#include "sao_reader.h"
#include "sao_stream.h"
#include "speed_window.h"
#include "verify_job.h"

#define CHUNK_BYTES (BURN_JOB_WRITE_SECTORS * CD_SECTOR_BYTES)

struct sjob {
	const struct burn_job_io *io;
	const struct burn_options *opts;
	const struct burn_track *tracks;
	size_t n;
	struct sao_layout *lay;
	uint8_t *packs; /* CD-TEXT, n_packs x 18 bytes; NULL: none */
	size_t n_packs;

	struct burn_status st;
	struct timespec t0;
	double last_emit;
	struct speed_window speed;

	struct ring *ring;
	struct sao_stream *stream;  /* the reader's */
	struct sao_stream *vstream; /* verification's */
	struct sao_reader *reader;
	uint8_t *chunk;

	uint8_t page[256];
	size_t page_len;
	struct mmc_write_parameters wp;
	int32_t leadin_lba; /* ATIP start of the lead-in (CD-TEXT) */

	bool prevented;
	bool started;	  /* a WRITE reached the drive */
	bool streamed;	  /* every sector up to the lead-out was sent */
	bool wound_down;  /* the interrupted stream was ended */
	int32_t next_lba; /* the next stream sector to send */
	bool buffer_poll_failed;
	uint64_t since_buffer_poll;

	struct mmc_error err;
	uint8_t conf_buf[4096];
	struct mmc_configuration conf;
};

static void logf_(struct sjob *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct sjob *j, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (j->io->log)
		j->io->log(j->io->ctx, line);
}

static void log_line(void *ctx, const char *line)
{
	logf_(ctx, "%s", line);
}

static void publish(struct sjob *j, bool force)
{
	double t = mono_seconds();
	j->st.elapsed_s = mono_seconds_since(&j->t0);
	j->st.speed_x = speed_window_rate(&j->speed) / SPEED_1X_SECTORS_PER_S;
	j->st.remaining_s = -1;
	if (j->st.state == BURN_WRITING)
		j->st.remaining_s = speed_window_eta(
		    &j->speed, j->st.sectors_total - j->st.sectors_written);
	j->st.host_buffer_bytes = 0;
	j->st.host_buffer_total_bytes = 0;
	j->st.host_buffer_percent = 0;
	if (j->ring) {
		size_t fill = ring_fill(j->ring);
		j->st.host_buffer_bytes = fill;
		j->st.host_buffer_total_bytes = ring_capacity(j->ring);
		j->st.host_buffer_percent =
		    (unsigned)(fill * 100 / ring_capacity(j->ring));
	}
	bool emit = force || (t - j->last_emit) * 1000 >= BURN_JOB_EMIT_MS;
	if (emit)
		j->last_emit = t;
	if (j->io->publish)
		j->io->publish(j->io->ctx, &j->st, emit);
}

static void set_state(struct sjob *j, enum burn_state s)
{
	j->st.state = s;
	publish(j, true);
}

static bool cancelled(struct sjob *j)
{
	return j->io->cancel && atomic_load(j->io->cancel);
}

static int fail(struct sjob *j, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct sjob *j, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->st.last_error, sizeof(j->st.last_error), fmt, ap);
	va_end(ap);
	return -err;
}

static int fail_mmc(struct sjob *j, int rc, const char *where)
{
	const char *text = j->err.text[0] ? j->err.text : strerror(-rc);
	/* Cut at the status field's size if need be. */
	if (snprintf(j->st.last_error, sizeof(j->st.last_error), "%s: %s",
		     where, text) < 0)
		j->st.last_error[0] = '\0';
	return rc < 0 ? rc : -EIO;
}

static bool illegal_request(const struct sjob *j)
{
	return j->err.has_sense && j->err.sense.key == SENSE_ILLEGAL_REQUEST;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* The sentence every refusal of SAO by the drive ends with. */
#define USE_TAO                                                                \
	"; nothing was written: burn Track-At-Once instead with "              \
	"`echo tao > write_mode`"

/* ---- plan ------------------------------------------------------------- */

static int plan(struct sjob *j)
{
	char why[256] = "";
	int rc =
	    burn_tracks_sao_layout(j->tracks, j->n, &j->lay, why, sizeof(why));
	if (rc < 0)
		return fail(j, -rc, "the Session-At-Once layout: %s", why);
	rc = sao_cdtext_packs(j->opts, j->tracks, j->n, &j->packs, &j->n_packs,
			      log_line, j, why, sizeof(why));
	if (rc < 0)
		return fail(j, -rc, "CD-TEXT: %s", why);
	return 0;
}

/* ---- prepare ----------------------------------------------------------- */

static int check_disc(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	int rc =
	    mmc_wait_ready(t, BURN_JOB_READY_TIMEOUT_MS, NULL, NULL, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "waiting for the drive");
	struct mmc_disc_information di;
	rc = mmc_read_disc_information(t, &di, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the disc");
	if (di.disc_status == MMC_DISC_COMPLETE)
		return fail(j, EROFS,
			    "the disc is closed: no more tracks can be added");
	if (di.disc_status != MMC_DISC_BLANK)
		return fail(j, EROFS,
			    "Session-At-Once writes a blank disc, and this "
			    "one has sessions already (append Track-At-Once "
			    "with `echo tao > write_mode`)");

	rc = mmc_get_configuration(t, &j->conf, j->conf_buf,
				   sizeof(j->conf_buf), &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the drive configuration");
	if (j->conf.current_profile != MMC_PROFILE_CD_R &&
	    j->conf.current_profile != MMC_PROFILE_CD_RW)
		return fail(j, EMEDIUMTYPE,
			    "the disc is not a CD-R or CD-RW (profile %04Xh)",
			    j->conf.current_profile);
	if (!j->conf.mastering_present || !j->conf.sao)
		return fail(j, ENOTSUP,
			    "the drive cannot write Session-At-Once "
			    "(feature 002Eh CD Mastering %s)" USE_TAO,
			    j->conf.mastering_present ? "without its SAO bit"
						      : "absent");

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "asking for the free space");
	if (!ti.nwa_v)
		return fail(j, EROFS,
			    "the drive reports no writable address: "
			    "the disc cannot take a session");
	uint64_t need = (uint64_t)(j->lay->leadout - ti.next_writable_address);
	if (need > ti.free_blocks)
		return fail(j, ENOSPC,
			    "the session needs %llu sectors up to its "
			    "lead-out, the disc has %u free",
			    (unsigned long long)need, ti.free_blocks);

	if (j->n_packs) {
		struct mmc_atip atip;
		rc = mmc_read_atip(t, &atip, &j->err);
		if (rc < 0 || atip.leadin_start_lba >= SAO_FIRST_LBA) {
			logf_(j,
			      "CD-TEXT left out: the start of the lead-in is "
			      "unknown (%s)",
			      rc < 0 ? j->err.text : "no ATIP lead-in start");
			free(j->packs);
			j->packs = NULL;
			j->n_packs = 0;
		} else {
			j->leadin_lba = atip.leadin_start_lba;
		}
	}
	return 0;
}

static int select_sao(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	int rc = mmc_mode_sense_page(t, MMC_PAGE_WRITE_PARAMETERS, j->page,
				     sizeof(j->page), &j->page_len, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "reading the write parameters");
	rc = mmc_parse_write_parameters(j->page, j->page_len, &j->wp);
	if (rc < 0)
		return fail(j, EIO,
			    "the drive's Write Parameters page (05h) is "
			    "malformed (%zu bytes)",
			    j->page_len);
	struct mmc_write_parameters wp = j->wp;
	if (wp.page_length == 0)
		wp.page_length = 0x32;
	wp.ps = false;
	wp.bufe = j->opts->buffer_underrun_protection;
	wp.ls_v = false;
	wp.test_write = j->opts->test_write;
	wp.write_type = MMC_WRITE_TYPE_SAO;
	wp.multi_session = j->opts->do_not_finalize ? MMC_MULTI_SESSION_NEXT
						    : MMC_MULTI_SESSION_NONE;
	wp.fp = false;
	wp.copy = false;
	wp.track_mode = 0; /* the cue sheet's CTL of every track rules */
	wp.data_block_type = 0;
	wp.link_size = 0;
	wp.host_application_code = 0;
	wp.session_format = 0;
	wp.packet_size = 0;
	wp.audio_pause_length = CD_PREGAP_SECTORS;
	/* MCN and ISRC travel in the cue sheet. */
	wp.mcval = false;
	memset(wp.mcn, 0, sizeof(wp.mcn));
	wp.tcval = false;
	memset(wp.isrc, 0, sizeof(wp.isrc));
	uint8_t page[256];
	int len = mmc_build_write_parameters(&wp, page, sizeof(page));
	if (len < 0)
		return fail(j, EINVAL,
			    "cannot build the Write Parameters page (page "
			    "length %u)",
			    wp.page_length);
	rc = mmc_mode_select_page(t, page, (size_t)len, &j->err);
	if (rc < 0 && illegal_request(j))
		return fail(j, ENOTSUP,
			    "the drive cannot write Session-At-Once: it "
			    "refused write type 2 in page 05h (%s)" USE_TAO,
			    j->err.text);
	if (rc < 0)
		return fail_mmc(j, rc, "setting the write parameters");
	return 0;
}

static int send_cue_sheet(struct sjob *j)
{
	struct mmc_cue_disc *d = calloc(1, sizeof(*d));
	if (!d)
		return fail(j, ENOMEM, "out of memory for the cue sheet");
	memcpy(d->mcn, j->opts->mcn, sizeof(d->mcn));
	d->mcn[13] = '\0';
	d->cd_text = j->n_packs > 0;
	d->first_tno = 1;
	for (size_t i = 0; i < j->n; i++) {
		const struct burn_track *t = &j->tracks[i];
		d->track[i].q_control =
		    (uint8_t)((t->pre_emphasis ? Q_CTL_PRE_EMPHASIS : 0) |
			      (t->copy_permitted ? Q_CTL_COPY_PERMITTED : 0));
		d->track[i].scms = t->scms;
		memcpy(d->track[i].isrc, t->isrc, sizeof(d->track[i].isrc));
		d->track[i].isrc[12] = '\0';
	}
	size_t cap = mmc_cue_sheet_length(j->lay, d);
	uint8_t *sheet = malloc(cap ? cap : 1);
	size_t len = sheet ? mmc_cue_sheet_build(j->lay, d, sheet, cap) : 0;
	free(d);
	if (!len) {
		free(sheet);
		return fail(j, EINVAL, "cannot build the cue sheet");
	}
	if (j->conf.sao_max_cue_sheet && len > j->conf.sao_max_cue_sheet) {
		free(sheet);
		return fail(j, ENOTSUP,
			    "the cue sheet has %zu bytes, the drive takes at "
			    "most %u" USE_TAO,
			    len, j->conf.sao_max_cue_sheet);
	}
	int rc =
	    mmc_send_cue_sheet(j->io->transport, sheet, (uint32_t)len, &j->err);
	free(sheet);
	if (rc < 0)
		return fail_mmc(j, rc, "sending the cue sheet");
	logf_(j, "cue sheet sent: %zu entries%s", len / MMC_CUE_ENTRY_BYTES,
	      j->n_packs ? ", CD-TEXT in the lead-in" : "");
	return 0;
}

static int prepare(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	int rc = check_disc(j);
	if (rc < 0)
		return rc;
	rc = mmc_prevent_allow_medium_removal(t, true, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "locking the tray");
	j->prevented = true;
	uint16_t speed =
	    j->opts->write_speed_kbps ? j->opts->write_speed_kbps : 0xFFFF;
	rc = mmc_set_cd_speed(t, 0xFFFF, speed, &j->err);
	if (rc < 0) {
		if (!illegal_request(j))
			return fail_mmc(j, rc, "setting the write speed");
		logf_(j,
		      "the drive refused write speed %u kB/s (%s); it "
		      "chooses the speed itself",
		      speed, j->err.text);
	}
	rc = select_sao(j);
	if (rc < 0)
		return rc;
	return send_cue_sheet(j);
}

/* ---- writing ----------------------------------------------------------- */

static void poll_drive_buffer(struct sjob *j)
{
	if (j->buffer_poll_failed)
		return;
	struct mmc_buffer_capacity bc;
	struct mmc_error e;
	if (mmc_read_buffer_capacity(j->io->transport, &bc, &e) < 0) {
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

/* 1 when cancelled, 0 when written, < 0 on failure. */
static int write_lead_in(struct sjob *j)
{
	if (!j->n_packs)
		return 0;
	uint8_t buf[SAO_JOB_LEADIN_SECTORS * CDTEXT_SUBCHANNEL_BYTES];
	uint32_t sectors = (uint32_t)(SAO_FIRST_LBA - j->leadin_lba);
	logf_(j, "CD-TEXT: %zu packs in the lead-in, %u sectors from LBA %d",
	      j->n_packs, sectors, j->leadin_lba);
	size_t pack = 0;
	for (int32_t lba = j->leadin_lba; lba < SAO_FIRST_LBA;) {
		if (cancelled(j))
			return 1;
		uint32_t left = (uint32_t)(SAO_FIRST_LBA - lba);
		uint16_t blocks = left < SAO_JOB_LEADIN_SECTORS
				      ? (uint16_t)left
				      : SAO_JOB_LEADIN_SECTORS;
		for (uint16_t b = 0; b < blocks; b++) {
			cdtext_subchannel_sector(
			    j->packs, j->n_packs, pack,
			    buf + (size_t)b * CDTEXT_SUBCHANNEL_BYTES);
			pack = (pack + CDTEXT_PACKS_PER_SECTOR) % j->n_packs;
		}
		j->started = true;
		int rc =
		    mmc_write10_sized(j->io->transport, (uint32_t)lba, blocks,
				      CDTEXT_SUBCHANNEL_BYTES, buf, &j->err);
		if (rc < 0)
			return fail_mmc(j, rc,
					"writing CD-TEXT in the lead-in");
		lba += blocks;
	}
	return 0;
}

/* The 1-based track the stream sector lba belongs to. */
static unsigned track_at(const struct sjob *j, int32_t lba)
{
	unsigned k = 0;
	while (k + 1 < j->lay->n && lba >= j->lay->track[k + 1].index0)
		k++;
	return k + 1;
}

static void log_track(struct sjob *j, unsigned k)
{
	const struct sao_track_layout *tl = &j->lay->track[k];
	const struct burn_track *t = &j->tracks[k];
	char at[16], gap[96] = "", idx[32] = "";
	msf_format(msf_from_lba(tl->index[1]), at);
	uint32_t pregap = (uint32_t)(tl->index[1] - tl->index0);
	if (k > 0 && j->lay->track[k - 1].gapless_to_next)
		snprintf(gap, sizeof(gap), ", gapless after track %u%s", k,
			 pregap ? " (its pregap holds audio)" : "");
	else if (k > 0 || pregap > (uint32_t)-SAO_FIRST_LBA)
		snprintf(gap, sizeof(gap), ", pregap %u sectors%s",
			 k ? pregap : pregap - (uint32_t)-SAO_FIRST_LBA,
			 t->pregap_audio ? " of audio" : "");
	if (tl->last_index > 1)
		snprintf(idx, sizeof(idx), ", %u index points", tl->last_index);
	logf_(j, "track %u (%s): INDEX 01 at LBA %d (%s), %d sectors%s%s%s%s",
	      k + 1, t->name, tl->index[1], at, tl->end - tl->index[1], gap,
	      idx, t->isrc[0] ? ", ISRC " : "", t->isrc);
}

static int fail_reader(struct sjob *j, int rc)
{
	char text[300] = "";
	if (j->reader) {
		sao_reader_join(j->reader, text, sizeof(text));
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

/* 1 when cancelled, 0 when the stream was written, < 0 on failure. */
static int write_stream(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	int32_t end = j->lay->leadout;
	unsigned logged = 0;
	j->next_lba = SAO_FIRST_LBA;
	while (j->next_lba < end) {
		if (cancelled(j))
			return 1;
		int32_t lba = j->next_lba;
		unsigned k = track_at(j, lba);
		bool new_track = k != j->st.current_track;
		j->st.current_track = k;
		while (logged < k)
			log_track(j, logged++);
		if (new_track)
			publish(j, true);
		uint32_t left = (uint32_t)(end - lba);
		uint16_t blocks = left < BURN_JOB_WRITE_SECTORS
				      ? (uint16_t)left
				      : BURN_JOB_WRITE_SECTORS;
		size_t bytes = (size_t)blocks * CD_SECTOR_BYTES;
		bool last = blocks == left;
		bool boundary = false;
		const void *data = NULL;
		ssize_t got =
		    ring_peek(j->ring, bytes, BURN_JOB_DATA_TIMEOUT_MS,
			      j->chunk, &data, &boundary);
		if (got < 0)
			return fail_reader(j, (int)got);
		if ((size_t)got != bytes || (boundary && !last)) {
			ring_release(j->ring);
			return fail(j, EIO,
				    "the audio data ended at LBA %d, before "
				    "the lead-out at LBA %d",
				    lba + (int32_t)(got / CD_SECTOR_BYTES),
				    end);
		}
		j->started = true;
		int rc = mmc_write10(t, (uint32_t)lba, blocks, data, &j->err);
		ring_release(j->ring);
		if (rc < 0) {
			char where[64];
			snprintf(where, sizeof(where), "track %u", k);
			return fail_mmc(j, rc, where);
		}
		if (last && !boundary) {
			int b = ring_wait_boundary(j->ring,
						   BURN_JOB_DATA_TIMEOUT_MS);
			if (b < 0)
				return b == -EPROTO || b == -EPIPE
					   ? fail(j, EIO,
						  "the audio data does not "
						  "end at the lead-out (LBA "
						  "%d)",
						  end)
					   : fail_reader(j, b);
		}
		j->next_lba = lba + blocks;
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
	j->streamed = true;
	return 0;
}

static int end_session(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	set_state(j, BURN_FINISHING);
	logf_(j, "the drive writes the lead-out and closes the session%s",
	      j->opts->do_not_finalize ? "; the disc stays appendable"
				       : " and the disc");
	int rc = mmc_synchronize_cache(t, true, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "ending the session");
	rc = mmc_wait_ready(t, MMC_TIMEOUT_CLOSE_MS, NULL, NULL, &j->err);
	if (rc < 0)
		return fail_mmc(j, rc, "ending the session");
	return 0;
}

/* ---- verification ------------------------------------------------------ */

/* Where track k is read back: from INDEX 00 (LBA 0 for track 1: nothing
 * before it can be read) to its end. */
static int32_t verify_start(const struct sjob *j, size_t k)
{
	int32_t s = j->lay->track[k].index0;
	return s < 0 ? 0 : s;
}

static int expected(void *ctx, unsigned k, int64_t first, size_t count,
		    uint8_t *out, char *err, size_t err_len)
{
	struct sjob *j = ctx;
	int64_t pos = (int64_t)sao_lba_byte(verify_start(j, k)) + first * 4;
	return sao_stream_read(j->vstream, pos, out, count * 4, err, err_len);
}

static void verify_advance(void *ctx, unsigned track, uint64_t done)
{
	struct sjob *j = ctx;
	bool new_track = track != j->st.current_track;
	j->st.current_track = track;
	j->st.sectors_written = done;
	snprintf(j->st.verify, sizeof(j->st.verify), "running, track %u of %zu",
		 track, j->n);
	speed_window_add(&j->speed, mono_seconds(), done);
	publish(j, new_track);
}

static int verify(struct sjob *j)
{
	struct verify_job_track *vt = calloc(j->n, sizeof(*vt));
	j->vstream = sao_stream_new(j->lay, j->tracks, j->n);
	if (!vt || !j->vstream) {
		free(vt);
		return fail(j, ENOMEM, "out of memory for verifying");
	}
	uint64_t total = 0;
	for (size_t k = 0; k < j->n; k++) {
		vt[k].track = &j->tracks[k];
		vt[k].start = verify_start(j, k);
		vt[k].sectors = (uint32_t)(j->lay->track[k].end - vt[k].start);
		total += vt[k].sectors;
	}
	j->st.sectors_written = 0;
	j->st.sectors_total = total;
	j->st.current_track = 0;
	speed_window_init(&j->speed, 3.0);
	snprintf(j->st.verify, sizeof(j->st.verify), "running");
	set_state(j, BURN_VERIFYING);
	logf_(j, "verifying: reading the %zu track%s back", j->n, plural(j->n));
	struct verify_job_io vio = {
	    .transport = j->io->transport,
	    .cancel = j->io->cancel,
	    .log = log_line,
	    .advance = verify_advance,
	    .expected = expected,
	    .ctx = j,
	    .mcn = j->opts->mcn,
	    .first_track = 1,
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

/* ---- the end ----------------------------------------------------------- */

static void describe_disc(struct sjob *j, const char *what, char *out,
			  size_t len)
{
	if (j->opts->test_write)
		snprintf(out, len,
			 "%s: test write, nothing was recorded; the disc is "
			 "as it was",
			 what);
	else if (!j->started)
		snprintf(out, len,
			 "%s: nothing was written; the disc is as it was",
			 what);
	else if (!j->streamed)
		snprintf(out, len,
			 "%s: the Session-At-Once session stopped at LBA %d "
			 "of %d; it cannot be completed, so a CD-R is most "
			 "likely unusable (a CD-RW can be blanked)",
			 what, j->next_lba, j->lay->leadout);
	else
		snprintf(out, len,
			 "%s: every sector was sent, but the drive did not "
			 "confirm the end of the session; the disc may be "
			 "unusable",
			 what);
}

static void wind_down(struct sjob *j)
{
	struct scsi_transport *t = j->io->transport;
	struct mmc_error e;
	if (j->started && !j->streamed && !j->wound_down) {
		if (mmc_synchronize_cache(t, true, &e) < 0 ||
		    mmc_wait_ready(t, MMC_TIMEOUT_SYNC_MS, NULL, NULL, &e) < 0)
			logf_(j, "ending the interrupted session failed: %s",
			      e.text);
		j->wound_down = true; /* only once */
	}
	if (j->prevented) {
		if (mmc_prevent_allow_medium_removal(t, false, &e) < 0)
			logf_(j, "unlocking the tray failed: %s", e.text);
		j->prevented = false;
	}
}

static void stop_reader(struct sjob *j)
{
	if (j->ring)
		ring_abort(j->ring, ECANCELED);
	if (j->reader) {
		sao_reader_join(j->reader, NULL, 0);
		j->reader = NULL;
	}
}

static int start_reader(struct sjob *j)
{
	j->ring = ring_new(j->io->ring_bytes);
	j->chunk = malloc(CHUNK_BYTES);
	j->stream = sao_stream_new(j->lay, j->tracks, j->n);
	if (!j->ring || !j->chunk || !j->stream)
		return fail(j, ENOMEM, "out of memory for the host buffer");
	int rc = sao_reader_start(&j->reader, j->ring, j->stream,
				  j->lay->total_bytes);
	if (rc < 0)
		return fail(j, -rc, "cannot start the reader thread: %s",
			    strerror(-rc));
	return 0;
}

enum burn_state sao_job_run(const struct burn_job_io *io,
			    const struct burn_options *opts,
			    const struct burn_track *tracks, size_t n_tracks,
			    struct burn_status *final)
{
	struct sjob *j = calloc(1, sizeof(*j));
	char line[400];
	int rc;
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
	j->next_lba = SAO_FIRST_LBA;
	speed_window_init(&j->speed, 3.0);
	j->st.tracks_total = (unsigned)n_tracks;
	j->st.remaining_s = -1;
	set_state(j, BURN_PREPARING);

	if (n_tracks == 0) {
		rc = fail(j, ENODATA,
			  "nothing to do: Session-At-Once needs tracks");
		goto failed;
	}
	if (opts->keep_session_open) {
		rc = fail(j, EINVAL,
			  "a Session-At-Once session is always closed: "
			  "keep_session_open must be 0");
		goto failed;
	}
	rc = plan(j);
	if (rc < 0)
		goto failed;
	j->st.sectors_total = (uint64_t)(j->lay->leadout - SAO_FIRST_LBA);
	{
		char lo[16];
		msf_format(msf_from_lba(j->lay->leadout), lo);
		logf_(j,
		      "burning %zu track%s Session-At-Once (%llu sectors, "
		      "lead-out at LBA %d, %s)%s%s",
		      n_tracks, plural(n_tracks),
		      (unsigned long long)j->st.sectors_total, j->lay->leadout,
		      lo, j->n_packs ? ", with CD-TEXT" : "",
		      opts->test_write ? ", test write (laser off)" : "");
	}
	rc = start_reader(j);
	if (rc < 0)
		goto failed;
	rc = prepare(j);
	if (rc < 0)
		goto failed;
	if (cancelled(j))
		goto cancelled;

	set_state(j, BURN_WRITING);
	rc = write_lead_in(j);
	if (rc < 0)
		goto failed;
	if (rc > 0)
		goto cancelled;
	rc = write_stream(j);
	if (rc < 0)
		goto failed;
	if (rc > 0)
		goto cancelled;
	stop_reader(j);
	rc = end_session(j);
	if (rc < 0)
		goto failed;

	if (opts->verify && !opts->test_write) {
		rc = verify(j);
		if (rc == VERIFY_JOB_CANCELLED) {
			wind_down(j);
			j->st.state = BURN_CANCELLED;
			logf_(j, "cancelled during verification: the disc is "
				 "complete; the staged tracks stay");
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
	else
		logf_(j,
		      "done: %zu track%s written Session-At-Once%s; the "
		      "disc is %s",
		      n_tracks, plural(n_tracks),
		      j->n_packs ? " with CD-TEXT" : "",
		      opts->do_not_finalize ? "appendable" : "closed");
	goto out;

cancelled:
	stop_reader(j);
	{
		char what[80];
		if (j->started)
			snprintf(what, sizeof(what),
				 "cancelled during track %u of %zu",
				 j->st.current_track ? j->st.current_track : 1,
				 n_tracks);
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
	if (j->lay) {
		wind_down(j);
		describe_disc(j, "after the failure", line, sizeof(line));
		logf_(j, "%s", line);
	} else {
		wind_down(j);
	}
	j->st.state = BURN_FAILED;

out:
	stop_reader(j);
	ring_free(j->ring);
	j->ring = NULL;
	publish(j, false);
	*final = j->st;
	enum burn_state s = j->st.state;
	sao_stream_free(j->stream);
	sao_stream_free(j->vstream);
	free(j->chunk);
	free(j->packs);
	free(j->lay);
	free(j);
	return s;
}
