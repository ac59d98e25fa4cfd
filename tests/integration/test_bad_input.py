"""Bad input everywhere: garbage, empty, huge and out-of-range values in
every control file; very long names, names with a newline or invalid
UTF-8; a file larger than any disc; a 100th track; writes at odd offsets
and sizes, holes, truncate, reads of a track still being written.  Each
test checks the errno the shell sees, the log, and that nothing staged
changed."""

import os
import re
import subprocess

import pytest

from burnfs_helpers import (CMD_TIMEOUT, SECTOR_FRAMES, ls, make_wav, quote,
                            run, sh)
from test_faults import assert_staged, burn_ok, tracks_on_disc

SWITCHES = ["do_not_finalize", "keep_session_open", "test_write",
            "buffer_underrun_protection"]
GARBAGE = [b"banana", b"2", b"-1", b"01x", b"1 1", b"0x1", b"\x00",
           b"1\x001", b"\xff\xfe", b"\n\n", b" ", b"1\n0", b"1" * 300,
           b"9" * 70000]

# Opens PATH with O_TRUNC and writes its standard input with one write();
# prints the errno name, or OK.
WRITE_ONCE = r"""
import errno, os, sys
data = sys.stdin.buffer.read()
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_TRUNC)
try:
    os.write(fd, data)
    os.close(fd)
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])
"""


def write_once(path, data):
    """One write() of data into path; returns "OK" or the errno name."""
    r = subprocess.run(["/usr/bin/python3", "-c", WRITE_ONCE, str(path)],
                       input=data, capture_output=True, timeout=CMD_TIMEOUT)
    assert r.returncode == 0, r.stderr
    return r.stdout.decode().strip()


def log_text(drive, name="log"):
    r = subprocess.run(["cat", str(drive.file(name))], capture_output=True,
                       timeout=CMD_TIMEOUT)
    assert r.returncode == 0
    return r.stdout.decode("utf-8", "replace")


@pytest.mark.parametrize("name", SWITCHES)
def test_switch_bad_values(v1, name):
    assert v1.write(name, 1).returncode == 0
    before = v1.read(name)
    for g in GARBAGE:
        assert write_once(v1.file(name), g) == "EINVAL", \
            f"{name}: {g[:20]!r} accepted"
        assert v1.read(name) == before, f"{name} changed by {g[:20]!r}"
    # Empty (truncation only) changes nothing and is not an error.
    assert sh(f": > {quote(v1.file(name))}").returncode == 0
    assert v1.read(name) == before
    assert f"{name}: expected 0 or 1 (still 1)" in log_text(v1)


def test_write_speed_bad_values(v1):
    assert v1.write("write_speed", "8x").returncode == 0
    before = v1.read("write_speed")
    for g in [x for x in GARBAGE if x not in (b"2", b"01x")] + [
            # (a bare number from 75 up is sectors per second: 7500 = 100x)
            b"7501", b"101x", b"9999999999999999999999", b"-4x", b"4.5x",
            b"x", b"max max", b"4xx", b"1e3", b"0x10"]:
        assert write_once(v1.file("write_speed"), g) == "EINVAL", g[:20]
        assert v1.read("write_speed") == before, g[:20]
    assert v1.read("write_speed").strip() == "8x"


def test_mcn_bad_values(v1):
    assert v1.write("mcn", "0123456789012").returncode == 0
    before = v1.read("mcn")
    # (White space alone is an empty value: it clears the MCN.)
    for g in [x for x in GARBAGE if x.strip()] + [
            b"012345678901", b"01234567890123", b"abcdefghijklm",
                        b"012345678901x", b"0123456789012\n0123456789012",
                        b"01234\x0067890123", b"\xff" * 13]:
        assert write_once(v1.file("mcn"), g) == "EINVAL", g[:20]
        assert v1.read("mcn") == before, g[:20]


