/*
 * notify.h - desktop notifications (org.freedesktop.Notifications on the
 * session bus) through libsystemd's sd-bus, for burnfsctl and the daemon
 * (the daemon through notify_sender.h, which owns one connection in its
 * own thread).  app_name "burnfs", icon "media-optical".
 *
 * A connection is used by one thread at a time (sd-bus objects are not
 * thread-safe).  No session bus, or no notification server on it, is
 * not an error anyone has to handle: notify_bus_open returns NULL and
 * notify_send a negative errno, and the caller says it another way or
 * not at all.
 */
#ifndef BURNFS_NOTIFY_H
#define BURNFS_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "notify_text.h"

#define NOTIFY_APP_NAME "burnfs"
#define NOTIFY_ICON "media-optical"

struct notify_bus;

/* Connects to the session bus ($DBUS_SESSION_BUS_ADDRESS, else
 * $XDG_RUNTIME_DIR/bus).  NULL with a sentence in err when there is
 * none. */
struct notify_bus *notify_bus_open(char *err, size_t err_len);
void notify_bus_close(struct notify_bus *b);

/* One notification's extras. */
struct notify_options {
	uint32_t replaces_id; /* 0: a new notification; else updates it */
	int value;	      /* the "value" hint, 0-100; < 0 for none */
	int32_t expire_ms;    /* -1: the server's default */
};

/*
 * Sends t (its texts made valid UTF-8, and escaped when the server
 * shows body markup).  0 with the server's id for the notification in
 * *id (for replaces_id), or -errno with a sentence in err.
 */
int notify_send(struct notify_bus *b, const struct notify_text *t,
		const struct notify_options *o, uint32_t *id, char *err,
		size_t err_len);

#endif
