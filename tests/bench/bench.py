#!/usr/bin/python3
"""burnfs benchmarks: figures, and ratios against a baseline measured in
the same run.  Not pass/fail tests: run on demand, read the numbers.

    tests/bench/bench.py [--burnfs build-ci/fs/burnfs] [--shim PATH]
                         [--minutes 79] [--work DIR] [BENCH ...]

BENCH is any of: staging converting engine paced drives cost instructions
(default: all).

  staging  cp and rsync of a CD-format WAV into tracks/ against the same
           copy into a plain directory on the spool's filesystem; and
           into libfuse's passthrough_ll example (built from Debian's
           libfuse3-dev) over that filesystem, and into fuse_discard.c
           (takes writes as tracks/ does and throws them away: the
           ceiling of any FUSE file system here).
  converting  FLAC, 48 kHz 24-bit WAV and MP3 staged with cp, in times
           real time (wall, and per core from burnfs's CPU time).
  engine   a burn onto an unpaced virtual recorder against a plain
           sequential copy of the same PCM bytes into an image file.
  paced    a burn at 52x with a 2 MB drive buffer and buffer underrun
           protection off, while a CPU hog and an I/O hog keep both cores
           busy: underruns (any fails the burn) and drive busy time;
           Track-At-Once, then Session-At-Once (with CD-TEXT).
  drives   8 virtual recorders burning at 52x at once: underruns, and
           the latency of `cat status` during the burns.
  cost     CPU seconds, peak RSS and CPU per 1000 sectors of burnfs, and
           of cdrskin burning the same track through the sg shim.
  instructions  instructions per sector (callgrind) of the same two.

See doc/performance.md for results and how to read them.
"""

import argparse
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

SECTOR = 2352
FRAMES_PER_SECTOR = 588
SECTORS_PER_MINUTE = 75 * 60


def log(msg):
    print(msg, flush=True)


def wav_header(pcm_bytes):
    return (b"RIFF" + struct.pack("<I", 36 + pcm_bytes) + b"WAVE" +
            b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, 44100, 44100 * 4,
                                  4, 16) +
            b"data" + struct.pack("<I", pcm_bytes))


def make_wav(path, minutes):
    """A CD-format WAV of the given length: a pseudo-random PCM pattern
    (compression-proof), written in 4 MiB blocks."""
    sectors = int(minutes * SECTORS_PER_MINUTE)
    pcm_bytes = sectors * SECTOR
    block = os.urandom(4 << 20)
    with open(path, "wb") as f:
        f.write(wav_header(pcm_bytes))
        left = pcm_bytes
        while left:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n
    return sectors


