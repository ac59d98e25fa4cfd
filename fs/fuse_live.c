/*
 * fuse_live.c - the changes burnfs makes by itself, made through the VFS
 * so that the kernel raises the inotify events file managers watch
 * (see fuse_node.h).  GIO's file monitor watches a directory with
 * inotify; FUSE's invalidations raise no inotify event, and FUSE has no
 * message for a name that appeared.  So the invalidation thread
 * (fuse_inval.c), the announcer, calls through burnfs's own mount point:
 *   - unlinkat() or rmdir for a burnt track or folder, or a refused
 *     file's ghost, leaving tracks/, and for a track gone from disc/;
 *   - mknodat(S_IFREG) for a track that appeared in disc/.
 * The FUSE requests these calls cause carry the announcer's thread id
 * (fuse_req_ctx()->pid is the calling thread's id as the mount's pid
 * namespace sees it), and for them alone:
 *   - lookup of the name being removed answers the entry the kernel
 *     knew (its number and type: the top-level names of tracks/ told
 *     to the kernel are remembered, disc/'s numbers are fixed), and
 *     unlink or rmdir of it answers 0 without touching the staging area
 *     (the burn already took it out);
 *   - lookup of the name being created answers ENOENT (not cached), and
 *     mknod of it answers the disc track's entry.
 * The kernel then raises IN_DELETE or IN_CREATE on the directory.
 *
 * The mount point is resolved to an absolute path at start.  Calls go
 * only where the path leads to this mount: a statx of the mount point
 * must reach burnfs's getattr from the announcer (the probe, which
 * gives the mount's st_dev), and the directory opened for each call
 * must have that st_dev and the directory's inode number.  Otherwise
 * (another mount namespace, a lazy unmount, a mount over the mount
 * point, permissions refusing) the caller falls back to invalidations,
 * and the drive's log says so once.  Once the loop ended no call is
 * made: a call in flight then fails when the session closes its
 * device.
 *
 * Lock: live.lock (leaf) protects the announcement in progress, the
 * probe, the flags and the names and listings below.  The announcer
 * holds no lock while it calls on the mount: the FUSE worker that
 * serves the call takes live.lock, the staging lock, the inode table's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "disc_wav.h"
#include "drive_log.h"
#include "fuse_node.h"

/* A top-level name of tracks/ the kernel was given, and as what. */
struct told {
	char *name;
	uint64_t ino;
	mode_t mode;
	struct told *next;
};

/* disc/'s listing as announced: each track's size, 0 for none. */
struct disc_view {
	bool known; /* listed or announced once */
	off_t size[INO_MAX_DISC_TRACK + 1];
};

enum live_kind { LIVE_NONE, LIVE_REMOVE, LIVE_CREATE };

struct live {
	pthread_mutex_t lock;
	atomic_int tid; /* the announcer's thread id; 0: none */
	char *mount;	/* absolute mount point; NULL: unknown */
	bool stopped;	/* the loop ended: no more calls on the mount */
	bool probing, probe_seen, reachable;
	dev_t dev;   /* the mount's, once reachable */
	bool logged; /* the fallback was logged */
	/* The announcement in progress. */
	enum live_kind kind;
	uint64_t parent;
	char name[NAME_MAX + 1];
	struct stat ghost;	/* LIVE_REMOVE: the entry to answer */
	bool done;		/* the request handler acted on it */
	struct told **told;	/* per drive */
	struct disc_view *disc; /* per drive */
	size_t n_drives;
};

int live_setup(struct burnfs *fs)
{
	struct live *lv = calloc(1, sizeof(*lv));
	if (!lv)
		return -ENOMEM;
	lv->told = calloc(fs->n_drives + 1, sizeof(*lv->told));
	lv->disc = calloc(fs->n_drives + 1, sizeof(*lv->disc));
	if (!lv->told || !lv->disc ||
	    pthread_mutex_init(&lv->lock, NULL) != 0) {
		free(lv->told);
		free(lv->disc);
		free(lv);
		return -ENOMEM;
	}
	lv->n_drives = fs->n_drives;
	atomic_init(&lv->tid, 0);
	fs->ll->live = lv;
	return 0;
}

