/*
 * fuse_node.h - what the files of the FUSE layer share, for fs/fuse_*.c
 * only: nodes (what an inode number or a name stands for), open handles,
 * and the calls between
 *   fuse_ops.c          the dispatch: lookup, attributes, open/read/write
 *                       by node kind, names, the ops table, setup
 *   fuse_node.c         numbers and names to nodes, attributes, handles
 *   fuse_dirs.c         directory listings, statfs
 *   fuse_tracks.c       tracks/: the staged files
 *   fuse_drive_files.c  the drive's text, control and action files,
 *                       their sizes and times, disc/
 *   fuse_inval.c        the announcer: a thread of its own that tells
 *                       the kernel of burnfs's own changes; the
 *                       modification times of tracks/, disc/ and the
 *                       drive directory
 *   fuse_live.c         those changes made through the mount point, so
 *                       that the kernel raises inotify events
 *   fuse_trash.c        the trash at the root (.Trash-<uid>)
 *
 * A reply that fails means the request was interrupted or the mount is
 * going away: nothing needs undoing, except where the reply hands
 * something over (an entry's lookup, an open file or directory), which
 * the caller then takes back.
 */
#ifndef BURNFS_FUSE_NODE_H
#define BURNFS_FUSE_NODE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "disc_dir.h"
#include "fuse_ops.h"
#include "inode_table.h"

enum node_kind {
	N_ROOT,
	N_DRIVE,
	N_TRACKS,
	N_TRACK,
	N_TEXT, /* info, media, toc, speeds, status, log */
	N_PROGRESS,
	N_CONTROL,
	N_COMMIT,
	N_CANCEL,
	N_ACTION,     /* eject, blank, load: arg is enum drive_action */
	N_DISC,	      /* disc/: the disc's tracks (disc_dir.c) */
	N_DISC_TRACK, /* disc/NN.wav */
	N_FOLDER,     /* a folder in tracks/: id is its folder id */
	/* The trash at the root (fuse_trash.c): arg is the trash's index */
	N_TRASH,	   /* .Trash-<uid> */
	N_TRASH_FILES,	   /* .Trash-<uid>/files: trashed files and folders */
	N_TRASH_INFO,	   /* .Trash-<uid>/info */
	N_TRASH_INFO_FILE, /* a file in info/: id is its file id */
	N_TRASH_EXPUNGED,  /* .Trash-<uid>/expunged: gvfs empties through it */
};

struct node {
	enum node_kind kind;
	size_t drive; /* index in burnfs.drives (not for N_ROOT) */
	struct drive *d;
	int arg;	  /* N_TEXT: enum drive_text; N_CONTROL: control_key */
	int file;	  /* drive files: index in drive_files[] */
	uint32_t id;	  /* N_TRACK: spool id; N_DISC_TRACK: its number */
	const char *name; /* looked up by name: the name (N_TRACK, disc/) */
	/* N_TRACK and N_FOLDER looked up by name: the folder holding it (0:
	 * tracks/ itself) */
	uint32_t folder;
};

struct drive_file {
	const char *name;
	enum node_kind kind;
	int arg;
};
extern const struct drive_file drive_files[];
extern const size_t n_drive_files;
/* `load` exists only for virtual recorders. */
bool drive_file_exists(const struct drive *d, size_t i);
mode_t drive_file_mode(enum node_kind k);

/* One line of a directory listing. */
struct dir_entry {
	char *name;
	uint64_t ino;
	mode_t mode;
};

/* An open file or directory (fuse_file_info.fh). */
struct handle {
	enum node_kind kind;
	struct drive *d;
	size_t drive;
	int arg;
	bool writable;
	uint32_t id;		/* N_TRACK: spool id */
	struct track *track;	/* N_TRACK */
	struct textbuf text;	/* N_TEXT but log: rendered at open */
	struct disc_file *disc; /* N_DISC_TRACK */
	int fd;			/* N_TRASH_INFO_FILE: open, or -1 */
	uint64_t seen;		/* status: change counter rendered */
	/* Directories: lock protects the listing taken at offset 0. */
	pthread_mutex_t lock;
	struct dir_entry *entries;
	size_t n_entries;
	/* Every handle not yet freed (fuse_node.c's open_lock). */
	struct handle *prev, *next;
};

