"""Every refusal has its line in `log`: extended attributes with bad
values or too big, and attribute changes during a burn."""

from burnfs_helpers import SECTOR_FRAMES, make_wav, quote, sh, wait_for
from test_failed_ops import pyxattr


def new_lines(drive, before):
    return drive.log()[len(before):]


def test_xattr_refusals_are_logged(v1, tmp_path):
    wav = make_wav(tmp_path / "a.wav", 400 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(wav)} {quote(v1.tracks)}/").returncode == 0
    path = v1.tracks / "a.wav"
    cases = [("user.isrc", "US-AB-26-0001", "Invalid argument",
              "a.wav: user.isrc"),
             ("user.pre_emphasis", "2", "Invalid argument",
              "a.wav: user.pre_emphasis"),
             ("user.big", "x" * 4000, None, "a.wav: user.big")]
    for attr, value, err, line in cases:
        before = v1.log()
        r = pyxattr("set", path, attr, value)
        assert r.returncode != 0, (attr, r)
        if err:
            assert err in r.stderr, r.stderr
        got = new_lines(v1, before)
        assert line in got and "refused" in got, (attr, got)


def test_xattr_changes_during_a_burn_are_logged(burnfs, tmp_path):
    mnt = burnfs([("v1", "pace=1,speed=2,buffer=64k")])
    v1 = mnt.drive()
    wav = make_wav(tmp_path / "a.wav", 1500 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(wav)} {quote(v1.tracks)}/").returncode == 0
    assert pyxattr("set", v1.tracks / "a.wav", "user.note",
                   "x").returncode == 0
    assert v1.write("commit", 1).returncode == 0
    v1.wait_state("writing", timeout=30)
    for op, attr in (("set", "user.isrc"), ("set", "user.other"),
                     ("remove", "user.note")):
        before = v1.log()
        r = pyxattr(op, v1.tracks / "a.wav", attr, "USABC2600001")
        assert r.returncode != 0 and "busy" in r.stderr, (op, attr, r)
        got = new_lines(v1, before)
        assert "a.wav" in got and "being burnt" in got, (op, attr, got)
    assert v1.write("cancel", 1).returncode == 0
    wait_for(lambda: v1.state() in ("cancelled", "failed", "done"), 60)


def test_truncate_of_a_control_file_and_special_files_are_logged(v1):
    """truncate -s 5 of a control file (EINVAL), and ln -s and mkfifo in
    tracks/ (not staged: ENOSYS), each with its line in the log."""
    before = v1.log()
    r = sh(f"truncate -s 5 {quote(v1.file('do_not_finalize'))}")
    assert r.returncode != 0 and "Invalid argument" in r.stderr, r
    got = new_lines(v1, before)
    assert "do_not_finalize: cannot be truncated to 5 bytes" in got, got

    before = v1.log()
    r = sh(f"ln -s /etc/passwd {quote(v1.tracks)}/link.wav")
    assert r.returncode != 0 and "Function not implemented" in r.stderr, r
    got = new_lines(v1, before)
    assert "link.wav: refused: a symbolic link cannot be staged" in got, got

    before = v1.log()
    r = sh(f"mkfifo {quote(v1.tracks)}/pipe.wav")
    assert r.returncode != 0 and "Function not implemented" in r.stderr, r
    got = new_lines(v1, before)
    assert "pipe.wav: refused: a fifo, socket or device cannot be staged" \
        in got, got
    assert sorted(p.name for p in v1.tracks.iterdir()) == []
