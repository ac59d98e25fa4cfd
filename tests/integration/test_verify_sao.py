"""Verification of a Session-At-Once burn reads back, besides the audio
and the codes, the CD-TEXT of the lead-in (READ TOC/PMA/ATIP format 5)
and the index points in the Q sub-channel (READ CD with formatted Q):
an album from a cue sheet with a pregap, INDEX 02 and texts passes, and
a recorder that misreads its CD-TEXT or its Q sub-channel
(`corrupt_cdtext`, `corrupt_q`) fails the burn, naming what differs."""

import os

import pytest

from burnfs_helpers import make_wav, quote, sh

CUE = """PERFORMER "Trio"
TITLE "Hall"
FILE "album.wav" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "Ann"
    ISRC USABC2600001
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    INDEX 00 00:05:00
    INDEX 01 00:06:00
  TRACK 03 AUDIO
    TITLE "Three"
    INDEX 01 00:10:00
    INDEX 02 00:12:00
"""
# Where the sheet puts the index points, in sectors (75 a second).
POINTS = {(1, 1): 0, (2, 0): 375, (2, 1): 450, (3, 1): 750, (3, 2): 900}


def stage_album(drive, tmp_path):
    for name, value in [("write_mode", "sao"), ("mcn", "4006381333931")]:
        r = drive.write(name, value)
        assert r.returncode == 0, f"{name}: {r.stderr}"
    album = make_wav(tmp_path / "album.wav", 44100 * 15 + 17, 440)
    sheet = tmp_path / "album.cue"
    sheet.write_text(CUE)
    r = sh(f"cp {quote(album)} {quote(sheet)} {quote(drive.tracks)}")
    assert r.returncode == 0, r.stderr
    toc = drive.read("toc")
    assert "tracks_staged: 3" in toc and "cdtext: yes" in toc, toc
    r = drive.write("commit", 1)
    assert r.returncode == 0, f"commit: {r.stderr}\n{drive.log()}"


@pytest.mark.time_limit(180)
def test_cdtext_and_index_points_read_back_as_written(burnfs, tmp_path):
    v1 = burnfs().drive()
    stage_album(v1, tmp_path)
    v1.wait_state("done", timeout=120)
    status = v1.kv("status")
    assert status.get("verify") == (
        "passed, 3 tracks match, MCN and ISRC, CD-TEXT, 5 index points "
        "as written"), status
    log = v1.log()
    assert "verify: CD-TEXT as written (" in log, log
    assert "verify: 5 index points as written" in log, log
    assert os.listdir(v1.tracks) == []


@pytest.mark.time_limit(180)
def test_misread_cdtext_and_index_point_fail_the_burn(burnfs, tmp_path):
    # Pack 0 is the first TITLE pack: the disc's title comes back with
    # its first byte altered.  The Q of sectors 900-904 carries track 3
    # INDEX 01: INDEX 02 is read back 5 sectors late.
    first, last = POINTS[(3, 2)], POINTS[(3, 2)] + 4
    m = burnfs(drives=[("v1", f"corrupt_cdtext=0,corrupt_q={first}-{last}")])
    v1 = m.drive()
    stage_album(v1, tmp_path)
    v1.wait_state("failed", timeout=120)
    status = v1.kv("status")
    text = 'CD-TEXT: the disc\'s TITLE reads back as "Iall", not "Hall"'
    index = (f"track 3 INDEX 02 expected at LBA {first}, found at LBA "
             f"{last + 1}")
    assert status.get("verify") == "failed, " + text, status
    assert text in status.get("last_error", ""), status
    log = v1.log()
    assert "verify: " + text in log, log
    assert "verify: " + index in log, log
    # The audio itself matched; the other index points are right.
    assert "verify: track 3 (album.cue track 03): match" in log, log
    for (t, i), lba in POINTS.items():
        if (t, i) != (3, 2):
            assert f"track {t} INDEX {i:02d} expected" not in log, log
    assert sorted(os.listdir(v1.tracks)) == ["album.cue", "album.wav"], \
        "the staged album was removed after a failed verification"


@pytest.mark.time_limit(180)
def test_misread_index_point_alone_is_the_failure(burnfs, tmp_path):
    # INDEX 00 of track 2 read back 3 sectors late.
    at = POINTS[(2, 0)]
    m = burnfs(drives=[("v1", f"corrupt_q={at}-{at + 2}")])
    v1 = m.drive()
    stage_album(v1, tmp_path)
    v1.wait_state("failed", timeout=120)
    status = v1.kv("status")
    want = f"track 2 INDEX 00 expected at LBA {at}, found at LBA {at + 3}"
    assert status.get("verify") == "failed, " + want, status
    assert "verify: CD-TEXT as written" in v1.log(), v1.log()
