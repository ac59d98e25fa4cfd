/*
 * shim_libc.c - the libc functions libburnfs-sgshim.so interposes
 * (LD_PRELOAD) so that a program sees /dev/sr0 and /dev/sg0 backed by
 * the virtual recorder: the open family, close and dup, ioctl, fcntl,
 * read, the stat family (including the __xstat compatibility entry
 * points that cdrskin and libburn still import), access, readlink,
 * realpath, and the listing of /dev.  Everything else passes through to
 * the next definition (dlsym RTLD_NEXT).
 *
 * A fake fd is a real fd (a memfd), so that close, dup, poll, flock and
 * fcntl locks work on it as on any file; shim_drive.c maps it to its
 * node and per-open state.  Only BURNFS_SHIM_DRIVE switches the fake
 * nodes on: without it every call passes through untouched.
 *
 * Why one file of over 1000 lines: every interposed entry point goes
 * through the same table of next definitions (resolved once, under one
 * pthread_once) and the same fallbacks for a libc that lacks one; the
 * entry points themselves are thin and alike (the glibc symbol versions
 * of stat and open multiply them).  Split, that table and its fallbacks
 * would have to be exported from the shared object's private part.  The
 * logic with its own concept lives elsewhere (shim_drive.c, shim_node.c,
 * shim_sgio.c, shim_cdrom.c, shim_ioctl.c, shim_sysfs.c; and the
 * interposers of their own: shim_sysfs_libc.c, shim_xattr_libc.c).
 */
#undef _FORTIFY_SOURCE
#undef _FILE_OFFSET_BITS
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cdrom.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "shim.h"
#include "shim_vanish.h"

#define EXPORT __attribute__((visibility("default")))

/* Compatibility entry points of older glibc, still imported by binaries
 * built against it (cdrskin, libburn on Debian 12). */
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstat(int ver, int fd, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
	       int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st,
		 int flags);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
int fcntl64(int fd, int cmd, ...);

/* ---- the next definitions ---- */

static struct {
	int (*open)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*close)(int);
	int (*dup)(int);
	int (*dup2)(int, int);
	int (*dup3)(int, int, int);
	int (*ioctl)(int, unsigned long, ...);
	int (*fcntl)(int, int, ...);
	ssize_t (*read)(int, void *, size_t);
	int (*stat)(const char *, struct stat *);
	int (*lstat)(const char *, struct stat *);
	int (*fstat)(int, struct stat *);
	int (*fstatat)(int, const char *, struct stat *, int);
	int (*xstat)(int, const char *, struct stat *);
	int (*lxstat)(int, const char *, struct stat *);
	int (*fxstat)(int, int, struct stat *);
	int (*fxstatat)(int, int, const char *, struct stat *, int);
	int (*statx)(int, const char *, int, unsigned, struct statx *);
	int (*access)(const char *, int);
	int (*faccessat)(int, const char *, int, int);
	ssize_t (*readlink)(const char *, char *, size_t);
	char *(*realpath)(const char *, char *);
	DIR *(*opendir)(const char *);
	struct dirent *(*readdir)(DIR *);
	struct dirent64 *(*readdir64)(DIR *);
	int (*closedir)(DIR *);
} real;

static pthread_once_t real_once = PTHREAD_ONCE_INIT;

/* A symbol of the next object; compat-only symbols (no default version)
 * are found by their first version. */
static void *next_sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
#if defined(__x86_64__)
	if (!p)
		p = dlvsym(RTLD_NEXT, name, "GLIBC_2.2.5");
#endif
	return p;
}

static void resolve(void)
{
	*(void **)&real.open = next_sym("open");
	*(void **)&real.openat = next_sym("openat");
	*(void **)&real.close = next_sym("close");
	*(void **)&real.dup = next_sym("dup");
	*(void **)&real.dup2 = next_sym("dup2");
	*(void **)&real.dup3 = next_sym("dup3");
	*(void **)&real.ioctl = next_sym("ioctl");
	*(void **)&real.fcntl = next_sym("fcntl");
	*(void **)&real.read = next_sym("read");
	*(void **)&real.stat = next_sym("stat");
	*(void **)&real.lstat = next_sym("lstat");
	*(void **)&real.fstat = next_sym("fstat");
	*(void **)&real.fstatat = next_sym("fstatat");
	*(void **)&real.xstat = next_sym("__xstat");
	*(void **)&real.lxstat = next_sym("__lxstat");
	*(void **)&real.fxstat = next_sym("__fxstat");
	*(void **)&real.fxstatat = next_sym("__fxstatat");
	*(void **)&real.statx = next_sym("statx");
	*(void **)&real.access = next_sym("access");
	*(void **)&real.faccessat = next_sym("faccessat");
	*(void **)&real.readlink = next_sym("readlink");
	*(void **)&real.realpath = next_sym("realpath");
	*(void **)&real.opendir = next_sym("opendir");
	*(void **)&real.readdir = next_sym("readdir");
	*(void **)&real.readdir64 = next_sym("readdir64");
	*(void **)&real.closedir = next_sym("closedir");
}

