"""Folders in tracks/: an album folder copied with cp -r or rsync stages
its audio files as tracks in natural order, folder by folder (a walk of
the tree), keeps the files that are not audio aside (listed, read back,
`aside:` lines in toc, a log line, never burnt), follows mkdir -p, mv,
rmdir and rm -r, survives a remount, and burns in that order: checked
against the virtual recorder's IMAGE.cue with cd-info and its audio."""

import errno
import os
import re

from burnfs_helpers import (SECTOR_BYTES, SECTOR_FRAMES, cd_info, cmp_ok,
                            commit, make_wav, padded_sectors, quote,
                            read_image, run, sh, tao_starts, wav_pcm)


def staged_names(drive):
    return re.findall(r"^track\d+: staged .* name=(.*)$", drive.read("toc"),
                      re.M)


def aside_lines(drive):
    return re.findall(r"^aside: (.*)$", drive.read("toc"), re.M)


def make_album(root, base_freq=300):
    """Album/CD1/{1 a,2 b,10 c}.wav, Album/CD2/1 d.wav, and what a rip
    also holds: cover art, a log, a playlist, an empty text file.
    Returns the audio files in burn order."""
    cd1, cd2 = root / "Album" / "CD1", root / "Album" / "CD2"
    cd1.mkdir(parents=True)
    cd2.mkdir()
    wavs = [make_wav(cd1 / "1 a.wav", 310 * SECTOR_FRAMES, base_freq),
            make_wav(cd1 / "2 b.wav", 320 * SECTOR_FRAMES, base_freq + 100),
            make_wav(cd1 / "10 c.wav", 330 * SECTOR_FRAMES, base_freq + 200),
            make_wav(cd2 / "1 d.wav", 340 * SECTOR_FRAMES, base_freq + 300)]
    (root / "Album" / "cover.jpg").write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(20000))
    (cd1 / "rip.log").write_text("Exact Audio Copy V1.6\nAccurately ripped\n")
    (root / "Album" / "album.m3u").write_text("CD1/1 a.wav\nCD1/2 b.wav\n")
    (root / "Album" / "notes.txt").write_text("")
    return wavs


ASIDE = ["Album/CD1/rip.log", "Album/album.m3u", "Album/cover.jpg",
         "Album/notes.txt"]
ORDER = ["Album/CD1/1 a.wav", "Album/CD1/2 b.wav", "Album/CD1/10 c.wav",
         "Album/CD2/1 d.wav"]


