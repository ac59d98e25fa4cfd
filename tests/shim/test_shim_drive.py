"""The drive itself as programs see it through the sg shim: its device
nodes, the medium's write speeds from the ATIP, blanking, READ FORMAT
CAPACITIES and mode page 0Eh, opening with the tray open, and the lock
file of exclusive opens.  Every program these tests run is installed by
tools/install-deps: a missing one fails the test instead of skipping it.
"""

import os
import re
import shutil

import pytest

from test_shim_programs import SHIM, run, shim_env

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def test_ls_shows_scd0_as_a_link_to_sr0(tmp_path):
    env = shim_env(tmp_path / "disc")
    p = run(["ls", "-l", "/dev/scd0", "/dev/sr0", "/dev/sg0"], env)
    assert p.stderr == "", p.stderr
    lines = p.stdout.splitlines()
    assert re.match(r"^l\S+ .* /dev/scd0 -> sr0$", lines[0]), p.stdout
    assert re.match(r"^c\S+ .* 21, 0 .* /dev/sg0$", lines[1]), p.stdout
    assert re.match(r"^b\S+ .* 11, 0 .* /dev/sr0$", lines[2]), p.stdout
    p = run(["stat", "-L", "-c", "%F %t:%T", "/dev/scd0"], env)
    assert p.stdout.strip() == "block special file b:0", p.stdout
    p = run(["readlink", "-f", "/dev/scd0"], env)
    assert p.stdout.strip() == "/dev/sr0", p.stdout


def test_cdrskin_lists_the_speeds_of_high_speed_cd_rw(tmp_path):
    """A High Speed CD-RW (the default kind) allows 4x to 10x: the drive
    offers 10x, 8x and 4x only, though it writes CD-R at up to 52x."""
    need("cdrskin")
    env = shim_env(tmp_path / "disc", ",media=cdrw80")
    out = run(["cdrskin", "dev=/dev/sr0", "--list_speeds"], env).stdout
    speeds = re.findall(r"^Write speed\s*:\s*(\d+)k", out, re.M)
    assert [int(s) for s in speeds if s != "0"] == [1764, 1411, 706], out
    assert re.search(r"^Write speed L:\s*706k", out, re.M), out
    assert re.search(r"^Write speed H:\s*1764k", out, re.M), out


def test_wodim_atip_shows_the_speed_class(tmp_path):
    need("wodim")
    env = shim_env(tmp_path / "hs", ",media=cdrw80")
    out = run(["wodim", "dev=/dev/sr0", "-atip"], env).stdout
    assert "Is erasable" in out, out
    assert "Disk sub type: High speed Rewritable (CAV) media (1)" in out, out
    assert re.search(r"1T speed low:\s+4 1T speed high:\s+10$", out,
                     re.M), out
    assert "A1 values: 24 1A D8" in out, out

    env = shim_env(tmp_path / "us", ",media=cdrw74,rw_speed=ultra")
    out = run(["wodim", "dev=/dev/sr0", "-atip"], env).stdout
    assert "Disk sub type: Ultra High speed Rewritable media (2)" in out, out
    assert re.search(r"2T speed low:\s+8 2T speed high:\s+24$", out,
                     re.M), out
    assert "A3 values: 04 C4 A0" in out, out


def test_wodim_prcap_write_speeds_follow_the_medium(tmp_path):
    need("wodim")
    env = shim_env(tmp_path / "us", ",media=cdrw80,rw_speed=ultra")
    out = run(["wodim", "dev=/dev/sr0", "-prcap"], env).stdout
    assert re.search(r"Maximum read  speed:\s+9173 kB/s", out), out
    assert re.search(r"Maximum write speed:\s+4234 kB/s", out), out
    assert re.search(r"Number of supported write speeds:\s+2$", out,
                     re.M), out
    assert re.findall(r"Write speed # \d:\s+(\d+) kB/s", out) == [
        "4234", "2822"], out
    assert "Does write ultra high speed  CD-RW media" in out, out
    # A CD-R: the drive's own speeds, 52x down to 4x.
    env = shim_env(tmp_path / "r", ",media=cdr80")
    out = run(["wodim", "dev=/dev/sr0", "-prcap"], env).stdout
    assert re.search(r"Number of supported write speeds:\s+9$", out,
                     re.M), out
    assert re.search(r"Maximum write speed:\s+9173 kB/s", out), out


