/*
 * fuse_inval.c - telling the kernel about changes burnfs makes by itself
 * (see fuse_node.h), through the drives' status_watch hooks:
 *   - burnt tracks leave tracks/ (or a refused file is removed): the
 *     names are removed through the mount point (fuse_live.c), so that
 *     the kernel raises IN_DELETE, or else the kernel forgets them; and
 *     it fetches tracks/'s attributes again;
 *   - the disc may have changed (a job ended, eject, load): the tracks
 *     that left or appeared in disc/ are removed or made through the
 *     mount point (IN_DELETE, IN_CREATE), or else the kernel forgets
 *     disc/'s names; disc/'s attributes, and its modification time moves;
 *   - status, progress or log changed: the attributes of those files and
 *     of the drive directory (whose modification time is the latest of
 *     its files', fuse_drive_files.c).
 * The work is done by a thread of its own, the announcer: the kernel
 * takes the directory's lock for a notification or a call on the mount,
 * which a process waiting on a FUSE request may hold, so neither a FUSE
 * worker nor the burn job does it; and it is not a thread of the FUSE
 * loop, which serves its calls.  A piece of work already waiting is not
 * queued again, so a burst of changes costs one.  The modification times
 * move with every change, so that file managers that watch them notice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuse_node.h"

enum inval_kind {
	INVAL_ENTRY, /* name in parent, or parent's attributes */
	INVAL_GONE,  /* name left tracks/ of drive (parent) */
	INVAL_DISC,  /* the disc in drive may be another one */
};

struct inval_item {
	enum inval_kind kind;
	size_t drive; /* INVAL_GONE, INVAL_DISC */
	uint64_t parent;
	char *name; /* NULL: parent's attributes only */
	struct inval_item *next;
};

void tracks_touch(struct burnfs *fs, size_t drive)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	pthread_mutex_lock(&fs->ll->time_lock);
	fs->ll->tracks_mtime[drive] = now;
	pthread_mutex_unlock(&fs->ll->time_lock);
}

struct timespec tracks_mtime(struct burnfs *fs, size_t drive)
{
	pthread_mutex_lock(&fs->ll->time_lock);
	struct timespec t = fs->ll->tracks_mtime[drive];
	pthread_mutex_unlock(&fs->ll->time_lock);
	return t;
}

struct timespec disc_mtime(struct burnfs *fs, size_t drive)
{
	pthread_mutex_lock(&fs->ll->time_lock);
	struct timespec t = fs->ll->disc_mtime[drive];
	pthread_mutex_unlock(&fs->ll->time_lock);
	return t;
}

/* With inval_lock held: is the same work waiting already? */
static bool queued(const struct burnfs_fuse *ll, enum inval_kind kind,
		   uint64_t parent, const char *name)
{
	for (const struct inval_item *it = ll->inval_head; it; it = it->next)
		if (it->kind == kind && it->parent == parent &&
		    (name ? it->name && strcmp(it->name, name) == 0
			  : !it->name))
			return true;
	return false;
}

/* Queues one piece of work; false when there is no memory for it. */
static bool queue_work(struct burnfs_fuse *ll, enum inval_kind kind,
		       size_t drive, uint64_t parent, const char *name)
{
	struct inval_item *it = calloc(1, sizeof(*it));
	if (!it)
		return false;
	it->kind = kind;
	it->drive = drive;
	it->parent = parent;
	if (name && !(it->name = strdup(name))) {
		free(it);
		return false;
	}
	pthread_mutex_lock(&ll->inval_lock);
	/* Not mounted (yet, or any more): nothing to tell.  Already
	 * waiting: it tells the kernel all the same. */
	bool drop = !ll->inval_running || queued(ll, kind, parent, name);
	if (!drop) {
		*ll->inval_tail = it;
		ll->inval_tail = &it->next;
		pthread_cond_signal(&ll->inval_cond);
	}
	pthread_mutex_unlock(&ll->inval_lock);
	if (drop) {
		free(it->name);
		free(it);
	}
	return true;
}

/* Queues a notification: name in parent, or parent's attributes. */
static bool queue(struct burnfs_fuse *ll, uint64_t parent, const char *name)
{
	return queue_work(ll, INVAL_ENTRY, 0, parent, name);
}

void tracks_gone(struct burnfs *fs, size_t drive, const char *name)
{
	uint64_t dir = ino_make(INO_TRACKS_DIR, (uint32_t)drive, 0);
	tracks_touch(fs, drive);
	/*
	 * Without memory the kernel still finds out at its next lookup
	 * (entry timeouts are 0): the notification only saves it that.
	 */
	if (queue_work(fs->ll, INVAL_GONE, drive, dir, name))
		queue(fs->ll, dir, NULL);
}

static void tracks_gone_hook(void *hook, const char *name)
{
	struct drive_hook *dh = hook;
	tracks_gone(dh->fs, dh->drive, name);
}

/* Status, progress or log changed: their attributes and the drive
 * directory's (its modification time is computed from theirs). */
static void changed_hook(void *hook)
{
	struct drive_hook *dh = hook;
	uint32_t drive = (uint32_t)dh->drive;
	static const char *const files[] = {"status", "progress", "log"};
	queue(dh->fs->ll, ino_make(INO_DRIVE_DIR, drive, 0), NULL);
	for (size_t i = 0; i < n_drive_files; i++)
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
			if (strcmp(drive_files[i].name, files[k]) == 0)
				queue(dh->fs->ll,
				      ino_make(INO_DRIVE_FILE, drive,
					       (uint32_t)i),
				      NULL);
}

