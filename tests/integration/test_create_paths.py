"""Every way a create in tracks/ can end frees what it took: the track's
handle and its reference to the staged file.

A create is refused before any handle exists (wrong place, read-only
disc/, a control file, a name too long), refused by the staging area
after the handle was taken (a name already staged with O_EXCL, a 100th
track), ends at once (mknod of a regular file), or succeeds and is
closed.  And a created file can still be open when the mount goes away:
after `fusermount3 -u -z` the kernel ends the connection at the last
close without sending the release, so burnfs must close at exit what it
never heard released, as a release would (a copy written to its end is
checked and staged; one never finished is set aside at the next mount,
as after a crash).

The fixture checks how burnfs ends: status 0 and, in the sanitizer
builds, no LeakSanitizer report.  The lazy-unmount case leaked a create's
handle (and the staged track it held) before burnfs closed unreleased
handles at exit; LeakSanitizer then failed the test."""

import errno
import os
import stat

import pytest

from burnfs_helpers import SECTOR_FRAMES, ls, make_wav, run, wait_for

WRITE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def create_errno(path, flags=WRITE_NEW):
    """The errno a create of path ends with, or 0 (closed again)."""
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as e:
        return e.errno
    os.close(fd)
    return 0


def test_refused_creates_keep_nothing(v1, tmp_path):
    wav = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440)
    with open(v1.tracks / "a.wav", "wb") as f:
        f.write(wav.read_bytes())
    # Refused before a handle exists.
    assert create_errno(v1.path / "new.wav") == errno.EACCES
    assert create_errno(v1.path / "disc" / "x.wav") == errno.EROFS
    assert create_errno(v1.path / "commit") == errno.EEXIST
    assert create_errno(v1.path / "tracks" / "nodir" / "x.wav") == \
        errno.ENOENT
    # Refused by the staging area, after the handle was taken.
    assert create_errno(v1.tracks / "a.wav") == errno.EEXIST
    assert create_errno(v1.tracks / ("x" * 300)) == errno.ENAMETOOLONG
    # mknod(2) of a regular file: created, not opened.
    os.mknod(v1.tracks / "empty.wav", stat.S_IFREG | 0o644)
    # Created, written, closed: a track.
    with open(v1.tracks / "b.wav", "wb") as f:
        f.write(wav.read_bytes())
    assert sorted(ls(v1.tracks)) == ["a.wav", "b.wav", "empty.wav"]
    # A 100th track: refused once the handle is taken.
    for i in range(96):
        assert create_errno(v1.tracks / f"{i:02d}.wav") == 0
    assert len(ls(v1.tracks)) == 99
    assert create_errno(v1.tracks / "100.wav") == errno.ENOSPC
    assert "100.wav: refused, a CD holds at most 99 tracks" in v1.log()
    assert len(ls(v1.tracks)) == 99
    # The fixture unmounts and checks burnfs's exit and its stderr.


@pytest.mark.time_limit(120)
def test_created_file_open_at_a_lazy_unmount(burnfs, tmp_path):
    mount = burnfs()
    v1 = mount.drive()
    wav = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440).read_bytes()
    # Two creates left open: one written in part, one not written.
    half = os.open(v1.tracks / "half.wav", WRITE_NEW, 0o644)
    blank = os.open(v1.tracks / "blank.wav", WRITE_NEW, 0o644)
    try:
        os.write(half, wav[:len(wav) // 2])
        r = run(["fusermount3", "-u", "-z", str(mount.mnt)])
        assert r.returncode == 0, r.stderr
        assert not os.path.ismount(mount.mnt)
        os.write(half, wav[len(wav) // 2:])
        assert mount.proc.poll() is None, "burnfs exited with a file open"
    finally:
        os.close(blank)
        os.close(half)
    # The last user let go: burnfs exits by itself, status 0, and has
    # nothing left allocated (LeakSanitizer in the sanitizer builds).
    wait_for(lambda: mount.proc.poll() is not None, 60,
             what="burnfs to exit")
    text = mount.stderr_text()
    assert "LeakSanitizer" not in text, text
    mount.stop()  # status 0, no sanitizer report
    # What the spool holds is judged at the next mount: the copy written
    # to its end was checked when burnfs closed it at exit and is a
    # track; the one never written is set aside, its bytes kept.
    mount.start()
    v1 = mount.drive()
    assert ls(v1.tracks) == ["half.wav"]
    assert (v1.tracks / "half.wav").read_bytes() == wav
    log = v1.log()
    assert "blank.wav: its copy was never finished" in log, log
    assert "unfinished" in v1.read("toc")