#define REAL(fn)                                                               \
	(pthread_once(&real_once, resolve), real.fn ? real.fn : missing_##fn)

static int fail(int e)
{
	errno = e;
	return -1;
}

/* Stand-ins when the next object lacks a symbol (older glibc). */
static int missing_open(const char *p, int f, ...)
{
	(void)p, (void)f;
	return fail(ENOSYS);
}
static int missing_openat(int d, const char *p, int f, ...)
{
	(void)d, (void)p, (void)f;
	return fail(ENOSYS);
}
static int missing_close(int fd)
{
	(void)fd;
	return fail(ENOSYS);
}
static int missing_dup(int fd)
{
	(void)fd;
	return fail(ENOSYS);
}
static int missing_dup2(int a, int b)
{
	(void)a, (void)b;
	return fail(ENOSYS);
}
static int missing_dup3(int a, int b, int c)
{
	(void)a, (void)b, (void)c;
	return fail(ENOSYS);
}
static int missing_ioctl(int fd, unsigned long r, ...)
{
	(void)fd, (void)r;
	return fail(ENOSYS);
}
static int missing_fcntl(int fd, int c, ...)
{
	(void)fd, (void)c;
	return fail(ENOSYS);
}
static ssize_t missing_read(int fd, void *b, size_t n)
{
	(void)fd, (void)b, (void)n;
	return fail(ENOSYS);
}
static int missing_stat(const char *p, struct stat *s);
static int missing_lstat(const char *p, struct stat *s);
static int missing_fstat(int fd, struct stat *s);
static int missing_fstatat(int d, const char *p, struct stat *s, int f)
{
	(void)d, (void)p, (void)s, (void)f;
	return fail(ENOSYS);
}
static int missing_xstat(int v, const char *p, struct stat *s)
{
	(void)v;
	return REAL(stat)(p, s);
}
static int missing_lxstat(int v, const char *p, struct stat *s)
{
	(void)v;
	return REAL(lstat)(p, s);
}
static int missing_fxstat(int v, int fd, struct stat *s)
{
	(void)v;
	return REAL(fstat)(fd, s);
}
static int missing_fxstatat(int v, int d, const char *p, struct stat *s, int f)
{
	(void)v;
	return REAL(fstatat)(d, p, s, f);
}
/* glibc < 2.33 has only the __xstat family. */
static int missing_stat(const char *p, struct stat *s)
{
	return real.xstat ? real.xstat(1, p, s) : fail(ENOSYS);
}
static int missing_lstat(const char *p, struct stat *s)
{
	return real.lxstat ? real.lxstat(1, p, s) : fail(ENOSYS);
}
static int missing_fstat(int fd, struct stat *s)
{
	return real.fxstat ? real.fxstat(1, fd, s) : fail(ENOSYS);
}
static int missing_statx(int d, const char *p, int f, unsigned m,
			 struct statx *s)
{
	(void)d, (void)p, (void)f, (void)m, (void)s;
	return fail(ENOSYS);
}
static int missing_access(const char *p, int m)
{
	(void)p, (void)m;
	return fail(ENOSYS);
}
static int missing_faccessat(int d, const char *p, int m, int f)
{
	(void)d, (void)p, (void)m, (void)f;
	return fail(ENOSYS);
}
static ssize_t missing_readlink(const char *p, char *b, size_t n)
{
	(void)p, (void)b, (void)n;
	return fail(ENOSYS);
}
static char *missing_realpath(const char *p, char *r)
{
	(void)p, (void)r;
	errno = ENOSYS;
	return NULL;
}
static DIR *missing_opendir(const char *p)
{
	(void)p;
	errno = ENOSYS;
	return NULL;
}
static struct dirent *missing_readdir(DIR *d)
{
	(void)d;
	return NULL;
}
static struct dirent64 *missing_readdir64(DIR *d)
{
	(void)d;
	return NULL;
}
static int missing_closedir(DIR *d)
{
	(void)d;
	return fail(ENOSYS);
}

/* ---- which calls concern a fake node ---- */

static enum shim_node node_of(const char *path)
{
	if (!path || !shim_enabled())
		return SHIM_NODE_NONE;
	return shim_node_of_path(path);
}

static enum shim_node node_at(int dirfd, const char *path)
{
	if (!path || (path[0] != '/' && dirfd != AT_FDCWD))
		return SHIM_NODE_NONE;
	return node_of(path);
}

/* ---- open, close, dup ---- */

struct open_ctx {
	enum shim_node node;
	int flags;
};

static long check_open(struct scsi_transport *t, void *arg)
{
	struct open_ctx *o = arg;
	if (shim_vanish_gone(t))
		return -ENXIO; /* unplugged: the node no longer answers */
	if (o->node != SHIM_NODE_SR || (o->flags & O_NONBLOCK))
		return 0;
	/* cdrom_open() without O_NONBLOCK: a disc must be there, and a
	 * CD recorder (no CDC_RAM) cannot be opened for writing.  With the
	 * tray open, open_for_data() closes it first (CDO_AUTO_CLOSE, on by
	 * default) and looks again. */
	long st = shim_cdrom_ioctl(t, CDROM_DRIVE_STATUS, NULL);
	if (st == CDS_TRAY_OPEN) {
		(void)shim_cdrom_ioctl(t, CDROMCLOSETRAY, NULL);
		st = shim_cdrom_ioctl(t, CDROM_DRIVE_STATUS, NULL);
	}
	if (st != CDS_DISC_OK)
		return -ENOMEDIUM;
	if ((o->flags & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	return 0;
}

/*
 * O_EXCL across processes: every process that loads the shim has its
 * own model of the drive, so an exclusive open also takes flock(LOCK_EX)
 * on IMAGE.excl, held until that fd is closed.  A second exclusive open
 * in another process then fails with EBUSY, as the block layer's does.
 *
 * The file exists only while the claim does: the holder removes it
 * before it lets go (at close, or at exit for a program that exits with
 * the device still open), still holding the lock.  A taker that locked
 * a file which was removed meanwhile (its inode is no longer the one at
 * the path) tries again with a new one.  A file left by a process that
 * was killed holds no lock and is simply taken over.
 */
static pthread_mutex_t excl_lock = PTHREAD_MUTEX_INITIALIZER;
static int excl_held_fd = -1; /* at most one claim per process */
static pid_t excl_held_pid;

/* Returns the lock's fd or -errno. */
static int excl_lock_take(void)
{
	char path[4096];
	if (shim_excl_lock_path(path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	for (int attempt = 0; attempt < 8; attempt++) {
		int fd = REAL(open)(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int e = errno;
			REAL(close)(fd);
			return e == EWOULDBLOCK ? -EBUSY : -e;
		}
		struct stat held, named;
		if (REAL(fstat)(fd, &held) == 0 &&
		    REAL(stat)(path, &named) == 0 &&
		    held.st_ino == named.st_ino &&
		    held.st_dev == named.st_dev) {
			pthread_mutex_lock(&excl_lock);
			excl_held_fd = fd;
			excl_held_pid = getpid();
			pthread_mutex_unlock(&excl_lock);
			return fd;
		}
		REAL(close)(fd); /* removed by its last holder: again */
	}
	return -EBUSY;
}

/* Lets go of the claim lock_fd: the file goes first, then the lock. */
static void excl_lock_release(int lock_fd)
{
	char path[4096];
	pthread_mutex_lock(&excl_lock);
	if (lock_fd == excl_held_fd && excl_held_pid == getpid()) {
		if (shim_excl_lock_path(path, sizeof(path)) == 0)
			unlink(path);
		excl_held_fd = -1;
	}
	pthread_mutex_unlock(&excl_lock);
	REAL(close)(lock_fd);
}

/* A program that exits with the device still open: the kernel drops
 * the lock, the file is removed here (not in a forked child, which
 * shares the claim but did not make it). */
__attribute__((destructor)) static void excl_lock_at_exit(void)
{
	char path[4096];
	pthread_mutex_lock(&excl_lock);
	if (excl_held_fd >= 0 && excl_held_pid == getpid() &&
	    shim_excl_lock_path(path, sizeof(path)) == 0)
		unlink(path);
	pthread_mutex_unlock(&excl_lock);
}

static int open_fake(enum shim_node node, int flags)
{
	if (flags & O_DIRECTORY)
		return fail(ENOTDIR);
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return fail(EEXIST);
	struct open_ctx o = {node, flags};
	long r = shim_with_drive(check_open, &o);
	if (r < 0)
		return fail((int)-r);
	bool excl = (flags & O_EXCL) && !(flags & O_CREAT);
	if (excl && shim_fd_excl_conflict(node, true))
		return fail(EBUSY);
	int lock_fd = -1;
	if (excl) {
		lock_fd = excl_lock_take();
		if (lock_fd < 0)
			return fail(-lock_fd);
	}
	char name[32];
	snprintf(name, sizeof(name), "burnfs-%s", shim_node_name(node));
	int fd = memfd_create(name, (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0) {
		int e = errno;
		if (lock_fd >= 0)
			excl_lock_release(lock_fd);
		return fail(e);
	}
	struct shim_fd f;
	shim_fd_init(&f, node,
		     flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY));
	f.excl = excl;
	f.lock_fd = lock_fd;
	int e = shim_fd_add(fd, &f);
	if (e) {
		REAL(close)(fd);
		if (lock_fd >= 0)
			excl_lock_release(lock_fd);
		return fail(-e);
	}
	return fd;
}

/* An attribute of the drive's sysfs entries (shim_sysfs.c). */
static bool sys_file_at(int dirfd, const char *path)
{
	if (!path || (path[0] != '/' && dirfd != AT_FDCWD) || !shim_enabled())
		return false;
	return shim_sys_lookup(path) == SHIM_SYS_FILE;
}

static int open_sys(const char *path, int flags)
{
	int fd = shim_sys_open(path, flags);
	return fd < 0 ? fail(-fd) : fd;
}

static int mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE
		   ? va_arg(ap, int)
		   : 0;
}

EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	enum shim_node n = node_of(path);
	if (n)
		return open_fake(n, flags);
	if (sys_file_at(AT_FDCWD, path))
		return open_sys(path, flags);
	return REAL(open)(path, flags, mode);
}

EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	enum shim_node n = node_of(path);
	if (n)
		return open_fake(n, flags);
	if (sys_file_at(AT_FDCWD, path))
		return open_sys(path, flags);
	return REAL(open)(path, flags | O_LARGEFILE, mode);
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	enum shim_node n = node_at(dirfd, path);
	if (n)
		return open_fake(n, flags);
	if (sys_file_at(dirfd, path))
		return open_sys(path, flags);
	return REAL(openat)(dirfd, path, flags, mode);
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	enum shim_node n = node_at(dirfd, path);
	if (n)
		return open_fake(n, flags);
	if (sys_file_at(dirfd, path))
		return open_sys(path, flags);
	return REAL(openat)(dirfd, path, flags | O_LARGEFILE, mode);
}

EXPORT int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

EXPORT int __open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
	return openat64(dirfd, path, flags);
}

EXPORT int close(int fd)
{
	struct shim_fd f;
	if (shim_fd_get(fd, &f) && f.lock_fd >= 0)
		excl_lock_release(f.lock_fd);
	shim_fd_forget(fd);
	return REAL(close)(fd);
}

/* Gives newfd the state of the fake oldfd (after a successful dup). */
static int dup_state(int oldfd, int newfd, const struct shim_fd *f,
		     bool cloexec)
{
	if (newfd < 0)
		return newfd;
	struct shim_fd c = *f;
	c.lock_fd = -1; /* the claim stays with the fd that made it */
	(void)cloexec;
	shim_fd_forget(newfd);
	int e = shim_fd_add(newfd, &c);
	if (e == -EBUSY) { /* the same open file: not a new claim */
		c.excl = false;
		e = shim_fd_add(newfd, &c);
		c.excl = true;
	}
	if (e) {
		REAL(close)(newfd);
		return fail(-e);
	}
	(void)oldfd;
	return newfd;
}

EXPORT int dup(int oldfd)
{
	struct shim_fd f;
	bool fake = shim_fd_get(oldfd, &f);
	int r = REAL(dup)(oldfd);
	return fake ? dup_state(oldfd, r, &f, false) : r;
}

EXPORT int dup2(int oldfd, int newfd)
{
	struct shim_fd f;
	bool fake = shim_fd_get(oldfd, &f);
	if (oldfd == newfd)
		return REAL(dup2)(oldfd, newfd);
	int r = REAL(dup2)(oldfd, newfd);
	if (r >= 0 && !fake)
		shim_fd_forget(newfd);
	return fake ? dup_state(oldfd, r, &f, false) : r;
}

EXPORT int dup3(int oldfd, int newfd, int flags)
{
	struct shim_fd f;
	bool fake = shim_fd_get(oldfd, &f);
	int r = REAL(dup3)(oldfd, newfd, flags);
	if (r >= 0 && !fake)
		shim_fd_forget(newfd);
	return fake ? dup_state(oldfd, r, &f, flags & O_CLOEXEC) : r;
}

/* ---- ioctl ---- */

struct ioctl_ctx {
	struct shim_fd *f;
	unsigned long request;
	void *arg;
};

static long do_ioctl(struct scsi_transport *t, void *arg)
{
	struct ioctl_ctx *c = arg;
	return shim_ioctl(t, c->f, c->request, c->arg);
}

EXPORT int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	struct shim_fd f;
	if (!shim_fd_get(fd, &f))
		return REAL(ioctl)(fd, request, arg);
	struct ioctl_ctx c = {&f, request, arg};
	long r = shim_with_drive(do_ioctl, &c);
	shim_fd_put(fd, &f);
	if (r < 0)
		return fail((int)-r);
	return (int)r;
}

