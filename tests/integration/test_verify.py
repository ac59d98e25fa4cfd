"""Reading back what was burnt: disc/ shows the disc's tracks as WAV
files that `cp` rips, and every burn is verified against the staged
audio.  Virtual recorders with a read offset or with sectors that read
back wrong stand in for real drives and bad discs."""

import random
import wave

import pytest

from burnfs_helpers import (SECTOR_BYTES, SECTOR_FRAMES, assert_pcm_then_zeros,
                            ls, padded_sectors, quote, read_file_at, sh,
                            tao_starts, wav_pcm)

HEADER = 44


def make_noise_wav(path, frames, seed):
    """A WAV of pseudo-random CD-DA: no two stretches of it alike, so a
    shifted read can only match at its true offset."""
    rnd = random.Random(seed)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(rnd.randbytes(frames * 4))
    return path


def stage_and_burn(drive, sources, timeout=120):
    r = sh("cp " + " ".join(quote(p) for p in sources) + " "
           + quote(drive.tracks))
    assert r.returncode == 0, f"cp failed: {r.stderr}\n{drive.log()}"
    r = drive.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{drive.log()}"


def sources(tmp_path, specs):
    out = []
    for i, (name, frames) in enumerate(specs):
        out.append(make_noise_wav(tmp_path / name, frames, seed=i + 1))
    return out


TWO = [("1 odd.wav", 5 * 44100 + 123), ("2 short.wav", 3 * 44100)]


@pytest.mark.time_limit(180)
def test_rip_after_burn_and_verify_match(burnfs, tmp_path):
    m = burnfs()
    d = m.drive()
    src = sources(tmp_path, TWO)
    stage_and_burn(d, src)
    d.wait_state("done")

    status = d.kv("status")
    assert status.get("verify") == "passed, 2 tracks match", status
    log = d.log()
    assert "verify: track 1 (1 odd.wav): match" in log, log
    assert "verify: track 2 (2 short.wav): match" in log, log
    assert ls(d.tracks) == [], "verified tracks stay in tracks/"

    disc = d.path / "disc"
    assert ls(disc) == ["01.wav", "02.wav"]
    rip = tmp_path / "rip"
    rip.mkdir()
    r = sh(f"cp {quote(disc)}/*.wav {quote(rip)}/")
    assert r.returncode == 0, f"cp disc/*.wav failed: {r.stderr}"
    for k, path in enumerate(src):
        pcm = wav_pcm(path)
        sectors = padded_sectors(len(pcm))
        name = f"{k + 1:02d}.wav"
        ripped = rip / name
        assert ripped.stat().st_size == HEADER + sectors * SECTOR_BYTES
        assert (disc / name).stat().st_size == ripped.stat().st_size
        with wave.open(str(ripped), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) \
                == (2, 2, 44100)
            assert w.getnframes() == sectors * SECTOR_FRAMES
            got = w.readframes(w.getnframes())
        assert_pcm_then_zeros(got, pcm, f"ripped track {k + 1}")

    # Seekable: bytes at any offset, across the header and sectors.
    pcm = wav_pcm(src[0])
    ripped = (rip / "01.wav").read_bytes()
    for off, n in [(0, 10), (40, 9), (HEADER + 1000 * 4 + 3, 5000),
                   (HEADER + 77 * SECTOR_BYTES - 7, 3 * SECTOR_BYTES)]:
        assert read_file_at(disc / "01.wav", off, n) == ripped[off:off + n]
    assert ripped[HEADER:HEADER + len(pcm)] == pcm

    # disc/ is read-only.
    r = sh(f"echo x > {quote(disc)}/03.wav")
    assert r.returncode != 0 and "Read-only file system" in r.stderr, r


@pytest.mark.time_limit(180)
def test_corrupt_read_fails_verification_and_keeps_tracks(burnfs, tmp_path):
    pcm_frames = [f for _, f in TWO]
    sectors = [padded_sectors(f * 4) for f in pcm_frames]
    starts, _ = tao_starts(0, sectors)
    bad = starts[1] + 100
    m = burnfs(drives=[("v1", f"corrupt={bad}-{bad + 2}")])
    d = m.drive()
    stage_and_burn(d, sources(tmp_path, TWO))
    d.wait_state("failed")

    status = d.kv("status")
    err = status.get("last_error", "")
    where = (f"track 2 (2 short.wav): mismatch at LBA {bad} (sector 100 of "
             f"the track), sample {100 * SECTOR_FRAMES} of the track "
             f"(sample 0 of the sector)")
    assert where in err, status
    assert status.get("verify", "").startswith("failed, " + where), status
    log = d.log()
    assert "verify: track 1 (1 odd.wav): match" in log, log
    assert f"verify: track 2 (2 short.wav): {where.split(': ', 1)[1]}" \
        in log, log
    assert sorted(ls(d.tracks)) == ["1 odd.wav", "2 short.wav"], \
        "staged tracks were removed after a failed verification"
    # The disc itself was burnt; its tracks are listed.
    assert ls(d.path / "disc") == ["01.wav", "02.wav"]


@pytest.mark.time_limit(180)
@pytest.mark.parametrize("offset", [30, -30])
def test_read_offset_found(burnfs, tmp_path, offset):
    m = burnfs(drives=[("v1", f"read_offset={offset}")])
    d = m.drive()
    stage_and_burn(d, sources(tmp_path, TWO))
    d.wait_state("done")
    log = d.log()
    for k, (name, _) in enumerate(TWO):
        line = f"verify: track {k + 1} ({name}): match, offset found " \
               f"{offset} samples"
        assert line in log, log
    assert d.kv("status").get("verify") == \
        f"passed, 2 tracks match, offset found {offset} samples"
    assert ls(d.tracks) == []


def test_verify_off(burnfs, tmp_path):
    m = burnfs(drives=[("v1", "corrupt=0-10000")])
    d = m.drive()
    r = d.write("verify", 0)
    assert r.returncode == 0, r.stderr
    stage_and_burn(d, sources(tmp_path, TWO[:1]))
    d.wait_state("done")
    assert d.kv("status").get("verify") == "none"
    assert "verify: track" not in d.log()
    assert ls(d.tracks) == []


@pytest.mark.time_limit(180)
def test_disc_busy_while_a_job_runs(burnfs, tmp_path):
    m = burnfs(drives=[("v1", "pace=1,speed=4")])
    d = m.drive()
    assert d.write("do_not_finalize", 1).returncode == 0
    first, later = sources(tmp_path, [("01 a.wav", 4 * 44100),
                                      ("02 b.wav", 40 * 44100)])
    stage_and_burn(d, [first])
    d.wait_state("done")
    disc = d.path / "disc"
    assert ls(disc) == ["01.wav"]

    stage_and_burn(d, [later])
    d.wait_state("writing", timeout=60)
    r = sh(f"cat {quote(disc)}/01.wav > /dev/null")
    assert r.returncode != 0, "disc/ was readable during a burn"
    assert "Device or resource busy" in r.stderr, r.stderr
    assert d.write("cancel", 1).returncode == 0
    d.wait_state("cancelled", timeout=60)
    # Readable again once the job has ended.
    r = sh(f"cat {quote(disc)}/01.wav | wc -c")
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == HEADER + 300 * SECTOR_BYTES
