"""Crash consistency: every on-disk state a power cut may leave in the
spool and the virtual recorder's image mounts, and loses nothing that was
acknowledged.

How: burnfs runs under strace while a user stages two WAVs and a FLAC
(converted) with cp, renames one with mv, sets user.isrc with setfattr,
commits, and the virtual recorder burns the disc.  crash_model.py turns
the trace into the operations on the spool and the image (writes, torn
into 64 KiB pieces; truncations; directory entries; fsyncs) and lists,
for each point a power cut could hit, the states it may leave: what
completed fsyncs made durable plus any subset of the rest (all subsets
when few, else every prefix, each one left out, and a seeded sample),
each also with the lost writes' ranges as zeros.  Each distinct state
is written to a fresh directory and mounted by burnfs with a deadline.

Checks, for each state and each crash point that leaves it:
- burnfs mounts it (within the deadline), answers, and unmounts with
  status 0; a refused IMAGE.state must be one that does not parse, and
  burnfs must name it;
- acknowledged tracks are not lost: a file whose cp returned is in
  tracks/ under its name (the mv's new name once mv returned) with the
  bytes copied and the user.isrc that setfattr set once it returned, or
  it was burnt: the disc holds a complete track with its audio and ISRC;
- burnt tracks stay gone: once status showed `done`, no burnt file is
  back in tracks/;
- nothing half-written is a track: every file in tracks/ is one that cp
  started, whole (its checksum), under a name it had, and the audio a
  burn would read (its .cdda or the PCM of its .audio, as its .meta
  says) is the source's audio; a file set aside has its log line;
- the disc model is consistent: IMAGE.state parses, every track lies
  inside IMAGE.bin, and every complete track holds the audio of one of
  the files copied, then silence.

The suite runs a bounded, seeded selection of the states
(BURNFS_CRASH_STATES, default 400); BURNFS_CRASH_EXHAUSTIVE=1 runs every
state the model lists with larger subset bounds (doc/testing.md).
"""

import hashlib
import os
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from burnfs_helpers import make_wav, quote, run, sh, wait_for, wav_pcm
from crash_model import State, Trace, crash_points, strace_argv
from integration_conftest import Mount

SECTOR = 2352
ISRC = "USCRA2600001"
EXHAUSTIVE = os.environ.get("BURNFS_CRASH_EXHAUSTIVE") == "1"
BUDGET = int(os.environ.get("BURNFS_CRASH_STATES", "0" if EXHAUSTIVE
                            else "400"))
MOUNT_DEADLINE = 20


# ---- the scenario -----------------------------------------------------------

@dataclass
class Source:
    """A file the user copies in, and what burnfs must keep of it."""
    path: Path
    name: str                      # name given by cp
    sha: str = ""
    pcm: bytes = b""


@dataclass
class UserOp:
    """A command run against the mount, with the wall-clock times it
    started and returned (strace's clock)."""
    what: str                      # 'cp', 'mv', 'isrc', 'commit', 'done'
    source: Source = None
    arg: str = ""
    start: float = 0.0
    end: float = 0.0
    ok: bool = False


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def make_sources(d):
    a = Source(d / "a.wav", "a.wav")
    make_wav(a.path, 20000, 440)
    b = Source(d / "b.wav", "b.wav")
    make_wav(b.path, 90000, 660)   # one write of 352 KiB: 6 pieces
    c = Source(d / "c.flac", "c.flac")
    make_wav(d / "c-src.wav", 40000, 330)
    r = run(["flac", "-s", "-f", "-o", str(c.path), str(d / "c-src.wav")])
    assert r.returncode == 0, f"flac: {r.stderr}"
    for s in (a, b):
        s.pcm = wav_pcm(s.path)
    c.pcm = wav_pcm(d / "c-src.wav")  # a FLAC of CD format decodes exactly
    for s in (a, b, c):
        s.sha = sha256(s.path.read_bytes())
    return a, b, c


