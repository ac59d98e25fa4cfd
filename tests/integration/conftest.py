"""Fixtures of the burnfs integration suite.

`burnfs` is a factory fixture: each call mounts the executable named by
$BURNFS in the foreground (-f) with one or more virtual recorders under a
fresh temporary directory, and waits with a deadline until the mount is
live.  At the end of the test every mount still up is unmounted with
fusermount3 -u, the process must exit with status 0, and its stderr must
hold no AddressSanitizer / LeakSanitizer / UndefinedBehaviorSanitizer /
ThreadSanitizer report.

Every test also runs under a timeout guard (SIGALRM): a test that takes
longer than its limit (default 120 s, @pytest.mark.time_limit(N) to
change) fails instead of hanging the suite.
"""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from burnfs_helpers import cat, quote, read_kv, run, sh, wait_for

BURNFS = os.environ.get("BURNFS", "")
# When set (the path of libburnfs-sgshim.so), every mount reaches its
# recorder as a real drive: burnfs --drive=/dev/sr0 through the SG_IO
# transport, with the sg shim presenting the virtual recorder as /dev/sr0.
SG_SHIM = os.environ.get("BURNFS_SG_SHIM", "")
DEFAULT_TIME_LIMIT = 120
# burnfs and burnfsctl send desktop notifications to the session bus:
# the suite never notifies the desktop it runs in.  Tests that want a bus
# start their own (test_desktop_notify.py) and set this again.
os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/burnfs-tests"

SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "SUMMARY: AddressSanitizer",
    "SUMMARY: UndefinedBehaviorSanitizer",
    "runtime error:",
    # data races, lock-order inversions, unsafe calls in signal handlers
    "WARNING: ThreadSanitizer",
    # a crash (SEGV, abort) in a ThreadSanitizer build
    "ERROR: ThreadSanitizer",
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "time_limit(seconds): per-test timeout guard")
    config.addinivalue_line(
        "markers", "not_through_shim(why): the test is left out (deselected, "
        "not skipped) when the suite runs through the sg shim")


def pytest_sessionstart(session):
    if not BURNFS:
        raise pytest.UsageError(
            "BURNFS is not set: run the suite with `meson test` or "
            "BURNFS=<build>/fs/burnfs")


# BURNFS_SHARD=K/N: run only every N-th test, starting with the K-th (in
# pytest's order), so that meson can run a suite as N tests side by side
# (tests/integration/meson.build).  Unset: every test.
SHARD = os.environ.get("BURNFS_SHARD", "")


def pytest_collection_modifyitems(config, items):
    # Through the sg shim, the tests marked not_through_shim are left out:
    # they are not meant for that run (a skip would look like a check
    # that did not happen).
    if SG_SHIM:
        out = [it for it in items if it.get_closest_marker("not_through_shim")]
        if out:
            config.hook.pytest_deselected(items=out)
            items[:] = [it for it in items if it not in out]
    if not SHARD:
        return
    k, n = (int(x) for x in SHARD.split("/"))
    if not 1 <= k <= n:
        raise pytest.UsageError(f"BURNFS_SHARD={SHARD}: want K/N, 1<=K<=N")
    keep = [it for i, it in enumerate(items) if i % n == k - 1]
    config.hook.pytest_deselected(
        items=[it for i, it in enumerate(items) if i % n != k - 1])
    items[:] = keep


_passed = 0


def pytest_runtest_logreport(report):
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session, exitstatus):
    # A run in which nothing passed (everything skipped or deselected)
    # must not look like success.
    if exitstatus == 0 and _passed == 0:
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


class TimeLimitExceeded(Exception):
    pass