def burn_two_sessions(env, tmp_path):
    """Session 1 with one track and session 2 with two, both closed
    appendable (cdrskin -multi)."""
    need("cdrskin", "sox")
    wav = tmp_path / "t.wav"
    run(["sox", "-n", "-r", "44100", "-b", "16", "-c", "2", str(wav),
         "synth", "5", "sine", "440"], env={**os.environ})
    run(["cdrskin", "dev=/dev/sr0", "-tao", "-multi", "fs=0", "-audio",
         str(wav)], env)
    run(["cdrskin", "dev=/dev/sr0", "-tao", "-multi", "fs=0", "-audio",
         str(wav), str(wav)], env)


def state_lines(image, word):
    text = open(f"{image}.state").read()
    return [ln for ln in text.splitlines() if ln.startswith(word + " ")]


def test_wodim_blank_session_and_unclose(tmp_path):
    need("wodim")
    image = tmp_path / "disc"
    env = shim_env(image, ",media=cdrw80")
    burn_two_sessions(env, tmp_path)
    assert len(state_lines(image, "session")) == 2
    run(["wodim", "dev=/dev/sr0", "gracetime=2", "blank=session"], env)
    sessions = state_lines(image, "session")
    assert len(sessions) == 1 and " closed 1 ms 3 " in sessions[0], sessions
    assert len(state_lines(image, "track")) == 1
    # IMAGE.bin ends with session 1: 375 sectors and the run-out.
    assert os.path.getsize(f"{image}.bin") == (375 + 2) * 2352
    out = run(["cdrskin", "dev=/dev/sr0", "-minfo"], env).stdout
    assert re.search(r"disk status:\s+incomplete/appendable", out), out

    run(["wodim", "dev=/dev/sr0", "gracetime=2", "blank=unclose"], env)
    sessions = state_lines(image, "session")
    assert sessions == ["session 1 closed 0 ms 0 leadout 0"], sessions
    # wodim's blank=track names track 0, which is no track: refused.
    p = run(["wodim", "dev=/dev/sr0", "gracetime=2", "blank=track"], env,
            check=False)
    assert p.returncode != 0
    assert "Some drives do not support all blank types" in p.stderr, p.stderr


@pytest.mark.parametrize("how", ["as_needed", "deformat_sequential",
                                 "all", "fast"])
def test_cdrskin_blanks_cd_rw(tmp_path, how):
    image = tmp_path / "disc"
    env = shim_env(image, ",media=cdrw80")
    burn_two_sessions(env, tmp_path)
    run(["cdrskin", "dev=/dev/sr0", f"blank={how}"], env)
    assert state_lines(image, "session") == []
    assert os.path.getsize(f"{image}.bin") == 0
    out = run(["cdrskin", "dev=/dev/sr0", "-minfo"], env).stdout
    assert re.search(r"disk status:\s+empty", out), out


PY = "/usr/bin/python3"
CDROMEJECT = 0x5309
CDROM_DRIVE_STATUS = 0x5326


def py(env, code, check=True):
    return run([PY, "-c", "import fcntl, os, sys\n" + code], env,
               check=check)


def test_blocking_open_closes_the_tray(tmp_path):
    image = tmp_path / "disc"
    env = shim_env(image)
    py(env, "fd = os.open('/dev/sr0', os.O_RDONLY | os.O_NONBLOCK)\n"
            f"fcntl.ioctl(fd, {CDROMEJECT})\n")
    assert "tray open" in open(f"{image}.state").read()
    # O_NONBLOCK: the tray stays open, the drive says so.
    p = py(env, "fd = os.open('/dev/sr0', os.O_RDONLY | os.O_NONBLOCK)\n"
                f"print(fcntl.ioctl(fd, {CDROM_DRIVE_STATUS}))\n")
    assert p.stdout.strip() == "2", p.stdout  # CDS_TRAY_OPEN
    assert "tray open" in open(f"{image}.state").read()
    # Blocking: the tray is closed first, the open succeeds.
    p = py(env, "fd = os.open('/dev/sr0', os.O_RDONLY)\n"
                f"print(fcntl.ioctl(fd, {CDROM_DRIVE_STATUS}))\n")
    assert p.stdout.strip() == "4", p.stdout  # CDS_DISC_OK
    assert "tray closed" in open(f"{image}.state").read()


def test_blocking_open_of_an_empty_drive_fails(tmp_path):
    image = tmp_path / "disc"
    env = shim_env(image, ",media=none")
    py(env, "fd = os.open('/dev/sr0', os.O_RDONLY | os.O_NONBLOCK)\n"
            f"fcntl.ioctl(fd, {CDROMEJECT})\n")
    p = py(env, "os.open('/dev/sr0', os.O_RDONLY)\n", check=False)
    assert p.returncode != 0 and "No medium found" in p.stderr, p.stderr
    # The tray was closed on the way: a drive without a disc.
    assert "tray closed" in open(f"{image}.state").read()


