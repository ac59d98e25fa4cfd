/*
 * recorder_open.c - where recorders come from: a real drive through the
 * SG_IO transport, or a virtual recorder from its --virtual spec, and
 * what only a virtual recorder can do (lay a new blank disc in the tray).
 * The filesystem opens drives through these calls and never sees a
 * transport's or the virtual recorder's own interface (see recorder.h).
 */
#include "recorder.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pid_lock.h"
#include "recorder_internal.h"
#include "scsi.h"
#include "sg_transport.h"
#include "vrec.h"

struct scsi_transport *recorder_open_device(const char *path, char *err,
					    size_t err_len)
{
	return sg_transport_open(path, err, err_len);
}

/*
 * The image locks (IMAGE.lock, see pid_lock.h) of the virtual recorders
 * opened: one daemon per image.  A lock is held until its transport is
 * closed with recorder_transport_close, or else until the process exits.
 * image_locks_mutex protects the list.
 */
struct image_lock {
	struct image_lock *next;
	const struct scsi_transport *t;
	int fd;
};
static struct image_lock *image_locks;
static pthread_mutex_t image_locks_mutex = PTHREAD_MUTEX_INITIALIZER;

static int image_lock_take(const struct vrec_config *cfg, char *err,
			   size_t err_len)
{
	char path[PATH_MAX], why[PATH_MAX + 128];
	if (snprintf(path, sizeof(path), "%s.lock", cfg->image) >=
	    (int)sizeof(path)) {
		snprintf(err, err_len, "image path too long");
		return -ENAMETOOLONG;
	}
	int fd = pid_lock_take(path, why, sizeof(why));
	if (fd < 0)
		snprintf(err, err_len, "image %s: %s%s", cfg->image, why,
			 fd == -EBUSY ? "; one burnfs per virtual recorder "
					"image"
				      : "");
	return fd;
}

/*
 * The caller names the recorder in its message: "virtual recorder NAME: "
 * at the start of err is dropped, so that it is not said twice.
 */
static void drop_prefix(char *err, const char *name)
{
	char prefix[128];
	int n = snprintf(prefix, sizeof(prefix), "virtual recorder %s: ", name);
	if (n > 0 && (size_t)n < sizeof(prefix) &&
	    strncmp(err, prefix, (size_t)n) == 0)
		memmove(err, err + n, strlen(err + n) + 1);
}

struct scsi_transport *recorder_open_virtual(const char *spec, char *name,
					     size_t name_len, char *err,
					     size_t err_len)
{
	struct vrec_config cfg;
	if (name_len)
		name[0] = '\0';
	if (vrec_parse_spec(spec, &cfg, err, err_len) < 0)
		return NULL;
	snprintf(name, name_len, "%s", cfg.name);
	struct image_lock *l = malloc(sizeof(*l));
	if (!l) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	l->fd = image_lock_take(&cfg, err, err_len);
	if (l->fd < 0) {
		free(l);
		return NULL;
	}
	struct scsi_transport *t = vrec_open(&cfg, err, err_len);
	if (!t)
		drop_prefix(err, cfg.name);
	if (!t) {
		pid_lock_release(l->fd);
		free(l);
		return NULL;
	}
	l->t = t;
	pthread_mutex_lock(&image_locks_mutex);
	l->next = image_locks;
	image_locks = l;
	pthread_mutex_unlock(&image_locks_mutex);
	return t;
}

void recorder_transport_close(struct scsi_transport *t)
{
	struct image_lock *held = NULL;
	pthread_mutex_lock(&image_locks_mutex);
	for (struct image_lock **pp = &image_locks; *pp; pp = &(*pp)->next) {
		if ((*pp)->t == t) {
			held = *pp;
			*pp = held->next;
			break;
		}
	}
	pthread_mutex_unlock(&image_locks_mutex);
	/* The image's files are complete before another daemon may take
	 * it. */
	scsi_transport_destroy(t);
	if (held) {
		pid_lock_release(held->fd);
		free(held);
	}
}

bool recorder_is_virtual(struct recorder *r)
{
	return vrec_is_virtual(r->t);
}

struct load_arg {
	enum vrec_media_kind kind;
	char *msg;
	size_t msg_len;
};

static int change_disc(struct scsi_transport *t, void *arg)
{
	struct load_arg *a = arg;
	return vrec_change_disc(t, a->kind, a->msg, a->msg_len);
}

int recorder_load_disc(struct recorder *r, const char *media, char *msg,
		       size_t msg_len)
{
	int kind = vrec_media_from_name(media);
	if (msg_len)
		msg[0] = '\0';
	if (kind <= 0)
		return -EINVAL;
	struct load_arg a = {
	    .kind = (enum vrec_media_kind)kind, .msg = msg, .msg_len = msg_len};
	return recorder_with_transport(r, change_disc, &a);
}
