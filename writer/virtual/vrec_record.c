/*
 * vrec_record.c - the recording commands of the virtual recorder:
 * WRITE(10), SYNCHRONIZE CACHE, CLOSE TRACK/SESSION and BLANK.
 *
 * Track-At-Once (page 05h Write Type 1, Data Block Type 0: 2352-byte
 * CD-DA sectors); Session-At-Once (Write Type 2) is in vrec_sao.c.  The first
 * WRITE with no open track opens one at the NWA (the drive's own 150-sector
 * pregap precedes it); WRITEs must follow each other at the NWA; SYNCHRONIZE
 * CACHE or CLOSE TRACK ends the track (padded with silence to 300 sectors; 2
 * run-out sectors follow it); CLOSE SESSION writes lead-in/lead-out as page 05h
 * Multi-session says. With Test Write set the same happens on a copy of the
 * disc that is thrown away at CLOSE SESSION: nothing is stored.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "mono_clock.h"
#include "msf.h"
#include "vrec_cmd.h"
#include "vrec_device.h"
#include "vrec_sao.h"

/* Page 05h Test Write decides which disc the recording goes to. */
static void select_target(struct vrec *v)
{
	bool tw = vrec_p05_test_write(&v->mode);
	if (tw && !v->sim_active) {
		v->sim = v->disc;
		v->sim_active = true;
	} else if (!tw && v->sim_active && !v->sim.track_open) {
		v->sim_active = false;
	}
}

int vrec_cmd_write10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	int32_t lba = (int32_t)get_be32(c->cdb + 2);
	uint32_t n = get_be16(c->cdb + 7);
	if (v->sao || vrec_p05_write_type(&v->mode) == 2)
		return vrec_sao_write10(v, c, xfer); /* vrec_sao.c */
	select_target(v);
	struct vrec_disc *d = vrec_cur(v);
	if (vrec_p05_write_type(&v->mode) != 1)
		return VS_SEQUENCE_ERROR;
	if (n == 0)
		return 0;
	if (!vdisc_writable(d))
		return VS_INVALID_WRITE_ADDRESS;
	if (vrec_p05_dbt(&v->mode) != 0)
		return VS_ILLEGAL_MODE_FOR_TRACK; /* only CD-DA is stored */
	size_t bytes = (size_t)n * CD_SECTOR_BYTES;
	/* The lead-out must still start at or before the last possible
	 * lead-out after this track's 2 run-out sectors. */
	int32_t last_lo = vrec_media_info(d->media)->last_leadout;
	if ((int64_t)lba + n + CD_TAO_RUNOUT_SECTORS > last_lo)
		return VS_LBA_OUT_OF_RANGE;
	if (lba != vdisc_nwa(d))
		return VS_INVALID_WRITE_ADDRESS;
	if (c->data_len < bytes || !c->data)
		return VS_INVALID_FIELD_CDB;
	if (!d->track_open && d->ntracks >= VREC_MAX_TRACKS)
		return VS_NO_MORE_TRACKS;
	/*
	 * The buffer ran dry while the track was being recorded: without
	 * buffer underrun protection the recording is broken off (loss of
	 * streaming); with it the drive resumes at the next block.
	 */
	vrec_pace_update(&v->pace, vrec_rate(v), mono_seconds());
	if (v->pace.starved && !vrec_p05_bufe(&v->mode))
		return VS_LOSS_OF_STREAMING;
	if (!vrec_pace_accept(&v->pace, (uint32_t)bytes, vrec_rate(v),
			      mono_seconds()))
		return VS_LONG_WRITE_IN_PROGRESS; /* buffer full: resend */
	if (!d->track_open) {
		char isrc[13], mcn[14];
		vrec_p05_isrc(&v->mode, isrc);
		vrec_p05_mcn(&v->mode, mcn);
		if (vdisc_open_track(d, vrec_p05_track_mode(&v->mode), isrc,
				     mcn) < 0)
			return VS_INVALID_WRITE_ADDRESS;
	}
	if (!v->sim_active) {
		int s = vrec_store(v, c->data, bytes, lba);
		if (s)
			return s;
	}
	vdisc_append(d, n);
	*xfer = bytes;
	return 0;
}

/* Waits for the buffer (no Immed) or goes busy until it drains (Immed). */
static void flush(struct vrec *v, bool immed, double at_least)
{
	double t = vrec_pace_drain_time(&v->pace, vrec_rate(v), mono_seconds());
	if (immed) {
		if (t > 0 || at_least > 0)
			vrec_set_busy(v, t > at_least ? t : at_least,
				      t > at_least ? 0 : 3);
	} else {
		vrec_wait_drain(v);
	}
}

