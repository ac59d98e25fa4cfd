"""A spool drive directory and a virtual recorder's image belong to one
burnfs at a time: a second daemon on the same spool (and drive name) or
the same IMAGE is refused at start-up with a message naming the path and
the process holding it, and exits non-zero; the lock of a process that
died is taken over."""

import os
import subprocess

from burnfs_helpers import run, wait_for
from conftest import BURNFS


def start(argv, base, tag):
    """Starts burnfs -f with argv; returns (proc, stderr path)."""
    err = base / f"{tag}.stderr"
    mnt = base / f"mnt-{tag}"
    mnt.mkdir(exist_ok=True)
    with open(err, "wb") as f:
        p = subprocess.Popen([BURNFS, "-f", *argv, str(mnt)],
                             stdin=subprocess.DEVNULL, stdout=f,
                             stderr=subprocess.STDOUT)
    return p, err, mnt


def wait_mounted(p, mnt, err):
    state = wait_for(lambda: "exited" if p.poll() is not None
                     else os.path.ismount(mnt) and "mounted", 30,
                     what=f"mount at {mnt}")
    assert state == "mounted", err.read_text(errors="replace")


def stop(p, mnt):
    if os.path.ismount(mnt):
        run(["fusermount3", "-u", str(mnt)], timeout=30)
    try:
        return p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        return p.wait(timeout=30)


def refused(argv, base, tag):
    """The second daemon: it must exit non-zero without mounting."""
    p, err, mnt = start(argv, base, tag)
    try:
        rc = p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        rc = None
    mounted = os.path.ismount(mnt)
    text = err.read_text(errors="replace")
    if rc is None or mounted:
        stop(p, mnt)
    assert rc not in (None, 0) and not mounted, \
        f"a second burnfs was allowed to start: rc={rc}, stderr:\n{text}"
    return text


def test_second_daemon_on_one_spool_is_refused(tmp_path):
    spool = tmp_path / "spool"
    a, aerr, amnt = start([f"--virtual=v:{tmp_path}/disc-a",
                           f"--spool={spool}"], tmp_path, "a")
    try:
        wait_mounted(a, amnt, aerr)
        text = refused([f"--virtual=v:{tmp_path}/disc-b",
                        f"--spool={spool}"], tmp_path, "b")
        assert str(spool / "v") in text, text
        assert f"process {a.pid} (burnfs)" in text, text
    finally:
        assert stop(a, amnt) == 0
    # The lock of a process that is gone is taken over.
    a2, a2err, a2mnt = start([f"--virtual=v:{tmp_path}/disc-b",
                              f"--spool={spool}"], tmp_path, "a2")
    wait_mounted(a2, a2mnt, a2err)
    assert stop(a2, a2mnt) == 0


def test_second_daemon_on_one_image_is_refused(tmp_path):
    image = tmp_path / "disc"
    a, aerr, amnt = start([f"--virtual=v:{image}",
                           f"--spool={tmp_path}/spool-a"], tmp_path, "a")
    try:
        wait_mounted(a, amnt, aerr)
        text = refused([f"--virtual=w:{image}",
                        f"--spool={tmp_path}/spool-b"], tmp_path, "b")
        assert str(image) in text, text
        assert f"process {a.pid} (burnfs)" in text, text
    finally:
        assert stop(a, amnt) == 0


def test_lock_of_a_killed_daemon_is_taken_over(tmp_path):
    image, spool = tmp_path / "disc", tmp_path / "spool"
    argv = [f"--virtual=v:{image}", f"--spool={spool}"]
    a, aerr, amnt = start(argv, tmp_path, "a")
    wait_mounted(a, amnt, aerr)
    a.kill()
    a.wait(timeout=30)
    run(["fusermount3", "-u", "-z", str(amnt)], timeout=30)
    b, berr, bmnt = start(argv, tmp_path, "b")
    wait_mounted(b, bmnt, berr)
    assert stop(b, bmnt) == 0