void live_free(struct burnfs *fs)
{
	struct live *lv = fs->ll->live;
	if (!lv)
		return;
	for (size_t i = 0; i < lv->n_drives; i++) {
		while (lv->told[i]) {
			struct told *t = lv->told[i];
			lv->told[i] = t->next;
			free(t->name);
			free(t);
		}
	}
	free(lv->told);
	free(lv->disc);
	free(lv->mount);
	pthread_mutex_destroy(&lv->lock);
	free(lv);
	fs->ll->live = NULL;
}

void live_set_mount(struct burnfs *fs, const char *mountpoint)
{
	struct live *lv = fs->ll->live;
	char *abs = mountpoint ? realpath(mountpoint, NULL) : NULL;
	pthread_mutex_lock(&lv->lock);
	free(lv->mount);
	lv->mount = abs; /* NULL: invalidations only */
	pthread_mutex_unlock(&lv->lock);
}

void live_announcer(struct burnfs *fs, bool running)
{
	atomic_store(&fs->ll->live->tid, running ? (int)gettid() : 0);
}

void live_unmounting(struct burnfs *fs)
{
	struct live *lv = fs->ll->live;
	pthread_mutex_lock(&lv->lock);
	lv->stopped = true;
	pthread_mutex_unlock(&lv->lock);
}

/* Whether req comes from a call of the announcer. */
static bool from_announcer(fuse_req_t req)
{
	int tid = atomic_load(&fs_of(req)->ll->live->tid);
	return tid != 0 && fuse_req_ctx(req)->pid == (pid_t)tid;
}

/* With the lock held: is (parent, name) the announcement of kind? */
static bool announced(const struct live *lv, enum live_kind kind,
		      fuse_ino_t parent, const char *name)
{
	return lv->kind == kind && lv->parent == parent &&
	       strcmp(lv->name, name) == 0;
}

bool live_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	if (!from_announcer(req))
		return false;
	struct burnfs *fs = fs_of(req);
	struct live *lv = fs->ll->live;
	struct stat ghost;
	pthread_mutex_lock(&lv->lock);
	bool removing = announced(lv, LIVE_REMOVE, parent, name);
	bool creating = announced(lv, LIVE_CREATE, parent, name);
	if (removing)
		ghost = lv->ghost;
	pthread_mutex_unlock(&lv->lock);
	if (removing)
		reply_entry(req, fs, &ghost); /* the name the kernel knew */
	else if (creating)
		fuse_reply_err(req, ENOENT); /* not cached: timeout 0 */
	return removing || creating;
}

bool live_remove(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	if (!from_announcer(req))
		return false;
	struct burnfs *fs = fs_of(req);
	struct live *lv = fs->ll->live;
	struct node p, n;
	struct stat st;
	pthread_mutex_lock(&lv->lock);
	bool removing = announced(lv, LIVE_REMOVE, parent, name);
	pthread_mutex_unlock(&lv->lock);
	if (!removing)
		return false;
	/* Copied anew into tracks/ meanwhile: the kernel keeps the name. */
	if (resolve_ino(fs, parent, &p) == 0 && p.kind == N_TRACKS &&
	    resolve_child(fs, &p, name, &n) == 0 &&
	    node_stat(fs, &n, NULL, &st) == 0) {
		fuse_reply_err(req, EBUSY);
		return true;
	}
	pthread_mutex_lock(&lv->lock);
	lv->done = true;
	pthread_mutex_unlock(&lv->lock);
	fuse_reply_err(req, 0); /* already gone from burnfs */
	return true;
}

