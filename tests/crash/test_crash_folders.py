"""Crash consistency of folders in tracks/: burnfs runs under strace
while a user makes a folder, copies a WAV and a cover image into it
(the image is kept aside) and renames the folder; every on-disk state a
power cut may leave in the spool (crash_model.py, as in
test_crash_states.py) is mounted and checked:

- burnfs mounts it and unmounts with status 0;
- what was acknowledged is there: once mkdir returned, the folder (under
  the name the rename gave it once mv returned, and never under both
  names); once a cp returned, its file in that folder with its bytes
  (the cover kept aside: an `aside:` line in toc, never a track);
- nothing half-written is shown: every file is whole, under a name a
  command gave it.
"""

import hashlib
import os
import time

import pytest

from burnfs_helpers import make_wav, quote
from crash_model import crash_points
from integration_conftest import Mount
from test_crash_states import (MOUNT_DEADLINE, Source, describe, record,
                               select, user_op)

BUDGET = int(os.environ.get("BURNFS_CRASH_STATES", "0")
             if os.environ.get("BURNFS_CRASH_EXHAUSTIVE") == "1" else "150")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def scenario(d, a, cover, ops):
    user_op(ops, "mkdir", f"mkdir {quote(d.tracks / 'Album')}")
    user_op(ops, "cp", f"cp {quote(a.path)} {quote(d.tracks / 'Album')}", a)
    user_op(ops, "cp", f"cp {quote(cover.path)} "
            f"{quote(d.tracks / 'Album')}", cover)
    user_op(ops, "mv", f"mv {quote(d.tracks / 'Album')} "
            f"{quote(d.tracks / 'Album 2')}")


def acked(ops, what, t, source=None):
    """(returned before t, started before t) of the first such op."""
    op = next(o for o in ops if o.what == what and
              (source is None or o.source is source))
    return op.end < t, op.start < t


def walk(tracks):
    """Every file below tracks/ as relative path -> sha256, and the
    folders."""
    files, dirs = {}, set()
    for root, dnames, fnames in os.walk(tracks):
        rel = os.path.relpath(root, tracks)
        for n in dnames:
            dirs.add(os.path.normpath(os.path.join(rel, n)))
        for n in fnames:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                files[os.path.normpath(os.path.join(rel, n))] = \
                    sha256(f.read())
    return files, dirs


def check(files, dirs, toc, sources, ops, t):
    errs = []
    mk_done, _ = acked(ops, "mkdir", t)
    mv_done, mv_started = acked(ops, "mv", t)
    folders = {"Album 2"} if mv_done else \
        {"Album", "Album 2"} if mv_started else {"Album"}
    if len(dirs & {"Album", "Album 2"}) > 1:
        errs.append(f"the folder is there under both names: {sorted(dirs)}")
    if mk_done and not dirs & folders:
        errs.append(f"mkdir returned, but no folder {sorted(folders)}: "
                    f"{sorted(dirs)}")
    if dirs - {"Album", "Album 2"}:
        errs.append(f"folders nobody made: {sorted(dirs)}")
    for path, sha in files.items():
        folder, _, name = path.rpartition("/")
        s = next((s for s in sources if s.name == name), None)
        if s is None or folder not in ("Album", "Album 2"):
            errs.append(f"tracks/{path}: no such file was copied")
        elif sha != s.sha:
            errs.append(f"tracks/{path}: not the bytes of {s.name} "
                        "(half-written shown)")
    for s in sources:
        done, _ = acked(ops, "cp", t, s)
        if done and not any(f"{f}/{s.name}" in files for f in folders):
            errs.append(f"{s.name}: cp returned, but it is not in "
                        f"{sorted(folders)}: {sorted(files)}")
    for path in files:
        if path.endswith("cover.jpg"):
            if f"aside: {path}: not audio, kept aside, not burnt" not in toc:
                errs.append(f"{path} is not shown kept aside in toc")
            if f"name={path}" in toc:
                errs.append(f"{path} is a track in toc")
    return errs


@pytest.mark.time_limit(1800)
def test_crash_states_of_a_folder(tmp_path, monkeypatch):
    t0 = time.monotonic()
    src = tmp_path / "src"
    src.mkdir()
    a = Source(src / "a.wav", "a.wav")
    make_wav(a.path, 60000, 440)
    cover = Source(src / "cover.jpg", "cover.jpg")
    cover.path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" +
                           bytes(range(256)) * 300)
    for s in (a, cover):
        s.sha = sha256(s.path.read_bytes())
    trace, ops = record(tmp_path, monkeypatch,
                        lambda d, ops: scenario(d, a, cover, ops))
    points = crash_points(trace, all_subsets_max=4, samples=3)
    chosen, distinct = select(trace, points, BUDGET)
    failures = []
    for n, (state, pts) in enumerate(chosen):
        base = tmp_path / f"s{n:05d}"
        root = base / "root"
        base.mkdir()
        state.materialize(trace, root)
        (root / "img").mkdir(exist_ok=True)
        m = Mount(base, [("v1", str(root / "img" / "v1-disc"), "")],
                  root / "spool")
        try:
            m.start(timeout=MOUNT_DEADLINE)
        except AssertionError as e:
            failures.append(f"state {n}: burnfs does not mount it: {e}")
            continue
        try:
            d = m.drive("v1")
            files, dirs = walk(d.tracks)
            toc = d.read("toc", timeout=MOUNT_DEADLINE)
        except BaseException as e:
            m.abandon()
            failures.append(f"state {n}: the mount does not answer: {e}")
            continue
        m.stop(timeout=MOUNT_DEADLINE)
        errs = set()
        for p in pts:
            errs.update(check(files, dirs, toc, (a, cover), ops, p.ts))
        failures += [f"{e}\n    state {n}: {describe(trace, pts[0], state)}"
                     for e in sorted(errs)]
    print(f"folder crash states: {len(trace.ops)} operations, "
          f"{len(points)} crash points, {distinct} distinct states, "
          f"{len(chosen)} mounted and checked in "
          f"{time.monotonic() - t0:.1f} s")
    assert len(chosen) > 20, f"only {len(chosen)} states"
    assert not failures, f"{len(failures)} failures in {len(chosen)} " \
        "states:\n" + "\n".join(failures[:20])