def read_kv(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep:
                out[key.strip()] = value.strip()
    return out


def wait_for(predicate, timeout, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(interval)


def proc_cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def proc_peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Mount:
    """burnfs -f with virtual recorders; drives: [(name, keys)]."""

    def __init__(self, burnfs, base, drives, wrapper=()):
        self.base = base
        self.mnt = os.path.join(base, "mnt")
        os.makedirs(self.mnt, exist_ok=True)
        argv = list(wrapper) + [burnfs, "-f",
                                f"--spool={os.path.join(base, 'spool')}"]
        self.images = {}
        for name, keys in drives:
            image = os.path.join(base, f"{name}-disc")
            self.images[name] = image
            argv.append(f"--virtual={name}:{image}" +
                        (f",{keys}" if keys else ""))
        argv.append(self.mnt)
        self.err = open(os.path.join(base, "burnfs.stderr"), "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=self.err,
                                     stderr=subprocess.STDOUT)
        wait_for(lambda: self.proc.poll() is not None or
                 os.path.ismount(self.mnt), 120, what="mount")
        if self.proc.poll() is not None:
            raise SystemExit("burnfs did not mount; see " + self.err.name)

    def path(self, drive, *rest):
        return os.path.join(self.mnt, drive, *rest)

    def write(self, drive, name, value):
        with open(self.path(drive, name), "w") as f:
            f.write(f"{value}\n")

    def commit(self, drive):
        # The benchmarks measure the burn: no reading back afterwards.
        self.write(drive, "verify", 0)
        self.write(drive, "commit", 1)

    def wait_end(self, drive, timeout=3600, interval=0.1):
        final = ("done", "failed", "cancelled")
        wait_for(lambda: read_kv(self.path(drive, "status")).get("state")
                 in final, timeout, interval=interval, what=f"{drive} burn")
        return read_kv(self.path(drive, "status"))

    def stop(self):
        # again while "busy": after a job burnfs updates the file
        # managers' views through the mount for a moment
        wait_for(lambda: not os.path.ismount(self.mnt) or subprocess.run(
            ["fusermount3", "-u", self.mnt],
            capture_output=True).returncode == 0, 60, interval=0.1,
            what="unmount")
        self.proc.wait(timeout=120)
        self.err.close()


def timed(argv):
    # Start from clean page-cache state: dirty pages of an earlier step
    # would throttle this one's writes.
    os.sync()
    t = time.monotonic()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
    return time.monotonic() - t


def bench_staging(a, work):
    log(f"== staging: {a.minutes:.0f}-minute CD-format WAV, cp and rsync")
    # The source lives on another filesystem (tmpfs when there is one), as
    # a user's files do: otherwise cp would clone the plain copy inside
    # the spool's filesystem (copy_file_range) and compare nothing.
    src_dir = tempfile.mkdtemp(prefix="burnfs-bench-src-",
                               dir="/dev/shm" if os.path.isdir("/dev/shm")
                               else None)
    src = os.path.join(src_dir, "src.wav")
    try:
        return staging_copies(a, work, src)
    finally:
        shutil.rmtree(src_dir)


# libfuse's own example of a FUSE file system that stores files in a
# directory, as Debian ships it: a reference for what FUSE costs.
FUSE_REFERENCE_SOURCE = "/usr/share/doc/libfuse3-dev/examples/passthrough_ll.c"
# Ours: takes writes as tracks/ does and throws them away (the ceiling).
FUSE_DISCARD_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "fuse_discard.c")


def build_fuse_program(source, exe):
    """cc source -> exe against libfuse3; False (said why) if it cannot."""
    if not os.path.exists(source):
        log(f"(no {source})")
        return False
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "fuse3"],
                           capture_output=True, text=True)
    r = subprocess.run(["cc", "-O2", "-o", exe, source] +
                       flags.stdout.split(), capture_output=True, text=True)
    if flags.returncode != 0 or r.returncode != 0:
        log(f"(cannot build {source}: {r.stderr[:200]})")
        return False
    return True


class FuseProgram:
    """A FUSE file system other than burnfs, mounted in the foreground."""

    def __init__(self, argv, base):
        self.mnt = os.path.join(base, "mnt")
        os.makedirs(self.mnt)
        self.err = open(os.path.join(base, "stderr"), "wb")
        self.proc = subprocess.Popen(argv + [self.mnt],
                                     stdin=subprocess.DEVNULL,
                                     stdout=self.err,
                                     stderr=subprocess.STDOUT)
        wait_for(lambda: self.proc.poll() is not None or
                 os.path.ismount(self.mnt), 60, what=f"{argv[0]} mount")
        if self.proc.poll() is not None:
            raise SystemExit(f"{argv[0]} did not mount; see {self.err.name}")

    def stop(self):
        subprocess.run(["fusermount3", "-u", self.mnt], check=True)
        self.proc.wait(timeout=60)
        self.err.close()


def fuse_references(work):
    """{name: FuseProgram} of the FUSE file systems that can be built:
    libfuse's passthrough_ll over a directory on the spool's filesystem,
    and fuse_discard."""
    refs = {}
    exe = os.path.join(work, "passthrough_ll")
    if build_fuse_program(FUSE_REFERENCE_SOURCE, exe):
        base = os.path.join(work, "passthrough_ll.d")
        store = os.path.join(base, "store")
        os.makedirs(store)
        refs["passthrough_ll"] = FuseProgram(
            [exe, "-f", "-o", f"source={store}"], base)
    exe = os.path.join(work, "fuse_discard")
    if build_fuse_program(FUSE_DISCARD_SOURCE, exe):
        refs["fuse_discard"] = FuseProgram(
            [exe, "-f"], os.path.join(work, "fuse_discard.d"))
    return refs