@pytest.fixture(autouse=True)
def time_limit(request):
    marker = request.node.get_closest_marker("time_limit")
    seconds = marker.args[0] if marker else DEFAULT_TIME_LIMIT

    def expired(signum, frame):
        raise TimeLimitExceeded(f"test exceeded its time limit of {seconds}s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def sanitizer_report(text):
    """The first sanitizer marker found in text, or None."""
    for m in SANITIZER_MARKERS:
        if m in text:
            return m
    return None


class Drive:
    """One drive directory of a mounted burnfs."""

    def __init__(self, mount, name, image):
        self.mount = mount
        self.name = name
        self.image = Path(image)  # prefix of IMAGE.bin/.cue/.nrg/.state
        # Through the sg shim the drive is /dev/sr0, so its directory is sr0
        # (tests name the directory through self.path, never by name).
        self.path = mount.mnt / ("sr0" if SG_SHIM else name)
        self.tracks = self.path / "tracks"

    def file(self, name):
        return self.path / name

    def read(self, name, timeout=30):
        return cat(self.file(name), timeout=timeout)

    def kv(self, name):
        return read_kv(self.file(name))

    def write(self, name, value, shell="bash"):
        """`echo VALUE > FILE` in the given shell; returns the result."""
        return sh(f"echo {value} > {quote(self.file(name))}", shell=shell)

    def state(self):
        return self.kv("status").get("state")

    def wait_state(self, wanted, timeout=120):
        """Waits until status says one of `wanted` (a string or tuple);
        fails early when the job ends in another final state."""
        wanted = (wanted,) if isinstance(wanted, str) else tuple(wanted)
        final = {"done", "failed", "cancelled"}
        seen = {}

        def check():
            kv = self.kv("status")
            seen.clear()
            seen.update(kv)
            st = kv.get("state")
            if st in wanted:
                return st
            if st in final and not final & set(wanted) - {st}:
                raise AssertionError(
                    f"{self.name}: burn ended in state {st!r} while "
                    f"waiting for {wanted}; status: {kv}; log:\n"
                    + self.read("log"))
            return None

        try:
            return wait_for(check, timeout, what=f"state {wanted}")
        except AssertionError as e:
            if "timed out" in str(e):
                raise AssertionError(f"{e}; last status: {seen}") from None
            raise

    def log(self):
        return self.read("log")


class Mount:
    """A burnfs process serving one mount point."""

    def __init__(self, base, drives, spool, extra_args=()):
        self.base = Path(base)
        self.mnt = self.base / "mnt"
        self.spool = Path(spool)
        self.drive_specs = drives  # [(name, image, keys)]
        self.extra_args = list(extra_args)
        self.proc = None
        self.runs = 0
        self.stderr_path = None
        self.drives = {name: Drive(self, name, image)
                       for name, image, _ in drives}

    def drive(self, name=None):
        if name is None:
            name = self.drive_specs[0][0]
        return self.drives[name]

    def argv(self):
        argv = [BURNFS, "-f"]
        if SG_SHIM:
            argv.append("--drive=/dev/sr0")
        else:
            for name, image, keys in self.drive_specs:
                spec = f"{name}:{image}" + (f",{keys}" if keys else "")
                argv.append(f"--virtual={spec}")
        argv.append(f"--spool={self.spool}")
        argv += self.extra_args
        argv.append(str(self.mnt))
        return argv

    def start(self, timeout=30):
        assert os.path.exists(BURNFS), f"burnfs executable not built: {BURNFS}"
        self.mnt.mkdir(exist_ok=True)
        self.runs += 1
        self.stderr_path = self.base / f"burnfs-{self.runs}.stderr"
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS",
                       "detect_leaks=1:abort_on_error=1:halt_on_error=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        if SG_SHIM:
            (name, image, keys), = self.drive_specs
            env["LD_PRELOAD"] = SG_SHIM
            env["BURNFS_SHIM_DRIVE"] = image + (f",{keys}" if keys else "")
            # The shim is preloaded ahead of the sanitizer runtime.
            env["ASAN_OPTIONS"] += ":verify_asan_link_order=0"
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                self.argv(), stdin=subprocess.DEVNULL, stdout=err,
                stderr=subprocess.STDOUT, env=env)

        def live():
            if self.proc.poll() is not None:
                return "exited"
            return os.path.ismount(self.mnt) and "mounted"

        state = wait_for(live, timeout, what=f"mount at {self.mnt}")
        if state == "exited":
            rc = self.proc.returncode
            self.proc = None
            raise AssertionError(f"burnfs exited with {rc} before mounting:"
                                 f"\n{self.stderr_text()}")
        return self

    def stderr_text(self):
        if self.stderr_path and self.stderr_path.exists():
            return self.stderr_path.read_text(errors="replace")
        return ""

    def running(self):
        return self.proc is not None

    def stop(self, timeout=60):
        """Unmounts, waits for the process and checks how it ended."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        last = None

        def unmounted():
            nonlocal last
            if not os.path.ismount(self.mnt):
                return True
            last = run(["fusermount3", "-u", str(self.mnt)], timeout=30)
            return last.returncode == 0

        try:
            wait_for(unmounted, timeout, interval=0.2, what="unmount")
            rc = proc.wait(timeout=timeout)
        except BaseException:
            run(["fusermount3", "-u", "-z", str(self.mnt)], timeout=30)
            proc.kill()
            proc.wait(timeout=30)
            raise
        text = self.stderr_text()
        marker = sanitizer_report(text)
        assert marker is None, \
            f"sanitizer report ({marker}) in burnfs stderr:\n{text}"
        assert rc == 0, f"burnfs exited with status {rc}; stderr:\n{text}" \
            + (f"\nlast fusermount3: {last.stderr}" if last else "")

    def restart(self):
        self.stop()
        return self.start()

    def abandon(self):
        """Best-effort teardown after a failure: never raises; shows the
        end of burnfs's stderr in the test report."""
        if self.proc is None:
            return
        print(f"--- burnfs stderr ({self.stderr_path}), last 4000 bytes:")
        print(self.stderr_text()[-4000:])
        try:
            run(["fusermount3", "-u", "-z", str(self.mnt)], timeout=30)
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture
def burnfs(tmp_path, request):
    """Factory: burnfs(drives=[('v1', 'cdr80 keys')], ...) -> Mount.

    drives: list of (name, keys) or names; each drive's image is
    <tmp>/<name>-disc.  Keys are the virtual recorder's comma-separated
    key=value options."""
    mounts = []

    def start(drives=("v1",), extra_args=(), base=None):
        specs = []
        base = Path(base) if base else tmp_path / f"m{len(mounts)}"
        base.mkdir(exist_ok=True)
        for d in drives:
            name, keys = (d, "") if isinstance(d, str) else d
            specs.append((name, str(base / f"{name}-disc"), keys))
        if SG_SHIM and len(specs) != 1:
            pytest.skip("the sg shim presents exactly one drive")
        m = Mount(base, specs, base / "spool", extra_args)
        mounts.append(m)
        return m.start()

    yield start

    errors = []
    for m in mounts:
        if not m.running():
            continue
        if request.node.rep_call_failed():
            m.abandon()
            continue
        try:
            m.stop()
        except AssertionError as e:
            errors.append(str(e))
    if errors:
        pytest.fail("\n".join(errors))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call_failed = lambda: rep.failed
    elif not hasattr(item, "rep_call_failed"):
        item.rep_call_failed = lambda: True


@pytest.fixture
def mnt(burnfs):
    """A burnfs mount with one blank virtual CD-R 80 named v1."""
    return burnfs()


@pytest.fixture
def v1(mnt):
    return mnt.drive("v1")
