"""The action files eject, blank and load: the tray opens and closes,
eject is refused while a burn runs, a CD-RW can be burnt, blanked and
burnt again, blanking a CD-R is refused with EMEDIUMTYPE, and a virtual
recorder takes a fresh disc of a chosen kind while the old disc's image
is kept."""

import os

import pytest

from burnfs_helpers import (assert_pcm_then_zeros, burn, cd_info, ls, make_wav,
                            progress_lines,
                            padded_sectors, read_image, stage, tao_starts,
                            wav_pcm)


def check_disc(drive, wavs):
    """The image holds exactly these tracks, at their TAO addresses."""
    pcm = [wav_pcm(p) for p in wavs]
    starts, leadout = tao_starts(0, [padded_sectors(len(p)) for p in pcm])
    out, tracks, lo = cd_info("cue", f"{drive.image}.cue")
    assert [lsn for _, lsn, _ in tracks] == starts, out
    for s, p in zip(starts, pcm):
        got = read_image(f"{drive.image}.bin", s, padded_sectors(len(p)) * 2352)
        assert_pcm_then_zeros(got, p, f"track at {s}")


def test_eject_and_close(burnfs):
    v1 = burnfs().drive()
    r = v1.write("eject", 1)
    assert r.returncode == 0, r.stderr + v1.log()
    media = v1.kv("media")
    assert media.get("type") == "none", media
    assert "eject: the tray is open" in v1.log()
    r = v1.write("eject", 0)
    assert r.returncode == 0, r.stderr + v1.log()
    media = v1.kv("media")
    assert media.get("type") == "CD-R", media
    assert "eject: the tray is closed" in v1.log() or \
        "close tray: the tray is closed" in v1.log()


def test_eject_bad_value(burnfs):
    v1 = burnfs().drive()
    r = v1.write("eject", "sideways")
    assert r.returncode != 0
    assert "Invalid argument" in r.stderr, r.stderr
    assert v1.kv("media").get("type") == "CD-R"


def test_eject_refused_while_burning(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "pace=1,speed=1")]).drive()
    stage(v1, [make_wav(tmp_path / "long.wav", 44100 * 20, 440)])
    r = v1.write("commit", 1)
    assert r.returncode == 0, r.stderr + v1.log()
    v1.wait_state("writing", timeout=30)
    r = v1.write("eject", 1)
    assert r.returncode != 0
    assert "busy" in r.stderr.lower(), r.stderr
    r = v1.write("blank", "fast")
    assert r.returncode != 0
    assert "busy" in r.stderr.lower(), r.stderr
    assert v1.write("cancel", 1).returncode == 0
    v1.wait_state("cancelled", timeout=60)


def test_blank_cd_r_refused(burnfs):
    v1 = burnfs().drive()
    r = v1.write("blank", "fast")
    assert r.returncode != 0
    assert "Wrong medium type" in r.stderr, r.stderr
    assert "only a CD-RW can be blanked" in v1.log()


@pytest.mark.parametrize("how", ["fast", "full"])
def test_burn_blank_burn_again(burnfs, tmp_path, how):
    v1 = burnfs(drives=[("v1", "media=cdrw80")]).drive()
    assert v1.kv("media").get("type") == "CD-RW"
    first = [make_wav(tmp_path / "a.wav", 44100 * 6, 300),
             make_wav(tmp_path / "b.wav", 44100 * 4, 500)]
    stage(v1, first)
    burn(v1)
    assert v1.kv("media").get("state") == "closed"
    check_disc(v1, first)

    r = v1.write("blank", "nonsense")
    assert r.returncode != 0 and "Invalid argument" in r.stderr
    r = v1.write("blank", how)
    assert r.returncode == 0, r.stderr + v1.log()
    v1.wait_state("done", timeout=60)  # the blank runs as a job
    media = v1.kv("media")
    assert media.get("state") == "blank", media
    assert media.get("tracks") == "0", media
    status = v1.kv("status")
    assert status.get("state") == "done", status
    assert status.get("percent") == "100", status
    assert f"blank: {how} blanking done" in v1.log()
    header, lines = progress_lines(v1)
    assert header.startswith(f"blank-{how}"), header
    assert any(f["state"] == "writing" for f in lines), lines

    second = [make_wav(tmp_path / "c.wav", 44100 * 5, 700)]
    stage(v1, second)
    burn(v1)
    media = v1.kv("media")
    assert media.get("tracks") == "1", media
    check_disc(v1, second)


@pytest.mark.not_through_shim("load is a burnfs virtual "
                               "recorder file; behind the shim the drive is sr0")
def test_load_fresh_disc_keeps_old_image(burnfs, tmp_path):
    v1 = burnfs().drive()
    first = [make_wav(tmp_path / "a.wav", 44100 * 4, 300)]
    stage(v1, first)
    burn(v1)
    assert v1.kv("media").get("state") == "closed"
    old_bin = open(f"{v1.image}.bin", "rb").read()

    assert "load" in ls(v1.path)
    r = v1.write("load", "cdrw74")
    assert r.returncode != 0, "load with the tray closed must fail"
    assert "Device or resource busy" in r.stderr, r.stderr
    assert v1.write("eject", 1).returncode == 0
    r = v1.write("load", "dvd")
    assert r.returncode != 0 and "Invalid argument" in r.stderr
    r = v1.write("load", "cdrw74")
    assert r.returncode == 0, r.stderr + v1.log()
    assert v1.kv("media").get("type") == "none"  # still in the open tray
    assert v1.write("eject", 0).returncode == 0
    media = v1.kv("media")
    assert media.get("type") == "CD-RW", media
    assert media.get("state") == "blank", media
    assert int(media["capacity_sectors"]) < 340000, media  # 74 minutes

    # The first disc is kept, with a cue sheet naming its own bin file.
    kept = f"{v1.image}.1"
    assert open(f"{kept}.bin", "rb").read() == old_bin
    assert os.path.basename(kept) + ".bin" in open(f"{kept}.cue").read()
    out, tracks, _ = cd_info("cue", f"{kept}.cue")
    assert len(tracks) == 1, out

    second = [make_wav(tmp_path / "b.wav", 44100 * 5, 600)]
    stage(v1, second)
    burn(v1)
    check_disc(v1, second)
    assert f"old disc is kept as {kept}.*" in v1.log()
