/*
 * staging.h - a drive's tracks/ directory: the staged tracks, kept in the
 * spool (see spool.h, track_meta.h) so that they survive unmount, crash
 * and reboot.
 *
 * A file in tracks/ is a track when its name is visible (not temporary,
 * see names.h) and intake accepted its bytes.  The check runs on the
 * first bytes as they are written (not audio: the write fails with
 * EINVAL) and at the flush after the last write, or when a temporary
 * name is renamed to a visible one (bad audio: the flush or rename fails
 * with EINVAL and the file leaves tracks/).  Writes that would make the
 * staged files overflow the disc fail with ENOSPC; a 100th track cannot
 * be created (ENOSPC).  Refusals are explained in the drive's log.
 *
 * While a burn runs, the tracks it burns cannot be changed (EBUSY); new
 * files can still be staged for the next disc.
 *
 * Folders (mkdir, cp -r): a file or folder is named by its folder, a
 * spool id (0: tracks/ itself), and its name in it.  The tracks of a
 * folder are burnt at the folder's place in the natural order (a walk
 * of the tree); a file of a folder that is not audio is kept aside (not
 * burnt) instead of refused.  Folders live in the spool too.
 *
 * Lock: staging.lock protects the track list and every field of every
 * track.  It is a leaf lock: nothing else is locked while it is held
 * except drive_log's own lock and the notification sender's (through
 * the observer).  The free-space callback is called without it.
 */
#ifndef BURNFS_STAGING_H
#define BURNFS_STAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "drive_log.h"
#include "recorder.h"
#include "render.h"

struct staging;
struct track;

/*
 * Free sectors on the disc for new tracks (the invisible track's free
 * blocks).  Returns true and sets *free when a writable disc is loaded;
 * false when it is unknown (no disc, closed disc): then no ENOSPC is
 * raised while staging, and commit checks.
 */
typedef bool (*staging_free_fn)(void *ctx, uint32_t *free_sectors);

struct staging *staging_new(const char *spool_dir, struct drive_log *log,
			    staging_free_fn free_fn, void *free_ctx);
void staging_free(struct staging *st);

/*
 * What the drive's desktop notifications follow (fs/drive/drive_notify.c).
 * The callbacks run with staging.lock held: they may take only leaf
 * locks and must not call the staging area.
 */
struct staging_observer {
	/* A file copied into tracks/ was refused: its name, and why as the
	 * log says it. */
	void (*refused)(void *ctx, const char *name, const char *why);
	/* A file became a track (staged), or a file in tracks/ was opened
	 * or closed for writing; writers is the number of handles open for
	 * writing on tracks/ now. */
	void (*activity)(void *ctx, bool staged, unsigned writers);
};
/* Sets the observer (before the mount serves requests). */
void staging_set_observer(struct staging *st, const struct staging_observer *o,
			  void *ctx);

/*
 * Loads the tracks left in the spool by an earlier mount.  Damaged or
 * unfinished leftovers are removed or skipped, with a log line each.
 * Returns 0 or -errno when the directory cannot be read.
 */
int staging_load(struct staging *st);

/*
 * The entries of a folder (0: tracks/ itself): name and attributes, in
 * natural order; a folder's st_mode is S_IFDIR and its st_ino its
 * folder id.  -ENOENT when the folder is gone.
 */
typedef int (*staging_fill_fn)(void *ctx, const char *name,
			       const struct stat *st);
int staging_readdir(struct staging *st, uint32_t folder, staging_fill_fn fill,
		    void *ctx);

/*
 * Attributes of a file in tracks/ by folder and name (t == NULL) or
 * handle.  st_ino is the file's spool id (tNNNNNN): it stays with the
 * file across renames and is not given to another file while burnfs
 * runs.
 */
int staging_getattr(struct staging *st, uint32_t folder, const char *name,
		    struct track *t, struct stat *out);

/*
 * Opens (create: creates; with excl, fails when it exists) the file
 * name of folder; O_TRUNC in flags empties it.  *out is a reference
 * released with staging_release.
 */
