/*
 * main.c - the burnfs executable: parses the options, opens the drives
 * (virtual recorders, and real ones through the SG_IO transport), sets up
 * the spool, mounts the filesystem (fuse_ops.c, libfuse's low-level
 * session) and, at unmount, stops a running burn cleanly before freeing
 * everything.
 *
 * The loop configuration (the number of worker threads and of idle ones,
 * as -o max_threads / max_idle_threads give them) is libfuse 3.12's API,
 * the FUSE_USE_VERSION meson sets for every file.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"
#include "drive.h"
#include "drive_log.h"
#include "fuse_ops.h"
#include "mount_policy.h"
#include "names.h"
#include "notify_sender.h"
#include "options.h"
#include "spool.h"

/* The single place where a real drive is opened. */
static struct scsi_transport *open_real_drive(const char *path, char *err,
					      size_t err_len)
{
	return recorder_open_device(path, err, err_len);
}

static int add_drive(struct burnfs *fs, const char *name,
		     struct scsi_transport *t, const char *spool)
{
	char err[512] = "";
	if (!names_is_valid(name) || name[0] == '.' ||
	    strcmp(name, "tracks") == 0) {
		fprintf(stderr, "burnfs: %s: not a usable drive name\n", name);
		recorder_transport_close(t);
		return -1;
	}
	for (size_t i = 0; i < fs->n_drives; i++) {
		if (strcmp(drive_name(fs->drives[i]), name) == 0) {
			fprintf(stderr, "burnfs: two drives named %s\n", name);
			recorder_transport_close(t);
			return -1;
		}
	}
	struct drive **nd =
	    realloc(fs->drives, (fs->n_drives + 1) * sizeof(*nd));
	if (!nd) {
		fprintf(stderr, "burnfs: out of memory\n");
		recorder_transport_close(t);
		return -1;
	}
	fs->drives = nd;
	struct drive *d = drive_new(name, t, spool, err, sizeof(err));
	if (!d) {
		fprintf(stderr, "burnfs: %s: %s\n", name, err);
		return -1;
	}
	fs->drives[fs->n_drives++] = d;
	return 0;
}

/* A real drive's directory is named after its kernel name ("sr0"). */
static int add_real_drive(struct burnfs *fs, const char *device,
			  struct scsi_transport *t, const char *spool)
{
	char path[PATH_MAX];
	struct stat st;
	bool have_group = stat(device, &st) == 0;
	snprintf(path, sizeof(path), "%s", device);
	if (add_drive(fs, basename(path), t, spool) < 0)
		return -1;
	/* Whoever may use the device (its group, e.g. cdrom) may burn. */
	if (have_group)
		drive_set_group(fs->drives[fs->n_drives - 1], st.st_gid);
	return 0;
}

/*
 * Without --drive: every CD recorder libcdio finds.  A recorder that
 * cannot be opened (no permission, busy) is reported and left out.
 */
static int open_discovered_drives(struct burnfs *fs, const char *spool)
{
	char **found = discover_recorders();
	if (!found) {
		fprintf(stderr, "burnfs: out of memory\n");
		return -1;
	}
	int rc = 0;
	for (char **p = found; *p && rc == 0; p++) {
		char err[512] = "";
		struct scsi_transport *t =
		    open_real_drive(*p, err, sizeof(err));
		if (!t) {
			fprintf(stderr, "burnfs: %s: left out: %s\n", *p, err);
			continue;
		}
		rc = add_real_drive(fs, *p, t, spool);
	}
	discover_free(found);
	return rc;
}

static int open_drives(struct burnfs *fs, const struct burnfs_options *o,
		       const char *spool)
{
	char err[512];
	for (size_t i = 0; i < o->n_virtuals; i++) {
		char name[64];
		err[0] = '\0';
		struct scsi_transport *t = recorder_open_virtual(
		    o->virtuals[i], name, sizeof(name), err, sizeof(err));
		if (!t && !name[0]) {
			fprintf(stderr, "burnfs: --virtual=%s: %s\n",
				o->virtuals[i], err);
			return -1;
		}
		if (!t) {
			fprintf(stderr, "burnfs: virtual recorder %s: %s\n",
				name, err);
			return -1;
		}
		if (add_drive(fs, name, t, spool) < 0)
			return -1;
	}
	for (size_t i = 0; i < o->n_drives; i++) {
		err[0] = '\0';
		struct scsi_transport *t =
		    open_real_drive(o->drives[i], err, sizeof(err));
		if (!t) {
			fprintf(stderr, "burnfs: --drive=%s: %s\n",
				o->drives[i], err);
			return -1;
		}
		if (add_real_drive(fs, o->drives[i], t, spool) < 0)
			return -1;
	}
	if (o->n_drives == 0 && open_discovered_drives(fs, spool) < 0)
		return -1;
	if (fs->n_drives == 0) {
		fprintf(
		    stderr,
		    "burnfs: no CD recorder found: give --drive=/dev/srN or "
		    "--virtual=NAME:IMAGE (see burnfs --help)\n");
		return -1;
	}
	return 0;
}

