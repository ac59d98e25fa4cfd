/*
 * track_intake.c - intake in the staging area: the header check while
 * bytes arrive, the whole-file check and conversion at the last flush
 * (run without the lock), the disc-space check, and finalize.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "audio_sum.h"
#include "cue_album.h"
#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"

/* What intake found, carried from the unlocked check to apply_intake. */
struct intake_run {
	int rc;
	struct intake_result r;
	char why[256];
	char tmp[PATH_MAX]; /* converted PCM, not yet renamed; "" if none */
	bool space_known;
	uint32_t free_sectors;
	uint64_t audio_size, audio_sum; /* of the file intake accepted */
};

/* What intake takes t for, decided with the lock held. */
struct intake_kind {
	bool cue;		 /* a cue sheet */
	bool raw_ok;		 /* raw CD audio if not audio (cue_album.h) */
	char name[NAME_MAX + 1]; /* t's name when intake began */
};

static void intake_kind_of(struct staging *st, const struct track *t,
			   struct intake_kind *k)
{
	k->cue = names_is_cue(t->meta.name);
	k->raw_ok = !k->cue && (names_is_raw_audio(t->meta.name) ||
				cue_album_names_raw(st, t->meta.name));
	snprintf(k->name, sizeof(k->name), "%s", t->meta.name);
}

/* 1-based position of t among the tracks in natural order. */
static unsigned track_number(struct staging *st, const struct track *t)
{
	unsigned n = 1;
	for (struct track *o = st->tracks; o; o = o->next)
		if (o != t && track_is_visible(o) &&
		    staging_track_before(st, o, t))
			n++;
	return n;
}

/*
 * Would the files fit on the disc if t gave new_pcm bytes of PCM?  0 or
 * -ENOSPC.  free_known/free_sectors were asked for without the lock.
 */
int staging_check_space(struct staging *st, struct track *t, uint64_t new_pcm,
			bool free_known, uint32_t free_sectors)
{
	if (!free_known)
		return 0;
	size_t n = 0;
	uint64_t sum = 0;
	for (struct track *o = st->tracks; o; o = o->next) {
		/* not burnt, or text: a cue sheet's audio files count, not it
		 */
		if (!o->linked || o->in_trash || o->meta.aside ||
		    names_is_cue(o->meta.name))
			continue;
		uint64_t bytes = o == t ? new_pcm : track_pcm_estimate(o);
		sum += tao_track_sectors(bytes);
		n++;
	}
	return tao_span(sum, n) <= free_sectors ? 0 : -ENOSPC;
}

static void log_padding(struct staging *st, struct track *t)
{
	uint64_t pcm = t->meta.intake.pcm_bytes;
	unsigned no = track_number(st, t);
	if (!tao_track_needs_padding(pcm))
		return;
	if (pcm < (uint64_t)CD_MIN_TRACK_SECTORS * CD_SECTOR_BYTES)
		drive_log_add(st->log,
			      "track %02u %s: shorter than 4 s, padded with "
			      "silence to 4 s",
			      no, t->meta.name);
	else
		drive_log_add(
		    st->log,
		    "track %02u %s: padded with silence to a whole "
		    "sector (%u frames)",
		    no, t->meta.name,
		    (unsigned)((CD_SECTOR_BYTES - pcm % CD_SECTOR_BYTES) / 4));
}

static void conv_progress(void *ctx, unsigned percent)
{
	struct track *t = ctx;
	t->conv_percent = percent;
}

/*
 * The slow part: intake_finish on the .audio file and, for a file that
 * is not CD format, its conversion into tmp.  Touches only files and
 * t->conv_percent; runs without the lock when the caller can drop it.
 */
static void run_intake(const char *audio, const char *tmp, struct track *t,
		       struct intake_run *ir, const struct intake_kind *kind)
{
	memset(&ir->r, 0, sizeof(ir->r));
	ir->why[0] = '\0';
	ir->tmp[0] = '\0';
	if (kind->cue) { /* a cue sheet: parsed, no audio of its own */
		ir->rc =
		    cue_album_check(audio, &ir->r, ir->why, sizeof(ir->why));
	} else {
		ir->rc = intake_finish(audio, &ir->r, ir->why, sizeof(ir->why));
		/* not audio, but raw audio for a cue sheet */
		if (ir->rc == -EINVAL && kind->raw_ok)
			ir->rc = cue_album_raw_check(audio, &ir->r, ir->why,
						     sizeof(ir->why));
		else if (ir->rc == 0 && (ir->rc = cue_album_embedded_check(
					     audio, kind->name, &ir->r, ir->why,
					     sizeof(ir->why))) > 0)
			ir->rc = 0; /* a FLAC file with its cue sheet */
	}
	if (ir->rc == 0) {
		/* Recorded in the .meta, checked at every mount; on disk
		 * before the .meta that says it was staged. */
		int fd = open(audio, O_RDONLY | O_CLOEXEC);
		ir->rc = fd < 0 ? -errno
				: audio_sum_file(fd, &ir->audio_size,
						 &ir->audio_sum);
		const char *verb = "read";
		if (ir->rc == 0 && fsync(fd) < 0) {
			ir->rc = -errno;
			verb = "sync";
		}
		if (fd >= 0)
			close(fd);
		if (ir->rc < 0)
			snprintf(ir->why, sizeof(ir->why), "cannot %s %s: %s",
				 verb, audio, strerror(-ir->rc));
	}
	if (ir->rc == 0 && ir->r.convert) {
		ir->rc = intake_convert(audio, tmp, &ir->r, conv_progress, t,
					ir->why, sizeof(ir->why));
		if (ir->rc == 0)
			snprintf(ir->tmp, sizeof(ir->tmp), "%s", tmp);
	}
}

