"""An album burnt from PCManFM, as a person does it, on a private X
display with a private session bus.

1. PCManFM shows the album's parent folder, the drive's tracks/, the
   drive directory and its disc/ in four windows;
2. the album folder (three WAVs and cover.jpg) is dragged with the
   pointer (xdotool) from the first window into the tracks/ window;
   PCManFM copies it, and shows it there; burnfs stages its three tracks;
   a window on the staged folder shows them;
3. the context menu of tracks/ in the drive directory's window offers
   "Burn audio CD" (the FileManager-Actions file `meson install`
   installed, read by PCManFM from <datadir>/file-manager/actions/),
   with "Eject disc" and "Blank disc", labelled exactly so (not with
   their descriptions); choosing it runs burnfsctl, which burns;
4. the burn's end is waited for on the notification server of the
   private bus: burnfsctl shows progress (a notification with the
   `value` hint, updated in place) and the outcome is told once (by
   burnfsctl, or by the daemon), burnt and verified;
5. without pressing F5, PCManFM's own views, read through AT-SPI, show
   the change: tracks/ and the staged folder show none of the burnt
   tracks, disc/ shows the disc's three tracks (burnfs removes and makes
   those names through its mount point, so the kernel raises the
   inotify events GIO's file monitor waits for).

Screenshots of each step are artefacts in meson's log directory.
"""

import pytest

from burnfs_helpers import make_wav, run, wait_for
from pcmanfm_ui import PCManFM

ALBUM = "album"
TRACKS = ["01 Dawn.wav", "02 Noon.wav", "03 Dusk.wav"]
OTHER = ["cover.jpg"]
FRAMES = 44100 * 9 // 2  # 4.5 s each
DISC_TRACKS = ["01.wav", "02.wav", "03.wav"]
BURN_LABEL = "Burn audio CD"
# The labels of the three actions, exactly; their longer descriptions
# (which all name "burnfs") are no menu label.
ACTION_LABELS = [BURN_LABEL, "Eject disc", "Blank disc"]
ACTION = "file-manager/actions/burnfs-burn.desktop"  # under <datadir>
APP = "burnfs"
ICON = "media-optical"
BURN_TIMEOUT = 90
REFRESH_TIMEOUT = 20


def make_album(folder):
    folder.mkdir(parents=True)
    for k, name in enumerate(TRACKS):
        make_wav(folder / name, FRAMES, 330 + 110 * k)
    r = run(["/usr/bin/convert", "-size", "96x96", "gradient:navy-gold",
             str(folder / OTHER[0])])
    assert r.returncode == 0, f"convert: {r.stderr}"
    return folder


def notify_calls(desktop):
    return [c for c in desktop.notification_calls()
            if c["method"] == "Notify" and c["app_name"] == APP]


def text(call):
    return f"{call['summary']} {call['body']}".lower()


def is_burn_end(call):
    """A notification that says how a burn ended: not a progress update
    (those carry the `value` hint), and about the burn."""
    t = text(call)
    return "value" not in call["hints"] and "burn" in t and any(
        w in t for w in ("burnt", "burned", "finished", "failed", "verif"))


def staged_and_closed(drive, desktop, count):
    """burnfs lists `count` staged tracks and no process of the desktop
    holds a file below tracks/ open any more (PCManFM's copy is over)."""
    toc = drive.kv("toc")
    if int(toc.get("tracks_staged", "0")) != count:
        return False
    return not desktop.open_files(drive.tracks)


