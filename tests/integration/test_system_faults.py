"""Process and system faults: burnfs killed mid-burn and started again,
the spool filesystem full, unmount during a job, two commits at once, a
commit while a track is still being copied, and a disc swapped between
staging and commit.  Each test checks the errno or state, the text in
`status`/`log`, and that no staged or burnt data was lost."""

import subprocess

import pytest

from burnfs_helpers import (CMD_TIMEOUT, SECTOR_BYTES, SECTOR_FRAMES, ls,
                            make_wav, quote, run, sh, wait_for)
from test_faults import (assert_staged, burn_ok, commit, remount, stage_two,
                         tracks_on_disc)

# A slow drive: 2x (150 sectors/s) with a 64 KiB buffer, so a job of two
# 5-second tracks takes about 6 s and can be caught in the middle.
SLOW = "pace=1,speed=2,buffer=64k"


def written(drive):
    try:
        return int(drive.kv("status").get("sectors_written", "0"))
    except AssertionError:
        return 0


def wait_written(drive, sectors, timeout=60):
    wait_for(lambda: drive.state() == "writing" and
             written(drive) >= sectors, timeout,
             what=f"{sectors} sectors written")


@pytest.mark.time_limit(180)
def test_sigkill_mid_burn_then_restart(burnfs, tmp_path):
    mnt = burnfs([("v1", SLOW)])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    commit(v1)
    wait_written(v1, 450)  # inside track 2 (starts at LBA 527)
    mnt.proc.kill()
    mnt.proc.wait(timeout=30)
    mnt.proc = None
    run(["fusermount3", "-u", "-z", str(mnt.mnt)], timeout=30)

    mnt.drive_specs = [(n, img, "") for n, img, _ in mnt.drive_specs]
    mnt.start()
    v1 = mnt.drive()
    # Staged tracks intact.
    assert_staged(v1, src)
    # The drive's real state: an open session, track 1 complete, track 2
    # as far as it got, damaged.
    n, media = tracks_on_disc(v1)
    assert media["state"] == "open" and n == 2, media
    text = v1.read("media")
    t2 = [ln for ln in text.splitlines() if ln.startswith("track02:")]
    assert t2 and t2[0].endswith(" damaged"), text
    assert v1.state() == "idle"
    # The next job goes after the damaged track.
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 4


@pytest.mark.time_limit(180)
def test_unmount_during_a_job(burnfs, tmp_path):
    mnt = burnfs([("v1", SLOW)])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    commit(v1)
    wait_written(v1, 100)
    # Unmount: the job is cancelled cleanly and burnfs exits with 0
    # (Mount.stop checks the exit status and the sanitizer output).
    mnt.stop()
    mnt.drive_specs = [(n, img, "") for n, img, _ in mnt.drive_specs]
    mnt.start()
    v1 = mnt.drive()
    assert_staged(v1, src)
    n, media = tracks_on_disc(v1)
    assert media["state"] == "open" and n >= 1, media
    burn_ok(v1)