def staging_copies(a, work, src, rounds=5):
    sectors = make_wav(src, a.minutes)
    size_mb = os.path.getsize(src) / 1e6
    plain = os.path.join(work, "plain")
    os.makedirs(plain)
    m = Mount(a.burnfs, os.path.join(work, "m"), [("v", "media=cdr80")])
    refs = {}

    def copy(argv, dest):
        # Each copy is removed at once, so that every copy starts with
        # the same amount of memory in use: on a virtual machine, pages
        # the guest has not used lately cost a fault on the host.
        t = timed(argv + [src, dest])
        os.unlink(dest)
        return t

    def rate(times):
        return (f"{size_mb / statistics.median(times):7.1f} MB/s (from "
                f"{size_mb / max(times):.0f} to {size_mb / min(times):.0f})")

    try:
        refs = fuse_references(work)
        for tool, argv in (("cp", ["cp"]), ("rsync", ["rsync", "-a"])):
            dests = {"plain": os.path.join(plain, "a.wav"),
                     "tracks/": os.path.join(m.path("v", "tracks"), "a.wav")}
            for name, ref in refs.items():
                dests[name] = os.path.join(ref.mnt, "a.wav")
            # A first round of each, not counted: it warms up the page
            # cache and the daemons.  Then rounds in rotating order.
            for dest in dests.values():
                copy(argv, dest)
            times = {what: [] for what in dests}
            order = list(dests)
            for i in range(rounds):
                for what in order[i % len(order):] + order[:i % len(order)]:
                    times[what].append(copy(argv, dests[what]))
            base = statistics.median(times["plain"])
            fuse = statistics.median(times["tracks/"])
            log(f"{tool}: median of {rounds} rounds")
            log(f"  plain directory  {rate(times['plain'])}")
            log(f"  tracks/          {rate(times['tracks/'])}   "
                f"ratio {base / fuse:.2f}")
            for name in refs:
                r = statistics.median(times[name])
                log(f"  {name:16s} {rate(times[name])}   ratio "
                    f"{base / r:.2f}; tracks/ at {r / fuse:.2f}x its speed")
    finally:
        m.stop()
        for ref in refs.values():
            ref.stop()
    return sectors


def bench_converting(a, work):
    minutes = min(a.minutes, 10)
    log(f"== converting intake: {minutes:.0f} minutes of audio per format, "
        f"staged with cp (conversion runs at close)")
    seconds = minutes * 60
    # One source for every format: a sweep with noise, so that encoders
    # and the resampler have real work.
    base = os.path.join(work, "source.wav")
    subprocess.run(["sox", "-n", "-r", "48000", "-b", "24", "-c", "2", base,
                    "synth", str(seconds), "sine", "100-8000", "pinknoise",
                    "vol", "0.3"], check=True)
    sources = {
        "48 kHz 24-bit WAV": base,
        "FLAC 44.1 kHz 16-bit": os.path.join(work, "src.flac"),
        "MP3 44.1 kHz 192 kb/s": os.path.join(work, "src.mp3"),
    }
    subprocess.run(["sox", base, "-r", "44100", "-b", "16",
                    sources["FLAC 44.1 kHz 16-bit"]], check=True)
    cd = os.path.join(work, "cd.wav")
    subprocess.run(["sox", base, "-r", "44100", "-b", "16", cd], check=True)
    subprocess.run(["lame", "--quiet", "-b", "192", cd,
                    sources["MP3 44.1 kHz 192 kb/s"]], check=True)
    m = Mount(a.burnfs, os.path.join(work, "m"), [("v", "media=cdr80")])
    try:
        for what, src in sources.items():
            ext = os.path.splitext(src)[1]
            dest = m.path("v", "tracks", "t" + ext)
            cpu0 = proc_cpu_seconds(m.proc.pid)
            t = timed(["cp", src, dest])
            cpu = proc_cpu_seconds(m.proc.pid) - cpu0
            log(f"{what:24s} {seconds / t:6.1f}x real time "
                f"({t:5.2f} s wall, {cpu:5.2f} s burnfs CPU: "
                f"{seconds / cpu if cpu else 0:6.1f}x real time per core)")
            os.unlink(dest)
    finally:
        m.stop()


