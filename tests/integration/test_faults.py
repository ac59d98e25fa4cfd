"""Drive faults: the virtual recorder misbehaves on purpose (fault keys of
--virtual, also honoured by the sg shim) and burnfs must stop or retry as
MMC says, say in `status` what failed with the sense in words, say in
`log` what the disc now holds, keep every staged track, and burn again
once the disc is replaced (or, where the fault was one-off, on the same
disc).

Track 1 of every test is 375 sectors (5 s) at LBA 0, track 2 starts at
375 + 152 = 527: faults at LBA 600 strike in track 2."""

import os
import subprocess

import pytest

from burnfs_helpers import (CMD_TIMEOUT, SECTOR_FRAMES, burn as burn_ok,
                            cd_info, commit, ls, make_wav, quote, sh)

TRACK_SECTORS = 375
T2 = TRACK_SECTORS + 152
IN_TRACK_2 = T2 + 73


def stage_two(drive, tmp_path, tag="a"):
    """Stages two 5-second tracks; returns their source paths."""
    src = []
    for k, freq in ((1, 440), (2, 550)):
        p = tmp_path / f"{k:02d} {tag}.wav"
        make_wav(p, TRACK_SECTORS * SECTOR_FRAMES, freq + len(tag))
        src.append(p)
    r = sh("cp " + " ".join(quote(p) for p in src) + " " + quote(drive.tracks))
    assert r.returncode == 0, f"cp: {r.stderr}"
    return src


def assert_staged(drive, src):
    """Every source is still in tracks/, byte for byte."""
    assert sorted(ls(drive.tracks)) == sorted(p.name for p in src)
    for p in src:
        r = subprocess.run(["cmp", str(p), str(drive.tracks / p.name)],
                           capture_output=True, timeout=CMD_TIMEOUT)
        assert r.returncode == 0, f"{p.name} changed in tracks/"


def fail_burn(drive):
    """Commits, waits for the job to fail; returns (status, log)."""
    commit(drive)
    drive.wait_state("failed", timeout=90)
    return drive.kv("status"), drive.log()


def remount(mnt, keys, image=None):
    """Stops the mount and starts it again on the same spool, with the
    recorder's keys changed (and another disc image when given)."""
    mnt.stop()
    (name, old, _), = mnt.drive_specs
    img = str(image) if image else old
    mnt.drive_specs = [(name, img, keys)]
    d = mnt.drives[name]
    d.image = type(d.image)(img)
    return mnt.start()


def tracks_on_disc(drive):
    media = drive.kv("media")
    return int(media.get("tracks", "0")), media


