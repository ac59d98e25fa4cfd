"""Albums burnt Session-At-Once, checked with readers that are not
burnfs: the planned disc (`toc.cue` in sao mode, read by cd-info) is the
disc the virtual recorder burns (its IMAGE.cue, read by cd-info; its
audio, cut by bchunk); gapless joins, pregaps per track, CD-TEXT from
tags and from extended attributes, albums from cue sheets."""

import errno
import os
import re

from burnfs_helpers import (bchunk_extract, cd_info, commit, make_wav, quote,
                            run, sh, stage, wav_pcm)

SECTOR = 2352


def set_controls(drive, **values):
    for name, value in values.items():
        r = drive.write(name, value)
        assert r.returncode == 0, f"{name}: {r.stderr}\n{drive.log()}"


def planned(drive, tmp_path, name="planned"):
    """toc.cue read by cd-info against a dummy image as long as the
    planned disc: (cd-info output, tracks, lead-out, toc text)."""
    toc = drive.read("toc")
    leadout = int(re.search(r"^leadout: start=(\d+)", toc, re.M).group(1))
    cue = tmp_path / f"{name}.cue"
    cue.write_text(drive.read("toc.cue"))
    with open(tmp_path / f"{name}.bin", "wb") as f:
        f.truncate(leadout * SECTOR)
    out, tracks, lo = cd_info("cue", cue)
    assert lo == leadout, out
    return out, tracks, lo, toc


def image_cue(drive):
    return drive.image.parent / (drive.image.name + ".cue")