@pytest.mark.parametrize("name", ["commit", "cancel"])
def test_action_bad_values(v1, name, tmp_path):
    src = make_wav(tmp_path / "01 a.wav", 300 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(src)} {quote(v1.tracks)}").returncode == 0
    for g in GARBAGE[:-1] + [b"0", b"no", b"11", b""]:
        got = write_once(v1.file(name), g)
        assert got in ("EINVAL", "OK" if g == b"" else "EINVAL"), \
            f"{name}: {g[:20]!r}: {got}"
    assert write_once(v1.file(name), b"9" * 70000) == "EINVAL"
    assert f"{name}: write 1 to {name} (nothing done)" in log_text(v1)
    assert v1.state() == "idle"
    assert v1.kv("media")["state"] == "blank"
    assert_staged(v1, [src])


def test_long_names(v1, tmp_path):
    src = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440)
    ok = "n" * 251 + ".wav"        # 255 bytes
    too_long = "n" * 252 + ".wav"  # 256 bytes
    r = sh(f"cp {quote(src)} {quote(v1.tracks / ok)}")
    assert r.returncode == 0, r.stderr
    assert ls(v1.tracks) == [ok]
    r = sh(f"cp {quote(src)} {quote(v1.tracks / too_long)}")
    assert r.returncode != 0 and "File name too long" in r.stderr, r.stderr
    r = sh(f"mv {quote(v1.tracks / ok)} {quote(v1.tracks / too_long)}")
    assert r.returncode != 0 and "File name too long" in r.stderr, r.stderr
    assert ls(v1.tracks) == [ok]
    toc = v1.read("toc")
    assert sum(ln.startswith("track01:") for ln in toc.splitlines()) == 1


def test_names_with_newline_and_invalid_utf8(v1, tmp_path):
    src = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440)
    names = [b"01 new\nline.wav", b"02 bad \xff\xfe utf8.wav"]
    results = []
    for n in names:
        dst = os.fsencode(v1.tracks) + b"/" + n
        r = subprocess.run([b"cp", os.fsencode(src), dst],
                           capture_output=True, timeout=CMD_TIMEOUT)
        results.append(r.returncode)
    # Both are accepted: a name is the bytes it is.  toc shows a control
    # character as '?'; the log flattens it.
    assert results == [0, 0], results
    # The listing shows exactly those names, and log and toc keep one line
    # per entry.
    listed = sorted(os.listdir(os.fsencode(v1.tracks)))
    assert listed == sorted(names), (listed, results)
    toc = log_text(v1, "toc")
    track_lines = [ln for ln in toc.splitlines()
                   if re.match(r"track\d\d: ", ln)]
    assert len(track_lines) == len(names), toc
    assert "name=01 new?line.wav" in toc, toc
    for ln in log_text(v1).splitlines():
        assert ln[:4].isdigit(), f"log line not starting with a date: {ln!r}"
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == len(names)


def test_file_larger_than_any_disc(v1, tmp_path):
    first = make_wav(tmp_path / "01 a.wav", 300 * SECTOR_FRAMES, 440)
    assert sh(f"cp {quote(first)} {quote(v1.tracks)}").returncode == 0
    head = make_wav(tmp_path / "02 big.wav", 300 * SECTOR_FRAMES, 550)
    dst = v1.tracks / head.name
    assert sh(f"cp {quote(head)} {quote(dst)}").returncode == 0
    # Grow it past 80 minutes (846 MB): the write that crosses fails.
    r = sh(f"dd if=/dev/zero of={quote(dst)} bs=4096 count=1 "
           f"seek={900 * 1024 * 1024 // 4096} conv=notrunc status=none")
    assert r.returncode != 0 and "No space left on device" in r.stderr, r
    r = sh(f"truncate -s 900M {quote(dst)}")
    assert r.returncode != 0 and "No space left on device" in r.stderr, r
    assert "no room" in v1.log(), v1.log()
    assert_staged(v1, [first, head])