/* Per-drive context of the hooks the drive calls (status_watch.h). */
struct drive_hook {
	struct burnfs *fs;
	size_t drive;
};

struct inval_item;
struct live;

struct burnfs_fuse {
	struct inode_table *inodes;
	struct drive_hook *hooks; /* one per drive */
	/* time_lock (leaf) protects tracks_mtime and disc_mtime, one of
	 * each per drive. */
	pthread_mutex_t time_lock;
	struct timespec *tracks_mtime;
	struct timespec *disc_mtime;
	/* inval_lock (leaf) protects the invalidation queue and its flag;
	 * the thread waits on inval_cond.  A notification already waiting
	 * in the queue is not queued twice. */
	struct fuse_session *se;
	pthread_mutex_t inval_lock;
	pthread_cond_t inval_cond;
	struct inval_item *inval_head, **inval_tail;
	bool inval_stop;
	bool inval_running;
	pthread_t inval_thread;
	struct live *live; /* fuse_live.c, with a lock of its own */
	/*
	 * trash_lock (leaf) protects the users' trashes at the root and
	 * the names of their info/ files (fuse_trash.c).
	 */
	pthread_mutex_t trash_lock;
	struct trash_dir **trash;
	size_t n_trash;
};

static inline struct handle *handle_of(const struct fuse_file_info *fi)
{
	return fi ? (struct handle *)(uintptr_t)fi->fh : NULL;
}

static inline struct burnfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* Replies 0 or the errno of a negative rc. */
static inline void reply_rc(fuse_req_t req, int rc)
{
	fuse_reply_err(req, rc < 0 ? -rc : 0);
}

/*
 * chown to the owner and group everything already has succeeds (cp -p,
 * rsync -a do it); any other owner or group is EPERM.  0 or -EPERM.
 */
static inline int chown_to_same_owner(const struct burnfs *fs,
				      const struct stat *attr, int to_set)
{
	bool same_uid =
	    !(to_set & FUSE_SET_ATTR_UID) || attr->st_uid == fs->uid;
	bool same_gid =
	    !(to_set & FUSE_SET_ATTR_GID) || attr->st_gid == fs->gid;
	return same_uid && same_gid ? 0 : -EPERM;
}

/* fuse_node.c */
int resolve_ino(struct burnfs *fs, fuse_ino_t ino, struct node *n);
/*
 * The node name stands for in the directory p, as a path was resolved
 * before: any name in tracks/ is a (maybe absent) track, any name in
 * disc/ a (maybe absent) disc track; elsewhere only what exists.
 */
int resolve_child(struct burnfs *fs, const struct node *p, const char *name,
		  struct node *n);
bool is_dir(enum node_kind k);
uint64_t node_ino(const struct node *n);
void fill_fixed(struct burnfs *fs, struct stat *st, mode_t mode);
/* -o uid=, gid=, umask= applied to attributes about to be replied. */
void show_attrs(struct burnfs *fs, struct stat *st);
/* Attributes of n, through its open handle h when there is one (with
 * show_attrs applied). */
int node_stat(struct burnfs *fs, const struct node *n, struct handle *h,
	      struct stat *st);
/* Replies with the entry for st (st_ino set), counting the lookup. */
void reply_entry(fuse_req_t req, struct burnfs *fs, const struct stat *st);
struct handle *handle_new(const struct node *n);
void handle_free(struct handle *h);
/* After the loop: closes the handles the kernel never released (a lazy
 * unmount with files still open, when the connection went before their
 * release), as release would. */
void handles_close_all(void);
void listing_clear(struct handle *h);

