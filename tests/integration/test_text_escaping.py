"""Text files that embed user strings stay in their format: a track name
with a newline, a tab, a double quote or other control bytes neither
splits a line of toc, toc.cue or log nor breaks the cue sheet for
cd-info."""

from burnfs_helpers import SECTOR_FRAMES, cd_info, make_wav, parse_kv, run

NAMES = ['01 one\nTRACK 09 AUDIO.wav', '02 "two"\ttab\x01.wav',
         '03 \x1b[31mred.wav']


def test_control_bytes_in_names_stay_in_their_line(v1, tmp_path):
    src = make_wav(tmp_path / "a.wav", 400 * SECTOR_FRAMES, 440)
    for n in NAMES:
        r = run(["cp", str(src), str(v1.tracks / n)])
        assert r.returncode == 0, r.stderr
    cue = v1.read("toc.cue")
    for line in cue.splitlines():
        assert line.split()[0] in ("FILE", "REM", "TRACK", "TITLE",
                                   "INDEX", "FLAGS", "ISRC", "CATALOG"), \
            f"toc.cue line {line!r}:\n{cue}"
        assert all(c >= " " and c != "\x7f" for c in line), repr(line)
        if line.strip().startswith("TITLE"):
            assert line.count('"') == 2, repr(line)
    plan = tmp_path / "plan.cue"
    plan.write_text(cue)
    leadout = int(v1.kv("toc")["leadout"].split()[0].split("=")[1])
    with open(tmp_path / "plan.bin", "wb") as f:
        f.truncate(leadout * 2352)
    out, tracks, _ = cd_info("cue", plan)
    assert [t[0] for t in tracks] == [1, 2, 3], out
    toc = v1.read("toc")
    assert len([ln for ln in toc.splitlines()
                if ln.startswith("track0")]) == 3, toc
    for text in (toc, v1.read("status"), v1.read("log")):
        assert not any(c < " " and c != "\n" for c in text), repr(text)
        for line in text.splitlines():
            assert ": " in line or line.endswith(":"), repr(line)
    assert parse_kv(v1.read("status"))["state"] == "idle"
