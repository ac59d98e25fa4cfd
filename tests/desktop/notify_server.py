#!/usr/bin/python3
"""A desktop notification server for the desktop suite.

Owns org.freedesktop.Notifications on the session bus named by
$DBUS_SESSION_BUS_ADDRESS (the suite's private bus) and implements the
four methods of the Desktop Notifications Specification (Notify,
GetCapabilities, GetServerInformation, CloseNotification).  Every call
is appended as one JSON line to the file given as the only argument
(with the pid and command name of the process that sent it), and
flushed, so that a test can follow what burnfs and burnfsctl told the
user.  Notify answers with a fresh id, or with replaces_id when it names
a notification this server gave out (an update in place, as the
specification says).

Prints "ready" on stdout once the name is owned; exits on SIGTERM or
when the bus goes away.

    notify_server.py LOGFILE
"""

import json
import signal
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def plain(value):
    """A D-Bus value as JSON-friendly Python data."""
    if isinstance(value, (dbus.Boolean,)):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.UInt16, dbus.Int32,
                          dbus.UInt32, dbus.Int64, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature)):
        return str(value)
    if isinstance(value, dbus.ByteArray):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return repr(value)


def sender_process(bus, sender):
    """(pid, command name) of the connection that sent a call, asked of
    the bus; (None, None) when it is gone already."""
    try:
        proxy = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
        pid = int(proxy.GetConnectionUnixProcessID(
            sender, dbus_interface="org.freedesktop.DBus"))
    except dbus.DBusException:
        return None, None
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as f:
            return pid, f.read().strip()
    except OSError:
        return pid, None


class Server(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, PATH)
        self.bus = bus
        self.log = log
        self.last_id = 0
        self.given = set()

    def record(self, method, **fields):
        fields = {"method": method, "time": time.time(), **fields}
        self.log.write(json.dumps(fields, ensure_ascii=False) + "\n")
        self.log.flush()

    @dbus.service.method(NAME, in_signature="susssasa{sv}i",
                         out_signature="u", sender_keyword="sender")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions,
               hints, expire_timeout, sender=None):
        if replaces_id and int(replaces_id) in self.given:
            nid = int(replaces_id)
        else:
            self.last_id += 1
            nid = self.last_id
            self.given.add(nid)
        pid, comm = sender_process(self.bus, sender)
        self.record("Notify", id=nid, sender=str(sender), pid=pid, comm=comm,
                    app_name=str(app_name), replaces_id=int(replaces_id),
                    app_icon=str(app_icon), summary=str(summary),
                    body=str(body), actions=plain(actions),
                    hints=plain(hints), expire_timeout=int(expire_timeout))
        return dbus.UInt32(nid)

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        self.record("GetCapabilities")
        return dbus.Array(["body"], signature="s")

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        self.record("GetServerInformation")
        return ("burnfs-test-notifications", "burnfs", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        self.record("CloseNotification", id=int(nid))
        if int(nid) in self.given:
            self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, nid, action_key):
        pass


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: notify_server.py LOGFILE")
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    loop = GLib.MainLoop()
    bus = dbus.SessionBus()
    with open(sys.argv[1], "a", encoding="utf-8") as log:
        server = Server(bus, log)
        reply = bus.request_name(NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
        if reply != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
            sys.exit(f"notify_server: could not own {NAME} (reply {reply})")
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
        print("ready", flush=True)
        loop.run()
        del server


if __name__ == "__main__":
    main()
