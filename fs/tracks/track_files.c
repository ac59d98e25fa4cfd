/*
 * track_files.c - the POSIX file operations of tracks/ and its folders:
 * readdir, getattr, open/create, read, write, flush, fsync, truncate,
 * chmod, utimens, unlink and rename (see staging.h for their rules; the
 * folders themselves are folder_ops.c's).
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

#include "cue_album.h"
#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"
#include "wav_head.h"

struct entry {
	const char *name;
	struct stat st;
};

static int open_fd(struct staging *st, struct track *t)
{
	if (t->fd >= 0)
		return 0;
	char path[PATH_MAX];
	staging_audio_path(st, t, path, sizeof(path));
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

static void fill_stat(struct staging *st, const struct track *t,
		      struct stat *out)
{
	memset(out, 0, sizeof(*out));
	out->st_ino = t->id; /* the spool id, see staging.h */
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
	return name ? staging_find(st, name) : NULL;
}

static int cmp_entry(const void *a, const void *b)
{
	return names_natural_cmp(((const struct entry *)a)->name,
				 ((const struct entry *)b)->name);
}

int staging_readdir(struct staging *st, uint32_t folder, staging_fill_fn fill,
		    void *ctx)
{
	pthread_mutex_lock(&st->lock);
	if (folder != 0 && !folder_by_id(st, folder)) {
		pthread_mutex_unlock(&st->lock);
		return -ENOENT;
	}
	size_t n = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked && t->meta.folder == folder;
	for (struct folder *f = st->folders; f; f = f->next)
		n += f->meta.folder == folder;
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
		if (!t->linked || t->meta.folder != folder)
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
	for (struct folder *f = st->folders; rc == 0 && f; f = f->next) {
		if (f->meta.folder != folder)
			continue;
		names[i] = strdup(f->meta.name);
		if (!names[i]) {
			rc = -ENOMEM;
			break;
		}
		e[i].name = names[i];
		memset(&e[i].st, 0, sizeof(e[i].st));
		e[i].st.st_ino = f->id;
		e[i].st.st_mode = S_IFDIR | (f->meta.mode & 07777);
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

int staging_getattr(struct staging *st, uint32_t folder, const char *name,
		    struct track *t, struct stat *out)
{
	pthread_mutex_lock(&st->lock);
	if (!t && name)
		t = staging_find_in(st, folder, name);
	if (t)
		fill_stat(st, t, out);
	pthread_mutex_unlock(&st->lock);
	return t ? 0 : -ENOENT;
}

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
	if (size == 0)
		t->head_skip = 0;
	t->no_room = false;
	t->rejected = false;
	t->size = size;
	t->gen++;
	t->meta.staged = false;
	t->dirty = size > 0;
	t->meta.mtime = t->meta.ctime = staging_wall_now();
	return 0;
}

static int create_locked(struct staging *st, uint32_t folder, const char *name,
			 mode_t mode, struct track **out)
{
	/* In a folder, a file may turn out to be kept aside: the burn's
	 * checks count its tracks. */
	if (folder == 0 && !names_is_temporary(name) &&
	    staging_count_tracks(st) >= CD_MAX_TRACKS) {
		drive_log_add(st->log,
			      "%s: refused, a CD holds at most %d tracks", name,
			      CD_MAX_TRACKS);
		staging_note_refused(st, name, "a CD holds at most 99 tracks");
		return -ENOSPC;
	}
	struct track *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->id = st->next_id++;
	t->fd = -1;
	snprintf(t->meta.name, sizeof(t->meta.name), "%s", name);
	t->meta.folder = folder;
	t->meta.mode = mode & 07777;
	t->meta.atime = t->meta.mtime = t->meta.ctime = staging_wall_now();
	char path[PATH_MAX];
	staging_audio_path(st, t, path, sizeof(path));
	t->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (t->fd < 0) {
		int e = errno;
		drive_log_add(st->log, "spool: cannot create %s for %s: %s",
			      path, name, strerror(e));
		free(t);
		return -e;
	}
	t->linked = true;
	int rc = staging_save_meta(st, t);
	if (rc < 0) {
		close(t->fd);
		unlink(path);
		free(t);
		return rc;
	}
	t->next = st->tracks;
	st->tracks = t;
	t->in_trash = folder != 0 && folder_within(st, folder, STAGING_TRASH);
	folder_touch(st, folder);
	*out = t;
	return 0;
}

/* Opening an existing linked file t (lock held): 0 or -errno. */
static int open_existing_locked(struct staging *st, struct track *t, int flags)
{
	bool writable = (flags & O_ACCMODE) != O_RDONLY;
	if (writable && t->in_job) {
		drive_log_add(st->log, "%s: being burnt, cannot be changed",
			      t->meta.name);
		return -EBUSY;
	}
	int rc = open_fd(st, t);
	if (rc == 0 && writable && (flags & O_TRUNC)) {
		rc = truncate_locked(st, t, 0);
		if (rc == 0)
			rc = staging_save_meta(st, t);
	}
	return rc;
}

int staging_open(struct staging *st, uint32_t folder, const char *name,
		 int flags, mode_t mode, bool create, bool excl,
		 struct track **out)
{
	bool writable = (flags & O_ACCMODE) != O_RDONLY;
	int rc = 0;

	if (!names_is_valid(name))
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
	if (!t && folder != 0 && !folder_by_id(st, folder)) {
		rc = -ENOENT;
	} else if (!t && folder_find(st, folder, name)) {
		rc = -EISDIR;
	} else if (t && create && excl) {
		rc = -EEXIST;
	} else if (!t && !create) {
		rc = -ENOENT;
	} else if (!t) {
		rc = create_locked(st, folder, name, mode, &t);
	} else {
		rc = open_existing_locked(st, t, flags);
	}
	if (rc == 0) {
		t->refs++;
		t->writers += writable;
		*out = t;
		if (writable)
			staging_note_writers(st);
	} else if (t) {
		close_fd_if_unused(t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/* The linked file with spool id id (lock held), or NULL. */
static struct track *find_id(struct staging *st, uint32_t id)
{
	for (struct track *t = st->tracks; t; t = t->next)
		if (t->linked && t->id == id)
			return t;
	return NULL;
}

int staging_open_id(struct staging *st, uint32_t id, int flags,
		    struct track **out)
{
	bool writable = (flags & O_ACCMODE) != O_RDONLY;
	pthread_mutex_lock(&st->lock);
	struct track *t = find_id(st, id);
	int rc = t ? open_existing_locked(st, t, flags) : -ENOENT;
	if (rc == 0) {
		t->refs++;
		t->writers += writable;
		*out = t;
		if (writable)
			staging_note_writers(st);
	} else if (t) {
		close_fd_if_unused(t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_hold(struct staging *st, uint32_t id, struct track **out)
{
	pthread_mutex_lock(&st->lock);
	struct track *t = find_id(st, id);
	if (t) {
		t->refs++;
		*out = t;
	}
	pthread_mutex_unlock(&st->lock);
	return t ? 0 : -ENOENT;
}

void staging_name(struct staging *st, struct track *t, char *out, size_t len,
		  uint32_t *folder)
{
	pthread_mutex_lock(&st->lock);
	snprintf(out, len, "%s", t->meta.name);
	if (folder)
		*folder = t->meta.folder;
	pthread_mutex_unlock(&st->lock);
}

/* The name in tracks/ itself of t or of the folder holding it. */
static const char *top_name(struct staging *st, const struct track *t)
{
	struct folder *top = NULL;
	uint32_t id = t->meta.folder;
	for (unsigned depth = 0; id != 0 && depth < FOLDER_MAX_DEPTH; depth++) {
		struct folder *f = folder_by_id(st, id);
		if (!f)
			break;
		top = f;
		id = f->meta.folder;
	}
	return top ? top->meta.name : t->meta.name;
}

int staging_job_names(struct staging *st, char ***names, size_t *n)
{
	size_t count = 0, i = 0;
	pthread_mutex_lock(&st->lock);
	for (struct track *t = st->tracks; t; t = t->next)
		count += t->linked && t->in_job;
	char **v = calloc(count + 1, sizeof(*v));
	for (struct track *t = st->tracks; v && t; t = t->next) {
		if (!t->linked || !t->in_job)
			continue;
		const char *name = top_name(st, t);
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(v[k], name) == 0;
		if (seen) {
			count--;
			continue;
		}
		v[i] = strdup(name);
		if (!v[i])
			break;
		i++;
	}
	pthread_mutex_unlock(&st->lock);
	*names = v;
	*n = i;
	return v && i == count ? 0 : -ENOMEM;
}

void staging_names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

void staging_release(struct staging *st, struct track *t, bool writable)
{
	pthread_mutex_lock(&st->lock);
	if (t->refs > 0)
		t->refs--;
	if (writable && t->writers > 0) {
		t->writers--;
		staging_note_writers(st);
	}
	close_fd_if_unused(t);
	if (t->refs == 0 && t->refused_pending) {
		staging_remove_track(st, t); /* frees t */
		pthread_mutex_unlock(&st->lock);
		return;
	}
	if (t->refs == 0 && !t->linked) {
		staging_unlist(st, t);
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
	/* A WAV's header is not audio: found in the write of its start. */
	uint64_t skip = t->head_skip;
	if (off == 0 &&
	    !wav_head_data_offset((const uint8_t *)buf, size, &skip))
		skip = 0;
	uint64_t old_skip = t->head_skip;
	t->head_skip = skip;
	if (t->refused_pending) {
		/* The writer goes on after a flush from another copy of its
		 * descriptor refused the file: it comes back, unless its name
		 * was taken meanwhile. */
		if (staging_find_in(st, t->meta.folder, t->meta.name)) {
			rc = -EEXIST; /* its name is another file's now */
		} else {
			t->refused_pending = false;
			t->linked = true;
			drive_log_add(st->log,
				      "%s: written again after the refusal; "
				      "back in tracks/",
				      t->meta.name);
		}
	}
	if (rc == 0 && !t->in_job && !t->rejected && t->meta.folder != 0 &&
	    track_is_visible(t) && !t->head_ok && (uint64_t)off < HEAD_BYTES &&
	    !names_is_cue(t->meta.name) &&
	    aside_verdict(st, t, buf, size, off, false) == INTAKE_NOT_AUDIO)
		aside_mark(st, t, "not audio"); /* before the space check */
	if (rc < 0) {
		/* refused for good */
	} else if (t->in_job) {
		rc = -EBUSY;
	} else if (t->rejected) {
		rc = -EINVAL;
	} else if (end > t->size &&
		   (rc = staging_check_space(st, t, track_pcm_of_size(t, end),
					     known, free_sectors)) < 0) {
		if (!t->no_room)
			staging_note_refused(st, t->meta.name,
					     "the disc has no room for it");
		t->no_room = true;
		drive_log_add(st->log,
			      "%s: refused, the disc has no room "
			      "for it",
			      t->meta.name);
	} else if (track_is_visible(t) && !t->head_ok &&
		   (uint64_t)off < HEAD_BYTES) {
		rc = staging_check_head(st, t, buf, size, off);
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
			t->meta.mtime = t->meta.ctime = staging_wall_now();
			rc = (int)n;
		}
	}
	if (rc < 0)
		t->head_skip = old_skip;
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_flush(struct staging *st, struct track *t, bool writable)
{
	int rc = 0;
	if (!writable)
		return 0;
	pthread_mutex_lock(&st->lock);
	/* A file of a folder whose first bytes never told (short, or
	 * empty) is judged whole now. */
	if (t->linked && !t->rejected && t->meta.folder != 0 &&
	    track_is_visible(t) && !t->head_ok && !names_is_cue(t->meta.name) &&
	    aside_verdict(st, t, NULL, 0, 0, true) != INTAKE_LOOKS_OK)
		aside_mark(st, t, "not audio");
	if (!t->linked) {
		rc = 0;
	} else if (t->meta.aside) {
		rc = t->dirty || !t->meta.staged ? aside_keep(st, t)
						 : staging_save_meta(st, t);
	} else if (t->rejected) {
		drive_log_add(st->log, "%s: removed from tracks/",
			      t->meta.name);
		staging_remove_track(st, t);
		rc = -EINVAL;
	} else if (t->no_room && t->dirty && track_is_visible(t)) {
		/*
		 * Changed, then a write was refused: incomplete.  Not checked
		 * as audio (it would be "truncated"); ENOSPC, the reason it
		 * is incomplete.
		 */
		drive_log_add(st->log,
			      "%s: removed from tracks/: incomplete, a write "
			      "was refused because the disc has no room for it",
			      t->meta.name);
		staging_remove_track(st, t);
		rc = -ENOSPC;
	} else if (t->dirty && track_is_visible(t)) {
		/* Not necessarily the last close: see refused_pending. */
		rc = staging_finalize_unlocked(st, t, true);
	} else {
		/* times and size of a plain file */
		rc = staging_save_meta(st, t);
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
	rc = staging_save_meta(st, t);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

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
		   staging_check_space(st, t,
				       track_pcm_of_size(t, (uint64_t)size),
				       known, free_sectors) < 0) {
		drive_log_add(st->log,
			      "%s: refused, the disc has no room "
			      "for it",
			      t->meta.name);
		rc = -ENOSPC;
	} else {
		rc = truncate_locked(st, t, (uint64_t)size);
		if (rc == 0 && t->writers == 0 && t->dirty &&
		    track_is_visible(t))
			rc = staging_finalize(st, t); /* nobody will flush it */
		else if (rc == 0)
			rc = staging_save_meta(st, t);
		if (rc != -EINVAL)
			close_fd_if_unused(t);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_chmod(struct staging *st, const char *name, struct track *t,
		  mode_t mode)
{
	int rc = -ENOENT;
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (t) {
		struct track_meta before = t->meta;
		t->meta.mode = mode & 07777;
		t->meta.ctime = staging_wall_now();
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
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
	int rc = -ENOENT;
	pthread_mutex_lock(&st->lock);
	t = resolve(st, name, t);
	if (t) {
		struct track_meta before = t->meta;
		struct timespec n = staging_wall_now();
		if (tv) {
			set_time(&t->meta.atime, &tv[0], n);
			set_time(&t->meta.mtime, &tv[1], n);
		} else {
			t->meta.atime = t->meta.mtime = n;
		}
		t->meta.ctime = n;
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/*
 * rm of a cue sheet unstages the album: the sheet and the audio files
 * it names leave tracks/ (lock held).  Files still being written or
 * burnt stay, and the log says so.
 */
static int unlink_cue(struct staging *st, struct track *cue)
{
	struct track *files[CUE_MAX_FILES];
	size_t n = cue_album_files(st, cue, files, CUE_MAX_FILES);
	char name[NAME_MAX + 1];
	snprintf(name, sizeof(name), "%s", cue->meta.name);
	int rc = staging_unlink_meta(st, cue);
	if (rc < 0)
		return rc;
	staging_remove_track(st, cue);
	struct textbuf gone;
	tb_init(&gone);
	for (size_t i = 0; i < n; i++) {
		struct track *t = files[i];
		if (t->in_job || t->writers > 0) {
			drive_log_add(st->log,
				      "%s: %s stays in tracks/ (it is being "
				      "%s)",
				      name, t->meta.name,
				      t->in_job ? "burnt" : "written");
			continue;
		}
		tb_printf(&gone, "%s%s", gone.len ? ", " : "", t->meta.name);
		if (staging_unlink_meta(st, t) == 0)
			staging_remove_track(st, t);
	}
	if (gone.len)
		drive_log_add(st->log,
			      "%s: removed with its audio files, unstaged: %s",
			      name, gone.data);
	else
		drive_log_add(st->log, "%s: removed", name);
	tb_free(&gone);
	return 0;
}

int staging_unlink(struct staging *st, uint32_t folder, const char *name)
{
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
	if (!t) {
		rc = folder_find(st, folder, name) ? -EISDIR : -ENOENT;
	} else if (t->in_job) {
		drive_log_add(st->log, "%s: being burnt, cannot be removed",
			      name);
		rc = -EBUSY;
	} else if (names_is_cue(t->meta.name)) {
		rc = unlink_cue(st, t);
	} else if ((rc = staging_unlink_meta(st, t)) == 0) {
		staging_remove_track(st, t);
	}
	if (rc == 0)
		folder_touch(st, folder);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

/*
 * Puts target (the file named to, or NULL) back into tracks/ after a
 * rename onto it failed, unless its name was taken meanwhile.
 */
static void restore_target(struct staging *st, struct track *target,
			   uint32_t to_folder, const char *to)
{
	/* replaced by someone else meanwhile */
	if (staging_find_in(st, to_folder, to))
		staging_remove_track(st, target);
	else
		target->linked = true;
}

/*
 * Renames t to to, replacing target.  A file that becomes a track is
 * checked first; target is taken out of tracks/ meanwhile (but keeps its
 * spool files and a reference) and is deleted only once the rename
 * succeeded: a failed rename changes nothing.  Lock held.
 */
static int rename_locked(struct staging *st, struct track *t,
			 struct track *target, uint32_t to_folder,
			 const char *to, bool was_track)
{
	struct track_meta before = t->meta;
	int rc;
	if (target) {
		target->linked = false; /* hidden; its files stay */
		target->refs++;		/* keeps it allocated */
	}
	snprintf(t->meta.name, sizeof(t->meta.name), "%s", to);
	t->meta.folder = to_folder;
	t->meta.ctime = staging_wall_now();
	bool shown = !names_is_temporary(to);
	bool complete = !(t->writers > 0 && t->size == 0);
	if (t->meta.aside && shown && to_folder == 0) {
		char path[PATH_MAX];
		staging_track_path(st, t, path, sizeof(path));
		drive_log_add(st->log,
			      "%s: refused, not audio: only a folder of "
			      "tracks/ keeps such files aside",
			      path);
		t->meta = before;
		rc = -EINVAL;
	} else if (!t->meta.aside && shown && to_folder != 0 && complete &&
		   !names_is_cue(to) &&
		   (!t->meta.staged || t->dirty || !was_track) &&
		   aside_verdict(st, t, NULL, 0, 0, true) != INTAKE_LOOKS_OK) {
		/* A copy tool's temporary file of a folder's cover art. */
		aside_mark(st, t, "not audio");
		rc = aside_keep(st, t);
		if (rc < 0)
			t->meta = before;
	} else if (/* a cue sheet under a new name is checked again (and
		    * says which of its files are in tracks/) */
		   track_is_visible(t) &&
		   (!t->meta.staged || t->dirty || !was_track ||
		    names_is_cue(to)) &&
		   !(t->writers > 0 && t->size == 0)) {
		/* A temporary file becomes a track now. */
		t->dirty = true;
		rc = staging_finalize_unlocked(st, t, false); /* t may go */
	} else {
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	if (target) {
		target->refs--;
		if (rc < 0) {
			restore_target(st, target, to_folder, to);
		} else {
			target->linked = true;
			staging_remove_track(st, target);
		}
	}
	return rc;
}

int staging_rename(struct staging *st, uint32_t from_folder, const char *from,
		   uint32_t to_folder, const char *to, unsigned flags)
{
	int rc = 0;
	if (flags & ~(unsigned)RENAME_NOREPLACE)
		return -EINVAL;
	if (!names_is_valid(to) || strlen(to) >= NAME_MAX + 1)
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	struct folder *moved = folder_find(st, from_folder, from);
	if (moved) {
		rc = folder_rename_locked(st, moved, to_folder, to, flags);
		trash_mark(st);
		pthread_mutex_unlock(&st->lock);
		return rc;
	}
	struct track *t = staging_find_in(st, from_folder, from),
		     *target = staging_find_in(st, to_folder, to);
	bool was_track = t && track_is_visible(t);
	if (!t) {
		rc = -ENOENT;
	} else if (to_folder != 0 && !folder_by_id(st, to_folder)) {
		rc = -ENOENT;
	} else if (folder_find(st, to_folder, to)) {
		rc = -EISDIR;
	} else if (t == target) {
		rc = 0;
	} else if (target && (flags & RENAME_NOREPLACE)) {
		rc = -EEXIST;
	} else if (t->in_job || (target && target->in_job)) {
		drive_log_add(st->log, "%s: being burnt, cannot be renamed",
			      t->in_job ? from : to);
		rc = -EBUSY;
	} else if (!was_track && !names_is_temporary(to) &&
		   !(target && track_is_visible(target)) &&
		   staging_count_tracks(st) >= CD_MAX_TRACKS) {
		drive_log_add(st->log,
			      "%s: refused, a CD holds at most %d tracks", to,
			      CD_MAX_TRACKS);
		staging_note_refused(st, to, "a CD holds at most 99 tracks");
		rc = -ENOSPC;
	} else if (was_track && t->meta.staged && !names_is_temporary(to) &&
		   names_is_cue(from) != names_is_cue(to)) {
		/* A cue sheet is text, a track audio: the new name would
		 * make the file what it is not. */
		drive_log_add(st->log,
			      "%s: cannot be renamed to %s: %s; nothing "
			      "changed",
			      from, to,
			      names_is_cue(from)
				  ? "it is a cue sheet, and a name that does "
				    "not end in .cue is a track's"
				  : "it is audio, and a name ending in .cue is "
				    "a cue sheet's");
		rc = -EINVAL;
	} else {
		rc = rename_locked(st, t, target, to_folder, to, was_track);
		/* the sheets that name either name: complete or not now */
		if (rc == 0 && was_track && !names_is_cue(to))
			cue_album_log_renamed(st, from, to);
	}
	if (rc == 0) {
		folder_touch(st, from_folder);
		folder_touch(st, to_folder);
		trash_mark(st);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}
