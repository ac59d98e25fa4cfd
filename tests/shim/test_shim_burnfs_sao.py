"""Discs burnt Session-At-Once by burnfs itself, read by programs that
are not burnfs: burnfs mounts --drive=/dev/sr0 and burns through its
SG_IO transport and the sg shim, then cdparanoia, cdrdao read-toc,
cd-info and bchunk read the disc (or its image) unmodified.

- A gapless album (pregap 0, every track ending mid-sector): a
  cdparanoia rip of the whole disc, and its tracks ripped one by one and
  put together, are the exact concatenation of the sources followed by
  the zeros that pad the last sector, nothing else.
- An album from a cue sheet with a pregap of audio (INDEX 00), a silent
  PREGAP, INDEX 02, ISRCs, an MCN and CD-TEXT: cdrdao read-toc finds the
  index points, ISRCs, CATALOG and a CD_TEXT block; cd-info the CD-TEXT,
  MCN and ISRCs; cdparanoia -Q the track table; bchunk splits the image
  into the tracks the sheet describes.

Discs by cdrskin, wodim and cdrdao are in test_shim_sao.py; burnfs's
Track-At-Once discs in test_shim_readers.py.  Every program is installed
by tools/install-deps: a missing one fails the test instead of skipping.
"""

import os
import random
import re
import shutil
import subprocess
import wave

import pytest

from test_drive_events import BURNFS, ShimBurnfs, kv, wait_for
from test_shim_programs import SECTOR, SHIM, TIMEOUT, pcm_of, run, shim_env

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
    pytest.mark.skipif(not BURNFS or not os.path.exists(BURNFS),
                       reason="BURNFS does not name the burnfs executable"),
]

MCN = "4006381333931"


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def noise_wav(path, frames, seed):
    """CD-DA that no shifted read can match by chance."""
    rnd = random.Random(seed)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(rnd.randbytes(frames * 4))
    return path


def control(drive, name, value):
    (drive / name).write_text(f"{value}\n")


def burn(fs, files):
    """Copies files into tracks/ in order, commits, waits for the end;
    returns the log (the burn must end done, its verification passed)."""
    for f in files:
        subprocess.run(["cp", str(f), str(fs.drive / "tracks")], check=True,
                       timeout=TIMEOUT)
    control(fs.drive, "commit", 1)
    state = wait_for(lambda: kv(fs.drive / "status").get("state")
                     in ("done", "failed", "cancelled")
                     and kv(fs.drive / "status")["state"], TIMEOUT, "burn")
    log = (fs.drive / "log").read_text()
    assert state == "done", log
    assert "verification passed" in log, log
    return log


@pytest.fixture
def mounted(tmp_path):
    """burnfs --drive=/dev/sr0 on a blank CD-R; (burnfs, image)."""
    image = tmp_path / "disc"
    fs = ShimBurnfs(tmp_path, image, ",media=cdr80")
    yield fs, image
    fs.abandon()  # when the test did not stop it


def wav_data(path):
    data = path.read_bytes()
    i = data.index(b"data") + 8
    return data[i:]


