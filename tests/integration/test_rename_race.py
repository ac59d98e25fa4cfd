"""tracks/ stays responsive while copy tools race on the same names.

Workers in separate processes copy, move, rename files onto themselves
(`mv -f x x`, os.rename(x, x)), remove, set extended attributes and
commit, all on a handful of names in tracks/, for a bounded time
(BURNFS_RACE_SECONDS, default 60).  A rename of a name onto itself that
races with another process replacing that name (rm, then cp) once made
the kernel send a rename between two different nodes of the same name,
which libfuse's high-level path locks waited on forever, leaving every
ls, cp and rm in tracks/ hanging.  A watchdog lists the directory
throughout and fails the test when a listing takes longer than a
second (BURNFS_RACE_LS_LIMIT); at the end the daemon must still be
alive and answer, and unmount cleanly.

Also here: names burnfs takes out of tracks/ by itself (burnt tracks)
are gone from the kernel's view as soon as status says done.
"""

import errno
import os
import subprocess
import sys
import time

import pytest

from burnfs_helpers import SECTOR_FRAMES, make_wav, quote, run

SECONDS = float(os.environ.get("BURNFS_RACE_SECONDS", "60"))
LS_LIMIT = float(os.environ.get("BURNFS_RACE_LS_LIMIT", "1.0"))
NAMES = ["x.wav", "y.wav", "z.wav"]

# One worker loop each; every command's failure is expected and ignored
# (a name vanishes, a burn holds the tracks, the disc is full): only
# liveness is checked.
SHELL_WORKERS = {
    "cp": 'while [ ! -e "$STOP" ]; do for n in {names}; do '
          'cp -f "$SRC" "$T/$n" 2>/dev/null; done; done',
    "mv-self": 'while [ ! -e "$STOP" ]; do for n in {names}; do '
               'mv -f "$T/$n" "$T/$n" 2>/dev/null; done; done',
    "mv": 'while [ ! -e "$STOP" ]; do mv -f "$T/x.wav" "$T/y.wav" '
          '2>/dev/null; mv -f "$T/y.wav" "$T/z.wav" 2>/dev/null; done',
    "rm": 'while [ ! -e "$STOP" ]; do for n in {names}; do '
          'rm -f "$T/$n" 2>/dev/null; done; sleep 0.01; done',
    "commit": 'while [ ! -e "$STOP" ]; do echo 1 > "$D/commit" '
              '2>/dev/null; sleep 2; done',
}

PY_WORKERS = {
    "rename-self": """
import os, sys
t, stop, names = sys.argv[1], sys.argv[2], sys.argv[3:]
while not os.path.exists(stop):
    for n in names:
        try:
            os.rename(os.path.join(t, n), os.path.join(t, n))
        except OSError:
            pass
""",
    "xattr": """
import os, sys
t, stop, names = sys.argv[1], sys.argv[2], sys.argv[3:]
while not os.path.exists(stop):
    for n in names:
        try:
            os.setxattr(os.path.join(t, n), "user.isrc", b"USABC2600001")
            os.getxattr(os.path.join(t, n), "user.isrc")
        except OSError:
            pass
""",
}


def start_workers(v1, src, stop):
    env = dict(os.environ, T=str(v1.tracks), D=str(v1.path), SRC=str(src),
               STOP=str(stop))
    procs = []
    names = " ".join(quote(n) for n in NAMES)
    for script in SHELL_WORKERS.values():
        procs.append(subprocess.Popen(
            ["bash", "-c", script.format(names=names)], env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
    for script in PY_WORKERS.values():
        procs.append(subprocess.Popen(
            [sys.executable, "-c", script, str(v1.tracks), str(stop)] + NAMES,
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
    return procs


def timed_ls(path, limit):
    """Seconds `ls -l path` took, or None when it did not finish within
    limit (the process is left behind: a hung FUSE request cannot be
    killed until the daemon goes away)."""
    start = time.monotonic()
    p = subprocess.Popen(["ls", "-l", str(path)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        if time.monotonic() - start > limit:
            p.kill()
            return None
        time.sleep(0.01)
    return time.monotonic() - start


@pytest.mark.time_limit(int(SECONDS) + 120)
@pytest.mark.not_through_shim("a race in the FUSE layer, the same with "
                              "either transport: it runs once, in the suite "
                              "without the sg shim")
def test_rename_onto_itself_races_replace(mnt, tmp_path):
    v1 = mnt.drive("v1")
    src = make_wav(tmp_path / "src.wav", 300 * SECTOR_FRAMES, 440)
    # Several sessions, so that commits keep burning for the whole run.
    r = run(["bash", "-c", f"echo 1 > {quote(v1.file('do_not_finalize'))}"])
    assert r.returncode == 0, r.stderr
    stop = tmp_path / "stop"
    procs = start_workers(v1, src, stop)
    slowest, listings, hung = 0.0, 0, False
    try:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            took = timed_ls(v1.tracks, LS_LIMIT)
            if took is None:
                hung = True
                break
            slowest = max(slowest, took)
            listings += 1
            time.sleep(0.1)
    finally:
        stop.touch()
        if hung:
            for p in procs:
                p.kill()
        else:
            for p in procs:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    hung = True
    assert not hung, (f"tracks/ did not answer ls within {LS_LIMIT}s "
                      f"after {listings} listings")
    assert mnt.proc.poll() is None, "burnfs exited during the race"
    took = timed_ls(v1.tracks, LS_LIMIT)
    assert took is not None, "tracks/ hangs after the race"
    v1.wait_state(("idle", "done", "failed", "cancelled"), timeout=120)
    print(f"{listings} listings, the slowest took {slowest:.3f}s")


def test_burnt_tracks_leave_the_kernels_view(mnt, tmp_path):
    v1 = mnt.drive("v1")
    src = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440)
    r = run(["cp", str(src), str(v1.tracks / "a.wav")])
    assert r.returncode == 0, r.stderr
    # This process looks the name up and lists tracks/ before the burn.
    before = os.stat(v1.tracks / "a.wav")
    assert os.listdir(v1.tracks) == ["a.wav"]
    dir_mtime = os.stat(v1.tracks).st_mtime_ns
    r = run(["bash", "-c", f"echo 1 > {quote(v1.file('commit'))}"])
    assert r.returncode == 0, r.stderr
    v1.wait_state("done")
    # Right after done: the old name is gone, the listing is empty.
    try:
        os.stat(v1.tracks / "a.wav")
        raise AssertionError("a.wav still there after the burn")
    except OSError as e:
        assert e.errno == errno.ENOENT, e
    assert os.listdir(v1.tracks) == []
    # tracks/ changed: its modification time moved on.
    assert os.stat(v1.tracks).st_mtime_ns > dir_mtime
    assert before.st_ino != os.stat(v1.tracks).st_ino