/* fuse_dirs.c */
void dirs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void dirs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		  struct fuse_file_info *fi);
void dirs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void dirs_statfs(fuse_req_t req, fuse_ino_t ino);
/* Appends an entry to h's listing.  0 or -ENOMEM. */
int listing_add(struct handle *h, const char *name, uint64_t ino, mode_t mode);

/* fuse_tracks.c */
int tracks_stat(struct burnfs *fs, const struct node *n, struct handle *h,
		struct stat *st);
/* Whether n is tracks/ or one of its folders; *folder its folder id. */
bool tracks_is_folder(const struct node *n, uint32_t *folder);
/* N_FOLDER: attributes, and the number of the directory holding it. */
int folder_stat(struct burnfs *fs, const struct node *n, struct stat *st,
		uint64_t *parent_ino);
int folder_setattr(struct burnfs *fs, const struct node *n,
		   const struct stat *attr, int to_set);
void tracks_mkdir(fuse_req_t req, struct burnfs *fs, const struct node *p,
		  const char *name, mode_t mode);
int tracks_rmdir(struct burnfs *fs, const struct node *p, const char *name);
int tracks_readdir(struct burnfs *fs, const struct node *n, struct handle *h);
void tracks_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		 struct fuse_file_info *fi);
void tracks_create(fuse_req_t req, struct burnfs *fs, const struct node *n,
		   mode_t mode, struct fuse_file_info *fi, bool mknod);
int tracks_flush(struct burnfs *fs, struct handle *h);
int tracks_setattr(struct burnfs *fs, const struct node *n, struct handle *h,
		   const struct stat *attr, int to_set);
int tracks_unlink(struct burnfs *fs, const struct node *n);
int tracks_rename(struct burnfs *fs, const struct node *a, const struct node *b,
		  unsigned flags);
void tracks_xattr(fuse_req_t req, struct burnfs *fs, const struct node *n,
		  int op, const char *attr, const char *value, size_t size,
		  int flags);
enum { XATTR_SET, XATTR_GET, XATTR_LIST, XATTR_REMOVE };

/* fuse_drive_files.c */
void files_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		struct fuse_file_info *fi);
void files_read(fuse_req_t req, struct burnfs *fs, struct handle *h,
		size_t size, off_t off);
int files_write(fuse_req_t req, struct handle *h, const char *buf, size_t size);
void files_poll(fuse_req_t req, struct handle *h, struct fuse_pollhandle *ph);
int disc_readdir(struct burnfs *fs, const struct node *n, struct handle *h);
/* Size and modification time of a drive's file (not disc/'s), through
 * its open handle h when there is one: text files their real length. */
void files_stat(struct burnfs *fs, const struct node *n, struct handle *h,
		struct stat *st);

/* fuse_trash.c */
struct trash_dir;
/* Loads the trashes the spool holds (burnfs_fuse_setup).  0 or -errno. */
int trash_setup(struct burnfs *fs);
void trash_free(struct burnfs *fs);
/* Whether n is a trash node; its attributes. */
bool is_trash(enum node_kind k);
int trash_stat(struct burnfs *fs, const struct node *n, struct stat *st);
/* The root's entry name, or a trash's: resolves, as resolve_child. */
int trash_resolve_root(struct burnfs *fs, const char *name, struct node *n);
int trash_resolve_child(struct burnfs *fs, const struct node *p,
			const char *name, struct node *n);
/* The root's .Trash-<uid> entries, and a trash directory's listing. */
int trash_list_root(struct burnfs *fs, struct handle *h);
int trash_readdir(struct burnfs *fs, const struct node *n, struct handle *h);
/* mkdir of .Trash-<uid> at the root (the caller's uid) or in a trash. */
int trash_mkdir(fuse_req_t req, struct burnfs *fs, const struct node *p,
		const char *name, struct stat *st);
