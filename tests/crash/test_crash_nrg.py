"""The virtual recorder's Nero image (IMAGE.nrg) is durable once written:
its new name is synced like the image's other files.

IMAGE.nrg is written to IMAGE.nrg.tmp, fsynced and renamed; the rename
is on disk only once the image's directory is fsynced.  The crash model
(crash_model.py) cannot replay this file (it is built with
copy_file_range), so this test reads burnfs's system calls under strace
while an appendable disc is burnt (a disc with an open next session gets
an IMAGE.nrg) and checks that every rename onto IMAGE.nrg is followed by
an fsync of the image's directory.
"""

import re

from burnfs_helpers import make_wav, quote, sh
from test_crash_states import TracedMount


def test_nrg_rename_is_synced(tmp_path, monkeypatch):
    img = tmp_path / "img"
    img.mkdir()
    image = img / "v1-disc"
    log = tmp_path / "strace.log"
    # LeakSanitizer cannot run under ptrace.
    monkeypatch.setenv("ASAN_OPTIONS",
                       "detect_leaks=0:abort_on_error=1:halt_on_error=1")
    (tmp_path / "mnt").mkdir()
    m = TracedMount(log, tmp_path / "mnt", [("v1", str(image), "")],
                    tmp_path / "spool")
    m.start(timeout=60)
    monkeypatch.undo()
    try:
        d = m.drive("v1")
        wav = make_wav(tmp_path / "a.wav", 20000, 440)
        assert sh(f"cp {quote(wav)} {quote(d.tracks)}").returncode == 0
        assert d.write("do_not_finalize", 1).returncode == 0
        assert d.write("commit", 1).returncode == 0
        d.wait_state("done", timeout=90)
    except BaseException:
        m.abandon()
        raise
    m.stop()
    assert (img / "v1-disc.nrg").is_file(), "no IMAGE.nrg was written"

    lines = log.read_text(errors="replace").split("\n")
    nrg = f'"{image}.nrg"'
    renames = [i for i, ln in enumerate(lines)
               if re.search(r"\brename(at2?)?\(", ln) and nrg in ln
               and ".nrg.tmp" in ln]
    assert renames, "no rename onto IMAGE.nrg in the trace"
    dir_sync = re.compile(r"\bf(data)?sync\(\d+<" + re.escape(str(img))
                          + r">")
    for i in renames:
        assert any(dir_sync.search(ln) for ln in lines[i + 1:]), \
            f"IMAGE.nrg renamed without an fsync of {img} after it: " \
            f"{lines[i]}"