/* ---- fcntl ---- */

#define SETFL_MASK (O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK)

static int fcntl_common(int fd, int cmd, void *arg)
{
	struct shim_fd f;
	if (!shim_fd_get(fd, &f))
		return REAL(fcntl)(fd, cmd, arg);
	switch (cmd) {
	case F_GETFL:
		return f.flags & ~O_CLOEXEC;
	case F_SETFL: {
		int r = REAL(fcntl)(fd, cmd, arg);
		if (r < 0)
			return r;
		int nf = (int)(long)arg;
		f.flags = (f.flags & ~SETFL_MASK) | (nf & SETFL_MASK);
		shim_fd_put(fd, &f);
		return r;
	}
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_state(fd, REAL(fcntl)(fd, cmd, arg), &f,
				 cmd == F_DUPFD_CLOEXEC);
	}
	/* Locks (F_SETLK...), F_SETOWN, F_GETFD/F_SETFD: the memfd does
	 * them as the device node would. */
	return REAL(fcntl)(fd, cmd, arg);
}

EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg);
}

EXPORT int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_common(fd, cmd, arg);
}

/* ---- read ---- */

static ssize_t read_fake(const struct shim_fd *f)
{
	if (f->node == SHIM_NODE_SG) {
		/* No sg v3 replies are ever queued (SG_IO is synchronous):
		 * libusal's drain loop ends at once. */
		if (f->flags & O_NONBLOCK)
			return fail(EAGAIN);
		return 0;
	}
	/* Data sectors of /dev/sr0 are not modelled: an audio disc has
	 * none the block layer could read. */
	return fail(EIO);
}

