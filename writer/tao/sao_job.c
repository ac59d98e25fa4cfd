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
#include "job_core.h"
#include "job_drive.h"
#include "job_ring.h"
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

struct sjob {
	struct job_core c; /* status, log, failures (job_core.h) */
	const struct burn_track *tracks;
	size_t n;
	struct sao_layout *lay;
	uint8_t *packs; /* CD-TEXT, n_packs x 18 bytes; NULL: none */
	size_t n_packs;

	struct sao_stream *stream;  /* the reader's */
	struct sao_stream *vstream; /* verification's */

	int32_t leadin_lba; /* ATIP start of the lead-in (CD-TEXT) */

	bool started;	  /* a WRITE reached the drive */
	bool streamed;	  /* every sector up to the lead-out was sent */
	bool wound_down;  /* the interrupted stream was ended */
	int32_t next_lba; /* the next stream sector to send */
};

static void log_line(void *ctx, const char *line)
{
	job_log(&((struct sjob *)ctx)->c, "%s", line);
}

static bool illegal_request(const struct sjob *j)
{
	return j->c.err.has_sense &&
	       j->c.err.sense.key == SENSE_ILLEGAL_REQUEST;
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
		return job_fail(&j->c, -rc, "the Session-At-Once layout: %s",
				why);
	rc = sao_cdtext_packs(j->c.opts, j->tracks, j->n, &j->packs,
			      &j->n_packs, log_line, j, why, sizeof(why));
	if (rc < 0)
		return job_fail(&j->c, -rc, "CD-TEXT: %s", why);
	return 0;
}

/* ---- prepare ----------------------------------------------------------- */

static int check_disc(struct sjob *j)
{
	struct scsi_transport *t = j->c.io->transport;
	struct mmc_disc_information di;
	int rc = job_read_disc(&j->c, &di);
	if (rc < 0)
		return rc;
	if (di.disc_status != MMC_DISC_BLANK)
		return job_fail(
		    &j->c, EROFS,
		    "Session-At-Once writes a blank disc, and this "
		    "one has sessions already (append Track-At-Once "
		    "with `echo tao > write_mode`)");

	rc = job_read_configuration(&j->c);
	if (rc < 0)
		return rc;
	if (!j->c.conf.mastering_present || !j->c.conf.sao)
		return job_fail(&j->c, ENOTSUP,
				"the drive cannot write Session-At-Once "
				"(feature 002Eh CD Mastering %s)" USE_TAO,
				j->c.conf.mastering_present
				    ? "without its SAO bit"
				    : "absent");

	struct mmc_track_information ti;
	rc = mmc_read_track_information(t, MMC_TRACK_INFO_TRACK,
					MMC_INVISIBLE_TRACK, &ti, &j->c.err);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "asking for the free space");
	if (!ti.nwa_v)
		return job_fail(&j->c, EROFS,
				"the drive reports no writable address: "
				"the disc cannot take a session");
	uint64_t need = (uint64_t)(j->lay->leadout - ti.next_writable_address);
	if (need > ti.free_blocks)
		return job_fail(&j->c, ENOSPC,
				"the session needs %llu sectors up to its "
				"lead-out, the disc has %u free",
				(unsigned long long)need, ti.free_blocks);

	if (j->n_packs) {
		struct mmc_atip atip;
		rc = mmc_read_atip(t, &atip, &j->c.err);
		if (rc < 0 || atip.leadin_start_lba >= SAO_FIRST_LBA) {
			job_log(&j->c,
				"CD-TEXT left out: the start of the lead-in is "
				"unknown (%s)",
				rc < 0 ? j->c.err.text
				       : "no ATIP lead-in start");
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
	struct scsi_transport *t = j->c.io->transport;
	struct mmc_write_parameters wp;
	int rc = job_read_write_parameters(&j->c, &wp);
	if (rc < 0)
		return rc;
	job_audio_write_parameters(&j->c, &wp, MMC_WRITE_TYPE_SAO);
	wp.multi_session = j->c.opts->do_not_finalize ? MMC_MULTI_SESSION_NEXT
						      : MMC_MULTI_SESSION_NONE;
	wp.track_mode = 0; /* the cue sheet's CTL of every track rules */
	/* MCN and ISRC travel in the cue sheet. */
	wp.mcval = false;
	memset(wp.mcn, 0, sizeof(wp.mcn));
	wp.tcval = false;
	memset(wp.isrc, 0, sizeof(wp.isrc));
	uint8_t page[256];
	int len = mmc_build_write_parameters(&wp, page, sizeof(page));
	if (len < 0)
		return job_fail(&j->c, EINVAL,
				"cannot build the Write Parameters page (page "
				"length %u)",
				wp.page_length);
	rc = mmc_mode_select_page(t, page, (size_t)len, &j->c.err);
	if (rc < 0 && illegal_request(j))
		return job_fail(&j->c, ENOTSUP,
				"the drive cannot write Session-At-Once: it "
				"refused write type 2 in page 05h (%s)" USE_TAO,
				j->c.err.text);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "setting the write parameters");
	return 0;
}

