#!/usr/bin/python3
"""A notification server for the tests: owns org.freedesktop.Notifications
on the session bus it is started on and implements the Desktop
Notifications Specification's methods (Notify, CloseNotification,
GetCapabilities, GetServerInformation).  Every Notify call is appended to
LOG as one JSON line (app_name, replaces_id, app_icon, summary, body,
actions, hints, expire_timeout, and the id it was given); every
GetCapabilities call as {"method": "GetCapabilities"}.  Prints "ready" on
standard output once the name is owned.

    notify_server.py LOG [--markup]

--markup advertises "body-markup", as GNOME Shell and most servers do.
"""

import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def plain(v):
    """D-Bus values as JSON-friendly Python values."""
    if isinstance(v, (dbus.Boolean,)):
        return bool(v)
    if isinstance(v, (dbus.Byte, dbus.Int16, dbus.Int32, dbus.Int64,
                      dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(v)
    if isinstance(v, dbus.Double):
        return float(v)
    if isinstance(v, (dbus.String, dbus.ObjectPath)):
        return str(v)
    if isinstance(v, (dbus.Array, list)):
        return [plain(x) for x in v]
    if isinstance(v, (dbus.Dictionary, dict)):
        return {str(k): plain(x) for k, x in v.items()}
    return v


class Server(dbus.service.Object):
    def __init__(self, bus, log, markup):
        super().__init__(bus, PATH)
        self.log = log
        self.markup = markup
        self.next_id = 1

    def record(self, entry):
        with open(self.log, "a") as f:
            f.write(json.dumps(entry) + "\n")

    @dbus.service.method(NAME, in_signature="susssasa{sv}i",
                         out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body,
               actions, hints, expire_timeout):
        nid = int(replaces_id) or self.next_id
        if not replaces_id:
            self.next_id += 1
        self.record({"method": "Notify", "app_name": str(app_name),
                     "replaces_id": int(replaces_id),
                     "app_icon": str(app_icon), "summary": str(summary),
                     "body": str(body), "actions": plain(actions),
                     "hints": plain(hints),
                     "expire_timeout": int(expire_timeout), "id": nid})
        return dbus.UInt32(nid)

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        self.record({"method": "CloseNotification", "id": int(nid)})

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        self.record({"method": "GetCapabilities"})
        caps = ["body"] + (["body-markup"] if self.markup else [])
        return dbus.Array(caps, signature="s")

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("burnfs-tests", "burnfs", "1", "1.2")


def main():
    log = sys.argv[1]
    markup = "--markup" in sys.argv[2:]
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    server = Server(bus, log, markup)
    print("ready", flush=True)
    loop = GLib.MainLoop()
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    del name, server


if __name__ == "__main__":
    main()
