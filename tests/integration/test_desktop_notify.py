"""Desktop notifications and burnfsctl (doc/files.md "Desktop
notifications", doc/desktop.md).

Each test that wants a desktop runs a private session bus (dbus-daemon
--session) with a notification server on it (notify_server.py, python3-dbus:
it owns org.freedesktop.Notifications, answers Notify with an id and
records every call) and points burnfs and burnfsctl at it with
DBUS_SESSION_BUS_ADDRESS.  The rest of the suite runs with a session bus
address that leads nowhere (conftest.py), as the system unit does.

- the daemon: a burn's end with the verification result; a failed burn
  with its reason (a virtual recorder's fail_write_at fault); a file
  refused at copy time with its reason (escaped for body markup); staging
  done with the disc's length and the time left; --no-notify sends
  none; without a bus a burn works and stderr holds only log lines; a
  bus that went away before the unmount (killed, as at logout) does not
  keep burnfs from exiting;
- burnfsctl: burn, blank, eject, wait and status against a mounted
  virtual recorder: exit statuses, messages, the progress notification
  updated in place (replaces_id, the value hint) and ended with the
  outcome, the reasons of refusals taken from the drive's log, and a
  polite refusal outside burnfs.
"""

import json
import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from burnfs_helpers import (SECTOR_FRAMES, commit, make_wav, quote, run, sh,
                            stage, wait_for)
from conftest import sanitizer_report

BURNFS = os.environ.get("BURNFS", "")
BURNFSCTL = str(Path(BURNFS).resolve().parent.parent / "desktop"
                / "burnfsctl") if BURNFS else ""
SERVER = Path(__file__).parent / "notify_server.py"
TRACK_SECTORS = 375  # 5 s
IN_TRACK_2 = TRACK_SECTORS + 152 + 100