static int send_cue_sheet(struct sjob *j)
{
	struct mmc_cue_disc *d = calloc(1, sizeof(*d));
	if (!d)
		return job_fail(&j->c, ENOMEM,
				"out of memory for the cue sheet");
	memcpy(d->mcn, j->c.opts->mcn, sizeof(d->mcn));
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
		return job_fail(&j->c, EINVAL, "cannot build the cue sheet");
	}
	if (j->c.conf.sao_max_cue_sheet && len > j->c.conf.sao_max_cue_sheet) {
		free(sheet);
		return job_fail(
		    &j->c, ENOTSUP,
		    "the cue sheet has %zu bytes, the drive takes at "
		    "most %u" USE_TAO,
		    len, j->c.conf.sao_max_cue_sheet);
	}
	int rc = mmc_send_cue_sheet(j->c.io->transport, sheet, (uint32_t)len,
				    &j->c.err);
	free(sheet);
	if (rc < 0)
		return job_fail_mmc(&j->c, rc, "sending the cue sheet");
	job_log(&j->c, "cue sheet sent: %zu entries%s",
		len / MMC_CUE_ENTRY_BYTES,
		j->n_packs ? ", CD-TEXT in the lead-in" : "");
	return 0;
}

static int prepare(struct sjob *j)
{
	int rc = check_disc(j);
	if (rc < 0)
		return rc;
	rc = job_lock_tray_and_set_speed(&j->c);
	if (rc < 0)
		return rc;
	rc = select_sao(j);
	if (rc < 0)
		return rc;
	return send_cue_sheet(j);
}

/* ---- writing ----------------------------------------------------------- */