def bench_engine(a, work, rounds=5):
    log(f"== engine, unpaced: {a.minutes:.0f}-minute disc")
    src = os.path.join(work, "src.wav")
    sectors = make_wav(src, a.minutes)

    def baseline():
        # The same PCM bytes copied sequentially into an image file on
        # the same filesystem, in the engine's write size (27 sectors),
        # and on disk at the end, as the burnt image is.
        image = os.path.join(work, "baseline.bin")
        os.sync()
        t = time.monotonic()
        with open(src, "rb") as fi, open(image, "wb") as fo:
            fi.seek(44)
            while True:
                chunk = fi.read(27 * SECTOR)
                if not chunk:
                    break
                fo.write(chunk)
            fo.flush()
            os.fsync(fo.fileno())
        t = time.monotonic() - t
        os.unlink(image)
        return t

    def burn(n):
        # A fresh mount and disc each time; the image is removed at once
        # (see staging_copies for why).
        base = os.path.join(work, f"m{n}")
        m = Mount(a.burnfs, base, [("v", "media=cdr80")])
        try:
            shutil.copy(src, m.path("v", "tracks", "a.wav"))
            cpu0 = proc_cpu_seconds(m.proc.pid)
            os.sync()
            t = time.monotonic()
            m.commit("v")
            st = m.wait_end("v", interval=0.005)
            # Like the baseline, the image is on disk when the burn is
            # done: the recorder syncs it at the end of each track.
            t = time.monotonic() - t
            cpu = proc_cpu_seconds(m.proc.pid) - cpu0
            rss = proc_peak_rss_kib(m.proc.pid)
        finally:
            m.stop()
            shutil.rmtree(base)
        if st.get("state") != "done":
            raise SystemExit(f"engine: the burn ended {st.get('state')}")
        return t, cpu, rss

    # A first round of each, not counted; then rounds in alternating order.
    baseline()
    burn(0)
    bases, burns = [], []
    for i in range(rounds):
        if i % 2:
            bases.append(baseline())
            burns.append(burn(i + 1))
        else:
            burns.append(burn(i + 1))
            bases.append(baseline())
    base = statistics.median(bases)
    t, cpu, rss = sorted(burns)[len(burns) // 2]
    mb = sectors * SECTOR / 1e6
    log(f"{sectors} sectors; median of {rounds} rounds")
    log(f"baseline copy {base:6.2f} s ({mb / base:6.1f} MB/s); burn "
        f"{t:6.2f} s ({mb / t:6.1f} MB/s, "
        f"{sectors / t / 75:5.0f}x); ratio {base / t:.2f}")
    log(f"  (baseline from {min(bases):.2f} to {max(bases):.2f} s, burn "
        f"from {min(b[0] for b in burns):.2f} to "
        f"{max(b[0] for b in burns):.2f} s)")
    log(f"burnfs CPU {cpu:.2f} s ({cpu / sectors * 1e3 * 1e3:.1f} ms per "
        f"1000 sectors); peak RSS {rss / 1024:.1f} MiB")
    return sectors


class Hogs:
    """A CPU hog per core and an I/O hog, until stopped."""

    def __init__(self, work):
        self.procs = []
        for _ in range(os.cpu_count() or 2):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-c", "while True: pass"]))
        hog_file = os.path.join(work, "io-hog")
        self.procs.append(subprocess.Popen(
            ["bash", "-c", f"while :; do dd if=/dev/zero of={hog_file} "
             f"bs=1M count=256 conv=fsync status=none; done"]))

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()


STREAM_RE = re.compile(r"virtual recorder (\S+) .*: track (\d+): recorded in "
                       r"([\d.]+) s at (\d+)x, (\d+) buffer underruns?, "
                       r"([\d.]+) s without data")


def streams(stderr_path):
    """[(drive, track, seconds, underruns, starved seconds)] from what the
    paced virtual recorders said at the end of each track."""
    out = []
    with open(stderr_path, errors="replace") as f:
        for line in f:
            m = STREAM_RE.search(line)
            if m:
                out.append((m.group(1), int(m.group(2)), float(m.group(3)),
                            int(m.group(5)), float(m.group(6))))
    return out


SAO_STREAM_RE = re.compile(r"virtual recorder (\S+) .*: SAO session: recorded "
                           r"in ([\d.]+) s at (\d+)x, (\d+) buffer "
                           r"underruns?, ([\d.]+) s without data")


def sao_streams(stderr_path):
    """[(drive, seconds, underruns, starved seconds)] from what the paced
    virtual recorders said at the end of each Session-At-Once session."""
    out = []
    with open(stderr_path, errors="replace") as f:
        for line in f:
            m = SAO_STREAM_RE.search(line)
            if m:
                out.append((m.group(1), float(m.group(2)), int(m.group(4)),
                            float(m.group(5))))
    return out


def paced_burn(a, work, src, sectors, mode):
    """One burn of src at 52x, BUFE off, under CPU and I/O hogs, in
    write_mode (tao or sao); prints its figures."""
    log(f"-- {mode.upper()}")
    m = Mount(a.burnfs, os.path.join(work, f"m-{mode}"),
              [("v", "media=cdr80,pace=1,speed=52,buffer=2M")])
    hogs = None
    try:
        shutil.copy(src, m.path("v", "tracks", "a.wav"))
        if mode == "sao":
            # A title: the lead-in carries CD-TEXT, written paced too.
            os.setxattr(m.path("v", "tracks", "a.wav"), "user.title",
                        b"Paced")
        m.write("v", "write_mode", mode)
        m.write("v", "buffer_underrun_protection", 0)
        m.write("v", "write_speed", "52x")
        hogs = Hogs(work)
        m.commit("v")
        st = m.wait_end("v")
        elapsed = float(st.get("elapsed", "0") or 0)
        log_text = open(m.path("v", "log")).read()
    finally:
        if hogs:
            hogs.stop()
        m.stop()
    # SAO also writes the 150-sector pregap of track 1 and, with CD-TEXT,
    # the lead-in (96 bytes a sector, at the same sector rate).
    leadin = 0
    m_leadin = re.search(r"CD-TEXT: \d+ packs in the lead-in, (\d+) sectors",
                         log_text)
    if mode == "sao" and m_leadin:
        leadin = int(m_leadin.group(1))
    written = sectors + (150 if mode == "sao" else 0) + leadin
    ideal = written / (52 * 75)
    log(f"state {st.get('state')} (with BUFE off an underrun fails the "
        f"burn: {'0 underruns' if st.get('state') == 'done' else 'UNDERRUN'})")
    if st.get("state") != "done":
        log(f"last_error: {st.get('last_error')}")
        log(log_text[-2000:])
    if mode == "sao":
        phases = [("the session", secs, underruns, starved)
                  for _, secs, underruns, starved in sao_streams(m.err.name)]
    else:
        phases = [(f"track {track}", secs, underruns, starved)
                  for _, track, secs, underruns, starved in
                  streams(m.err.name)]
    if not phases:
        log("the recorder reported no write phase")
    for what, secs, underruns, starved in phases:
        log(f"write phase of {what} (first WRITE until the drive's "
            f"buffer is burnt) {secs:.3f} s: {underruns} underruns, "
            f"{starved:.3f} s without data; drive busy "
            f"{100 * (secs - starved) / secs if secs else 0:.1f}%")
    if mode == "sao":
        log(f"sectors written: {sectors} of audio, 150 of track 1's "
            f"pregap, {leadin} of lead-in (CD-TEXT)")
    if len(phases) == 1 and phases[0][1]:
        log(f"ideal / write phase = {ideal / phases[0][1]:.3f}")
    log(f"ideal time at 52x {ideal:.3f} s; job elapsed {elapsed:.2f} s; "
        f"drive busy {100 * ideal / elapsed if elapsed else 0:.1f}% "
        f"of the whole job (includes preparing and closing)")


def bench_paced(a, work):
    minutes = min(a.minutes, 20)
    log(f"== paced 52x, 2 MB drive buffer, BUFE off, CPU and I/O hogs: "
        f"{minutes:.0f}-minute disc, Track-At-Once then Session-At-Once")
    src = os.path.join(work, "src.wav")
    sectors = make_wav(src, minutes)
    for mode in ("tao", "sao"):
        paced_burn(a, work, src, sectors, mode)


def bench_drives(a, work):
    n = 8
    minutes = min(a.minutes, 10)
    log(f"== {n} drives at 52x at once, BUFE off: {minutes:.0f}-minute "
        f"discs; latency of cat status")
    src = os.path.join(work, "src.wav")
    sectors = make_wav(src, minutes)
    drives = [(f"d{i}", "media=cdr80,pace=1,speed=52,buffer=2M")
              for i in range(n)]
    m = Mount(a.burnfs, os.path.join(work, "m"), drives)
    lat = []
    try:
        for name, _ in drives:
            shutil.copy(src, m.path(name, "tracks", "a.wav"))
            m.write(name, "buffer_underrun_protection", 0)
        t0 = time.monotonic()
        for name, _ in drives:
            m.commit(name)
        states = {}
        while len(states) < n:
            for name, _ in drives:
                if name in states:
                    continue
                t = time.monotonic()
                subprocess.run(["cat", m.path(name, "status")],
                               stdout=subprocess.PIPE, check=True)
                lat.append(time.monotonic() - t)
                st = read_kv(m.path(name, "status")).get("state")
                if st in ("done", "failed", "cancelled"):
                    states[name] = st
            time.sleep(0.05)
        wall = time.monotonic() - t0
    finally:
        m.stop()
    ok = sum(1 for s in states.values() if s == "done")
    lat.sort()
    p50 = statistics.median(lat) * 1e3
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3
    log(f"{ok}/{n} burns done (0 underruns each when done); wall "
        f"{wall:.1f} s against {sectors / (52 * 75):.1f} s ideal per drive")
    reports = streams(m.err.name)
    if reports:
        busy = [100 * (secs - starved) / secs
                for _, _, secs, _, starved in reports if secs]
        log(f"write phases: {len(reports)} tracks, "
            f"{sum(r[3] for r in reports)} underruns, "
            f"{sum(r[4] for r in reports):.3f} s without data in all; "
            f"drive busy {min(busy):.1f}% at the least")
    log(f"cat status latency over {len(lat)} reads: p50 {p50:.2f} ms, "
        f"p99 {p99:.2f} ms")


def bench_cost(a, work):
    minutes = min(a.minutes, 20)
    log(f"== cost: burnfs and cdrskin burning the same {minutes:.0f}-minute "
        f"track")
    src = os.path.join(work, "src.wav")
    sectors = make_wav(src, minutes)
    m = Mount(a.burnfs, os.path.join(work, "m"), [("v", "media=cdr80")])
    try:
        shutil.copy(src, m.path("v", "tracks", "a.wav"))
        cpu0 = proc_cpu_seconds(m.proc.pid)
        m.commit("v")
        m.wait_end("v")
        cpu = proc_cpu_seconds(m.proc.pid) - cpu0
        rss = proc_peak_rss_kib(m.proc.pid)
    finally:
        m.stop()
    log(f"burnfs : CPU {cpu:6.2f} s, {cpu / sectors * 1e6:7.1f} ms per 1000 "
        f"sectors, peak RSS {rss / 1024:6.1f} MiB (whole daemon)")
    if not a.shim or not shutil.which("cdrskin"):
        log("cdrskin: skipped (no shim or no cdrskin)")
        return
    env = dict(os.environ)
    env["LD_PRELOAD"] = a.shim
    env["BURNFS_SHIM_DRIVE"] = os.path.join(work, "cdrskin-disc")
    before = os.times()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "cdrskin",
                        "dev=/dev/sr0", "-tao", "-audio", src], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True)
    after = os.times()
    child_cpu = (after.children_user - before.children_user +
                 after.children_system - before.children_system)
    peak = re.findall(r"^(\d+)\s*$", p.stderr, re.M)
    peak_kib = int(peak[-1]) if peak else 0
    log(f"cdrskin: CPU {child_cpu:6.2f} s, {child_cpu / sectors * 1e6:7.1f} "
        f"ms per 1000 sectors, peak RSS {peak_kib / 1024:6.1f} MiB "
        f"(exit {p.returncode}; includes the shim's drive model)")
    if child_cpu:
        log(f"burnfs CPU / cdrskin CPU = {cpu / child_cpu:.2f}")


