"""The crash model on small hand-written strace logs: what it reads from
strace's text (escapes, descriptor paths, calls cut in two by another
thread), which operations each fsync makes durable, and which states a
crash may leave: an atomic replacement (write, fsync, rename, fsync of
the directory) leaves the old or the new file, never a mix; a write that
no fsync covers may be lost, torn or left as zeros.  No burnfs involved.
"""

import os

import pytest

from crash_model import State, Trace, TraceError, crash_points, unescape


def write_log(tmp_path, lines):
    """A log in strace -f -ttt's form; a line may start with "2: " for
    a second thread."""
    log = tmp_path / "log"
    out = []
    for i, ln in enumerate(lines):
        tid = 100
        if ln.startswith("2: "):
            tid, ln = 200, ln[3:]
        out.append(f"{tid} 1000.{i:06d} {ln}\n")
    log.write_text("".join(out))
    return log


def files(trace, state, tmp_path, n=[0]):
    n[0] += 1
    dest = tmp_path / f"state{n[0]}"
    state.materialize(trace, dest)
    out = {}
    for dirpath, _, names in os.walk(dest):
        for name in names:
            p = os.path.join(dirpath, name)
            out[os.path.relpath(p, dest)] = open(p, "rb").read()
    return out


def all_states(trace, tmp_path):
    seen = []
    for p in crash_points(trace, all_subsets_max=8):
        for s in p.states:
            f = files(trace, s, tmp_path)
            if f not in seen:
                seen.append(f)
    return seen


def test_atomic_replacement_leaves_old_or_new(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "f").write_bytes(b"old")
    r = str(root)
    trace = Trace(root)
    log = write_log(tmp_path, [
        f'openat(AT_FDCWD</>, "{r}/f.tmp", O_WRONLY|O_CREAT|O_TRUNC, 0600)'
        f" = 3<{r}/f.tmp>",
        f'write(3<{r}/f.tmp>, "new\\n\\x01", 5) = 5',
        f"fsync(3<{r}/f.tmp>) = 0",
        f"close(3<{r}/f.tmp>) = 0",
        f'rename("{r}/f.tmp", "{r}/f") = 0',
        f'openat(AT_FDCWD</>, "{r}", O_RDONLY|O_DIRECTORY) = 4<{r}>',
        f"fsync(4<{r}>) = 0",
    ])
    trace.read(log)
    assert [o.kind for o in trace.ops] == ["names", "write", "sync",
                                           "names", "sync"]
    finals = {s.get("f") for s in all_states(trace, tmp_path)}
    assert finals == {b"old", b"new\n\x01"}
    # After the directory's fsync only the new file is left.
    last = crash_points(trace)[-1]
    assert {files(trace, s, tmp_path).get("f") for s in last.states} == \
        {b"new\n\x01"}


def test_unsynced_write_may_be_lost_torn_or_zeros(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "a").write_bytes(b"")
    r = str(root)
    trace = Trace(root)
    data = "".join(f"\\x{b:02x}" for b in b"\x07" * (70 * 1024))
    log = write_log(tmp_path, [
        f'openat(AT_FDCWD</>, "{r}/a", O_RDWR) = 5<{r}/a>',
        f'pwrite64(5<{r}/a>, "{data}", {70 * 1024}, 0 <unfinished ...>',
        '2: close(9</elsewhere>) = 0',
        f"<... pwrite64 resumed>) = {70 * 1024}",
    ])
    trace.read(log)
    # Torn at 64 KiB: two pieces.
    assert [(o.off, len(o.data)) for o in trace.ops] == \
        [(0, 65536), (65536, 6144)]
    got = {len(s.get("a", b"")): s.get("a") for s in
           all_states(trace, tmp_path)}
    assert sorted(got) == [0, 65536, 70 * 1024]
    full = {s.get("a") for s in all_states(trace, tmp_path)
            if len(s.get("a", b"")) == 70 * 1024}
    assert b"\x07" * 70 * 1024 in full            # all there
    assert bytes(70 * 1024) in full               # size only: zeros
    assert b"\x07" * 65536 + bytes(6144) in full  # torn, tail zeros


def test_fsync_covers_only_its_own_file_and_what_completed(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    r = str(root)
    trace = Trace(root)
    log = write_log(tmp_path, [
        f'openat(AT_FDCWD</>, "{r}/x", O_WRONLY|O_CREAT, 0600) = 3<{r}/x>',
        f'openat(AT_FDCWD</>, "{r}/y", O_WRONLY|O_CREAT, 0600) = 4<{r}/y>',
        f'write(3<{r}/x>, "1", 1) = 1',
        f"fsync(3<{r}/x> <unfinished ...>",
        f'2: write(4<{r}/y>, "2", 1) = 1',
        f'2: write(3<{r}/x>, "3", 1) = 1',
        "<... fsync resumed>) = 0",
    ])
    trace.read(log)
    sync = next(o for o in trace.ops if o.kind == "sync")
    # The write to x that completed before the fsync started, only.
    assert [trace.ops[i].text for i in sorted(sync.covers)] == \
        ["write x 1@0"]
    # Neither file's name is durable: no fsync of the directory.
    assert trace.pending(len(trace.ops))[:2] == [0, 1]


def test_strace_text():
    assert unescape(r"a\"b\\c\n\t\x00\177") == b'a"b\\c\n\t\x00\x7f'
    assert unescape(r"\x52\x49\x46\x46") == b"RIFF"


def test_cut_buffer_is_refused(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    r = str(root)
    trace = Trace(root)
    log = write_log(tmp_path, [
        f'openat(AT_FDCWD</>, "{r}/x", O_WRONLY|O_CREAT, 0600) = 3<{r}/x>',
        f'write(3<{r}/x>, "abc"..., 9) = 9',
    ])
    with pytest.raises(TraceError):
        trace.read(log)


def test_state_key_is_what_it_keeps():
    assert State(frozenset({1, 2})).key() == State(frozenset({2, 1})).key()
