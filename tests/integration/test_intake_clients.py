"""The copy tools people use, against tracks/: cp, cp -a, mv from another
filesystem, rsync -a (a second run transfers nothing), rsync --inplace,
gio copy, a KDE-style name.part written then renamed.  Each asserts the
exit status and the track list; the burnt disc holds each file's PCM
bit-exact.  Then the refusals of doc/intake.md: a large non-audio file
stops at its first write, a truncated FLAC, a WAV header promising more
data than follows, a 100th track, a track that does not fit; each with
its errno, a log line, and nothing left in tracks/."""

import os
import re
import shutil
import subprocess

import pytest

from burnfs_helpers import (bchunk_extract, ls, make_wav, quote, run, sh,
                            wait_for, wav_pcm)


def test_copy_clients_then_burn(mnt, tmp_path):
    v1 = mnt.drive("v1")
    T = v1.tracks
    src = tmp_path / "src"
    src.mkdir()
    names = ["01 cp.wav", "02 cp-a.wav", "03 mv.wav", "04 rsync.wav",
             "05 inplace.wav", "06 gio.wav", "07 kde.wav"]
    for k, n in enumerate(names):
        make_wav(src / n, 44100 + 100 * k, 300 + 50 * k)
    pcm = {n: wav_pcm(src / n) for n in names}
    os.utime(src / "02 cp-a.wav", (1000000000, 1000000000))

    r = sh(f"cp {quote(src / names[0])} {quote(T)}/")
    assert r.returncode == 0, r.stderr
    r = sh(f"cp -a {quote(src / names[1])} {quote(T)}/")
    assert r.returncode == 0, r.stderr
    assert int((T / names[1]).stat().st_mtime) == 1000000000
    moved = tmp_path / names[2]
    shutil.copy(src / names[2], moved)
    r = sh(f"mv {quote(moved)} {quote(T)}/")
    assert r.returncode == 0, r.stderr
    assert not moved.exists()

    # rsync -a: a temporary .name.XXXXXX renamed to the name; again:
    # the quick check (size and mtime) skips it.
    rs_dir = tmp_path / "rs"
    rs_dir.mkdir()
    shutil.copy2(src / names[3], rs_dir / names[3])
    r = run(["rsync", "-a", f"{rs_dir}/", f"{T}/"])
    assert r.returncode == 0, r.stderr
    r = run(["rsync", "-a", "--itemize-changes", "--stats",
             f"{rs_dir}/", f"{T}/"])
    assert r.returncode == 0, r.stderr
    assert re.search(r"Number of regular files transferred: 0", r.stdout), \
        r.stdout
    assert not re.search(r"^>f", r.stdout, re.M), r.stdout

    r = run(["rsync", "--inplace", str(src / names[4]), f"{T}/"])
    assert r.returncode == 0, r.stderr
    r = run(["gio", "copy", str(src / names[5]), str(T / names[5])])
    assert r.returncode == 0, r.stderr

    # KDE: name.part, then a rename to the name.
    part = T / (names[6] + ".part")
    r = sh(f"cat {quote(src / names[6])} > {quote(part)}")
    assert r.returncode == 0, r.stderr
    assert ".part: staged" not in v1.log()
    r = sh(f"mv {quote(part)} {quote(T / names[6])}")
    assert r.returncode == 0, r.stderr

    assert ls(T) == names, v1.log()
    for n in names:
        assert (T / n).read_bytes() == (src / n).read_bytes(), n
    toc = v1.read("toc")
    assert "tracks_staged: 7" in toc, toc

    r = v1.write("commit", 1, shell="dash")
    assert r.returncode == 0, f"{r.stderr}\n{v1.log()}"
    v1.wait_state("done", timeout=120)
    got = bchunk_extract(f"{v1.image}.bin", f"{v1.image}.cue",
                         tmp_path / "x")
    assert len(got) == len(names)
    for k, n in enumerate(names):
        assert got[k][:len(pcm[n])] == pcm[n], f"{n}: PCM differs"


def test_user_xattrs_and_tags_in_toc(v1, tmp_path):
    w = make_wav(tmp_path / "t.wav", 44100, 440)
    flac = tmp_path / "t.flac"
    r = run(["flac", "--silent", "-f", "-T", "TITLE=Song One",
             "-T", "ARTIST=The Band", "-T", "ISRC=USS1Z9900001",
             "-o", str(flac), str(w)])
    assert r.returncode == 0, r.stderr
    r = sh(f"cp {quote(flac)} {quote(v1.tracks / '01 song.flac')}")
    assert r.returncode == 0, r.stderr
    toc = v1.read("toc")
    line = next(x for x in toc.splitlines() if "name=01 song.flac" in x)
    assert "title=Song%20One" in line and "artist=The%20Band" in line, line
    assert "isrc=USS1Z9900001" in line, line
    p = str(v1.tracks / "01 song.flac")
    os.setxattr(p, "user.comment", b"any value \x00 binary")
    assert os.getxattr(p, "user.comment") == b"any value \x00 binary"
    assert "user.comment" in os.listxattr(p)
    os.removexattr(p, "user.comment")
    assert "user.comment" not in os.listxattr(p)


