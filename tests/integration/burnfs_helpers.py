"""Helpers for the burnfs integration suite.

Everything that touches the mounted filesystem goes through real commands
(cat, cp, mv, ls, echo from bash and dash) run as subprocesses with a
timeout, so that a hung filesystem fails a test instead of hanging it.
Pure helpers compute the Track-At-Once layout the disc must have and read
PCM out of WAV files and disc images.
"""

import os
import re
import subprocess
import time
import wave

# Upper bound for any single command against the mount.
CMD_TIMEOUT = 60

SECTOR_BYTES = 2352
SECTOR_FRAMES = 588
MIN_TRACK_SECTORS = 300
TAO_GAP = 152  # 2 run-out + 150 pregap
NEXT_SESSION_GAP_FIRST = 11400  # lead-out 6750 + lead-in 4500 + pregap 150
LEADOUT_RUNOUT = 2


class WaitTimeout(AssertionError):
    pass


def wait_for(predicate, timeout, interval=0.05, what="condition"):
    """Polls predicate() until it returns a true value or timeout seconds
    pass; returns that value or raises WaitTimeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def run(argv, timeout=CMD_TIMEOUT, check=False, **kw):
    """Runs argv, capturing text output; raises on timeout."""
    return subprocess.run(argv, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout,
                          check=check, **kw)


def sh(script, shell="bash", timeout=CMD_TIMEOUT):
    """Runs a script with bash -c or dash -c."""
    return run([shell, "-c", script], timeout=timeout)


def quote(path):
    return "'" + str(path).replace("'", "'\\''") + "'"


def cat(path, timeout=CMD_TIMEOUT):
    """Reads a file with cat; asserts that cat succeeded."""
    r = run(["cat", str(path)], timeout=timeout)
    assert r.returncode == 0, f"cat {path}: exit {r.returncode}: {r.stderr}"
    return r.stdout


def parse_kv(text):
    """Parses 'key: value' lines into a dict (first occurrence wins)."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and key.strip() not in out:
            out[key.strip()] = value.strip()
    return out


def read_kv(path):
    return parse_kv(cat(path))


def ls(path):
    """Names in a directory, via ls -A (one per line)."""
    r = run(["ls", "-A1", str(path)])
    assert r.returncode == 0, f"ls {path}: {r.stderr}"
    return [n for n in r.stdout.split("\n") if n]


# ---- audio -------------------------------------------------------------

def make_wav(path, frames, freq, channels=2, rate=44100, bits=16):
    """Writes a sine tone of exactly `frames` sample frames with sox."""
    # The null input needs the rate too, or sox resamples from 48 kHz.
    r = run(["sox", "-D", "-r", str(rate), "-c", str(channels), "-n",
             "-r", str(rate), "-b", str(bits),
             "-c", str(channels), "-e", "signed-integer", str(path),
             "synth", f"{frames}s", "sine", str(freq), "vol", "0.5"])
    assert r.returncode == 0, f"sox: {r.stderr}"
    with wave.open(str(path), "rb") as w:
        assert w.getnframes() == frames, (path, w.getnframes(), frames)
    return path


def wav_pcm(path):
    """The sample bytes of a WAV file (little-endian, as stored)."""
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