/*
 * Checks the mount point before anything is opened; *foreground gets
 * whether burnfs stays in the foreground (-f, -d).
 */
static int check_mountpoint(struct fuse_args *args, bool *foreground)
{
	struct fuse_args copy = FUSE_ARGS_INIT(0, NULL);
	struct fuse_cmdline_opts c;
	int rc = -1;
	for (int i = 0; i < args->argc; i++)
		if (fuse_opt_add_arg(&copy, args->argv[i]) < 0)
			goto out;
	memset(&c, 0, sizeof(c));
	if (fuse_parse_cmdline(&copy, &c) < 0)
		goto out;
	*foreground = c.foreground;
	if (!c.mountpoint) {
		fprintf(stderr, "burnfs: no mount point given\n"
				"usage: burnfs [OPTIONS] MOUNTPOINT "
				"(see burnfs --help)\n");
	} else {
		struct stat st;
		if (stat(c.mountpoint, &st) < 0)
			fprintf(stderr, "burnfs: mount point %s: %s\n",
				c.mountpoint, strerror(errno));
		else if (!S_ISDIR(st.st_mode))
			fprintf(stderr,
				"burnfs: mount point %s is not a directory\n",
				c.mountpoint);
		else
			rc = 0;
	}
	free(c.mountpoint);
out:
	fuse_opt_free_args(&copy);
	return rc;
}

/* True when a -o option list among the FUSE arguments names key=... */
static bool fuse_option_given(const struct fuse_args *args, const char *key)
{
	size_t kl = strlen(key);
	for (int i = 1; i < args->argc; i++) {
		const char *a = args->argv[i];
		if (strcmp(a, "-o") == 0 && i + 1 < args->argc)
			a = args->argv[++i];
		else if (strncmp(a, "-o", 2) == 0)
			a += 2;
		else
			continue;
		for (const char *p = a; p; p = strchr(p, ',')) {
			p += *p == ',';
			if (strncmp(p, key, kl) == 0 && p[kl] == '=')
				return true;
		}
	}
	return false;
}

/*
 * libfuse 3.14 parses an unlimited number of idle threads (-1) by
 * default, which its loop configuration refuses with "Ignoring invalid
 * max threads value" at every mount.  Ten, libfuse's default for the
 * number of threads, keeps the same behaviour without the message.
 */
static int quiet_idle_threads_default(struct fuse_args *args)
{
	if (fuse_option_given(args, "max_idle_threads"))
		return 0;
	return fuse_opt_add_arg(args, "-omax_idle_threads=10");
}

/* Exit statuses, as libfuse's fuse_main gives them. */
enum {
	EXIT_NO_SESSION = 3,
	EXIT_NO_MOUNT = 4,
	EXIT_NO_DAEMON = 5,
	EXIT_NO_SIGNALS = 6,
	EXIT_NO_LOOP = 7,
	EXIT_LOOP_FAILED = 8,
};

/* The session's worker threads as the command line asks for them. */
static int run_loop(struct fuse_session *se, const struct fuse_cmdline_opts *c)
{
	if (c->singlethread)
		return fuse_session_loop(se) ? EXIT_LOOP_FAILED : 0;
	struct fuse_loop_config *cfg = fuse_loop_cfg_create();
	if (!cfg)
		return EXIT_NO_LOOP;
	fuse_loop_cfg_set_clone_fd(cfg, (unsigned)c->clone_fd);
	fuse_loop_cfg_set_idle_threads(cfg, c->max_idle_threads);
	fuse_loop_cfg_set_max_threads(cfg, c->max_threads);
	int rc = fuse_session_loop_mt(se, cfg) ? EXIT_LOOP_FAILED : 0;
	fuse_loop_cfg_destroy(cfg);
	return rc;
}

/*
 * Mounts and serves until unmounted; then stops a running burn cleanly.
 * Returns the exit status.
 */