def test_big_random_file_stops_at_first_write(v1, tmp_path):
    big = tmp_path / "noise.wav"
    with open(big, "wb") as f:
        f.write(os.urandom(1 << 20) * 200)  # 200 MB, not audio
    r = sh(f"cp {quote(big)} {quote(v1.tracks)}/")
    assert r.returncode == 1
    assert "Invalid argument" in r.stderr, r.stderr
    # Written 1 MB at a time, as a copy tool does: the first write fails.
    written = 0
    fd = os.open(v1.tracks / "w.wav", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with open(big, "rb") as f:
            while chunk := f.read(1 << 20):
                os.write(fd, chunk)
                written += len(chunk)
    except OSError as e:
        assert e.errno == 22, e
    finally:
        with pytest.raises(OSError):
            os.close(fd)
    assert written == 0, f"{written} bytes accepted before the refusal"
    assert ls(v1.tracks) == []
    log = v1.log()
    assert "noise.wav: refused, not an audio file" in log, log


def test_refused_files_leave_nothing(v1, tmp_path):
    w = make_wav(tmp_path / "t.wav", 3 * 44100, 440)
    flac = tmp_path / "t.flac"
    run(["flac", "--silent", "-f", "-o", str(flac), str(w)], check=True)
    data = flac.read_bytes()
    cut = tmp_path / "cut.flac"
    cut.write_bytes(data[:len(data) // 2])
    r = sh(f"cp {quote(cut)} {quote(v1.tracks)}/")
    assert r.returncode == 1 and "Invalid argument" in r.stderr, r.stderr
    short = tmp_path / "short.wav"
    short.write_bytes(w.read_bytes()[:-10000])  # header promises more
    r = sh(f"cp {quote(short)} {quote(v1.tracks)}/")
    assert r.returncode == 1 and "Invalid argument" in r.stderr, r.stderr
    assert ls(v1.tracks) == []
    log = v1.log()
    assert re.search(r"cut\.flac: refused, .*(truncated|decoded)", log), log
    assert re.search(r"short\.wav: refused, truncated: header promises",
                     log), log


def test_hundredth_track_is_enospc(v1, tmp_path):
    w = make_wav(tmp_path / "t.wav", 588, 440)
    r = sh(f"for i in $(seq 1 99); do cp {quote(w)} {quote(v1.tracks)}/$i.wav"
           " || exit 1; done")
    assert r.returncode == 0, r.stderr
    assert len(ls(v1.tracks)) == 99
    r = sh(f"cp {quote(w)} {quote(v1.tracks)}/100.wav")
    assert r.returncode == 1
    assert "No space left on device" in r.stderr, r.stderr
    assert len(ls(v1.tracks)) == 99
    assert "100.wav: refused, a CD holds at most 99 tracks" in v1.log()


def test_track_that_does_not_fit_is_enospc(v1, tmp_path):
    st = os.statvfs(v1.tracks)
    free = st.f_bavail * st.f_frsize
    assert 700 << 20 < free <= st.f_blocks * st.f_frsize, (free, st)
    # A WAV header promising 900 MB; the write at 850 MB crosses the line.
    import struct
    size = 900 << 20
    hdr = (b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " +
           struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
           b"data" + struct.pack("<I", size))
    path = v1.tracks / "huge.wav"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, hdr)
        with pytest.raises(OSError) as e:
            os.pwrite(fd, b"\0" * 65536, 850 << 20)
        assert e.value.errno == 28  # ENOSPC
    finally:
        with pytest.raises(OSError) as e:
            os.close(fd)  # the flush: incomplete for want of room
        assert e.value.errno == 28  # ENOSPC, why it is incomplete
    assert ls(v1.tracks) == []
    log = v1.log()
    assert "huge.wav: refused, the disc has no room for it" in log, log


def test_long_conversion_shows_in_status_and_commit_is_busy(v1, tmp_path):
    """A long FLAC: while cp waits for its close, status says
    "converting: NAME N%" and commit fails with EBUSY."""
    src = tmp_path / "long.flac"
    r = run(["sox", "-n", "-r", "96000", "-c", "2", "-b", "24", str(src),
             "synth", "900", "sine", "440", "vol", "0.1"], timeout=120)
    assert r.returncode == 0, r.stderr
    cp = subprocess.Popen(["cp", str(src), str(v1.tracks / "03.flac")],
                          stderr=subprocess.PIPE, text=True)
    try:
        def converting():
            c = v1.kv("status").get("converting", "none")
            return c if c != "none" else None

        seen = wait_for(converting, 60, what="converting")
        assert re.fullmatch(r"03\.flac \d+%", seen), seen
        r = v1.write("commit", 1)
        assert r.returncode == 1, r.stderr
        assert "Device or resource busy" in r.stderr, r.stderr
        assert cp.wait(timeout=120) == 0, cp.stderr.read()
    finally:
        if cp.poll() is None:
            cp.kill()
            cp.wait()
    assert v1.kv("status").get("converting") == "none"
    assert "still being converted" in v1.log()
    assert ls(v1.tracks) == ["03.flac"]