def callgrind_total(path):
    """Instructions (Ir) a callgrind output file counted."""
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    return 0


def bench_instructions(a, work):
    minutes = min(a.minutes, 2)
    log(f"== instructions per sector (callgrind): burnfs and cdrskin "
        f"burning the same {minutes:.0f}-minute track")
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        log("skipped: valgrind is not installed")
        return
    src = os.path.join(work, "src.wav")
    sectors = make_wav(src, minutes)
    # The burn's share: a run that mounts, stages, burns and unmounts,
    # minus one that does the same without the burn.
    def run(name, burn):
        out = os.path.join(work, f"{name}.callgrind")
        m = Mount(a.burnfs, os.path.join(work, name), [("v", "media=cdr80")],
                  wrapper=["valgrind", "--tool=callgrind", "--quiet",
                           f"--callgrind-out-file={out}"])
        try:
            shutil.copy(src, m.path("v", "tracks", "a.wav"))
            if burn:
                m.commit("v")
                m.wait_end("v", timeout=1800)
        finally:
            m.stop()
        return callgrind_total(out)

    with_burn = run("burn", True)
    without = run("noburn", False)
    ours = with_burn - without
    log(f"burnfs : {ours / sectors:10.0f} instructions per sector "
        f"(engine, drive model and image writing)")
    if not a.shim or not shutil.which("cdrskin"):
        log("cdrskin: skipped (no shim or no cdrskin)")
        return
    # Likewise: the burn minus a run that only inspects the drive (-atip).
    def cdrskin_run(name, args):
        out = os.path.join(work, f"{name}.callgrind")
        env = dict(os.environ)
        env["LD_PRELOAD"] = a.shim
        env["BURNFS_SHIM_DRIVE"] = os.path.join(work, f"{name}-disc")
        p = subprocess.run(["valgrind", "--tool=callgrind", "--quiet",
                            f"--callgrind-out-file={out}", "cdrskin",
                            "dev=/dev/sr0"] + args,
                           env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True)
        if p.returncode != 0:
            log(f"cdrskin {' '.join(args)} exited {p.returncode}")
        return callgrind_total(out)

    theirs = (cdrskin_run("cdrskin-burn", ["-tao", "-audio", src]) -
              cdrskin_run("cdrskin-atip", ["-atip"]))
    log(f"cdrskin: {theirs / sectors:10.0f} instructions per sector "
        f"(the burn's share, drive model in the shim)")
    if theirs:
        log(f"burnfs / cdrskin = {ours / theirs:.2f}")


