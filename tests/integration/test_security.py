"""Security: the spool is private (0700, per-drive directories too) even
when it existed with looser modes; with allow_other, default_permissions
is forced; control and action files are writable by the owner only."""

import os
import shutil
import stat
import tempfile

from burnfs_helpers import run


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_spool_private(burnfs, tmp_path):
    spool = tmp_path / "open-spool"
    spool.mkdir(mode=0o755)
    os.chmod(spool, 0o755)
    mnt = burnfs(extra_args=[f"--spool={spool}"])
    assert mode(spool) == 0o700
    subdirs = [p for p in spool.iterdir() if p.is_dir()]
    assert subdirs, list(spool.iterdir())
    for d in subdirs:
        assert mode(d) == 0o700, d
        for f in d.iterdir():
            assert not f.is_symlink(), f
            assert mode(f) & 0o077 == 0 or f.is_dir(), (f, oct(mode(f)))
    v1 = mnt.drive()
    # Writable by the owner and the drive's group, nobody else.
    assert mode(v1.file("commit")) == 0o220
    assert mode(v1.file("cancel")) == 0o220
    assert mode(v1.file("do_not_finalize")) == 0o664
    assert mode(v1.file("status")) == 0o444


def test_spool_of_another_user_refused(burnfs, tmp_path):
    spool = tmp_path / "foreign-spool"
    spool.mkdir()
    os.chown(spool, 12345, 12345)
    from conftest import Mount
    m = Mount(tmp_path, [("v1", str(tmp_path / "v1-disc"), "")], spool)
    try:
        m.start(timeout=10)
    except AssertionError as e:
        assert "belongs to uid 12345" in str(e), str(e)
    else:
        m.stop()
        raise AssertionError("burnfs used a spool owned by another user")


def test_allow_other_forces_default_permissions(burnfs):
    # Another user must be able to reach the mount point: not under
    # pytest's private temporary directory.
    base = tempfile.mkdtemp(prefix="burnfs-allow-other-", dir="/tmp")
    os.chmod(base, 0o755)
    try:
        check_allow_other(burnfs(extra_args=["-o", "allow_other"],
                                 base=base))
    finally:
        run(["fusermount3", "-u", "-z", os.path.join(base, "mnt")])
        shutil.rmtree(base, ignore_errors=True)


def check_allow_other(mnt):
    with open("/proc/self/mounts") as f:
        line = next(ln for ln in f if f" {mnt.mnt} " in ln)
    assert "allow_other" in line and "default_permissions" in line, line
    # Another user cannot write a control file or commit.
    v1 = mnt.drive()
    r = run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             "bash", "-c", f"echo 1 > '{v1.file('do_not_finalize')}'"])
    assert r.returncode != 0 and "Permission denied" in r.stderr, r
    r = run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             "bash", "-c", f"echo 1 > '{v1.file('commit')}'"])
    assert r.returncode != 0 and "Permission denied" in r.stderr, r
    assert v1.read("do_not_finalize").strip() == "0"
    # ... but may read the status files.
    r = run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             "cat", str(v1.file("status"))])
    assert r.returncode == 0 and "state: idle" in r.stdout, r
    # A member of the drive's group (for a virtual recorder: the group of
    # the user who mounted it) may set options.
    group = os.stat(v1.file("do_not_finalize")).st_gid
    r = run(["setpriv", "--reuid=65534", f"--regid={group}",
             "--clear-groups", "bash", "-c",
             f"echo 1 > '{v1.file('do_not_finalize')}'"])
    assert r.returncode == 0, r
    assert v1.read("do_not_finalize").strip() == "1"
