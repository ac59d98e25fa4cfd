/*
 * vrec_device.c - what the virtual recorder's command files share: the
 * clock and the write rate, the disc commands act on, the busy state of
 * an Immed operation, the drive buffer draining, saving the image files,
 * storing sectors in IMAGE.bin, ending the track being written, and
 * stopping a recording.  Declared in vrec_device.h.  Nothing here knows
 * any command: the dispatcher (vrec.c) and the command files call in,
 * never the other way round.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "mono_clock.h"
#include "msf.h"
#include "vrec_device.h"
#include "vrec_sao.h"

void vrec_write_speeds(const struct vrec *v, struct vrec_speeds *out)
{
	unsigned lo, hi;
	if (!v->tray_open && vrec_medium_speed_range(&v->disc, &lo, &hi))
		vrec_speeds_in_range(&v->speeds, lo, hi, out);
	else
		*out = v->speeds;
}

unsigned vrec_write_x(const struct vrec *v)
{
	struct vrec_speeds ws;
	vrec_write_speeds(v, &ws);
	for (unsigned i = 0; i < ws.n; i++)
		if (ws.x[i] <= v->write_x)
			return ws.x[i];
	return ws.x[ws.n - 1];
}

double vrec_rate(const struct vrec *v)
{
	return (double)vrec_write_x(v) * CD_FRAMES_PER_SECOND * CD_SECTOR_BYTES;
}

struct vrec_disc *vrec_cur(struct vrec *v)
{
	return v->sim_active ? &v->sim : &v->disc;
}

void vrec_log(const struct vrec *v, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "burnfs: virtual recorder %s (%s): %s\n", v->cfg.name,
		v->cfg.image, msg);
}

void vrec_set_busy(struct vrec *v, double seconds, unsigned polls)
{
	double now = mono_seconds();
	v->busy = true;
	v->busy_start = now;
	v->busy_end = now + seconds;
	v->busy_polls = polls ? polls : ~0u;
}

void vrec_wait_drain(struct vrec *v)
{
	double t = vrec_pace_drain_time(&v->pace, vrec_rate(v), mono_seconds());
	while (t > 0) {
		struct timespec ts = {(time_t)t,
				      (long)((t - (double)(time_t)t) * 1e9)};
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		t = vrec_pace_drain_time(&v->pace, vrec_rate(v),
					 mono_seconds());
	}
}

int vrec_save(struct vrec *v, unsigned what)
{
	int r = 0;
	if (what & VREC_SAVE_STATE) {
		char *buf = malloc(VREC_STATE_MAX);
		int n = buf ? vrec_state_render(&v->disc, v->tray_open, buf,
						VREC_STATE_MAX)
			    : -1;
		int e = !buf	? -ENOMEM
			: n < 0 ? -EOVERFLOW
				: atomic_file_write(v->state_path, buf,
						    (size_t)n, 0644);
		free(buf);
		if (!e)
			e = vrec_cdtext_save(v);
		if (e) {
			vrec_log(v, "saving %s: %s", v->state_path,
				 strerror(-e));
			r = e;
		}
	}
	if (what & VREC_SAVE_CUE) {
		char buf[65536];
		int e = 0;
		if (vdisc_complete_tracks(&v->disc) == 0) {
			if (unlink(v->cue_path) < 0 && errno != ENOENT)
				e = -errno;
		} else {
			int n = vrec_cue_render(&v->disc, v->bin_name, buf,
						sizeof(buf));
			e = n < 0 ? -EOVERFLOW
				  : atomic_file_write(v->cue_path, buf,
						      (size_t)n, 0644);
		}
		if (e) {
			vrec_log(v, "writing %s: %s", v->cue_path,
				 strerror(-e));
			r = e;
		}
	}
	if (what & VREC_SAVE_NRG) {
		int e = 0;
		/*
		 * The Nero image records sessions; a finalized single-session
		 * disc is fully described by IMAGE.bin and IMAGE.cue, so it
		 * gets no second copy of its audio.
		 */
		bool single = v->disc.finalized && v->disc.nsessions <= 1;
		/* Nor does a disc with an SAO session: libcdio places the
		 * tracks of the ETN2 chunk 150 sectors apart, which SAO
		 * pregaps are not; IMAGE.cue describes it. */
		if (vdisc_complete_tracks(&v->disc) == 0 || single ||
		    vdisc_has_sao(&v->disc)) {
			if (unlink(v->nrg_path) < 0 && errno != ENOENT)
				e = -errno;
		} else {
			e = vrec_nrg_write(&v->disc, v->bin_fd, v->nrg_path);
		}
		if (e) {
			vrec_log(v, "writing %s: %s", v->nrg_path,
				 strerror(-e));
			r = e;
		}
	}
	return r;
}