int staging_open(struct staging *st, uint32_t folder, const char *name,
		 int flags, mode_t mode, bool create, bool excl,
		 struct track **out);
void staging_release(struct staging *st, struct track *t, bool writable);
/* staging_open of the file with spool id id (as staging_getattr's
 * st_ino), without creating: -ENOENT when it left tracks/. */
int staging_open_id(struct staging *st, uint32_t id, int flags,
		    struct track **out);
/*
 * A reference to the file with spool id id without opening it, for the
 * by-handle calls below; release it with staging_release(st, t, false).
 * -ENOENT when it left tracks/.
 */
int staging_hold(struct staging *st, uint32_t id, struct track **out);
/* The file's name and folder now (it may have been renamed). */
void staging_name(struct staging *st, struct track *t, char *out, size_t len,
		  uint32_t *folder);
/* The names in tracks/ of the files a burn job holds (of a file in a
 * folder, its folder's there), for the FUSE layer to forget them when
 * they leave; free with staging_names_free.  0 or -ENOMEM. */
int staging_job_names(struct staging *st, char ***names, size_t *n);
void staging_names_free(char **names, size_t n);

ssize_t staging_read(struct staging *st, struct track *t, char *buf,
		     size_t size, off_t off);
ssize_t staging_write(struct staging *st, struct track *t, const char *buf,
		      size_t size, off_t off);
/* flush from close(): the point where a written file becomes a track. */
int staging_flush(struct staging *st, struct track *t, bool writable);
int staging_fsync(struct staging *st, struct track *t, bool datasync);

/* By name (t == NULL) or by handle. */
int staging_truncate(struct staging *st, const char *name, struct track *t,
		     off_t size);
int staging_chmod(struct staging *st, const char *name, struct track *t,
		  mode_t mode);
int staging_utimens(struct staging *st, const char *name, struct track *t,
		    const struct timespec tv[2]);

int staging_unlink(struct staging *st, uint32_t folder, const char *name);
/*
 * Renames a file or a folder, within and between folders.  flags: 0 or
 * RENAME_NOREPLACE; anything else is EINVAL.
 */
int staging_rename(struct staging *st, uint32_t from_folder, const char *from,
		   uint32_t to_folder, const char *to, unsigned flags);

/* ---- the trash (track_trash.c) ---- */

/*
 * The folder id of the trash: a file or folder renamed into a user's
 * trash ($mount/.Trash-$uid/files, the FreeDesktop trash) leaves tracks/
 * but keeps its spool data there, under the name the trash gives it,
 * until it is restored (renamed back: staged again) or deleted.
 */
#define STAGING_TRASH UINT32_MAX

/*
 * What name is in uid's trash: 0 with *folder (true: a folder, *id its
 * folder id; false: a file, *id its spool id) and its attributes, or
 * -ENOENT.
 */
int staging_trash_lookup(struct staging *st, uint32_t uid, const char *name,
			 bool *folder, uint32_t *id, struct stat *out);
/* The entries of uid's trash, as staging_readdir. */
int staging_trash_readdir(struct staging *st, uint32_t uid,
			  staging_fill_fn fill, void *ctx);
/* Moves a file or folder of tracks/ into uid's trash as name. */
int staging_trash_put(struct staging *st, uint32_t from_folder,
		      const char *from, uint32_t uid, const char *name);
/* Moves name of uid's trash back to (to_folder, to): staged again. */
int staging_trash_restore(struct staging *st, uint32_t uid, const char *name,
			  uint32_t to_folder, const char *to, unsigned flags);
/*
 * Deletes name from uid's trash: a file (unlink) or an empty folder
 * (dir: rmdir); with all, a file or a folder with all it holds.
 */
int staging_trash_remove(struct staging *st, uint32_t uid, const char *name,
			 bool dir, bool all);

/* ---- folders (folder_ops.c) ---- */

