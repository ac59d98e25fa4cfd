"""A private desktop for the desktop suite: an X server, a session bus, a
notification server, the accessibility bus and PCManFM.

DesktopSession.start() brings up, each with a deadline:

- Xvfb on a display it picks itself (-displayfd), 1280x800x24;
- a session bus (dbus-daemon) with a configuration of its own whose only
  activatable service is the accessibility bus (at-spi-bus-launcher), so
  nothing of the machine's session services (gvfs, dconf, ...) starts;
- notify_server.py, which owns org.freedesktop.Notifications on that bus
  and appends every call to notifications.jsonl;

and pcmanfm() opens PCManFM windows on a directory, with a private HOME,
XDG_CONFIG_HOME (libfm.conf and pcmanfm.conf asking no questions,
detailed list view) and XDG_RUNTIME_DIR (0700: GTK and the buses want
one), the GTK 2 accessibility modules loaded (gail:atk-bridge) so that
atspi_view.py can read the windows, GIO limited to local files (no gvfs
daemons), and, when an overlay is given, in a private mount namespace
where an installed tree (`meson install --destdir`) is bind-mounted at
its prefix: PCManFM finds the installed action files in the standard
XDG_DATA_DIRS and runs the installed burnfsctl, as after a real
`meson install`.

With trash=True the desktop is the one the trash needs instead: libfm.conf
leaves the trash and its confirmations to libfm's defaults (move to the
trash, ask first), and GIO uses gvfs: gvfsd (without its FUSE mount) and
gvfsd-metadata are activatable on the private bus, so that trash:///
(gvfsd-trash) works in PCManFM and in `gio trash`.

Every process the desktop starts, directly or through bus activation,
carries BURNFS_DESKTOP_RUN=<token> in its environment; stop() ends them
by pid (found by that token in /proc), children of the bus first, waits
with a deadline, and removes the runtime directory it made in /tmp.
Screenshots (`import -window root`, ImageMagick) go to the artefacts
directory: they are for people to look at, not assertions.
"""

import json
import os
import select
import signal
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from burnfs_helpers import run, wait_for

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"  # Debian's, with python3-gi and python3-dbus
SCREEN = "1280x800x24"
WINDOW_SIZE = (420, 390)  # six windows fit the screen
START_TIMEOUT = 30

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={rundir}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{servicedir}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

A11Y_SERVICE = """[D-BUS Service]
Name=org.a11y.Bus
Exec=/usr/libexec/at-spi-bus-launcher
"""

# gvfs for trash:///, when the desktop has a trash: the daemon without
# its FUSE mount (it would mount one in the runtime directory), and the
# metadata daemon GIO's gvfs module asks for.
GVFS_SERVICES = {
    "org.gtk.vfs.Daemon": "/usr/libexec/gvfsd --no-fuse",
    "org.gtk.vfs.Metadata": "/usr/libexec/gvfsd-metadata",
}

LIBFM_CONF = """[config]
single_click=0
{trash}quick_exec=1
drop_default_action=copy
thumbnail_local=0
defer_content_test=0
smart_desktop_autodrop=0

[ui]
show_thumbnail=0
"""
# Without a trash: delete at once, ask nothing.  With one, these keys
# are left out: libfm's defaults (use_trash, confirm_del, confirm_trash
# and no_usb_trash all on) hold.
NO_TRASH = "use_trash=0\nconfirm_del=0\nconfirm_trash=0\n"

PCMANFM_CONF = """[config]
bm_open_method=0

[volume]
mount_on_startup=0
mount_removable=0
autorun=0

[ui]
win_width={width}
win_height={height}
side_pane_mode=places
splitter_pos=90
view_mode=list
show_hidden=0
sort_type=0
sort_by=name
show_statusbar=1
"""


class DesktopError(AssertionError):
    pass