bool live_mknod(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	if (!from_announcer(req))
		return false;
	struct burnfs *fs = fs_of(req);
	struct live *lv = fs->ll->live;
	pthread_mutex_lock(&lv->lock);
	bool creating = announced(lv, LIVE_CREATE, parent, name);
	pthread_mutex_unlock(&lv->lock);
	if (!creating)
		return false;
	struct node p, n;
	struct stat st;
	int rc = resolve_ino(fs, parent, &p);
	if (rc == 0)
		rc =
		    is_dir(p.kind) ? resolve_child(fs, &p, name, &n) : -ENOTDIR;
	if (rc == 0)
		rc = node_stat(fs, &n, NULL, &st);
	if (rc < 0) { /* gone again meanwhile: nothing to announce */
		reply_rc(req, rc);
		return true;
	}
	pthread_mutex_lock(&lv->lock);
	lv->done = true;
	pthread_mutex_unlock(&lv->lock);
	reply_entry(req, fs, &st); /* the entry that is there */
	return true;
}

void live_getattr(fuse_req_t req, fuse_ino_t ino)
{
	if (ino != FUSE_ROOT_ID || !from_announcer(req))
		return;
	struct live *lv = fs_of(req)->ll->live;
	pthread_mutex_lock(&lv->lock);
	if (lv->probing)
		lv->probe_seen = true;
	pthread_mutex_unlock(&lv->lock);
}

/* ---- names told to the kernel in tracks/ --------------------------- */

void live_told(struct burnfs *fs, size_t drive, const char *name,
	       const struct stat *st)
{
	struct live *lv = fs->ll->live;
	struct told *fresh = NULL;
	pthread_mutex_lock(&lv->lock);
	struct told *t = lv->told[drive];
	while (t && strcmp(t->name, name) != 0)
		t = t->next;
	if (!t && (fresh = calloc(1, sizeof(*fresh))) &&
	    !(fresh->name = strdup(name))) {
		free(fresh);
		fresh = NULL;
	}
	if (fresh) {
		fresh->next = lv->told[drive];
		lv->told[drive] = t = fresh;
	}
	/* Without memory the name goes by invalidation only. */
	if (t) {
		t->ino = st->st_ino;
		t->mode = st->st_mode;
	}
	pthread_mutex_unlock(&lv->lock);
}

/* With the lock held: takes name out of the drive's told names; false
 * when it was not there. */
static bool untell(struct live *lv, size_t drive, const char *name,
		   struct told *out)
{
	for (struct told **p = &lv->told[drive]; *p; p = &(*p)->next) {
		struct told *t = *p;
		if (strcmp(t->name, name) != 0)
			continue;
		*p = t->next;
		if (out)
			*out = *t;
		free(t->name);
		free(t);
		return true;
	}
	return false;
}

void live_untold(struct burnfs *fs, size_t drive, const char *name)
{
	struct live *lv = fs->ll->live;
	pthread_mutex_lock(&lv->lock);
	untell(lv, drive, name, NULL);
	pthread_mutex_unlock(&lv->lock);
}

/* ---- calls on the mount -------------------------------------------- */

/* Once per mount: the log says file managers need a refresh. */
static void log_fallback(struct burnfs *fs, size_t drive, const char *why)
{
	struct live *lv = fs->ll->live;
	pthread_mutex_lock(&lv->lock);
	bool tell = !lv->logged && !lv->stopped;
	lv->logged = true;
	char mount[PATH_MAX];
	snprintf(mount, sizeof(mount), "%s",
		 lv->mount ? lv->mount : "the mount point");
	pthread_mutex_unlock(&lv->lock);
	if (tell)
		drive_log_add(drive_log_of(fs->drives[drive]),
			      "file managers see the changes burnfs makes by "
			      "itself only when they list again: %s: %s",
			      mount, why);
}

/*
 * Whether the mount point leads to this mount: probes it once (a statx
 * that burnfs's getattr must see coming from this thread).  -errno and
 * why when not.
 */