/* 1 when cancelled, 0 when written, < 0 on failure. */
static int write_lead_in(struct sjob *j)
{
	if (!j->n_packs)
		return 0;
	uint8_t buf[SAO_JOB_LEADIN_SECTORS * CDTEXT_SUBCHANNEL_BYTES];
	uint32_t sectors = (uint32_t)(SAO_FIRST_LBA - j->leadin_lba);
	job_log(&j->c,
		"CD-TEXT: %zu packs in the lead-in, %u sectors from LBA %d",
		j->n_packs, sectors, j->leadin_lba);
	size_t pack = 0;
	for (int32_t lba = j->leadin_lba; lba < SAO_FIRST_LBA;) {
		if (job_cancelled(&j->c))
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
		    mmc_write10_sized(j->c.io->transport, (uint32_t)lba, blocks,
				      CDTEXT_SUBCHANNEL_BYTES, buf, &j->c.err);
		if (rc < 0)
			return job_fail_mmc(&j->c, rc,
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
	job_log(&j->c,
		"track %u (%s): INDEX 01 at LBA %d (%s), %d sectors%s%s%s%s",
		k + 1, t->name, tl->index[1], at, tl->end - tl->index[1], gap,
		idx, t->isrc[0] ? ", ISRC " : "", t->isrc);
}

/* 1 when cancelled, 0 when the stream was written, < 0 on failure. */
static int write_stream(struct sjob *j)
{
	int32_t end = j->lay->leadout;
	unsigned logged = 0;
	j->next_lba = SAO_FIRST_LBA;
	while (j->next_lba < end) {
		if (job_cancelled(&j->c))
			return 1;
		int32_t lba = j->next_lba;
		unsigned k = track_at(j, lba);
		bool new_track = k != j->c.st.current_track;
		j->c.st.current_track = k;
		while (logged < k)
			log_track(j, logged++);
		if (new_track)
			job_publish(&j->c, true);
		uint32_t left = (uint32_t)(end - lba);
		uint16_t blocks = left < BURN_JOB_WRITE_SECTORS
				      ? (uint16_t)left
				      : BURN_JOB_WRITE_SECTORS;
		uint64_t got = 0;
		int rc = job_write_from_ring(&j->c, lba, blocks, blocks == left,
					     &j->started, &got);
		if (rc == JOB_RING_SHORT)
			return job_fail(&j->c, EIO,
					"the audio data ended at LBA %d, "
					"before the lead-out at LBA %d",
					lba + (int32_t)got, end);
		if (rc == JOB_RING_NO_END)
			return job_fail(&j->c, EIO,
					"the audio data does not end at the "
					"lead-out (LBA %d)",
					end);
		if (rc < 0)
			return rc;
		j->next_lba = lba + blocks;
	}
	j->streamed = true;
	return 0;
}

static int end_session(struct sjob *j)
{
	job_set_state(&j->c, BURN_FINISHING);
	job_log(&j->c, "the drive writes the lead-out and closes the session%s",
		j->c.opts->do_not_finalize ? "; the disc stays appendable"
					   : " and the disc");
	return job_flush(&j->c, MMC_TIMEOUT_CLOSE_MS, "ending the session");
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

static int verify(struct sjob *j)
{
	struct verify_job_track *vt = calloc(j->n, sizeof(*vt));
	j->vstream = sao_stream_new(j->lay, j->tracks, j->n);
	if (!vt || !j->vstream) {
		free(vt);
		return job_fail(&j->c, ENOMEM, "out of memory for verifying");
	}
	uint64_t total = 0;
	for (size_t k = 0; k < j->n; k++) {
		vt[k].track = &j->tracks[k];
		vt[k].start = verify_start(j, k);
		vt[k].sectors = (uint32_t)(j->lay->track[k].end - vt[k].start);
		total += vt[k].sectors;
	}
	j->c.st.sectors_total = total;
	/* Then the CD-TEXT and the index points (verify_session.h). */
	j->c.verify_cdtext_packs = j->packs;
	j->c.verify_n_cdtext_packs = j->n_packs;
	j->c.verify_layout = j->lay;
	int rc = job_verify(&j->c, vt, j->n, 1, expected, j);
	free(vt);
	return rc;
}

/* ---- the end ----------------------------------------------------------- */

static void describe_disc(struct sjob *j, const char *what, char *out,
			  size_t len)
{
	if (j->c.opts->test_write)
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

/* The log's line for a cancel: when it came, what the disc holds. */
static void describe_cancel(struct sjob *j, char *out, size_t len)
{
	char what[80];
	if (j->started)
		snprintf(what, sizeof(what), "cancelled during track %u of %zu",
			 j->c.st.current_track ? j->c.st.current_track : 1,
			 j->n);
	else
		snprintf(what, sizeof(what), "cancelled before writing");
	describe_disc(j, what, out, len);
}

static void wind_down(struct job_core *c)
{
	struct sjob *j = (struct sjob *)c; /* c is its first member */
	if (j->started && !j->streamed && !j->wound_down) {
		job_end_interrupted(&j->c, "ending the interrupted session");
		j->wound_down = true; /* only once */
	}
	job_unlock_tray(&j->c);
}

static int join_reader(void *reader, char *err, size_t err_len)
{
	return sao_reader_join(reader, err, err_len);
}

static int start_reader(struct sjob *j)
{
	int rc = job_ring_new(&j->c);
	if (rc < 0)
		return rc;
	j->stream = sao_stream_new(j->lay, j->tracks, j->n);
	if (!j->stream)
		return job_fail(&j->c, ENOMEM,
				"out of memory for the host buffer");
	struct sao_reader *reader = NULL;
	rc = sao_reader_start(&reader, j->c.ring, j->stream,
			      j->lay->total_bytes);
	return job_reader_started(&j->c, rc, reader, join_reader);
}

enum burn_state sao_job_run(const struct burn_job_io *io,
			    const struct burn_options *opts,
			    const struct burn_track *tracks, size_t n_tracks,
			    struct burn_status *final)
{
	struct sjob *j = calloc(1, sizeof(*j));
	char line[400];
	int rc;
	if (!j)
		return job_out_of_memory(final);
	job_core_init(&j->c, io, opts, n_tracks, wind_down);
	j->tracks = tracks;
	j->n = n_tracks;
	j->next_lba = SAO_FIRST_LBA;
	job_set_state(&j->c, BURN_PREPARING);

	if (n_tracks == 0) {
		rc = job_fail(&j->c, ENODATA,
			      "nothing to do: Session-At-Once needs tracks");
		goto failed;
	}
	if (opts->keep_session_open) {
		rc = job_fail(&j->c, EINVAL,
			      "a Session-At-Once session is always closed: "
			      "keep_session_open must be 0");
		goto failed;
	}
	rc = plan(j);
	if (rc < 0)
		goto failed;
	j->c.st.sectors_total = (uint64_t)(j->lay->leadout - SAO_FIRST_LBA);
	{
		char lo[16];
		msf_format(msf_from_lba(j->lay->leadout), lo);
		job_log(&j->c,
			"burning %zu track%s Session-At-Once (%llu sectors, "
			"lead-out at LBA %d, %s)%s%s",
			n_tracks, job_plural(n_tracks),
			(unsigned long long)j->c.st.sectors_total,
			j->lay->leadout, lo, j->n_packs ? ", with CD-TEXT" : "",
			opts->test_write ? ", test write (laser off)" : "");
	}
	rc = start_reader(j);
	if (rc < 0)
		goto failed;
	rc = prepare(j);
	if (rc < 0)
		goto failed;
	if (job_cancelled(&j->c))
		goto cancelled;

	job_set_state(&j->c, BURN_WRITING);
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
	job_stop_reader(&j->c);
	rc = end_session(j);
	if (rc < 0)
		goto failed;

	if (opts->verify && !opts->test_write) {
		if (job_end_after_verify(&j->c, verify(j),
					 "cancelled during verification: the "
					 "disc is complete; the staged tracks "
					 "stay"))
			goto out;
	}
	job_end_done(&j->c);
	if (opts->test_write)
		job_log(&j->c, "test write finished: nothing was recorded");
	else
		job_log(&j->c,
			"done: %zu track%s written Session-At-Once%s; the "
			"disc is %s",
			n_tracks, job_plural(n_tracks),
			j->n_packs ? " with CD-TEXT" : "",
			opts->do_not_finalize ? "appendable" : "closed");
	goto out;

cancelled:
	describe_cancel(j, line, sizeof(line));
	job_end_cancelled(&j->c, line);
	goto out;

failed:
	if (j->lay)
		describe_disc(j, "after the failure", line, sizeof(line));
	job_end_failed(&j->c, j->lay ? line : NULL);

out:;
	enum burn_state s = job_finish(&j->c, final);
	sao_stream_free(j->stream);
	sao_stream_free(j->vstream);
	free(j->packs);
	free(j->lay);
	free(j);
	return s;
}
