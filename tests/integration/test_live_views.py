"""Live views: the changes burnfs makes by itself raise the inotify
events a file manager's directory monitor waits for (GIO watches a
directory with inotify; FUSE's invalidations raise none).  burnfs
removes burnt tracks and folders, a refused file's ghost and the tracks
that leave disc/ with unlink/rmdir through its own mount point, and
makes the tracks that appear in disc/ with mknod, so the kernel raises
IN_DELETE and IN_CREATE.  inotifywait (inotify-tools) watches tracks/
and disc/ while that happens.

When the mount point no longer leads to the mount (here: a lazy
unmount while a directory of the mount stays open), burnfs falls back to
invalidations, says so once in the log, and exits when the last user
lets go."""

import os
import select
import subprocess
import time

import pytest

from burnfs_helpers import cat, commit, ls, make_wav, run, stage, wait_for

FALLBACK = "file managers see the changes burnfs makes by itself only " \
    "when they list again"


class Inotify:
    """`inotifywait -m` on some directories; events are (directory,
    set of event names, name) in the order the kernel raised them."""

    def __init__(self, *dirs, timeout=30):
        self.dirs = {str(d).rstrip("/") + "/": str(d) for d in dirs}
        self.proc = subprocess.Popen(
            ["inotifywait", "-m", "-e", "create,delete,delete_self,"
             "moved_from,moved_to", "--format", "%w\t%e\t%f",
             *[str(d) for d in dirs]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.events = []
        self.partial = b""
        # Nothing may happen before the watches are there.
        err = b""
        deadline = time.monotonic() + timeout
        while b"Watches established" not in err:
            left = deadline - time.monotonic()
            assert left > 0 and self.proc.poll() is None, \
                f"inotifywait did not start: {err.decode()}"
            ready, _, _ = select.select([self.proc.stderr], [], [], left)
            if ready:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                assert chunk, f"inotifywait ended: {err.decode()}"
                err += chunk

    def _read(self, timeout):
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return
        chunk = os.read(fd, 65536)
        assert chunk, "inotifywait ended"
        *lines, self.partial = (self.partial + chunk).split(b"\n")
        for ln in lines:
            where, what, name = ln.decode().split("\t")
            where = self.dirs.get(where, where)
            self.events.append((where, set(what.split(",")), name))

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while not predicate(self.events):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {what} in {self.events}")
            self._read(min(left, 0.2))

    def stop(self):
        self.proc.kill()
        self.proc.communicate(timeout=10)


def has(events, where, event, name):
    return any(w == str(where) and event in e and n == name
               for w, e, n in events)


def count(events, where, event, name):
    return sum(w == str(where) and event in e and n == name
               for w, e, n in events)


def album(tmp_path, name, freqs):
    folder = tmp_path / name
    folder.mkdir()
    for k, f in enumerate(freqs):
        make_wav(folder / f"{k + 1:02d} t.wav", 44100 * 4, f)
    return folder


@pytest.mark.time_limit(150)
def test_burn_deletes_tracks_and_creates_disc_tracks(burnfs, tmp_path):
    v1 = burnfs().drive()
    disc = v1.path / "disc"
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "b.wav", 44100 * 5, 550)])
    folder = album(tmp_path, "album", [330, 660])
    r = run(["cp", "-r", str(folder), str(v1.tracks)])
    assert r.returncode == 0, r.stderr
    assert ls(v1.tracks) == ["a.wav", "album", "b.wav"]
    watch = Inotify(v1.tracks, v1.tracks / "album", disc)
    try:
        commit(v1)
        v1.wait_state("done", timeout=90)
        wanted = ["01.wav", "02.wav", "03.wav", "04.wav"]

        def announced(ev):
            return all(has(ev, v1.tracks, "DELETE", n)
                       for n in ("a.wav", "b.wav", "album")) and \
                all(has(ev, disc, "CREATE", n) for n in wanted) and \
                has(ev, v1.tracks / "album", "DELETE_SELF", "")
        watch.wait(announced, 20, "IN_DELETE for the burnt tracks and "
                   "the folder, IN_CREATE for the disc's tracks")
    finally:
        watch.stop()
    ev = watch.events
    # The folder went as a directory (rmdir), the tracks as files; each
    # name once; nothing else appeared in tracks/.
    assert {"DELETE", "ISDIR"} <= next(
        e for w, e, n in ev if w == str(v1.tracks) and n == "album"), ev
    assert not any("ISDIR" in e for w, e, n in ev
                   if w == str(v1.tracks) and n != "album"), ev
    assert all(count(ev, v1.tracks, "DELETE", n) == 1
               for n in ("a.wav", "b.wav", "album")), ev
    assert not any("CREATE" in e for w, e, n in ev
                   if w == str(v1.tracks)), ev
    assert all(count(ev, disc, "CREATE", n) == 1 for n in wanted), ev
    # What the views then show: burnfs's listing and attributes.
    assert ls(v1.tracks) == []
    assert ls(disc) == wanted
    st = os.stat(disc / "04.wav")  # b.wav, after the album
    assert oct(st.st_mode) == oct(0o100444)
    assert st.st_size == 44 + 375 * 2352
    assert FALLBACK not in v1.log()


