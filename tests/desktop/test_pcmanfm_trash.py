"""A staged track moved to the trash with the Delete key in PCManFM, and
restored from PCManFM's trash, on a private X display and session bus.

libfm's own trash settings hold (the trash on, "Do you want to move the
file '...' to trash can?" asked first): the test counts the dialogs a
person sees.

1. a track and a folder of two tracks are copied into the drive's
   tracks/ (cp) and staged; GIO says the track can be trashed
   (`gio info -a access::can-trash,trash::`, kept as an artefact);
2. PCManFM shows tracks/; the track is clicked (the status bar names
   it) and Delete pressed; at most one dialog appears, and it speaks of
   the trash, not of deleting (permanently or not); "Yes" is clicked;
3. without a reload (no F5) the track leaves PCManFM's view of tracks/,
   `toc` no longer lists it (the folder's tracks stay staged), and it is
   in <mount>/.Trash-0/files/ with its .trashinfo in info/;
4. a PCManFM window on trash:/// (gvfsd-trash, activated on the private
   bus) shows it; its context menu's "Restore" puts it back: PCManFM's
   view of tracks/ shows it, `toc` lists it staged again, the trash is
   empty.

Where the mount point lies matters to libfm: a mount GIO shows (one
under /media, /run/media/$USER or $HOME; burnfs's README mounts at
/media/burn) is "removable media" to libfm, and with its preference
no_usb_trash (PCManFM: Preferences > General, "Erase files on removable
media instead of "trash can" creation"), on by default, PCManFM moves
nothing there to the trash: after the trash question it asks "Some
files cannot be moved to trash can because the underlying file systems
don't support this operation. Do you want to delete them instead?".  So
the test runs twice: burnfs mounted where GIO shows no mount (as
/mnt/burn; the test's own directory), with all of libfm's defaults, and
mounted in the desktop's HOME (~/burn, shown as /media/burn is) with
that preference off.  test_libfm_erases_on_a_mount_gio_shows keeps the
default's two questions in view: answered No, the track stays staged.

Screenshots of each step are artefacts in meson's log directory.
"""

import os
import re

import pytest

from burnfs_helpers import SECTOR_FRAMES, make_wav, quote, run, sh, wait_for
from pcmanfm_ui import PCManFM

TRACK = "Song.wav"
FOLDER = "Album"
FOLDER_TRACKS = ["1 a.wav", "2 b.wav"]
TRASH_TITLE = "trash:///"  # PCManFM titles the trash window with its URI
STEP_TIMEOUT = 30


def staged_names(drive):
    return re.findall(r"^track\d+: staged .* name=(.*)$", drive.read("toc"),
                      re.M)


def gio_info(desktop, path):
    """What GIO's trash lookup says of path, on the desktop's bus."""
    r = run(["gio", "info", "-a", "access::can-trash,trash::,unix::device",
             str(path)], env=desktop.env(), timeout=30)
    return r.stdout + r.stderr


def dialog_key(d):
    return (d["title"], tuple(d["texts"]))


def all_staged():
    return sorted([TRACK] + [f"{FOLDER}/{n}" for n in FOLDER_TRACKS])


def stage(burnfs, desktop, tmp_path, base):
    """Mounts burnfs at <base>/mnt, copies the track and the folder into
    tracks/; returns (mount, drive, source folder, GIO's info)."""
    music = tmp_path / "music"
    (music / FOLDER).mkdir(parents=True)
    for k, name in enumerate(FOLDER_TRACKS):
        make_wav(music / FOLDER / name, 300 * SECTOR_FRAMES, 440 + 110 * k)
    make_wav(music / TRACK, 320 * SECTOR_FRAMES, 660)
    mount = burnfs(base=base)
    drive = mount.drive()
    r = sh(f"cp -r {quote(music / TRACK)} {quote(music / FOLDER)} "
           f"{quote(drive.tracks)}")
    assert r.returncode == 0, r.stderr
    assert sorted(staged_names(drive)) == all_staged()
    # What GIO finds: the evidence a failure below needs.
    info = gio_info(desktop, drive.tracks / TRACK)
    (desktop.artefacts / "gio-info.txt").write_text(info)
    assert "access::can-trash: TRUE" in info, info
    return mount, drive, music, info