def test_sao_toc_cue_is_the_burnt_disc(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao", pregap="0", disc_title="Live",
                 disc_performer="Trio")
    # Every track ends mid-sector: gapless joins inside sectors.
    wavs = [make_wav(tmp_path / "1 a.wav", 44100 * 5 + 37, 440),
            make_wav(tmp_path / "2 b.wav", 44100 * 6 + 101, 550),
            make_wav(tmp_path / "3 c.wav", 44100 * 4 + 3, 660)]
    stage(v1, wavs)
    out, tracks, leadout, toc = planned(v1, tmp_path)
    assert "write_mode: sao" in toc and "pregap: 0" in toc, toc
    assert re.search(r"^track02: staged .* pregap=0 audio gapless ", toc,
                     re.M), toc
    assert "cdtext: yes" in toc, toc
    assert "cdtext_disc: title=Live performer=Trio" in toc, toc
    # gapless: each track starts in the sector of its first sample
    pcm = [len(wav_pcm(w)) for w in wavs]
    starts = [0, pcm[0] // SECTOR, (pcm[0] + pcm[1]) // SECTOR]
    assert [(n, lsn) for n, lsn, _ in tracks] == list(zip([1, 2, 3],
                                                          starts)), out
    assert leadout == -(-sum(pcm) // SECTOR), out
    assert "Live" in out and "Trio" in out, out

    commit(v1)
    v1.wait_state("done", timeout=120)
    burnt, btracks, blead = cd_info("cue", image_cue(v1))
    assert btracks == tracks, burnt
    assert blead == leadout, burnt


def test_tao_toc_says_tags_are_not_burnt(burnfs, tmp_path):
    v1 = burnfs().drive()
    flac = tmp_path / "1 a.flac"
    wav = make_wav(tmp_path / "a.wav", 44100 * 4, 440)
    r = run(["flac", "-s", "-f", "-o", str(flac), "-T", "TITLE=Song",
             str(wav)])
    assert r.returncode == 0, r.stderr
    stage(v1, [flac])
    toc = v1.read("toc")
    assert "write_mode: tao" in toc, toc
    assert ("cdtext: no, tags are not burnt Track-At-Once (CD-TEXT needs "
            "Session-At-Once: echo sao > write_mode)") in toc, toc


def flac(tmp_path, name, seconds, freq, **tags):
    """A FLAC file of a tone with Vorbis comments (KEY=value)."""
    wav = make_wav(tmp_path / (name + ".src.wav"), 44100 * seconds, freq)
    out = tmp_path / name
    argv = ["flac", "-s", "-f", "-o", str(out)]
    for k, v in tags.items():
        argv += ["-T", f"{k.replace('_', ' ')}={v}"]
    r = run(argv + [str(wav)])
    assert r.returncode == 0, r.stderr
    return out


def test_track_attributes_pregap_and_texts(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao", pregap="0")
    wavs = [make_wav(tmp_path / f"{i} t.wav", 44100 * 5 + 11 * i, 300 + i)
            for i in (1, 2, 3)]
    stage(v1, wavs)
    t1, t2, t3 = (v1.tracks / w.name for w in wavs)
    os.setxattr(t3, "user.pregap", b"00:01:30")
    os.setxattr(t1, "user.title", "Ouvertüre".encode())
    os.setxattr(t1, "user.performer", b"The Trio")
    os.setxattr(t2, "user.songwriter", b"Anon")
    assert os.getxattr(t3, "user.pregap") == b"00:01:30"
    assert os.getxattr(t1, "user.title") == "Ouvertüre".encode()
    names = os.listxattr(t1)
    assert "user.title" in names and "user.performer" in names, names
    # refusals, each with its log line
    for attr, value, words in [
            ("user.pregap", b"soon", "a pregap is seconds"),
            ("user.title", b"two\nlines", "one line of UTF-8"),
            ("user.composer", b"\xff\xfe", "one line of UTF-8"),
            ("user.performer", b"x" * 161, "at most 160 bytes")]:
        try:
            os.setxattr(t2, attr, value)
            raise AssertionError(f"{attr}={value!r} accepted")
        except OSError as e:
            assert e.errno == errno.EINVAL, e
        assert f"{t2.name}: {attr} refused: " in v1.log(), v1.log()
        assert words in v1.log(), v1.log()

    toc = v1.read("toc")
    assert re.search(r"^track02: staged .* pregap=0 audio gapless "
                     r"songwriter=Anon name=2 t.wav$", toc, re.M), toc
    assert re.search(r"^track03: staged .* pregap=105 index00=\d+ audio "
                     r"name=3 t.wav$", toc, re.M), toc
    assert "title=Ouvertüre artist=The%20Trio name=1 t.wav" in toc, toc
    out, tracks, leadout, _ = planned(v1, tmp_path)

    # Track-At-Once cannot write a 1.4 s pregap: the commit says so.
    set_controls(v1, write_mode="tao")
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert "echo sao > write_mode" in v1.log(), v1.log()
    assert len(os.listdir(v1.tracks)) == 3

    set_controls(v1, write_mode="sao")
    commit(v1)
    v1.wait_state("done", timeout=120)
    burnt, btracks, blead = cd_info("cue", image_cue(v1))
    assert btracks == tracks and blead == leadout, burnt
    cue = image_cue(v1).read_text()
    assert 'TITLE "Ouvertüre"' in cue, cue
    assert 'PERFORMER "The Trio"' in cue, cue
    assert 'SONGWRITER "Anon"' in cue, cue


def test_cdtext_from_tags(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    files = [flac(tmp_path, "1 a.flac", 4, 440, TITLE="Łódź", ARTIST="Ann",
                  ALBUM="Hall", ALBUMARTIST="Trio", COMPOSER="Bach"),
             flac(tmp_path, "2 b.flac", 4, 550, TITLE="Two", ARTIST="Bo",
                  ALBUM="Hall", ALBUMARTIST="Trio")]
    stage(v1, files)
    toc = v1.read("toc")
    assert "cdtext: yes" in toc, toc
    assert "cdtext_disc: title=Hall performer=Trio" in toc, toc
    assert re.search(r"^track01: .* title=Łódź artist=Ann composer=Bach ",
                     toc, re.M), toc
    assert ('cdtext_note: track 1\'s title "Łódź" is not all ISO 8859-1: '
            'written "Lódz"') in toc, toc
    out, _, _, _ = planned(v1, tmp_path)
    assert "Hall" in out and "Trio" in out, out
    # disc_title wins over the album tag
    set_controls(v1, disc_title="Live")
    assert "cdtext_disc: title=Live performer=Trio" in v1.read("toc")
    commit(v1)
    v1.wait_state("done", timeout=120)
    log = v1.log()
    assert "title \"Łódź\" is not all ISO 8859-1" in log, log
    burnt, _, _ = cd_info("cue", image_cue(v1))
    cue = image_cue(v1).read_text()
    for line in ['TITLE "Live"', 'PERFORMER "Trio"', 'TITLE "Lódz"',
                 'PERFORMER "Ann"', 'TITLE "Two"', 'PERFORMER "Bo"']:
        assert line in cue, cue


# ---- cue sheets in tracks/ ------------------------------------------------

def tone(tmp_path, name, seconds, freq, extra_frames=0):
    return make_wav(tmp_path / name, int(44100 * seconds) + extra_frames,
                    freq)


def cp(src, drive):
    r = sh(f"cp {quote(src)} {quote(drive.tracks)}")
    return r


def burn_sao(drive):
    commit(drive)
    drive.wait_state("done", timeout=120)
    assert "verification passed" in drive.log(), drive.log()


def image_bin(drive):
    return drive.image.parent / (drive.image.name + ".bin")


SINGLE_FILE_CUE = """REM GENRE Jazz
PERFORMER "Trio"
TITLE "Hall"
CATALOG 4006381333931
FILE "album.wav" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "Ann"
    ISRC USABC2600001
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    FLAGS DCP
    INDEX 00 00:05:00
    INDEX 01 00:06:00
  TRACK 03 AUDIO
    TITLE "Three"
    INDEX 01 00:10:00
    INDEX 02 00:12:00
"""


def test_single_file_album_from_cue(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    album = tone(tmp_path, "album.wav", 15, 440, extra_frames=17)
    sheet = tmp_path / "album.cue"
    sheet.write_text(SINGLE_FILE_CUE)
    # the sheet first, its audio after it
    assert cp(sheet, v1).returncode == 0, v1.log()
    toc = v1.read("toc")
    assert "note: album.cue: line 5: FILE \"album.wav\" is not in tracks/" \
        in toc, toc
    assert cp(album, v1).returncode == 0, v1.log()
    assert sorted(os.listdir(v1.tracks)) == ["album.cue", "album.wav"]
    toc = v1.read("toc")
    assert "tracks_staged: 3" in toc, toc
    assert re.search(r"^track02: staged session=1 start=450 .* pregap=75 "
                     r"index00=375 audio pregap-audio gapless title=Two "
                     r"name=album.cue track 02$", toc, re.M), toc
    assert re.search(r"^track03: staged session=1 start=750 .* "
                     r"indexes=900 audio gapless title=Three ", toc,
                     re.M), toc
    assert "cdtext_disc: title=Hall performer=Trio" in toc, toc
    out, tracks, leadout, _ = planned(v1, tmp_path)
    assert [(n, lsn) for n, lsn, _ in tracks] == [(1, 0), (2, 450),
                                                   (3, 750)], out

    burn_sao(v1)
    assert os.listdir(v1.tracks) == []
    pcm = wav_pcm(album)
    image = image_bin(v1).read_bytes()
    # the disc is the file: pregap audio and index points included
    assert image[:len(pcm)] == pcm
    assert not any(image[len(pcm):])
    burnt, btracks, blead = cd_info("cue", image_cue(v1))
    assert btracks == tracks and blead == leadout, burnt
    cue = image_cue(v1).read_text()
    for line in ['TITLE "Hall"', 'PERFORMER "Trio"', 'TITLE "One"',
                 'PERFORMER "Ann"', "ISRC USABC2600001", "FLAGS DCP",
                 "INDEX 00 00:05:00", "INDEX 02 00:12:00"]:
        assert line in cue, cue
    # bchunk ends track 1 where track 2's pregap (INDEX 00) begins (it
    # does not know INDEX 02, so track 3 is not compared here)
    parts = bchunk_extract(image_bin(v1), image_cue(v1), tmp_path / "bc")
    assert parts[0] == pcm[:375 * SECTOR], [len(p) for p in parts]


def test_eac_gaps_in_previous_file_and_hidden_track(burnfs, tmp_path):
    """One file per track, each pregap at the end of the previous file
    (EAC's default), and audio hidden before track 1's INDEX 01."""
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    files = [tone(tmp_path, "01 a.wav", 7, 440, 588 * 3),
             tone(tmp_path, "02 b.wav", 6, 550, 588),
             tone(tmp_path, "03 c.wav", 5, 660)]
    sheet = tmp_path / "album.cue"
    sheet.write_text('FILE "01 a.wav" WAVE\n'
                     '  TRACK 01 AUDIO\n'
                     '    INDEX 00 00:00:00\n'
                     '    INDEX 01 00:02:00\n'   # 2 s hidden audio
                     '  TRACK 02 AUDIO\n'
                     '    INDEX 00 00:06:00\n'   # pregap in 01 a.wav
                     'FILE "02 b.wav" WAVE\n'
                     '    INDEX 01 00:00:00\n'
                     '  TRACK 03 AUDIO\n'
                     '    INDEX 00 00:05:00\n'
                     'FILE "03 c.wav" WAVE\n'
                     '    INDEX 01 00:00:00\n')
    stage(v1, files)
    assert cp(sheet, v1).returncode == 0, v1.log()
    toc = v1.read("toc")
    assert "tracks_staged: 3" in toc and "note:" not in toc, toc
    out, tracks, leadout, _ = planned(v1, tmp_path)
    assert tracks[0][1] == 150, out  # INDEX 01 after 2 s of hidden audio
    burn_sao(v1)
    pcm = b"".join(wav_pcm(f) for f in files)
    image = image_bin(v1).read_bytes()
    assert image[:len(pcm)] == pcm  # the files back to back
    # bchunk's tracks run from INDEX 01 (after the hidden audio) to the
    # next track's INDEX 00: the files' audio without the pregaps
    parts = bchunk_extract(image_bin(v1), image_cue(v1), tmp_path / "bc")
    ones = [lsn for _, lsn, _ in tracks]
    zeros = [s // SECTOR for s in (450 * SECTOR, len(wav_pcm(files[0]))
                                   + 5 * 44100 * 4)]
    assert ones == [150, 528, 979] and zeros == [450, 903], (ones, zeros)
    ends = zeros + [len(pcm) // SECTOR]
    for k, part in enumerate(parts):
        want = pcm[ones[k] * SECTOR:ends[k] * SECTOR]
        assert part[:len(want)] == want, (k, len(part), len(want))
    burnt, btracks, blead = cd_info("cue", image_cue(v1))
    assert btracks == tracks and blead == leadout, burnt
    assert "INDEX 00 00:00:00" in image_cue(v1).read_text()


def test_cue_refusals_and_rm(burnfs, tmp_path):
    v1 = burnfs().drive()
    bad = tmp_path / "bad.cue"
    bad.write_text('FILE "x.wav" WAVE\n  INDEX 01 00:00:00\n')
    r = cp(bad, v1)
    assert r.returncode != 0
    assert "bad.cue: refused, malformed cue sheet: line 2: " in v1.log()
    assert os.listdir(v1.tracks) == []

    # a sheet naming a file that is not staged fails the commit
    a = tone(tmp_path, "a.wav", 5, 440)
    sheet = tmp_path / "album.cue"
    sheet.write_text('FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n'
                     '    INDEX 01 00:00:00\n'
                     'FILE "b.wav" WAVE\n  TRACK 02 AUDIO\n'
                     '    INDEX 00 00:00:00\n    INDEX 01 00:01:00\n')
    stage(v1, [a, sheet])
    set_controls(v1, write_mode="sao")
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert ('commit: album.cue: line 4: FILE "b.wav" is not in tracks/'
            in v1.log()), v1.log()
    # with it, a tao commit needs sao (the pregap holds audio)
    stage(v1, [tone(tmp_path, "b.wav", 5, 550)])
    set_controls(v1, write_mode="tao")
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert "echo sao > write_mode" in v1.log(), v1.log()
    assert sorted(os.listdir(v1.tracks)) == ["a.wav", "album.cue", "b.wav"]
    # rm of the sheet unstages its album
    os.unlink(v1.tracks / "album.cue")
    assert os.listdir(v1.tracks) == []
    assert "album.cue: removed with its audio files, unstaged: " \
        in v1.log(), v1.log()
