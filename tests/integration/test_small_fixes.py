"""Smaller things: a commit with several empty files refuses once and
names them all; a start-up error names the virtual recorder once."""

import subprocess

from burnfs_helpers import SECTOR_FRAMES, ls, make_wav, quote, sh
from conftest import BURNFS


def test_commit_with_empty_files_refuses_once(v1, tmp_path):
    wav = make_wav(tmp_path / "a.wav", 400 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(wav)} {quote(v1.tracks)}/").returncode == 0
    empties = ["e1.wav", "e2.wav", "e3.wav"]
    for e in empties:
        assert sh(f": > {quote(v1.tracks / e)}").returncode == 0
    assert sorted(ls(v1.tracks)) == ["a.wav"] + empties
    r = v1.write("commit", 1)
    assert r.returncode != 0 and "Invalid argument" in r.stderr, r
    # One refusal took every empty file out, each named in the log.
    assert ls(v1.tracks) == ["a.wav"]
    log = v1.log()
    commit_lines = [ln for ln in log.splitlines() if "commit:" in ln]
    assert any(all(e in ln for e in empties) for ln in commit_lines), log
    for e in empties:
        assert f"{e}: refused" in log, log
    assert v1.state() == "idle"


def test_startup_error_names_the_recorder_once(tmp_path):
    image = tmp_path / "img"
    (tmp_path / "img.state").write_text("not a state file\n")
    (tmp_path / "mnt").mkdir()
    r = subprocess.run([BURNFS, "-f", f"--virtual=d:{image}",
                        f"--spool={tmp_path}/spool", str(tmp_path / "mnt")],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0
    assert "virtual recorder d:" in r.stderr, r.stderr
    assert r.stderr.count("virtual recorder d") == 1, r.stderr
