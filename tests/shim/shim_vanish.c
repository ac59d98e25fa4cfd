/*
 * shim_vanish.c - a transport whose drive disappears after N writes
 * (see shim_vanish.h).  Pure: no process state, unit-tested in
 * test_shim_sgio.c.
 */
#include "shim_vanish.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VANISH_KEY "vanish_after_writes="

struct vanish {
	struct scsi_transport base; /* first: cast target */
	struct scsi_transport *inner;
	unsigned long writes_left;
	bool gone;
};

static int vanish_execute(struct scsi_transport *t, const struct scsi_cmd *cmd,
			  struct scsi_result *res)
{
	struct vanish *v = (struct vanish *)t;
	if (!v->gone && cmd->cdb_len > 0 && cmd->cdb[0] == 0x2A) {
		if (v->writes_left == 0)
			v->gone = true;
		else
			v->writes_left--;
	}
	if (v->gone) {
		memset(res, 0, sizeof(*res));
		res->transport_errno = ENODEV;
		res->resid = cmd->data_len;
		return ENODEV;
	}
	return scsi_execute(v->inner, cmd, res);
}

static void vanish_destroy(struct scsi_transport *t)
{
	struct vanish *v = (struct vanish *)t;
	scsi_transport_destroy(v->inner);
	free(v);
}

static const struct scsi_transport_ops vanish_ops = {
    .execute = vanish_execute,
    .destroy = vanish_destroy,
};

struct scsi_transport *shim_vanish_wrap(struct scsi_transport *inner,
					unsigned long after_writes)
{
	struct vanish *v = calloc(1, sizeof(*v));
	if (!v) {
		scsi_transport_destroy(inner);
		return NULL;
	}
	v->base.ops = &vanish_ops;
	v->base.name = inner->name;
	v->inner = inner;
	v->writes_left = after_writes;
	return &v->base;
}

bool shim_vanish_gone(const struct scsi_transport *t)
{
	return t && t->ops == &vanish_ops && ((const struct vanish *)t)->gone;
}

int shim_vanish_split_spec(const char *spec, char *out, size_t out_len,
			   unsigned long *after_writes)
{
	size_t used = 0;
	*after_writes = 0;
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > strlen(VANISH_KEY) &&
		    strncmp(p, VANISH_KEY, strlen(VANISH_KEY)) == 0) {
			char num[24];
			size_t n = len - strlen(VANISH_KEY);
			if (n >= sizeof(num))
				return -1;
			memcpy(num, p + strlen(VANISH_KEY), n);
			num[n] = '\0';
			char *e;
			errno = 0;
			unsigned long v = strtoul(num, &e, 10);
			if (errno || *e || num[0] == '-' || v == 0)
				return -1;
			*after_writes = v;
		} else {
			size_t need = len + (used ? 1 : 0);
			if (used + need + 1 > out_len)
				return -1;
			if (used)
				out[used++] = ',';
			memcpy(out + used, p, len);
			used += len;
		}
		p = end ? end + 1 : p + len;
	}
	if (out_len == 0)
		return -1;
	out[used] = '\0';
	return 0;
}