/* The folders in folder (0: tracks/ itself), for st_nlink. */
unsigned staging_subfolders(struct staging *st, uint32_t folder);
/* The folder named name in parent: 0 and *id, or -ENOENT. */
int staging_lookup_folder(struct staging *st, uint32_t parent, const char *name,
			  uint32_t *id);
/* Attributes of folder id (st_ino: id) and its parent (may be NULL). */
int staging_folder_getattr(struct staging *st, uint32_t id, struct stat *out,
			   uint32_t *parent);
/* mkdir: 0 and the new folder's attributes, or -errno. */
int staging_mkdir(struct staging *st, uint32_t parent, const char *name,
		  mode_t mode, struct stat *out);
/* rmdir: -ENOTEMPTY while it holds anything. */
int staging_rmdir(struct staging *st, uint32_t parent, const char *name);
/* chmod (mode not NULL) and utimens (tv not NULL) of folder id. */
int staging_folder_setattr(struct staging *st, uint32_t id, const mode_t *mode,
			   const struct timespec tv[2]);

/*
 * Per-track options as extended attributes: user.isrc (12 characters),
 * user.pre_emphasis and user.copy_permitted ("0" or "1").  Any other
 * user.* name is stored as given (xattr_store.h); other namespaces are
 * ENOTSUP.
 */
int staging_setxattr(struct staging *st, uint32_t folder, const char *name,
		     const char *attr, const char *value, size_t size,
		     int flags);
int staging_getxattr(struct staging *st, uint32_t folder, const char *name,
		     const char *attr, char *value, size_t size);
int staging_listxattr(struct staging *st, uint32_t folder, const char *name,
		      char *list, size_t size);
int staging_removexattr(struct staging *st, uint32_t folder, const char *name,
			const char *attr);

struct staging_usage {
	/* Cue sheets are text: not counted (their audio files are). */
	size_t n_tracks;	 /* visible names */
	size_t n_files;		 /* every file, temporary ones too */
	uint64_t sectors_needed; /* every file as a TAO track, with gaps */
};
void staging_usage(struct staging *st, struct staging_usage *u);

/*
 * The files being checked or converted right now, for the status file:
 * "03.flac 40%" (several joined by ", "), or "none".
 */
void staging_converting(struct staging *st, struct textbuf *tb);

/*
 * The staged tracks found damaged at load (their audio changed in the
 * spool since they were staged) and set aside, for the toc file:
 * "damaged: NAME: why; set aside as PATH, not burnt" lines.
 */
void staging_damaged(struct staging *st, struct textbuf *tb);

/*
 * The staged tracks in natural order as a burn would take them, for the
 * toc files (lengths are estimates while a track is converted; a cue
 * sheet's audio files are the tracks the sheet describes; a track in a
 * folder is named by its path, "Album/01 a.flac"); burn_tracks_free
 * them.  notes (may be NULL) gets a "note: ..." line per cue sheet that
 * cannot be used yet (a file it names is missing), and an "aside: ..."
 * line per file kept aside in a folder.
 */
int staging_views(struct staging *st, struct burn_track **views, size_t *n,
		  struct textbuf *notes);

/*
 * Commit: checks that no file is being written and no burn is running
 * (-EBUSY), checks any track not yet checked (-EINVAL, the file is
 * removed), and returns the visible tracks in natural order as burn
 * tracks (a cue sheet's files as the tracks it describes: -EINVAL when
 * a file it names is not staged), marking them as part of the job.  why gets a
 * sentence for the log on failure.  The list is the caller's (burn_tracks_free,
 * or hand it to recorder_commit).
 */
int staging_begin_job(struct staging *st, struct burn_track **tracks, size_t *n,
		      char *why, size_t why_len);
/*
 * The job ended: burnt tracks leave tracks/ and the spool; or stay.  The
 * burnt tracks' audio files are deleted by the next staging_purge.
 */
void staging_end_job(struct staging *st, bool burnt);
/* Deletes the audio files of burnt tracks (see staging_end_job). */
void staging_purge(struct staging *st);

#endif