class TracedMount(Mount):
    """burnfs under strace: the process waited for is strace, which exits
    with burnfs's status."""

    def __init__(self, log, *args):
        super().__init__(*args)
        self.log_path = log

    def argv(self):
        return strace_argv(self.log_path, super().argv())


def user_op(ops, what, script, source=None, arg=""):
    op = UserOp(what, source, arg)
    op.start = time.time()
    r = sh(script)
    op.end = time.time()
    op.ok = r.returncode == 0
    assert op.ok, f"{script}: {r.stderr}"
    ops.append(op)
    return op


def scenario(d, sources, ops):
    """Staging, a rename, an ISRC, a commit and the whole burn."""
    a, b, c = sources
    for s in sources:
        user_op(ops, "cp", f"cp {quote(s.path)} {quote(d.tracks)}", s)
    user_op(ops, "mv", f"mv {quote(d.tracks / 'b.wav')} "
            f"{quote(d.tracks / '02 b.wav')}", b, "02 b.wav")
    user_op(ops, "isrc", f"setfattr -n user.isrc -v {ISRC} "
            f"{quote(d.tracks / 'a.wav')}", a, ISRC)
    user_op(ops, "commit", f"echo 1 > {quote(d.file('commit'))}")
    done = UserOp("done", start=time.time())
    d.wait_state("done", timeout=90)
    done.end = time.time()  # status showed done
    done.ok = True
    ops.append(done)
    spool = d.mount.spool / "v1"
    # IDLE deletes the burnt audio: the end of the job's file work.
    wait_for(lambda: not any(n.endswith(".audio")
                             for n in os.listdir(spool)),
             30, what="the burnt audio deleted")


def record(tmp, monkeypatch, steps):
    """Runs steps(drive, ops) against burnfs under strace, on a fresh
    spool and image below tmp/rec; returns (trace, user ops)."""
    root = tmp / "rec"
    (root / "img").mkdir(parents=True)
    trace = Trace(root)  # the snapshot before the run
    log = tmp / "strace.log"
    # LeakSanitizer cannot run under ptrace; the state mounts keep it.
    monkeypatch.setenv("ASAN_OPTIONS",
                       "detect_leaks=0:abort_on_error=1:halt_on_error=1")
    m = TracedMount(log, tmp / "recmnt", [("v1", str(root / "img/v1-disc"),
                                           "")], root / "spool")
    (tmp / "recmnt").mkdir()
    m.start(timeout=60)
    monkeypatch.undo()
    ops = []
    try:
        steps(m.drive("v1"), ops)
    except BaseException:
        m.abandon()
        raise
    m.stop()
    trace.read(log)
    return trace, ops


# ---- what each crash point promises -----------------------------------------

@dataclass(frozen=True)
class Promise:
    """What a crash at one moment must keep of one source."""
    source: str                    # its first name
    acked: bool                    # cp returned
    started: bool                  # cp started
    names: frozenset               # names it may have
    isrc: frozenset                # user.isrc values it may have ('' none)
    gone: bool = False             # burnt, and status showed done


def promises(sources, ops, t):
    """Promises for a crash before wall-clock time t: an operation is
    acknowledged if it returned before t, maybe done if it started."""
    out = []
    # The commit burns every staged file.
    done = any(o.what == "done" and o.end < t for o in ops)
    for s in sources:
        cp = next(o for o in ops if o.what == "cp" and o.source is s)
        names, isrc = {s.name}, {""}
        for o in ops:
            if o.source is not s or o.what not in ("mv", "isrc"):
                continue
            if o.end < t:
                if o.what == "mv":
                    names = {o.arg}
                else:
                    isrc = {o.arg}
            elif o.start < t:
                (names if o.what == "mv" else isrc).add(o.arg)
        out.append(Promise(s.name, cp.end < t, cp.start < t,
                           frozenset(names), frozenset(isrc), done))
    return tuple(out)