@pytest.mark.time_limit(200)
def test_album_dragged_into_tracks_burnt_from_context_menu(
        burnfs, desktop, installed, tmp_path):
    music = tmp_path / "music"
    make_album(music / ALBUM)
    mount = burnfs(drives=[("v1", "pace=1,speed=8")])
    drive = mount.drive()
    fm = PCManFM(desktop)
    try:
        src = fm.open(music, 0)
        tracks = fm.open(drive.tracks, 1)
        drive_win = fm.open(drive.path, 2)
        disc = fm.open(drive.path / "disc", 3)
        fm.wait_view(lambda v: "disc" in (fm.names(drive_win) or []),
                     "the drive directory's files in its window")
        assert fm.names(tracks) == [] and fm.names(disc) == []
        desktop.screenshot("windows")

        # 2. The album, dragged into tracks/.
        fm.drag(src, ALBUM, tracks)
        fm.wait_view(lambda v: ALBUM in (fm.names(tracks) or []),
                     f"{ALBUM!r} in PCManFM's view of tracks/")
        wait_for(lambda: staged_and_closed(drive, desktop, len(TRACKS)),
                 60, interval=0.2,
                 what=f"{len(TRACKS)} staged tracks and the copy closed")
        album_win = fm.open(drive.tracks / ALBUM, 4)
        fm.wait_view(lambda v: set(TRACKS) <= set(fm.names(album_win)
                                                  or []),
                     "the staged tracks in PCManFM's view of the folder")
        desktop.screenshot("dropped")

        # 3. Burn audio CD, from the context menu of tracks/.
        menu = fm.context_menu(drive_win, "tracks")
        desktop.screenshot("context-menu")
        labels = [m["name"] for m in menu]
        if BURN_LABEL not in labels:
            action = installed / "share" / ACTION
            pytest.fail(f"no {BURN_LABEL!r} in the context menu of tracks/"
                        f" ({labels}); {action} is "
                        f"{'there' if action.exists() else 'not installed'}")
        assert sorted(x for x in labels if x in ACTION_LABELS) == \
            sorted(ACTION_LABELS) and \
            not [x for x in labels if "burnfs" in x.lower()], \
            f"the actions' labels in the context menu: {labels}"
        fm.choose(menu, BURN_LABEL)

        # 4. The end of the burn, as the notifications say it.
        wait_for(lambda: any(map(is_burn_end, notify_calls(desktop))),
                 BURN_TIMEOUT, interval=0.2,
                 what="a notification that the burn ended")
        assert drive.state() == "done", drive.read("status")
        desktop.screenshot("burnt")

        # 5. PCManFM's views, refreshed by themselves.
        def refreshed(v):
            shown = set()
            for title in (tracks, album_win):
                shown |= set(fm.names(title) or [])
            return not shown & set(TRACKS) and \
                fm.names(disc) == DISC_TRACKS
        try:
            fm.wait_view(refreshed, "tracks/ without the burnt tracks and "
                         "disc/ with the disc's tracks",
                         timeout=REFRESH_TIMEOUT)
        except AssertionError as e:
            # What is there, to tell a stale view from a burnfs that did
            # not change.
            listing = run(["ls", "-R", str(drive.tracks),
                           str(drive.path / "disc")])
            raise AssertionError(f"{e}\nls -R says:\n{listing.stdout}"
                                 f"{listing.stderr}") from None
        desktop.screenshot("refreshed")
    except BaseException:
        desktop.screenshot("failure")
        raise

    calls = notify_calls(desktop)
    assert all(c["app_icon"] == ICON for c in calls), calls
    progress = [c for c in calls if "value" in c["hints"]]
    assert progress, f"no progress notification (`value` hint): {calls}"
    first = progress[0]["id"]
    assert all(0 <= c["hints"]["value"] <= 100 for c in progress), progress
    assert all(c["id"] == first and c["replaces_id"] == first
               for c in progress[1:]), \
        f"progress not updated in place: {progress}"
    assert {c["comm"] for c in progress} == {"burnfsctl"}, progress
    # The user is told the outcome once, by burnfsctl (which follows the
    # job it started) or by the daemon, with the verification result.
    ends = [c for c in calls if is_burn_end(c)]
    assert len(ends) == 1, f"the end of the burn told {len(ends)} times: " \
        f"{ends}"
    assert ends[0]["comm"] in ("burnfs", "burnfsctl"), ends
    assert "fail" not in text(ends[0]) and "verif" in text(ends[0]), ends