/*
 * The track's recording ends: a paced recorder tells (on stderr, like its
 * other messages) how it went, so that a benchmark or a user can see
 * whether the laser ever waited for data.
 */
static void end_stream(struct vrec *v)
{
	double rate = vrec_rate(v);
	struct vrec_stream_report r =
	    vrec_pace_end_stream(&v->pace, rate, mono_seconds());
	if (!r.streamed)
		return;
	vrec_log(v,
		 "track %u: recorded in %.3f s at %ux, %u buffer "
		 "underrun%s, %.3f s without data",
		 vrec_cur(v)->ntracks, r.seconds, vrec_write_x(v), r.underruns,
		 r.underruns == 1 ? "" : "s", r.starved_s);
}

int vrec_cmd_synchronize_cache(struct vrec *v, const struct scsi_cmd *c)
{
	bool immed = c->cdb[1] & 0x02;
	if (v->sao) { /* SAO: a flush; the session goes on */
		flush(v, immed, 0);
		return 0;
	}
	/* No more data for this track: the buffer running empty from now on
	 * is the track's end, not an underrun. */
	end_stream(v);
	flush(v, immed, 0);
	return vrec_finish_track(v);
}

int vrec_cmd_close_track_session(struct vrec *v, const struct scsi_cmd *c)
{
	bool immed = c->cdb[1] & 0x01;
	uint8_t function = c->cdb[2] & 0x07;
	if (function != 1 && function != 2)
		return VS_INVALID_FIELD_CDB;
	if (v->sao && v->sao->started)
		return VS_SEQUENCE_ERROR; /* the SAO session is not all sent */
	end_stream(v); /* a track ends here too without SYNCHRONIZE CACHE */
	flush(v, immed, function == 2 ? 0.1 : 0);
	int s = vrec_finish_track(v);
	if (s || function == 1)
		return s;
	struct vrec_disc *d = vrec_cur(v);
	if (!vdisc_session_open(d))
		return 0; /* nothing open: nothing to close */
	vdisc_close_session(d, vrec_p05_multisession(&v->mode));
	if (v->sim_active) {
		/* The laser was off: the disc is as it was. */
		v->sim_active = false;
		return 0;
	}
	if (vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE | VREC_SAVE_NRG))
		return VS_WRITE_ERROR;
	return 0;
}

/* Blanking types 0 and 1: the whole disc is blank again. */
static int blank_disc(struct vrec *v)
{
	vrec_stop_recording(v, VREC_STOP_DISCARD);
	enum vrec_rw_speed class = v->disc.rw_speed; /* the same medium */
	vdisc_init(&v->disc, v->disc.media);
	v->disc.rw_speed = class;
	return 0;
}

/* Types 2 to 6 on the disc model (vrec_blank.c); the open track, if
 * any, is ended first. */
static int blank_part(struct vrec *v, uint8_t type, uint32_t addr)
{
	vrec_stop_recording(v, VREC_STOP_END_TRACK);
	struct vrec_disc d = v->disc;
	int r = -1;
	switch (type) {
	case 2:
		r = vdisc_blank_track(&d, addr);
		break;
	case 3: /* un-reserve: Track-At-Once reserves no track */
		break;
	case 4:
		r = vdisc_blank_tail(&d, (int32_t)addr);
		break;
	case 5:
		r = vdisc_unclose_session(&d);
		break;
	case 6:
		r = vdisc_blank_session(&d);
		break;
	}
	if (r < 0)
		return VS_INVALID_FIELD_CDB;
	v->disc = d;
	return 0;
}

int vrec_cmd_blank(struct vrec *v, const struct scsi_cmd *c)
{
	bool immed = c->cdb[1] & 0x10;
	uint8_t type = c->cdb[1] & 0x07;
	uint32_t addr = get_be32(c->cdb + 2); /* start address / track */
	if (!vdisc_erasable(&v->disc))
		return VS_CANNOT_WRITE_MEDIUM;
	if (type == 7)
		return VS_INVALID_FIELD_CDB; /* reserved */
	int s = type <= 1 ? blank_disc(v) : blank_part(v, type, addr);
	if (s)
		return s;
	/* What was erased is gone from IMAGE.bin too. */
	off_t end = (off_t)vdisc_recorded_end(&v->disc) * CD_SECTOR_BYTES;
	if (ftruncate(v->bin_fd, end) < 0) {
		vrec_log(v, "blanking %s: %s", v->bin_path, strerror(errno));
		s = VS_WRITE_ERROR;
	}
	if (vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE | VREC_SAVE_NRG))
		s = VS_WRITE_ERROR;
	if (immed)
		vrec_set_busy(v, 0.1, 3);
	return s;
}