def test_refused_copy_is_created_then_deleted(burnfs, tmp_path):
    v1 = burnfs().drive()
    text = tmp_path / "notes.wav"
    text.write_text("Hello, this is not audio\n" * 100)
    watch = Inotify(v1.tracks)
    try:
        r = run(["cp", str(text), str(v1.tracks)])
        assert r.returncode != 0, "cp of a text file into tracks/ worked"
        watch.wait(lambda ev: has(ev, v1.tracks, "DELETE", "notes.wav"),
                   20, "IN_DELETE for the refused file")
    finally:
        watch.stop()
    ev = [(w, e, n) for w, e, n in watch.events if n == "notes.wav"]
    kinds = [e & {"CREATE", "DELETE"} for w, e, n in ev]
    assert kinds == [{"CREATE"}, {"DELETE"}], watch.events
    assert ls(v1.tracks) == []


@pytest.mark.not_through_shim("load is a burnfs virtual "
                               "recorder's file; the sg shim shows a real drive")
@pytest.mark.time_limit(150)
def test_eject_and_load_delete_and_create_disc_tracks(burnfs, tmp_path):
    v1 = burnfs().drive()
    disc = v1.path / "disc"
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "b.wav", 44100 * 5, 550)])
    commit(v1)
    v1.wait_state("done", timeout=90)
    assert ls(disc) == ["01.wav", "02.wav"]
    watch = Inotify(disc)
    try:
        # The tray opens: the disc's tracks leave disc/.
        assert v1.write("eject", 1).returncode == 0
        watch.wait(lambda ev: has(ev, disc, "DELETE", "01.wav") and
                   has(ev, disc, "DELETE", "02.wav"), 20,
                   "IN_DELETE for the disc's tracks at eject")
        assert ls(disc) == []
        # It closes on the same disc: they come back.
        assert v1.write("eject", 0).returncode == 0
        watch.wait(lambda ev: count(ev, disc, "CREATE", "01.wav") == 1 and
                   count(ev, disc, "CREATE", "02.wav") == 1, 20,
                   "IN_CREATE for the disc's tracks after the tray closed")
        assert ls(disc) == ["01.wav", "02.wav"]
        # Another (blank) disc: they leave again.
        assert v1.write("eject", 1).returncode == 0
        assert v1.write("load", "cdr80").returncode == 0
        assert v1.write("eject", 0).returncode == 0
        watch.wait(lambda ev: count(ev, disc, "DELETE", "01.wav") == 2 and
                   count(ev, disc, "DELETE", "02.wav") == 2, 20,
                   "IN_DELETE for the tracks of the disc taken away")
    finally:
        watch.stop()
    assert ls(disc) == []
    assert count(watch.events, disc, "CREATE", "01.wav") == 1, watch.events


@pytest.mark.time_limit(150)
def test_unreachable_mount_point_falls_back_to_invalidations(burnfs,
                                                            tmp_path):
    """A lazy unmount detaches the mount while a directory of it stays
    open: the mount point leads to the empty directory under it, so
    burnfs cannot announce through it; it invalidates instead, says so
    once, and exits once the directory is closed."""
    mount = burnfs()
    v1 = mount.drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "b.wav", 44100 * 5, 550)])
    fd = os.open(v1.path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        r = run(["fusermount3", "-u", "-z", str(mount.mnt)])
        assert r.returncode == 0, r.stderr
        assert not os.path.ismount(mount.mnt)
        # The drive directory, through the open descriptor.
        here = f"/proc/{os.getpid()}/fd/{fd}"
        with open(f"{here}/commit", "w") as f:
            f.write("1\n")
        wait_for(lambda: "state: done" in cat(f"{here}/status"), 90,
                 what="the burn to end")
        assert ls(f"{here}/tracks") == []
        assert ls(f"{here}/disc") == ["01.wav", "02.wav"]
        log = cat(f"{here}/log")
        assert log.count(FALLBACK) == 1, log
        assert mount.proc.poll() is None, "burnfs exited with a user left"
    finally:
        os.close(fd)
    # The last user let go: burnfs exits by itself, with status 0.
    wait_for(lambda: mount.proc.poll() is not None, 30,
             what="burnfs to exit")
    assert mount.proc.returncode == 0, mount.stderr_text()
    assert mount.stderr_text().count(FALLBACK) == 1, mount.stderr_text()
