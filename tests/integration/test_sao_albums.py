"""Albums burnt Session-At-Once, checked with readers that are not
burnfs: the planned disc (`toc.cue` in sao mode, read by cd-info) is the
disc the virtual recorder burns (its IMAGE.cue, read by cd-info; its
audio, cut by bchunk); gapless joins, pregaps per track, CD-TEXT from
tags and from extended attributes, albums from cue sheets."""

import re

from burnfs_helpers import cd_info, commit, make_wav, run, stage, wav_pcm

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
