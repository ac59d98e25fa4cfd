"""Unmodified programs against the virtual recorder through the sg shim.

cdrskin (libburn's SG_IO path) scans, inspects, burns TAO audio and
appends sessions; cd-info (libcdio's CDROM ioctls and packets) reads the
TOC back; the disc image files are checked with cd-info --cue-file and
bchunk.  BURNFS_SGSHIM names libburnfs-sgshim.so (set by meson).
"""

import os
import re
import shutil
import subprocess
import wave

import pytest

SHIM = os.environ.get("BURNFS_SGSHIM", "")
TIMEOUT = 180
SECTOR = 2352
GAP = 152  # 2 run-out + 150 pregap between TAO tracks
NEXT_SESSION_GAP = 11400  # after the first session

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
    pytest.mark.skipif(shutil.which("cdrskin") is None,
                       reason="cdrskin is not installed"),
]


def _asan_runtime():
    """The sanitizer runtime the shim needs first in LD_PRELOAD, if any."""
    out = subprocess.run(["ldd", SHIM], capture_output=True, text=True)
    found = []
    for line in out.stdout.splitlines():
        m = re.match(r"\s*(lib(?:asan|ubsan)\.so\S*)\s+=>\s+(\S+)", line)
        if m:
            found.append(m.group(2))
    return found


def shim_env(image, extra=""):
    env = dict(os.environ)
    env["LD_PRELOAD"] = ":".join(_asan_runtime() + [SHIM])
    env["BURNFS_SHIM_DRIVE"] = str(image) + extra
    # Sanitized shim: the programs themselves are not instrumented.
    env["ASAN_OPTIONS"] = "detect_leaks=0:verify_asan_link_order=0"
    return env


def run(args, env, stdin=None, check=True):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as f:
        p = subprocess.run(args, env=env, stdin=f, capture_output=True,
                           text=True, timeout=TIMEOUT)
    if check:
        assert p.returncode == 0, (
            f"{args} exited {p.returncode}\nstdout:\n{p.stdout}\n"
            f"stderr:\n{p.stderr}")
    return p


def cdrskin(env, *args, stdin=None, check=True):
    return run(["cdrskin", "dev=/dev/sr0"] + list(args), env, stdin, check)


def sox_wav(path, seconds, freq):
    subprocess.run(["sox", "-n", "-r", "44100", "-b", "16", "-c", "2",
                    str(path), "synth", str(seconds), "sine", str(freq),
                    "vol", "0.5"], check=True)


def pcm_of(path):
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (
            44100, 2, 2)
        return w.readframes(w.getnframes())


