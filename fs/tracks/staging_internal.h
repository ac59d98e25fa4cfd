/*
 * staging_internal.h - what the files of the staging area share, for
 * fs/tracks/ only: the track table (struct staging, struct track) and the
 * helpers that work on it with staging.lock held.  The public interface
 * is staging.h; the files are
 *   track_table.c    the table: lifetime, lookups, a track's spool files
 *   spool_load.c     loading the spool's tracks at mount
 *   track_files.c    the POSIX file operations of tracks/
 *   track_intake.c   intake: header check, conversion, space, finalize
 *   track_xattr.c    extended attributes (ISRC, pre-emphasis, copy)
 *   track_handoff.c  usage, the toc's view, the hand-off to a burn job
 *   cue_album.c      cue sheets in tracks/ and the tracks they describe
 *   folder_table.c   folders in tracks/: the table, paths, tree order
 *   folder_ops.c     mkdir, rmdir, folder renames, emptying after a burn
 *   track_aside.c    files in folders that are not audio, kept aside
 *   track_trash.c    the trash: unstaged files and folders kept
 *   track_observer.c what the drive's desktop notifications are told
 */
#ifndef BURNFS_STAGING_INTERNAL_H
#define BURNFS_STAGING_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "staging.h"
#include "textbuf.h"
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
	bool in_trash;	  /* in the trash, or in a folder there */
	/*
	 * Refused at a flush while its file may still be open elsewhere:
	 * out of tracks/ (linked false) but its spool files stay until the
	 * last handle is released, or until a later write, which puts it
	 * back (a flush from a forked copy of the descriptor is not the
	 * writer's last word).
	 */
	bool refused_pending;
	/*
	 * Bytes at the start of the file that are not audio (a WAV's
	 * header, found in the first write): not counted as track length
	 * while the file is written.
	 */
	uint64_t head_skip;
	/*
	 * A write or truncate was refused because the disc has no room: the
	 * flush takes the file out of tracks/ with ENOSPC (not a check of
	 * the incomplete file).
	 */
	bool no_room;
	uint32_t gen; /* bumped when the bytes change (write, truncate) */
	unsigned converting;	       /* intake runs on it without the lock */
	_Atomic unsigned conv_percent; /* written by the converting thread */
};

/*
 * A folder of tracks/ (mkdir, cp -r): its name, parent (meta.folder, 0
 * for tracks/ itself), mode and times are a track_meta saved as
 * <spool>/<drive>/d000045.folder.  Its tracks are burnt at its place in
 * the natural order of its parent, one folder after the other (a walk
 * of the tree).
 */
struct folder {
	struct folder *next;
	uint32_t id;
	struct track_meta meta;
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
	struct folder *folders;
	uint32_t next_folder_id;
	uint32_t conv_seq; /* makes the converters' temporary names unique */
	/*
	 * Burnt tracks whose .meta is gone but whose audio files are still
	 * to be deleted (staging_purge): deleting 800 MB takes a moment
	 * that the end of a burn need not wait for.
	 */
	struct id_list purge;
	/*
	 * The tracks found damaged and set aside at load, one line each
	 * ("NAME: why; set aside as PATH, not burnt"), for the toc.
	 */
	struct textbuf damaged;
	uid_t uid;
	gid_t gid;
	/* desktop notifications (staging_set_observer); NULL for none */
	const struct staging_observer *observer;
	void *observer_ctx;
};

struct timespec staging_wall_now(void);

void track_destroy(struct track *t);

bool track_is_visible(const struct track *t);

struct track *staging_find(struct staging *st, const char *name);
/* The linked file named name in the folder (0: tracks/ itself). */
struct track *staging_find_in(struct staging *st, uint32_t folder,
			      const char *name);

size_t staging_count_tracks(struct staging *st);

void staging_audio_path(struct staging *st, const struct track *t, char *out,
			size_t len);

/*
 * Saves t's .meta durably (written, fsynced, renamed, directory
 * fsynced).  0, or -errno with a log line.
 */
int staging_save_meta(struct staging *st, struct track *t);

/*
 * A metadata change is acknowledged only once it is saved: saves t's
 * .meta, or puts back *before (t->meta as it was) and returns -errno.
 */
int staging_save_meta_or_undo(struct staging *st, struct track *t,
			      const struct track_meta *before);

void staging_unlist(struct staging *st, struct track *t);

/*
 * The one description of a staged track the writer takes (recorder.h),
 * with length bytes of PCM (the estimate for the toc, intake's for the
 * burn).  Lock held.  0 or -ENOMEM (out partly filled: free it).
 */
int staging_describe(struct staging *st, const struct track *t, uint64_t length,
		     struct burn_track *out);

/*
 * Takes t out of tracks/ and deletes its spool files (the audio files
 * later, in staging_purge, when later is set); an open handle keeps the
 * struct (and the open fd's bytes) until its release.  Without its .meta
 * a track does not come back at the next start, and staging_load deletes
 * audio files that have none.
 */
void staging_remove_track_files(struct staging *st, struct track *t,
				bool later);

void staging_remove_track(struct staging *st, struct track *t);

/*
 * PCM bytes a file would give as a track (until it is checked: its size
 * less a WAV header).
 */
uint64_t track_pcm_estimate(const struct track *t);

/* The PCM estimate of t if the file had size bytes. */
uint64_t track_pcm_of_size(const struct track *t, uint64_t size);