EXPORT ssize_t read(int fd, void *buf, size_t n)
{
	struct shim_fd f;
	if (shim_fd_get(fd, &f))
		return read_fake(&f);
	return REAL(read)(fd, buf, n);
}

EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return read(fd, buf, n);
}

/* ---- the stat family ---- */

static int stat_node(enum shim_node n, struct stat *st)
{
	if (!st)
		return fail(EFAULT);
	shim_node_stat(n, st);
	return 0;
}

/*
 * A path of the drive's sysfs entries: its stat data in *st, the result
 * in *ret, and true.  A parent directory that exists for real (on a
 * machine with SCSI devices) is left to the real call.
 */
static bool sys_stat(int dirfd, const char *path, struct stat *st, int *ret)
{
	if (!path || (path[0] != '/' && dirfd != AT_FDCWD) || !shim_enabled())
		return false;
	enum shim_sys_kind k = shim_sys_lookup(path);
	if (k == SHIM_SYS_NONE)
		return false;
	if (k == SHIM_SYS_PARENT) {
		struct stat real_st;
		int saved = errno;
		if (REAL(stat)(path, &real_st) == 0 || errno != ENOENT) {
			errno = saved;
			return false;
		}
		errno = saved;
	}
	if (!st) {
		*ret = fail(EFAULT);
		return true;
	}
	shim_sys_stat(k, st);
	*ret = 0;
	return true;
}