static int probe(struct live *lv, const char **why)
{
	pthread_mutex_lock(&lv->lock);
	bool stopped = lv->stopped, ok = lv->reachable;
	const char *mount = lv->mount;
	if (!stopped && !ok && mount) {
		lv->probing = true;
		lv->probe_seen = false;
	}
	pthread_mutex_unlock(&lv->lock);
	if (stopped)
		return -ESHUTDOWN; /* unmounted: nothing to tell */
	if (ok)
		return 0;
	if (!mount) {
		*why = "its absolute path is unknown";
		return -ENOENT;
	}
	/* mount is set before the announcer starts and never changes. */
	struct statx sx;
	int rc = statx(AT_FDCWD, mount, AT_STATX_FORCE_SYNC, STATX_INO, &sx);
	int err = rc < 0 ? errno : 0;
	pthread_mutex_lock(&lv->lock);
	lv->probing = false;
	if (rc == 0 && lv->probe_seen && !lv->stopped) {
		lv->dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
		lv->reachable = true;
	}
	ok = lv->reachable;
	pthread_mutex_unlock(&lv->lock);
	if (ok)
		return 0;
	*why = err ? strerror(err)
		   : "it leads elsewhere (another mount namespace, a lazy "
		     "unmount or a mount over it)";
	return err ? -err : -EXDEV;
}

/*
 * The announcer's call: unlinkat (rmdir for a directory ghost) or
 * mknodat of name in the drive's directory dir (whose number is dir_ino)
 * through the mount point.  0 when burnfs answered it; else -errno, and
 * the caller falls back to invalidations; *why is set when the mount was
 * out of reach (worth a line in the log).
 */
static int call_on_mount(struct burnfs *fs, size_t drive, const char *dir,
			 uint64_t dir_ino, enum live_kind kind,
			 const char *name, const struct stat *ghost,
			 const char **why)
{
	struct live *lv = fs->ll->live;
	char path[PATH_MAX];
	struct stat st;
	int rc = probe(lv, why);
	if (rc < 0)
		return rc;
	if (snprintf(path, sizeof(path), "%s/%s/%s", lv->mount,
		     drive_name(fs->drives[drive]), dir) >= (int)sizeof(path)) {
		*why = "the path is too long";
		return -ENAMETOOLONG;
	}
	int fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		rc = -errno;
		*why = strerror(-rc);
		if (fd >= 0)
			close(fd);
		return rc;
	}
	pthread_mutex_lock(&lv->lock);
	if (st.st_dev != lv->dev || st.st_ino != dir_ino) {
		lv->reachable = false; /* probed again next time */
		rc = -EXDEV;
	} else if (lv->stopped) {
		rc = -ESHUTDOWN;
	} else {
		lv->kind = kind;
		lv->parent = dir_ino;
		snprintf(lv->name, sizeof(lv->name), "%s", name);
		if (ghost)
			lv->ghost = *ghost;
		lv->done = false;
	}
	pthread_mutex_unlock(&lv->lock);
	if (rc == -EXDEV)
		*why = "it leads elsewhere (a mount over it)";
	if (rc < 0) {
		close(fd);
		return rc;
	}
	/* No lock held: a FUSE worker serves these. */
	if (kind == LIVE_REMOVE)
		rc = unlinkat(fd, name,
			      S_ISDIR(ghost->st_mode) ? AT_REMOVEDIR : 0);
	else
		rc = mknodat(fd, name, S_IFREG | 0444, 0);
	rc = rc < 0 ? -errno : 0;
	pthread_mutex_lock(&lv->lock);
	bool done = lv->done;
	lv->kind = LIVE_NONE;
	pthread_mutex_unlock(&lv->lock);
	close(fd);
	if (rc == -EACCES || rc == -EPERM)
		*why = "permission denied (default_permissions: burnfs's own "
		       "user may not write there)";
	if (rc == 0 && !done)
		rc = -EIO;
	return rc;
}

bool live_tracks_gone(struct burnfs *fs, size_t drive, const char *name)
{
	struct live *lv = fs->ll->live;
	struct node p = {
	    .kind = N_TRACKS, .drive = drive, .d = fs->drives[drive]};
	struct node n;
	struct stat st;
	/* There again (copied anew since): the kernel asks at its next
	 * lookup. */
	if (resolve_child(fs, &p, name, &n) == 0 &&
	    node_stat(fs, &n, NULL, &st) == 0)
		return false;
	struct told t;
	pthread_mutex_lock(&lv->lock);
	bool known = untell(lv, drive, name, &t);
	pthread_mutex_unlock(&lv->lock);
	if (!known) /* the kernel was never given the name */
		return false;
	fill_fixed(fs, &st, t.mode);
	st.st_ino = t.ino;
	show_attrs(fs, &st);
	const char *why = NULL;
	int rc = call_on_mount(fs, drive, "tracks", node_ino(&p), LIVE_REMOVE,
			       name, &st, &why);
	if (why)
		log_fallback(fs, drive, why);
	return rc == 0;
}

