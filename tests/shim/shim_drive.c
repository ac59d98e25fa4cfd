/*
 * shim_drive.c - process-wide state of the sg shim: the virtual recorder
 * named by BURNFS_SHIM_DRIVE=IMAGE[,key=value...] (the keys of burnfs
 * --virtual; the drive's name is "sr0"), opened on first use and kept
 * for the life of the process like a powered drive, and the table of
 * open fake fds.  vanish_after_writes=N in BURNFS_SHIM_DRIVE makes the
 * drive disappear after N writes (shim_vanish.c).
 *
 * Locks:
 *   drive_lock  the virtual recorder (its creation and every command:
 *               the transport contract wants one caller at a time).
 *   table_lock  the fd table.  Never held while calling into the
 *               recorder, which itself opens and closes files through
 *               the interposed functions (and so takes table_lock):
 *               drive_lock may be held when table_lock is taken, never
 *               the other way round.
 * fd_kind[] mirrors the table's node per fd for a lock-free "is this fd
 * fake?" on the hot paths (read, fstat of ordinary files).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"
#include "shim_vanish.h"
#include "vrec.h"

#define SHIM_MAX_FD 4096

static pthread_mutex_t drive_lock = PTHREAD_MUTEX_INITIALIZER;
static struct scsi_transport *drive;
static bool drive_failed;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shim_fd table[SHIM_MAX_FD];
static _Atomic unsigned char fd_kind[SHIM_MAX_FD];

bool shim_enabled(void)
{
	const char *s = getenv("BURNFS_SHIM_DRIVE");
	return s && *s;
}

static struct scsi_transport *open_drive(void)
{
	const char *env = getenv("BURNFS_SHIM_DRIVE");
	if (!env || !*env) {
		fprintf(stderr,
			"burnfs-sgshim: BURNFS_SHIM_DRIVE is not set\n");
		return NULL;
	}
	size_t n = strlen(env) + 8;
	char *spec = malloc(n);
	if (!spec)
		return NULL;
	/* The shim's own keys (vanish_after_writes=N) are not the
	 * recorder's. */
	unsigned long vanish_after = 0;
	memcpy(spec, "sr0:", 4);
	if (shim_vanish_split_spec(env, spec + 4, n - 4, &vanish_after) < 0) {
		fprintf(stderr,
			"burnfs-sgshim: BURNFS_SHIM_DRIVE=%s: "
			"vanish_after_writes must be a number from 1\n",
			env);
		free(spec);
		return NULL;
	}
	struct vrec_config cfg;
	char err[512];
	int r = vrec_parse_spec(spec, &cfg, err, sizeof(err));
	free(spec);
	if (r) {
		fprintf(stderr, "burnfs-sgshim: BURNFS_SHIM_DRIVE=%s: %s\n",
			env, err);
		return NULL;
	}
	struct scsi_transport *t = vrec_open(&cfg, err, sizeof(err));
	if (!t)
		fprintf(stderr, "burnfs-sgshim: %s\n", err);
	else if (vanish_after)
		t = shim_vanish_wrap(t, vanish_after);
	return t;
}

int shim_excl_lock_path(char *out, size_t out_len)
{
	const char *env = getenv("BURNFS_SHIM_DRIVE");
	if (!env || !*env)
		return -1;
	size_t len = strcspn(env, ",");
	int n = snprintf(out, out_len, "%.*s.excl", (int)len, env);
	return n < 0 || (size_t)n >= out_len ? -1 : 0;
}

long shim_with_drive(long (*fn)(struct scsi_transport *t, void *ctx), void *ctx)
{
	long r;
	pthread_mutex_lock(&drive_lock);
	if (!drive && !drive_failed) {
		drive = open_drive();
		drive_failed = drive == NULL;
	}
	if (drive)
		r = fn(drive, ctx);
	else
		r = -ENXIO;
	pthread_mutex_unlock(&drive_lock);
	return r;
}

__attribute__((destructor)) static void shim_fini(void)
{
	pthread_mutex_lock(&drive_lock);
	scsi_transport_destroy(drive);
	drive = NULL;
	pthread_mutex_unlock(&drive_lock);
}

bool shim_fd_is_fake(int fd)
{
	return fd >= 0 && fd < SHIM_MAX_FD &&
	       atomic_load_explicit(&fd_kind[fd], memory_order_acquire) !=
		   SHIM_NODE_NONE;
}

bool shim_fd_get(int fd, struct shim_fd *out)
{
	if (!shim_fd_is_fake(fd))
		return false;
	pthread_mutex_lock(&table_lock);
	bool ok = table[fd].node != SHIM_NODE_NONE;
	if (ok)
		*out = table[fd];
	pthread_mutex_unlock(&table_lock);
	return ok;
}

void shim_fd_put(int fd, const struct shim_fd *f)
{
	if (fd < 0 || fd >= SHIM_MAX_FD)
		return;
	pthread_mutex_lock(&table_lock);
	if (table[fd].node != SHIM_NODE_NONE)
		table[fd] = *f;
	pthread_mutex_unlock(&table_lock);
}

void shim_fd_forget(int fd)
{
	if (!shim_fd_is_fake(fd))
		return;
	pthread_mutex_lock(&table_lock);
	memset(&table[fd], 0, sizeof(table[fd]));
	atomic_store_explicit(&fd_kind[fd], SHIM_NODE_NONE,
			      memory_order_release);
	pthread_mutex_unlock(&table_lock);
}

/* Caller holds table_lock. */
static bool conflict_locked(enum shim_node node, bool want_excl)
{
	for (int i = 0; i < SHIM_MAX_FD; i++) {
		if (table[i].node != node)
			continue;
		/* Exclusive opens exclude each other (bd_prepare_to_claim);
		 * plain opens do not. */
		if (want_excl && table[i].excl)
			return true;
	}
	return false;
}

bool shim_fd_excl_conflict(enum shim_node node, bool want_excl)
{
	pthread_mutex_lock(&table_lock);
	bool c = conflict_locked(node, want_excl);
	pthread_mutex_unlock(&table_lock);
	return c;
}

int shim_fd_add(int fd, const struct shim_fd *f)
{
	if (fd < 0 || fd >= SHIM_MAX_FD)
		return -EMFILE;
	pthread_mutex_lock(&table_lock);
	if (f->excl && conflict_locked(f->node, true)) {
		pthread_mutex_unlock(&table_lock);
		return -EBUSY;
	}
	table[fd] = *f;
	atomic_store_explicit(&fd_kind[fd], (unsigned char)f->node,
			      memory_order_release);
	pthread_mutex_unlock(&table_lock);
	return 0;
}