/* /dev/scd0, the sr driver's old name: a symbolic link to sr0. */
static bool scd_link(const char *path)
{
	char buf[16];
	return node_of(path) == SHIM_NODE_SR && strlen(path) < sizeof(buf) &&
	       shim_path_normalise(path, buf, sizeof(buf)) &&
	       strcmp(buf, "/dev/scd0") == 0;
}

static int lstat_link(struct stat *st)
{
	if (!st)
		return fail(EFAULT);
	shim_node_stat(SHIM_NODE_SR, st);
	st->st_mode = S_IFLNK | 0777;
	st->st_rdev = 0;
	st->st_size = 3; /* "sr0" */
	st->st_ino = 4102;
	return 0;
}

/* fstatat/statx on the fd itself (AT_EMPTY_PATH with ""). */
static bool empty_path(const char *path)
{
	return !path || !*path;
}

static bool fd_node(int fd, enum shim_node *n)
{
	struct shim_fd f;
	if (!shim_fd_get(fd, &f))
		return false;
	*n = f.node;
	return true;
}

EXPORT int stat(const char *path, struct stat *st)
{
	int r;
	if (sys_stat(AT_FDCWD, path, st, &r))
		return r;
	enum shim_node n = node_of(path);
	return n ? stat_node(n, st) : REAL(stat)(path, st);
}

