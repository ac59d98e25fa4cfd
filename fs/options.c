/*
 * options.c - burnfs's command-line options (see options.h).
 */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	KEY_VIRTUAL,
	KEY_VIRTUAL_KEY, /* -o media=... after -o virtual=... */
	KEY_DRIVE,
	KEY_SPOOL,
	KEY_NO_NOTIFY,
	KEY_HELP,
	KEY_VERSION,
	KEY_UID,
	KEY_GID,
	KEY_UMASK,
};

/*
 * Non-option arguments are held back from libfuse while parsing: burnfs
 * takes "[SOURCE] MOUNTPOINT".  SOURCE is what mount(8) and /etc/fstab
 * pass first ("none", "burnfs"); it names nothing and is ignored.
 */
struct parse_ctx {
	struct burnfs_options *o;
	char *positional[3];
	int n_positional;
};

static const struct fuse_opt spec[] = {
    FUSE_OPT_KEY("--virtual=", KEY_VIRTUAL),
    FUSE_OPT_KEY("virtual=", KEY_VIRTUAL),
    FUSE_OPT_KEY("media=", KEY_VIRTUAL_KEY),
    FUSE_OPT_KEY("speed=", KEY_VIRTUAL_KEY),
    FUSE_OPT_KEY("pace=", KEY_VIRTUAL_KEY),
    FUSE_OPT_KEY("buffer=", KEY_VIRTUAL_KEY),
    FUSE_OPT_KEY("--drive=", KEY_DRIVE),
    FUSE_OPT_KEY("drive=", KEY_DRIVE),
    FUSE_OPT_KEY("--spool=", KEY_SPOOL),
    FUSE_OPT_KEY("spool=", KEY_SPOOL),
    FUSE_OPT_KEY("--no-notify", KEY_NO_NOTIFY),
    FUSE_OPT_KEY("nonotify", KEY_NO_NOTIFY),
    FUSE_OPT_KEY("--help", KEY_HELP),
    FUSE_OPT_KEY("-h", KEY_HELP),
    FUSE_OPT_KEY("--version", KEY_VERSION),
    FUSE_OPT_KEY("-V", KEY_VERSION),
    FUSE_OPT_KEY("uid=", KEY_UID),
    FUSE_OPT_KEY("gid=", KEY_GID),
    FUSE_OPT_KEY("umask=", KEY_UMASK),
    /* libfuse's high-level tuning options: burnfs decides these itself. */
    FUSE_OPT_KEY("hard_remove", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("use_ino", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("readdir_ino", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("direct_io", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("kernel_cache", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("auto_cache", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("noauto_cache", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("entry_timeout=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("attr_timeout=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("ac_attr_timeout=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("negative_timeout=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("noforget", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("remember=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("intr", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("intr_signal=", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_KEY("no_rofd_flush", FUSE_OPT_KEY_DISCARD),
    FUSE_OPT_END,
};

static int push(char ***list, size_t *n, const char *value)
{
	char **nl = realloc(*list, (*n + 1) * sizeof(*nl));
	if (!nl)
		return -1;
	*list = nl;
	nl[*n] = strdup(value);
	if (!nl[*n])
		return -1;
	(*n)++;
	return 0;
}

static const char *value_of(const char *arg)
{
	const char *eq = strchr(arg, '=');
	return eq ? eq + 1 : "";
}

/* The number in key=value (base 10, or 8 for umask).  0 or -1. */
static int number_of(const char *arg, int base, unsigned long max,
		     unsigned long *out)
{
	const char *v = value_of(arg);
	char *end;
	errno = 0;
	*out = strtoul(v, &end, base);
	if (errno != 0 || end == v || *end != '\0' || *v == '-' || *out > max) {
		fprintf(stderr, "burnfs: invalid value in option `%s'\n", arg);
		return -1;
	}
	return 0;
}

static int proc(void *data, const char *arg, int key, struct fuse_args *out)
{
	struct parse_ctx *ctx = data;
	struct burnfs_options *o = ctx->o;
	unsigned long n;
	(void)out;
	switch (key) {
	case FUSE_OPT_KEY_NONOPT:
		if (ctx->n_positional == 3) {
			fprintf(stderr,
				"burnfs: too many arguments: %s\n"
				"usage: burnfs [OPTIONS] [SOURCE] MOUNTPOINT "
				"(see burnfs --help)\n",
				arg);
			return -1;
		}
		ctx->positional[ctx->n_positional] = strdup(arg);
		if (!ctx->positional[ctx->n_positional])
			goto nomem;
		ctx->n_positional++;
		return 0;
	case KEY_VIRTUAL:
		if (push(&o->virtuals, &o->n_virtuals, value_of(arg)) < 0)
			goto nomem;
		return 0;
	case KEY_VIRTUAL_KEY: {
		if (o->n_virtuals == 0)
			return 1; /* not ours: let libfuse judge it */
		char **last = &o->virtuals[o->n_virtuals - 1];
		size_t len = strlen(*last) + strlen(arg) + 2;
		char *joined = malloc(len);
		if (!joined)
			goto nomem;
		snprintf(joined, len, "%s,%s", *last, arg);
		free(*last);
		*last = joined;
		return 0;
	}
	case KEY_DRIVE:
		if (push(&o->drives, &o->n_drives, value_of(arg)) < 0)
			goto nomem;
		return 0;
	case KEY_SPOOL:
		free(o->spool);
		o->spool = strdup(value_of(arg));
		if (!o->spool)
			goto nomem;
		return 0;
	case KEY_NO_NOTIFY:
		o->no_notify = true;
		return 0;
	case KEY_HELP:
		o->help = true;
		return 0;
	case KEY_VERSION:
		o->version = true;
		return 0;
	case KEY_UID:
		if (number_of(arg, 10, (uid_t)-1 - 1, &n) < 0)
			return -1;
		o->set_uid = true;
		o->uid = (uid_t)n;
		return 0;
	case KEY_GID:
		if (number_of(arg, 10, (gid_t)-1 - 1, &n) < 0)
			return -1;
		o->set_gid = true;
		o->gid = (gid_t)n;
		return 0;
	case KEY_UMASK:
		if (number_of(arg, 8, 0777, &n) < 0)
			return -1;
		o->set_mode = true;
		o->umask = (mode_t)n;
		return 0;
	}
	return 1;
nomem:
	fprintf(stderr, "burnfs: out of memory\n");
	return -1;
}

int burnfs_options_parse(struct fuse_args *args, struct burnfs_options *o)
{
	struct parse_ctx ctx = {.o = o};
	int rc = 0;
	memset(o, 0, sizeof(*o));
	if (fuse_opt_parse(args, &ctx, spec, proc) < 0)
		rc = -1;
	else if (ctx.n_positional > 2) {
		fprintf(stderr,
			"burnfs: too many arguments: %s\n"
			"usage: burnfs [OPTIONS] [SOURCE] MOUNTPOINT "
			"(see burnfs --help)\n",
			ctx.positional[2]);
		rc = -1;
	} else if (ctx.n_positional > 0) {
		/* The last one is the mount point; libfuse takes it. */
		const char *mp = ctx.positional[ctx.n_positional - 1];
		if (fuse_opt_add_arg(args, mp) < 0) {
			fprintf(stderr, "burnfs: out of memory\n");
			rc = -1;
		}
	}
	for (int i = 0; i < ctx.n_positional; i++)
		free(ctx.positional[i]);
	if (rc < 0)
		burnfs_options_free(o);
	return rc;
}

void burnfs_options_free(struct burnfs_options *o)
{
	for (size_t i = 0; i < o->n_virtuals; i++)
		free(o->virtuals[i]);
	for (size_t i = 0; i < o->n_drives; i++)
		free(o->drives[i]);
	free(o->virtuals);
	free(o->drives);
	free(o->spool);
	memset(o, 0, sizeof(*o));
}

void burnfs_options_usage(const char *progname)
{
	printf(
	    "usage: %s [OPTIONS] [SOURCE] MOUNTPOINT\n"
	    "   or: mount -t fuse.burnfs -o OPTIONS none MOUNTPOINT\n"
	    "\n"
	    "A filesystem that burns audio CDs: copy audio files into\n"
	    "MOUNTPOINT/<drive>/tracks/, then `echo 1 > "
	    "MOUNTPOINT/<drive>/commit`.\n"
	    "\n"
	    "burnfs options:\n"
	    "    --virtual=NAME:IMAGE[,key=value...]\n"
	    "                           add a virtual recorder writing a "
	    "disc image\n"
	    "                           (keys: media=cdr74|cdr80|cdrw74|"
	    "cdrw80|none,\n"
	    "                           speed=N, pace=0|1, buffer=BYTES); "
	    "repeatable\n"
	    "    --drive=/dev/srN       expose this CD recorder; "
	    "repeatable\n"
	    "    --spool=DIR            where staged tracks are kept\n"
	    "                           (default "
	    "$XDG_STATE_HOME/burnfs or ~/.local/state/burnfs)\n"
	    "    --no-notify            no desktop notifications (burn "
	    "ended, file\n"
	    "                           refused, staging done) on the "
	    "session bus\n"
	    "    -o virtual=...,drive=...,spool=...,nonotify   the same, "
	    "as mount options\n"
	    "    SOURCE                 ignored (\"none\" or \"burnfs\" from "
	    "mount(8) and fstab)\n"
	    "    -h, --help             this help\n"
	    "    -V, --version          the version\n"
	    "\n",
	    progname);
}
