"""Every audio format intake reads, burnt on one disc.

Sources are generated with sox, flac, oggenc, opusenc and lame, plus
three files shipped by Debian packages (alsa-utils, sound-theme-
freedesktop, sound-icons).  Each is copied into tracks/ with cp, the disc
is burnt, and bchunk extracts the tracks:

- CD-format WAV reaches the disc bit-exact;
- every other file equals an independent conversion of the same source
  (the format's own decoder where sox cannot read it, then
  `sox in -r 44100 -b 16 -c 2 out.wav`, and for 5.1 a sox remix with the
  BS.775 coefficients) within the tolerance in doc/intake.md:
  correlation >= 0.999, peak difference <= PEAK_LSB (lossy codecs:
  PEAK_LSB_LOSSY), and the same length within one sector (588 frames).

What was copied in reads back byte-identical before the burn."""

import array
import math
import re
import subprocess
from pathlib import Path

from burnfs_helpers import (CMD_TIMEOUT, SECTOR_FRAMES, bchunk_extract, ls,
                            make_wav, quote, run, sh, wav_pcm)

PEAK_LSB = 8          # resampled/dithered PCM formats
PEAK_LSB_LOSSY = 64   # two decoders of the same lossy stream
MIN_CORR = 0.999

SHIPPED = [
    # (path, package): a 48 kHz mono WAV, a 44.1 kHz Ogg Vorbis, a
    # low-rate mono WAV.
    ("/usr/share/sounds/alsa/Front_Center.wav", "alsa-utils"),
    ("/usr/share/sounds/freedesktop/stereo/bell.oga",
     "sound-theme-freedesktop"),
    ("/usr/share/sounds/sound-icons/cembalo-1.wav", "sound-icons"),
]


def sox(*args):
    r = run(["sox", "-D", *map(str, args)])
    assert r.returncode == 0, f"sox {args}: {r.stderr}"


def tool(*args):
    r = run([str(a) for a in args])
    assert r.returncode == 0, f"{args}: {r.stdout}{r.stderr}"


def tone(path, rate, channels, bits, seconds=2.0, enc="signed-integer",
         kind="sine", vol=0.6):
    """A chord-like test signal (different per channel) written by sox."""
    freqs = [440, 554, 659, 330, 880, 247][:channels]
    synth = ["synth", f"{seconds}"] + \
        [x for f in freqs for x in (kind, str(f))]
    sox("-n", "-r", rate, "-c", channels, "-b", bits, "-e", enc, path,
        *synth, "vol", str(vol))
    return path


def reference(src, out, decoder=None, remix=None):
    """The independent conversion: decode (if sox cannot), then sox."""
    inp = src
    if decoder:
        inp = out.with_suffix(".dec.wav")
        decoder(src, inp)
    args = [inp, "-r", "44100", "-b", "16", "-c", "2", out]
    if remix:
        args = [inp, "-r", "44100", "-b", "16", out, "remix", *remix]
    sox(*args)
    return wav_pcm(out)


def samples(pcm):
    a = array.array("h")
    a.frombytes(pcm)
    return a


def compare(got, ref, frames, what, peak_bound):
    """got (disc, padded) against ref: length, correlation, peak error.
    frames: the converted length burnfs logged."""
    frames_ref = len(ref) // 4
    assert abs(frames - frames_ref) <= SECTOR_FRAMES, \
        f"{what}: {frames} frames converted, reference has {frames_ref}"
    g, r = samples(got), samples(ref)
    assert not any(g[2 * frames:]), f"{what}: audio after the track's end"
    n = min(len(g), len(r))
    sgr = sum(a * b for a, b in zip(g[:n], r[:n]))
    sgg = sum(a * a for a in g[:n])
    srr = sum(b * b for b in r[:n])
    corr = sgr / math.sqrt(sgg * srr) if sgg and srr else 0.0
    peak = max(abs(a - b) for a, b in zip(g[:n], r[:n]))
    assert corr >= MIN_CORR, f"{what}: correlation {corr:.6f}"
    assert peak <= peak_bound, f"{what}: peak difference {peak} LSB"
    return frames_ref, corr, peak


def opusdec(src, out):
    tool("opusdec", "--quiet", "--rate", "48000", src, out)


def oggdec(src, out):
    tool("oggdec", "--quiet", "-o", out, src)


def lamedec(src, out):
    tool("lame", "--quiet", "--decode", src, out)


def staged_line(log, name):
    """The 'staged' log line of a track."""
    for line in log.splitlines():
        if f" {name}: staged," in line:
            return line
    return None


def converted_frames(line):
    m = re.search(r"converted[^,]*, [0-9:.]+, ([0-9]+) frames", line)
    assert m, line
    return int(m.group(1))