@pytest.mark.time_limit(300)
def test_hundredth_track(v1, tmp_path):
    src = make_wav(tmp_path / "t.wav", SECTOR_FRAMES, 440)
    script = (f"for i in $(seq -w 1 99); do cp {quote(src)} "
              f"{quote(v1.tracks)}/$i.wav || exit 1; done")
    r = sh(script, timeout=240)
    assert r.returncode == 0, r.stderr
    r = sh(f"cp {quote(src)} {quote(v1.tracks)}/100.wav")
    assert r.returncode != 0, "a 100th track was accepted"
    assert "No space left on device" in r.stderr or \
        "Too many open files" in r.stderr, r.stderr
    assert len(ls(v1.tracks)) == 99
    assert "99" in v1.log().splitlines()[-1], v1.log()[-400:]


# A writer process: pwrite()s chunks of SRC into DST in the order given
# by argv (offset:length pairs), then closes.
PWRITER = r"""
import os, sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
fd = os.open(dst, os.O_WRONLY | os.O_CREAT, 0o644)
for spec in sys.argv[3:]:
    off, n = (int(x) for x in spec.split(":"))
    n = len(data) - off if n < 0 else n
    assert os.pwrite(fd, data[off:off + n], off) == n
os.close(fd)
"""


def pwrite(src, dst, *chunks):
    return run(["/usr/bin/python3", "-c", PWRITER, str(src), str(dst)]
               + [f"{o}:{n}" for o, n in chunks])


def test_odd_offsets_sizes_and_holes(v1, tmp_path):
    src = make_wav(tmp_path / "01 odd.wav", 700 * SECTOR_FRAMES + 3, 440)
    r = sh(f"dd if={quote(src)} of={quote(v1.tracks / src.name)} bs=999 "
           "status=none")
    assert r.returncode == 0, r.stderr
    # Back to front, with a hole filled last.
    src2 = make_wav(tmp_path / "02 holes.wav", 500 * SECTOR_FRAMES, 550)
    size = src2.stat().st_size
    r = pwrite(src2, v1.tracks / src2.name, (0, 44), (size - 1001, -1),
               (50000, 77777), (44, 50000 - 44), (127777, size - 1001 - 127777))
    assert r.returncode == 0, r.stderr
    assert_staged(v1, [src, src2])
    assert "refused" not in v1.log(), v1.log()
    burn_ok(v1)
    assert tracks_on_disc(v1)[0] == 2


def test_read_while_being_written_and_truncate(v1, tmp_path):
    src = make_wav(tmp_path / "01 a.wav", 600 * SECTOR_FRAMES, 440)
    data = src.read_bytes()
    dst = v1.tracks / src.name
    half = len(data) // 2
    writer = subprocess.Popen(
        ["/usr/bin/python3", "-c", r"""
import sys
data = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as f:
    f.write(data[:len(data) // 2]); f.flush()
    print("half", flush=True); sys.stdin.readline()
    f.write(data[len(data) // 2:])
""", str(src), str(dst)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert writer.stdout.readline().strip() == "half"
        r = subprocess.run(["cat", str(dst)], capture_output=True,
                           timeout=CMD_TIMEOUT)
        assert r.returncode == 0 and r.stdout == data[:half]
        writer.stdin.write("go\n")
        writer.stdin.flush()
    finally:
        writer.stdin.close()
        writer.wait(timeout=CMD_TIMEOUT)
        writer.stdout.close()
    assert writer.returncode == 0
    assert_staged(v1, [src])
    # Truncating a staged track to half: it is no longer complete audio.
    # Like any truncated file it is refused at close (EINVAL) and leaves
    # tracks/, with the reason in the log; it is never burnt as it was.
    r = sh(f"truncate -s {half} {quote(dst)}")
    assert r.returncode != 0 and "Invalid argument" in r.stderr, r
    assert "01 a.wav: refused, truncated" in log_text(v1)
    assert ls(v1.tracks) == []
    # Copied again, it is staged again.
    assert sh(f"cp {quote(src)} {quote(dst)}").returncode == 0
    assert_staged(v1, [src])