class Dialogs:
    """The distinct dialogs PCManFM shows, in order, as the view is
    looked at."""

    def __init__(self, fm):
        self.fm = fm
        self.seen = []

    def look(self):
        v = self.fm.view()
        for d in v["dialogs"]:
            if dialog_key(d) not in map(dialog_key, self.seen):
                self.seen.append(d)
        return v

    def texts(self):
        return [d["texts"] for d in self.seen]

    def answer_all(self, label):
        """Answers every dialog still shown (so that PCManFM, out of
        its nested main loop, ends at SIGTERM)."""
        for d in (self.fm.last_view or {}).get("dialogs", []):
            try:
                self.fm.answer(d, label)
            except AssertionError:
                pass


def open_and_delete(fm, desktop, drive):
    """Opens tracks/, selects the track, presses Delete; returns the
    window's title and the Dialogs seen until a question or the track's
    leaving the view."""
    tracks = fm.open(drive.tracks, 0)
    fm.wait_view(lambda v: {TRACK, FOLDER} <= set(fm.names(tracks) or []),
                 "the staged track and folder in tracks/")
    desktop.screenshot("staged")
    fm.select(tracks, TRACK)
    fm.wait_view(lambda v: TRACK in (fm.window(tracks, v)["status"] or ""),
                 f"{TRACK!r} selected (the status bar names it)")
    fm.key("Delete")
    dialogs = Dialogs(fm)
    wait_for(lambda: dialogs.look()["dialogs"] or
             TRACK not in (fm.names(tracks) or []),
             STEP_TIMEOUT, interval=0.25,
             what="a question or the track to leave tracks/")
    desktop.screenshot("delete-pressed")
    return tracks, dialogs



PLACES = [
    # No mount of GIO's: libfm's defaults, nothing set.
    pytest.param(None, marks=pytest.mark.desktop_trash(),
                 id="mount-gio-does-not-show"),
    # ~/burn, as /media/burn: the erase-on-removable-media preference off.
    pytest.param("burn", marks=pytest.mark.desktop_trash(
        libfm="no_usb_trash=0\n"), id="home-erase-on-removable-off"),
]


