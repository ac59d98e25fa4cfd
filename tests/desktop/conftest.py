"""Fixtures of the desktop suite.

The integration suite's conftest (tests/integration/conftest.py: the
`burnfs` factory that mounts virtual recorders and checks how burnfs
exits, the per-test time limit, the "nothing passed" guard) is loaded
here as the module `integration_conftest`, unchanged, and its fixtures
and hooks are imported into this conftest; its helpers
(burnfs_helpers.py) are on the import path.

- `installed`: `meson install --destdir` of the build that holds
  $BURNFS, once per run; its value is the installed prefix (PREFIX under
  the destdir).
- `desktop`: a DesktopSession (desktop_session.py) whose PCManFM sees
  that prefix at PREFIX; it sets DBUS_SESSION_BUS_ADDRESS for the rest
  of the test, so that a burnfs mounted afterwards has the private
  session bus too.  It depends on `burnfs`, so that it is torn down
  first: PCManFM lets go of the mount before the mount is unmounted.
  A test marked `desktop_trash` gets the desktop with a trash
  (DesktopSession(trash=True): libfm's own trash settings, gvfs on the
  private bus); `desktop_trash(libfm="key=value\\n")` adds to libfm.conf.
  At the end it takes a last screenshot and copies the logs of every
  process and the notifications to the artefacts directory
  ($BURNFS_ARTEFACTS, meson's log directory under `meson test`).
"""

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRCDIR = Path(os.environ.get("BURNFS_SRCDIR", HERE.parent.parent))
INTEGRATION = SRCDIR / "tests" / "integration"

sys.path.insert(0, str(INTEGRATION))
sys.path.insert(0, str(HERE))
_spec = importlib.util.spec_from_file_location("integration_conftest",
                                               INTEGRATION / "conftest.py")
_module = importlib.util.module_from_spec(_spec)
sys.modules["integration_conftest"] = _module
_spec.loader.exec_module(_module)

# The integration suite's fixtures and hooks, registered as this
# conftest's own.
import integration_conftest  # noqa: E402
from integration_conftest import (  # noqa: E402,F401
    burnfs, pytest_runtest_logreport,
    pytest_runtest_makereport, pytest_sessionfinish, pytest_sessionstart,
    time_limit)

from burnfs_helpers import run  # noqa: E402
from desktop_session import DesktopSession  # noqa: E402

BURNFS = os.environ.get("BURNFS", "")
PREFIX = "/usr/local"  # meson's default prefix, which the build uses


def pytest_configure(config):
    integration_conftest.pytest_configure(config)
    config.addinivalue_line(
        "markers", "desktop_trash(libfm=''): the desktop has a trash "
        "(libfm's trash settings, gvfs on the private bus; libfm: more "
        "lines of libfm.conf)")


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory):
    where = os.environ.get("BURNFS_ARTEFACTS")
    path = Path(where) if where else tmp_path_factory.mktemp("artefacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    builddir = Path(BURNFS).resolve().parent.parent
    dest = tmp_path_factory.mktemp("destdir")
    r = run(["meson", "install", "-C", str(builddir), "--no-rebuild",
             "--destdir", str(dest)], timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return dest / PREFIX.lstrip("/")


@pytest.fixture
def desktop(burnfs, installed, artefacts, tmp_path, monkeypatch, request):
    if os.geteuid() != 0:
        pytest.fail("the desktop suite runs as root: PCManFM sees the "
                    "installed tree through a bind mount in a private "
                    "mount namespace")
    out = artefacts / request.node.name
    shutil.rmtree(out, ignore_errors=True)
    trash = request.node.get_closest_marker("desktop_trash")
    session = DesktopSession(tmp_path / "desktop", out,
                             overlay=(installed, PREFIX),
                             trash=trash is not None,
                             libfm=trash.kwargs.get("libfm", "") if trash
                             else "")
    try:
        session.start()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.bus_address)
        yield session
        session.screenshot("end")
    finally:
        killed = session.stop()
        for f in session.logs.iterdir():
            shutil.copy(f, out / f.name)
        if session.notifications.exists():
            shutil.copy(session.notifications, out / "notifications.jsonl")
    assert not killed, f"desktop processes that needed SIGKILL: {killed}"