def test_gapless_album_rips_as_the_concatenation(tmp_path, mounted):
    need("cdparanoia")
    fs, image = mounted
    control(fs.drive, "write_mode", "sao")
    control(fs.drive, "pregap", 0)
    # 5 s + 37, 6 s + 101, 4 s + 3 frames: every join inside a sector.
    srcs = [noise_wav(tmp_path / f"{k + 1} {n}.wav", frames, k + 1)
            for k, (n, frames) in enumerate([("a", 44100 * 5 + 37),
                                             ("b", 44100 * 6 + 101),
                                             ("c", 44100 * 4 + 3)])]
    log = burn(fs, srcs)
    assert "gapless after track 1" in log and "gapless after track 2" \
        in log, log
    fs.stop()

    pcm = b"".join(pcm_of(s) for s in srcs)
    leadout = -(-len(pcm) // SECTOR)
    want = pcm + bytes(leadout * SECTOR - len(pcm))
    env = shim_env(image)

    # The whole disc in one rip.
    whole = tmp_path / "whole"
    whole.mkdir()
    p = subprocess.run(["cdparanoia", "-d", "/dev/sr0", "1-", "disc.wav"],
                       env=env, cwd=whole, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    got = wav_data(whole / "disc.wav")
    assert len(got) == len(want), (len(got), len(want))
    assert got == want, "the disc is not the sources back to back"

    # Track by track: the rips put together are the same bytes, and each
    # track begins in the sector holding its first sample.
    per = tmp_path / "per"
    per.mkdir()
    p = subprocess.run(["cdparanoia", "-d", "/dev/sr0", "-B", "1-"],
                       env=env, cwd=per, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    parts = [wav_data(per / f"track{k:02d}.cdda.wav") for k in (1, 2, 3)]
    assert b"".join(parts) == want
    lens = [len(pcm_of(s)) for s in srcs]
    assert len(parts[0]) == (lens[0] // SECTOR) * SECTOR
    assert len(parts[1]) == ((lens[0] + lens[1]) // SECTOR
                             - lens[0] // SECTOR) * SECTOR


CUE = f"""CATALOG {MCN}
PERFORMER "Trio"
TITLE "Hall"
FILE "album.wav" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "Ann"
    ISRC USABC2600001
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    PERFORMER "Bo"
    INDEX 00 00:05:10
    INDEX 01 00:06:00
  TRACK 03 AUDIO
    TITLE "Three"
    PERFORMER "Cy"
    ISRC USABC2600003
    PREGAP 00:02:00
    INDEX 01 00:10:00
    INDEX 02 00:12:00
"""
# On the disc: track 1 at 0; track 2's INDEX 00 at 385 (its pregap holds
# the file's audio), INDEX 01 at 450; track 3's 150 sectors of silence
# from 750, INDEX 01 at 900, INDEX 02 at 1050; the file's 1125 sectors
# and 17 frames end in sector 1275: the lead-out at 1276.  No index point
# falls on a sector whose Q carries the MCN or an ISRC instead of a
# position (the recorder puts them where the absolute frame is 25 or 75
# modulo 100): a reader such as cdrdao then finds the point a sector late.
STARTS = [0, 450, 900]
LEADOUT = 1276
ISRCS = {1: "USABC2600001", 3: "USABC2600003"}


@pytest.fixture
def cue_album(tmp_path, mounted):
    """The cue sheet album burnt by burnfs; (env, image, album pcm)."""
    fs, image = mounted
    control(fs.drive, "write_mode", "sao")
    control(fs.drive, "mcn", MCN)
    album = noise_wav(tmp_path / "album.wav", 44100 * 15 + 17, 7)
    sheet = tmp_path / "album.cue"
    sheet.write_text(CUE)
    log = burn(fs, [album, sheet])
    assert "verify: 6 index points as written" in log, log
    assert "verify: CD-TEXT as written" in log, log
    fs.stop()
    return shim_env(image), image, pcm_of(album)


def test_cdrdao_read_toc_of_a_cue_album(tmp_path, cue_album):
    need("cdrdao")
    env, image, pcm = cue_album
    toc = tmp_path / "read.toc"
    p = run(["cdrdao", "read-toc", "--device", "/dev/sr0", str(toc)], env)
    text = toc.read_text()
    assert "ERROR" not in p.stdout + p.stderr, p.stderr
    assert f'CATALOG "{MCN}"' in text, text
    for isrc in ISRCS.values():
        assert f'ISRC "{isrc}"' in text, text
    tracks = text.split("\nTRACK AUDIO")[1:]
    assert len(tracks) == 3, text
    # Track 2: a pregap of 65 sectors (00:00:65) before INDEX 01; track
    # 3: 150 (00:02:00), and INDEX 02 2 s after INDEX 01.
    assert "START" not in tracks[0], tracks[0]
    assert "START 00:00:65" in tracks[1], tracks[1]
    assert "START 00:02:00" in tracks[2], tracks[2]
    assert "INDEX 00:02:00" in tracks[2], tracks[2]
    # The CD-TEXT block: the disc's and every track's texts.
    head = text.split("\nTRACK AUDIO")[0]
    assert "CD_TEXT" in head and "LANGUAGE_MAP" in head, head
    assert 'TITLE "Hall"' in head and 'PERFORMER "Trio"' in head, head
    for k, (title, performer) in enumerate([("One", "Ann"), ("Two", "Bo"),
                                            ("Three", "Cy")]):
        assert "CD_TEXT" in tracks[k], tracks[k]
        assert f'TITLE "{title}"' in tracks[k], tracks[k]
        assert f'PERFORMER "{performer}"' in tracks[k], tracks[k]


def test_cd_info_of_a_cue_album(cue_album):
    need("cd-info")
    env, image, pcm = cue_album
    out = run(["cd-info", "--no-cddb", "--no-device-info", "/dev/sr0"],
              env).stdout
    assert f"Media Catalog Number (MCN): {MCN}" in out, out
    for k, isrc in ISRCS.items():
        assert f"TRACK {k:2d} ISRC: {isrc}" in out, out
    assert "TRACK  2 ISRC" not in out, out
    # CD-TEXT: the disc's block, then each track's.
    assert re.search(r"CD-TEXT for Disc:.*?TITLE: Hall.*?PERFORMER: Trio",
                     out, re.S), out
    for k, title in enumerate(["One", "Two", "Three"], 1):
        assert re.search(rf"CD-TEXT for Track\s+{k}:.*?TITLE: {title}\b",
                         out, re.S), out
    # The track table: INDEX 01 of each track, then the lead-out.
    lsns = [int(m.group(1)) for m in re.finditer(
        r"^\s*\d+: \d\d:\d\d:\d\d\s+(\d+)\s+audio", out, re.M)]
    assert lsns == STARTS, out
    assert re.search(rf"^170: \d\d:\d\d:\d\d\s+0*{LEADOUT}\s+leadout", out,
                     re.M), out


def test_cdparanoia_query_of_a_cue_album(cue_album):
    need("cdparanoia")
    env, image, pcm = cue_album
    p = subprocess.run(["cdparanoia", "-d", "/dev/sr0", "-Q"], env=env,
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    rows = re.findall(r"^\s+(\d+)\.\s+(\d+) \[[\d:.]+\]\s+(\d+) \[", p.stderr,
                      re.M)
    ends = STARTS[1:] + [LEADOUT]
    # cdparanoia's tracks run from INDEX 01 to the next INDEX 01 (the
    # pregaps belong to the track before).
    assert [(int(n), int(length), int(begin)) for n, length, begin in
            rows] == [(k + 1, ends[k] - STARTS[k], STARTS[k])
                      for k in range(3)], p.stderr
    assert f"TOTAL {LEADOUT} " in p.stderr.replace("\t", " ") or \
        re.search(rf"TOTAL\s+{LEADOUT}\b", p.stderr), p.stderr


def test_bchunk_splits_the_image_of_a_cue_album(tmp_path, cue_album):
    need("bchunk")
    env, image, pcm = cue_album
    prefix = tmp_path / "bc"
    r = subprocess.run(["bchunk", "-w", str(image) + ".bin",
                        str(image) + ".cue", str(prefix)],
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 0, r.stdout + r.stderr
    parts = []
    for k in (1, 2, 3):
        data = (tmp_path / f"bc{k:02d}.wav").read_bytes()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
        parts.append(data[44:])
    assert len(parts) == 3
    # bchunk cuts each track from its last INDEX line to the next
    # track's first: track 1 is the file's first 385 sectors, track 2 its
    # sectors 450..750 (INDEX 01 to track 3's silent INDEX 00); track 3
    # begins at its INDEX 02 (sector 1050 of the image, the file's 900)
    # and ends with the file, padded to the sector.
    assert parts[0] == pcm[:385 * SECTOR]
    assert parts[1] == pcm[450 * SECTOR:750 * SECTOR]
    tail = pcm[900 * SECTOR:]
    assert parts[2] == tail + bytes(len(parts[2]) - len(tail))
    assert len(parts[2]) == (LEADOUT - 1050) * SECTOR
