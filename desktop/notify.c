/*
 * notify.c - one connection to the session bus and the Notify call of
 * the Desktop Notifications Specification (see notify.h):
 *
 *   Notify(app_name s, replaces_id u, app_icon s, summary s, body s,
 *          actions as, hints a{sv}, expire_timeout i) -> id u
 *
 * with the hints "urgency" (byte) and, for progress, "value" (int32
 * 0-100).  Whether the server shows markup in bodies ("body-markup" in
 * GetCapabilities) is asked once per connection: file names with & or <
 * must then be escaped to be shown as they are.
 */
#include "notify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define NOTIFY_SERVICE "org.freedesktop.Notifications"
#define NOTIFY_PATH "/org/freedesktop/Notifications"
#define NOTIFY_INTERFACE "org.freedesktop.Notifications"
/* A notification server answers at once; a hung one must not hold a
 * burn's end (or burnfsctl) for long. */
#define CALL_TIMEOUT_USEC (5 * 1000 * 1000ULL)

struct notify_bus {
	sd_bus *bus;
	bool caps_known;
	bool markup; /* the server shows body markup */
};

struct notify_bus *notify_bus_open(char *err, size_t err_len)
{
	struct notify_bus *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	int r = sd_bus_open_user(&b->bus);
	if (r < 0) {
		snprintf(err, err_len, "no session bus: %s", strerror(-r));
		free(b);
		return NULL;
	}
	return b;
}

void notify_bus_close(struct notify_bus *b)
{
	if (!b)
		return;
	sd_bus_flush_close_unref(b->bus);
	free(b);
}

/* Asks GetCapabilities once; a server that does not answer shows plain
 * text as far as burnfs knows. */
static void learn_caps(struct notify_bus *b)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *cap;

	if (b->caps_known)
		return;
	b->caps_known = true;
	int r = sd_bus_call_method(b->bus, NOTIFY_SERVICE, NOTIFY_PATH,
				   NOTIFY_INTERFACE, "GetCapabilities", &error,
				   &reply, "");
	sd_bus_error_free(&error);
	if (r < 0)
		return;
	if (sd_bus_message_enter_container(reply, 'a', "s") > 0) {
		while (sd_bus_message_read(reply, "s", &cap) > 0)
			if (strcmp(cap, "body-markup") == 0)
				b->markup = true;
		sd_bus_message_exit_container(reply);
	}
	sd_bus_message_unref(reply);
}

static int append_hints(sd_bus_message *m, const struct notify_text *t,
			const struct notify_options *o)
{
	int r = sd_bus_message_open_container(m, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_append(m, "{sv}", "urgency", "y",
					  (uint8_t)t->urgency);
	if (r >= 0 && o->value >= 0)
		r = sd_bus_message_append(
		    m, "{sv}", "value", "i",
		    (int32_t)(o->value > 100 ? 100 : o->value));
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	return r;
}

int notify_send(struct notify_bus *b, const struct notify_text *t,
		const struct notify_options *o, uint32_t *id, char *err,
		size_t err_len)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	char summary[sizeof(t->summary)], body[sizeof(t->body) * 2];
	uint32_t got = 0;

	learn_caps(b);
	notify_clean_text(t->summary, false, summary, sizeof(summary));
	notify_clean_text(t->body, b->markup, body, sizeof(body));
	int r = sd_bus_message_new_method_call(b->bus, &m, NOTIFY_SERVICE,
					       NOTIFY_PATH, NOTIFY_INTERFACE,
					       "Notify");
	if (r >= 0)
		r = sd_bus_message_append(m, "susss", NOTIFY_APP_NAME,
					  o->replaces_id, NOTIFY_ICON, summary,
					  body);
	if (r >= 0)
		r = sd_bus_message_append(m, "as", 0);
	if (r >= 0)
		r = append_hints(m, t, o);
	if (r >= 0)
		r = sd_bus_message_append(m, "i", o->expire_ms);
	if (r < 0) {
		snprintf(err, err_len, "cannot build the notification: %s",
			 strerror(-r));
		goto out;
	}
	r = sd_bus_call(b->bus, m, CALL_TIMEOUT_USEC, &error, &reply);
	if (r < 0) {
		snprintf(err, err_len, "no notification server: %s",
			 error.message ? error.message : strerror(-r));
		goto out;
	}
	r = sd_bus_message_read(reply, "u", &got);
	if (r < 0) {
		snprintf(err, err_len,
			 "odd reply from the notification "
			 "server: %s",
			 strerror(-r));
		goto out;
	}
	r = 0;
	if (id)
		*id = got;
out:
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	return r;
}
