/*
 * shim_sysfs_libc.c - the libc functions through which programs read the
 * drive's sysfs entries (shim_sysfs.c) that glibc does not route through
 * the interposed open/opendir: fopen (glibc opens internally) and glob
 * (glibc lists directories internally).  cdrdao's scanbus globs
 * /sys/bus/scsi/devices/ and fopens each device's type, vendor, model and
 * rev.  Also the descriptor behind an attribute (shim_sys_open), used by
 * open() in shim_libc.c as well.  Every other path passes through.
 */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim.h"

#define EXPORT __attribute__((visibility("default")))

FILE *fopen64(const char *path, const char *mode);
int glob64(const char *pattern, int flags, int (*errfunc)(const char *, int),
	   glob64_t *g);

static struct {
	FILE *(*fopen)(const char *, const char *);
	int (*glob)(const char *, int, int (*)(const char *, int), glob_t *);
} real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
	*(void **)&real.fopen = dlsym(RTLD_NEXT, "fopen");
	*(void **)&real.glob = dlsym(RTLD_NEXT, "glob");
}

static long inquiry(struct scsi_transport *t, void *buf)
{
	const uint8_t cdb[6] = {0x12, 0, 0, 0, 36, 0};
	return shim_run(t, cdb, sizeof(cdb), buf, 36, NULL) == 0 ? 0 : -EIO;
}

int shim_sys_open(const char *path, int flags)
{
	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	uint8_t inq[36];
	memset(inq, 0, sizeof(inq));
	long r = shim_with_drive(inquiry, inq);
	if (r < 0)
		return (int)r;
	char text[64];
	int n = shim_sys_render(path, inq, text, sizeof(text));
	if (n < 0)
		return -ENOENT;
	int fd =
	    memfd_create("burnfs-sysfs", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)n) != n || lseek(fd, 0, SEEK_SET) != 0) {
		int e = errno ? errno : EIO;
		close(fd);
		return -e;
	}
	return fd;
}

static bool sys_file(const char *path)
{
	return path && shim_enabled() && shim_sys_lookup(path) == SHIM_SYS_FILE;
}

static FILE *fopen_sys(const char *path, const char *mode)
{
	if (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+')) {
		errno = EACCES;
		return NULL;
	}
	int fd = shim_sys_open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

EXPORT FILE *fopen(const char *path, const char *mode)
{
	if (sys_file(path))
		return fopen_sys(path, mode);
	pthread_once(&real_once, resolve);
	if (!real.fopen) {
		errno = ENOSYS;
		return NULL;
	}
	return real.fopen(path, mode);
}

EXPORT FILE *fopen64(const char *path, const char *mode)
{
	return fopen(path, mode);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool listed(const glob_t *g, const char *path)
{
	for (size_t i = 0; i < g->gl_pathc; i++) {
		size_t n = strlen(path);
		const char *p = g->gl_pathv[i];
		if (strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

/* Adds the fake sysfs paths matching pattern to g (0 or GLOB_NOSPACE). */
static int add_fake(const char *pattern, int flags, glob_t *g, size_t *added)
{
	*added = 0;
	for (unsigned i = 0; shim_sys_path(i); i++) {
		const char *p = shim_sys_path(i);
		enum shim_sys_kind k = shim_sys_lookup(p);
		if (fnmatch(pattern, p, FNM_PATHNAME | FNM_PERIOD) != 0)
			continue;
		if ((flags & GLOB_ONLYDIR) && k == SHIM_SYS_FILE)
			continue;
		if (listed(g, p))
			continue; /* the real one (a parent that exists) */
		char **v = realloc(g->gl_pathv,
				   (g->gl_pathc + 2) * sizeof(*g->gl_pathv));
		if (!v)
			return GLOB_NOSPACE;
		g->gl_pathv = v;
		bool mark = (flags & GLOB_MARK) && k != SHIM_SYS_FILE;
		char *s = malloc(strlen(p) + 2);
		if (!s)
			return GLOB_NOSPACE;
		strcpy(s, p);
		if (mark)
			strcat(s, "/");
		v[g->gl_pathc++] = s;
		v[g->gl_pathc] = NULL;
		(*added)++;
	}
	if (*added && !(flags & GLOB_NOSORT))
		qsort(g->gl_pathv, g->gl_pathc, sizeof(*g->gl_pathv), by_name);
	return 0;
}

EXPORT int glob(const char *pattern, int flags,
		int (*errfunc)(const char *, int), glob_t *g)
{
	pthread_once(&real_once, resolve);
	if (!real.glob)
		return GLOB_ABORTED;
	/* Only plain globs of /sys: appending and offsets pass through. */
	bool ours = shim_enabled() && pattern && g &&
		    strncmp(pattern, "/sys/", 5) == 0 &&
		    !(flags & (GLOB_APPEND | GLOB_DOOFFS | GLOB_ALTDIRFUNC |
			       GLOB_NOCHECK));
	int r = real.glob(pattern, flags, errfunc, g);
	if (!ours || (r != 0 && r != GLOB_NOMATCH))
		return r;
	if (r == GLOB_NOMATCH) {
		g->gl_pathc = 0;
		g->gl_pathv = NULL;
		g->gl_offs = 0;
	}
	size_t added;
	int e = add_fake(pattern, flags, g, &added);
	if (e)
		return e;
	return g->gl_pathc ? 0 : GLOB_NOMATCH;
}

/* On LP64 glibc glob64_t is glob_t with other function pointer types. */
_Static_assert(sizeof(glob64_t) == sizeof(glob_t), "glob64_t differs");

EXPORT int glob64(const char *pattern, int flags,
		  int (*errfunc)(const char *, int), glob64_t *g)
{
	return glob(pattern, flags, errfunc, (glob_t *)g);
}