def sectors(nbytes):
    return -(-nbytes // SECTOR)


@pytest.fixture
def sources(tmp_path):
    """a: 2.5 s (under 4 s, and not whole sectors), b: 5.01 s (not a
    multiple of 588 frames), c: 6 s (exactly 450 sectors)."""
    assert shutil.which("sox"), "sox is not installed (tools/install-deps)"
    a, b, c = tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "c.wav"
    sox_wav(a, 2.5, 440)
    sox_wav(b, 5.01, 660)
    sox_wav(c, 6, 880)
    raw = tmp_path / "a.raw"
    raw.write_bytes(pcm_of(a))
    return {"a": a, "b": b, "c": c, "a_raw": raw}


def minfo(env):
    out = cdrskin(env, "-minfo").stdout
    info = {}
    for line in out.splitlines():
        m = re.match(r"^([A-Za-z][A-Za-z ]+):\s+(\S.*?)\s*$", line)
        if m:
            info[m.group(1)] = m.group(2)
    return info, out


def cue_tracks(cue):
    """(number, LSN, type) of each track cd-info reads from a cue sheet."""
    if shutil.which("cd-info") is None:
        pytest.skip("cd-info is not installed")
    out = subprocess.run(["cd-info", "--no-device-info", "--no-cddb",
                          "--cue-file", str(cue)], capture_output=True,
                         text=True, timeout=TIMEOUT).stdout
    return parse_track_list(out), out


def parse_track_list(out):
    tracks = []
    for line in out.splitlines():
        m = re.match(r"^\s*(\d+): \d\d:\d\d:\d\d\s+(\d+)\s+(\w+)", line)
        if m:
            tracks.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return tracks


def test_atip_shows_drive_and_media(tmp_path):
    env = shim_env(tmp_path / "disc")
    out = cdrskin(env, "-v", "-atip").stdout
    assert re.search(r"Vendor_info\s*:\s*'BURNFS", out), out
    assert re.search(r"Identifikation\s*:\s*'Virtual", out), out
    assert "ATIP info from disk" in out, out
    # 80-minute CD-R: last possible lead-out 79:59:74 = LBA 359849.
    assert re.search(r"ATIP start of lead out:\s*359849", out), out
    assert re.search(r"Profile: 0x0009 \(CD-R\) \(current\)", out), out


def test_atip_follows_media_key(tmp_path):
    env = shim_env(tmp_path / "disc", ",media=cdrw74")
    out = cdrskin(env, "-v", "-atip").stdout
    assert "Is erasable" in out, out
    assert re.search(r"Profile: 0x000A \(CD-RW\) \(current\)", out), out
    m = re.search(r"ATIP start of lead out:\s*(\d+)", out)
    assert m and 330000 < int(m.group(1)) < 340000, out  # 74 minutes


def test_devices_and_scanbus_list_the_drive(tmp_path):
    env = shim_env(tmp_path / "disc")
    out = run(["cdrskin", "--devices"], env).stdout
    assert re.search(r"dev='/dev/sr0'.*'BURNFS\s*'\s+'Virtual", out), out
    out = run(["cdrskin", "-scanbus"], env).stdout
    assert re.search(r"2,0,0\s+0\)\s+'BURNFS\s*'", out), out


def test_no_drive_without_configuration(tmp_path):
    env = shim_env(tmp_path / "disc")
    del env["BURNFS_SHIM_DRIVE"]
    out = run(["cdrskin", "--devices"], env, check=False)
    assert "BURNFS" not in out.stdout
    assert not (tmp_path / "disc.state").exists()


def burn_three(env, s, tmp_path):
    # cdrskin refuses a regular file shorter than 4 s; from a pipe it
    # pads the track to 300 sectors itself.  fs=0: without its fifo (a
    # fifo puts 16 zero sectors in front of a track that follows an
    # open-ended one).
    return cdrskin(env, "-v", "-tao", "fs=0", "-audio", "-swab", "-",
                   str(s["b"]), str(s["c"]), stdin=s["a_raw"])


def test_tao_audio_burn(tmp_path, sources):
    image = tmp_path / "disc"
    env = shim_env(image)
    burn_three(env, sources, tmp_path)

    pcm = [pcm_of(sources[k]) for k in "abc"]
    lengths = [max(300, sectors(len(p))) for p in pcm]
    starts = [0]
    for n in lengths[:-1]:
        starts.append(starts[-1] + n + GAP)

    tracks, out = cue_tracks(str(image) + ".cue")
    assert [t[0] for t in tracks[:3]] == [1, 2, 3], out
    assert [t[1] for t in tracks[:3]] == starts, out
    assert all(t[2] == "audio" for t in tracks[:3]), out

    info, out = minfo(env)
    assert info.get("disk status") == "complete", out

    if shutil.which("bchunk") is None:
        pytest.skip("bchunk is not installed")
    outdir = tmp_path / "x"
    outdir.mkdir()
    subprocess.run(["bchunk", str(image) + ".bin", str(image) + ".cue",
                    str(outdir / "t")], check=True, capture_output=True,
                   timeout=TIMEOUT)
    for i, src in enumerate(pcm, 1):
        got = (outdir / f"t{i:02d}.cdr").read_bytes()
        assert len(got) >= lengths[i - 1] * SECTOR, i
        assert got[:len(src)] == src, f"track {i}: audio differs"
        tail = got[len(src):]
        assert tail.count(0) == len(tail), f"track {i}: padding not silent"


def test_multi_session_append(tmp_path, sources):
    image = tmp_path / "disc"
    env = shim_env(image)
    cdrskin(env, "-v", "-tao", "-multi", "-audio", str(sources["b"]))
    info, out = minfo(env)
    assert info.get("disk status") == "incomplete/appendable", out
    b_len = sectors(len(pcm_of(sources["b"])))
    leadout = b_len + 2
    nwa = leadout + NEXT_SESSION_GAP
    assert info.get("Next writable address") == str(nwa), out
    msinfo = cdrskin(env, "-msinfo").stdout.strip()
    assert msinfo == f"0,{nwa}", msinfo

    cdrskin(env, "-v", "-tao", "-audio", str(sources["c"]))
    info, out = minfo(env)
    assert info.get("disk status") == "complete", out
    assert info.get("number of sessions") == "2", out
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+Audio\s+(\d+)", out, re.M)
    assert [(int(a), int(b), int(c)) for a, b, c in rows] == [
        (1, 1, 0), (2, 2, nwa)], out


def test_dummy_write_leaves_disc_blank(tmp_path, sources):
    env = shim_env(tmp_path / "disc")
    cdrskin(env, "-v", "-dummy", "-tao", "-audio", str(sources["c"]))
    info, out = minfo(env)
    assert info.get("disk status") == "empty", out  # libburn: blank
    assert info.get("Next writable address") == "0", out


def test_cd_info_reads_toc_through_the_shim(tmp_path, sources):
    if shutil.which("cd-info") is None:
        pytest.skip("cd-info is not installed")
    image = tmp_path / "disc"
    env = shim_env(image)
    burn_three(env, sources, tmp_path)
    out = run(["cd-info", "--no-cddb", "/dev/sr0"], env).stdout
    assert "BURNFS" in out, out
    assert "Disc mode is listed as: CD-DA" in out, out
    tracks = parse_track_list(out)
    cue, _ = cue_tracks(str(image) + ".cue")
    assert [t for t in tracks if t[0] != 170] == cue[:3], out
    leadout = [t for t in tracks if t[0] == 170]
    assert leadout and leadout[0][2] == "leadout", out
    assert leadout[0][1] == cue[2][1] + 450 + 2, out


@pytest.mark.skipif(shutil.which("wodim") is None,
                    reason="wodim is not installed")
def test_wodim_tao_audio_burn(tmp_path, sources):
    """libusal's path: SCSI_IOCTL_GET_IDLUN, SG_IO with 16-byte sense,
    MODE SENSE/SELECT probing, its own padding (-pad)."""
    image = tmp_path / "disc"
    env = shim_env(image)
    out = run(["wodim", "dev=/dev/sr0", "-atip"], env).stdout
    assert re.search(r"Vendor_info\s*:\s*'BURNFS", out), out
    assert "Supported modes: TAO" in out, out
    run(["wodim", "-v", "dev=/dev/sr0", "gracetime=0", "-tao", "-audio",
         "-pad", str(sources["b"]), str(sources["c"])], env)
    pcm = [pcm_of(sources[k]) for k in "bc"]
    tracks, out = cue_tracks(str(image) + ".cue")
    b_len = sectors(len(pcm[0]))
    assert [t[1] for t in tracks[:2]] == [0, b_len + GAP], out
    outdir = tmp_path / "x"
    outdir.mkdir()
    subprocess.run(["bchunk", str(image) + ".bin", str(image) + ".cue",
                    str(outdir / "t")], check=True, capture_output=True,
                   timeout=TIMEOUT)
    for i, src in enumerate(pcm, 1):
        got = (outdir / f"t{i:02d}.cdr").read_bytes()
        assert got[:len(src)] == src, f"track {i}: audio differs"
        assert got[len(src):].count(0) == len(got) - len(src)


def test_cdrskin_list_speeds(tmp_path):
    """The recorder lists feature 0107h and answers GET PERFORMANCE, as
    libburn expects of a real drive: cdrskin still inspects it and lists
    every write speed, fastest 24x for speed=24."""
    env = shim_env(tmp_path / "speeds", ",speed=24")
    out = cdrskin(env, "--list_speeds").stdout
    speeds = re.findall(r"^Write speed\s*:\s*(\d+)k", out, re.M)
    # libburn also lists what it read from the performance descriptors
    # (type 00h, read speeds), with no write speed: 0k.
    assert [int(s) for s in speeds if s != "0"] == [
        4234, 2822, 1764, 1411, 706], out
    assert re.search(r"^Write speed H:\s*4234k", out, re.M), out
    out = cdrskin(env, "-atip", "-v").stdout
    assert "ATIP" in out or "Manufacturer" in out, out
