"""The IMAPI2 capabilities through the mount: status keeps its fixed
states during a blank (the action says what runs), info lists features,
mode pages, loading and the owner's command, media shows the ATIP,
speeds come from GET PERFORMANCE with their rotation and write_speed
picks the nearest supported speed, progress lines carry the host and
drive buffers' fill (status the bytes), and keep_session_open burns in steps into one
session that a last commit closes."""

import re

import pytest

from burnfs_helpers import (burn, cd_info, make_wav, padded_sectors,
                            progress_lines, quote, sh, stage, tao_starts,
                            wav_pcm)

FIXED_STATES = {"idle", "converting", "preparing", "writing", "finishing",
                "verifying", "done", "failed", "cancelled"}


def test_blank_keeps_fixed_states(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "media=cdrw80")]).drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 300)])
    burn(v1)
    assert v1.kv("status").get("action") == "burn"
    r = v1.write("blank", "fast")
    assert r.returncode == 0, r.stderr + v1.log()
    v1.wait_state("done", timeout=60)  # the blank runs as a job
    status = v1.kv("status")
    assert status.get("state") == "done", status
    assert status.get("action") == "blank-fast", status
    header, lines = progress_lines(v1)
    assert lines, "no progress lines"
    assert header.startswith("blank-fast"), header
    states = {f["state"] for f in lines}
    assert states <= FIXED_STATES, states
    assert "writing" in states, states
    assert lines[-1]["state"] == "done"
    assert v1.kv("media").get("state") == "blank"


def test_info_features_pages_owner(burnfs, tmp_path):
    v1 = burnfs().drive()
    text = v1.read("info")
    info = v1.kv("info")
    features = re.findall(r"^feature: (0x[0-9A-F]{4}) current=(yes|no) "
                          r"persistent=(yes|no) (.+)$", text, re.M)
    assert int(info["feature_count"]) == len(features) > 0, text
    by_code = {c: (cur, name) for c, cur, _, name in features}
    assert by_code["0x0000"] == ("yes", "Profile List"), by_code
    assert by_code["0x002D"] == ("yes", "CD Track at Once"), by_code
    assert by_code["0x0107"][1] == "Real Time Streaming", by_code
    assert "0x2A CD/DVD Capabilities and Mechanical Status" in \
        info["mode_pages"], info
    assert "0x05 Write Parameters" in info["mode_pages"], info
    assert info["loading_mechanism"] == "tray", info
    assert info["can_load"] == "yes", info
    assert info["owner"] == "none" and info["owner_command"] == "none"

    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 300)])
    # The committing process: a shell named ownertest.
    r = sh(f"exec -a ownertest bash -c 'echo 1 > {quote(v1.file('commit'))}"
           f"; echo $$'")
    assert r.returncode == 0, r.stderr + v1.log()
    v1.wait_state("done", timeout=90)
    info = v1.kv("info")
    assert info["owner"] == r.stdout.strip(), info
    assert info["owner_command"] == "bash", info
    status = v1.kv("status")
    assert status["owner_command"] == "bash", status
    # A closed disc: the current bit of CD Track at Once goes.
    text = v1.read("info")
    assert re.search(r"^feature: 0x002D current=no ", text, re.M), text


def test_media_atip(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "media=cdrw74")]).drive()
    media = v1.kv("media")
    assert media["physically_blank"] == "yes", media
    assert media["atip_disc_type"] == "CD-RW", media
    m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)", media["atip_leadin"])
    assert m and int(m.group(1)) >= 90, media
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 300)])
    burn(v1)
    media = v1.kv("media")
    assert media["physically_blank"] == "no", media
    assert media["atip_disc_type"] == "CD-RW", media

    v2 = burnfs(drives=[("v2", "media=cdr80")]).drive()
    assert v2.kv("media")["atip_disc_type"] == "CD-R"


def supported(drive):
    out = []
    for line in drive.read("speeds").splitlines():
        m = re.fullmatch(r"supported: (\d+)x (\d+) kB/s (CLV|CAV)", line)
        if m:
            out.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