def test_every_format_on_one_disc(mnt, tmp_path):
    v1 = mnt.drive("v1")
    src = tmp_path / "src"
    ref = tmp_path / "ref"
    src.mkdir()
    ref.mkdir()
    # (name, path, kind, extra): kind "exact" or (decoder, remix, bound).
    items = []

    def add(name, path, decoder=None, remix=None, lossy=False):
        items.append((name, Path(path), decoder, remix,
                      PEAK_LSB_LOSSY if lossy else PEAK_LSB))

    cd = make_wav(src / "01 cd.wav", 2 * 44100 + 17, 440)
    items.append(("01 cd.wav", cd, "exact", None, 0))
    add("02 u8 mono 22k.wav", tone(src / "u8.wav", 22050, 1, 8,
                                   enc="unsigned-integer"))
    add("03 24bit 48k.wav", tone(src / "24.wav", 48000, 2, 24))
    add("04 32bit 96k.wav", tone(src / "32.wav", 96000, 2, 32))
    add("05 float.wav", tone(src / "f.wav", 44100, 2, 32,
                             enc="floating-point"))
    add("06 mono 44k.wav", tone(src / "m.wav", 44100, 1, 16))
    w64 = tone(src / "x.w64", 48000, 2, 16)
    add("07 w64.w64", w64)
    add("08 aiff.aiff", tone(src / "x.aiff", 44100, 2, 16))
    add("09 aifc.aifc", tone(src / "x.aifc", 32000, 2, 16))
    f16 = tone(src / "f16.wav", 44100, 2, 16)
    tool("flac", "--silent", "-f", "-o", src / "f16.flac", f16)
    items.append(("10 flac16.flac", src / "f16.flac", "exact-of", f16, 0))
    f24 = tone(src / "f24.wav", 96000, 2, 24)
    tool("flac", "--silent", "-f", "-o", src / "f24.flac", f24)
    add("11 flac24.flac", src / "f24.flac", decoder=lambda s, o:
        tool("flac", "--silent", "-d", "-f", "-o", o, s))
    ov = tone(src / "ov.wav", 44100, 2, 16)
    tool("oggenc", "--quiet", "-q", "6", "-o", src / "x.ogg", ov)
    add("12 vorbis.ogg", src / "x.ogg", decoder=oggdec, lossy=True)
    op = tone(src / "op.wav", 44100, 2, 16)
    tool("opusenc", "--quiet", "--bitrate", "160", op, src / "x.opus")
    add("13 opus.opus", src / "x.opus", decoder=opusdec, lossy=True)
    mp = tone(src / "mp.wav", 44100, 2, 16)
    tool("lame", "--quiet", "-b", "256", mp, src / "x.mp3")
    add("14 mp3.mp3", src / "x.mp3", decoder=lamedec, lossy=True)
    # Quiet enough that the down-mix does not clip.
    six = tone(src / "six.wav", 48000, 6, 24, vol=0.25)
    add("15 5.1.wav", six, remix=["1,3v0.70710678,5v0.70710678",
                                  "2,3v0.70710678,6v0.70710678"])
    for k, (path, pkg) in enumerate(SHIPPED):
        assert Path(path).exists(), f"{path} missing: install {pkg}"
        dec = oggdec if path.endswith(".oga") else None
        add(f"{16 + k} shipped {Path(path).name}", path, decoder=dec,
            lossy=dec is not None)

    for name, path, *_ in items:
        r = sh(f"cp {quote(path)} {quote(v1.tracks / name)}")
        assert r.returncode == 0, f"cp {name}: {r.stderr}\n{v1.log()}"
    assert ls(v1.tracks) == [n for n, *_ in items]
    for name, path, *_ in items:
        r = subprocess.run(["cmp", str(path), str(v1.tracks / name)],
                           capture_output=True, timeout=CMD_TIMEOUT)
        assert r.returncode == 0, f"{name} reads back different"
    log = v1.log()
    for name, *_ in items[1:]:
        line = staged_line(log, name)
        assert line and "converted" in line, f"{name}: {line}\n{log}"
    assert "converted" not in staged_line(log, "01 cd.wav")
    assert v1.kv("status").get("converting") == "none"

    r = v1.write("commit", 1)
    assert r.returncode == 0, f"commit failed: {r.stderr}\n{v1.log()}"
    v1.wait_state("done", timeout=240)
    got = bchunk_extract(f"{v1.image}.bin", f"{v1.image}.cue",
                         tmp_path / "extract")
    assert len(got) == len(items)
    report = []
    for k, (name, path, decoder, remix, bound) in enumerate(items):
        if decoder == "exact":
            pcm = wav_pcm(path)
            assert got[k][:len(pcm)] == pcm, f"{name}: not bit-exact"
            assert not any(got[k][len(pcm):]), f"{name}: tail not silent"
            continue
        if decoder == "exact-of":  # 16-bit 44.1 kHz FLAC: lossless
            pcm = wav_pcm(remix)
            assert got[k][:len(pcm)] == pcm, f"{name}: not bit-exact"
            continue
        want = reference(path, ref / f"{k}.wav", decoder, remix)
        frames = converted_frames(staged_line(log, name))
        frames, corr, peak = compare(got[k], want, frames, name, bound)
        report.append(f"{name}: corr {corr:.6f} peak {peak}")
    print("\n".join(report))
