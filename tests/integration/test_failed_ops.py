"""A failed operation changes nothing: a rename of a bad file onto a staged
track keeps the track; a metadata change the spool cannot save fails with
its errno and is not kept; a removal the spool cannot do fails."""

import os

import pytest

from burnfs_helpers import SECTOR_FRAMES, cmp_ok, ls, make_wav, quote, run, sh


def pyxattr(op, path, name, value=""):
    """os.setxattr/os.removexattr in a subprocess (with a timeout); the
    error message is in stderr."""
    call = (f"os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())"
            if op == "set" else "os.removexattr(sys.argv[1], sys.argv[2])")
    return run(["python3", "-c", f"import os, sys\ntry:\n {call}\n"
                "except OSError as e:\n sys.exit(e.strerror)",
                str(path), name, value])


def truncated_wav(src, dst):
    """A WAV whose header promises more data than the file has: the first
    bytes look like audio, the whole file is refused."""
    data = src.read_bytes()
    dst.write_bytes(data[:len(data) // 2])
    return dst


def test_failed_rename_keeps_its_target(v1, tmp_path):
    good = make_wav(tmp_path / "song.wav", 400 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(good)} {quote(v1.tracks)}/")
    assert r.returncode == 0, r.stderr
    bad = truncated_wav(good, tmp_path / "bad.wav")
    # rsync's way: a temporary name, then a rename over the track.
    tmp = v1.tracks / ".song.wav.Xa3b9c"
    r = sh(f"cp {quote(bad)} {quote(tmp)}")
    assert r.returncode == 0, r.stderr
    r = run(["python3", "-c",
             "import os,sys; os.rename(sys.argv[1], sys.argv[2])",
             str(tmp), str(v1.tracks / "song.wav")])
    assert r.returncode != 0 and "Invalid argument" in r.stderr, r.stderr
    assert ls(v1.tracks) == ["song.wav"], ls(v1.tracks)
    assert cmp_ok(good, v1.tracks / "song.wav"), "the staged track changed"
    assert "song.wav: refused" in v1.log()
    # Still there, unchanged, after a restart.
    v1.mount.restart()
    assert ls(v1.tracks) == ["song.wav"]
    assert cmp_ok(good, v1.tracks / "song.wav")


@pytest.fixture
def tiny_spool(tmp_path):
    """A 4 MB tmpfs as the spool, which the test can fill up."""
    d = tmp_path / "tinyspool"
    d.mkdir()
    r = run(["mount", "-t", "tmpfs", "-o", "size=4M,mode=0700", "tmpfs",
             str(d)])
    assert r.returncode == 0, f"cannot mount a tmpfs: {r.stderr}"
    yield d
    run(["umount", "-l", str(d)])


def fill(fs_dir):
    """Fills the filesystem of fs_dir to the last byte; returns the file."""
    f = fs_dir / "filler"
    sh(f"dd if=/dev/zero of={quote(f)} bs=64k 2>/dev/null; "
       f"dd if=/dev/zero of={quote(f)} bs=512 oflag=append conv=notrunc "
       f"2>/dev/null; true")
    return f


def test_metadata_changes_on_a_full_spool_fail(burnfs, tmp_path, tiny_spool):
    mnt = burnfs(extra_args=[f"--spool={tiny_spool}"])
    v1 = mnt.drive()
    wav = make_wav(tmp_path / "a.wav", 400 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(wav)} {quote(v1.tracks)}/")
    assert r.returncode == 0, r.stderr
    r = sh(f"chmod 0640 {quote(v1.tracks / 'a.wav')}")
    assert r.returncode == 0, r.stderr
    filler = fill(tiny_spool)
    T = v1.tracks
    results = {
        "mv": sh(f"mv {quote(T / 'a.wav')} {quote(T / 'b.wav')}"),
        "setxattr": pyxattr("set", T / "a.wav", "user.isrc",
                            "USABC2600001"),
        "setxattr other": pyxattr("set", T / "a.wav", "user.comment",
                                  "hello"),
        "chmod": sh(f"chmod 0600 {quote(T / 'a.wav')}"),
        "touch": sh(f"touch -d 2001-01-01 {quote(T / 'a.wav')}"),
    }
    for what, r in results.items():
        assert r.returncode != 0 and "No space left on device" in r.stderr, \
            f"{what} on a full spool: exit {r.returncode} {r.stderr}"
    # Nothing changed in memory either.
    assert ls(T) == ["a.wav"], ls(T)
    r = run(["stat", "-c", "%a %Y", str(T / "a.wav")])
    assert r.stdout.split()[0] == "640", r.stdout
    assert int(r.stdout.split()[1]) > 1e9 + 3e8, r.stdout
    assert os.listxattr(T / "a.wav") == []
    assert "cannot save" in v1.log()
    # And after a restart: the same.
    filler.unlink()
    mnt.restart()
    v1 = mnt.drive()
    assert ls(v1.tracks) == ["a.wav"]
    r = run(["stat", "-c", "%a", str(v1.tracks / "a.wav")])
    assert r.stdout.strip() == "640"
    assert cmp_ok(wav, v1.tracks / "a.wav")


def test_rm_on_a_read_only_spool_fails(burnfs, tmp_path, tiny_spool):
    mnt = burnfs(extra_args=[f"--spool={tiny_spool}"])
    v1 = mnt.drive()
    wav = make_wav(tmp_path / "a.wav", 400 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(wav)} {quote(v1.tracks)}/")
    assert r.returncode == 0, r.stderr
    # A read-only bind mount over the drive's spool directory: what
    # burnfs opens from now on is read-only.
    d = tiny_spool / v1.path.name
    r = sh(f"mount --bind {quote(d)} {quote(d)} && "
           f"mount -o remount,bind,ro {quote(d)}")
    assert r.returncode == 0, r.stderr
    try:
        r = sh(f"rm {quote(v1.tracks / 'a.wav')}")
        assert r.returncode != 0 and "Read-only file system" in r.stderr, \
            f"rm on a read-only spool: exit {r.returncode} {r.stderr}"
        assert ls(v1.tracks) == ["a.wav"]
        assert "a.wav" in v1.log() and "cannot remove" in v1.log()
    finally:
        run(["umount", str(d)])
    r = sh(f"rm {quote(v1.tracks / 'a.wav')}")
    assert r.returncode == 0, r.stderr
    mnt.restart()
    assert ls(mnt.drive().tracks) == []


def test_conversion_on_a_full_spool_leaves_nothing(burnfs, tmp_path,
                                                   tiny_spool):
    mnt = burnfs(extra_args=[f"--spool={tiny_spool}"])
    v1 = mnt.drive()
    wav = make_wav(tmp_path / "01 a.wav", 300 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(wav)} {quote(v1.tracks)}/")
    assert r.returncode == 0, r.stderr
    # 30 s of a sine: a small FLAC whose CD audio (5.3 MB) does not fit.
    flac = tmp_path / "02 b.flac"
    r = run(["sox", "-n", "-r", "44100", "-c", "2", "-b", "16", str(flac),
             "synth", "30", "sine", "440", "vol", "0.5"])
    assert r.returncode == 0, r.stderr
    assert flac.stat().st_size < 2 * 1024 * 1024
    r = sh(f"cp {quote(flac)} {quote(v1.tracks)}/")
    assert r.returncode != 0 and "No space left on device" in r.stderr, \
        f"cp: exit {r.returncode} {r.stderr}"
    assert ls(v1.tracks) == ["01 a.wav"], ls(v1.tracks)
    assert "02 b.flac" in v1.log() and "removed from tracks/" in v1.log()
    assert v1.kv("toc")["tracks_staged"] == "1"
    mnt.restart()
    assert ls(mnt.drive().tracks) == ["01 a.wav"]
    assert cmp_ok(wav, mnt.drive().tracks / "01 a.wav")