/* unlink / rmdir in files/ or info/. */
int trash_unlink(fuse_req_t req, struct burnfs *fs, const struct node *p,
		 const char *name, bool dir);
/* A rename into, out of, or inside a trash; -ENOSYS: none of those. */
int trash_rename(fuse_req_t req, struct burnfs *fs, fuse_ino_t parent,
		 const char *name, fuse_ino_t newparent, const char *newname,
		 unsigned flags);
/* info/'s files: create, open, setattr; read, write, fsync, release on
 * the handle's fd. */
void trash_create(fuse_req_t req, struct burnfs *fs, const struct node *p,
		  const char *name, mode_t mode, struct fuse_file_info *fi);
void trash_open(fuse_req_t req, struct burnfs *fs, const struct node *n,
		struct fuse_file_info *fi);
int trash_setattr(struct burnfs *fs, const struct node *n, struct handle *h,
		  const struct stat *attr, int to_set);

/* fuse_inval.c */
int inval_start(struct burnfs *fs, struct fuse_session *se);
/*
 * Before the session's device is closed: the thread stops, waited for
 * up to wait_ms (a call it makes on the mount may need the device
 * closed to fail; inval_stop joins it then).  Its notifications never
 * race with the close.
 */
void inval_quiesce(struct burnfs *fs, unsigned wait_ms);
void inval_stop(struct burnfs *fs);
/* From the announcer: tells the kernel to forget name in parent, or
 * parent's attributes (name NULL). */
void inval_send(struct burnfs *fs, uint64_t parent, const char *name);
/* tracks/ changed through FUSE: a new modification time. */
void tracks_touch(struct burnfs *fs, size_t drive);
struct timespec tracks_mtime(struct burnfs *fs, size_t drive);
/* name left tracks/ without the kernel asking: touch, and tell it. */
void tracks_gone(struct burnfs *fs, size_t drive, const char *name);
/* disc/'s modification time (the last time the disc may have changed). */
struct timespec disc_mtime(struct burnfs *fs, size_t drive);
/* The drive directory's: the latest change of its files or the disc. */
struct timespec drive_dir_mtime(struct burnfs *fs, size_t drive);
/* The status_watch hooks of every drive (status_watch.h), set at setup
 * and cleared before the drives go away. */
void drive_hooks_attach(struct burnfs *fs);
void drive_hooks_detach(struct burnfs *fs);

/* fuse_live.c */
int live_setup(struct burnfs *fs);
void live_free(struct burnfs *fs);
/* The mount point the announcer calls through (made absolute; NULL:
 * invalidations only). */
void live_set_mount(struct burnfs *fs, const char *mountpoint);
/* The announcer starts (records its thread id) or ends. */
void live_announcer(struct burnfs *fs, bool running);
/* The loop ended: no more calls on the mount. */
void live_unmounting(struct burnfs *fs);
/* For the requests of the announcer's calls: true when answered. */
bool live_lookup(fuse_req_t req, fuse_ino_t parent, const char *name);
bool live_remove(fuse_req_t req, fuse_ino_t parent, const char *name);
bool live_mknod(fuse_req_t req, fuse_ino_t parent, const char *name);
/* getattr: the announcer's probe of the mount point. */
void live_getattr(fuse_req_t req, fuse_ino_t ino);
/* A top-level name of tracks/ given to the kernel (an entry or a line
 * of a listing, st its number and mode), or taken back. */
void live_told(struct burnfs *fs, size_t drive, const char *name,
	       const struct stat *st);
void live_untold(struct burnfs *fs, size_t drive, const char *name);
/* disc/ was listed: what file managers show until the next change. */
void live_disc_listed(struct burnfs *fs, size_t drive);
/* From the announcer: name left tracks/ (false: not removed through
 * the mount, the caller invalidates); the disc may have changed. */
bool live_tracks_gone(struct burnfs *fs, size_t drive, const char *name);
void live_disc_sync(struct burnfs *fs, size_t drive);

#endif
