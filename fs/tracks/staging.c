/*
 * staging.c - the tracks/ directory of one drive (see staging.h): the
 * in-memory list of files, their spool files, intake checks, space
 * accounting and the hand-over to a burn job.
 */
#include "staging.h"

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

#include "msf.h"
#include "tao_layout.h"
#include "intake.h"
#include "names.h"
#include "spool.h"
#include "track_meta.h"

/* First bytes handed to intake_check_header while they are written. */
#define HEAD_BYTES 65536

struct track {
	struct track *next;
	uint32_t id;
	struct track_meta meta;
	uint64_t size;
	int fd;		  /* the .audio file, -1 while nobody uses it */
	unsigned refs;	  /* open handles */
	unsigned writers; /* open handles with write access */
	bool linked;	  /* in tracks/ (false: unlinked, still open) */
	bool dirty;	  /* written since intake last checked it */
	bool head_ok;	  /* intake_check_header said LOOKS_OK */
	bool rejected;	  /* intake_check_header said NOT_AUDIO */
	bool in_job;	  /* part of the running burn */
	/*
	 * Refused at a flush while its file may still be open elsewhere:
	 * out of tracks/ (linked false) but its spool files stay until the
	 * last handle is released, or until a later write, which puts it
	 * back (a flush from a forked copy of the descriptor is not the
	 * writer's last word).
	 */
	bool refused_pending;
	uint32_t gen; /* bumped when the bytes change (write, truncate) */
	unsigned converting;	       /* intake runs on it without the lock */
	_Atomic unsigned conv_percent; /* written by the converting thread */
};

/* A growing list of track ids. */
struct id_list {
	uint32_t *ids;
	size_t n, cap;
};

struct staging {
	pthread_mutex_t lock;
	char dir[PATH_MAX];
	struct drive_log *log;
	staging_free_fn free_fn;
	void *free_ctx;
	struct track *tracks;
	uint32_t next_id;
	uint32_t conv_seq; /* makes the converters' temporary names unique */
	/*
	 * Burnt tracks whose .meta is gone but whose audio files are still
	 * to be deleted (staging_purge): deleting 800 MB takes a moment
	 * that the end of a burn need not wait for.
	 */
	struct id_list purge;
	uid_t uid;
	gid_t gid;
};

static int id_add(struct id_list *l, uint32_t id);
static void unlink_spool(struct staging *st, uint32_t id, const char *ext);

static struct timespec now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

struct staging *staging_new(const char *spool_dir, struct drive_log *log,
			    staging_free_fn free_fn, void *free_ctx)
{
	struct staging *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	if (strlen(spool_dir) >= sizeof(st->dir)) {
		free(st);
		return NULL;
	}
	strcpy(st->dir, spool_dir);
	pthread_mutex_init(&st->lock, NULL);
	st->log = log;
	st->free_fn = free_fn;
	st->free_ctx = free_ctx;
	st->next_id = 1;
	st->uid = getuid();
	st->gid = getgid();
	return st;
}

static void track_destroy(struct track *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

void staging_free(struct staging *st)
{
	if (!st)
		return;
	staging_purge(st);
	free(st->purge.ids);
	while (st->tracks) {
		struct track *t = st->tracks;
		st->tracks = t->next;
		track_destroy(t);
	}
	pthread_mutex_destroy(&st->lock);
	free(st);
}

/* ---- helpers (lock held) ------------------------------------------------ */

static bool is_track(const struct track *t)
{
	return t->linked && !names_is_temporary(t->meta.name);
}

static struct track *find(struct staging *st, const char *name)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && strcmp(t->meta.name, name) == 0)
			return t;
	return NULL;
}

static size_t count_tracks(struct staging *st)
{
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += is_track(t);
	return n;
}

/* 1-based position of t among the tracks in natural order. */
static unsigned track_number(struct staging *st, const struct track *t)
{
	unsigned n = 1;
	for (struct track *o = st->tracks; o; o = o->next)
		if (o != t && is_track(o) &&
		    names_natural_cmp(o->meta.name, t->meta.name) < 0)
			n++;
	return n;
}

static void audio_path(struct staging *st, const struct track *t, char *out,
		       size_t len)
{
	spool_track_path(st->dir, t->id, "audio", out, len);
}

static int save_meta(struct staging *st, struct track *t)
{
	char text[16384], name[32];
	if (!t->linked)
		return 0;
	size_t n = track_meta_encode(&t->meta, text, sizeof(text));
	if (n >= sizeof(text))
		return -ENAMETOOLONG;
	spool_track_name(t->id, "meta", name, sizeof(name));
	int rc = spool_write_atomic(st->dir, name, text, n);
	if (rc < 0)
		drive_log_add(st->log, "spool: cannot save %s (%s): %s", name,
			      t->meta.name, strerror(-rc));
	return rc;
}

static int open_fd(struct staging *st, struct track *t)
{
	if (t->fd >= 0)
		return 0;
	char path[PATH_MAX];
	audio_path(st, t, path, sizeof(path));
	t->fd = open(path, O_RDWR | O_CLOEXEC);
	if (t->fd < 0) {
		int e = errno;
		drive_log_add(st->log, "spool: cannot open %s (%s): %s", path,
			      t->meta.name, strerror(e));
		return -e;
	}
	return 0;
}

