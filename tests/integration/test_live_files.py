"""The drive's files as live views: `progress` and `log` are regular
files that grow and never make a reader wait, so `tail -f` follows them
(coreutils tail polls a FUSE file by its size) and a new job starts
`progress` afresh (tail reports the truncation and follows); every text
and control file reports its real size; times move with the text;
disc/ follows the disc after a burn, an eject and a load; -f echoes the
log on stderr; and a paced 4x recorder's speed and remaining time are
those of the burn after its first five seconds."""

import os
import select
import subprocess
import time

import pytest

from burnfs_helpers import (commit, duration_s, ls, make_wav, parse_kv,
                            parse_progress, progress_lines, stage, wait_for)

TEXT_FILES = ("info", "media", "toc", "toc.cue", "speeds", "status", "log",
              "progress")
CONTROLS = ("do_not_finalize", "keep_session_open", "test_write",
            "buffer_underrun_protection", "write_speed", "mcn", "verify",
            "write_mode", "pregap", "cdtext", "disc_title", "disc_performer")


class Follower:
    """`tail -n +1 -f FILE`, its output read line by line with deadlines
    (from the pipe itself: a buffered reader would hide lines from
    select)."""

    def __init__(self, path):
        self.proc = subprocess.Popen(
            ["tail", "-n", "+1", "-f", str(path)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.lines = []
        self.partial = b""

    def until(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            for ln in self.lines:
                if predicate(ln):
                    return ln
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"tail -f: no {what} in {self.lines}")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                assert chunk, f"tail -f ended: {self.proc.stderr.read()}"
                *done, self.partial = (self.partial + chunk).split(b"\n")
                self.lines += [d.decode() for d in done]

    def stop(self):
        self.proc.kill()
        _, err = self.proc.communicate(timeout=10)
        return err.decode()


def state_of(line):
    p = parse_progress(line)
    return p and p["state"]


@pytest.mark.time_limit(180)
def test_tail_follows_progress_across_jobs(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "pace=1,speed=8")]).drive()
    assert v1.write("verify", 0).returncode == 0
    assert v1.write("do_not_finalize", 1).returncode == 0
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 6, 440),
               make_wav(tmp_path / "b.wav", 44100 * 4, 550)])
    tail = Follower(v1.file("progress"))
    try:
        commit(v1)
        tail.until(lambda ln: ln.startswith("burn: 2 tracks"), 30, "header")
        tail.until(lambda ln: state_of(ln) == "done", 90, "done line")
        writing = [parse_progress(ln) for ln in tail.lines
                   if state_of(ln) == "writing"]
        assert any(f["track"] == "2" for f in writing), tail.lines
        assert all(len(ln) <= 80 for ln in tail.lines), tail.lines
        # The same lines as the file holds: nothing lost, nothing twice.
        assert tail.lines == v1.read("progress").splitlines()

        # A second job starts the file afresh: tail says so and follows.
        assert v1.write("test_write", 1).returncode == 0
        stage(v1, [make_wav(tmp_path / "c.wav", 44100 * 4, 660)])
        first = len(tail.lines)
        commit(v1)
        tail.until(lambda ln: ln.startswith("test-write: 1 track"), 30,
                   "second header")
        tail.until(lambda ln: tail.lines.index(ln) > first and
                   state_of(ln) == "done", 90, "second done line")
    finally:
        err = tail.stop()
    assert "file truncated" in err, err


def test_progress_reads_at_once_while_a_burn_runs(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "pace=1,speed=1")]).drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 20, 440)])
    commit(v1)
    v1.wait_state("writing", timeout=30)
    path = v1.file("progress")
    # A reader that reads to the end returns at once (an editor that
    # opens the file is not held until the burn ends).
    r = subprocess.run(["cat", str(path)], capture_output=True, text=True,
                       timeout=5)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("burn: 1 track"), r.stdout
    with open(path, "rb") as f:
        data = f.read()
        size = os.fstat(f.fileno()).st_size
    assert size >= len(data) > 0
    # What was read is where it was: the file only grows.
    wait_for(lambda: os.stat(path).st_size > size, 20, what="a new line")
    with open(path, "rb") as f:
        assert f.read(len(data)) == data
    assert v1.write("cancel", 1).returncode == 0
    v1.wait_state("cancelled", timeout=60)
    assert state_of(v1.read("progress").splitlines()[-1]) == "cancelled"


def test_sizes_and_times_are_real(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440)])
    for name in TEXT_FILES + CONTROLS:
        path = v1.file(name)
        with open(path, "rb") as f:
            data = f.read()
        assert os.stat(path).st_size == len(data), name
    for name in ("info", "media", "toc", "speeds", "status", "log"):
        assert os.stat(v1.file(name)).st_size > 0, name

    # A change shows in the size and the time of log and of the drive
    # directory, without anyone reading the files.
    log_before = os.stat(v1.file("log"))
    dir_before = os.stat(v1.path).st_mtime_ns
    wait_for(lambda: time.time_ns() > dir_before + 10_000_000, 5)
    assert v1.write("do_not_finalize", 1).returncode == 0
    log_after = os.stat(v1.file("log"))
    assert log_after.st_size > log_before.st_size
    assert log_after.st_mtime_ns > log_before.st_mtime_ns
    assert os.stat(v1.path).st_mtime_ns > dir_before
    assert os.stat(v1.file("do_not_finalize")).st_size == 2