static int serve(struct burnfs *fs, struct fuse_args *args,
		 struct notify_sender *notes)
{
	struct fuse_cmdline_opts c;
	struct fuse_session *se = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	if (fuse_parse_cmdline(args, &c) != 0)
		return 1;
	if (burnfs_fuse_setup(fs) < 0) {
		fprintf(stderr, "burnfs: out of memory\n");
		rc = 1;
		goto out;
	}
	se = fuse_session_new(args, &burnfs_ll_ops, sizeof(burnfs_ll_ops), fs);
	if (!se) {
		rc = EXIT_NO_SESSION;
		goto out;
	}
	if (fuse_session_mount(se, c.mountpoint) != 0) {
		rc = EXIT_NO_MOUNT;
		goto out;
	}
	if (fuse_daemonize(c.foreground) != 0) {
		rc = EXIT_NO_DAEMON;
		goto unmount;
	}
	if (fuse_set_signal_handlers(se) != 0) {
		rc = EXIT_NO_SIGNALS;
		goto unmount;
	}
	/* After fuse_daemonize: a thread started before would stay behind
	 * in the parent. */
	rc = notify_sender_start(notes);
	if (rc < 0) {
		fprintf(stderr, "burnfs: cannot start a thread: %s\n",
			strerror(-rc));
		rc = EXIT_NO_LOOP;
		goto signals;
	}
	rc = burnfs_fuse_start(fs, se, c.mountpoint);
	if (rc < 0) {
		fprintf(stderr, "burnfs: cannot start a thread: %s\n",
			strerror(-rc));
		rc = EXIT_NO_LOOP;
	} else {
		rc = run_loop(se, &c);
	}
	/* No thread of burnfs calls on the mount from now on. */
	burnfs_fuse_unmounting(fs);
      signals:
	fuse_remove_signal_handlers(se);
unmount:
	fuse_session_unmount(se);
out:
	/* Unmounted: stop a running burn cleanly before going away. */
	for (size_t i = 0; i < fs->n_drives; i++)
		drive_shutdown(fs->drives[i]);
	burnfs_fuse_stop(fs);
	if (se)
		fuse_session_destroy(se);
	burnfs_fuse_free(fs);
	free(c.mountpoint);
	return rc;
}

int main(int argc, char *argv[])
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct burnfs_options o;
	struct burnfs fs;
	struct notify_sender *notes = NULL;
	char spool[PATH_MAX], err[512];
	int rc = 1;

	memset(&fs, 0, sizeof(fs));
	if (burnfs_options_parse(&args, &o) < 0) {
		fuse_opt_free_args(&args);
		return 1;
	}
	if (o.help) {
		burnfs_options_usage(argv[0]);
		printf("FUSE options:\n");
		fuse_cmdline_help();
		fuse_lowlevel_help();
		rc = 0;
		goto out;
	}
	if (o.version) {
		printf("burnfs %s (libfuse %s)\n", BURNFS_VERSION,
		       fuse_pkgversion());
		rc = 0;
		goto out;
	}
	bool foreground = false;
	if (check_mountpoint(&args, &foreground) < 0)
		goto out;
	/* In the foreground every log line also goes to stderr, from the
	 * first one (the spool's notes at start-up) on. */
	drive_log_echo_stderr = foreground;
	if (mount_policy_apply(&args) < 0 ||
	    quiet_idle_threads_default(&args) < 0) {
		fprintf(stderr, "burnfs: out of memory\n");
		goto out;
	}
	if (o.spool) {
		snprintf(spool, sizeof(spool), "%s", o.spool);
	} else if (spool_default_dir(spool, sizeof(spool)) < 0) {
		fprintf(stderr,
			"burnfs: no spool directory: set "
			"XDG_STATE_HOME or HOME, or give --spool=DIR\n");
		goto out;
	}
	if (spool_make_dir(spool, err, sizeof(err)) < 0) {
		fprintf(stderr, "burnfs: spool: %s\n", err);
		goto out;
	}
	if (open_drives(&fs, &o, spool) < 0)
		goto out;
	/* Desktop notifications, unless turned off; without a session bus
	 * (the system unit) the sender says nothing. */
	if (!o.no_notify) {
		notes = notify_sender_new();
		if (!notes) {
			fprintf(stderr, "burnfs: out of memory\n");
			goto out;
		}
		for (size_t i = 0; i < fs.n_drives; i++)
			drive_set_notifier(fs.drives[i], notes);
	}

	fs.spool_dir = spool; /* the trash's info files (fuse_trash.c) */
	clock_gettime(CLOCK_REALTIME, &fs.mount_time);
	fs.uid = getuid();
	fs.gid = getgid();
	fs.set_uid = o.set_uid;
	fs.show_uid = o.uid;
	fs.set_gid = o.set_gid;
	fs.show_gid = o.gid;
	fs.set_mode = o.set_mode;
	fs.umask = o.umask;
	rc = serve(&fs, &args, notes);
out:
	/* The drives forget the sender, which sends what is still queued
	 * and stops; before the drives it may compose for are freed. */
	for (size_t i = 0; notes && i < fs.n_drives; i++)
		drive_set_notifier(fs.drives[i], NULL);
	notify_sender_free(notes);
	for (size_t i = 0; i < fs.n_drives; i++)
		drive_free(fs.drives[i]);
	free(fs.drives);
	burnfs_options_free(&o);
	fuse_opt_free_args(&args);
	return rc;
}