@pytest.mark.time_limit(120)
def test_two_commits_at_once(burnfs, tmp_path):
    # The job lasts about 3 s at 4x: both commits arrive while it runs.
    mnt = burnfs([("v1", "pace=1,speed=4,buffer=64k")])
    v1 = mnt.drive()
    stage_two(v1, tmp_path)
    script = f"echo 1 > {quote(v1.file('commit'))}"
    procs = [subprocess.Popen(["bash", "-c", script], stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [(p.wait(timeout=CMD_TIMEOUT), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    codes = sorted(rc for rc, _ in results)
    assert codes == [0, 1], results
    refused = [err for rc, err in results if rc]
    assert "Device or resource busy" in refused[0], refused
    assert "commit: a burn is already running" in v1.log(), v1.log()
    v1.wait_state("done", timeout=90)
    assert tracks_on_disc(v1)[0] == 2


# A writer in its own process: writes the first half of a file, says
# "half", waits for a line on stdin, writes the rest and closes.
HALF_WRITER = r"""
import sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
with open(dst, "wb") as f:
    f.write(data[:len(data) // 2])
    f.flush()
    print("half", flush=True)
    sys.stdin.readline()
    f.write(data[len(data) // 2:])
print("done", flush=True)
"""


def test_commit_while_a_track_is_being_copied(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    whole = make_wav(tmp_path / "01 whole.wav", 400 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(whole)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr
    half = make_wav(tmp_path / "02 half.wav", 400 * SECTOR_FRAMES, 660)
    writer = subprocess.Popen(
        ["/usr/bin/python3", "-c", HALF_WRITER, str(half),
         str(v1.tracks / half.name)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "half"
        # The copy of 02 is in progress: the commit is refused, nothing
        # is burnt, and the log names the file.
        r = v1.write("commit", 1)
        assert r.returncode != 0, "commit accepted a half-written track"
        assert "Device or resource busy" in r.stderr, r.stderr
        assert "commit: 02 half.wav is still being written" in v1.log()
        assert v1.kv("media")["state"] == "blank"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "done"
    finally:
        writer.stdin.close()
        writer.wait(timeout=CMD_TIMEOUT)
        writer.stdout.close()
    assert writer.returncode == 0
    # The copy finished: the track is whole, staged, and burns.
    assert_staged(v1, [whole, half])
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 2


def test_flush_of_a_forked_copy_keeps_the_half_written_track(burnfs,
                                                             tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    src = make_wav(tmp_path / "01 a.wav", 400 * SECTOR_FRAMES, 440)
    data = src.read_bytes()
    with open(v1.tracks / src.name, "wb") as f:
        f.write(data[:len(data) // 2])
        f.flush()
        # A child process starts: its copy of f is closed at exec.
        assert run(["true"]).returncode == 0
        f.write(data[len(data) // 2:])
    r = run(["cmp", str(src), str(v1.tracks / src.name)])
    assert r.returncode == 0, v1.log()
    # Whole now, and staged: it burns.
    assert "back in tracks/" in v1.log()
    assert v1.write("commit", 1).returncode == 0, v1.log()
    assert v1.wait_state(("done", "failed", "cancelled")) == "done", v1.log()


@pytest.fixture
def small_spool(tmp_path):
    d = tmp_path / "smallspool"
    d.mkdir()
    r = run(["mount", "-t", "tmpfs", "-o", "size=8M,mode=0700", "tmpfs",
             str(d)])
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {r.stderr}")
    yield d
    run(["umount", "-l", str(d)])


def test_spool_full(burnfs, tmp_path, small_spool):
    mnt = burnfs(extra_args=[f"--spool={small_spool}"])
    v1 = mnt.drive()
    first = make_wav(tmp_path / "01 fits.wav", 600 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(first)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr
    big = make_wav(tmp_path / "02 big.wav", 4000 * SECTOR_FRAMES, 660)
    assert big.stat().st_size > 8 * 1024 * 1024
    r = sh(f"cp {quote(big)} {quote(v1.tracks)}")
    assert r.returncode != 0, "copying 9 MB into an 8 MB spool succeeded"
    assert "No space left on device" in r.stderr, r.stderr
    # Nothing corrupted: the first track reads back unchanged, and the
    # big one is not a track.
    r = run(["cmp", str(first), str(v1.tracks / first.name)])
    assert r.returncode == 0, "the earlier track changed"
    rm = run(["rm", "-f", str(v1.tracks / big.name)])
    assert rm.returncode == 0, rm.stderr
    assert ls(v1.tracks) == [first.name]
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 1


def nearly_full_disc(prefix, free_sectors):
    """Writes the image files of a CD-R 80 whose open session holds one
    track leaving free_sectors after the next writable address."""
    last_leadout = 359849
    length = last_leadout - free_sectors - 152
    with open(f"{prefix}.state", "w") as f:
        f.write("burnfs-vrec-state 1\nmedia cdr80\ntray closed\n"
                "finalized 0\nmcn -\n"
                "session 1 closed 0 ms 0 leadout 0\n"
                f"track 1 session 1 start 0 length {length} ctl 0 isrc -\n")
    with open(f"{prefix}.bin", "wb") as f:
        f.truncate((length + 2) * SECTOR_BYTES)
    return length


def test_disc_swapped_before_commit(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    assert v1.kv("media")["state"] == "blank"
    # Another disc goes in: nearly full, 500 sectors left.
    other = tmp_path / "m0" / "full-disc"
    nearly_full_disc(other, 500)
    mnt = remount(mnt, "", image=other)
    v1 = mnt.drive()
    assert int(v1.kv("media")["free_sectors"]) == 500
    r = v1.write("commit", 1)
    assert r.returncode != 0 and "No space left on device" in r.stderr, r
    assert "the disc has 500 free" in v1.log(), v1.log()
    assert_staged(v1, src)
    assert tracks_on_disc(v1)[0] == 1
    assert v1.state() == "idle"
