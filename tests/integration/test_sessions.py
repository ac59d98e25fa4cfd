"""do_not_finalize: a first burn leaves the disc appendable with one
closed session; after an unmount and a new mount the next burn adds a
second session and closes the disc.  A third-party reader (libcdio's
NRG driver) must see both sessions, and the audio of session 2 must be
in the image at the addresses it reports."""

import re

from burnfs_helpers import (NEXT_SESSION_GAP_FIRST, SECTOR_BYTES,
                            assert_pcm_then_zeros, cd_info, ls, make_wav,
                            padded_sectors, quote, read_image, sh, tao_starts,
                            wav_pcm)


def stage(drive, paths):
    r = sh("cp " + " ".join(quote(p) for p in paths) + " "
           + quote(drive.tracks))
    assert r.returncode == 0, f"cp failed: {r.stderr}"


def commit_and_wait(drive):
    r = drive.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{drive.log()}"
    drive.wait_state("done", timeout=90)
    assert ls(drive.tracks) == []


def sessions_in(cd_info_output):
    """Session numbers cd-info reports, from lines such as
    'session #2 starts at track  3, LSN: 12345'."""
    return sorted({int(n) for n in re.findall(
        r"session #(\d+)", cd_info_output, flags=re.IGNORECASE)})


def test_do_not_finalize_two_sessions(burnfs, tmp_path):
    m = burnfs()
    v1 = m.drive("v1")
    s1 = [make_wav(tmp_path / "a1.wav", 44100 * 4 + 17, 500),
          make_wav(tmp_path / "a2.wav", 44100 * 5, 600)]
    s2 = [make_wav(tmp_path / "b1.wav", 44100 * 4 + 301, 700),
          make_wav(tmp_path / "b2.wav", 44100 * 2, 800)]

    r = v1.write("do_not_finalize", 1)
    assert r.returncode == 0, r.stderr
    assert v1.read("do_not_finalize").strip() == "1"
    stage(v1, s1)
    commit_and_wait(v1)
    media = v1.kv("media")
    assert media.get("state") == "appendable", media
    assert media.get("sessions") == "1", media

    # The disc and the spool outlive the mount.
    m.restart()
    v1 = m.drive("v1")
    media = v1.kv("media")
    assert media.get("state") == "appendable", media

    stage(v1, s2)
    r = v1.write("do_not_finalize", 0)
    assert r.returncode == 0, r.stderr
    assert v1.read("do_not_finalize").strip() == "0"
    commit_and_wait(v1)
    media = v1.kv("media")
    assert media.get("state") == "closed", media
    assert media.get("sessions") == "2", media
    assert media.get("tracks") == "4", media

    # What a reader of the Nero image sees.
    out, tracks, _ = cd_info("nrg", f"{v1.image}.nrg")
    assert [n for n, _, _ in tracks] == [1, 2, 3, 4], out
    assert all(kind == "audio" for _, _, kind in tracks), out
    assert sessions_in(out) == [1, 2] or "2 sessions" in out.lower() or \
        re.search(r"sessions?\D+2\b", out, re.IGNORECASE), \
        f"cd-info does not report a second session:\n{out}"

    # Session 1 layout, then session 2 after the lead-out and lead-in.
    pcm1 = [wav_pcm(p) for p in s1]
    pcm2 = [wav_pcm(p) for p in s2]
    starts1, leadout1 = tao_starts(0, [padded_sectors(len(p)) for p in pcm1])
    starts2, _ = tao_starts(leadout1 + NEXT_SESSION_GAP_FIRST,
                            [padded_sectors(len(p)) for p in pcm2])
    assert [lsn for _, lsn, _ in tracks] == starts1 + starts2, out

    for k, (lba, pcm) in enumerate(zip(starts2, pcm2)):
        nbytes = padded_sectors(len(pcm)) * SECTOR_BYTES
        got = read_image(f"{v1.image}.bin", lba, nbytes)
        assert_pcm_then_zeros(got, pcm, f"session 2 track {k + 1}")
    for k, (lba, pcm) in enumerate(zip(starts1, pcm1)):
        nbytes = padded_sectors(len(pcm)) * SECTOR_BYTES
        got = read_image(f"{v1.image}.bin", lba, nbytes)
        assert_pcm_then_zeros(got, pcm, f"session 1 track {k + 1}")