/* ---- disc/ ------------------------------------------------------------ */

static int fill_size(void *ctx, const char *name, const struct stat *st)
{
	off_t *size = ctx;
	int k = disc_wav_parse_name(name);
	if (k > 0 && k <= (int)INO_MAX_DISC_TRACK)
		size[k] = st->st_size;
	return 0;
}

/* The disc's listing now into size[] (0: no such track). */
static void disc_listing(struct burnfs *fs, size_t drive, off_t *size)
{
	struct stat tmpl;
	memset(size, 0, (INO_MAX_DISC_TRACK + 1) * sizeof(*size));
	fill_fixed(fs, &tmpl, S_IFREG | 0444);
	if (disc_dir_readdir(fs->drives[drive], fill_size, size, &tmpl) < 0)
		memset(size, 0, (INO_MAX_DISC_TRACK + 1) * sizeof(*size));
}

void live_disc_listed(struct burnfs *fs, size_t drive)
{
	struct live *lv = fs->ll->live;
	off_t size[INO_MAX_DISC_TRACK + 1];
	pthread_mutex_lock(&lv->lock);
	bool known = lv->disc[drive].known;
	pthread_mutex_unlock(&lv->lock);
	if (known)
		return;
	disc_listing(fs, drive, size);
	pthread_mutex_lock(&lv->lock);
	if (!lv->disc[drive].known) {
		memcpy(lv->disc[drive].size, size, sizeof(size));
		lv->disc[drive].known = true;
	}
	pthread_mutex_unlock(&lv->lock);
}

void live_disc_sync(struct burnfs *fs, size_t drive)
{
	struct live *lv = fs->ll->live;
	off_t now[INO_MAX_DISC_TRACK + 1], was[INO_MAX_DISC_TRACK + 1];
	disc_listing(fs, drive, now);
	pthread_mutex_lock(&lv->lock);
	bool known = lv->disc[drive].known;
	memcpy(was, lv->disc[drive].size, sizeof(was));
	memcpy(lv->disc[drive].size, now, sizeof(now));
	lv->disc[drive].known = true;
	pthread_mutex_unlock(&lv->lock);

	struct node p = {
	    .kind = N_DISC, .drive = drive, .d = fs->drives[drive]};
	uint64_t dir = node_ino(&p);
	const char *why = NULL;
	for (unsigned k = 1; k <= INO_MAX_DISC_TRACK; k++) {
		char name[16];
		disc_wav_name(k, name, sizeof(name));
		bool changed = known && was[k] != now[k];
		bool gone = changed && was[k] != 0;
		bool comes = now[k] != 0 && (changed || !known);
		if (!gone && !comes) {
			/* Not announced (disc/ was never listed): the kernel
			 * forgets what it may have looked up. */
			if (!known && !now[k])
				inval_send(fs, dir, name);
			continue;
		}
		if (gone) {
			struct stat ghost;
			fill_fixed(fs, &ghost, S_IFREG | 0444);
			ghost.st_size = was[k];
			ghost.st_ino =
			    ino_make(INO_DISC_TRACK, (uint32_t)drive, k);
			show_attrs(fs, &ghost);
			if (call_on_mount(fs, drive, "disc", dir, LIVE_REMOVE,
					  name, &ghost, &why) < 0)
				inval_send(fs, dir, name);
		}
		if (comes) {
			if (call_on_mount(fs, drive, "disc", dir, LIVE_CREATE,
					  name, NULL, &why) < 0)
				inval_send(fs, dir, name);
		}
	}
	if (why)
		log_fallback(fs, drive, why);
}