EXPORT int lstat(const char *path, struct stat *st)
{
	int r;
	if (sys_stat(AT_FDCWD, path, st, &r))
		return r;
	if (scd_link(path))
		return lstat_link(st);
	enum shim_node n = node_of(path);
	return n ? stat_node(n, st) : REAL(lstat)(path, st);
}

EXPORT int fstat(int fd, struct stat *st)
{
	enum shim_node n;
	return fd_node(fd, &n) ? stat_node(n, st) : REAL(fstat)(fd, st);
}

EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	enum shim_node n;
	if ((flags & AT_EMPTY_PATH) && empty_path(path) && fd_node(dirfd, &n))
		return stat_node(n, st);
	int r;
	if (sys_stat(dirfd, path, st, &r))
		return r;
	if ((flags & AT_SYMLINK_NOFOLLOW) && node_at(dirfd, path) &&
	    scd_link(path))
		return lstat_link(st);
	n = node_at(dirfd, path);
	return n ? stat_node(n, st) : REAL(fstatat)(dirfd, path, st, flags);
}

/* On LP64 glibc struct stat64 is struct stat. */
_Static_assert(sizeof(struct stat64) == sizeof(struct stat),
	       "struct stat64 differs from struct stat");

EXPORT int stat64(const char *path, struct stat64 *st)
{
	return stat(path, (struct stat *)st);
}

EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return lstat(path, (struct stat *)st);
}

EXPORT int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
	int r;
	if (sys_stat(AT_FDCWD, path, st, &r))
		return r;
	enum shim_node n = node_of(path);
	return n ? stat_node(n, st) : REAL(xstat)(ver, path, st);
}

EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
	int r;
	if (sys_stat(AT_FDCWD, path, st, &r))
		return r;
	if (scd_link(path))
		return lstat_link(st);
	enum shim_node n = node_of(path);
	return n ? stat_node(n, st) : REAL(lxstat)(ver, path, st);
}

EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
	enum shim_node n;
	return fd_node(fd, &n) ? stat_node(n, st) : REAL(fxstat)(ver, fd, st);
}

EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
		      int flags)
{
	int r;
	if (sys_stat(dirfd, path, st, &r))
		return r;
	if ((flags & AT_SYMLINK_NOFOLLOW) && node_at(dirfd, path) &&
	    scd_link(path))
		return lstat_link(st);
	enum shim_node n = node_at(dirfd, path);
	return n ? stat_node(n, st)
		 : REAL(fxstatat)(ver, dirfd, path, st, flags);
}

EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
	return __xstat(ver, path, (struct stat *)st);
}

EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	return __lxstat(ver, path, (struct stat *)st);
}

EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
	return __fxstat(ver, fd, (struct stat *)st);
}

EXPORT int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st,
			int flags)
{
	return __fxstatat(ver, dirfd, path, (struct stat *)st, flags);
}

static int statx_of(const struct stat *stp, struct statx *sx)
{
	if (!sx)
		return fail(EFAULT);
	struct stat st = *stp;
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS;
	sx->stx_blksize = (unsigned)st.st_blksize;
	sx->stx_nlink = (unsigned)st.st_nlink;
	sx->stx_uid = st.st_uid;
	sx->stx_gid = st.st_gid;
	sx->stx_mode = (unsigned short)st.st_mode;
	sx->stx_ino = st.st_ino;
	sx->stx_size = (uint64_t)st.st_size;
	sx->stx_blocks = 0;
	sx->stx_atime.tv_sec = st.st_atim.tv_sec;
	sx->stx_mtime.tv_sec = st.st_mtim.tv_sec;
	sx->stx_ctime.tv_sec = st.st_ctim.tv_sec;
	sx->stx_rdev_major = major(st.st_rdev);
	sx->stx_rdev_minor = minor(st.st_rdev);
	sx->stx_dev_major = major(st.st_dev);
	sx->stx_dev_minor = minor(st.st_dev);
	return 0;
}

