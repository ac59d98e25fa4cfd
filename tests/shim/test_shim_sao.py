"""Session-At-Once through the sg shim: cdrskin in its default mode
(libburn picks SAO on a blank CD-R), wodim -sao -text and cdrdao write
burn onto the virtual recorder, and the discs read back bit-exact with
cdparanoia, with their CD-TEXT (cd-info, cdrdao read-toc), ISRC, MCN and
index points; bchunk splits the image by its cue sheet.  With the
recorder key sao=0 each program fails with its own message.  Every
program is installed by tools/install-deps: a missing one fails the
test instead of skipping it.
"""

import os
import re
import shutil
import subprocess

import pytest

from test_shim_programs import (SECTOR, SHIM, TIMEOUT, cdrskin, pcm_of, run,
                                shim_env, sox_wav)

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]

MCN = "0123456789012"
ISRC = ["DEAB19900001", "USXYZ2300042"]


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


@pytest.fixture
def album(tmp_path):
    """a: 8.01 s (not whole sectors), b: 6 s (450 sectors)."""
    need("sox")
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    sox_wav(a, 8.01, 440)
    sox_wav(b, 6, 660)
    return a, b


def disc_state(image):
    """Tracks (start, length, isrc, extra words of the sao line) and the
    lead-out, from IMAGE.state."""
    text = (str(image) + ".state")
    with open(text) as f:
        lines = f.read().splitlines()
    tracks, leadout = [], None
    for line in lines:
        m = re.match(r"track (\d+) session 1 start (\d+) length (\d+) "
                     r"ctl (\d+) isrc (\S+)", line)
        if m:
            tracks.append({"start": int(m.group(2)),
                           "length": int(m.group(3)),
                           "ctl": int(m.group(4)), "isrc": m.group(5)})
        m = re.match(r"sao (\d+) pregap (\d+) index(.*)", line)
        if m:
            t = tracks[int(m.group(1)) - 1]
            t["pregap"] = int(m.group(2))
            t["index"] = [int(x) for x in m.group(3).split()]
        m = re.match(r"session 1 closed 1 ms \d leadout (\d+)", line)
        if m:
            leadout = int(m.group(1))
    return tracks, leadout


def image_span(image, first, end):
    with open(str(image) + ".bin", "rb") as f:
        f.seek(first * SECTOR)
        data = f.read((end - first) * SECTOR)
    return data + bytes((end - first) * SECTOR - len(data))