def read_line(pipe, timeout, what):
    """One line from a child's pipe, within timeout seconds."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise DesktopError(f"timed out after {timeout}s waiting for {what}")
        ready, _, _ = select.select([pipe], [], [], left)
        if ready:
            chunk = os.read(pipe.fileno() if hasattr(pipe, "fileno")
                            else pipe, 1)
            if not chunk:
                raise DesktopError(f"{what}: the process closed its output")
            data += chunk
    return data.decode().strip()


class DesktopSession:
    def __init__(self, base, artefacts, overlay=None, trash=False,
                 libfm=""):
        self.base = Path(base)
        self.trash = trash
        self.libfm = libfm  # more lines of libfm.conf's [config]
        self.artefacts = Path(artefacts)
        self.token = uuid.uuid4().hex
        self.home = self.base / "home"
        self.config = self.base / "config"
        self.rundir = None  # made by start(): short, for socket paths
        self.logs = self.base / "logs"
        self.notifications = self.base / "notifications.jsonl"
        # (installed prefix, where it is installed for): PCManFM sees
        # the first at the place of the second.
        self.overlay = overlay
        self.display = None
        self.bus_address = None
        self.procs = []  # (name, Popen) started directly, in order
        self.shots = 0

    # ---- the environment of everything the desktop runs --------------

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "DBUS_", "GTK_", "GIO_",
                                    "AT_SPI", "NO_AT_BRIDGE", "LC_",
                                    "LANGUAGE", "DESKTOP_SESSION",
                                    "WAYLAND_DISPLAY"))}
        env.update({
            "BURNFS_DESKTOP_RUN": self.token,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(self.rundir or ""),
            "XDG_DATA_DIRS": "/usr/local/share:/usr/share",
            "XDG_CONFIG_DIRS": "/etc/xdg",
            "LANG": "C.UTF-8",
            # No volume monitors; local files only (no gvfs daemons)
            # unless the desktop has a trash.
            "GIO_USE_VOLUME_MONITOR": "unix",
            "GSETTINGS_BACKEND": "memory",
            # GTK 2's accessibility: GAIL and the AT-SPI bridge.
            "GTK_MODULES": "gail:atk-bridge",
        })
        if not self.trash:
            env["GIO_USE_VFS"] = "local"
        if self.display is not None:
            env["DISPLAY"] = f":{self.display}"
        if self.bus_address is not None:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        return env

    def spawn(self, name, argv, **kw):
        log = open(self.logs / f"{name}.log", "ab")
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                    stdout=kw.pop("stdout", log),
                                    stderr=log, env=self.env(),
                                    start_new_session=True, **kw)
        finally:
            log.close()
        self.procs.append((name, proc))
        return proc

    # ---- start ---------------------------------------------------------

    def start(self):
        for d in (self.home, self.config, self.logs, self.artefacts,
                  self.base / "services"):
            d.mkdir(parents=True, exist_ok=True)
        # GTK, the buses and PCManFM want a private runtime directory for
        # their sockets, whose paths must stay within 107 bytes: it lives
        # in /tmp, not in the build directory (mkdtemp makes it 0700).
        self.rundir = Path(tempfile.mkdtemp(prefix="burnfs-desktop-",
                                            dir="/tmp"))
        self.write_configs()
        self.start_x()
        self.start_bus()
        self.start_notifications()
        return self

    def write_configs(self):
        (self.config / "libfm").mkdir(exist_ok=True)
        (self.config / "libfm" / "libfm.conf").write_text(
            LIBFM_CONF.format(trash=("" if self.trash else NO_TRASH)
                              + self.libfm))
        prof = self.config / "pcmanfm" / "default"
        prof.mkdir(parents=True, exist_ok=True)
        (prof / "pcmanfm.conf").write_text(
            PCMANFM_CONF.format(width=WINDOW_SIZE[0], height=WINDOW_SIZE[1]))
        (self.base / "services" / "org.a11y.Bus.service").write_text(
            A11Y_SERVICE)
        if self.trash:
            for name, command in GVFS_SERVICES.items():
                (self.base / "services" / f"{name}.service").write_text(
                    f"[D-BUS Service]\nName={name}\nExec={command}\n")
        (self.base / "bus.conf").write_text(BUS_CONFIG.format(
            rundir=self.rundir, servicedir=self.base / "services"))

    def start_x(self):
        r, w = os.pipe()
        try:
            self.spawn("Xvfb", ["Xvfb", "-displayfd", str(w), "-screen", "0",
                                SCREEN, "-nolisten", "tcp", "-noreset"],
                       pass_fds=(w,))
        finally:
            os.close(w)
        with os.fdopen(r, "rb", buffering=0) as pipe:
            line = read_line(pipe, START_TIMEOUT, "Xvfb's display number")
        self.display = int(line)
        wait_for(lambda: run(["xdpyinfo"], env=self.env(),
                             timeout=10).returncode == 0,
                 START_TIMEOUT, interval=0.1, what="the X server to answer")

    def start_bus(self):
        proc = self.spawn("dbus-daemon",
                          ["dbus-daemon", "--nofork", "--print-address=1",
                           f"--config-file={self.base / 'bus.conf'}"],
                          stdout=subprocess.PIPE)
        self.bus_address = read_line(proc.stdout, START_TIMEOUT,
                                     "the session bus address")

    def start_notifications(self):
        self.notifications.touch()  # read by the test before any call
        proc = self.spawn("notify_server",
                          [PYTHON, str(HERE / "notify_server.py"),
                           str(self.notifications)],
                          stdout=subprocess.PIPE)
        line = read_line(proc.stdout, START_TIMEOUT,
                         "the notification server")
        if line != "ready":
            raise DesktopError(f"notification server said {line!r}")

    # ---- PCManFM --------------------------------------------------------

    def pcmanfm(self, directory, new_window=False):
        """Opens a PCManFM window on directory.  The first call starts
        the PCManFM process that owns every window; later calls with
        new_window ask it for another window (pcmanfm -n exits then)."""
        argv = ["pcmanfm", "--no-desktop"]
        if new_window:
            argv.append("-n")
        argv.append(str(directory))
        if self.overlay:
            # A private mount namespace in which the installed tree is
            # where `meson install` without --destdir would have put it.
            argv = ["unshare", "-m", "--propagation", "private", "sh", "-ec",
                    'mount --bind "$1" "$2"; shift 2; exec "$@"', "sh",
                    str(self.overlay[0]), str(self.overlay[1])] + argv
        if not new_window:
            return self.spawn("pcmanfm", argv)
        r = run(argv, env=self.env(), timeout=30)
        if r.returncode != 0:
            raise DesktopError(f"pcmanfm -n {directory}: exit "
                               f"{r.returncode}: {r.stderr}")
        return None

    # ---- X input and output --------------------------------------------

    def xdotool(self, *args, timeout=30):
        r = run(["xdotool", *map(str, args)], env=self.env(),
                timeout=timeout)
        if r.returncode != 0:
            raise DesktopError(f"xdotool {' '.join(map(str, args))}: "
                               f"exit {r.returncode}: {r.stderr}")
        return r.stdout

    def screenshot(self, name):
        """Saves the screen as <artefacts>/NN-name.png; never fails the
        test (a screenshot is for people to look at)."""
        self.shots += 1
        path = self.artefacts / f"{self.shots:02d}-{name}.png"
        try:
            r = run(["/usr/bin/import", "-window", "root", str(path)],
                    env=self.env(), timeout=30)
            if r.returncode != 0:
                print(f"screenshot {path}: {r.stderr}", file=sys.stderr)
        except subprocess.TimeoutExpired:
            print(f"screenshot {path}: timed out", file=sys.stderr)
        return path

    # ---- notifications ---------------------------------------------------

    def notification_calls(self):
        out = []
        with open(self.notifications, encoding="utf-8") as f:
            for line in f:
                if line.endswith("\n"):
                    out.append(json.loads(line))
        return out

    def open_files(self, below):
        """Paths below `below` that processes of the desktop hold open."""
        below = str(below).rstrip("/") + "/"
        held = []
        for pid in self.session_pids():
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith(below):
                    held.append(target)
        return held

    # ---- teardown ---------------------------------------------------------

    def session_pids(self):
        """Pids of live processes carrying this desktop's token."""
        marker = f"BURNFS_DESKTOP_RUN={self.token}".encode()
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    environ = f.read().split(b"\0")
                with open(f"/proc/{entry}/stat", "rb") as f:
                    state = f.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                continue
            if marker in environ and state != b"Z":
                pids.append(int(entry))
        return pids

    def stop(self, timeout=20):
        """Ends every process of the desktop: the ones the bus started
        (while the bus still reaps them), then the ones started here in
        reverse order.  Returns the names of processes that needed
        SIGKILL."""
        direct = {p.pid for _, p in self.procs}
        killed = []
        for pid in self.session_pids():
            if pid not in direct:
                self._signal(pid, signal.SIGTERM)
        try:
            wait_for(lambda: not (set(self.session_pids()) - direct),
                     timeout, interval=0.1, what="bus services to exit")
        except AssertionError:
            for pid in set(self.session_pids()) - direct:
                self._signal(pid, signal.SIGKILL)
                killed.append(str(pid))
        for name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=timeout)
                    killed.append(name)
            if proc.stdout:
                proc.stdout.close()
        self.procs = []
        # Anything left (a child a service forked) goes the same way.
        for pid in self.session_pids():
            self._signal(pid, signal.SIGKILL)
            killed.append(str(pid))
        if self.rundir:
            shutil.rmtree(self.rundir, ignore_errors=True)
            self.rundir = None
        return killed

    @staticmethod
    def _signal(pid, sig):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
