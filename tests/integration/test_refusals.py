"""Refusals: every one is an errno the shell prints plus a line in `log`,
and nothing the user staged is lost."""

import os

import pytest

from burnfs_helpers import burn, ls, make_wav, quote, sh, stage


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


def test_refusal_errnos_say_why(burnfs, tmp_path):
    """Settings that rule each other out are EOPNOTSUPP; tracks only
    Session-At-Once can write, committed in `tao`, EINVAL with a log line
    saying what to do; Session-At-Once on a disc that is not blank
    EMEDIUMTYPE; a finalized disc EROFS (doc/files.md's table)."""
    v1 = burnfs().drive()
    assert v1.write("keep_session_open", 1).returncode == 0
    r = v1.write("write_mode", "sao")
    assert "Operation not supported" in r.stderr, r.stderr
    assert "write_mode: sao always closes the session" in v1.log()
    assert v1.write("keep_session_open", 0).returncode == 0
    r = v1.write("write_mode", "dao")
    assert "Invalid argument" in r.stderr, r.stderr  # malformed

    # A pregap other than 2 s needs Session-At-Once.
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "2 b.wav", 44100 * 4, 550)])
    os.setxattr(v1.tracks / "2 b.wav", "user.pregap", b"0")
    r = v1.write("commit", 1)
    assert "Invalid argument" in r.stderr, r.stderr
    assert "echo sao > write_mode" in v1.log()
    os.removexattr(v1.tracks / "2 b.wav", "user.pregap")

    # Burnt, appendable: Session-At-Once needs a blank disc.  Then
    # finalized: nothing can be added at all.
    assert v1.write("do_not_finalize", 1).returncode == 0
    burn(v1)
    stage(v1, [make_wav(tmp_path / "c.wav", 44100 * 4, 660)])
    assert v1.write("write_mode", "sao").returncode == 0
    r = v1.write("commit", 1)
    assert "Wrong medium type" in r.stderr, r.stderr
    assert "Session-At-Once writes a blank disc" in v1.log()
    assert v1.write("write_mode", "tao").returncode == 0
    assert v1.write("do_not_finalize", 0).returncode == 0
    burn(v1)
    stage(v1, [make_wav(tmp_path / "d.wav", 44100 * 4, 770)])
    r = v1.write("commit", 1)
    assert "Read-only file system" in r.stderr, r.stderr
    assert "commit: disc is closed" in v1.log()
    assert ls(v1.tracks) == ["d.wav"]