def rip_matches_image(tmp_path, env, image, starts, leadout):
    """cdparanoia rips every track (TOC start to the next one) exactly as
    the image holds it."""
    need("cdparanoia")
    out = tmp_path / "rip"
    out.mkdir()
    p = subprocess.run(["cdparanoia", "-d", "/dev/sr0", "-B"], env=env,
                       cwd=out, capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr
    for k, (a, z) in enumerate(zip(starts, starts[1:] + [leadout]), 1):
        data = (out / f"track{k:02d}.cdda.wav").read_bytes()
        got = data[data.index(b"data") + 8:]
        assert got == image_span(image, a, z), f"track {k} differs"


def cd_info(env):
    need("cd-info")
    return run(["cd-info", "--no-cddb", "--no-device-info", "/dev/sr0"],
               env).stdout


def read_toc(tmp_path, env):
    need("cdrdao")
    toc = tmp_path / "read.toc"
    run(["cdrdao", "read-toc", "--device", "/dev/sr0", str(toc)], env)
    return toc.read_text()


def test_cdrskin_default_mode_burns_sao(tmp_path, album):
    """No -tao: libburn chooses SAO on the blank CD-R, sends the cue
    sheet, writes from LBA -150 and never closes the session itself."""
    need("cdrskin")
    a, b = album
    image = tmp_path / "disc"
    env = shim_env(image)
    out = cdrskin(env, "-v", "-audio", str(a), str(b)).stdout
    assert "in real SAO mode for single session" in out, out
    tracks, leadout = disc_state(image)
    pa, pb = pcm_of(a), pcm_of(b)
    start2 = -(-len(pa) // SECTOR)
    assert [t["start"] for t in tracks] == [0, start2], tracks
    assert leadout == start2 + len(pb) // SECTOR
    # The disc's audio is a (padded to its sector) then b.
    disc = image_span(image, 0, leadout)
    assert disc[:len(pa)] == pa
    assert disc[len(pa):start2 * SECTOR].count(0) == start2 * SECTOR - len(pa)
    assert disc[start2 * SECTOR:] == pb
    rip_matches_image(tmp_path, env, image, [0, start2], leadout)
    info = cdrskin(env, "-minfo").stdout
    assert re.search(r"disk status:\s+complete", info), info


def write_inf(path, performer, title, isrc):
    path.write_text(
        "Albumperformer=\t'The Testers'\n"
        f"Performer=\t'{performer}'\n"
        "Albumtitle=\t'Virtual Album'\n"
        f"Tracktitle=\t'{title}'\n"
        f"ISRC=\t\t{isrc}\n")


def test_wodim_sao_text(tmp_path, album):
    """wodim -sao -text: the CD-TEXT of the .inf files in the lead-in
    (data form 41h, from the ATIP lead-in start), MCN and ISRCs in the
    cue sheet, track 2's pregap taken from the end of a.wav."""
    need("wodim")
    a, b = album
    write_inf(tmp_path / "a.inf", "Ann Example", "First Song", ISRC[0])
    write_inf(tmp_path / "b.inf", "Bob Sample", "Second Song", ISRC[1])
    image = tmp_path / "disc"
    env = shim_env(image)
    p = run(["wodim", "-v", "dev=/dev/sr0", "gracetime=0", "-sao", "-text",
             "-pad", f"mcn={MCN}", "-audio", "-useinfo", str(a), str(b)],
            env)
    out = p.stdout + p.stderr
    assert "in real SAO mode for single session" in out, out
    assert "SAO startsec: -12490" in out, out
    assert "Writing lead-in..." in out, out
    tracks, leadout = disc_state(image)
    pa, pb = pcm_of(a), pcm_of(b)
    start2 = -(-len(pa) // SECTOR)
    assert [t["start"] for t in tracks] == [0, start2], tracks
    assert tracks[1]["pregap"] == 150  # inside a.wav's last 2 s
    assert [t["isrc"] for t in tracks] == ISRC
    disc = image_span(image, 0, leadout)
    assert disc[:len(pa)] == pa
    assert disc[start2 * SECTOR:start2 * SECTOR + len(pb)] == pb
    rip_matches_image(tmp_path, env, image, [0, start2], leadout)

    info = cd_info(env)
    assert "CD-TEXT for Disc:" in info, info
    assert "TITLE: Virtual Album" in info, info
    assert "PERFORMER: The Testers" in info, info
    assert "TITLE: Second Song" in info, info
    toc = read_toc(tmp_path, env)
    assert f'CATALOG "{MCN}"' in toc, toc
    assert f'ISRC "{ISRC[0]}"' in toc and f'ISRC "{ISRC[1]}"' in toc, toc
    assert 'TITLE "Virtual Album"' in toc, toc
    assert 'PERFORMER "Ann Example"' in toc, toc
    cue = (tmp_path / "disc.cue").read_text(encoding="utf-8")
    assert 'TITLE "First Song"' in cue and f"CATALOG {MCN}" in cue, cue


TOC = """CD_DA
CATALOG "{mcn}"
CD_TEXT {{
  LANGUAGE_MAP {{ 0 : EN }}
  LANGUAGE 0 {{
    TITLE "Toc Album"
    PERFORMER "Toc Band"
    SONGWRITER "Band Writer"
  }}
}}
TRACK AUDIO
COPY
ISRC "{isrc0}"
CD_TEXT {{ LANGUAGE 0 {{ TITLE "Opening" PERFORMER "Toc Band"
                         SONGWRITER "Writer One" }} }}
FILE "{a}" 0
INDEX 00:03:00
TRACK AUDIO
PRE_EMPHASIS
ISRC "{isrc1}"
CD_TEXT {{ LANGUAGE 0 {{ TITLE "Closing" PERFORMER "Toc Band"
                         SONGWRITER "Writer Two" }} }}
PREGAP 0:1:0
FILE "{b}" 0
"""


def test_cdrdao_write_toc(tmp_path, album):
    """cdrdao write (CD-TEXT enabled with driver option 0x10, as its
    README says for recorders it cannot identify): CATALOG, ISRC, CD-TEXT,
    an INDEX 02, a 1 s PREGAP the drive fills with silence."""
    need("cdrdao")
    a, b = album
    tocfile = tmp_path / "album.toc"
    tocfile.write_text(TOC.format(mcn=MCN, isrc0=ISRC[0], isrc1=ISRC[1],
                                  a=a, b=b))
    image = tmp_path / "disc"
    env = shim_env(image)
    p = run(["cdrdao", "write", "--device", "/dev/sr0", "--driver",
             "generic-mmc:0x10", "-n", str(tocfile)], env)
    out = p.stdout + p.stderr
    assert "Writing CD-TEXT lead-in..." in out, out
    assert "Writing finished successfully." in out, out
    tracks, leadout = disc_state(image)
    pa, pb = pcm_of(a), pcm_of(b)
    end1 = -(-len(pa) // SECTOR)
    assert [t["start"] for t in tracks] == [0, end1 + 75], tracks
    assert tracks[0]["index"] == [225] and tracks[1]["pregap"] == 75
    assert [t["ctl"] for t in tracks] == [2, 1]  # COPY; PRE_EMPHASIS
    assert leadout == end1 + 75 + len(pb) // SECTOR
    disc = image_span(image, 0, leadout)
    assert disc[:len(pa)] == pa
    assert disc[len(pa):(end1 + 75) * SECTOR].count(0) == \
        (end1 + 75) * SECTOR - len(pa)  # padding and the silent pregap
    assert disc[(end1 + 75) * SECTOR:] == pb
    rip_matches_image(tmp_path, env, image, [0, end1 + 75], leadout)

    toc = read_toc(tmp_path, env)
    assert f'CATALOG "{MCN}"' in toc, toc
    assert f'ISRC "{ISRC[0]}"' in toc and f'ISRC "{ISRC[1]}"' in toc, toc
    assert 'TITLE "Toc Album"' in toc and 'TITLE "Closing"' in toc, toc
    assert 'SONGWRITER "Writer One"' in toc, toc
    assert "PRE_EMPHASIS\n" in toc and "START 00:01:00" in toc, toc
    # cdrdao finds INDEX 02 by scanning the Q sub-channel; it reports
    # the sector after the one READ CD shows it in (00:03:00 = LBA 225,
    # checked in tests/unit/virtual/test_vrec_sao.c).
    assert re.search(r"^INDEX 00:03:0[01]$", toc, re.M), toc
    info = cd_info(env)
    assert "TITLE: Toc Album" in info and "SONGWRITER: Writer Two" in info

    # The image: cd-info lists the tracks of the cue sheet, bchunk splits
    # it; track 2 starts with b.wav.
    need("bchunk")
    cue = (tmp_path / "disc.cue").read_text()
    for line in (f"CATALOG {MCN}", 'TITLE "Toc Album"', "INDEX 02 00:03:00",
                 "FLAGS PRE", f"ISRC {ISRC[1]}", "INDEX 00 00:08:01",
                 "INDEX 01 00:09:01", 'SONGWRITER "Writer Two"'):
        assert line in cue, (line, cue)
    outdir = tmp_path / "x"
    outdir.mkdir()
    subprocess.run(["bchunk", str(image) + ".bin", str(image) + ".cue",
                    str(outdir / "t")], check=True, capture_output=True,
                   timeout=TIMEOUT)
    assert (outdir / "t02.cdr").read_bytes()[:len(pb)] == pb
    # bchunk starts a track at the last INDEX line it reads: INDEX 02.
    t01 = (outdir / "t01.cdr").read_bytes()
    assert t01[:len(pa) - 225 * SECTOR] == pa[225 * SECTOR:]


def test_without_sao_each_program_says_so(tmp_path, album):
    """sao=0: a recorder without Session-At-Once.  libburn assumes SAO of
    every CD writer and fails at SEND CUE SHEET (05/20/00); wodim finds
    SAO refused by MODE SELECT and stops; cdrdao cannot set page 05h.
    -tao still burns."""
    need("cdrskin", "wodim", "cdrdao")
    a, b = album
    image = tmp_path / "disc"
    env = shim_env(image, ",sao=0")
    p = cdrskin(env, "-audio", str(a), str(b), check=False)
    assert p.returncode != 0
    assert ("SCSI error condition on command 5Dh SEND CUE SHEET: "
            "[5 20 00] Illegal request. Invalid command operation code."
            ) in p.stderr, p.stderr
    p = run(["wodim", "dev=/dev/sr0", "gracetime=0", "-sao", "-audio",
             str(a), str(b)], env, check=False)
    assert p.returncode != 0
    assert "Supported modes: TAO\n" in p.stdout, p.stdout
    assert "wodim: Drive does not support SAO recording." in p.stderr, \
        p.stderr
    tocfile = tmp_path / "album.toc"
    tocfile.write_text(TOC.format(mcn=MCN, isrc0=ISRC[0], isrc1=ISRC[1],
                                  a=a, b=b))
    p = run(["cdrdao", "write", "--device", "/dev/sr0", "-n",
             str(tocfile)], env, check=False)
    assert p.returncode != 0
    assert ("ERROR: Cannot setup write parameters for session-at-once "
            "mode.") in p.stderr, p.stderr
    assert not os.path.exists(str(image) + ".cue")
    out = cdrskin(env, "-v", "-tao", "-audio", str(a), str(b)).stdout
    assert "in real TAO mode" in out, out
