"""Verification reads back the codes a burn asked for: the disc's MCN
(the `mcn` control) and each track's ISRC (`user.isrc`), as the drive
reports them in the Q sub-channel (READ SUB-CHANNEL), and `status` and
`log` say so."""

import os

from burnfs_helpers import commit, make_wav, stage


def test_mcn_and_isrc_read_back_as_written(burnfs, tmp_path):
    v1 = burnfs().drive()
    assert v1.write("mcn", "4006381333931").returncode == 0
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "2 b.wav", 44100 * 5, 550)])
    os.setxattr(str(v1.tracks / "2 b.wav"), "user.isrc", b"USABC2600002")
    commit(v1)
    v1.wait_state("done", timeout=90)
    status = v1.kv("status")
    assert status.get("verify") == \
        "passed, 2 tracks match, MCN and ISRC as written", status
    log = v1.log()
    assert "verify: MCN 4006381333931 as written" in log, log
    assert "verify: track 2 (2 b.wav): ISRC USABC2600002 as written" \
        in log, log


def test_no_codes_asked_for_no_codes_checked(burnfs, tmp_path):
    v1 = burnfs().drive()
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 4, 440)])
    commit(v1)
    v1.wait_state("done", timeout=90)
    assert v1.kv("status").get("verify") == "passed, 1 track match"
    assert "MCN" not in v1.log() and "ISRC" not in v1.log()