static void close_fd_if_unused(struct track *t)
{
	if (t->refs == 0 && t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
}

static void unlink_list(struct staging *st, struct track *t)
{
	for (struct track **pp = &st->tracks; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

/*
 * Takes t out of tracks/ and deletes its spool files (the audio files
 * later, in staging_purge, when later is set); an open handle keeps the
 * struct (and the open fd's bytes) until its release.  Without its .meta
 * a track does not come back at the next start, and staging_load deletes
 * audio files that have none.
 */
static void remove_track_files(struct staging *st, struct track *t, bool later)
{
	t->linked = false;
	unlink_spool(st, t->id, "meta");
	if (!later || id_add(&st->purge, t->id) < 0) {
		unlink_spool(st, t->id, "audio");
		unlink_spool(st, t->id, "cdda");
	}
	if (t->refs == 0) {
		unlink_list(st, t);
		track_destroy(t);
	}
}

static void remove_track(struct staging *st, struct track *t)
{
	remove_track_files(st, t, false);
}

/* PCM bytes a file would give as a track (the file's size until checked). */
static uint64_t pcm_estimate(const struct track *t)
{
	return t->meta.staged && !t->dirty ? t->meta.intake.pcm_bytes : t->size;
}

/*
 * Would the files fit on the disc if t had new_size bytes?  0 or
 * -ENOSPC.  free_known/free_sectors were asked for without the lock.
 */
static int check_space(struct staging *st, struct track *t, uint64_t new_size,
		       bool free_known, uint32_t free_sectors)
{
	if (!free_known)
		return 0;
	size_t n = 0, cap = 0;
	for (struct track *o = st->tracks; o; o = o->next)
		cap += o->linked;
	uint32_t *sectors = calloc(cap + 1, sizeof(*sectors));
	if (!sectors)
		return -ENOMEM;
	for (struct track *o = st->tracks; o; o = o->next) {
		if (!o->linked)
			continue;
		uint64_t bytes = o == t ? new_size : pcm_estimate(o);
		sectors[n++] = tao_track_sectors(bytes);
	}
	bool fits = tao_fits(sectors, n, free_sectors);
	free(sectors);
	return fits ? 0 : -ENOSPC;
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

/* What intake found, carried from the unlocked check to apply_intake. */
struct intake_run {
	int rc;
	struct intake_result r;
	char why[256];
	char tmp[PATH_MAX]; /* converted PCM, not yet renamed; "" if none */
	bool space_known;
	uint32_t free_sectors;
};

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
		       struct intake_run *ir)
{
	memset(&ir->r, 0, sizeof(ir->r));
	ir->why[0] = '\0';
	ir->tmp[0] = '\0';
	ir->rc = intake_finish(audio, &ir->r, ir->why, sizeof(ir->why));
	if (ir->rc == 0 && ir->r.convert) {
		ir->rc = intake_convert(audio, tmp, &ir->r, conv_progress, t,
					ir->why, sizeof(ir->why));
		if (ir->rc == 0)
			snprintf(ir->tmp, sizeof(ir->tmp), "%s", tmp);
	}
}

/*
 * Takes intake's verdict on t (lock held): bad audio (-EINVAL) or
 * converted audio that does not fit (-ENOSPC) leaves tracks/; t may then
 * be freed.  A refused file leaves tracks/ at once; with
 * defer_removal its spool files stay until the last handle is released
 * (see refused_pending).
 */
static int apply_intake(struct staging *st, struct track *t,
			struct intake_run *ir, bool defer_removal)
{
	unsigned no = track_number(st, t);
	struct intake_result *r = &ir->r;
	if (ir->rc == 0 && r->convert &&
	    check_space(st, t, r->pcm_bytes, ir->space_known,
			ir->free_sectors) < 0) {
		drive_log_add(st->log,
			      "track %02u %s: refused, the disc has no room "
			      "for it (%llu bytes of CD audio after "
			      "conversion); removed from tracks/",
			      no, t->meta.name,
			      (unsigned long long)r->pcm_bytes);
		unlink(ir->tmp);
		remove_track(st, t);
		return -ENOSPC;
	}
	if (ir->rc == -EINVAL) {
		drive_log_add(st->log,
			      "track %02u %s: refused, %s; removed from "
			      "tracks/",
			      no, t->meta.name,
			      ir->why[0] ? ir->why : "not audio");
		if (defer_removal && t->refs > 0) {
			t->linked = false;
			t->refused_pending = true;
		} else {
			remove_track(st, t);
		}
		return -EINVAL;
	}
	if (ir->rc < 0) {
		drive_log_add(st->log, "track %02u %s: cannot check it: %s", no,
			      t->meta.name,
			      ir->why[0] ? ir->why : strerror(-ir->rc));
		return ir->rc;
	}
	if (r->convert) {
		char cdda[PATH_MAX];
		spool_track_path(st->dir, t->id, "cdda", cdda, sizeof(cdda));
		if (rename(ir->tmp, cdda) < 0) {
			int e = errno;
			drive_log_add(st->log,
				      "track %02u %s: cannot keep the "
				      "converted audio %s: %s",
				      no, t->meta.name, cdda, strerror(e));
			unlink(ir->tmp);
			return -e;
		}
	}
	t->meta.staged = true;
	t->meta.intake = *r;
	t->dirty = false;
	drive_log_add(st->log, "track %02u %s: staged, %s", no, t->meta.name,
		      r->description);
	if (r->clipped > 0)
		drive_log_add(st->log,
			      "track %02u %s: %llu samples clipped by the "
			      "conversion",
			      no, t->meta.name, (unsigned long long)r->clipped);
	log_padding(st, t);
	save_meta(st, t);
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
static int finalize(struct staging *st, struct track *t)
{
	char audio[PATH_MAX], tmp[PATH_MAX];
	struct intake_run *ir = calloc(1, sizeof(*ir));
	if (!ir)
		return -ENOMEM;
	audio_path(st, t, audio, sizeof(audio));
	tmp_cdda_path(st, t, tmp, sizeof(tmp));
	run_intake(audio, tmp, t, ir); /* the lock keeps everyone waiting */
	int rc = apply_intake(st, t, ir, false);
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
static int finalize_unlocked(struct staging *st, struct track *t,
			     bool defer_removal)
{
	char audio[PATH_MAX], tmp[PATH_MAX];
	struct intake_run *ir = calloc(1, sizeof(*ir));
	if (!ir)
		return -ENOMEM;
	audio_path(st, t, audio, sizeof(audio));
	tmp_cdda_path(st, t, tmp, sizeof(tmp));
	uint32_t gen = t->gen;
	t->refs++; /* keeps t allocated */
	t->converting++;
	t->conv_percent = 0;
	pthread_mutex_unlock(&st->lock);

	run_intake(audio, tmp, t, ir);
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
		if (!t->linked && t->refs == 0) {
			unlink_list(st, t);
			track_destroy(t);
		}
		rc = 0;
	} else {
		rc = apply_intake(st, t, ir, defer_removal);
	}
	free(ir);
	return rc;
}

static void fill_stat(struct staging *st, const struct track *t,
		      struct stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_mode = S_IFREG | (t->meta.mode & 07777);
	out->st_nlink = 1;
	out->st_uid = st->uid;
	out->st_gid = st->gid;
	out->st_size = (off_t)t->size;
	out->st_blksize = 1 << 20; /* copy tools size their writes by it */
	out->st_blocks = (blkcnt_t)((t->size + 511) / 512);
	out->st_atim = t->meta.atime;
	out->st_mtim = t->meta.mtime;
	out->st_ctim = t->meta.ctime;
}

/* Resolves (name, t) to a linked track.  NULL: not found. */
static struct track *resolve(struct staging *st, const char *name,
			     struct track *t)
{
	if (t)
		return t;
	return name ? find(st, name) : NULL;
}

/* ---- load ------------------------------------------------------------- */

static int id_add(struct id_list *l, uint32_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		uint32_t *n = realloc(l->ids, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		l->ids = n;
		l->cap = cap;
	}
	l->ids[l->n++] = id;
	return 0;
}

static bool id_has(const struct id_list *l, uint32_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return true;
	return false;
}

static void unlink_spool(struct staging *st, uint32_t id, const char *ext)
{
	char path[PATH_MAX];
	spool_track_path(st->dir, id, ext, path, sizeof(path));
	if (unlink(path) < 0 && errno != ENOENT)
		drive_log_add(st->log, "spool: cannot remove %s: %s", path,
			      strerror(errno));
}

static void load_one(struct staging *st, uint32_t id)
{
	char path[PATH_MAX], *text;
	size_t len;
	struct track_meta m;

	spool_track_path(st->dir, id, "meta", path, sizeof(path));
	int rc = spool_read_file(path, &text, &len);
	if (rc < 0) {
		drive_log_add(st->log, "spool: cannot read %s: %s", path,
			      strerror(-rc));
		return;
	}
	rc = track_meta_decode(text, len, &m);
	free(text);
	if (rc < 0) {
		drive_log_add(st->log, "spool: %s is damaged, left alone",
			      path);
		return;
	}
	struct stat sb;
	spool_track_path(st->dir, id, "audio", path, sizeof(path));
	if (stat(path, &sb) < 0) {
		drive_log_add(st->log, "spool: %s has no data, forgotten",
			      m.name);
		unlink_spool(st, id, "meta");
		return;
	}
	if (m.staged && m.intake.convert) {
		struct stat cb;
		spool_track_path(st->dir, id, "cdda", path, sizeof(path));
		if (stat(path, &cb) < 0 ||
		    (uint64_t)cb.st_size != m.intake.pcm_bytes)
			m.staged = false; /* converted again below */
		spool_track_path(st->dir, id, "audio", path, sizeof(path));
	}
	struct track *old = find(st, m.name);
	if (old) {
		/* A crash between two renames: the newer file wins. */
		struct track *loser = old->id < id ? old : NULL;
		drive_log_add(st->log, "spool: two files named %s, kept one",
			      m.name);
		if (!loser) {
			unlink_spool(st, id, "meta");
			unlink_spool(st, id, "audio");
			return;
		}
		remove_track(st, loser);
	}
	struct track *t = calloc(1, sizeof(*t));
	if (!t) {
		drive_log_add(st->log, "spool: out of memory loading %s",
			      m.name);
		return;
	}
	t->id = id;
	t->meta = m;
	t->size = (uint64_t)sb.st_size;
	t->fd = -1;
	t->linked = true;
	t->head_ok = m.staged;
	t->next = st->tracks;
	st->tracks = t;
}

int staging_load(struct staging *st)
{
	DIR *d = opendir(st->dir);
	if (!d)
		return -errno;
	struct id_list metas = {0}, audios = {0}, cddas = {0};
	struct dirent *de;
	int rc = 0;
	uint32_t max_id = 0;
	while ((de = readdir(d)) != NULL) {
		uint32_t id;
		const char *ext;
		size_t nl = strlen(de->d_name);
		if (nl > 4 && strcmp(de->d_name + nl - 4, ".tmp") == 0) {
			if (unlinkat(dirfd(d), de->d_name, 0) < 0)
				drive_log_add(st->log,
					      "spool: cannot remove %s: %s",
					      de->d_name, strerror(errno));
			continue;
		}
		if (!spool_parse_track_name(de->d_name, &id, &ext))
			continue;
		if (id > max_id)
			max_id = id;
		if (strcmp(ext, "meta") == 0)
			rc = id_add(&metas, id);
		else if (strcmp(ext, "audio") == 0)
			rc = id_add(&audios, id);
		else if (strcmp(ext, "cdda") == 0)
			rc = id_add(&cddas, id);
		if (rc < 0)
			break;
	}
	closedir(d);
	if (rc == 0) {
		pthread_mutex_lock(&st->lock);
		st->next_id = max_id + 1;
		for (size_t i = 0; i < metas.n; i++)
			load_one(st, metas.ids[i]);
		for (size_t i = 0; i < audios.n; i++) {
			if (!id_has(&metas, audios.ids[i])) {
				/* Created, but its metadata never written. */
				unlink_spool(st, audios.ids[i], "audio");
			}
		}
		for (size_t i = 0; i < cddas.n; i++)
			if (!id_has(&metas, cddas.ids[i]))
				unlink_spool(st, cddas.ids[i], "cdda");
		/* Files a crash left half-written are checked again. */
		struct track *t = st->tracks, *next;
		for (; t; t = next) {
			next = t->next;
			if (is_track(t) && !t->meta.staged)
				finalize(st, t);
		}
		size_t n = count_tracks(st);
		if (n > 0)
			drive_log_add(st->log,
				      "%zu staged track%s found in "
				      "the spool",
				      n, n == 1 ? "" : "s");
		pthread_mutex_unlock(&st->lock);
	}
	free(metas.ids);
	free(audios.ids);
	free(cddas.ids);
	return rc;
}

/* ---- directory ---------------------------------------------------------- */

struct entry {
	const char *name;
	struct stat st;
};

static int cmp_entry(const void *a, const void *b)
{
	return names_natural_cmp(((const struct entry *)a)->name,
				 ((const struct entry *)b)->name);
}

int staging_readdir(struct staging *st, staging_fill_fn fill, void *ctx)
{
	pthread_mutex_lock(&st->lock);
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked;
	struct entry *e = calloc(n + 1, sizeof(*e));
	char **names = calloc(n + 1, sizeof(*names));
	if (!e || !names) {
		pthread_mutex_unlock(&st->lock);
		free(e);
		free(names);
		return -ENOMEM;
	}
	size_t i = 0;
	int rc = 0;
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked)
			continue;
		names[i] = strdup(t->meta.name);
		if (!names[i]) {
			rc = -ENOMEM;
			break;
		}
		e[i].name = names[i];
		fill_stat(st, t, &e[i].st);
		i++;
	}
	pthread_mutex_unlock(&st->lock);
	if (rc == 0) {
		qsort(e, i, sizeof(*e), cmp_entry);
		for (size_t k = 0; k < i; k++)
			if (fill(ctx, e[k].name, &e[k].st))
				break;
	}
	for (size_t k = 0; k < i; k++)
		free(names[k]);
	free(names);
	free(e);
	return rc;
}

int staging_getattr(struct staging *st, const char *name, struct track *t,
		    struct stat *out)
{
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (t)
		fill_stat(st, t, out);
	pthread_mutex_unlock(&st->lock);
	return t ? 0 : -ENOENT;
}

/* ---- open, read, write ------------------------------------------------- */

static int truncate_locked(struct staging *st, struct track *t, uint64_t size)
{
	int rc = open_fd(st, t);
	if (rc < 0)
		return rc;
	if (ftruncate(t->fd, (off_t)size) < 0) {
		int e = errno;
		drive_log_add(st->log, "spool: cannot truncate %s: %s",
			      t->meta.name, strerror(e));
		return -e;
	}
	if (size < HEAD_BYTES)
		t->head_ok = false;
	t->rejected = false;
	t->size = size;
	t->gen++;
	t->meta.staged = false;
	t->dirty = size > 0;
	t->meta.mtime = t->meta.ctime = now();
	return 0;
}

static int create_locked(struct staging *st, const char *name, mode_t mode,
			 struct track **out)
{
	if (!names_is_temporary(name) && count_tracks(st) >= CD_MAX_TRACKS) {
		drive_log_add(st->log,
			      "%s: refused, a CD holds at most %d tracks", name,
			      CD_MAX_TRACKS);
		return -ENOSPC;
	}
	struct track *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->id = st->next_id++;
	t->fd = -1;
	snprintf(t->meta.name, sizeof(t->meta.name), "%s", name);
	t->meta.mode = mode & 07777;
	t->meta.atime = t->meta.mtime = t->meta.ctime = now();
	char path[PATH_MAX];
	audio_path(st, t, path, sizeof(path));
	t->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (t->fd < 0) {
		int e = errno;
		drive_log_add(st->log, "spool: cannot create %s for %s: %s",
			      path, name, strerror(e));
		free(t);
		return -e;
	}
	t->linked = true;
	int rc = save_meta(st, t);
	if (rc < 0) {
		close(t->fd);
		unlink(path);
		free(t);
		return rc;
	}
	t->next = st->tracks;
	st->tracks = t;
	*out = t;
	return 0;
}

int staging_open(struct staging *st, const char *name, int flags, mode_t mode,
		 bool create, bool excl, struct track **out)
{
	bool writable = (flags & O_ACCMODE) != O_RDONLY;
	int rc = 0;

	if (!names_is_valid(name))
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (t && create && excl) {
		rc = -EEXIST;
	} else if (!t && !create) {
		rc = -ENOENT;
	} else if (!t) {
		rc = create_locked(st, name, mode, &t);
	} else if (writable && t->in_job) {
		drive_log_add(st->log, "%s: being burnt, cannot be changed",
			      name);
		rc = -EBUSY;
	} else {
		rc = open_fd(st, t);
		if (rc == 0 && writable && (flags & O_TRUNC)) {
			rc = truncate_locked(st, t, 0);
			if (rc == 0)
				save_meta(st, t);
		}
	}
	if (rc == 0) {
		t->refs++;
		t->writers += writable;
		*out = t;
	} else if (t) {
		close_fd_if_unused(t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

void staging_release(struct staging *st, struct track *t, bool writable)
{
	pthread_mutex_lock(&st->lock);
	if (t->refs > 0)
		t->refs--;
	if (writable && t->writers > 0)
		t->writers--;
	close_fd_if_unused(t);
	if (t->refs == 0 && t->refused_pending) {
		remove_track(st, t); /* frees t */
		pthread_mutex_unlock(&st->lock);
		return;
	}
	if (t->refs == 0 && !t->linked) {
		unlink_list(st, t);
		track_destroy(t);
	}
	pthread_mutex_unlock(&st->lock);
}

ssize_t staging_read(struct staging *st, struct track *t, char *buf,
		     size_t size, off_t off)
{
	pthread_mutex_lock(&st->lock);
	int fd = t->fd;
	pthread_mutex_unlock(&st->lock);
	/* The fd stays open while this handle holds its reference. */
	ssize_t n = pread(fd, buf, size, off);
	return n < 0 ? -errno : n;
}

/*
 * Checks the first bytes as they would be after writing buf at off.
 * 0, or -EINVAL (not audio: t is marked rejected and the log says why).
 */
static int check_head(struct staging *st, struct track *t, const char *buf,
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
	enum intake_verdict v =
	    intake_check_header(head, len, why, sizeof(why));
	free(head);
	if (v == INTAKE_NOT_AUDIO) {
		t->rejected = true;
		drive_log_add(st->log, "track %02u %s: refused, %s",
			      track_number(st, t), t->meta.name,
			      why[0] ? why : "not audio");
		return -EINVAL;
	}
	if (v == INTAKE_LOOKS_OK || len >= HEAD_BYTES)
		t->head_ok = true; /* the rest is for intake_finish */
	return 0;
}

ssize_t staging_write(struct staging *st, struct track *t, const char *buf,
		      size_t size, off_t off)
{
	uint32_t free_sectors = 0;
	bool known = st->free_fn(st->free_ctx, &free_sectors);
	int rc = 0;

	if (off < 0)
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	uint64_t end = (uint64_t)off + size;
	if (t->refused_pending) {
		/* The writer goes on after a flush from another copy of its
		 * descriptor refused the file: it comes back, unless its name
		 * was taken meanwhile. */
		if (find(st, t->meta.name)) {
			rc = -EINVAL;
		} else {
			t->refused_pending = false;
			t->linked = true;
			drive_log_add(st->log,
				      "%s: written again after the refusal; "
				      "back in tracks/",
				      t->meta.name);
		}
	}
	if (rc < 0) {
		/* refused for good */
	} else if (t->in_job) {
		rc = -EBUSY;
	} else if (t->rejected) {
		rc = -EINVAL;
	} else if (end > t->size &&
		   (rc = check_space(st, t, end, known, free_sectors)) < 0) {
		drive_log_add(st->log,
			      "%s: refused, the disc has no room "
			      "for it",
			      t->meta.name);
	} else if (is_track(t) && !t->head_ok && (uint64_t)off < HEAD_BYTES) {
		rc = check_head(st, t, buf, size, off);
	}
	if (rc == 0) {
		ssize_t n = pwrite(t->fd, buf, size, off);
		if (n < 0) {
			rc = -errno;
			drive_log_add(st->log, "spool: cannot write %s: %s",
				      t->meta.name, strerror(-rc));
		} else {
			if ((uint64_t)off + (uint64_t)n > t->size)
				t->size = (uint64_t)off + (uint64_t)n;
			t->dirty = true;
			t->gen++;
			t->meta.staged = false;
			t->meta.mtime = t->meta.ctime = now();
			rc = (int)n;
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_flush(struct staging *st, struct track *t, bool writable)
{
	int rc = 0;
	if (!writable)
		return 0;
	pthread_mutex_lock(&st->lock);
	if (!t->linked) {
		rc = 0;
	} else if (t->rejected) {
		drive_log_add(st->log, "%s: removed from tracks/",
			      t->meta.name);
		remove_track(st, t);
		rc = -EINVAL;
	} else if (t->dirty && is_track(t)) {
		/* Not necessarily the last close: see refused_pending. */
		rc = finalize_unlocked(st, t, true);
	} else {
		save_meta(st, t); /* times and size of a plain file */
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_fsync(struct staging *st, struct track *t, bool datasync)
{
	pthread_mutex_lock(&st->lock);
	int fd = t->fd;
	pthread_mutex_unlock(&st->lock);
	int rc = datasync ? fdatasync(fd) : fsync(fd);
	if (rc < 0)
		return -errno;
	pthread_mutex_lock(&st->lock);
	save_meta(st, t);
	pthread_mutex_unlock(&st->lock);
	return 0;
}

/* ---- metadata changes --------------------------------------------------- */

int staging_truncate(struct staging *st, const char *name, struct track *t,
		     off_t size)
{
	uint32_t free_sectors = 0;
	bool known = st->free_fn(st->free_ctx, &free_sectors);
	int rc;

	if (size < 0)
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else if ((uint64_t)size > t->size &&
		   check_space(st, t, (uint64_t)size, known, free_sectors) <
		       0) {
		drive_log_add(st->log,
			      "%s: refused, the disc has no room "
			      "for it",
			      t->meta.name);
		rc = -ENOSPC;
	} else {
		rc = truncate_locked(st, t, (uint64_t)size);
		if (rc == 0 && t->writers == 0 && t->dirty && is_track(t))
			rc = finalize(st, t); /* nobody will flush it */
		else if (rc == 0)
			save_meta(st, t);
		if (rc != -EINVAL)
			close_fd_if_unused(t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_chmod(struct staging *st, const char *name, struct track *t,
		  mode_t mode)
{
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (t) {
		t->meta.mode = mode & 07777;
		t->meta.ctime = now();
		save_meta(st, t);
	}
	pthread_mutex_unlock(&st->lock);
	return t ? 0 : -ENOENT;
}

static void set_time(struct timespec *dst, const struct timespec *src,
		     struct timespec n)
{
	if (src->tv_nsec == UTIME_OMIT)
		return;
	*dst = src->tv_nsec == UTIME_NOW ? n : *src;
}

int staging_utimens(struct staging *st, const char *name, struct track *t,
		    const struct timespec tv[2])
{
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (t) {
		struct timespec n = now();
		if (tv) {
			set_time(&t->meta.atime, &tv[0], n);
			set_time(&t->meta.mtime, &tv[1], n);
		} else {
			t->meta.atime = t->meta.mtime = n;
		}
		t->meta.ctime = n;
		save_meta(st, t);
	}
	pthread_mutex_unlock(&st->lock);
	return t ? 0 : -ENOENT;
}

int staging_unlink(struct staging *st, const char *name)
{
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		drive_log_add(st->log, "%s: being burnt, cannot be removed",
			      name);
		rc = -EBUSY;
	} else {
		remove_track(st, t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_rename(struct staging *st, const char *from, const char *to,
		   unsigned flags)
{
	int rc = 0;
	if (flags & ~(unsigned)RENAME_NOREPLACE)
		return -EINVAL;
	if (!names_is_valid(to) || strlen(to) >= NAME_MAX + 1)
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, from), *target = find(st, to);
	bool was_track = t && is_track(t);
	if (!t) {
		rc = -ENOENT;
	} else if (t == target) {
		rc = 0;
	} else if (target && (flags & RENAME_NOREPLACE)) {
		rc = -EEXIST;
	} else if (t->in_job || (target && target->in_job)) {
		drive_log_add(st->log, "%s: being burnt, cannot be renamed",
			      t->in_job ? from : to);
		rc = -EBUSY;
	} else if (!was_track && !names_is_temporary(to) &&
		   !(target && is_track(target)) &&
		   count_tracks(st) >= CD_MAX_TRACKS) {
		drive_log_add(st->log,
			      "%s: refused, a CD holds at most %d tracks", to,
			      CD_MAX_TRACKS);
		rc = -ENOSPC;
	} else {
		if (target)
			remove_track(st, target);
		snprintf(t->meta.name, sizeof(t->meta.name), "%s", to);
		t->meta.ctime = now();
		if (is_track(t) &&
		    (!t->meta.staged || t->dirty || !was_track) &&
		    !(t->writers > 0 && t->size == 0)) {
			/* A temporary file becomes a track now. */
			t->dirty = true;
			rc = finalize_unlocked(st, t, false);
		} else {
			save_meta(st, t);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/* ---- extended attributes ------------------------------------------------ */

enum xkey { X_ISRC, X_PRE_EMPHASIS, X_COPY_PERMITTED, X_NONE };

static enum xkey xattr_key(const char *attr)
{
	if (strcmp(attr, "user.isrc") == 0)
		return X_ISRC;
	if (strcmp(attr, "user.pre_emphasis") == 0)
		return X_PRE_EMPHASIS;
	if (strcmp(attr, "user.copy_permitted") == 0)
		return X_COPY_PERMITTED;
	return X_NONE;
}

static bool isrc_valid(const char *v, size_t n)
{
	if (n != 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
		if (!alnum || (i >= 5 && !(c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static bool is_user_attr(const char *attr)
{
	return strncmp(attr, "user.", 5) == 0 && attr[5] != '\0';
}

/* Any other user.* attribute: stored as given. */
static int set_other_xattr(struct staging *st, const char *name,
			   const char *attr, const char *value, size_t size,
			   int flags)
{
	if (!is_user_attr(attr))
		return -ENOTSUP;
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else {
		rc = xattr_store_set(&t->meta.xattrs, attr, value, size, flags);
		if (rc == 0) {
			t->meta.ctime = now();
			save_meta(st, t);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_setxattr(struct staging *st, const char *name, const char *attr,
		     const char *value, size_t size, int flags)
{
	enum xkey k = xattr_key(attr);
	if (k == X_NONE)
		return set_other_xattr(st, name, attr, value, size, flags);
	while (size > 0 && (value[size - 1] == '\n' || value[size - 1] == 0))
		size--;
	if (k == X_ISRC && !isrc_valid(value, size))
		return -EINVAL;
	if (k != X_ISRC && !(size == 1 && (value[0] == '0' || value[0] == '1')))
		return -EINVAL;
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else {
		bool exists = k == X_ISRC	    ? t->meta.isrc[0] != '\0'
			      : k == X_PRE_EMPHASIS ? t->meta.pre_emphasis
						    : t->meta.copy_permitted;
		if ((flags & XATTR_CREATE) && exists)
			rc = -EEXIST;
		else if ((flags & XATTR_REPLACE) && !exists)
			rc = -ENODATA;
	}
	if (t && rc == 0) {
		if (k == X_ISRC) {
			memcpy(t->meta.isrc, value, 12);
			t->meta.isrc[12] = '\0';
		} else if (k == X_PRE_EMPHASIS) {
			t->meta.pre_emphasis = value[0] == '1';
		} else {
			t->meta.copy_permitted = value[0] == '1';
		}
		t->meta.ctime = now();
		save_meta(st, t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/* The value of k for t ("" when not set). */
static const char *xattr_value(const struct track *t, enum xkey k)
{
	switch (k) {
	case X_ISRC:
		return t->meta.isrc;
	case X_PRE_EMPHASIS:
		return t->meta.pre_emphasis ? "1" : "";
	case X_COPY_PERMITTED:
		return t->meta.copy_permitted ? "1" : "";
	case X_NONE:
		break;
	}
	return "";
}

int staging_getxattr(struct staging *st, const char *name, const char *attr,
		     char *value, size_t size)
{
	enum xkey k = xattr_key(attr);
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (k == X_NONE) {
		rc = xattr_store_get(&t->meta.xattrs, attr, value, size);
	} else if (xattr_value(t, k)[0] == '\0') {
		rc = -ENODATA;
	} else {
		const char *v = xattr_value(t, k);
		size_t n = strlen(v);
		if (size == 0)
			rc = (int)n;
		else if (size < n)
			rc = -ERANGE;
		else {
			memcpy(value, v, n);
			rc = (int)n;
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_listxattr(struct staging *st, const char *name, char *list,
		      size_t size)
{
	static const char *const names[] = {"user.isrc", "user.pre_emphasis",
					    "user.copy_permitted"};
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else {
		size_t used = 0;
		for (int k = 0; k < 3; k++) {
			if (xattr_value(t, (enum xkey)k)[0] == '\0')
				continue;
			size_t n = strlen(names[k]) + 1;
			if (size > 0 && used + n > size) {
				rc = -ERANGE;
				break;
			}
			if (size > 0)
				memcpy(list + used, names[k], n);
			used += n;
		}
		if (rc == 0)
			rc = xattr_store_list(&t->meta.xattrs, list, size,
					      &used);
		if (rc == 0)
			rc = (int)used;
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_removexattr(struct staging *st, const char *name, const char *attr)
{
	enum xkey k = xattr_key(attr);
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else if (k == X_NONE) {
		rc = xattr_store_remove(&t->meta.xattrs, attr);
		if (rc == 0) {
			t->meta.ctime = now();
			save_meta(st, t);
		}
	} else if (xattr_value(t, k)[0] == '\0') {
		rc = -ENODATA;
	} else {
		if (k == X_ISRC)
			t->meta.isrc[0] = '\0';
		else if (k == X_PRE_EMPHASIS)
			t->meta.pre_emphasis = false;
		else
			t->meta.copy_permitted = false;
		t->meta.ctime = now();
		save_meta(st, t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/* ---- usage, views, jobs ------------------------------------------------- */

void staging_converting(struct staging *st, struct textbuf *tb)
{
	size_t n = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked || t->converting == 0)
			continue;
		tb_printf(tb, "%s%s %u%%", n++ ? ", " : "", t->meta.name,
			  (unsigned)t->conv_percent);
	}
	pthread_mutex_unlock(&st->lock);
	if (n == 0)
		tb_printf(tb, "none");
}

void staging_usage(struct staging *st, struct staging_usage *u)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_lock(&st->lock);
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked;
	uint32_t *sectors = calloc(n + 1, sizeof(*sectors));
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!t->linked)
			continue;
		if (sectors)
			sectors[u->n_files] =
			    tao_track_sectors(pcm_estimate(t));
		u->n_files++;
		u->n_tracks += is_track(t);
	}
	if (sectors)
		u->sectors_needed = tao_sectors_needed(sectors, u->n_files);
	free(sectors);
	pthread_mutex_unlock(&st->lock);
}

static int cmp_track_ptr(const void *a, const void *b)
{
	return names_natural_cmp((*(struct track *const *)a)->meta.name,
				 (*(struct track *const *)b)->meta.name);
}

/* The visible tracks in natural order (lock held); caller frees. */
static struct track **sorted_tracks(struct staging *st, size_t *n)
{
	size_t count = count_tracks(st), i = 0;
	struct track **v = calloc(count + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (struct track *t = st->tracks; t; t = t->next)
		if (is_track(t))
			v[i++] = t;
	qsort(v, i, sizeof(*v), cmp_track_ptr);
	*n = i;
	return v;
}

int staging_views(struct staging *st, struct staged_track_view **views,
		  size_t *n)
{
	pthread_mutex_lock(&st->lock);
	size_t count = 0;
	struct track **v = sorted_tracks(st, &count);
	struct staged_track_view *out = calloc(count + 1, sizeof(*out));
	int rc = 0;
	if (!v || !out) {
		rc = -ENOMEM;
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		const struct track_meta *m = &v[i]->meta;
		out[i].name = strdup(m->name);
		out[i].pcm_bytes = pcm_estimate(v[i]);
		out[i].title = strdup(m->intake.title);
		out[i].artist = strdup(m->intake.artist);
		out[i].isrc = strdup(m->isrc[0] ? m->isrc : m->intake.isrc);
		out[i].pre_emphasis = m->pre_emphasis;
		out[i].copy_permitted = m->copy_permitted;
		if (!out[i].name || !out[i].title || !out[i].artist ||
		    !out[i].isrc) {
			staging_views_free(out, i + 1);
			out = NULL;
			rc = -ENOMEM;
			break;
		}
	}
	pthread_mutex_unlock(&st->lock);
	free(v);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*views = out;
	*n = count;
	return 0;
}

void staging_views_free(struct staged_track_view *views, size_t n)
{
	if (!views)
		return;
	for (size_t i = 0; i < n; i++) {
		free((char *)views[i].name);
		free((char *)views[i].title);
		free((char *)views[i].artist);
		free((char *)views[i].isrc);
	}
	free(views);
}

void staging_tracks_free(struct burn_track *tracks, size_t n)
{
	if (!tracks)
		return;
	for (size_t i = 0; i < n; i++) {
		free(tracks[i].name);
		free(tracks[i].path);
	}
	free(tracks);
}

int staging_begin_job(struct staging *st, struct burn_track **tracks,
		      size_t *n_out, char *why, size_t why_len)
{
	int rc = 0;
	size_t n = 0;
	struct track **v = NULL;
	struct burn_track *bt = NULL;

	*tracks = NULL;
	*n_out = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t && rc == 0; t = t->next) {
		if (!t->linked)
			continue;
		if (t->in_job) {
			snprintf(why, why_len,
				 "commit: a burn is already running");
			rc = -EBUSY;
		} else if (t->converting > 0) {
			snprintf(why, why_len,
				 "commit: %s is still being converted (%u%%)",
				 t->meta.name, (unsigned)t->conv_percent);
			rc = -EBUSY;
		} else if (t->writers > 0) {
			snprintf(why, why_len,
				 "commit: %s is still being written",
				 t->meta.name);
			rc = -EBUSY;
		}
	}
	/* Tracks nobody flushed after writing (truncated, or left empty). */
	for (struct track *t = st->tracks, *next; t && rc == 0; t = next) {
		next = t->next;
		if (is_track(t) && (!t->meta.staged || t->dirty)) {
			char name[NAME_MAX + 1];
			snprintf(name, sizeof(name), "%s", t->meta.name);
			rc = finalize(st, t);
			if (rc < 0)
				snprintf(why, why_len,
					 "commit: %s is not a complete audio "
					 "file",
					 name);
		}
	}
	if (rc == 0) {
		v = sorted_tracks(st, &n);
		bt = calloc(n + 1, sizeof(*bt));
		if (!v || !bt)
			rc = -ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char path[PATH_MAX];
		struct track *t = v[i];
		if (t->meta.intake.convert)
			spool_track_path(st->dir, t->id, "cdda", path,
					 sizeof(path));
		else
			audio_path(st, t, path, sizeof(path));
		bt[i].name = strdup(t->meta.name);
		bt[i].path = strdup(path);
		if (!bt[i].name || !bt[i].path) {
			rc = -ENOMEM;
			break;
		}
		bt[i].offset = t->meta.intake.pcm_offset;
		bt[i].length = t->meta.intake.pcm_bytes;
		bt[i].pre_emphasis = t->meta.pre_emphasis;
		bt[i].copy_permitted = t->meta.copy_permitted;
		/* user.isrc first, then the file's own ISRC tag. */
		memcpy(bt[i].isrc,
		       t->meta.isrc[0] ? t->meta.isrc : t->meta.intake.isrc,
		       sizeof(bt[i].isrc));
	}
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			v[i]->in_job = true;
	} else if (rc == -ENOMEM) {
		snprintf(why, why_len, "commit: out of memory");
	}
	pthread_mutex_unlock(&st->lock);
	free(v);
	if (rc < 0) {
		staging_tracks_free(bt, n);
		return rc;
	}
	*tracks = bt;
	*n_out = n;
	return 0;
}

void staging_end_job(struct staging *st, bool burnt)
{
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks, *next; t; t = next) {
		next = t->next;
		if (!t->in_job)
			continue;
		t->in_job = false;
		if (burnt && t->linked)
			remove_track_files(st, t, true);
	}
	pthread_mutex_unlock(&st->lock);
}

void staging_purge(struct staging *st)
{
	pthread_mutex_lock(&st->lock);
	struct id_list ids = st->purge;
	st->purge = (struct id_list){0};
	pthread_mutex_unlock(&st->lock);
	/* The ids are out of every list: nobody else touches their files. */
	for (size_t i = 0; i < ids.n; i++) {
		unlink_spool(st, ids.ids[i], "audio");
		unlink_spool(st, ids.ids[i], "cdda");
	}
	free(ids.ids);
}
