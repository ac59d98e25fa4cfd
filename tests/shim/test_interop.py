"""burnfs and cdrskin on the same virtual recorder: the same disc.

cdrskin reaches the recorder through the sg shim, burnfs through
--virtual on the same disc files.  For the same tracks both must leave
the same table of contents and the same PCM; an appendable disc left by
either one takes the other's next session.  BURNFS names the burnfs
executable, BURNFS_SGSHIM the shim (both set by meson).
"""

import os
import shutil
import subprocess
import time

import pytest

from test_shim_programs import (NEXT_SESSION_GAP, SECTOR, SHIM,
                                TIMEOUT, burn_three, cdrskin, cue_tracks,
                                minfo, pcm_of, sectors, shim_env, sources)

BURNFS = os.environ.get("BURNFS", "")

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
    pytest.mark.skipif(not BURNFS or not os.path.exists(BURNFS),
                       reason="BURNFS does not name the burnfs executable"),
    pytest.mark.skipif(shutil.which("cdrskin") is None,
                       reason="cdrskin is not installed"),
]

assert sources  # the fixture, imported for the tests below


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def unmount(mnt):
    """fusermount3 -u, again while it answers "Device or resource busy":
    for a moment after a job burnfs's own thread updates the file
    managers' views through the mount (doc/files.md, live views)."""
    last = None

    def done():
        nonlocal last
        if not os.path.ismount(mnt):
            return True
        last = subprocess.run(["fusermount3", "-u", str(mnt)],
                              capture_output=True, text=True,
                              timeout=TIMEOUT)
        if last.returncode != 0 and "busy" not in last.stderr:
            raise AssertionError(f"fusermount3 -u {mnt}: {last.stderr}")
        return last.returncode == 0

    wait_for(done, TIMEOUT, f"unmount of {mnt}")


def read_kv(path):
    out = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


class Burnfs:
    """burnfs -f with one virtual recorder v on IMAGE."""

    def __init__(self, base, image):
        self.mnt = base / "mnt"
        self.mnt.mkdir(exist_ok=True)
        self.err = open(base / "burnfs.stderr", "ab")
        env = dict(os.environ)
        env.pop("LD_PRELOAD", None)
        self.proc = subprocess.Popen(
            [BURNFS, "-f", f"--virtual=v:{image}",
             f"--spool={base / 'spool'}", str(self.mnt)],
            stdin=subprocess.DEVNULL, stdout=self.err,
            stderr=subprocess.STDOUT, env=env)
        wait_for(lambda: self.proc.poll() is not None
                 or os.path.ismount(self.mnt), 30, "mount")
        assert self.proc.poll() is None, "burnfs exited before mounting"
        self.drive = self.mnt / "v"

    def burn(self, *wavs, do_not_finalize=False):
        for i, wav in enumerate(wavs, 1):
            subprocess.run(["cp", str(wav), str(self.drive / "tracks" /
                                                f"{i:02d} {wav.name}")],
                           check=True, timeout=TIMEOUT)
        subprocess.run(["bash", "-c", f"echo {int(do_not_finalize)} > "
                        f"'{self.drive}/do_not_finalize'"], check=True)
        subprocess.run(["bash", "-c", f"echo 1 > '{self.drive}/commit'"],
                       check=True, timeout=TIMEOUT)
        state = wait_for(
            lambda: read_kv(self.drive / "status").get("state")
            in ("done", "failed", "cancelled")
            and read_kv(self.drive / "status")["state"], TIMEOUT, "burn")
        assert state == "done", (self.drive / "log").read_text()

    def media(self):
        return read_kv(self.drive / "media")

    def stop(self):
        unmount(self.mnt)
        assert self.proc.wait(timeout=TIMEOUT) == 0
        self.err.close()


