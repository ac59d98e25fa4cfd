"""The drive's text and control files: every readable file reads with
cat, fixed keys are present, 0|1 switches read back what bash and dash
wrote, and garbage is refused at write() with the value unchanged."""

import pytest

from burnfs_helpers import cat, ls, parse_kv

READABLE = ["info", "media", "toc", "speeds", "status", "log",
            "do_not_finalize", "keep_session_open", "test_write",
            "buffer_underrun_protection", "write_speed", "mcn", "verify"]
SWITCHES = {"do_not_finalize": "0", "keep_session_open": "0",
            "test_write": "0", "buffer_underrun_protection": "1",
            "verify": "1"}


def test_tree(v1):
    names = set(ls(v1.path))
    expected = set(READABLE) | {"commit", "cancel", "tracks", "progress"}
    assert expected <= names, f"missing: {sorted(expected - names)}"
    assert ls(v1.mount.mnt) == [v1.path.name]


def test_tree_eject_and_blank(v1):
    names = set(ls(v1.path))
    missing = sorted({"eject", "blank"} - names)
    assert not missing, f"missing: {missing}"


def test_cat_every_readable_file(v1):
    for name in READABLE:
        cat(v1.file(name))  # asserts exit status 0
    # With no job running, progress is a finite stream.
    cat(v1.file("progress"), timeout=20)


def test_fixed_keys(v1):
    status = parse_kv(v1.read("status"))
    assert status.get("state") == "idle", status
    media = parse_kv(v1.read("media"))
    assert media.get("type") == "CD-R", media
    assert media.get("state") == "blank", media


@pytest.mark.parametrize("name", sorted(SWITCHES))
def test_switch_defaults(v1, name):
    assert v1.read(name).strip() == SWITCHES[name]


@pytest.mark.parametrize("name", sorted(SWITCHES))
def test_switch_round_trip_bash_and_dash(v1, name):
    for shell, value in [("bash", 1), ("bash", 0), ("dash", 1), ("dash", 0),
                         ("bash", 1)]:
        r = v1.write(name, value, shell=shell)
        assert r.returncode == 0, f"{shell}: echo {value} > {name}: " \
            f"{r.stderr}"
        assert v1.read(name).strip() == str(value), f"{shell} wrote {value}"


@pytest.mark.parametrize("shell", ["bash", "dash"])
def test_switch_garbage_refused(v1, shell):
    r = v1.write("do_not_finalize", 1)
    assert r.returncode == 0, r.stderr
    for garbage in ["banana", "2", "-1", "01x"]:
        r = v1.write("do_not_finalize", garbage, shell=shell)
        assert r.returncode != 0, f"{shell}: {garbage!r} accepted"
        if shell == "bash":
            assert "write error" in r.stderr, r.stderr
        assert v1.read("do_not_finalize").strip() == "1", \
            f"value changed by {garbage!r}"
