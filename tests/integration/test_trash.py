"""The trash (FreeDesktop trash specification) on a burnfs mount, driven
with GIO's own tools: `gio trash` moves a staged track or folder into
$mount/.Trash-$uid/files (unstaged, spool data kept), `gio trash --list`
and `gio trash --restore trash:///...` (through gvfsd, on a D-Bus
session of the test's own) put it back and stage it again, `gio trash
--empty` frees it from the spool; the trash survives a remount."""

import os
import re

from burnfs_helpers import SECTOR_FRAMES, make_wav, quote, run, sh


def gio_session(script, timeout=60):
    """Runs script with a D-Bus session of its own (gvfsd's trash
    backend serves trash:///)."""
    r = run(["dbus-run-session", "--", "sh", "-c", script], timeout=timeout)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def trash_list(mnt_root):
    """(trash URI, original path) of the items gio lists for this mount."""
    out = gio_session("gio trash --list")
    items = []
    for line in out.splitlines():
        uri, _, orig = line.partition("\t")
        if orig.startswith(str(mnt_root) + "/"):
            items.append((uri, orig))
    return items


def staged_names(drive):
    return re.findall(r"^track\d+: staged .* name=(.*)$", drive.read("toc"),
                      re.M)


def test_gio_trash_restore_empty(burnfs, tmp_path):
    m = burnfs()
    v1 = m.drive()
    album = tmp_path / "Album"
    album.mkdir()
    make_wav(album / "1 a.wav", 300 * SECTOR_FRAMES, 440)
    make_wav(album / "2 b.wav", 310 * SECTOR_FRAMES, 550)
    (album / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(3000))
    single = make_wav(tmp_path / "9 single.wav", 320 * SECTOR_FRAMES, 660)
    r = sh(f"cp -r {quote(album)} {quote(single)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr
    uid = os.getuid()
    trash = m.mnt / f".Trash-{uid}"

    # GIO says the files can be trashed (one confirmation, not "delete
    # permanently?")
    r = run(["gio", "info", "-a", "access::can-trash",
             str(v1.tracks / "9 single.wav")])
    assert "access::can-trash: TRUE" in r.stdout, r.stdout + r.stderr

    r = run(["gio", "trash", str(v1.tracks / "9 single.wav"),
             str(v1.tracks / "Album")])
    assert r.returncode == 0, r.stderr + v1.log()
    assert os.listdir(v1.tracks) == []
    assert staged_names(v1) == []
    st = os.stat(trash)
    assert st.st_uid == uid and st.st_mode & 0o777 == 0o700
    assert sorted(os.listdir(trash / "files")) == ["9 single.wav", "Album"]
    assert sorted(os.listdir(trash / "files" / "Album")) == \
        ["1 a.wav", "2 b.wav", "cover.jpg"]
    info = (trash / "info" / "Album.trashinfo").read_text()
    assert f"Path={v1.path.name}/tracks/Album" in info, info
    assert "9 single.wav: moved to the trash, unstaged" in v1.log()
    # trashed files still read back
    assert (trash / "files" / "9 single.wav").read_bytes() == \
        single.read_bytes()

    # the trash is spool data: it survives a remount
    m.restart()
    assert sorted(os.listdir(trash / "files")) == ["9 single.wav", "Album"]
    items = dict((orig, uri) for uri, orig in trash_list(m.mnt))
    assert set(items) == {str(v1.tracks / "9 single.wav"),
                          str(v1.tracks / "Album")}, items

    # restore the folder: staged again, in order, without a new check
    gio_session(f"gio trash --restore {quote(items[str(v1.tracks / 'Album')])}")
    assert staged_names(v1) == ["Album/1 a.wav", "Album/2 b.wav"]
    assert "Album: restored from the trash, staged again" in v1.log()
    assert "aside: Album/cover.jpg: not audio, kept aside, not burnt" in \
        v1.read("toc")
    assert os.listdir(trash / "files") == ["9 single.wav"]

    # empty the trash: the spool lets the trashed file go
    spool = m.spool / v1.path.name
    before = len([n for n in os.listdir(spool) if n.endswith(".audio")])
    gio_session("gio trash --empty")
    assert os.listdir(trash / "files") == []
    assert os.listdir(trash / "info") == []
    after = len([n for n in os.listdir(spool) if n.endswith(".audio")])
    assert after == before - 1, (before, after)
    assert staged_names(v1) == ["Album/1 a.wav", "Album/2 b.wav"]


def test_trash_by_rename_and_refusals(burnfs, tmp_path):
    m = burnfs()
    v1 = m.drive()
    a = make_wav(tmp_path / "a.wav", 300 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(a)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr
    uid = os.getuid()
    # only .Trash-<the caller's uid> can be made at the root
    r = sh(f"mkdir {quote(m.mnt / f'.Trash-{uid + 1}')}")
    assert r.returncode != 0, r.stderr
    r = sh(f"mkdir {quote(m.mnt / 'other')}")
    assert r.returncode != 0, r.stderr
    trash = m.mnt / f".Trash-{uid}"
    r = sh(f"mkdir {quote(trash)} && mkdir -p {quote(trash / 'files')} "
           f"{quote(trash / 'info')}")
    assert r.returncode == 0, r.stderr
    # mv into files/ unstages, mv back stages again
    r = sh(f"mv {quote(v1.tracks / 'a.wav')} {quote(trash / 'files')}/")
    assert r.returncode == 0, r.stderr
    assert staged_names(v1) == []
    r = sh(f"mv {quote(trash / 'files' / 'a.wav')} "
           f"{quote(v1.tracks / 'b.wav')}")
    assert r.returncode == 0, r.stderr
    assert staged_names(v1) == ["b.wav"]
    # info/ holds plain files, kept in the spool
    (trash / "info" / "x.trashinfo").write_text("[Trash Info]\n")
    os.rename(trash / "info" / "x.trashinfo", trash / "info" / "y.trashinfo")
    assert os.listdir(trash / "info") == ["y.trashinfo"]
    m.restart()
    assert (trash / "info" / "y.trashinfo").read_text() == "[Trash Info]\n"
    os.unlink(trash / "info" / "y.trashinfo")
    assert os.listdir(trash / "info") == []
