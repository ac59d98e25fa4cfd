"""An album burnt by burnfs from a cue sheet, read back by programs that
are not burnfs through the sg shim: the sheet's CATALOG is the disc's MCN
(READ SUB-CHANNEL, as cdrdao read-toc and icedax ask for it), its ISRCs,
pre-emphasis and pregap are on the disc.  The same with the sheet inside
a FLAC file (metaflac's CUESHEET block).  Every program is installed by
tools/install-deps: a missing one fails the test instead of skipping it.
"""

import os
import re
import shutil
import subprocess

import pytest

from test_interop import BURNFS, Burnfs, wait_for, read_kv
from test_shim_programs import SHIM, TIMEOUT, run, shim_env, sox_wav

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]

CATALOG = "4006381333931"
SHEET = f"""CATALOG {CATALOG}
FILE "{{name}}" WAVE
  TRACK 01 AUDIO
    ISRC DEAB19900001
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    FLAGS PRE
    ISRC USXYZ2300042
    INDEX 00 00:06:00
    INDEX 01 00:07:00
"""


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def burn_album(tmp_path, image, files):
    """burnfs burns the files (copied into tracks/ in this order)
    Session-At-Once onto its virtual recorder on image."""
    assert BURNFS and os.path.exists(BURNFS), "BURNFS names no executable"
    fs = Burnfs(tmp_path, image)
    try:
        (fs.drive / "write_mode").write_text("sao\n")
        for f in files:
            shutil.copyfile(f, fs.drive / "tracks" / f.name)
        toc = (fs.drive / "toc").read_text()
        assert "tracks_staged: 2" in toc, toc
        subprocess.run(["bash", "-c", f"echo 1 > '{fs.drive}/commit'"],
                       check=True, timeout=TIMEOUT)
        state = wait_for(
            lambda: read_kv(fs.drive / "status").get("state")
            in ("done", "failed", "cancelled")
            and read_kv(fs.drive / "status")["state"], TIMEOUT, "burn")
        assert state == "done", (fs.drive / "log").read_text()
    finally:
        fs.stop()


def read_back(tmp_path, image):
    """cdrdao read-toc and icedax on the disc: the MCN, the ISRCs, track
    2's pre-emphasis and its 1 s pregap."""
    env = shim_env(image)
    toc = tmp_path / "disc.toc"
    p = run(["cdrdao", "read-toc", "--device", "/dev/sr0", str(toc)], env)
    text = toc.read_text()
    assert f'CATALOG "{CATALOG}"' in text, text + p.stderr
    assert 'ISRC "DEAB19900001"' in text and 'ISRC "USXYZ2300042"' in text
    assert "PRE_EMPHASIS" in text, text
    assert "START 00:01:00" in text, text  # INDEX 00 to 01 of track 2
    out = tmp_path / "rip"
    out.mkdir()
    p = subprocess.run(["icedax", "-D", "/dev/sr0", "-J", "-H", "-g",
                        "-v", "all"], env=env, cwd=out,
                       capture_output=True, text=True, timeout=TIMEOUT)
    info = p.stdout + p.stderr
    assert f"Media catalog number: {CATALOG}" in info, info
    assert re.search(r"T:\s*2 ISRC: US-XYZ-23-00042", info), info


def test_cue_sheet_catalog_read_by_cdrdao_and_icedax(tmp_path):
    need("cdrdao", "icedax", "sox")
    wav = tmp_path / "album.wav"
    sox_wav(wav, 12, 440)
    sheet = tmp_path / "album.cue"
    sheet.write_text(SHEET.format(name="album.wav"))
    image = tmp_path / "disc"
    burn_album(tmp_path, image, [sheet, wav])
    read_back(tmp_path, image)


def test_flac_cuesheet_block_read_by_cdrdao_and_icedax(tmp_path):
    need("cdrdao", "icedax", "sox", "flac", "metaflac")
    wav = tmp_path / "src.wav"
    sox_wav(wav, 12, 440)
    sheet = tmp_path / "src.cue"
    sheet.write_text(SHEET.format(name="src.wav"))
    flac = tmp_path / "album.flac"
    for argv in (["flac", "-s", "-f", "-o", str(flac), str(wav)],
                 ["metaflac", f"--import-cuesheet-from={sheet}",
                  str(flac)]):
        r = subprocess.run(argv, capture_output=True, text=True,
                           timeout=TIMEOUT)
        assert r.returncode == 0, r.stderr
    image = tmp_path / "disc"
    burn_album(tmp_path, image, [flac])
    read_back(tmp_path, image)