class NotificationServer:
    """A private session bus with the test notification server on it."""

    def __init__(self, base):
        self.base = Path(base)
        self.log = self.base / "notifications.jsonl"
        self.bus = None
        self.server = None
        self.address = None

    def start(self, timeout=20):
        self.base.mkdir(parents=True, exist_ok=True)
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile",
             "--print-address=1"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True)
        self.address = self._line(self.bus, timeout, "the bus address")
        assert self.address.startswith("unix:"), self.address
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.address)
        self.server = subprocess.Popen(
            ["/usr/bin/python3", "-B", str(SERVER), str(self.log),
             "--markup"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=open(self.base / "server.stderr", "w"), text=True,
            env=env)
        assert self._line(self.server, timeout, "the server") == "ready"
        return self

    @staticmethod
    def _line(proc, timeout, what):
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        assert ready, f"timed out after {timeout}s waiting for {what}"
        return proc.stdout.readline().strip()

    def stop(self):
        for p in (self.server, self.bus):
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

    def calls(self):
        if not self.log.exists():
            return []
        return [json.loads(l) for l in self.log.read_text().splitlines()
                if l.strip()]

    def notes(self):
        return [c for c in self.calls() if c["method"] == "Notify"]

    def wait(self, predicate, timeout=30, what="a notification"):
        def found():
            for n in self.notes():
                if predicate(n):
                    return n
            return None
        try:
            return wait_for(found, timeout, what=what)
        except AssertionError as e:
            raise AssertionError(f"{e}; notifications: {self.notes()}") \
                from None

    def wait_summary(self, summary, timeout=30):
        return self.wait(lambda n: n["summary"] == summary, timeout,
                         what=f"notification {summary!r}")


@pytest.fixture
def desktop(tmp_path, monkeypatch):
    srv = NotificationServer(tmp_path / "desktop").start()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", srv.address)
    yield srv
    srv.stop()


def ctl(*args, timeout=120):
    """Runs burnfsctl; asserts that it left no sanitizer report."""
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    r = run([BURNFSCTL] + [str(a) for a in args], timeout=timeout, env=env)
    marker = sanitizer_report(r.stderr)
    assert marker is None, f"sanitizer report ({marker}):\n{r.stderr}"
    return r


def tone(tmp_path, name, freq=440, sectors=TRACK_SECTORS):
    return make_wav(tmp_path / name, sectors * SECTOR_FRAMES, freq)


def mmss_seconds(text):
    m, s = text.split(":")
    return int(m) * 60 + int(s)


def assert_ours(n):
    assert n["app_name"] == "burnfs", n
    assert n["app_icon"] == "media-optical", n


# ---- the daemon ------------------------------------------------------------

def test_staging_done_then_burn_done(desktop, burnfs, tmp_path):
    mnt = burnfs()
    d = mnt.drive()
    name = d.path.name
    stage(d, [tone(tmp_path, "01 a.wav"), tone(tmp_path, "02 b.wav", 550)])
    ready = desktop.wait_summary(f"{name}: ready to burn")
    assert_ours(ready)
    m = re.fullmatch(r"2 tracks, (\d+:\d\d) of 79:57, (\d+:\d\d) left",
                     ready["body"])
    assert m, ready["body"]
    length, left = mmss_seconds(m[1]), mmss_seconds(m[2])
    # two 5 s tracks and their gaps; length and time left make the disc
    assert 10 <= length <= 16, ready["body"]
    assert abs(length + left - mmss_seconds("79:57")) <= 1, ready["body"]
    # once: nothing more is said while tracks/ stays quiet
    commit(d)
    d.wait_state("done")
    done = desktop.wait_summary("Audio CD burnt")
    assert_ours(done)
    verify = d.kv("status")["verify"]
    assert verify.startswith("passed"), verify
    assert done["body"] == f"{name}: 2 tracks burnt. Verify: {verify}"
    assert done["replaces_id"] == 0
    assert [n["summary"] for n in desktop.notes()].count(
        f"{name}: ready to burn") == 1


def test_burn_failed_notification(desktop, burnfs, tmp_path):
    mnt = burnfs([("v1", f"fail_write_at={IN_TRACK_2}")])
    d = mnt.drive()
    stage(d, [tone(tmp_path, "01 a.wav"), tone(tmp_path, "02 b.wav", 550)])
    commit(d)
    d.wait_state("failed")
    failed = desktop.wait_summary("Burn failed")
    assert_ours(failed)
    err = d.kv("status")["last_error"]
    assert "WRITE" in err, err
    assert failed["body"] == (f"{d.path.name}: {err}. Every staged track "
                              "stays in tracks/.")
    assert failed["hints"]["urgency"] == 2


def test_refused_file_notification(desktop, burnfs, tmp_path):
    mnt = burnfs()
    d = mnt.drive()
    text = tmp_path / "notes.txt"
    text.write_text("<&>x is not audio\n")
    r = sh(f"cp {quote(text)} {quote(d.tracks)}")
    assert r.returncode != 0
    n = desktop.wait_summary("File refused: notes.txt")
    assert_ours(n)
    # the server shows body markup: the reason's bytes are escaped
    assert n["body"] == (f"{d.path.name}: not an audio file (starts with "
                         "'&lt;&amp;&gt;x')"), n["body"]
    assert {"method": "GetCapabilities"} in desktop.calls()


def test_no_notify(desktop, burnfs, tmp_path):
    mnt = burnfs(extra_args=["--no-notify"])
    d = mnt.drive()
    (tmp_path / "n.txt").write_text("hello\n")
    assert sh(f"cp {quote(tmp_path / 'n.txt')} {quote(d.tracks)}"
              ).returncode != 0
    stage(d, [tone(tmp_path, "a.wav")])
    commit(d)
    d.wait_state("done")
    mnt.stop()  # a sender would have sent its queue by now
    assert desktop.notes() == []


def test_no_bus_burn_works_quietly(burnfs, tmp_path, monkeypatch):
    """The system unit's case: no session bus at all."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    mnt = burnfs()
    d = mnt.drive()
    (tmp_path / "n.txt").write_text("hello\n")
    assert sh(f"cp {quote(tmp_path / 'n.txt')} {quote(d.tracks)}"
              ).returncode != 0
    stage(d, [tone(tmp_path, "a.wav")])
    wait_for(lambda: "staged" in d.log(), 10, what="staged")
    commit(d)
    d.wait_state("done")
    assert "burn done" in d.log()
    mnt.stop()
    # a refusal, a track staged, a burn: nothing about a missing bus or
    # a notification on stderr, whose lines can only be the log's
    lines = [l for l in mnt.stderr_text().splitlines() if l.strip()]
    others = [l for l in lines if not l.startswith("burnfs[")]
    assert others == [], others


@pytest.mark.parametrize("server", [False, True],
                         ids=["plain-bus", "bus-with-server"])
def test_exits_at_unmount_after_the_bus_went_away(burnfs, tmp_path,
                                                  monkeypatch, server):
    """As at logout: the session bus is killed while burnfs still runs,
    with a connection open (after a notification was delivered) or with
    a plain dbus-daemon that has no notification server (the calls come
    back as errors), and a notification armed (a track just staged);
    `fusermount3 -u` then makes burnfs exit with status 0."""
    srv = NotificationServer(tmp_path / "desktop")
    if server:
        srv.start()
    else:
        srv.base.mkdir(parents=True)
        srv.bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile",
             "--print-address=1"], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        srv.address = srv._line(srv.bus, 20, "the bus address")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", srv.address)
    try:
        mnt = burnfs()
        d = mnt.drive()
        stage(d, [tone(tmp_path, "a.wav")])
        commit(d)
        d.wait_state("done")
        if server:
            srv.wait_summary("Audio CD burnt")
        stage(d, [tone(tmp_path, "b.wav", 550)])
        for p in (srv.server, srv.bus):
            if p:
                p.kill()
                p.wait(timeout=10)
        r = run(["fusermount3", "-u", str(mnt.mnt)])
        assert r.returncode == 0, r.stderr
        wait_for(lambda: mnt.proc.poll() is not None, 30,
                 what="burnfs to exit after the unmount")
        mnt.stop()  # status 0, no sanitizer report
    finally:
        srv.stop()


# ---- burnfsctl -------------------------------------------------------------

def test_burnfsctl_burn_progress_in_place(desktop, burnfs, tmp_path):
    mnt = burnfs([("v1", "speed=4")])
    d = mnt.drive()
    name = d.path.name
    stage(d, [tone(tmp_path, f"{i:02} t.wav", 300 + 50 * i, 750)
              for i in range(1, 4)])
    desktop.wait_summary(f"{name}: ready to burn")
    before = len(desktop.notes())
    r = ctl("burn", d.tracks)
    assert r.returncode == 0, r.stderr
    assert r.stderr == "", r.stderr  # said as notifications
    mine = desktop.notes()[before:]
    assert len(mine) >= 2, mine
    first, last = mine[0], mine[-1]
    assert_ours(first)
    assert first["replaces_id"] == 0 and first["id"] > 0, first
    # every later one updates the first in place
    assert all(n["replaces_id"] == first["id"] for n in mine[1:]), mine
    progress = mine[:-1]
    assert all(n["summary"] == "Burning audio CD" for n in progress), mine
    assert all(0 <= n["hints"]["value"] <= 100 for n in progress), mine
    assert any(re.search(r"track \d of 3, \d+%", n["body"])
               for n in progress), mine
    verify = d.kv("status")["verify"]
    assert last["summary"] == "Audio CD burnt", last
    assert last["body"] == f"{name}: 3 tracks burnt. Verify: {verify}"
    assert "value" not in last["hints"]
    # the daemon leaves a burn started by burnfsctl to burnfsctl
    assert [n["summary"] for n in desktop.notes()].count(
        "Audio CD burnt") == 1
    assert d.kv("status")["owner_command"] == "burnfsctl"


def test_burnfsctl_burn_failure(desktop, burnfs, tmp_path):
    mnt = burnfs([("v1", f"fail_write_at={IN_TRACK_2}")])
    d = mnt.drive()
    stage(d, [tone(tmp_path, "01 a.wav"), tone(tmp_path, "02 b.wav", 550)])
    r = ctl("burn", d.path)
    assert r.returncode == 1
    err = d.kv("status")["last_error"]
    want = (f"{d.path.name}: {err}. Every staged track stays in tracks/.")
    assert r.stderr == f"burnfsctl: Burn failed: {want}\n", r.stderr
    end = desktop.wait_summary("Burn failed")
    assert end["body"] == want and end["hints"]["urgency"] == 2


def test_burnfsctl_refusals(desktop, burnfs, tmp_path):
    mnt = burnfs()
    d = mnt.drive()
    # nothing staged on a blank disc: the commit's reason from the log
    r = ctl("burn", d.tracks)
    assert r.returncode == 1
    m = re.fullmatch(rf"burnfsctl: Burn refused: {d.path.name}: "
                     r"(commit: .+)\n", r.stderr)
    assert m, r.stderr
    assert m[1] in d.log()
    n = desktop.wait_summary("Burn refused")
    assert n["body"] == f"{d.path.name}: {m[1]}"
    # outside burnfs: a polite refusal, as a notification and on stderr
    r = ctl("burn", tmp_path)
    assert r.returncode == 1
    assert "is not in a burnfs drive directory" in r.stderr, r.stderr
    n = desktop.wait_summary("Not a burnfs drive")
    assert str(tmp_path) in n["body"]
    r = ctl("eject", tmp_path / "no-such-file")
    assert r.returncode == 1 and "No such file or directory" in r.stderr
    # a CD-R cannot be blanked
    r = ctl("blank", d.path)
    assert r.returncode == 1
    assert "only a CD-RW can be blanked" in r.stderr, r.stderr
    # usage
    r = ctl("burn")
    assert r.returncode == 2 and "usage:" in r.stderr


def test_burnfsctl_blank_and_eject(desktop, burnfs, tmp_path):
    mnt = burnfs([("v1", "media=cdrw80")])
    d = mnt.drive()
    stage(d, [tone(tmp_path, "a.wav")])
    r = ctl("burn", d.path)
    assert r.returncode == 0, r.stderr
    assert d.kv("media")["tracks"] == "1"
    r = ctl("blank", d.tracks)
    assert r.returncode == 0, r.stderr
    end = desktop.wait_summary("Disc blanked")
    assert end["body"] == (f"{d.path.name}: the CD-RW is blank and can be "
                           "burnt again")
    assert d.kv("media")["state"] == "blank"
    r = ctl("eject", d.path)
    assert r.returncode == 0, r.stderr
    assert d.kv("media")["type"] == "none"
    # the tray is open: no disc to blank, the drive's reason
    r = ctl("blank", d.path)
    assert r.returncode == 1
    assert r.stderr.startswith(f"burnfsctl: Blank refused: {d.path.name}: "
                               "blank: "), r.stderr


def test_burnfsctl_wait_and_status_without_bus(burnfs, tmp_path):
    """The one command for scripts: echo 1 > commit; burnfsctl wait.
    Without a session bus everything is said on stderr."""
    mnt = burnfs()
    d = mnt.drive()
    name = d.path.name
    assert d.write("do_not_finalize", 1).returncode == 0
    r = ctl("status", d.path)
    assert r.returncode == 0
    assert r.stdout == f"{name}: idle, no job since the mount\n"
    r = ctl("wait", d.path)
    assert r.returncode == 0 and r.stderr == ""
    stage(d, [tone(tmp_path, "a.wav")])
    commit(d)
    r = ctl("wait", d.tracks)
    assert r.returncode == 0, r.stderr
    assert d.state() == "done"
    verify = d.kv("status")["verify"]
    want = f"Audio CD burnt: {name}: 1 track burnt. Verify: {verify}"
    assert r.stderr == f"burnfsctl: {want}\n"
    r = ctl("status", d.tracks)
    assert r.returncode == 0 and r.stdout == want + "\n"
    # without a bus, burn says its end on stderr too
    stage(d, [tone(tmp_path, "b.wav")])
    r = ctl("burn", d.path)
    assert r.returncode == 0
    assert r.stderr.startswith("burnfsctl: Audio CD burnt: "), r.stderr


def test_burnfsctl_wait_failed_job(burnfs, tmp_path):
    mnt = burnfs([("v1", f"fail_write_at={IN_TRACK_2}")])
    d = mnt.drive()
    stage(d, [tone(tmp_path, "01 a.wav"), tone(tmp_path, "02 b.wav", 550)])
    commit(d)
    r = ctl("wait", d.path)
    assert r.returncode == 1
    err = d.kv("status")["last_error"]
    assert r.stderr == (f"burnfsctl: Burn failed: {d.path.name}: {err}. "
                        "Every staged track stays in tracks/.\n"), r.stderr
    r = ctl("status", d.path)
    assert r.returncode == 0 and r.stdout.startswith("Burn failed: ")
