/*
 * fuse_discard.c - the ceiling of staging through FUSE: a file system
 * with one directory whose files take writes exactly as burnfs's tracks/
 * does (1 MiB writes, direct_io for handles opened for writing, the same
 * libfuse loop) and throw the bytes away.  What cp reaches into it is
 * what any FUSE file system can reach on the machine, before it does
 * anything with the data.
 *
 * Not part of the test suite or the install; bench.py builds it at run
 * time:
 *   cc -O2 tests/bench/fuse_discard.c -o /tmp/fuse_discard \
 *      $(pkg-config --cflags --libs fuse3)
 *   /tmp/fuse_discard -f MOUNTPOINT
 */
#define FUSE_USE_VERSION 35
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* The one file there can be, and its size (what was written). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char name[256];
static uint64_t size;

static void *discard_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->entry_timeout = cfg->attr_timeout = cfg->negative_timeout = 0;
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
	conn->max_write = 1 << 20;
	return NULL;
}

static int discard_getattr(const char *path, struct stat *st,
			   struct fuse_file_info *fi)
{
	(void)fi;
	memset(st, 0, sizeof(*st));
	if (strcmp(path, "/") == 0) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		return 0;
	}
	pthread_mutex_lock(&lock);
	int found = name[0] && strcmp(path + 1, name) == 0;
	st->st_mode = S_IFREG | 0644;
	st->st_nlink = 1;
	st->st_size = (off_t)size;
	st->st_blksize = 1 << 20;
	pthread_mutex_unlock(&lock);
	return found ? 0 : -ENOENT;
}

static int discard_create(const char *path, mode_t mode,
			  struct fuse_file_info *fi)
{
	(void)mode;
	if (strlen(path + 1) >= sizeof(name))
		return -ENAMETOOLONG;
	pthread_mutex_lock(&lock);
	strcpy(name, path + 1);
	size = 0;
	pthread_mutex_unlock(&lock);
	fi->direct_io = 1;
	return 0;
}

static int discard_open(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	fi->direct_io = (fi->flags & O_ACCMODE) != O_RDONLY;
	return 0;
}

static int discard_write(const char *path, const char *buf, size_t len,
			 off_t off, struct fuse_file_info *fi)
{
	(void)path;
	(void)buf;
	(void)fi;
	pthread_mutex_lock(&lock);
	if ((uint64_t)off + len > size)
		size = (uint64_t)off + len;
	pthread_mutex_unlock(&lock);
	return (int)len;
}

static int discard_truncate(const char *path, off_t len,
			    struct fuse_file_info *fi)
{
	(void)path;
	(void)fi;
	pthread_mutex_lock(&lock);
	size = (uint64_t)len;
	pthread_mutex_unlock(&lock);
	return 0;
}

static int discard_unlink(const char *path)
{
	(void)path;
	pthread_mutex_lock(&lock);
	name[0] = '\0';
	size = 0;
	pthread_mutex_unlock(&lock);
	return 0;
}

/* rsync writes a temporary name and renames it: the one file moves. */
static int discard_rename(const char *from, const char *to, unsigned flags)
{
	(void)from;
	(void)flags;
	if (strlen(to + 1) >= sizeof(name))
		return -ENAMETOOLONG;
	pthread_mutex_lock(&lock);
	strcpy(name, to + 1);
	pthread_mutex_unlock(&lock);
	return 0;
}

static int discard_chmod(const char *path, mode_t mode,
			 struct fuse_file_info *fi)
{
	(void)path;
	(void)mode;
	(void)fi;
	return 0;
}

static int discard_chown(const char *path, uid_t uid, gid_t gid,
			 struct fuse_file_info *fi)
{
	(void)path;
	(void)uid;
	(void)gid;
	(void)fi;
	return 0;
}

static int discard_utimens(const char *path, const struct timespec tv[2],
			   struct fuse_file_info *fi)
{
	(void)path;
	(void)tv;
	(void)fi;
	return 0;
}

static const struct fuse_operations discard_ops = {
    .init = discard_init,
    .getattr = discard_getattr,
    .create = discard_create,
    .open = discard_open,
    .write = discard_write,
    .truncate = discard_truncate,
    .unlink = discard_unlink,
    .rename = discard_rename,
    .chmod = discard_chmod,
    .chown = discard_chown,
    .utimens = discard_utimens,
};

int main(int argc, char *argv[])
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	/* A copy of the arguments (fuse_opt_add_arg needs one), then the
	 * option burnfs adds (see its main.c, quiet_idle_threads_default). */
	if (fuse_opt_parse(&args, NULL, NULL, NULL) < 0 ||
	    fuse_opt_add_arg(&args, "-omax_idle_threads=10") < 0)
		return 1;
	int rc = fuse_main(args.argc, args.argv, &discard_ops, NULL);
	fuse_opt_free_args(&args);
	return rc;
}
