/*
 * test_fs_policy.c - fs/mount_policy.c: allow_other found in the FUSE
 * arguments however it is written (so that default_permissions is
 * forced), and the spool directory made private.
 */
#include <errno.h>
#include <fuse_opt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "mount_policy.h"
#include "spool.h"

static bool wants(const char *a, const char *b, const char *c)
{
	char prog[] = "burnfs";
	char *argv[] = {prog, a ? strdupa(a) : NULL, b ? strdupa(b) : NULL,
			c ? strdupa(c) : NULL, NULL};
	int argc = 1 + (a != NULL) + (b != NULL) + (c != NULL);
	return mount_policy_wants_allow_other(argc, argv);
}

static void test_allow_other(void)
{
	CHECK(wants("-o", "allow_other", NULL));
	CHECK(wants("-oallow_other", NULL, NULL));
	CHECK(wants("-o", "ro,allow_other,fsname=x", NULL));
	CHECK(wants("-f", "-oallow_root,allow_other", "/mnt"));
	CHECK(!wants("-o", "allow_root", NULL));
	CHECK(!wants("-o", "allow_otherwise", NULL));
	CHECK(!wants("allow_other", NULL, NULL)); /* a mount point name */
	CHECK(!wants("-o", NULL, NULL));
	CHECK(!wants("-f", "/mnt", NULL));

	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	CHECK(fuse_opt_add_arg(&args, "burnfs") == 0);
	CHECK(fuse_opt_add_arg(&args, "-oallow_other") == 0);
	CHECK(mount_policy_apply(&args) == 0);
	CHECK(args.argc == 3 &&
	      strcmp(args.argv[2], "-odefault_permissions") == 0);
	fuse_opt_free_args(&args);

	struct fuse_args none = FUSE_ARGS_INIT(0, NULL);
	CHECK(fuse_opt_add_arg(&none, "burnfs") == 0);
	CHECK(mount_policy_apply(&none) == 0);
	CHECK(none.argc == 1);
	fuse_opt_free_args(&none);
}

static void test_private_dir(void)
{
	char dir[] = "/tmp/burnfs-policy-XXXXXX", err[256];
	CHECK(mkdtemp(dir) != NULL);
	CHECK(chmod(dir, 0755) == 0);
	CHECK(spool_private_dir(dir, geteuid(), err, sizeof(err)) == 0);
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(spool_private_dir(dir, geteuid() + 1, err, sizeof(err)) ==
	      -EPERM);
	CHECK(strstr(err, "belongs to uid") != NULL);
	CHECK(spool_private_dir("/nonexistent/burnfs", geteuid(), err,
				sizeof(err)) == -ENOENT);
	CHECK(rmdir(dir) == 0);
}

int main(void)
{
	test_allow_other();
	test_private_dir();
	return check_finish();
}