# ---- what a mounted state shows ---------------------------------------------

_STATE_TRACK = re.compile(
    r"^track (\d+) session (\d+) start (-?\d+) length (\d+) ctl (\d+) "
    r"isrc (\S+)( damaged)?$")


def parse_vrec_state(text):
    """The tracks of an IMAGE.state as (start, length, isrc, damaged), or
    None when it is not a complete state file."""
    lines = text.split("\n")
    if not lines or lines[0] != "burnfs-vrec-state 1" or \
            not any(ln.startswith("media ") for ln in lines):
        return None
    tracks = []
    for ln in lines:
        m = _STATE_TRACK.match(ln)
        if m:
            tracks.append((int(m.group(3)), int(m.group(4)),
                           "" if m.group(6) == "-" else m.group(6),
                           bool(m.group(7))))
        elif ln.startswith("track "):
            return None
    return tracks


def parse_meta(text):
    kv = {}
    for ln in text.split("\n"):
        k, sep, v = ln.partition("=")
        if sep and k not in kv:
            kv[k] = re.sub(r"%([0-9A-F]{2})",
                           lambda m: chr(int(m.group(1), 16)), v)
    return kv


@dataclass
class Seen:
    """What one mounted state showed."""
    files: dict          # name in tracks/ -> sha256
    isrc: dict           # name -> user.isrc ('' none)
    log: str
    burn_pcm: dict       # name -> the audio a burn would read
    disc: list           # (start, length, isrc, damaged)
    bin_sectors: int
    bin_data: bytes
    set_aside: list      # spool file names tNNNNNN.<tag>.<ext>
    spool_dir: str


def observe(mnt_drive):
    tracks = mnt_drive.tracks
    r = run(["ls", "-A1", str(tracks)], timeout=MOUNT_DEADLINE)
    assert r.returncode == 0, f"ls tracks/: {r.stderr}"
    names = [n for n in r.stdout.split("\n") if n]
    files, isrc = {}, {}
    for n in names:
        r = run(["sha256sum", str(tracks / n)], timeout=MOUNT_DEADLINE)
        assert r.returncode == 0, f"sha256sum {n}: {r.stderr}"
        files[n] = r.stdout.split()[0]
        r = run(["getfattr", "--only-values", "-n", "user.isrc",
                 str(tracks / n)], timeout=MOUNT_DEADLINE)
        isrc[n] = r.stdout if r.returncode == 0 else ""
    log = mnt_drive.read("log", timeout=MOUNT_DEADLINE)
    mnt_drive.read("toc", timeout=MOUNT_DEADLINE)
    return files, isrc, log


def read_spool(spool):
    """After the unmount: the audio each staged track's burn would read,
    and the files set aside."""
    burn_pcm, aside = {}, []
    if not spool.is_dir():
        return burn_pcm, aside
    for p in sorted(spool.iterdir()):
        if re.fullmatch(r"t\d{6}\.\w+\.(audio|meta|cdda)", p.name):
            aside.append(p.name)
            continue
        if not re.fullmatch(r"t\d{6}\.meta", p.name):
            continue
        kv = parse_meta(p.read_text(errors="replace"))
        if kv.get("staged") != "1":
            continue
        stem = p.name[:-len(".meta")]
        off, n = int(kv["pcm_offset"]), int(kv["pcm_bytes"])
        if kv.get("converted") == "1":
            data = (spool / f"{stem}.cdda").read_bytes()[off:off + n]
        else:
            data = (spool / f"{stem}.audio").read_bytes()[off:off + n]
        burn_pcm[kv["name"]] = data
    return burn_pcm, aside


def track_audio(seen, start, length):
    return seen.bin_data[start * SECTOR:(start + length) * SECTOR]


def pcm_then_silence(got, pcm):
    return got[:len(pcm)] == pcm and not any(got[len(pcm):])


