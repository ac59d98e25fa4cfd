/*
 * options.c - burnfs's command-line options (see options.h).
 */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	KEY_VIRTUAL,
	KEY_VIRTUAL_KEY, /* -o media=... after -o virtual=... */
	KEY_DRIVE,
	KEY_SPOOL,
	KEY_HELP,
	KEY_VERSION,
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
    FUSE_OPT_KEY("--help", KEY_HELP),
    FUSE_OPT_KEY("-h", KEY_HELP),
    FUSE_OPT_KEY("--version", KEY_VERSION),
    FUSE_OPT_KEY("-V", KEY_VERSION),
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

static int proc(void *data, const char *arg, int key, struct fuse_args *out)
{
	struct burnfs_options *o = data;
	(void)out;
	switch (key) {
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
	case KEY_HELP:
		o->help = true;
		return 0;
	case KEY_VERSION:
		o->version = true;
		return 0;
	}
	return 1;
nomem:
	fprintf(stderr, "burnfs: out of memory\n");
	return -1;
}

int burnfs_options_parse(struct fuse_args *args, struct burnfs_options *o)
{
	memset(o, 0, sizeof(*o));
	if (fuse_opt_parse(args, o, spec, proc) < 0)
		return -1;
	return 0;
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
	printf("usage: %s [OPTIONS] MOUNTPOINT\n"
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
	       "    -o virtual=...,drive=...,spool=...   the same, as mount "
	       "options\n"
	       "    -h, --help             this help\n"
	       "    -V, --version          the version\n"
	       "\n",
	       progname);
}
