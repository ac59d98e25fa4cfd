/*
 * vrec_swap.c - giving the virtual recorder a fresh disc without
 * restarting it: the disc in the open tray is put aside (its files
 * IMAGE.state/.bin/.cue/.nrg/.cdtext are renamed to IMAGE.N.*, N = 1, 2, ...
 * the first number not yet used) and a new blank disc of the chosen kind lies
 * in the tray; closing the tray (START STOP UNIT) loads it.  What a person
 * does with a real drive between two burns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "vrec_device.h"
#include "vrec_internal.h"

/* IMAGE.N.ext for the n-th disc put aside. */
static int kept_path(const struct vrec *v, unsigned n, const char *ext,
		     char *out, size_t len)
{
	int k = snprintf(out, len, "%s.%u.%s", v->cfg.image, n, ext);
	return k < 0 || (size_t)k >= len ? -ENAMETOOLONG : 0;
}

static int keep_file(const char *from, const char *to)
{
	if (rename(from, to) == 0 || errno == ENOENT)
		return 0;
	return -errno;
}

/* Renames the disc's files to IMAGE.N.*; the number in *n. */
static int put_aside(struct vrec *v, unsigned *n, char *err, size_t err_len)
{
	char state[VREC_PATH_MAX], bin[VREC_PATH_MAX], cue[VREC_PATH_MAX],
	    nrg[VREC_PATH_MAX], cdtext[VREC_PATH_MAX];
	struct stat st;
	unsigned i;
	for (i = 1; i < 10000; i++) {
		if (kept_path(v, i, "state", state, sizeof(state)) < 0) {
			snprintf(err, err_len, "%s: name too long",
				 v->cfg.image);
			return -ENAMETOOLONG;
		}
		if (stat(state, &st) < 0 && errno == ENOENT)
			break;
	}
	if (i == 10000 || kept_path(v, i, "bin", bin, sizeof(bin)) < 0 ||
	    kept_path(v, i, "cue", cue, sizeof(cue)) < 0 ||
	    kept_path(v, i, "nrg", nrg, sizeof(nrg)) < 0 ||
	    kept_path(v, i, "cdtext", cdtext, sizeof(cdtext)) < 0) {
		snprintf(err, err_len, "%s: no free number for the old disc",
			 v->cfg.image);
		return -ENOSPC;
	}
	int e = keep_file(v->bin_path, bin);
	const char *failed = v->bin_path;
	if (!e) {
		failed = v->nrg_path;
		e = keep_file(v->nrg_path, nrg);
	}
	if (!e) {
		failed = v->cue_path;
		e = keep_file(v->cue_path, cue);
	}
	if (!e) {
		failed = v->cdtext_path;
		e = keep_file(v->cdtext_path, cdtext);
	}
	if (!e) {
		failed = v->state_path;
		e = keep_file(v->state_path, state);
	}
	if (e) {
		snprintf(err, err_len, "keeping %s: %s", failed, strerror(-e));
		return e;
	}
	/* The kept cue sheet names the kept bin file. */
	if (vdisc_complete_tracks(&v->disc) > 0) {
		char buf[65536];
		const char *slash = strrchr(bin, '/');
		int k = vrec_cue_render(&v->disc, slash ? slash + 1 : bin, buf,
					sizeof(buf));
		e = k < 0 ? -EOVERFLOW
			  : atomic_file_write(cue, buf, (size_t)k, 0644);
		if (e) {
			snprintf(err, err_len, "writing %s: %s", cue,
				 strerror(-e));
			return e;
		}
	}
	*n = i;
	return 0;
}

int vrec_change_disc(struct scsi_transport *t, enum vrec_media_kind kind,
		     char *err, size_t err_len)
{
	if (!vrec_is_virtual(t)) {
		snprintf(err, err_len, "not a virtual recorder");
		return -ENOTSUP;
	}
	struct vrec *v = (struct vrec *)t;
	if (!v->tray_open) {
		snprintf(err, err_len,
			 "the tray is closed; open it first (eject)");
		return -EBUSY;
	}
	unsigned n = 0;
	bool had_disc = vdisc_present(&v->disc);
	if (had_disc) {
		int e = put_aside(v, &n, err, err_len);
		if (e)
			return e;
	}
	int fd =
	    open(v->bin_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = -errno;
		snprintf(err, err_len, "%s: %s", v->bin_path, strerror(errno));
		return e;
	}
	if (v->bin_fd >= 0)
		close(v->bin_fd);
	v->bin_fd = fd;
	vrec_stop_recording(v, VREC_STOP_DISCARD);
	vdisc_init(&v->disc, kind);
	v->disc.rw_speed = v->cfg.rw_speed;
	int e = vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE | VREC_SAVE_NRG);
	if (e) {
		snprintf(err, err_len, "saving %s: %s", v->state_path,
			 strerror(-e));
		return e;
	}
	if (had_disc)
		snprintf(err, err_len, "the old disc is kept as %s.%u.*",
			 v->cfg.image, n);
	else
		err[0] = '\0';
	return 0;
}
