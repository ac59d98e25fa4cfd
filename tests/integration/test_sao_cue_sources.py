"""Albums from the other places cue sheets come from, burnt Session-At-Once
and checked on the virtual recorder's disc (IMAGE.bin, IMAGE.cue read by
cd-info): a sheet's CATALOG as the disc's MCN (against the mcn control),
a FLAC file with its cue sheet inside (FLAC's CUESHEET block made by
metaflac, a Vorbis comment CUESHEET= made by flac), raw audio files
(FILE ... BINARY, little-endian, and MOTOROLA, big-endian; a disc image
as cdrdao or a burn leaves it); and the free space and renames of a
sheet and of the files it names."""

import errno
import os
import re
import shutil

import pytest

from burnfs_helpers import cd_info, commit, make_wav, run, sh, quote, wav_pcm

SECTOR = 2352
CATALOG = "4006381333931"


def set_controls(drive, **values):
    for name, value in values.items():
        r = drive.write(name, value)
        assert r.returncode == 0, f"{name}: {r.stderr}\n{drive.log()}"


def cp(src, drive, name=None):
    dest = drive.tracks / name if name else drive.tracks
    return sh(f"cp {quote(src)} {quote(dest)}")


def image_cue(drive):
    return drive.image.parent / (drive.image.name + ".cue")


def image_bin(drive):
    return drive.image.parent / (drive.image.name + ".bin")


def burn_sao(drive):
    commit(drive)
    drive.wait_state("done", timeout=120)
    assert "verification passed" in drive.log(), drive.log()


def tone(tmp_path, name, seconds, freq, extra=0):
    return make_wav(tmp_path / name, int(44100 * seconds) + extra, freq)


ALBUM_CUE = f"""CATALOG {CATALOG}
TITLE "Hall"
PERFORMER "Trio"
FILE "{{name}}" {{kind}}
  TRACK 01 AUDIO
    TITLE "One"
    ISRC USABC2600001
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Two"
    FLAGS PRE
    INDEX 00 00:05:00
    INDEX 01 00:06:00
  TRACK 03 AUDIO
    TITLE "Three"
    INDEX 01 00:10:00
    INDEX 02 00:12:00
"""


def album_sheet(name, kind="WAVE"):
    return ALBUM_CUE.format(name=name, kind=kind)


def check_album_disc(drive, pcm, texts=True):
    """The burnt disc holds pcm from LBA 0 and the sheet's codes."""
    image = image_bin(drive).read_bytes()
    assert image[:len(pcm)] == pcm
    assert not any(image[len(pcm):])
    out, tracks, _ = cd_info("cue", image_cue(drive))
    assert [(n, lsn) for n, lsn, _ in tracks] == [(1, 0), (2, 450),
                                                   (3, 750)], out
    cue = image_cue(drive).read_text()
    lines = [f"CATALOG {CATALOG}", "ISRC USABC2600001", "FLAGS PRE",
             "INDEX 00 00:05:00", "INDEX 02 00:12:00"]
    if texts:
        lines += ['TITLE "Hall"', 'TITLE "Two"']
    for line in lines:
        assert line in cue, cue


# ---- CATALOG ---------------------------------------------------------------

