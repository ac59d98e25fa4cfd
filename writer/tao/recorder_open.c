/*
 * recorder_open.c - where recorders come from: a real drive through the
 * SG_IO transport, or a virtual recorder from its --virtual spec, and
 * what only a virtual recorder can do (lay a new blank disc in the tray).
 * The filesystem opens drives through these calls and never sees a
 * transport's or the virtual recorder's own interface (see recorder.h).
 */
#include "recorder.h"

#include <errno.h>
#include <stdio.h>

#include "recorder_internal.h"
#include "scsi.h"
#include "sg_transport.h"
#include "vrec.h"

struct scsi_transport *recorder_open_device(const char *path, char *err,
					    size_t err_len)
{
	return sg_transport_open(path, err, err_len);
}

struct scsi_transport *recorder_open_virtual(const char *spec, char *name,
					     size_t name_len, char *err,
					     size_t err_len)
{
	struct vrec_config cfg;
	if (name_len)
		name[0] = '\0';
	if (vrec_parse_spec(spec, &cfg, err, err_len) < 0)
		return NULL;
	snprintf(name, name_len, "%s", cfg.name);
	return vrec_open(&cfg, err, err_len);
}

void recorder_transport_close(struct scsi_transport *t)
{
	scsi_transport_destroy(t);
}

bool recorder_is_virtual(struct recorder *r)
{
	return vrec_is_virtual(r->t);
}

struct load_arg {
	enum vrec_media_kind kind;
	char *msg;
	size_t msg_len;
};

static int change_disc(struct scsi_transport *t, void *arg)
{
	struct load_arg *a = arg;
	return vrec_change_disc(t, a->kind, a->msg, a->msg_len);
}

int recorder_load_disc(struct recorder *r, const char *media, char *msg,
		       size_t msg_len)
{
	int kind = vrec_media_from_name(media);
	if (msg_len)
		msg[0] = '\0';
	if (kind <= 0)
		return -EINVAL;
	struct load_arg a = {
	    .kind = (enum vrec_media_kind)kind, .msg = msg, .msg_len = msg_len};
	return recorder_with_transport(r, change_disc, &a);
}