@pytest.mark.parametrize("in_home", PLACES)
@pytest.mark.time_limit(200)
def test_delete_key_moves_track_to_trash_restore_stages_it(
        burnfs, desktop, tmp_path, in_home):
    base = desktop.home / in_home if in_home else tmp_path / "m0"
    mount, drive, music, info = stage(burnfs, desktop, tmp_path, base)
    trash = mount.mnt / f".Trash-{os.getuid()}"
    fm = PCManFM(desktop)
    dialogs = Dialogs(fm)
    try:
        # 2. Select the track, press Delete, answer what is asked.
        tracks, dialogs = open_and_delete(fm, desktop, drive)
        if dialogs.seen:
            question = dialogs.seen[0]
            words = " ".join(question["texts"]).lower()
            assert "trash" in words and "delete" not in words and \
                "permanent" not in words, \
                f"PCManFM asks {question}; GIO said:\n{info}"
            fm.answer(question, "Yes")

        def trashed():
            v = dialogs.look()
            if len(dialogs.seen) > 1:
                raise AssertionError(
                    f"PCManFM asked {len(dialogs.seen)} questions: "
                    f"{dialogs.texts()}; GIO said:\n{info}")
            return not v["dialogs"] and \
                TRACK not in (fm.names(tracks) or [])
        try:
            wait_for(trashed, STEP_TIMEOUT, interval=0.25,
                     what="the track to leave PCManFM's view of tracks/")
        except AssertionError as e:
            raise AssertionError(
                f"{e}\nburnfs's log:\n{drive.log()}\nGIO now says:\n"
                f"{gio_info(desktop, drive.tracks / TRACK)}") from None
        desktop.screenshot("trashed")
        assert len(dialogs.seen) <= 1, dialogs.texts()
        assert fm.names(tracks) == [FOLDER], fm.names(tracks)

        # 3. Unstaged, and in the trash of the mount.
        assert staged_names(drive) == \
            [f"{FOLDER}/{n}" for n in FOLDER_TRACKS], drive.read("toc")
        assert os.listdir(trash / "files") == [TRACK]
        info_file = trash / "info" / f"{TRACK}.trashinfo"
        assert f"Path={drive.path.name}/tracks/{TRACK}" in \
            info_file.read_text(), info_file.read_text()
        assert f"{TRACK}: moved to the trash, unstaged" in drive.log()

        # 4. Restore from PCManFM's trash window.
        trash_win = fm.open("trash:///", 1, title=TRASH_TITLE)
        fm.wait_view(lambda v: TRACK in (fm.names(trash_win) or []),
                     f"{TRACK!r} in PCManFM's trash")
        menu = fm.context_menu(trash_win, TRACK)
        desktop.screenshot("trash-context-menu")
        fm.choose(menu, "Restore")
        fm.wait_view(lambda v: TRACK in (fm.names(tracks) or []) and
                     TRACK not in (fm.names(trash_win) or []),
                     f"{TRACK!r} back in tracks/ and out of the trash")
        desktop.screenshot("restored")
        wait_for(lambda: TRACK in staged_names(drive), STEP_TIMEOUT,
                 what=f"{TRACK!r} staged again")
        assert sorted(staged_names(drive)) == all_staged()
        assert f"{TRACK}: restored from the trash, staged again" in \
            drive.log()
        assert os.listdir(trash / "files") == []
        assert os.listdir(trash / "info") == []
        assert (drive.tracks / TRACK).read_bytes() == \
            (music / TRACK).read_bytes()
    except BaseException:
        desktop.screenshot("failure")
        dialogs.answer_all("No")
        raise


@pytest.mark.desktop_trash
@pytest.mark.time_limit(200)
def test_libfm_erases_on_a_mount_gio_shows(burnfs, desktop, tmp_path):
    """libfm's defaults, burnfs in ~/burn (a mount GIO shows, as
    /media/burn): PCManFM asks the trash question, then, without trying
    the trash, whether to delete instead; answered No, burnfs was asked
    nothing and the track stays staged."""
    mount, drive, _, info = stage(burnfs, desktop, tmp_path,
                                  desktop.home / "burn")
    assert f"unix mount: burnfs {mount.mnt} fuse.burnfs" in info, info
    fm = PCManFM(desktop)
    dialogs = Dialogs(fm)
    try:
        tracks, dialogs = open_and_delete(fm, desktop, drive)
        assert len(dialogs.seen) == 1 and "to trash can?" in \
            " ".join(dialogs.seen[0]["texts"]), dialogs.texts()
        fm.answer(dialogs.seen[0], "Yes")
        def second_question():
            dialogs.look()
            return len(dialogs.seen) >= 2
        wait_for(second_question, STEP_TIMEOUT, interval=0.25,
                 what="libfm's second question")
        desktop.screenshot("second-question")
        second = " ".join(dialogs.seen[1]["texts"])
        assert "cannot be moved to trash can" in second and \
            "delete them instead?" in second, dialogs.texts()
        fm.answer(dialogs.seen[1], "No")
        wait_for(lambda: not dialogs.look()["dialogs"], STEP_TIMEOUT,
                 interval=0.25, what="the questions to close")
        assert TRACK in fm.names(tracks)
        assert sorted(staged_names(drive)) == all_staged()
        assert "moved to the trash" not in drive.log(), drive.log()
        assert len(dialogs.seen) == 2, dialogs.texts()
    except BaseException:
        desktop.screenshot("failure")
        dialogs.answer_all("No")
        raise