# ---- the checks -------------------------------------------------------------

def check_disc(seen, sources):
    errs = []
    for i, (start, length, _, damaged) in enumerate(seen.disc, 1):
        if start < 0 or start + length > seen.bin_sectors:
            errs.append(f"disc track {i} [{start}, +{length}) lies outside "
                        f"IMAGE.bin ({seen.bin_sectors} sectors)")
            continue
        if damaged:
            continue
        got = track_audio(seen, start, length)
        if not any(pcm_then_silence(got, s.pcm) for s in sources):
            errs.append(f"disc track {i} is complete in IMAGE.state but "
                        "IMAGE.bin does not hold the audio of any file "
                        "copied")
    return errs


def burnt(seen, s, isrc_ok):
    for start, length, isrc, damaged in seen.disc:
        if damaged or start + length > seen.bin_sectors:
            continue
        if pcm_then_silence(track_audio(seen, start, length), s.pcm) and \
                isrc in isrc_ok:
            return True
    return False


def check_promises(seen, sources, promise):
    errs = []
    by_name = {p.source: p for p in promise}
    owner = {}
    for s in sources:
        p = by_name[s.name]
        if p.started:
            for n in p.names:
                owner[n] = (s, p)
    for name, sha in seen.files.items():
        if name not in owner:
            errs.append(f"tracks/{name}: no file of that name was being "
                        "copied or renamed")
            continue
        s, p = owner[name]
        if p.gone:
            errs.append(f"tracks/{name}: burnt and `done` shown before "
                        "the power cut, yet back in tracks/")
        if sha != s.sha:
            errs.append(f"tracks/{name}: its bytes are not those of "
                        f"{s.path.name} (half-written shown as a track)")
        if seen.isrc.get(name, "") not in p.isrc:
            errs.append(f"tracks/{name}: user.isrc is "
                        f"{seen.isrc.get(name)!r}, expected one of "
                        f"{sorted(p.isrc)}")
        if name in seen.burn_pcm and seen.burn_pcm[name] != s.pcm:
            errs.append(f"tracks/{name}: the audio its burn would read "
                        f"is not the audio of {s.path.name}")
    for s in sources:
        p = by_name[s.name]
        if not p.acked:
            continue
        here = [n for n in p.names if n in seen.files]
        if not here and not burnt(seen, s, p.isrc):
            errs.append(f"{s.name}: acknowledged (cp returned) but "
                        f"neither in tracks/ as {sorted(p.names)} nor "
                        "burnt on the disc")
    return errs


def check_set_aside(seen):
    errs = []
    ids = {}
    for n in seen.set_aside:
        stem, tag, _ = n.split(".")
        ids.setdefault((stem, tag), n)
    for (stem, tag), n in ids.items():
        if f"set aside as {seen.spool_dir}/{stem}.{tag}." not in seen.log:
            errs.append(f"{n} set aside without its log line")
    return errs


# ---- the run ----------------------------------------------------------------

def describe(trace, point, state):
    base = trace.durable(point.k)
    extra = sorted(state.kept - base)
    pend = trace.pending(point.k)
    lost = [i for i in pend if i not in state.kept]
    text = [f"crash after {point.k} of {len(trace.ops)} operations"]
    if point.k < len(trace.ops):
        text.append(f"(before {trace.ops[point.k].text})")
    text.append(f"; kept beyond the fsyncs: "
                f"{[trace.ops[i].text for i in extra][:8]}")
    text.append(f"; lost: {[trace.ops[i].text for i in lost][:8]}")
    if state.zeroed:
        text.append(" (lost writes left zeros)")
    return "".join(text)


