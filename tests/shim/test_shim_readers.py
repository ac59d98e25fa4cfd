"""Programs that read audio CDs and find drives, unmodified, against the
virtual recorder through the sg shim: cdrdao (disk-info, scanbus,
read-toc, read-cd), wodim -scanbus, cdparanoia, icedax and libcdio's
cd-info.  Discs are burnt by cdrskin, wodim and burnfs; what the programs read
is compared with the disc image and with the sources.  Every program
these tests run is installed by tools/install-deps: a missing one fails
the test instead of skipping it.
"""

import os
import re
import shutil
import subprocess

import pytest

from test_interop import BURNFS, Burnfs
from test_shim_programs import (GAP, SECTOR, SHIM, TIMEOUT, cdrskin,
                                pcm_of, run, sectors, shim_env, sources)

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]

assert sources  # the fixture, imported for the tests below


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def test_cdrdao_disk_info(tmp_path, sources):
    """cdrdao sends commands without data with dxfer_direction 0; the
    drive answers them and disk-info describes the burnt disc."""
    need("cdrdao", "cdrskin")
    env = shim_env(tmp_path / "disc")
    cdrskin(env, "-tao", "-audio", str(sources["b"]), str(sources["c"]))
    p = run(["cdrdao", "disk-info", "--device", "/dev/sr0"], env)
    out = p.stdout + p.stderr
    assert "BURNFS" in out and "Virtual CD-RW" in out, out
    assert "Cannot setup device" not in out, out
    assert re.search(r"Sessions\s*:\s*1$", out, re.M), out
    assert re.search(r"Last Track\s*:\s*2$", out, re.M), out
    assert re.search(r"Appendable\s*:\s*no$", out, re.M), out


def test_cdrdao_scanbus_finds_the_drive(tmp_path):
    need("cdrdao")
    env = shim_env(tmp_path / "disc")
    p = run(["cdrdao", "scanbus"], env)
    out = p.stdout + p.stderr
    assert re.search(r"^/dev/sr0\s*:\s*BURNFS\s*,\s*Virtual CD-RW\s*,"
                     r"\s*1\.00", out, re.M), out


def test_wodim_scanbus_finds_the_drive(tmp_path):
    need("wodim")
    env = shim_env(tmp_path / "disc")
    out = run(["wodim", "-scanbus"], env).stdout
    assert re.search(r"^\s*2,0,0\s+\d+\)\s+'BURNFS\s*'\s+'Virtual CD-RW\s*'"
                     r"\s+'1\.00'\s+Removable CD-ROM", out, re.M), out


MCN = "0123456789012"
ISRC = ["DEAB19900001", "USXYZ2300042"]


def burn_with_burnfs(tmp_path, image, wavs):
    """burnfs burns the tracks onto its own virtual recorder on IMAGE
    (the disc the shim then presents), with the MCN and the ISRCs."""
    assert BURNFS and os.path.exists(BURNFS), "BURNFS names no executable"
    fs = Burnfs(tmp_path, image)
    try:
        (fs.drive / "mcn").write_text(MCN + "\n")
        for k, wav in enumerate(wavs):
            dest = fs.drive / "tracks" / f"{k + 1:02d} {wav.name}"
            shutil.copyfile(wav, dest)
            os.setxattr(dest, "user.isrc", ISRC[k].encode())
        fs.burn()
    finally:
        fs.stop()


@pytest.fixture(params=["cdrskin", "wodim", "burnfs"])
def burnt(request, tmp_path, sources):
    """A finalized two-track disc with an MCN and an ISRC per track,
    burnt Track-At-Once by cdrskin or wodim through the shim, or by
    burnfs on the virtual recorder the shim then presents.  Returns
    (env, image, track starts, lead-out)."""
    need("cdrskin", "wodim")
    image = tmp_path / "disc"
    env = shim_env(image)
    b, c = str(sources["b"]), str(sources["c"])
    if request.param == "burnfs":
        burn_with_burnfs(tmp_path, image, [sources["b"], sources["c"]])
    elif request.param == "cdrskin":
        cdrskin(env, "-tao", f"mcn={MCN}", "-audio", f"isrc={ISRC[0]}", b,
                f"isrc={ISRC[1]}", c)
    else:
        run(["wodim", "dev=/dev/sr0", "gracetime=0", "-tao", "-pad",
             f"mcn={MCN}", "-audio", f"isrc={ISRC[0]}", b,
             f"isrc={ISRC[1]}", c], env)
    b_len = max(300, sectors(len(pcm_of(sources["b"]))))
    c_len = max(300, sectors(len(pcm_of(sources["c"]))))
    starts = [0, b_len + GAP]
    leadout = starts[1] + c_len + 2
    return env, image, starts, leadout


