"""Programs that read audio CDs and find drives, unmodified, against the
virtual recorder through the sg shim: cdrdao (disk-info, scanbus,
read-toc, read-cd), wodim -scanbus, cdparanoia, icedax and libcdio's
cd-info.  Discs are burnt by cdrskin and wodim; what the programs read
is compared with the disc image and with the sources.  Every program
these tests run is installed by tools/install-deps: a missing one fails
the test instead of skipping it.
"""

import os
import re
import shutil
import subprocess

import pytest

from test_shim_programs import (GAP, SECTOR, SHIM, TIMEOUT, cdrskin,
                                pcm_of, run, sectors, shim_env, sources)

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]

assert sources  # the fixture, imported for the tests below


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def test_cdrdao_disk_info(tmp_path, sources):
    """cdrdao sends commands without data with dxfer_direction 0; the
    drive answers them and disk-info describes the burnt disc."""
    need("cdrdao", "cdrskin")
    env = shim_env(tmp_path / "disc")
    cdrskin(env, "-tao", "-audio", str(sources["b"]), str(sources["c"]))
    p = run(["cdrdao", "disk-info", "--device", "/dev/sr0"], env)
    out = p.stdout + p.stderr
    assert "BURNFS" in out and "Virtual CD-RW" in out, out
    assert "Cannot setup device" not in out, out
    assert re.search(r"Sessions\s*:\s*1$", out, re.M), out
    assert re.search(r"Last Track\s*:\s*2$", out, re.M), out
    assert re.search(r"Appendable\s*:\s*no$", out, re.M), out


def test_cdrdao_scanbus_finds_the_drive(tmp_path):
    need("cdrdao")
    env = shim_env(tmp_path / "disc")
    p = run(["cdrdao", "scanbus"], env)
    out = p.stdout + p.stderr
    assert re.search(r"^/dev/sr0\s*:\s*BURNFS\s*,\s*Virtual CD-RW\s*,"
                     r"\s*1\.00", out, re.M), out


def test_wodim_scanbus_finds_the_drive(tmp_path):
    need("wodim")
    env = shim_env(tmp_path / "disc")
    out = run(["wodim", "-scanbus"], env).stdout
    assert re.search(r"^\s*2,0,0\s+\d+\)\s+'BURNFS\s*'\s+'Virtual CD-RW\s*'"
                     r"\s+'1\.00'\s+Removable CD-ROM", out, re.M), out
