"""burnfs --drive=/dev/sr0 through the sg shim when the drive is shared
or lost: while burnfs burns it holds the drive exclusively (cdrskin
finds it busy, and can use it again afterwards); a drive that vanishes
in the middle of a burn (the shim's vanish_after_writes=N) ends the burn
as failed with "drive gone" in status and log, the tracks stay staged,
and unmount works.  BURNFS names the burnfs executable, BURNFS_SGSHIM
the shim (both set by meson).
"""

import os
import subprocess
import time

import pytest

from test_interop import unmount

from test_shim_programs import SHIM, TIMEOUT, cdrskin, shim_env, sox_wav

BURNFS = os.environ.get("BURNFS", "")

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
    pytest.mark.skipif(not BURNFS or not os.path.exists(BURNFS),
                       reason="BURNFS does not name the burnfs executable"),
]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def kv(path):
    out = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() not in out:
            out[key.strip()] = value.strip()
    return out


class ShimBurnfs:
    """burnfs -f --drive=/dev/sr0 with the shim presenting IMAGE."""

    def __init__(self, base, image, keys):
        self.mnt = base / "mnt"
        self.mnt.mkdir()
        self.errpath = base / "burnfs.stderr"
        err = open(self.errpath, "wb")
        self.proc = subprocess.Popen(
            [BURNFS, "-f", "--drive=/dev/sr0", f"--spool={base / 'spool'}",
             str(self.mnt)],
            stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT,
            env=shim_env(image, keys))
        err.close()
        wait_for(lambda: self.proc.poll() is not None
                 or os.path.ismount(self.mnt), 30, "mount")
        assert self.proc.poll() is None, self.errpath.read_text()
        self.drive = self.mnt / "sr0"

    def stage_and_commit(self, wav):
        subprocess.run(["cp", str(wav), str(self.drive / "tracks")],
                       check=True, timeout=TIMEOUT)
        subprocess.run(["bash", "-c", f"echo 1 > '{self.drive}/commit'"],
                       check=True, timeout=TIMEOUT)

    def state(self):
        return kv(self.drive / "status").get("state")

    def stop(self):
        unmount(self.mnt)
        assert self.proc.wait(timeout=TIMEOUT) == 0, \
            self.errpath.read_text()

    def abandon(self):
        if self.proc.poll() is None:
            subprocess.run(["fusermount3", "-u", "-z", str(self.mnt)])
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.mark.skipif(subprocess.run(["which", "cdrskin"],
                                   capture_output=True).returncode != 0,
                    reason="cdrskin is not installed")
def test_drive_is_exclusive_during_a_burn(tmp_path):
    wav = tmp_path / "long.wav"
    sox_wav(wav, 40, 440)
    image = tmp_path / "disc"
    # At 4x in real time the 40 s track takes 10 s to write.
    fs = ShimBurnfs(tmp_path, image, ",pace=1,speed=4")
    try:
        fs.stage_and_commit(wav)
        wait_for(lambda: fs.state() == "writing", 30, "writing")
        busy = cdrskin(shim_env(image), "-atip", check=False)
        still = fs.state()
        assert still == "writing", f"the burn ended too early: {still}"
        assert busy.returncode != 0, busy.stdout + busy.stderr
        assert "Cannot access '/dev/sr0'" in busy.stdout + busy.stderr, \
            busy.stdout + busy.stderr
        subprocess.run(["bash", "-c", f"echo 1 > '{fs.drive}/cancel'"],
                       check=True, timeout=TIMEOUT)
        wait_for(lambda: fs.state() in ("cancelled", "failed", "done"),
                 TIMEOUT, "the end of the job")
        # Released at the end of the job: cdrskin may use the drive.
        free = cdrskin(shim_env(image), "-atip", check=False)
        assert free.returncode == 0, free.stdout + free.stderr
        fs.stop()
    finally:
        fs.abandon()


def test_drive_gone_mid_burn(tmp_path):
    wav = tmp_path / "a.wav"
    sox_wav(wav, 30, 440)
    fs = ShimBurnfs(tmp_path, tmp_path / "disc", ",vanish_after_writes=20")
    try:
        fs.stage_and_commit(wav)
        state = wait_for(lambda: fs.state() in ("failed", "done",
                                                "cancelled")
                         and fs.state(), 60, "the end of the job")
        assert state == "failed"
        status = kv(fs.drive / "status")
        assert "drive gone" in status["last_error"], status
        log = (fs.drive / "log").read_text()
        assert "drive gone" in log, log
        assert "every staged track stays in tracks/" in log, log
        assert os.listdir(fs.drive / "tracks") == ["a.wav"]
        fs.stop()
    finally:
        fs.abandon()
