"""A failed operation changes nothing: a rename of a bad file onto a staged
track keeps the track; a metadata change the spool cannot save fails with
its errno and is not kept; a removal the spool cannot do fails."""

from burnfs_helpers import SECTOR_FRAMES, cmp_ok, ls, make_wav, quote, run, sh


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
