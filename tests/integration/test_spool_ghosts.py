"""A file refused while it was being renamed leaves nothing in the spool,
and the mount never turns a stray file into the deletion of a real track:
of two files with one name, the complete, checked track is kept and the
other is set aside."""

import re
import subprocess
import time

from burnfs_helpers import SECTOR_FRAMES, cmp_ok, ls, make_wav, quote, run, sh


def spool_tracks(spool_drive):
    return sorted(p.name for p in spool_drive.iterdir()
                  if re.fullmatch(r"t\d{6,}\.(meta|audio|cdda)", p.name))


def test_refused_while_renamed_leaves_no_ghost(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    flac = tmp_path / "long.flac"
    r = run(["sox", "-n", "-r", "48000", "-c", "2", "-b", "24", str(flac),
             "synth", "60", "whitenoise", "vol", "0.3"])
    assert r.returncode == 0, r.stderr
    data = flac.read_bytes()
    bad = tmp_path / "bad.flac"
    bad.write_bytes(data[:len(data) * 3 // 4])
    T = v1.tracks
    deadline = time.monotonic() + 10
    rounds = 0
    while time.monotonic() < deadline:
        cp = subprocess.Popen(["cp", str(bad), str(T / f"x{rounds}.flac")],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        for _ in range(50):
            if run(["mv", str(T / f"x{rounds}.flac"),
                    str(T / f"y{rounds}.flac")]).returncode == 0:
                break
            time.sleep(0.01)
        cp.wait(timeout=60)
        rounds += 1
    for name in ls(T):
        run(["rm", "-f", str(T / name)])
    assert ls(T) == []
    mnt.stop()
    left = spool_tracks(mnt.spool / v1.path.name)
    assert left == [], f"{len(left)} files left in the spool after " \
        f"{rounds} rounds: {left[:10]}"
    mnt.start()


def test_stray_file_never_deletes_a_real_track(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    wav = make_wav(tmp_path / "song.wav", 400 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(wav)} {quote(v1.tracks)}/").returncode == 0
    mnt.stop()
    d = mnt.spool / v1.path.name
    real = [p for p in d.iterdir() if p.name.endswith(".meta")]
    assert len(real) == 1
    # A stray, newer file of the same name that never passed the check.
    (d / "t000900.audio").write_bytes(b"RIFF" + b"\0" * 100)
    (d / "t000900.meta").write_text(
        "burnfs-track 1\nname=song.wav\nmode=644\natime=1.0\nmtime=1.0\n"
        "ctime=1.0\nstaged=0\n")
    mnt.start()
    v1 = mnt.drive()
    assert ls(v1.tracks) == ["song.wav"]
    assert cmp_ok(wav, v1.tracks / "song.wav"), "the real track was lost"
    log = v1.log()
    assert "song.wav" in log and "set aside" in log, log
    left = sorted(p.name for p in d.iterdir())
    assert any(n.startswith("t000900.") and n not in
               ("t000900.audio", "t000900.meta") for n in left), left
