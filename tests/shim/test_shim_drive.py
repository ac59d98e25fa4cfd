"""The drive itself as programs see it through the sg shim: its device
nodes, the medium's write speeds from the ATIP, blanking, READ FORMAT
CAPACITIES and mode page 0Eh, opening with the tray open, and the lock
file of exclusive opens.  Every program these tests run is installed by
tools/install-deps: a missing one fails the test instead of skipping it.
"""

import os
import re
import shutil

import pytest

from test_shim_programs import SHIM, run, shim_env

pytestmark = [
    pytest.mark.skipif(not SHIM or not os.path.exists(SHIM),
                       reason="BURNFS_SGSHIM does not name the shim"),
]


def need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    assert not missing, f"not installed (tools/install-deps): {missing}"


def test_ls_shows_scd0_as_a_link_to_sr0(tmp_path):
    env = shim_env(tmp_path / "disc")
    p = run(["ls", "-l", "/dev/scd0", "/dev/sr0", "/dev/sg0"], env)
    assert p.stderr == "", p.stderr
    lines = p.stdout.splitlines()
    assert re.match(r"^l\S+ .* /dev/scd0 -> sr0$", lines[0]), p.stdout
    assert re.match(r"^c\S+ .* 21, 0 .* /dev/sg0$", lines[1]), p.stdout
    assert re.match(r"^b\S+ .* 11, 0 .* /dev/sr0$", lines[2]), p.stdout
    p = run(["stat", "-L", "-c", "%F %t:%T", "/dev/scd0"], env)
    assert p.stdout.strip() == "block special file b:0", p.stdout
    p = run(["readlink", "-f", "/dev/scd0"], env)
    assert p.stdout.strip() == "/dev/sr0", p.stdout