def select(trace, points, budget, seed=7):
    """Distinct states, each with the crash points that leave it.  With
    a budget, the states without reordering come first (everything up to
    the crash kept, or only what the fsyncs made durable), then a seeded
    sample of the rest."""
    states = {}
    for p in points:
        for s in p.states:
            states.setdefault(s.key(), (s, []))[1].append(p)
    keys = list(states)
    if budget and len(keys) > budget:
        first = []
        for p in points:
            durable = frozenset(trace.durable(p.k))
            first.append((durable | frozenset(trace.pending(p.k)),
                          frozenset()))
            first.append((durable, frozenset()))
        first = [k for k in dict.fromkeys(first) if k in states][:budget]
        rest = [k for k in keys if k not in set(first)]
        rng = random.Random(seed)
        chosen = set(first) | set(rng.sample(rest, budget - len(first)))
        keys = [k for k in keys if k in chosen]
    return [states[k] for k in keys], len(states)


def run_state(tmp, n, trace, state, sources, points, ops):
    """Mounts one state; returns a list of failures (strings)."""
    base = tmp / f"s{n:05d}"
    root = base / "root"
    base.mkdir()
    state.materialize(trace, root)
    if not (root / "img").exists():
        (root / "img").mkdir()
    image = root / "img" / "v1-disc"
    raw_state = Path(f"{image}.state")
    raw = raw_state.read_text(errors="replace") if raw_state.exists() \
        else None
    m = Mount(base, [("v1", str(image), "")], root / "spool")
    try:
        m.start(timeout=MOUNT_DEADLINE)
    except AssertionError as e:
        if raw is not None and parse_vrec_state(raw) is None and \
                "v1-disc.state" in str(e):
            return []  # a damaged state refused with a clear error
        return [f"burnfs does not mount it: {e}"]
    try:
        files, isrc, log = observe(m.drive("v1"))
    except BaseException as e:
        m.abandon()
        return [f"the mount does not answer: {e}"]
    try:
        m.stop(timeout=MOUNT_DEADLINE)
    except AssertionError as e:
        return [f"unmount: {e}"]
    spool = root / "spool" / "v1"
    burn_pcm, aside = read_spool(spool)
    state_text = raw_state.read_text(errors="replace") \
        if raw_state.exists() else ""
    disc = parse_vrec_state(state_text)
    errs = []
    if disc is None:
        errs.append(f"IMAGE.state after the mount does not parse: "
                    f"{state_text[:200]!r}")
        disc = []
    bin_path = Path(f"{image}.bin")
    bin_data = bin_path.read_bytes() if bin_path.exists() else b""
    seen = Seen(files, isrc, log, burn_pcm, disc, len(bin_data) // SECTOR,
                bin_data, aside, str(spool))
    errs += check_disc(seen, sources)
    errs += check_set_aside(seen)
    for pr in sorted({promises(sources, ops, p.ts) for p in points},
                     key=str):
        errs += check_promises(seen, sources, pr)
    if not errs:
        shutil.rmtree(base)
    return sorted(set(errs))


@pytest.mark.time_limit(3600 if EXHAUSTIVE else 170)
def test_crash_states(tmp_path, monkeypatch):
    t0 = time.monotonic()
    assert shutil.which("strace"), "strace is needed (tools/install-deps)"
    assert shutil.which("setfattr"), "setfattr is needed (attr package)"
    src = tmp_path / "src"
    src.mkdir()
    sources = make_sources(src)
    trace, ops = record(tmp_path, monkeypatch,
                        lambda d, ops: scenario(d, sources, ops))
    t_rec = time.monotonic() - t0
    syncs = sum(o.kind == "sync" for o in trace.ops)
    assert syncs > 0 and len(trace.ops) > 50, \
        f"the trace holds too little: {len(trace.ops)} operations"
    points = crash_points(trace, all_subsets_max=6 if EXHAUSTIVE else 4,
                          samples=12 if EXHAUSTIVE else 3)
    chosen, distinct = select(trace, points, BUDGET)
    failures = []
    for n, (state, pts) in enumerate(chosen):
        for e in run_state(tmp_path, n, trace, state, sources, pts, ops):
            failures.append(f"{e}\n    state {n}: "
                            f"{describe(trace, pts[0], state)}")
    print(f"crash states: {len(trace.ops)} operations ({syncs} fsyncs), "
          f"{len(points)} crash points, {distinct} distinct states, "
          f"{len(chosen)} mounted and checked; recording {t_rec:.1f} s, "
          f"all {time.monotonic() - t0:.1f} s")
    assert not failures, f"{len(failures)} failures in {len(chosen)} " \
        "states:\n" + "\n".join(failures[:20])