EXPORT int statx(int dirfd, const char *path, int flags, unsigned mask,
		 struct statx *sx)
{
	enum shim_node n;
	struct stat st;
	int r;
	(void)mask; /* every basic field is filled */
	if ((flags & AT_EMPTY_PATH) && empty_path(path) && fd_node(dirfd, &n)) {
		shim_node_stat(n, &st);
		return statx_of(&st, sx);
	}
	if (sys_stat(dirfd, path, &st, &r))
		return r ? r : statx_of(&st, sx);
	if ((flags & AT_SYMLINK_NOFOLLOW) && node_at(dirfd, path) &&
	    scd_link(path)) {
		lstat_link(&st);
		return statx_of(&st, sx);
	}
	n = node_at(dirfd, path);
	if (!n)
		return REAL(statx)(dirfd, path, flags, mask, sx);
	shim_node_stat(n, &st);
	return statx_of(&st, sx);
}

/* ---- access, readlink, realpath ---- */

/* access() to a fake sysfs path: reading and searching only. */
static bool sys_access(int dirfd, const char *path, int mode, int *ret)
{
	struct stat st;
	if (!sys_stat(dirfd, path, &st, ret))
		return false;
	if (*ret == 0 && (mode & W_OK))
		*ret = fail(EACCES);
	return true;
}

EXPORT int access(const char *path, int mode)
{
	int r;
	if (sys_access(AT_FDCWD, path, mode, &r))
		return r;
	return node_of(path) ? 0 : REAL(access)(path, mode);
}

EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	int r;
	if (sys_access(dirfd, path, mode, &r))
		return r;
	return node_at(dirfd, path) ? 0
				    : REAL(faccessat)(dirfd, path, mode, flags);
}

EXPORT ssize_t readlink(const char *path, char *buf, size_t n)
{
	if (scd_link(path)) {
		size_t k = n < 3 ? n : 3;
		memcpy(buf, "sr0", k);
		return (ssize_t)k;
	}
	if (node_of(path))
		return fail(EINVAL); /* a node, not a symbolic link */
	return REAL(readlink)(path, buf, n);
}

EXPORT char *realpath(const char *path, char *resolved)
{
	enum shim_node n = node_of(path);
	if (!n)
		return REAL(realpath)(path, resolved);
	/* /dev/scd0 is a link to sr0, as udev made it */
	char full[16];
	snprintf(full, sizeof(full), "/dev/%s", shim_node_name(n));
	if (resolved) {
		strcpy(resolved, full);
		return resolved;
	}
	return strdup(full);
}

/*
 * ---- listings: sr0 and sg0 appear in /dev after the real entries, the
 * drive's sysfs entries in their directories (a directory that does not
 * exist for real lists them alone) ----
 */

#define SHIM_MAX_DIRS 16
#define SHIM_MAX_EXTRA 8

static pthread_mutex_t dir_lock = PTHREAD_MUTEX_INITIALIZER;
/* dir_lock protects dirs[]: the open listings that get fake entries, the
 * names to add and how many of them each has returned. */
static struct {
	DIR *dir;
	bool hide_real; /* a directory only the shim has */
	unsigned n, emitted;
	const char *names[SHIM_MAX_EXTRA];
	unsigned char types[SHIM_MAX_EXTRA]; /* DT_* */
	bool seen[SHIM_MAX_EXTRA]; /* the real directory has it itself */
	struct dirent64 ent;
} dirs[SHIM_MAX_DIRS];

static bool is_dev_dir(const char *path)
{
	char buf[16];
	return path && path[0] == '/' && strlen(path) < sizeof(buf) &&
	       shim_path_normalise(path, buf, sizeof(buf)) &&
	       strcmp(buf, "/dev") == 0;
}

static void track_dir(DIR *d, bool hide_real, const char **names,
		      const unsigned char *types, unsigned n)
{
	pthread_mutex_lock(&dir_lock);
	for (int i = 0; i < SHIM_MAX_DIRS; i++) {
		if (!dirs[i].dir) {
			memset(&dirs[i], 0, sizeof(dirs[i]));
			dirs[i].dir = d;
			dirs[i].hide_real = hide_real;
			dirs[i].n = n;
			memcpy(dirs[i].names, names, n * sizeof(*names));
			memcpy(dirs[i].types, types, n);
			break;
		}
	}
	pthread_mutex_unlock(&dir_lock);
}

