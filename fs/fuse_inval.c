/*
 * fuse_inval.c - telling the kernel about changes burnfs makes by itself
 * (see fuse_node.h): when burnt tracks leave tracks/ (or a refused file
 * is removed), the kernel is told to forget their names and to fetch
 * tracks/'s attributes again.  The notifications are sent from a thread
 * of their own: the kernel takes the directory's lock for them, which a
 * process waiting on a FUSE request may hold, so neither a FUSE worker
 * nor the burn job sends them.  tracks/'s modification time moves with
 * every change, so that file managers that watch it notice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_node.h"

struct inval_item {
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
	if (!ll->inval_running) {
		/* Not mounted (yet, or any more): nothing to tell. */
		pthread_mutex_unlock(&ll->inval_lock);
		free(it->name);
		free(it);
		return true;
	}
	*ll->inval_tail = it;
	ll->inval_tail = &it->next;
	pthread_cond_signal(&ll->inval_cond);
	pthread_mutex_unlock(&ll->inval_lock);
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

void tracks_gone_hook(void *hook, const char *name)
{
	struct drive_hook *dh = hook;
	tracks_gone(dh->fs, dh->drive, name);
}

static void notify(struct fuse_session *se, const struct inval_item *it)
{
	int rc;
	if (it->name)
		rc = fuse_lowlevel_notify_inval_entry(se, it->parent, it->name,
						      strlen(it->name));
	else
		rc = fuse_lowlevel_notify_inval_inode(se, it->parent, 0, 0);
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