def test_catalog_is_the_mcn_and_mcn_conflicts_are_refused(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    album = tone(tmp_path, "album.wav", 15, 440, 17)
    sheet = tmp_path / "album.cue"
    sheet.write_text(album_sheet("album.wav"))
    assert cp(album, v1).returncode == 0, v1.log()
    assert cp(sheet, v1).returncode == 0, v1.log()
    assert "album.cue: its 1 file is in tracks/: 3 tracks" in v1.log()
    assert v1.read("toc.cue").startswith(f"CATALOG {CATALOG}\n")

    # another number in mcn: refused, nothing lost
    set_controls(v1, mcn="0123456789012")
    assert "CATALOG" not in v1.read("toc.cue")
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert (f"commit: mcn is 0123456789012, but album.cue track 01 has the "
            f"catalog number (CATALOG) {CATALOG}, and a disc has one MCN; "
            "nothing was written: echo > mcn to burn the album's"
            in v1.log()), v1.log()
    assert sorted(os.listdir(v1.tracks)) == ["album.cue", "album.wav"]
    # the same number: fine
    set_controls(v1, mcn=CATALOG)
    assert v1.read("toc.cue").startswith(f"CATALOG {CATALOG}\n")
    set_controls(v1, mcn="")
    burn_sao(v1)
    assert f"verify: MCN {CATALOG} as written" in v1.log(), v1.log()
    check_album_disc(v1, wav_pcm(album))


def test_two_albums_with_different_catalogs_are_refused(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    for k, (name, catalog) in enumerate([("a", CATALOG),
                                         ("b", "0123456789012")]):
        wav = tone(tmp_path, f"{name}.wav", 5, 440 + 100 * k)
        sheet = tmp_path / f"{k + 1} {name}.cue"
        sheet.write_text(f'CATALOG {catalog}\nFILE "{name}.wav" WAVE\n'
                         '  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n')
        assert cp(wav, v1).returncode == 0 and cp(sheet, v1).returncode == 0
    assert "CATALOG" not in v1.read("toc.cue")
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert ("commit: 1 a.cue track 01 has the catalog number (MCN) "
            f"{CATALOG} and 2 b.cue track 01 has 0123456789012; a disc has "
            "one" in v1.log()), v1.log()


# ---- FLAC files with their cue sheet inside ---------------------------------

def flac_of(wav, out, *extra):
    r = run(["flac", "-s", "-f", "-o", str(out), *extra, str(wav)])
    assert r.returncode == 0, r.stderr
    return out


def test_flac_with_cuesheet_block(burnfs, tmp_path):
    """metaflac --import-cuesheet-from: FLAC's own CUESHEET block (offsets
    in samples, catalog, ISRC, pre-emphasis), the FLAC copied alone."""
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    wav = tone(tmp_path, "src.wav", 15, 440, 17)
    sheet = tmp_path / "src.cue"
    sheet.write_text(album_sheet("src.wav"))
    flac = flac_of(wav, tmp_path / "album.flac")
    r = run(["metaflac", f"--import-cuesheet-from={sheet}", str(flac)])
    assert r.returncode == 0, r.stderr
    assert "CUESHEET" in run(["metaflac", "--list", str(flac)]).stdout
    assert cp(flac, v1).returncode == 0, v1.log()
    assert re.search(r"album\.flac: staged, .*, with a cue sheet of 3 "
                     r"tracks", v1.log()), v1.log()
    toc = v1.read("toc")
    assert "tracks_staged: 3" in toc, toc
    assert re.search(r"^track02: staged session=1 start=450 .* pregap=75 "
                     r"index00=375 audio pregap-audio .*"
                     r"name=album.flac track 02$", toc, re.M), toc
    assert v1.read("toc.cue").startswith(f"CATALOG {CATALOG}\n")
    burn_sao(v1)
    assert os.listdir(v1.tracks) == []
    # the block has no texts: everything else is the sheet's
    check_album_disc(v1, wav_pcm(wav), texts=False)


def test_flac_with_cuesheet_tag_and_a_cue_beside_it(burnfs, tmp_path):
    """flac --tag-from-file=CUESHEET=: the sheet as a Vorbis comment,
    titles included; with a .cue beside it naming the FLAC, the .cue
    is the one that counts."""
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    wav = tone(tmp_path, "src.wav", 15, 440, 17)
    sheet = tmp_path / "src.cue"
    sheet.write_text(album_sheet("whatever.wav"))
    flac = flac_of(wav, tmp_path / "1 live.flac",
                   f"--tag-from-file=CUESHEET={sheet}")
    assert cp(flac, v1).returncode == 0, v1.log()
    toc = v1.read("toc")
    assert "tracks_staged: 3" in toc, toc
    assert re.search(r"^track01: .* title=One .*name=1 live.flac track 01$",
                     toc, re.M), toc
    # a .cue naming the FLAC wins: one track
    own = tmp_path / "2 own.cue"
    own.write_text('FILE "1 live.flac" WAVE\n  TRACK 01 AUDIO\n'
                   '    TITLE "Whole"\n    INDEX 01 00:00:00\n')
    assert cp(own, v1).returncode == 0, v1.log()
    toc = v1.read("toc")
    assert "tracks_staged: 1" in toc, toc
    assert "title=Whole name=2 own.cue track 01" in toc, toc
    os.unlink(v1.tracks / "2 own.cue")
    assert os.listdir(v1.tracks) == []  # rm of the .cue took its file
    assert cp(flac, v1).returncode == 0, v1.log()
    burn_sao(v1)
    check_album_disc(v1, wav_pcm(wav))


def test_flac_with_malformed_cuesheet_is_refused(burnfs, tmp_path):
    v1 = burnfs().drive()
    wav = tone(tmp_path, "src.wav", 5, 440)
    sheet = tmp_path / "bad.cue"
    sheet.write_text('FILE "x.wav" WAVE\n  INDEX 01 00:00:00\n')
    flac = flac_of(wav, tmp_path / "bad.flac",
                   f"--tag-from-file=CUESHEET={sheet}")
    assert cp(flac, v1).returncode != 0
    assert ("bad.flac: refused, malformed cue sheet inside it: line 2: "
            in v1.log()), v1.log()
    assert os.listdir(v1.tracks) == []


# ---- raw audio: FILE ... BINARY / MOTOROLA ---------------------------------

def swapped(pcm):
    b = bytearray(pcm)
    b[0::2], b[1::2] = pcm[1::2], pcm[0::2]
    return bytes(b)


def test_raw_binary_and_motorola(burnfs, tmp_path):
    v1 = burnfs().drive()
    set_controls(v1, write_mode="sao")
    pcm = wav_pcm(tone(tmp_path, "src.wav", 15, 440, 17))
    little = tmp_path / "album.bin"
    little.write_bytes(pcm)
    sheet = tmp_path / "album.cue"
    sheet.write_text(album_sheet("album.bin", "BINARY"))
    # the raw file before its sheet: waiting, not burnt alone
    assert cp(little, v1).returncode == 0, v1.log()
    assert "album.bin: staged, raw CD audio without a header" in v1.log()
    toc = v1.read("toc")
    assert ("note: album.bin: raw CD audio that no cue sheet in tracks/ "
            "names; not burnt alone") in toc, toc
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert ("commit: album.bin is raw CD audio without a header and no cue "
            "sheet in tracks/ names it") in v1.log(), v1.log()
    assert cp(sheet, v1).returncode == 0, v1.log()
    assert "tracks_staged: 3" in v1.read("toc")
    burn_sao(v1)
    check_album_disc(v1, pcm)

    # MOTOROLA: big-endian samples, the sheet first this time
    v2 = burnfs().drive()
    set_controls(v2, write_mode="sao")
    big = tmp_path / "album.img"  # not a raw name: the sheet names it
    big.write_bytes(swapped(pcm))
    sheet.write_text(album_sheet("album.img", "MOTOROLA"))
    assert cp(sheet, v2).returncode == 0, v2.log()
    assert ('album.cue: line 4: FILE "album.img" is not in tracks/; the '
            'sheet is not burnt until it is') in v2.log(), v2.log()
    assert cp(big, v2).returncode == 0, v2.log()
    # Track-At-Once cannot swap the bytes
    set_controls(v2, write_mode="tao")
    r = v2.write("commit", 1)
    assert r.returncode != 0 and "echo sao > write_mode" in v2.log()
    set_controls(v2, write_mode="sao")
    burn_sao(v2)
    check_album_disc(v2, pcm)


def test_raw_file_alone_is_refused(burnfs, tmp_path):
    v1 = burnfs().drive()
    noise = tmp_path / "noise.img"
    noise.write_bytes(os.urandom(SECTOR * 400))
    r = cp(noise, v1)
    assert r.returncode != 0
    assert "noise.img: refused, " in v1.log(), v1.log()
    assert os.listdir(v1.tracks) == []


@pytest.mark.not_through_shim("two drives: the sg shim presents one")
def test_disc_image_bin_cue_burns_again(burnfs, tmp_path):
    """A disc image as burners leave it (IMAGE.bin and its cue sheet,
    FILE ... BINARY, as cdrdao's toc2cue or bchunk take them) copied
    into tracks/ of another drive gives the same disc."""
    m = burnfs(drives=["v1", "v2"])
    v1, v2 = m.drive("v1"), m.drive("v2")
    set_controls(v1, write_mode="sao", pregap="0")
    wavs = [tone(tmp_path, f"{k} t.wav", 5 + k, 300 + 50 * k, 7 * k)
            for k in (1, 2, 3)]
    for w in wavs:
        assert cp(w, v1).returncode == 0
    burn_sao(v1)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copyfile(image_bin(v1), copy / "disc.bin")
    text = image_cue(v1).read_text()
    text = re.sub(r'^FILE "[^"]*"', 'FILE "disc.bin"', text, flags=re.M)
    (copy / "disc.cue").write_text(text)
    set_controls(v2, write_mode="sao")
    assert cp(copy / "disc.cue", v2).returncode == 0, v2.log()
    assert cp(copy / "disc.bin", v2).returncode == 0, v2.log()
    assert "tracks_staged: 3" in v2.read("toc"), v2.read("toc")
    burn_sao(v2)
    _, t1, lo1 = cd_info("cue", image_cue(v1))
    _, t2, lo2 = cd_info("cue", image_cue(v2))
    assert t1 == t2 and lo1 == lo2
    assert image_bin(v1).read_bytes() == image_bin(v2).read_bytes()


# ---- free space, renames ----------------------------------------------------

def test_cue_takes_no_space_and_renames_are_rechecked(burnfs, tmp_path):
    v1 = burnfs().drive()
    album = tone(tmp_path, "album.wav", 15, 440)
    sheet = tmp_path / "album.cue"
    sheet.write_text(album_sheet("album.wav"))
    assert cp(album, v1).returncode == 0
    before = os.statvfs(v1.tracks)
    assert cp(sheet, v1).returncode == 0
    after = os.statvfs(v1.tracks)
    assert after.f_bavail == before.f_bavail  # no track, no gap
    assert after.f_ffree == before.f_ffree

    # mv of the sheet: checked again under its new name
    os.rename(v1.tracks / "album.cue", v1.tracks / "live.cue")
    assert "live.cue: its 1 file is in tracks/: 3 tracks" in v1.log()
    assert "name=live.cue track 03" in v1.read("toc")
    # mv of its audio: the sheet says what it misses, and again when back
    os.rename(v1.tracks / "album.wav", v1.tracks / "other.wav")
    assert ('live.cue: line 4: FILE "album.wav" is not in tracks/; the '
            'sheet is not burnt until it is') in v1.log(), v1.log()
    toc = v1.read("toc")
    assert 'note: live.cue: line 4: FILE "album.wav" is not in tracks/' \
        in toc, toc
    n = v1.log().count("live.cue: its 1 file is in tracks/")
    os.rename(v1.tracks / "other.wav", v1.tracks / "album.wav")
    assert v1.log().count("live.cue: its 1 file is in tracks/") == n + 1
    # a sheet is not audio, audio is not a sheet: refused, nothing lost
    for a, b in [("live.cue", "live.wav"), ("album.wav", "album.cue")]:
        try:
            os.rename(v1.tracks / a, v1.tracks / b)
            raise AssertionError(f"mv {a} {b} accepted")
        except OSError as e:
            assert e.errno == errno.EINVAL, e
        assert f"{a}: cannot be renamed to {b}: " in v1.log(), v1.log()
    assert sorted(os.listdir(v1.tracks)) == ["album.wav", "live.cue"]
    assert "tracks_staged: 3" in v1.read("toc")
    # a malformed sheet renamed in from a temporary name is refused
    bad = tmp_path / ".bad.cue.tmp"
    bad.write_text('FILE "x.wav" WAVE\n  INDEX 01 00:00:00\n')
    assert cp(bad, v1).returncode == 0
    try:
        os.rename(v1.tracks / ".bad.cue.tmp", v1.tracks / "bad.cue")
        raise AssertionError("a malformed sheet accepted")
    except OSError as e:
        assert e.errno == errno.EINVAL, e
    assert "bad.cue: refused, malformed cue sheet: line 2: " in v1.log()
