"""Options and progress through the mount: test_write leaves the disc
blank and the tracks staged; mcn, ISRC, pre-emphasis and copy-permitted
reach the disc (cd-info reads them back); bad MCNs and ISRCs are EINVAL;
toc.cue is a cue sheet cd-info reads with the addresses toc gives;
status wakes poll(2) on changes; cancel
stops a paced burn and leaves the tracks staged."""

import errno
import os
import re
import select

from burnfs_helpers import (cd_info, commit, ls, make_wav, parse_kv, stage,
                            wait_for)

TRACK_LINE = re.compile(
    r"^\s*(\d+): (\d\d:\d\d:\d\d)\s+(\d+) audio\s+\S+\s+(yes|no)\s+\d+\s+"
    r"(yes|no)")


def test_test_write_leaves_disc_untouched(burnfs, tmp_path):
    v1 = burnfs().drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440)])
    assert v1.write("test_write", 1).returncode == 0
    commit(v1)
    v1.wait_state("done", timeout=60)
    media = v1.kv("media")
    assert media.get("state") == "blank", media
    assert media.get("tracks") == "0", media
    assert ls(v1.tracks) == ["a.wav"]
    assert "test write done" in v1.log()
    assert not os.path.exists(f"{v1.image}.cue")


def test_bad_mcn_and_isrc_refused(burnfs, tmp_path):
    v1 = burnfs().drive()
    r = v1.write("mcn", "4006381333932")  # wrong check digit
    assert r.returncode != 0 and "Invalid argument" in r.stderr
    assert v1.read("mcn").strip() == ""
    assert "check digit" in v1.log()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 4, 440)])
    try:
        os.setxattr(v1.tracks / "a.wav", "user.isrc", b"US-AB-26-0001")
    except OSError as e:
        assert e.errno == errno.EINVAL, e
    else:
        raise AssertionError("a malformed ISRC must be refused")
    assert "user.isrc" not in os.listxattr(v1.tracks / "a.wav")


def test_mcn_isrc_flags_reach_the_disc(burnfs, tmp_path):
    v1 = burnfs().drive()
    assert v1.write("mcn", "4006381333931").returncode == 0
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 4, 440),
               make_wav(tmp_path / "2 b.wav", 44100 * 5, 550)])
    a, b = str(v1.tracks / "1 a.wav"), str(v1.tracks / "2 b.wav")
    os.setxattr(a, "user.isrc", b"USABC2600001")
    os.setxattr(a, "user.pre_emphasis", b"1")
    os.setxattr(b, "user.copy_permitted", b"1")

    cue = v1.read("toc.cue")
    assert "CATALOG 4006381333931" in cue
    assert "ISRC USABC2600001" in cue

    commit(v1)
    v1.wait_state("done", timeout=60)
    image_cue = open(f"{v1.image}.cue").read()
    assert "CATALOG 4006381333931" in image_cue, image_cue
    assert "ISRC USABC2600001" in image_cue, image_cue
    out, tracks, _ = cd_info("cue", f"{v1.image}.cue")
    assert "Media Catalog Number (MCN): 4006381333931" in out, out
    cols = {int(m.group(1)): (m.group(4), m.group(5))
            for m in map(TRACK_LINE.match, out.splitlines()) if m}
    # (Copy?, Pre-emphasis?) per track.
    assert cols == {1: ("no", "yes"), 2: ("yes", "no")}, out
    media = v1.read("media")
    assert re.search(r"^track01: .* pre-emphasis", media, re.M), media
    assert re.search(r"^track02: .* copy-permitted", media, re.M), media


def test_toc_cue_read_by_cd_info(burnfs, tmp_path):
    v1 = burnfs().drive()
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 6 + 5, 440),
               make_wav(tmp_path / "2 b.wav", 44100 * 2, 550),
               make_wav(tmp_path / "3 c.wav", 44100 * 7, 660)])
    toc = v1.read("toc")
    starts = [int(m) for m in re.findall(r"staged session=1 start=(\d+)", toc)]
    leadout = int(re.search(r"^leadout: start=(\d+)", toc, re.M).group(1))
    assert len(starts) == 3, toc
    cue = tmp_path / "planned.cue"
    cue.write_text(v1.read("toc.cue"))
    with open(tmp_path / "planned.bin", "wb") as f:  # a dummy disc image
        f.truncate(leadout * 2352)
    out, tracks, lo = cd_info("cue", cue)
    assert [n for n, _, _ in tracks] == [1, 2, 3], out
    assert [lsn for _, lsn, _ in tracks] == starts, out
    assert lo == leadout, out


def test_status_poll_wakes_on_change(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "pace=1,speed=4")]).drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 8, 440)])
    fd = os.open(v1.file("status"), os.O_RDONLY)
    try:
        p = select.poll()
        p.register(fd, select.POLLIN)
        assert p.poll(200) == [], "status is idle: nothing to report"
        commit(v1)
        states = set()

        def woke():
            if not p.poll(5000):
                return None
            kv = parse_kv(os.pread(fd, 65536, 0).decode())
            states.add(kv.get("state"))
            return kv.get("state") == "done" or None

        wait_for(woke, 60, interval=0, what="status wake-ups until done")
        assert "writing" in states, states
    finally:
        os.close(fd)


def test_cancel_a_paced_burn(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "pace=1,speed=1")]).drive()
    stage(v1, [make_wav(tmp_path / "a.wav", 44100 * 30, 440)])
    commit(v1)
    v1.wait_state("writing", timeout=30)
    assert v1.write("cancel", 1).returncode == 0
    v1.wait_state("cancelled", timeout=60)
    assert ls(v1.tracks) == ["a.wav"]
    log = v1.log()
    assert "cancel: requested" in log
    assert "burn cancelled" in log, log
    media = v1.kv("media")
    assert media.get("type") == "CD-R", media
    assert media.get("state") in ("blank", "open", "appendable"), media
