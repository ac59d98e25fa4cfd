"""The spool is checked at mount: a staged track whose audio changed since
it was staged (shrunk, or bytes altered) is set aside, not deleted, and
reported in `log` and `toc`; it never reaches `commit`.  A .meta of an
older burnfs, without size and checksum, is accepted as it is."""

import re

from burnfs_helpers import SECTOR_FRAMES, cmp_ok, ls, make_wav, quote, sh


def spool_file(d, name, ext):
    """The spool file of the track called name."""
    for meta in d.glob("t*.meta"):
        if f"name={name}\n" in meta.read_text():
            return meta.with_suffix("." + ext)
    raise AssertionError(f"no .meta for {name} in {d}")


def test_damaged_tracks_are_set_aside_at_mount(burnfs, tmp_path):
    mnt = burnfs()
    v1 = mnt.drive()
    srcs = [make_wav(tmp_path / f"0{i} t{i}.wav", (400 + i) * SECTOR_FRAMES,
                     440 + 110 * i) for i in range(1, 5)]
    for s in srcs:
        assert sh(f"cp {quote(s)} {quote(v1.tracks)}/").returncode == 0
    mnt.stop()
    d = mnt.spool / v1.path.name
    meta = {s.name: spool_file(d, s.name, "meta").read_text() for s in srcs}
    assert "audio_size=" in meta["01 t1.wav"], meta["01 t1.wav"]
    # 02: shrunk by a disk error or a restore.
    a2 = spool_file(d, "02 t2.wav", "audio")
    a2.write_bytes(a2.read_bytes()[:-5000])
    # 03: the same size, one byte changed.
    a3 = spool_file(d, "03 t3.wav", "audio")
    b = bytearray(a3.read_bytes())
    b[100000] ^= 0x55
    a3.write_bytes(bytes(b))
    # 04: a .meta written before sizes and checksums were recorded.
    m4 = spool_file(d, "04 t4.wav", "meta")
    m4.write_text("".join(ln for ln in meta["04 t4.wav"].splitlines(True)
                          if not ln.startswith("audio_")))
    mnt.start()
    v1 = mnt.drive()
    assert ls(v1.tracks) == ["01 t1.wav", "04 t4.wav"]
    assert cmp_ok(srcs[0], v1.tracks / "01 t1.wav")
    assert cmp_ok(srcs[3], v1.tracks / "04 t4.wav")
    log = v1.log()
    for n in ("02 t2.wav", "03 t3.wav"):
        assert re.search(rf"{n}: damaged .*set aside", log), log
    toc = v1.read("toc")
    damaged = [ln for ln in toc.splitlines() if ln.startswith("damaged:")]
    assert len(damaged) == 2 and "02 t2.wav" in damaged[0] + damaged[1] \
        and "not burnt" in damaged[0], toc
    assert v1.kv("toc")["tracks_staged"] == "2"
    # Set aside, not deleted.
    aside = [p.name for p in d.iterdir() if ".damaged." in p.name]
    assert len([n for n in aside if n.endswith(".audio")]) == 2, aside