/*
 * t leaves tracks/ after a failed check; with defer_removal its spool
 * files stay until the last handle is released (see refused_pending).
 */
static void leave_tracks(struct staging *st, struct track *t,
			 bool defer_removal)
{
	if (defer_removal && t->refs > 0) {
		t->linked = false;
		t->refused_pending = true;
	} else {
		staging_remove_track(st, t);
	}
}

/*
 * Takes intake's verdict on t (lock held): bad audio (-EINVAL) or
 * converted audio that does not fit (-ENOSPC) leaves tracks/; t may then
 * be freed.  A refused file leaves tracks/ at once; with
 * defer_removal its spool files stay until the last handle is released
 * (see refused_pending).  A check that could not be done (the spool
 * full or failing: the conversion or the .meta could not be written)
 * also takes the file out of tracks/ when remove_on_error is set (the
 * close or rename that asked fails with the errno), and else leaves it
 * unchecked for the next try.
 */
static int apply_intake(struct staging *st, struct track *t,
			struct intake_run *ir, bool defer_removal,
			bool remove_on_error)
{
	unsigned no = track_number(st, t);
	struct intake_result *r = &ir->r;
	if (ir->rc == 0 && r->convert &&
	    staging_check_space(st, t, r->pcm_bytes, ir->space_known,
				ir->free_sectors) < 0) {
		char why[160];
		snprintf(why, sizeof(why),
			 "the disc has no room for it (%llu bytes of CD "
			 "audio after conversion)",
			 (unsigned long long)r->pcm_bytes);
		drive_log_add(st->log,
			      "track %02u %s: refused, %s; removed from "
			      "tracks/",
			      no, t->meta.name, why);
		staging_note_refused(st, t->meta.name, why);
		unlink(ir->tmp);
		staging_remove_track(st, t);
		return -ENOSPC;
	}
	if (ir->rc == -EINVAL) {
		drive_log_add(st->log,
			      "track %02u %s: refused, %s; removed from "
			      "tracks/",
			      no, t->meta.name,
			      ir->why[0] ? ir->why : "not audio");
		staging_note_refused(st, t->meta.name,
				     ir->why[0] ? ir->why : "not audio");
		leave_tracks(st, t, defer_removal);
		return -EINVAL;
	}
	int rc = ir->rc;
	char cdda[PATH_MAX] = "";
	if (rc == 0 && r->convert) {
		spool_track_path(st->dir, t->id, "cdda", cdda, sizeof(cdda));
		if (rename(ir->tmp, cdda) < 0) {
			rc = -errno;
			snprintf(ir->why, sizeof(ir->why),
				 "cannot keep the converted audio %s: %s", cdda,
				 strerror(-rc));
			unlink(ir->tmp);
			cdda[0] = '\0';
		}
	}
	if (rc == 0) {
		struct track_meta before = t->meta;
		t->meta.staged = true;
		t->meta.intake = *r;
		t->meta.audio_checked = true;
		t->meta.audio_size = ir->audio_size;
		t->meta.audio_sum = ir->audio_sum;
		rc = staging_save_meta_or_undo(st, t, &before);
		if (rc < 0) {
			snprintf(ir->why, sizeof(ir->why),
				 "cannot save its metadata: %s", strerror(-rc));
			if (cdda[0])
				unlink(cdda);
		}
	}
	if (rc < 0) {
		drive_log_add(st->log, "track %02u %s: cannot check it: %s%s",
			      no, t->meta.name,
			      ir->why[0] ? ir->why : strerror(-rc),
			      remove_on_error ? "; removed from tracks/" : "");
		if (remove_on_error)
			leave_tracks(st, t, defer_removal);
		return rc;
	}
	t->dirty = false;
	drive_log_add(st->log, "track %02u %s: staged, %s", no, t->meta.name,
		      r->description);
	if (r->clipped > 0)
		drive_log_add(st->log,
			      "track %02u %s: %llu samples clipped by the "
			      "conversion",
			      no, t->meta.name, (unsigned long long)r->clipped);
	if (names_is_cue(t->meta.name))
		cue_album_log_files(st, t); /* which of its files are here */
	else if (!r->raw && !r->embedded_cue)
		log_padding(st, t); /* a track of its own */
	staging_note_staged(st);
	return 0;
}

static void tmp_cdda_path(struct staging *st, const struct track *t, char *out,
			  size_t len)
{
	char ext[32];
	snprintf(ext, sizeof(ext), "cdda.%u.tmp", (unsigned)++st->conv_seq);
	spool_track_path(st->dir, t->id, ext, out, len);
}