def test_exclusive_open_leaves_no_lock_file(tmp_path):
    need("cdrskin", "wodim")
    image = tmp_path / "disc"
    excl = tmp_path / "disc.excl"
    env = shim_env(image)
    run(["cdrskin", "dev=/dev/sr0", "-atip"], env)
    run(["wodim", "dev=/dev/sr0", "-atip"], env)
    assert not excl.exists()
    # Closed, or still open at exit: the file goes with the claim.
    py(env, "fd = os.open('/dev/sr0', os.O_RDWR | os.O_NONBLOCK | os.O_EXCL)\n"
            f"assert os.path.exists('{excl}')\nos.close(fd)\n")
    assert not excl.exists()
    py(env, "os.open('/dev/sr0', os.O_RDWR | os.O_NONBLOCK | os.O_EXCL)\n")
    assert not excl.exists()
    # Killed while holding it: the file stays, holding no lock, and the
    # next exclusive open takes it over (and removes it).
    p = py(env, "os.open('/dev/sr0', os.O_RDWR | os.O_NONBLOCK | os.O_EXCL)\n"
                "os.kill(os.getpid(), 9)\n", check=False)
    assert p.returncode == -9
    assert excl.exists()
    py(env, "fd = os.open('/dev/sr0', os.O_RDWR | os.O_NONBLOCK | os.O_EXCL)\n"
            "os.close(fd)\n")
    assert not excl.exists()


def test_cdrskin_lists_the_formats_of_a_cd_rw(tmp_path):
    """READ FORMAT CAPACITIES: an unformatted CD-RW that a full format
    with fixed packets of 32 blocks would give 295136 blocks."""
    need("cdrskin")
    env = shim_env(tmp_path / "disc", ",media=cdrw80")
    out = run(["cdrskin", "dev=/dev/sr0", "--list_formats"], env).stdout
    assert re.search(r"^Format status: unformatted, up to 576\.4 MiB$",
                     out, re.M), out
    assert re.search(r"^Format idx 0 : 10h , 295136s , 576\.4 MiB$", out,
                     re.M), out


def test_sg3_utils_read_format_capacities_and_page_0e(tmp_path):
    need("sg_raw", "sg_modes")
    env = shim_env(tmp_path / "disc", ",media=cdrw80")
    p = run(["sg_raw", "-r", "64", "/dev/sg0", "23", "00", "00", "00",
             "00", "00", "00", "00", "40", "00"], env)
    dump = p.stdout + p.stderr
    assert "Received 20 bytes of data" in dump, dump
    assert "00 00 00 10 00 04 80 e0  01 00 08 00 00 04 80 e0" in dump, dump
    assert re.search(r"^ 10\s+40 00 00 20 ", dump, re.M), dump
    p = run(["sg_modes", "--page=0xe", "/dev/sg0"], env)
    assert ">> CD audio, page_control: current" in p.stdout, p.stdout
    assert "0e 0e 04 00 00 00 00 00  01 ff 02 ff 00 00 00 00" in p.stdout


def test_bchunk_splits_a_two_session_cue_right(tmp_path):
    """The cue sheet of a 2-session disc: bchunk (which knows nothing of
    sessions) gives every track its own length, run-out included."""
    need("cdrskin", "bchunk", "sox")
    image = tmp_path / "disc"
    env = shim_env(image)
    wav = tmp_path / "t.wav"
    run(["sox", "-n", "-r", "44100", "-b", "16", "-c", "2", str(wav),
         "synth", "5", "sine", "440"], env={**os.environ})
    run(["cdrskin", "dev=/dev/sr0", "-tao", "-multi", "fs=0", "-audio",
         str(wav)], env)
    run(["cdrskin", "dev=/dev/sr0", "-tao", "fs=0", "-audio", str(wav),
         str(wav)], env)
    cue = open(f"{image}.cue").read()
    assert "REM SESSION 02\n" in cue and "REM LEAD-OUT 00:05:02\n" in cue
    out = tmp_path / "out"
    out.mkdir()
    run(["bchunk", f"{image}.bin", f"{image}.cue", str(out / "t")],
        env={**os.environ})
    sizes = [os.path.getsize(out / f"t{k:02d}.cdr") for k in (1, 2, 3)]
    assert sizes == [(375 + 2) * 2352] * 3, sizes
    data = open(f"{image}.bin", "rb").read()
    starts = [0, 377 + 11400, 377 + 11400 + 377 + 150]
    for k, start in enumerate(starts, 1):
        got = open(out / f"t{k:02d}.cdr", "rb").read()
        assert got == data[start * 2352:(start + 377) * 2352], k