BENCHES = {
    "staging": bench_staging,
    "converting": bench_converting,
    "engine": bench_engine,
    "paced": bench_paced,
    "drives": bench_drives,
    "cost": bench_cost,
    "instructions": bench_instructions,
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--burnfs", default=os.path.join(root, "build-ci", "fs",
                                                    "burnfs"))
    p.add_argument("--shim", default=os.path.join(
        root, "build-ci", "tests", "shim", "libburnfs-sgshim.so"))
    p.add_argument("--minutes", type=float, default=79)
    p.add_argument("--work", default=None,
                   help="scratch directory (default: a temporary one)")
    p.add_argument("bench", nargs="*", default=list(BENCHES))
    a = p.parse_args()
    if not os.path.exists(a.burnfs):
        raise SystemExit(f"no burnfs at {a.burnfs}: build first "
                         "(tools/test or meson setup build-ci)")
    if not os.path.exists(a.shim):
        a.shim = None
    for name in a.bench:
        if name not in BENCHES:
            raise SystemExit(f"unknown benchmark {name}; choose from "
                             f"{', '.join(BENCHES)}")
    for name in a.bench:
        with tempfile.TemporaryDirectory(dir=a.work,
                                         prefix=f"burnfs-bench-{name}-") as w:
            BENCHES[name](a, w)


if __name__ == "__main__":
    main()