def test_write_error(burnfs, tmp_path):
    mnt = burnfs([("v1", f"fail_write_at={IN_TRACK_2}")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    status, log = fail_burn(v1)
    err = status["last_error"]
    assert "MEDIUM ERROR 03/0C/00 write error" in err, status
    assert "track 2" in err and "WRITE(10)" in err, status
    assert "the disc has an open session with 2 tracks (track 2 is " \
        "incomplete)" in log, log
    assert_staged(v1, src)
    n, media = tracks_on_disc(v1)
    assert media["state"] == "open" and n == 2, media
    # Track 1 on the open disc stays readable where it was written.
    out, tracks, _ = cd_info("cue", f"{v1.image}.cue")
    assert [t[1] for t in tracks] == [0, T2], out
    # A write error is one spot of the disc: the same disc takes the next
    # job, after the broken track.
    burn_ok(v1)
    n, media = tracks_on_disc(v1)
    assert n == 4 and media["state"] == "closed", media


def test_medium_removed(burnfs, tmp_path):
    mnt = burnfs([("v1", f"remove_at={IN_TRACK_2}")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    status, log = fail_burn(v1)
    assert "NOT READY 02/3A/00 medium not present" in status["last_error"], \
        status
    assert "track 2 is incomplete" in log, log
    assert_staged(v1, src)
    assert v1.kv("media")["state"] == "none"
    r = v1.write("commit", 1)
    assert r.returncode != 0 and "No medium" in r.stderr, r
    # The disc goes back in (a new start of the drive): it holds track 1
    # and the broken-off track 2, and the next job appends to it.
    mnt = remount(mnt, "")
    v1 = mnt.drive()
    n, media = tracks_on_disc(v1)
    assert media["state"] == "open" and n == 2, media
    assert_staged(v1, src)
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 4


def test_long_write_in_progress_is_retried(burnfs, tmp_path):
    mnt = burnfs([("v1", "busy_polls=3")])
    v1 = mnt.drive()
    stage_two(v1, tmp_path)
    burn_ok(v1)
    n, media = tracks_on_disc(v1)
    assert n == 2 and media["state"] == "closed", media
    assert v1.kv("status")["last_error"] == "", v1.read("status")
    out, tracks, _ = cd_info("cue", f"{v1.image}.cue")
    assert [t[1] for t in tracks] == [0, T2], out


def test_command_never_completes(burnfs, tmp_path):
    mnt = burnfs([("v1", f"hang_at={IN_TRACK_2}")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    status, log = fail_burn(v1)
    err = status["last_error"]
    assert "WRITE(10)" in err and "timed out" in err, status
    assert "track 2 is incomplete" in log, log
    assert_staged(v1, src)
    # The drive answers again: the next job goes on the same disc.
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 4


def test_short_answer(burnfs, tmp_path):
    # READ TRACK INFORMATION (52h) answers 2 bytes: the NWA is unknown.
    mnt = burnfs([("v1", "short_data=52")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    r = v1.write("commit", 1)
    if r.returncode == 0:
        v1.wait_state("failed", timeout=90)
        err = v1.kv("status")["last_error"]
    else:
        err = v1.log()
    assert "READ TRACK INFORMATION" in err and "malformed response" in err, err
    assert_staged(v1, src)
    assert not (tmp_path / "m0" / "v1-disc.cue").exists()
    mnt = remount(mnt, "")
    v1 = mnt.drive()
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 2


def test_power_loss(burnfs, tmp_path):
    mnt = burnfs([("v1", f"power_loss_at={IN_TRACK_2}")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    status, log = fail_burn(v1)
    assert "No such device" in status["last_error"], status
    assert "track 2 is incomplete" in log, log
    assert_staged(v1, src)
    # Power back: the disc holds track 1 and exactly the sectors of
    # track 2 that reached it, as a damaged track of an open session.
    mnt = remount(mnt, "")
    v1 = mnt.drive()
    n, media = tracks_on_disc(v1)
    assert media["state"] == "open" and n == 2, media
    assert f"track02: session=1 start={T2} length={IN_TRACK_2 - T2 + 2} " \
        in v1.read("media") and " damaged\n" in v1.read("media"), \
        v1.read("media")
    state = open(f"{v1.image}.state").read()
    assert f"start {T2} length {IN_TRACK_2 - T2} ctl 0 isrc - damaged" \
        in state, state
    assert_staged(v1, src)
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 4


@pytest.mark.parametrize("keys", ["fail_write_at=100", "remove_at=100"])
def test_fault_in_first_track_then_new_disc(burnfs, tmp_path, keys):
    """A fault in track 1; the disc is replaced by a blank one."""
    mnt = burnfs([("v1", keys)])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    status, log = fail_burn(v1)
    assert "track 1" in status["last_error"], status
    assert "track 1 is incomplete" in log, log
    assert_staged(v1, src)
    mnt = remount(mnt, "", image=tmp_path / "m0" / "new-disc")
    v1 = mnt.drive()
    assert v1.kv("media")["state"] == "blank"
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 2


@pytest.mark.not_through_shim("two drives: the sg shim presents one")
def test_other_drive_keeps_working(burnfs, tmp_path):
    """One drive fails mid-burn while another burns at the same time."""
    mnt = burnfs([("v1", f"fail_write_at={IN_TRACK_2}"), ("v2", "")])
    v1, v2 = mnt.drive("v1"), mnt.drive("v2")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    src1 = stage_two(v1, tmp_path / "a", "x")
    stage_two(v2, tmp_path / "b", "y")
    commit(v1)
    commit(v2)
    v1.wait_state("failed", timeout=90)
    v2.wait_state("done", timeout=90)
    assert "03/0C/00" in v1.kv("status")["last_error"]
    assert_staged(v1, src1)
    assert ls(v2.tracks) == []
    assert tracks_on_disc(v2)[0] == 2


@pytest.mark.parametrize("protection", [0, 1])
def test_host_too_slow_loss_of_streaming(burnfs, tmp_path, protection):
    """The host stops feeding the drive mid-track (burnfs is stopped with
    SIGSTOP while a paced burn runs): the drive's buffer runs dry.  With
    buffer underrun protection off the drive breaks the track off (LOSS
    OF STREAMING) and the job fails saying so, keeping the staged tracks;
    with it on the drive resumes and the burn completes."""
    import os
    import signal
    import time

    # At 1x each 5-second track takes 5 s: the stop lands inside a track.
    mnt = burnfs(drives=[("v1", "pace=1,speed=1,buffer=64k")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    assert v1.write("buffer_underrun_protection", protection).returncode == 0
    assert v1.write("commit", 1).returncode == 0, v1.log()
    v1.wait_state("writing")
    pid = mnt.proc.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        # 64 KiB at 1x (176.4 kB/s) drain in 0.37 s: stopped for 1 s, the
        # daemon cannot have refilled the buffer in time.  (This sleep is
        # the fault itself, not a wait for something to happen.)
        time.sleep(1.0)
    finally:
        os.kill(pid, signal.SIGCONT)
    state = v1.wait_state(("done", "failed", "cancelled"), timeout=120)
    status = v1.kv("status")
    if protection:
        assert state == "done", (status, v1.log())
        assert ls(v1.tracks) == []
    else:
        assert state == "failed", (status, v1.log())
        assert "03/0C/09" in status.get("last_error", ""), status
        assert "loss of streaming" in status["last_error"].lower(), status
        assert_staged(v1, src)


def test_image_deleted_during_a_burn(burnfs, tmp_path):
    """IMAGE.bin deleted under a running virtual recorder: for the drive
    the disc is gone, so the burn fails (not 'verified' into a file that
    vanishes), the staged tracks stay, and burnfs says why."""
    mnt = burnfs([("v1", "pace=1,speed=1")])
    v1 = mnt.drive()
    src = stage_two(v1, tmp_path)
    commit(v1)
    v1.wait_state("writing", timeout=60)
    image_bin = tmp_path / "m0" / "v1-disc.bin"
    os.unlink(image_bin)
    v1.wait_state("failed", timeout=90)
    status = v1.kv("status")
    assert "medium not present" in status["last_error"], status
    assert_staged(v1, src)
    assert f"{image_bin} was deleted: the disc is gone" in \
        mnt.stderr_text()
