"""Session-At-Once through the filesystem: `write_mode` sao with `pregap`
0 burns a gapless album whose disc image is the exact concatenation of
the sources (only the last track padded), with the disc's CD-TEXT in the
image's cue sheet; the refusals of sao (keep_session_open, a drive
without SAO) leave the staged tracks in place."""

import os

from burnfs_helpers import commit, make_wav, stage, wav_pcm

SECTOR = 2352


def test_gapless_album_is_the_concatenation(burnfs, tmp_path):
    v1 = burnfs().drive()
    for name, value in [("write_mode", "sao"), ("pregap", "0"),
                        ("disc_title", "Live"),
                        ("disc_performer", "Trio")]:
        assert v1.write(name, value).returncode == 0, v1.log()
    assert v1.read("write_mode") == "sao\n"
    assert v1.read("pregap") == "0\n"
    # 5 s + 37 frames and 6 s + 101 frames: both end mid-sector.
    wavs = [make_wav(tmp_path / "1 a.wav", 44100 * 5 + 37, 440),
            make_wav(tmp_path / "2 b.wav", 44100 * 6 + 101, 660)]
    stage(v1, wavs)
    commit(v1)
    v1.wait_state("done", timeout=120)
    log = v1.log()
    assert "Session-At-Once" in log, log
    assert "gapless after track 1" in log, log
    assert "verification passed, 2 tracks match" in log, log

    pcm = b"".join(wav_pcm(w) for w in wavs)
    padded = pcm + bytes(-len(pcm) % SECTOR)
    image = (v1.image.parent / (v1.image.name + ".bin")).read_bytes()
    assert image[:len(padded)] == padded
    assert not any(image[len(padded):])
    cue = (v1.image.parent / (v1.image.name + ".cue")).read_text()
    assert 'TITLE "Live"' in cue, cue
    assert 'PERFORMER "Trio"' in cue, cue


def test_keep_session_open_and_sao_refuse_each_other(burnfs):
    v1 = burnfs().drive()
    assert v1.write("keep_session_open", "1").returncode == 0
    r = v1.write("write_mode", "sao")
    assert r.returncode != 0
    assert v1.read("write_mode") == "tao\n"
    assert "keep_session_open" in v1.log()
    assert v1.write("keep_session_open", "0").returncode == 0
    assert v1.write("write_mode", "sao").returncode == 0
    assert v1.write("keep_session_open", "1").returncode != 0


def test_drive_without_sao_fails_the_commit(burnfs, tmp_path):
    v1 = burnfs(drives=[("v1", "sao=0")]).drive()
    assert v1.write("write_mode", "sao").returncode == 0
    stage(v1, [make_wav(tmp_path / "1 a.wav", 44100 * 4, 440)])
    r = v1.write("commit", 1)
    assert r.returncode != 0
    assert "echo tao > write_mode" in v1.log()
    assert os.listdir(v1.tracks) == ["1 a.wav"]
