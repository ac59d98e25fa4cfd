/*
 * shim_xattr_libc.c - extended attributes of the fake device nodes.
 * /dev/sr0, /dev/sg0 and the link /dev/scd0 do not exist on the real
 * filesystem, so the real getxattr family would answer ENOENT for them,
 * and `ls -l` (which asks for "security.selinux" and the ACLs) would
 * print "No such file or directory" under its listing.  A device node on
 * devtmpfs without SELinux has no attributes: getxattr answers ENODATA
 * and listxattr an empty list.  Every other path and fd passes through.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/xattr.h>

#include "shim.h"

#define EXPORT __attribute__((visibility("default")))

static struct {
	ssize_t (*getxattr)(const char *, const char *, void *, size_t);
	ssize_t (*lgetxattr)(const char *, const char *, void *, size_t);
	ssize_t (*fgetxattr)(int, const char *, void *, size_t);
	ssize_t (*listxattr)(const char *, char *, size_t);
	ssize_t (*llistxattr)(const char *, char *, size_t);
	ssize_t (*flistxattr)(int, char *, size_t);
} real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
	*(void **)&real.getxattr = dlsym(RTLD_NEXT, "getxattr");
	*(void **)&real.lgetxattr = dlsym(RTLD_NEXT, "lgetxattr");
	*(void **)&real.fgetxattr = dlsym(RTLD_NEXT, "fgetxattr");
	*(void **)&real.listxattr = dlsym(RTLD_NEXT, "listxattr");
	*(void **)&real.llistxattr = dlsym(RTLD_NEXT, "llistxattr");
	*(void **)&real.flistxattr = dlsym(RTLD_NEXT, "flistxattr");
}

static bool fake_path(const char *path)
{
	return shim_enabled() && shim_node_of_path(path) != SHIM_NODE_NONE;
}

static ssize_t none(int e)
{
	errno = e;
	return -1;
}

static ssize_t missing(void)
{
	return none(ENOSYS);
}

EXPORT ssize_t getxattr(const char *path, const char *name, void *value,
			size_t size)
{
	if (fake_path(path))
		return none(ENODATA);
	pthread_once(&real_once, resolve);
	return real.getxattr ? real.getxattr(path, name, value, size)
			     : missing();
}

EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value,
			 size_t size)
{
	if (fake_path(path))
		return none(ENODATA);
	pthread_once(&real_once, resolve);
	return real.lgetxattr ? real.lgetxattr(path, name, value, size)
			      : missing();
}

EXPORT ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
	if (shim_fd_is_fake(fd))
		return none(ENODATA);
	pthread_once(&real_once, resolve);
	return real.fgetxattr ? real.fgetxattr(fd, name, value, size)
			      : missing();
}

EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	if (fake_path(path))
		return 0;
	pthread_once(&real_once, resolve);
	return real.listxattr ? real.listxattr(path, list, size) : missing();
}

EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	if (fake_path(path))
		return 0;
	pthread_once(&real_once, resolve);
	return real.llistxattr ? real.llistxattr(path, list, size) : missing();
}

EXPORT ssize_t flistxattr(int fd, char *list, size_t size)
{
	if (shim_fd_is_fake(fd))
		return 0;
	pthread_once(&real_once, resolve);
	return real.flistxattr ? real.flistxattr(fd, list, size) : missing();
}