def test_cp_r_album_burns_folder_by_folder(burnfs, tmp_path):
    v1 = burnfs().drive()
    src = tmp_path / "src"
    wavs = make_album(src)
    top = make_wav(src / "0 intro.wav", 300 * SECTOR_FRAMES, 900)
    r = sh(f"cp -r {quote(src / 'Album')} {quote(top)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr + v1.log()

    assert staged_names(v1) == ["0 intro.wav"] + ORDER
    assert [a.split(":")[0] for a in aside_lines(v1)] == ASIDE
    assert all(a.endswith(": not audio, kept aside, not burnt")
               for a in aside_lines(v1)), aside_lines(v1)
    log = v1.log()
    for path in ASIDE:
        assert f"{path}: not audio, kept aside in its folder: not burnt" \
            in log, log
    # listed and read back as written
    r = run(["diff", "-r", str(src / "Album"), str(v1.tracks / "Album")])
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(os.listdir(v1.tracks / "Album")) == \
        ["CD1", "CD2", "album.m3u", "cover.jpg", "notes.txt"]
    assert os.stat(v1.tracks / "Album").st_nlink == 4  # ., .., CD1, CD2

    # a file that is not audio is still refused at the top of tracks/
    r = sh(f"cp {quote(src / 'Album' / 'cover.jpg')} {quote(v1.tracks)}")
    assert r.returncode != 0 and "Invalid argument" in r.stderr, r.stderr
    assert not (v1.tracks / "cover.jpg").exists()
    # nor can a file kept aside be moved there
    r = sh(f"mv {quote(v1.tracks / 'Album' / 'notes.txt')} "
           f"{quote(v1.tracks / 'notes.txt')}")
    assert r.returncode != 0, r.stderr

    # the burn: IMAGE.cue read by cd-info, each track's audio in order
    commit(v1)
    v1.wait_state("done", timeout=90)
    burnt = [top] + wavs
    sectors = [padded_sectors(len(wav_pcm(w))) for w in burnt]
    starts, leadout = tao_starts(0, sectors)
    image = v1.image
    out, tracks, lo = cd_info("cue", image.parent / (image.name + ".cue"))
    assert [lsn for _, lsn, _ in tracks] == starts, out
    assert lo == leadout, out
    bin_path = image.parent / (image.name + ".bin")
    for w, lba in zip(burnt, starts):
        pcm = wav_pcm(w)
        assert read_image(bin_path, lba, len(pcm)) == pcm, w.name
    # the burnt folder left tracks/ with what was kept aside in it
    assert os.listdir(v1.tracks) == []
    assert "burn done: folder Album left tracks/ with the 4 files kept " \
        "aside in it" in v1.log(), v1.log()


def test_rsync_mkdir_mv_rmdir_rm_r(burnfs, tmp_path):
    v1 = burnfs().drive()
    src = tmp_path / "src"
    make_album(src, 400)
    # rsync writes .name.XXXXXX files and renames them: the cover art's
    # temporary file becomes a file kept aside at its rename
    r = run(["rsync", "-a", str(src / "Album"), str(v1.tracks) + "/"])
    assert r.returncode == 0, r.stderr + v1.log()
    assert staged_names(v1) == ORDER
    assert [a.split(":")[0] for a in aside_lines(v1)] == ASIDE
    # rsync -a kept the times: a second run has nothing to copy
    r = run(["rsync", "-a", "--itemize-changes", str(src / "Album"),
             str(v1.tracks) + "/"])
    assert r.returncode == 0 and r.stdout.strip() == "", r.stdout + r.stderr
    st = os.stat(v1.tracks / "Album" / "CD1")
    assert int(st.st_mtime) == int(os.stat(src / "Album" / "CD1").st_mtime)

    # mkdir -p of nested folders, rmdir of empty ones
    r = sh(f"mkdir -p {quote(v1.tracks / 'X' / 'Y' / 'Z')}")
    assert r.returncode == 0, r.stderr
    assert os.path.isdir(v1.tracks / "X" / "Y" / "Z")
    r = sh(f"rmdir {quote(v1.tracks / 'X')}")
    assert r.returncode != 0 and "not empty" in r.stderr, r.stderr
    r = sh(f"rmdir {quote(v1.tracks / 'X' / 'Y' / 'Z')} "
           f"{quote(v1.tracks / 'X' / 'Y')} {quote(v1.tracks / 'X')}")
    assert r.returncode == 0, r.stderr
    # no folders elsewhere in the drive
    r = sh(f"mkdir {quote(v1.path / 'nope')}")
    assert r.returncode != 0, r.stderr

    # mv of a folder reorders: CD2 becomes CD0, burnt first
    r = sh(f"mv {quote(v1.tracks / 'Album' / 'CD2')} "
           f"{quote(v1.tracks / 'Album' / 'CD0')}")
    assert r.returncode == 0, r.stderr
    assert staged_names(v1) == ["Album/CD0/1 d.wav"] + ORDER[:3]
    # a folder cannot go into itself
    try:
        os.rename(v1.tracks / "Album", v1.tracks / "Album" / "CD0" / "in")
        raise AssertionError("moved a folder into itself")
    except OSError as e:
        assert e.errno == errno.EINVAL, e
    # mv of a track between folders
    r = sh(f"mv {quote(v1.tracks / 'Album' / 'CD1' / '1 a.wav')} "
           f"{quote(v1.tracks / '1 a.wav')}")
    assert r.returncode == 0, r.stderr
    assert staged_names(v1)[0] == "1 a.wav"

    # rm -r unstages the folder and everything in it
    r = sh(f"rm -r {quote(v1.tracks / 'Album')}")
    assert r.returncode == 0, r.stderr
    assert os.listdir(v1.tracks) == ["1 a.wav"]
    assert staged_names(v1) == ["1 a.wav"] and aside_lines(v1) == []


def test_folders_survive_remount(burnfs, tmp_path):
    m = burnfs()
    v1 = m.drive()
    src = tmp_path / "src"
    make_album(src, 500)
    r = sh(f"cp -r {quote(src / 'Album')} {quote(v1.tracks)} && "
           f"mkdir {quote(v1.tracks / 'empty')} && "
           f"touch -d 2020-01-02 {quote(v1.tracks / 'empty')}")
    assert r.returncode == 0, r.stderr
    before = staged_names(v1)
    m.restart()
    assert staged_names(v1) == before == ORDER
    assert [a.split(":")[0] for a in aside_lines(v1)] == ASIDE
    r = run(["diff", "-r", str(src / "Album"), str(v1.tracks / "Album")])
    assert r.returncode == 0, r.stdout + r.stderr
    st = os.stat(v1.tracks / "empty")
    assert st.st_mtime == 1577923200 or \
        abs(st.st_mtime - 1577923200) < 86400, st  # local midnight
    # the folders' spool files
    names = os.listdir(m.spool / v1.path.name)
    assert sum(n.endswith(".folder") for n in names) == 4, names


def test_cue_sheet_names_files_of_its_folder(burnfs, tmp_path):
    v1 = burnfs().drive()
    r = v1.write("write_mode", "sao")
    assert r.returncode == 0, r.stderr
    album = tmp_path / "Live"
    album.mkdir()
    make_wav(album / "album.wav", 44100 * 12, 440)
    (album / "album.cue").write_text(
        'PERFORMER "Trio"\nTITLE "Live"\n'
        'FILE "album.wav" WAVE\n'
        '  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
        '  TRACK 02 AUDIO\n    INDEX 01 00:06:00\n')
    # a file of the same name at the top of tracks/ is not the sheet's
    make_wav(tmp_path / "album.wav", 44100 * 5, 880)
    r = sh(f"cp {quote(tmp_path / 'album.wav')} {quote(v1.tracks)} && "
           f"cp -r {quote(album)} {quote(v1.tracks)}")
    assert r.returncode == 0, r.stderr + v1.log()
    # "Live" comes before "album.wav" in natural order
    assert staged_names(v1) == ["album.cue track 01", "album.cue track 02",
                                "album.wav"], v1.read("toc")
    toc = v1.read("toc")
    lengths = [int(x) for x in re.findall(
        r"^track\d+: staged .*? length=(\d+) ", toc, re.M)]
    assert lengths == [450, 450, 375], toc
    # without its audio file the sheet cannot be used
    os.unlink(v1.tracks / "Live" / "album.wav")
    assert "FILE \"album.wav\" is not in tracks/" in v1.read("toc")
