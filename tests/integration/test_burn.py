"""Burning an audio CD end to end: cp three WAVs into tracks/, echo 1 >
commit, wait for the job, then check the disc image with third-party
readers (cd-info for the layout, bchunk for the audio)."""

import subprocess

from burnfs_helpers import (CMD_TIMEOUT, SECTOR_FRAMES, assert_pcm_then_zeros,
                            bchunk_extract, cd_info, ls, make_wav,
                            padded_sectors, quote, sh, tao_starts, wait_for,
                            wav_pcm)

# (name in tracks/, frames, tone).  Natural order puts "10 ..." last.
TRACKS = [
    ("1 odd length.wav", 5 * 44100 + 123, 440),    # not whole sectors
    ("2 short.wav", 154350, 660),                  # 3.5 s: padded to 4 s
    ("10 whole sectors.wav", 450 * SECTOR_FRAMES, 880),
]


def test_burn_three_tracks(mnt, tmp_path):
    v1 = mnt.drive("v1")
    src = []
    for name, frames, freq in TRACKS:
        path = tmp_path / name
        make_wav(path, frames, freq)
        assert frames % SECTOR_FRAMES != 0 or name.startswith("10")
        src.append(path)

    r = sh("cp " + " ".join(quote(p) for p in src) + " " + quote(v1.tracks))
    assert r.returncode == 0, f"cp failed: {r.stderr}"
    assert sorted(ls(v1.tracks)) == sorted(n for n, _, _ in TRACKS)
    # The files read back unchanged.
    for path in src:
        r = subprocess.run(["cmp", str(path), str(v1.tracks / path.name)],
                           capture_output=True, timeout=CMD_TIMEOUT)
        assert r.returncode == 0, f"{path.name} reads back different"

    assert v1.kv("media").get("state") == "blank"
    r = v1.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{v1.log()}"

    # progress reads at once: the job's lines so far.
    progress = subprocess.run(["cat", str(v1.file("progress"))],
                              capture_output=True, text=True, timeout=10)
    assert progress.returncode == 0, progress.stderr
    assert progress.stdout.startswith("burn: "), progress.stdout

    v1.wait_state("done", timeout=90)
    assert v1.read("progress").splitlines()[-1].split()[1] == "done"
    assert ls(v1.tracks) == [], "tracks/ not empty after a successful burn"
    media = v1.kv("media")
    assert media.get("state") == "closed", media

    # Layout: TAO addresses as cd-info reads them from the cue sheet.
    pcm = [wav_pcm(p) for p in src]
    sectors = [padded_sectors(len(p)) for p in pcm]
    starts, _ = tao_starts(0, sectors)
    out, tracks, _ = cd_info("cue", f"{v1.image}.cue")
    assert [(n, lsn, kind) for n, lsn, kind in tracks] == \
        [(k + 1, s, "audio") for k, s in enumerate(starts)], out

    # Audio: bchunk's extraction is the source PCM, then silence.
    got = bchunk_extract(f"{v1.image}.bin", f"{v1.image}.cue",
                         tmp_path / "extract")
    assert len(got) == 3, f"bchunk extracted {len(got)} tracks"
    for k in range(3):
        assert_pcm_then_zeros(got[k], pcm[k], f"track {k + 1}")
        assert len(got[k]) >= sectors[k] * 2352, \
            f"track {k + 1}: shorter than its padded length"


def test_done_shows_the_disc_and_tracks_as_left(mnt, tmp_path):
    """Whoever reads `state: done` sees tracks/ emptied and media showing
    the new session, not the disc as it was before the burn.  Several
    appendable sessions in a row, status read as fast as it can be."""
    v1 = mnt.drive("v1")
    wav = tmp_path / "t.wav"
    make_wav(wav, 300 * SECTOR_FRAMES, 440)
    assert v1.write("do_not_finalize", 1).returncode == 0
    for session in range(1, 5):
        r = sh(f"cp {quote(wav)} {quote(v1.tracks / 'a.wav')}")
        assert r.returncode == 0, r.stderr
        r = v1.write("commit", 1)
        assert r.returncode == 0, f"commit failed: {r.stderr}\n{v1.log()}"
        state = v1.wait_state(("done", "failed", "cancelled"), timeout=60)
        assert state == "done", v1.log()
        # Read right after the first `done`, with nothing in between.
        tracks = ls(v1.tracks)
        media = v1.kv("media")
        assert tracks == [], f"session {session}: tracks/ still {tracks}"
        assert media.get("state") == "appendable", media
        assert media.get("sessions") == str(session), media


def test_burnt_tracks_leave_the_spool(mnt, tmp_path):
    """After a burn the burnt tracks' spool files are deleted (after
    `done`, not before it), and a restart does not bring them back."""
    v1 = mnt.drive("v1")
    wav = tmp_path / "t.wav"
    make_wav(wav, 300 * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(wav)} {quote(v1.tracks / 'a.wav')}")
    assert r.returncode == 0, r.stderr
    spool = mnt.spool / v1.path.name
    assert list(spool.glob("t*.audio")), "no spool file for a staged track"
    assert v1.write("commit", 1).returncode == 0, v1.log()
    assert v1.wait_state(("done", "failed"), timeout=60) == "done", v1.log()
    wait_for(lambda: not list(spool.glob("t*")), 30,
             what=f"the spool to be emptied: {sorted(spool.iterdir())}")
    mnt.restart()
    assert ls(v1.tracks) == []