EXPORT DIR *opendir(const char *path)
{
	enum shim_sys_kind k =
	    shim_enabled() ? shim_sys_lookup(path) : SHIM_SYS_NONE;
	if (k == SHIM_SYS_DIR || k == SHIM_SYS_PARENT) {
		const char *names[SHIM_MAX_EXTRA];
		unsigned char types[SHIM_MAX_EXTRA];
		unsigned n = shim_sys_children(path, names, SHIM_MAX_EXTRA);
		for (unsigned i = 0; i < n; i++) {
			char child[160];
			snprintf(child, sizeof(child), "%s/%s", path, names[i]);
			types[i] = shim_sys_lookup(child) == SHIM_SYS_FILE
				       ? DT_REG
				       : DT_DIR;
		}
		int saved = errno;
		DIR *d = k == SHIM_SYS_PARENT ? REAL(opendir)(path) : NULL;
		bool hide = !d;
		if (!d) /* a real directory whose entries are all hidden */
			d = REAL(opendir)("/");
		if (d) {
			errno = saved;
			track_dir(d, hide, names, types, n);
		}
		return d;
	}
	DIR *d = REAL(opendir)(path);
	if (!d || !shim_enabled() || !is_dev_dir(path))
		return d;
	const char *dev[2] = {shim_node_name(SHIM_NODE_SR),
			      shim_node_name(SHIM_NODE_SG)};
	const unsigned char dev_types[2] = {DT_BLK, DT_CHR};
	track_dir(d, false, dev, dev_types, 2);
	return d;
}

/*
 * What readdir returns for a tracked listing: for a real entry (real_name
 * set), whether to hide it (*hide) and, for a real one that is also a
 * fake name, a note not to repeat it; past the real entries (real_name
 * NULL), the next fake entry or NULL.
 */
static struct dirent64 *fake_entry(DIR *d, const char *real_name, bool *hide)
{
	struct dirent64 *out = NULL;
	*hide = false;
	pthread_mutex_lock(&dir_lock);
	for (int i = 0; i < SHIM_MAX_DIRS; i++) {
		if (dirs[i].dir != d)
			continue;
		if (real_name) {
			*hide = dirs[i].hide_real;
			for (unsigned k = 0; k < dirs[i].n; k++)
				if (strcmp(real_name, dirs[i].names[k]) == 0)
					dirs[i].seen[k] = true;
			break;
		}
		while (dirs[i].emitted < dirs[i].n &&
		       dirs[i].seen[dirs[i].emitted])
			dirs[i].emitted++;
		if (dirs[i].emitted >= dirs[i].n)
			break;
		unsigned k = dirs[i].emitted++;
		const char *name = dirs[i].names[k];
		struct dirent64 *e = &dirs[i].ent;
		memset(e, 0, sizeof(*e));
		e->d_ino = 4100 + k;
		e->d_off = 0;
		e->d_reclen = sizeof(*e);
		e->d_type = dirs[i].types[k];
		snprintf(e->d_name, sizeof(e->d_name), "%s", name);
		out = e;
		break;
	}
	pthread_mutex_unlock(&dir_lock);
	return out;
}

_Static_assert(sizeof(struct dirent64) == sizeof(struct dirent),
	       "struct dirent64 differs from struct dirent");

EXPORT struct dirent *readdir(DIR *d)
{
	int saved = errno;
	bool hide;
	struct dirent *e;
	while ((e = REAL(readdir)(d))) {
		fake_entry(d, e->d_name, &hide);
		if (!hide)
			return e;
	}
	struct dirent64 *f = fake_entry(d, NULL, &hide);
	if (f)
		errno = saved;
	return f ? (struct dirent *)f : NULL;
}

EXPORT struct dirent64 *readdir64(DIR *d)
{
	int saved = errno;
	bool hide;
	struct dirent64 *e;
	while ((e = REAL(readdir64)(d))) {
		fake_entry(d, e->d_name, &hide);
		if (!hide)
			return e;
	}
	struct dirent64 *f = fake_entry(d, NULL, &hide);
	if (f)
		errno = saved;
	return f;
}

EXPORT int closedir(DIR *d)
{
	pthread_mutex_lock(&dir_lock);
	for (int i = 0; i < SHIM_MAX_DIRS; i++)
		if (dirs[i].dir == d)
			dirs[i].dir = NULL;
	pthread_mutex_unlock(&dir_lock);
	return REAL(closedir)(d);
}