/*
 * The disc may be another one: disc/'s modification time moves, its
 * tracks that left or came are announced (or the kernel forgets every
 * name disc/ may have shown), and the kernel forgets disc/'s attributes.
 */
static void disc_changed_hook(void *hook)
{
	struct drive_hook *dh = hook;
	struct burnfs_fuse *ll = dh->fs->ll;
	uint64_t dir = ino_make(INO_DISC_DIR, (uint32_t)dh->drive, 0);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	pthread_mutex_lock(&ll->time_lock);
	ll->disc_mtime[dh->drive] = now;
	pthread_mutex_unlock(&ll->time_lock);
	/* Without memory the next lookup finds out all the same. */
	queue_work(ll, INVAL_DISC, dh->drive, dir, NULL);
	queue(ll, dir, NULL);
	queue(ll, ino_make(INO_DRIVE_DIR, (uint32_t)dh->drive, 0), NULL);
}

void drive_hooks_attach(struct burnfs *fs)
{
	static const struct status_watch_hooks hooks = {
	    .changed = changed_hook,
	    .tracks_gone = tracks_gone_hook,
	    .disc_changed = disc_changed_hook,
	};
	for (size_t i = 0; i < fs->n_drives; i++)
		status_watch_set_hooks(drive_status_watch(fs->drives[i]),
				       &hooks, &fs->ll->hooks[i]);
}

void drive_hooks_detach(struct burnfs *fs)
{
	for (size_t i = 0; i < fs->n_drives; i++)
		status_watch_set_hooks(drive_status_watch(fs->drives[i]), NULL,
				       NULL);
}

void inval_send(struct burnfs *fs, uint64_t parent, const char *name)
{
	struct fuse_session *se = fs->ll->se;
	int rc;
	if (name)
		rc = fuse_lowlevel_notify_inval_entry(se, parent, name,
						      strlen(name));
	else /* attributes only */
		rc = fuse_lowlevel_notify_inval_inode(se, parent, -1, 0);
	/*
	 * -ENOENT: the kernel did not know the name or directory, nothing
	 * to forget.  Other errors (an older kernel, the mount going away)
	 * leave the kernel to find out at its next lookup, which it always
	 * makes (entry timeouts are 0).
	 */
	(void)rc;
}

static void work(struct burnfs *fs, const struct inval_item *it)
{
	switch (it->kind) {
	case INVAL_GONE:
		if (!live_tracks_gone(fs, it->drive, it->name))
			inval_send(fs, it->parent, it->name);
		break;
	case INVAL_DISC:
		live_disc_sync(fs, it->drive);
		break;
	default:
		inval_send(fs, it->parent, it->name);
		break;
	}
}

static void *inval_main(void *arg)
{
	struct burnfs *fs = arg;
	struct burnfs_fuse *ll = fs->ll;
	live_announcer(fs, true);
	pthread_mutex_lock(&ll->inval_lock);
	for (;;) {
		while (!ll->inval_head && !ll->inval_stop)
			pthread_cond_wait(&ll->inval_cond, &ll->inval_lock);
		if (ll->inval_stop)
			break;
		struct inval_item *it = ll->inval_head;
		ll->inval_head = it->next;
		if (!ll->inval_head)
			ll->inval_tail = &ll->inval_head;
		pthread_mutex_unlock(&ll->inval_lock);
		work(fs, it);
		free(it->name);
		free(it);
		pthread_mutex_lock(&ll->inval_lock);
	}
	pthread_mutex_unlock(&ll->inval_lock);
	live_announcer(fs, false);
	return NULL;
}

int inval_start(struct burnfs *fs, struct fuse_session *se)
{
	struct burnfs_fuse *ll = fs->ll;
	ll->se = se;
	pthread_mutex_lock(&ll->inval_lock);
	ll->inval_stop = false;
	int rc = pthread_create(&ll->inval_thread, NULL, inval_main, fs);
	ll->inval_running = rc == 0;
	pthread_mutex_unlock(&ll->inval_lock);
	return -rc;
}

/*
 * Tells the thread to stop and waits for it, at most until deadline when
 * one is given.  Returns whether it has ended (or never ran).
 */
static bool inval_end_thread(struct burnfs_fuse *ll,
			     const struct timespec *deadline)
{
	pthread_mutex_lock(&ll->inval_lock);
	bool running = ll->inval_running;
	ll->inval_stop = true;
	pthread_cond_signal(&ll->inval_cond);
	pthread_mutex_unlock(&ll->inval_lock);
	if (!running)
		return true;
	int rc = deadline
		     ? pthread_timedjoin_np(ll->inval_thread, NULL, deadline)
		     : pthread_join(ll->inval_thread, NULL);
	if (rc != 0)
		return false; /* still in a call on the mount */
	pthread_mutex_lock(&ll->inval_lock);
	ll->inval_running = false;
	pthread_mutex_unlock(&ll->inval_lock);
	return true;
}

void inval_quiesce(struct burnfs *fs, unsigned wait_ms)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += wait_ms / 1000;
	deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	inval_end_thread(fs->ll, &deadline);
}

void inval_stop(struct burnfs *fs)
{
	struct burnfs_fuse *ll = fs->ll;
	inval_end_thread(ll, NULL);
	/* Unmounted: what is left has nobody to tell. */
	while (ll->inval_head) {
		struct inval_item *it = ll->inval_head;
		ll->inval_head = it->next;
		free(it->name);
		free(it);
	}
	ll->inval_tail = &ll->inval_head;
}
