/*
 * fuse_inval.c - telling the kernel about changes burnfs makes by itself
 * (see fuse_node.h), through the drives' status_watch hooks:
 *   - burnt tracks leave tracks/ (or a refused file is removed): the
 *     kernel forgets their names and fetches tracks/'s attributes again;
 *   - the disc may have changed (a job ended, eject, load): disc/'s names
 *     and attributes, and disc/'s modification time moves;
 *   - status, progress or log changed: the attributes of those files and
 *     of the drive directory (whose modification time is the latest of
 *     its files', fuse_drive_files.c).
 * The notifications are sent from a thread of their own: the kernel
 * takes the directory's lock for them, which a process waiting on a FUSE
 * request may hold, so neither a FUSE worker nor the burn job sends
 * them.  A notification already waiting is not queued again, so a burst
 * of changes costs one.  The modification times move with every change,
 * so that file managers that watch them notice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disc_wav.h"
#include "fuse_node.h"

struct inval_item {
	uint64_t parent;
	char *name; /* NULL: parent's attributes only */
	struct inval_item *next;
};

/* The highest track number disc/ can show. */
#define DISC_MAX_TRACKS 99

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

/* With inval_lock held: is the same notification waiting already? */
static bool queued(const struct burnfs_fuse *ll, uint64_t parent,
		   const char *name)
{
	for (const struct inval_item *it = ll->inval_head; it; it = it->next)
		if (it->parent == parent &&
		    (name ? it->name && strcmp(it->name, name) == 0
			  : !it->name))
			return true;
	return false;
}

/* Queues one notification; false when there is no memory for it. */
static bool queue(struct burnfs_fuse *ll, uint64_t parent, const char *name)
{
	struct inval_item *it = calloc(1, sizeof(*it));
	if (!it)
		return false;
	it->parent = parent;
	if (name && !(it->name = strdup(name))) {
		free(it);
		return false;
	}
	pthread_mutex_lock(&ll->inval_lock);
	/* Not mounted (yet, or any more): nothing to tell.  Already
	 * waiting: it tells the kernel all the same. */
	bool drop = !ll->inval_running || queued(ll, parent, name);
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

void tracks_gone(struct burnfs *fs, size_t drive, const char *name)
{
	uint64_t dir = ino_make(INO_TRACKS_DIR, (uint32_t)drive, 0);
	tracks_touch(fs, drive);
	/*
	 * Without memory the kernel still finds out at its next lookup
	 * (entry timeouts are 0): the notification only saves it that.
	 */
	if (queue(fs->ll, dir, name))
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
 * The disc may be another one: disc/'s modification time moves, and the
 * kernel forgets every name disc/ may have shown and disc/'s attributes.
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
	char name[16];
	for (unsigned k = 1; k <= DISC_MAX_TRACKS; k++) {
		disc_wav_name(k, name, sizeof(name));
		if (!queue(ll, dir, name))
			break; /* the next lookup finds out all the same */
	}
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

static void notify(struct fuse_session *se, const struct inval_item *it)
{
	int rc;
	if (it->name)
		rc = fuse_lowlevel_notify_inval_entry(se, it->parent, it->name,
						      strlen(it->name));
	else /* attributes only */
		rc = fuse_lowlevel_notify_inval_inode(se, it->parent, -1, 0);
	/*
	 * -ENOENT: the kernel did not know the name or directory, nothing
	 * to forget.  Other errors (an older kernel, the mount going away)
	 * leave the kernel to find out at its next lookup, which it always
	 * makes (entry timeouts are 0).
	 */
	(void)rc;
}

static void *inval_main(void *arg)
{
	struct burnfs_fuse *ll = arg;
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
		notify(ll->se, it);
		free(it->name);
		free(it);
		pthread_mutex_lock(&ll->inval_lock);
	}
	pthread_mutex_unlock(&ll->inval_lock);
	return NULL;
}

int inval_start(struct burnfs *fs, struct fuse_session *se)
{
	struct burnfs_fuse *ll = fs->ll;
	ll->se = se;
	pthread_mutex_lock(&ll->inval_lock);
	ll->inval_stop = false;
	int rc = pthread_create(&ll->inval_thread, NULL, inval_main, ll);
	ll->inval_running = rc == 0;
	pthread_mutex_unlock(&ll->inval_lock);
	return -rc;
}

void inval_stop(struct burnfs *fs)
{
	struct burnfs_fuse *ll = fs->ll;
	pthread_mutex_lock(&ll->inval_lock);
	bool running = ll->inval_running;
	ll->inval_running = false;
	ll->inval_stop = true;
	pthread_cond_signal(&ll->inval_cond);
	pthread_mutex_unlock(&ll->inval_lock);
	if (running)
		pthread_join(ll->inval_thread, NULL);
	/* Unmounted: what is left has nobody to tell. */
	while (ll->inval_head) {
		struct inval_item *it = ll->inval_head;
		ll->inval_head = it->next;
		free(it->name);
		free(it);
	}
	ll->inval_tail = &ll->inval_head;
}