def test_acknowledged_copy_survives_a_power_cut(tmp_path, monkeypatch):
    """Regression: once cp returned, what the fsyncs made durable holds
    the track (the spool's directories and the .audio were not synced:
    a power cut lost the acknowledged track)."""
    src = tmp_path / "src"
    src.mkdir()
    a = make_sources(src)[0]
    trace, ops = record(tmp_path, monkeypatch, lambda d, ops: user_op(
        ops, "cp", f"cp {quote(a.path)} {quote(d.tracks)}", a))
    state = State(frozenset(trace.durable(len(trace.ops))))
    points = [p for p in crash_points(trace, 0, 0)
              if p.ts > ops[0].end]
    errs = run_state(tmp_path, 0, trace, state, (a,), points, ops)
    assert not errs, "\n".join(errs)


def test_burnt_tracks_stay_gone_after_a_power_cut(tmp_path, monkeypatch):
    """Regression: once status shows done, what the fsyncs made durable
    no longer holds the burnt tracks (their .meta files were removed
    without an fsync of the spool directory: a power cut brought them
    back into tracks/, to be burnt again)."""
    src = tmp_path / "src"
    src.mkdir()
    sources = make_sources(src)
    trace, ops = record(tmp_path, monkeypatch,
                        lambda d, ops: scenario(d, sources, ops))
    done = next(o for o in ops if o.what == "done")
    points = [p for p in crash_points(trace, 0, 0) if p.ts > done.end]
    assert points, "no crash point after done was shown"
    # The first such point: the least the fsyncs made durable by then.
    state = State(frozenset(trace.durable(points[0].k)))
    errs = run_state(tmp_path, 0, trace, state, sources, points[:1], ops)
    assert not errs, "\n".join(errs)


def test_unfinished_copy_is_set_aside(burnfs, tmp_path):
    """Regression: a file whose copy never finished (its .meta says it
    was never checked) is not shown as a track at the next mount, even
    when it looks like complete audio (a power cut may have left zeros
    for the bytes written last); it is set aside with a log line and a
    toc line, and the staged tracks stay."""
    mnt = burnfs()
    v1 = mnt.drive()
    a = make_wav(tmp_path / "a.wav", 20000, 440)
    assert sh(f"cp {quote(a)} {quote(v1.tracks)}").returncode == 0
    mnt.stop()
    d = mnt.spool / "v1"
    half = bytearray(make_wav(tmp_path / "half.wav", 40000, 660)
                     .read_bytes())
    half[len(half) // 2:] = bytes(len(half) - len(half) // 2)
    (d / "t000900.audio").write_bytes(bytes(half))
    (d / "t000900.meta").write_text(
        "burnfs-track 1\nname=half.wav\nmode=644\natime=1.0\n"
        "mtime=1.0\nctime=1.0\nstaged=0\n")
    mnt.start()
    v1 = mnt.drive()
    r = run(["ls", "-A1", str(v1.tracks)])
    assert r.stdout.split() == ["a.wav"], r.stdout
    assert "half.wav: its copy was never finished" in v1.log()
    assert f"set aside as {d}/t000900.unfinished.audio" in v1.log()
    assert "damaged: half.wav: its copy was never finished" in \
        v1.read("toc")
    assert (d / "t000900.unfinished.audio").read_bytes() == bytes(half)
