"""tracks/ behaves like a directory: names in natural order give the burn
order, mv reorders, rm unstages, and copying over a track replaces it.
The order is read from what burnfs plans (toc), from the directory as
readdir returns it (ls -f, unsorted), and from the burnt disc (cd-info)."""

import errno
import mmap
import re

import pytest

from burnfs_helpers import (SECTOR_FRAMES, cd_info, make_wav, quote, run, sh,
                            tao_starts)


def staged(v1):
    """(name, length in sectors) of the staged tracks in toc order."""
    out = []
    for line in v1.read("toc").splitlines():
        m = re.match(r"track\d+: staged .*length=(\d+) .*name=(.*)$", line)
        if m:
            out.append((m.group(2), int(m.group(1))))
    return out


def readdir_order(path):
    r = run(["ls", "-f", str(path)])
    assert r.returncode == 0, r.stderr
    return [n for n in r.stdout.split("\n") if n and n not in (".", "..")]


def test_order_rename_remove_replace_then_burn(mnt, tmp_path):
    v1 = mnt.drive("v1")
    lengths = {"10 a.wav": 310, "2 b.wav": 320, "1 c.wav": 330,
               "3 d.wav": 340}
    for i, (name, sectors) in enumerate(lengths.items()):
        make_wav(tmp_path / name, sectors * SECTOR_FRAMES, 300 + 100 * i)
    r = sh("cp " + " ".join(quote(tmp_path / n) for n in lengths) + " " +
           quote(v1.tracks))
    assert r.returncode == 0, r.stderr

    natural = ["1 c.wav", "2 b.wav", "3 d.wav", "10 a.wav"]
    assert [n for n, _ in staged(v1)] == natural
    assert readdir_order(v1.tracks) == natural

    # mv reorders: "10 a.wav" becomes the first track.
    r = sh(f"mv {quote(v1.tracks / '10 a.wav')} "
           f"{quote(v1.tracks / '0 a.wav')}")
    assert r.returncode == 0, r.stderr
    # rm unstages.
    r = sh(f"rm {quote(v1.tracks / '3 d.wav')}")
    assert r.returncode == 0, r.stderr
    # Copying over a track replaces it (here with a longer one).
    make_wav(tmp_path / "new b.wav", 400 * SECTOR_FRAMES, 990)
    r = sh(f"cp {quote(tmp_path / 'new b.wav')} "
           f"{quote(v1.tracks / '2 b.wav')}")
    assert r.returncode == 0, r.stderr

    want = [("0 a.wav", 310), ("1 c.wav", 330), ("2 b.wav", 400)]
    assert staged(v1) == want
    assert readdir_order(v1.tracks) == [n for n, _ in want]

    assert v1.write("commit", 1).returncode == 0, v1.log()
    assert v1.wait_state(("done", "failed", "cancelled")) == "done", v1.log()
    out, tracks, leadout = cd_info("cue", str(v1.image) + ".cue")
    starts, want_leadout = tao_starts(0, [n for _, n in want])
    assert [lsn for _, lsn, _ in tracks] == starts, out
    assert leadout == want_leadout, out


def test_mmap_of_staged_files(v1, tmp_path):
    """Files opened for writing use direct I/O: a shared mapping of such a
    descriptor is refused (ENODEV, documented in doc/files.md), while a
    read-only descriptor maps and reads the bytes as written."""
    wav = tmp_path / "a.wav"
    make_wav(wav, 44100, 440)
    r = sh(f"cp {quote(wav)} {quote(v1.tracks / 'a.wav')}")
    assert r.returncode == 0, r.stderr
    with open(v1.tracks / "a.wav", "r+b") as f:
        with pytest.raises(OSError) as e:
            mmap.mmap(f.fileno(), 0)
        assert e.value.errno == errno.ENODEV
    with open(v1.tracks / "a.wav", "rb") as f:
        m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
        try:
            assert m[:] == wav.read_bytes()
        finally:
            m.close()
