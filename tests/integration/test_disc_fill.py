"""The disc's last sectors: a CD-format WAV that fits the free space
exactly stages (its 44-byte header is not audio), and one sector more is
refused with ENOSPC and a log line about the room on the disc, not about
a "truncated" file."""

from burnfs_helpers import SECTOR_FRAMES, ls, make_wav, quote, sh
from test_system_faults import nearly_full_disc

FREE = 1000


def test_wav_filling_the_disc_exactly_stages(burnfs, tmp_path):
    base = tmp_path / "m0"
    base.mkdir()
    nearly_full_disc(base / "v1-disc", FREE)
    mnt = burnfs(base=base)
    v1 = mnt.drive()
    assert int(v1.kv("media")["free_sectors"]) == FREE
    # One track takes its sectors and 2 run-out sectors.
    fits = make_wav(tmp_path / "fits.wav", (FREE - 2) * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(fits)} {quote(v1.tracks)}/")
    assert r.returncode == 0, f"{r.stderr}\n{v1.log()}"
    assert ls(v1.tracks) == ["fits.wav"]
    assert v1.kv("toc")["fits"] == "yes"
    r = sh(f"rm {quote(v1.tracks / 'fits.wav')}")
    assert r.returncode == 0, r.stderr
    # One sector too many: ENOSPC, and the log says why.
    big = make_wav(tmp_path / "big.wav", (FREE - 1) * SECTOR_FRAMES, 440)
    r = sh(f"cp {quote(big)} {quote(v1.tracks)}/")
    assert r.returncode != 0 and "No space left on device" in r.stderr, \
        r.stderr
    log = v1.log()
    assert "big.wav: refused, the disc has no room" in log, log
    assert "big.wav: removed from tracks/: incomplete, a write was " \
        "refused because the disc has no room" in log, log
    assert "truncated" not in log, log
    assert ls(v1.tracks) == []