int vrec_store(struct vrec *v, const void *data, size_t len, int32_t lba)
{
	const uint8_t *p = data;
	off_t off = (off_t)lba * CD_SECTOR_BYTES;
	while (len > 0) {
		ssize_t w = pwrite(v->bin_fd, p, len, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			vrec_log(v, "writing LBA %d to %s: %s",
				 (int)(off / CD_SECTOR_BYTES), v->bin_path,
				 w < 0 ? strerror(errno) : "short");
			return VS_WRITE_ERROR;
		}
		p += w;
		len -= (size_t)w;
		off += w;
	}
	return 0;
}

int vrec_finish_track(struct vrec *v)
{
	struct vrec_disc *d = vrec_cur(v);
	if (!d->track_open)
		return 0;
	const struct vrec_track *t = &d->tracks[d->ntracks - 1];
	int32_t pad_lba = t->start + (int32_t)t->length;
	uint32_t pad = vdisc_close_track(d);
	if (v->sim_active)
		return 0;
	int s = 0;
	if (pad) {
		void *zero = calloc(pad, CD_SECTOR_BYTES);
		if (!zero)
			return VS_WRITE_ERROR;
		s = vrec_store(v, zero, (size_t)pad * CD_SECTOR_BYTES, pad_lba);
		free(zero);
	}
	/* The run-out sectors belong to the image too: the lead-out (and
	 * the cue sheet's last track) ends after them. */
	const struct vrec_track *done = &d->tracks[d->ntracks - 1];
	off_t end = (off_t)(done->start + (int32_t)done->length +
			    CD_TAO_RUNOUT_SECTORS) *
		    CD_SECTOR_BYTES;
	off_t size = lseek(v->bin_fd, 0, SEEK_END);
	if (size >= 0 && size < end && ftruncate(v->bin_fd, end) < 0) {
		vrec_log(v, "track %u: extending %s: %s", d->ntracks,
			 v->bin_path, strerror(errno));
		s = VS_WRITE_ERROR;
	}
	/* The track's sectors are in the image before its state says so,
	 * as a disc's are burnt once the drive reports the track done. */
	if (!s && fdatasync(v->bin_fd) < 0) {
		vrec_log(v, "track %u: syncing %s: %s", d->ntracks, v->bin_path,
			 strerror(errno));
		s = VS_WRITE_ERROR;
	}
	if (vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE) && !s)
		s = VS_WRITE_ERROR;
	return s;
}

void vrec_stop_recording(struct vrec *v, enum vrec_stop how)
{
	vrec_sao_stop(v, how);
	v->sim_active = false;
	v->busy = false;
	vrec_pace_init(&v->pace, v->cfg.pace, v->cfg.buffer_bytes);
	if (!v->disc.track_open || how == VREC_STOP_DISCARD)
		return;
	if (how == VREC_STOP_END_TRACK) {
		vrec_finish_track(v);
		return;
	}
	v->disc.tracks[v->disc.ntracks - 1].damaged = true;
	v->disc.track_open = false;
	vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE);
}