def test_speeds_and_write_speed(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "speed=48")]).drive()
    speeds = v1.kv("speeds")
    assert speeds["source"] == "GET PERFORMANCE", speeds
    sup = supported(v1)
    assert len(sup) == int(speeds["supported_count"]) > 1, speeds
    assert [k for _, k, _ in sup] == sorted((k for _, k, _ in sup),
                                            reverse=True)
    assert re.fullmatch(r"\d+x \d+ kB/s (CLV|CAV)", speeds["current"])
    assert speeds["requested"] == "max"
    assert speeds["selected"] == "%dx %d kB/s %s" % sup[0]

    # A speed between two supported ones gets the nearer, and says so.
    xs = [x for x, _, _ in sup]
    hi, lo = xs[0], xs[1]
    want = hi - 1 if hi - 1 > lo else lo
    r = v1.write("write_speed", f"{want}x")
    assert r.returncode == 0, r.stderr
    nearest = min(sup, key=lambda s: (abs(s[1] - want * 176.4), s[1]))
    if nearest[0] != want:
        assert (f"write_speed: {want}x is not supported by this disc; "
                f"using {nearest[0]}x") in v1.log()
    assert v1.kv("speeds")["selected"] == "%dx %d kB/s %s" % nearest

    # Sectors per second, IMAPI's unit: 3528 = 47.04x.
    r = v1.write("write_speed", 3528)
    assert r.returncode == 0, r.stderr
    assert v1.read("write_speed").strip() == "3528"
    assert v1.kv("speeds")["requested"] == "47x 8298 kB/s"
    r = v1.write("write_speed", "99999")
    assert r.returncode != 0 and "Invalid argument" in r.stderr

    # The burn runs at the selected speed and the log says so.
    assert v1.write("write_speed", f"{want}x").returncode == 0
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 300)])
    burn(v1)
    if nearest[0] != want:
        assert v1.log().count(f"using {nearest[0]}x") >= 2


def test_progress_host_buffer(burnfs, tmp_path):
    # Longer than the drive's buffer holds: lines while the host sends.
    v1 = burnfs(drives=[("v1", "pace=1,speed=4")]).drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 24, 300)])
    burn(v1)
    header, lines = progress_lines(v1)
    assert header.startswith("burn: 1 track"), header
    writing = [f for f in lines if f["state"] == "writing"]
    assert writing, lines
    with_buffers = [f for f in writing if f["buffer"] is not None]
    assert with_buffers, writing
    for f in with_buffers:
        assert 0 <= int(f["buffer"]) <= 100, f
        assert 0 <= int(f["drive"]) <= 100, f
    assert any(int(f["buffer"]) > 0 for f in with_buffers), with_buffers
    status = v1.kv("status")
    for k in ("host_buffer_total_bytes", "host_buffer_free_bytes",
              "host_buffer_bytes", "drive_buffer"):
        assert k in status, status
    assert int(status["host_buffer_bytes"]) + \
        int(status["host_buffer_free_bytes"]) == \
        int(status["host_buffer_total_bytes"]), status


@pytest.mark.parametrize("appendable", [False, True])
def test_keep_session_open_in_steps(burnfs, tmp_path, appendable):
    v1 = burnfs().drive()
    wavs = [make_wav(tmp_path / f"{i}.wav", 44100 * (4 + i), 200 + 100 * i)
            for i in range(3)]
    assert v1.write("keep_session_open", 1).returncode == 0
    assert v1.write("do_not_finalize", int(appendable)).returncode == 0

    stage(v1, wavs[:2])
    burn(v1)
    media = v1.kv("media")
    assert media["state"] == "open", media
    assert media["sessions"] == "1" and media["tracks"] == "2", media
    assert media["note"].startswith("session open: only CD recorders"), media

    stage(v1, wavs[2:])
    burn(v1)
    media = v1.kv("media")
    assert media["state"] == "open", media
    assert media["sessions"] == "1" and media["tracks"] == "3", media
    assert all("session=1" in media[f"track0{n}"] for n in (1, 2, 3)), media

    # Nothing staged, keep_session_open=0: the commit closes the session.
    assert v1.write("keep_session_open", 0).returncode == 0
    burn(v1)
    assert v1.kv("status")["action"] == "close-session"
    media = v1.kv("media")
    assert media["state"] == ("appendable" if appendable else "closed"), media
    assert media["sessions"] == "1" and media["tracks"] == "3", media
    assert "note" not in media, media

    # cd-info reads the three tracks at their TAO addresses, one session.
    pcm = [wav_pcm(p) for p in wavs]
    starts, leadout = tao_starts(0, [padded_sectors(len(p)) for p in pcm])
    out, tracks, lo = cd_info("cue", f"{v1.image}.cue")
    assert [lsn for _, lsn, _ in tracks] == starts, out
    assert lo == leadout, out
    assert "SESSION 02" not in open(f"{v1.image}.cue").read()