/*
 * Would the files fit on the disc if t gave new_pcm bytes of PCM?  0 or
 * -ENOSPC.  free_known/free_sectors were asked for without the lock.
 */
int staging_check_space(struct staging *st, struct track *t, uint64_t new_pcm,
			bool free_known, uint32_t free_sectors);

/*
 * Runs intake on t (a visible name) with the lock held throughout: for
 * loading, commit and truncate, where nothing else may change meanwhile.
 * t may be freed when this returns non-zero.
 */
int staging_finalize(struct staging *st, struct track *t);

/*
 * Like finalize, but decoding and conversion run without the lock, so
 * that a long conversion blocks nothing else on the drive.  Called and
 * returns with the lock held.  When t changed meanwhile (written,
 * truncated, removed) the result is dropped: t stays dirty for the next
 * flush, and 0 is returned.  t may be freed when this returns non-zero.
 */
int staging_finalize_unlocked(struct staging *st, struct track *t,
			      bool defer_removal);

int id_list_add(struct id_list *l, uint32_t id);

bool id_list_has(const struct id_list *l, uint32_t id);

void staging_unlink_spool(struct staging *st, uint32_t id, const char *ext);

/*
 * Deletes t's .meta durably (the directory is fsynced): the step that
 * makes a removal stick.  0, or -errno with a log line.
 */
int staging_unlink_meta(struct staging *st, struct track *t);

/*
 * Checks the first bytes as they would be after writing buf at off.
 * 0, or -EINVAL (not audio: t is marked rejected and the log says why).
 */
int staging_check_head(struct staging *st, struct track *t, const char *buf,
		       size_t size, off_t off);

/* ---- folders (folder_table.c, folder_ops.c) ---- */

/* Folders nest at most this deep (a walk never loops). */
#define FOLDER_MAX_DEPTH 32

struct folder *folder_by_id(struct staging *st, uint32_t id);
/* The folder named name in parent (0: tracks/ itself), or NULL. */
struct folder *folder_find(struct staging *st, uint32_t parent,
			   const char *name);
/* Whether folder id is ancestor or lies inside it. */
bool folder_within(struct staging *st, uint32_t id, uint32_t ancestor);
/* Whether the folder holds no file and no folder. */
bool folder_is_empty(struct staging *st, uint32_t id);
/* Folders from tracks/ down to id (1 for a folder of tracks/ itself). */
unsigned folder_depth(struct staging *st, uint32_t id);
/*
 * The path of a file or folder in tracks/ ("Artist/Album/01 a.flac"):
 * the names of the folders above it and its own, joined by '/'.
 */
void staging_track_path(struct staging *st, const struct track *t, char *out,
			size_t len);
void folder_path(struct staging *st, uint32_t id, char *out, size_t len);
/* Whether a comes before b in the burn's order (names_path_cmp). */
bool staging_track_before(struct staging *st, const struct track *a,
			  const struct track *b);
/* Saves f's .folder file durably.  0, or -errno with a log line. */
int folder_save(struct staging *st, struct folder *f);
/* Deletes f's .folder durably and frees f.  0, or -errno (f stays). */
int folder_remove(struct staging *st, struct folder *f);
/* Loads the .folder files of the spool (staging_load; lock held). */
void folder_load_all(struct staging *st);
/* Frees the table (staging_free). */
void folder_free_all(struct staging *st);
/* tracks/ or one of its folders changed: its modification time moves. */
void folder_touch(struct staging *st, uint32_t id);
/*
 * Renames the folder f to (to_folder, to), replacing an empty folder
 * target.  Lock held.  0 or -errno.
 */
int folder_rename_locked(struct staging *st, struct folder *f,
			 uint32_t to_folder, const char *to, unsigned flags);
/*
 * After a burn: the folders that held burnt tracks (ids) and hold no
 * staged track any more leave tracks/ with the files kept aside in them
 * (lock held).
 */
void folder_empty_burnt(struct staging *st, const struct id_list *ids);
/*
 * Removes folder id with every file and folder in it (lock held; an
 * open file keeps its bytes until closed).  Returns the files removed.
 */
size_t folder_remove_subtree(struct staging *st, uint32_t id);

/* ---- the trash (track_trash.c) ---- */

/* Sets every track's in_trash from the folders (lock held). */
void trash_mark(struct staging *st);

/* ---- files kept aside (track_aside.c) ---- */

/*
 * Whether t, a file of a folder, is audio as far as its first bytes tell
 * (with buf written at off, or as it is on disk when buf is NULL and
 * complete is set): INTAKE_NOT_AUDIO makes it a file kept aside.
 */
enum intake_verdict aside_verdict(struct staging *st, struct track *t,
				  const char *buf, size_t size, off_t off,
				  bool complete);
/* Marks t as kept aside, with its log line (lock held). */
void aside_mark(struct staging *st, struct track *t, const char *why);
/*
 * t, kept aside, was closed after writes: its bytes are made durable and
 * recorded (size, checksum) in its .meta.  0 or -errno.
 */
int aside_keep(struct staging *st, struct track *t);
/* The toc's lines about files kept aside ("aside: PATH: ..."). */
void aside_lines(struct staging *st, struct textbuf *tb);
/*
 * Tell the observer (track_observer.c; lock held): a file copied in was
 * refused (why as the log says it), a file became a track, a file was
 * opened or closed for writing.
 */
void staging_note_refused(struct staging *st, const char *name,
			  const char *why);
void staging_note_staged(struct staging *st);
void staging_note_writers(struct staging *st);

#endif