def test_same_tracks_same_disc(tmp_path, sources):
    by_cdrskin = tmp_path / "cdrskin-disc"
    burn_three(shim_env(by_cdrskin), sources, tmp_path)

    by_burnfs = tmp_path / "burnfs-disc"
    fs = Burnfs(tmp_path, by_burnfs)
    try:
        fs.burn(sources["a"], sources["b"], sources["c"])
    finally:
        fs.stop()

    toc_cdrskin, out1 = cue_tracks(str(by_cdrskin) + ".cue")
    toc_burnfs, out2 = cue_tracks(str(by_burnfs) + ".cue")
    assert len(toc_burnfs) == 4, out2  # 3 tracks and the lead-out
    assert toc_burnfs == toc_cdrskin, f"{out1}\n{out2}"
    a = (by_cdrskin.with_suffix(".bin")).read_bytes()
    b = (by_burnfs.with_suffix(".bin")).read_bytes()
    leadout = toc_burnfs[-1][1]
    assert a[:leadout * SECTOR] == b[:leadout * SECTOR], "PCM differs"


def test_cdrskin_multi_then_burnfs_appends(tmp_path, sources):
    image = tmp_path / "disc"
    env = shim_env(image)
    cdrskin(env, "-v", "-tao", "-multi", "-audio", str(sources["b"]))
    nwa = sectors(len(pcm_of(sources["b"]))) + 2 + NEXT_SESSION_GAP

    fs = Burnfs(tmp_path, image)
    try:
        media = fs.media()
        assert media.get("state") == "appendable", media
        fs.burn(sources["c"])
        media = fs.media()
        assert media.get("state") == "closed", media
        assert media.get("sessions") == "2", media
    finally:
        fs.stop()

    info, out = minfo(env)
    assert info.get("disk status") == "complete", out
    assert info.get("number of sessions") == "2", out
    bin_bytes = image.with_suffix(".bin").read_bytes()
    c = pcm_of(sources["c"])
    assert bin_bytes[nwa * SECTOR:nwa * SECTOR + len(c)] == c


def test_burnfs_appendable_then_cdrskin_appends(tmp_path, sources):
    image = tmp_path / "disc"
    fs = Burnfs(tmp_path, image)
    try:
        fs.burn(sources["b"], do_not_finalize=True)
        assert fs.media().get("state") == "appendable", fs.media()
    finally:
        fs.stop()
    nwa = sectors(len(pcm_of(sources["b"]))) + 2 + NEXT_SESSION_GAP

    env = shim_env(image)
    info, out = minfo(env)
    assert info.get("disk status") == "incomplete/appendable", out
    assert info.get("Next writable address") == str(nwa), out
    cdrskin(env, "-v", "-tao", "-audio", str(sources["c"]))
    info, out = minfo(env)
    assert info.get("disk status") == "complete", out
    assert info.get("number of sessions") == "2", out
    tracks, out = cue_tracks(str(image) + ".cue")
    assert [t[1] for t in tracks[:2]] == [0, nwa], out
    c = pcm_of(sources["c"])
    bin_bytes = image.with_suffix(".bin").read_bytes()
    assert bin_bytes[nwa * SECTOR:nwa * SECTOR + len(c)] == c


def test_recorders_found_without_drive_option(tmp_path):
    """Without --drive burnfs exposes every recorder libcdio finds: here
    the shim's /dev/sr0, reached through the SG_IO transport."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    env = shim_env(tmp_path / "disc")
    with open(tmp_path / "burnfs.stderr", "wb") as err:
        proc = subprocess.Popen(
            [BURNFS, "-f", f"--spool={tmp_path / 'spool'}", str(mnt)],
            stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT,
            env=env)
    try:
        wait_for(lambda: proc.poll() is not None or os.path.ismount(mnt),
                 30, "mount")
        assert proc.poll() is None, (tmp_path / "burnfs.stderr").read_text()
        assert sorted(os.listdir(mnt)) == ["sr0"]
        media = read_kv(mnt / "sr0" / "media")
        assert media.get("type") == "CD-R", media
        assert media.get("state") == "blank", media
    finally:
        subprocess.run(["fusermount3", "-u", str(mnt)], timeout=TIMEOUT)
        assert proc.wait(timeout=TIMEOUT) == 0