/*
 * Runs intake on t (a visible name) with the lock held throughout: for
 * loading, commit and truncate, where nothing else may change meanwhile.
 * t may be freed when this returns non-zero.
 */
int staging_finalize(struct staging *st, struct track *t)
{
	char audio[PATH_MAX], tmp[PATH_MAX];
	struct intake_run *ir = calloc(1, sizeof(*ir));
	if (!ir)
		return -ENOMEM;
	staging_audio_path(st, t, audio, sizeof(audio));
	tmp_cdda_path(st, t, tmp, sizeof(tmp));
	/* the lock keeps everyone waiting */
	struct intake_kind kind;
	intake_kind_of(st, t, &kind);
	run_intake(audio, tmp, t, ir, &kind);
	int rc = apply_intake(st, t, ir, false, false);
	free(ir);
	return rc;
}

/*
 * Like finalize, but decoding and conversion run without the lock, so
 * that a long conversion blocks nothing else on the drive.  Called and
 * returns with the lock held.  When t changed meanwhile (written,
 * truncated, removed) the result is dropped: t stays dirty for the next
 * flush, and 0 is returned.  t may be freed when this returns non-zero.
 */
int staging_finalize_unlocked(struct staging *st, struct track *t,
			      bool defer_removal)
{
	char audio[PATH_MAX], tmp[PATH_MAX];
	struct intake_run *ir = calloc(1, sizeof(*ir));
	if (!ir)
		return -ENOMEM;
	staging_audio_path(st, t, audio, sizeof(audio));
	tmp_cdda_path(st, t, tmp, sizeof(tmp));
	uint32_t gen = t->gen;
	struct intake_kind kind;
	intake_kind_of(st, t, &kind);
	t->refs++; /* keeps t allocated */
	t->converting++;
	t->conv_percent = 0;
	pthread_mutex_unlock(&st->lock);

	run_intake(audio, tmp, t, ir, &kind);
	/* Only converted audio has a new size to check against the disc. */
	if (ir->rc == 0 && ir->r.convert)
		ir->space_known = st->free_fn(st->free_ctx, &ir->free_sectors);

	pthread_mutex_lock(&st->lock);
	t->converting--;
	t->refs--;
	int rc;
	if (!t->linked || t->gen != gen) {
		if (ir->tmp[0])
			unlink(ir->tmp);
		if (!t->linked && t->refs == 0 && t->refused_pending) {
			/* Refused meanwhile, and this was the last user:
			 * its spool files go now (see refused_pending). */
			staging_remove_track(st, t);
		} else if (!t->linked && t->refs == 0) {
			staging_unlist(st, t);
			track_destroy(t);
		}
		rc = 0;
	} else {
		rc = apply_intake(st, t, ir, defer_removal, true);
	}
	free(ir);
	return rc;
}

/*
 * Checks the first bytes as they would be after writing buf at off.
 * 0, or -EINVAL (not audio: t is marked rejected and the log says why).
 */
int staging_check_head(struct staging *st, struct track *t, const char *buf,
		       size_t size, off_t off)
{
	uint64_t end = (uint64_t)off + size;
	if (end < t->size)
		end = t->size;
	size_t len = end < HEAD_BYTES ? (size_t)end : HEAD_BYTES;
	uint8_t *head = calloc(1, len ? len : 1);
	if (!head)
		return -ENOMEM;
	size_t have = t->size < len ? (size_t)t->size : len;
	if (have > 0 && pread(t->fd, head, have, 0) < 0) {
		int e = errno;
		free(head);
		return -e;
	}
	size_t copy = (size_t)off < len ? len - (size_t)off : 0;
	if (copy > size)
		copy = size;
	if (copy > 0)
		memcpy(head + off, buf, copy);
	char why[256] = "";
	enum intake_verdict v;
	if (names_is_cue(t->meta.name)) {
		/* a cue sheet is text: checked whole at the last flush */
		v = memchr(head, 0, len) ? INTAKE_NOT_AUDIO : INTAKE_LOOKS_OK;
		if (v == INTAKE_NOT_AUDIO)
			snprintf(why, sizeof(why),
				 "a cue sheet is text, this file holds NUL "
				 "bytes");
	} else {
		v = intake_check_header(head, len, why, sizeof(why));
		/* raw CD audio for a cue sheet has no header to check */
		if (v == INTAKE_NOT_AUDIO &&
		    (names_is_raw_audio(t->meta.name) ||
		     cue_album_names_raw(st, t->meta.name)))
			v = INTAKE_LOOKS_OK;
	}
	free(head);
	if (v == INTAKE_NOT_AUDIO) {
		t->rejected = true;
		drive_log_add(st->log, "track %02u %s: refused, %s",
			      track_number(st, t), t->meta.name,
			      why[0] ? why : "not audio");
		staging_note_refused(st, t->meta.name,
				     why[0] ? why : "not audio");
		return -EINVAL;
	}
	if (v == INTAKE_LOOKS_OK || len >= HEAD_BYTES)
		t->head_ok = true; /* the rest is for intake_finish */
	return 0;
}