def test_tail_follows_log(burnfs, tmp_path):
    v1 = burnfs().drive()
    tail = Follower(v1.file("log"))
    try:
        assert v1.write("write_speed", "8x").returncode == 0
        tail.until(lambda ln: ln.endswith("write_speed set to 8x"), 20,
                   "write_speed line")
        assert v1.write("mcn", "4006381333932").returncode != 0
        tail.until(lambda ln: "check digit" in ln, 20, "refusal line")
    finally:
        tail.stop()


def test_foreground_echoes_the_log(burnfs):
    mnt = burnfs()
    v1 = mnt.drive()
    assert v1.write("do_not_finalize", 1).returncode == 0
    wait_for(lambda: f"burnfs[{v1.path.name}]: do_not_finalize set to 1"
             in mnt.stderr_text(), 10, what="the log line on stderr")


@pytest.mark.not_through_shim("load is a burnfs virtual "
                               "recorder's file; the sg shim shows a real drive")
def test_disc_follows_burn_eject_load(burnfs, tmp_path):
    v1 = burnfs().drive()
    disc = v1.path / "disc"
    assert ls(disc) == []
    t0 = os.stat(disc).st_mtime_ns
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "b.wav", 44100 * 5, 550)])
    commit(v1)
    v1.wait_state("done", timeout=90)
    assert ls(disc) == ["01.wav", "02.wav"]
    t1 = os.stat(disc).st_mtime_ns
    assert t1 > t0
    assert os.stat(disc / "02.wav").st_size == 44 + 375 * 2352
    assert v1.write("eject", 1).returncode == 0
    assert v1.write("load", "cdr80").returncode == 0
    assert v1.write("eject", 0).returncode == 0
    assert ls(disc) == []
    assert not (disc / "01.wav").exists()
    assert os.stat(disc).st_mtime_ns > t1
    assert os.stat(v1.path).st_mtime_ns >= os.stat(disc).st_mtime_ns


def test_refused_file_leaves_no_entry(burnfs, tmp_path):
    v1 = burnfs().drive()
    before = os.stat(v1.tracks).st_mtime_ns
    text = tmp_path / "notes.wav"
    text.write_text("Hello, this is not audio\n" * 100)
    r = subprocess.run(["cp", str(text), str(v1.tracks)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode != 0
    assert ls(v1.tracks) == []
    assert not (v1.tracks / "notes.wav").exists()
    assert os.stat(v1.tracks).st_mtime_ns > before


@pytest.mark.time_limit(180)
def test_speed_and_remaining_on_a_paced_4x_burn(burnfs, tmp_path):
    """A 4x recorder burns 300 sectors a second from its buffer: after
    the first five seconds, speed is 4x and remaining the time the
    writing then took, both within 10% (a check of the figures, not of
    how fast burnfs is)."""
    v1 = burnfs(drives=[("v1", "pace=1,speed=4")]).drive()
    assert v1.write("verify", 0).returncode == 0
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 80, 440)])  # 20 s at 4x
    fd = os.open(v1.file("status"), os.O_RDONLY)
    samples = []
    try:
        p = select.poll()
        p.register(fd, select.POLLIN)
        commit(v1)

        def woke():
            if not p.poll(5000):
                return None
            kv = parse_kv(os.pread(fd, 65536, 0).decode())
            samples.append(kv)
            return kv.get("state") in ("finishing", "done", "failed") or None

        wait_for(woke, 120, interval=0, what="status until finishing")
    finally:
        os.close(fd)
    writing = [s for s in samples if s["state"] == "writing"
               and int(s["track"]) == 1]
    assert writing and samples[-1]["state"] == "finishing", samples[-1]
    start = float(writing[0]["elapsed"])
    end = float(samples[-1]["elapsed"])  # the drive has burnt it all
    assert 18 < end - start < 23, (start, end)
    checked = 0
    for s in writing:
        t = float(s["elapsed"])
        truth = end - t
        if t - start < 5 or truth < 2:
            continue
        speed = float(s["speed"].rstrip("x"))
        assert abs(speed - 4.0) <= 0.4, s
        remaining = float(s["remaining"])
        assert abs(remaining - truth) <= 0.1 * truth, (s, truth)
        checked += 1
    assert checked >= 10, samples
    # The progress lines agree with status.
    _, lines = progress_lines(v1)
    late = [f for f in lines if f["state"] == "writing" and f["speed"]
            and duration_s(f["elapsed"]) - start >= 5]
    assert late and all(abs(float(f["speed"]) - 4.0) <= 0.4 for f in late)


def test_missing_dev_fuse_exits_4(tmp_path):
    """Without /dev/fuse (a private mount namespace whose /dev is an empty
    tmpfs) burnfs says so and exits with status 4, as troubleshooting.md
    says; the check needs no root (unshare --map-root-user)."""
    burnfs_exe = os.environ["BURNFS"]
    (tmp_path / "mnt").mkdir()
    script = (f"mount -t tmpfs none /dev && exec {burnfs_exe} -f "
              f"--virtual=v:{tmp_path}/disc --spool={tmp_path}/spool "
              f"{tmp_path}/mnt")
    r = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                        script], capture_output=True, text=True, timeout=30)
    assert r.returncode == 4, (r.returncode, r.stderr)
    assert "fuse: device not found" in r.stderr, r.stderr
