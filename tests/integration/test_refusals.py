"""Refusals: every one is an errno the shell prints plus a line in `log`,
and nothing the user staged is lost."""

import pytest

from burnfs_helpers import ls, make_wav, quote, sh


def test_text_file_refused_as_wav(v1, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("This is not audio.\n" * 200)
    r = sh(f"cp {quote(text)} {quote(v1.tracks / 'x.wav')}")
    assert r.returncode == 1, f"cp exit {r.returncode}: {r.stderr}"
    assert "Invalid argument" in r.stderr, r.stderr
    assert "x.wav" not in ls(v1.tracks)
    log = v1.log()
    assert "x.wav" in log, f"no log line names x.wav:\n{log}"
    assert text.read_text() == "This is not audio.\n" * 200


@pytest.mark.parametrize("shell", ["bash", "dash"])
def test_commit_nothing_staged_on_blank_disc(v1, shell):
    assert ls(v1.tracks) == []
    r = v1.write("commit", 1, shell=shell)
    assert r.returncode != 0, "commit with nothing staged succeeded"
    assert r.stderr.strip(), "no message from the shell"
    if shell == "bash":  # dash does not show the errno
        assert r.returncode == 1, r.returncode
        assert "No data available" in r.stderr, r.stderr  # ENODATA
    assert v1.state() in ("idle", None) or v1.state() != "writing"
    assert v1.kv("media").get("state") == "blank"
    assert "commit" in v1.log()


@pytest.mark.time_limit(180)
def test_commit_while_burning_is_busy(burnfs, tmp_path):
    # 1x with real-time pacing: a 6 s track takes a few seconds to write.
    m = burnfs(drives=[("slow", "pace=1,speed=1")])
    d = m.drive("slow")
    first = make_wav(tmp_path / "01 first.wav", 44100 * 6, 440)
    later = make_wav(tmp_path / "02 later.wav", 44100 * 4, 550)
    r = sh(f"cp {quote(first)} {quote(d.tracks)}")
    assert r.returncode == 0, r.stderr
    r = d.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{d.log()}"
    d.wait_state("writing", timeout=60)

    # Staging during a burn is allowed; committing is not.
    r = sh(f"cp {quote(later)} {quote(d.tracks)}")
    assert r.returncode == 0, f"staging during a burn failed: {r.stderr}"
    r = d.write("commit", 1)
    assert r.returncode == 1, "second commit during a burn succeeded"
    assert "Device or resource busy" in r.stderr, r.stderr  # EBUSY
    assert d.state() == "writing"
    assert "02 later.wav" in ls(d.tracks)

    # The first burn finishes; the track staged later stays staged.
    d.wait_state("done", timeout=120)
    assert ls(d.tracks) == ["02 later.wav"]