def padded_sectors(pcm_bytes):
    """Sectors a track occupies: whole sectors, at least 4 seconds."""
    sectors = -(-pcm_bytes // SECTOR_BYTES)
    return max(MIN_TRACK_SECTORS, sectors)


def tao_starts(first_lba, sectors):
    """Start LBAs of tracks written Track-At-Once from first_lba, and the
    lead-out start after them."""
    starts = []
    lba = first_lba
    for s in sectors:
        starts.append(lba)
        lba += s + TAO_GAP
    leadout = starts[-1] + sectors[-1] + LEADOUT_RUNOUT if starts else lba
    return starts, leadout


def assert_pcm_then_zeros(got, pcm, what):
    """got must be pcm followed by nothing but zero bytes."""
    assert len(got) >= len(pcm), \
        f"{what}: {len(got)} bytes extracted, source has {len(pcm)}"
    if got[:len(pcm)] != pcm:
        first = next(i for i in range(len(pcm)) if got[i] != pcm[i])
        raise AssertionError(f"{what}: PCM differs from the source at byte "
                             f"{first} of {len(pcm)}")
    tail = got[len(pcm):]
    assert tail.count(0) == len(tail), \
        f"{what}: non-zero bytes in the {len(tail)}-byte padding"


def read_image(bin_path, lba, nbytes):
    with open(bin_path, "rb") as f:
        f.seek(lba * SECTOR_BYTES)
        return f.read(nbytes)


# ---- third-party readers -------------------------------------------------

_TRACK_RE = re.compile(
    r"^\s*(\d+):\s+(\d+:\d+:\d+)\s+(\d+)\s+(audio|data|leadout|mode\S*|\S+)")


def cd_info(kind, path):
    """Runs cd-info on an image (kind: 'cue' or 'nrg'); returns (output,
    tracks, leadout) where tracks is a list of (number, lsn, type) and
    leadout is the lead-out LSN."""
    r = run(["cd-info", "--no-device-info", "--no-cddb", f"--{kind}-file",
             str(path)])
    out = r.stdout + r.stderr
    assert r.returncode == 0, f"cd-info --{kind}-file {path}: {out}"
    tracks, leadout = [], None
    for line in r.stdout.splitlines():
        m = _TRACK_RE.match(line)
        if not m:
            continue
        num, lsn, kind_ = int(m.group(1)), int(m.group(3)), m.group(4)
        if num == 170 or kind_ == "leadout":
            leadout = lsn
        else:
            tracks.append((num, lsn, kind_))
    return out, tracks, leadout


def bchunk_extract(bin_path, cue_path, prefix):
    """Extracts every audio track as WAV with bchunk -w; returns the list
    of sample byte strings (44-byte WAV header skipped)."""
    r = run(["bchunk", "-w", str(bin_path), str(cue_path), str(prefix)])
    assert r.returncode == 0, f"bchunk: {r.stdout}{r.stderr}"
    out = []
    n = 1
    while os.path.exists(f"{prefix}{n:02d}.wav"):
        with open(f"{prefix}{n:02d}.wav", "rb") as f:
            data = f.read()
        assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", \
            f"bchunk output {n} is not a WAV file"
        out.append(data[44:])
        n += 1
    return out


# ---- Nero images -------------------------------------------------------

def nrg_chunks(path):
    """The chunks of a Nero v2 image ("NER5" trailer): a list of (id,
    payload).  Written from the format, independently of the virtual
    recorder, to check what libcdio's cd-info does not print (sessions)."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        assert size >= 12, f"{path}: too short for a Nero image"
        f.seek(size - 12)
        trailer = f.read(12)
        assert trailer[:4] == b"NER5", f"{path}: no NER5 trailer"
        offset = int.from_bytes(trailer[4:], "big")
        assert offset < size - 12, f"{path}: chunk offset {offset} too big"
        f.seek(offset)
        footer = f.read(size - 12 - offset)
    chunks = []
    pos = 0
    while pos + 8 <= len(footer):
        cid = footer[pos:pos + 4].decode("ascii", "replace")
        clen = int.from_bytes(footer[pos + 4:pos + 8], "big")
        payload = footer[pos + 8:pos + 8 + clen]
        assert len(payload) == clen, f"{path}: chunk {cid} truncated"
        chunks.append((cid, payload))
        pos += 8 + clen
        if cid == "END!":
            break
    assert chunks and chunks[-1][0] == "END!", f"{path}: no END! chunk"
    return chunks


def nrg_sessions(path):
    """Tracks per session from the SINF chunks, and the ETN2 track
    entries as (file offset, length, mode, start LSN)."""
    sessions, tracks = [], []
    for cid, payload in nrg_chunks(path):
        if cid == "SINF":
            sessions.append(int.from_bytes(payload[:4], "big"))
        elif cid == "ETN2":
            assert len(payload) % 32 == 0, f"ETN2 length {len(payload)}"
            for i in range(0, len(payload), 32):
                e = payload[i:i + 32]
                tracks.append((int.from_bytes(e[0:8], "big"),
                               int.from_bytes(e[8:16], "big"),
                               int.from_bytes(e[16:20], "big"),
                               int.from_bytes(e[20:24], "big")))
    return sessions, tracks


def read_file_at(path, offset, nbytes):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(nbytes)


def stage(drive, paths):
    """cp of the files into the drive's tracks/, which must succeed."""
    r = sh("cp " + " ".join(quote(p) for p in paths) + " "
           + quote(drive.tracks))
    assert r.returncode == 0, f"cp failed: {r.stderr}"


def commit(drive):
    r = drive.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{drive.log()}"


def burn(drive):
    """Commits and waits for a good burn, which empties tracks/."""
    commit(drive)
    drive.wait_state("done", timeout=90)
    assert ls(drive.tracks) == [], "tracks/ not empty after a good burn"



PROGRESS_LINE = re.compile(
    r"^ *(?P<elapsed>\d+(?::\d\d)+) (?P<state>[a-z]+) +"
    r"(?:track (?P<track>\d+)/(?P<tracks>\d+))? +(?P<percent>\d+)%"
    r"(?: +(?P<speed>\d+\.\d)x +(?P<left>--:--|\d+(?::\d\d)+) left)?"
    r"(?: buffer +(?P<buffer>\d+)% drive +(?P<drive>\d+)%)?"
    r"(?:  verify (?P<verify>[a-z]+))?(?:  (?P<error>.*))?$")


def duration_s(text):
    """m:ss or h:mm:ss as seconds."""
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


def parse_progress(line):
    """The figures of one `progress` line (doc/files.md) as a dict, or
    None for the job's first line (what the job is)."""
    m = PROGRESS_LINE.match(line)
    return m.groupdict() if m else None


def progress_lines(drive):
    """The header and the parsed lines of the drive's `progress` now;
    every line fits in 80 columns and every line but the first parses."""
    text = drive.read("progress")
    lines = text.splitlines()
    for ln in lines:
        assert len(ln) <= 80, f"progress line over 80 columns: {ln!r}"
    if not lines:
        return "", []
    parsed = [parse_progress(ln) for ln in lines[1:]]
    assert all(parsed), f"unparsed progress lines: {lines}"
    return lines[0], parsed


def cmp_ok(a, b):
    """Whether two files have the same bytes (cmp, with a timeout)."""
    return run(["cmp", str(a), str(b)]).returncode == 0