def image_span(image, first, end):
    """Sectors [first, end) of the disc image: what a drive with no read
    offset returns (pregaps and run-outs are silence)."""
    with open(str(image) + ".bin", "rb") as f:
        f.seek(first * SECTOR)
        data = f.read((end - first) * SECTOR)
    return data + bytes((end - first) * SECTOR - len(data))


def wav_data(path):
    data = path.read_bytes()
    i = data.index(b"data") + 8
    return data[i:]


def track_spans(starts, leadout):
    ends = starts[1:] + [leadout]
    return list(zip(starts, ends))


def test_cdparanoia_reads_every_track_bit_exact(tmp_path, burnt):
    """cdparanoia (SG_IO, READ CD) rips each track whole, its last
    sectors and the run-out included, exactly as the disc holds them."""
    need("cdparanoia")
    env, image, starts, leadout = burnt
    out = tmp_path / "rip"
    out.mkdir()
    p = subprocess.run(["cdparanoia", "-d", "/dev/sr0", "-B"], env=env,
                       cwd=out, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    for k, (a, z) in enumerate(track_spans(starts, leadout), 1):
        got = wav_data(out / f"track{k:02d}.cdda.wav")
        assert len(got) == (z - a) * SECTOR, (k, p.stderr)
        assert got == image_span(image, a, z), f"track {k} differs"
    assert "03/11" not in p.stderr and "Medium" not in p.stderr, p.stderr


def test_cd_paranoia_reads_every_track_bit_exact(tmp_path, burnt):
    """libcdio's cd-paranoia, through the cdrom driver's paths."""
    need("cd-paranoia")
    env, image, starts, leadout = burnt
    out = tmp_path / "rip"
    out.mkdir()
    p = subprocess.run(["cd-paranoia", "-d", "/dev/sr0", "-B"], env=env,
                       cwd=out, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    for k, (a, z) in enumerate(track_spans(starts, leadout), 1):
        got = wav_data(out / f"track{k:02d}.cdda.wav")
        assert got == image_span(image, a, z), f"track {k} differs"


def test_icedax_reads_tracks_mcn_and_isrc(tmp_path, burnt):
    need("icedax")
    env, image, starts, leadout = burnt
    out = tmp_path / "rip"
    out.mkdir()
    p = subprocess.run(["icedax", "-D", "/dev/sr0", "-B", "-H", "-g",
                        "-v", "all"], env=env, cwd=out,
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    text = p.stdout + p.stderr
    assert f"Media catalog number: {MCN}" in text, text
    for k, isrc in enumerate(ISRC, 1):
        dashed = f"{isrc[:2]}-{isrc[2:5]}-{isrc[5:7]}-{isrc[7:]}"
        assert re.search(rf"T:\s*{k} ISRC: {dashed}", text), text
    for k, (a, z) in enumerate(track_spans(starts, leadout), 1):
        got = wav_data(out / f"audio_{k:02d}.wav")
        assert got == image_span(image, a, z), f"track {k} differs"


def test_cdrdao_read_toc_finds_pregap_mcn_isrc(tmp_path, burnt):
    need("cdrdao")
    env, image, starts, leadout = burnt
    toc = tmp_path / "disc.toc"
    p = run(["cdrdao", "read-toc", "--device", "/dev/sr0", str(toc)], env)
    text = toc.read_text()
    assert f'CATALOG "{MCN}"' in text, text
    for isrc in ISRC:
        assert f'ISRC "{isrc}"' in text, text
    # track 2's 150-sector pregap (index 0), found through the
    # sub-channel: START 00:02:00
    assert "START 00:02:00" in text, text
    assert "ERROR" not in p.stdout + p.stderr, p.stderr


def test_cdrdao_read_cd_is_the_image(tmp_path, burnt):
    """cdrdao read-cd reads the whole program area (big-endian samples
    in its data file)."""
    need("cdrdao")
    env, image, starts, leadout = burnt
    data = tmp_path / "copy.bin"
    run(["cdrdao", "read-cd", "--device", "/dev/sr0", "--datafile",
         str(data), str(tmp_path / "copy.toc")], env)
    got = bytearray(data.read_bytes())
    got[0::2], got[1::2] = got[1::2], got[0::2]
    assert len(got) == leadout * SECTOR
    assert bytes(got) == image_span(image, 0, leadout)


def test_cd_info_reads_mcn_and_isrc(tmp_path, burnt):
    """libcdio through the cdrom driver: CDROM_GET_MCN and READ
    SUB-CHANNEL packets."""
    need("cd-info")
    env, image, starts, leadout = burnt
    out = run(["cd-info", "--no-cddb", "/dev/sr0"], env).stdout
    assert f"Media Catalog Number (MCN): {MCN}" in out, out
    for k, isrc in enumerate(ISRC, 1):
        assert f"TRACK {k:2d} ISRC: {isrc}" in out, out
