"""burnfs at home on a Linux system: what `meson install` installs, and
that it works as installed.

- the man page renders without warnings and names every option and
  every file of the tree;
- `systemd-analyze verify` accepts the unit, and the command the unit
  runs mounts a tree whose files belong to group cdrom;
- `mount -t fuse.burnfs ... none MOUNTPOINT` and an fstab line (through
  `mount -T FSTAB`) mount burnfs; the helper finds burnfs on the standard
  PATH, so these run in a private mount namespace where the installed
  bin directory is bind-mounted over /usr/local/bin;
- `--help`, `--version`, and a clear message with exit status 1 for a
  missing mount point, no drives, a device without permission, a device
  that is not a CD recorder, and a spool that cannot be created;
- a user in group cdrom (created for the test, removed after) mounts,
  burns on a virtual recorder and unmounts without root;
- burnfsctl is installed, and every file manager's Burn / Eject / Blank
  action file is where that file manager reads it, with the contract's
  labels and burnfsctl from the configured bindir (desktop-file-validate
  for Thunar's plain desktop entries; the GNOME Files extension loaded
  with stand-ins for Nautilus).

The installation is `meson install --destdir` of the build directory
that holds $BURNFS, into a temporary directory.
"""

import grp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from burnfs_helpers import run, wait_for

BURNFS = os.environ.get("BURNFS", "")
SRCDIR = Path(os.environ.get("BURNFS_SRCDIR", "."))
BUILDDIR = Path(BURNFS).resolve().parent.parent if BURNFS else None
PREFIX = "/usr/local"

pytestmark = pytest.mark.not_through_shim(
    "installation tests run once, not through the sg shim")

OPTIONS = ["--drive=", "--virtual=", "--spool=", "--no-notify", "nonotify",
           "--help", "--version",
           "media=", "speed=", "pace=", "buffer="]
TREE_FILES = ["tracks/", "info", "media", "toc", "speeds", "status",
              "progress", "log", "do_not_finalize", "keep_session_open",
              "test_write", "buffer_underrun_protection", "write_speed",
              "mcn", "commit", "cancel", "eject", "blank"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    dest = tmp_path_factory.mktemp("destdir")
    r = run(["meson", "install", "-C", str(BUILDDIR), "--no-rebuild",
             "--destdir", str(dest)], timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    root = dest / PREFIX.lstrip("/")
    assert (root / "bin" / "burnfs").exists()
    return root


def asan_env():
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS",
                   "detect_leaks=1:abort_on_error=1:halt_on_error=1")
    return env


def test_install_puts_everything_in_place(installed):
    for rel in ["bin/burnfs", "share/man/man1/burnfs.1",
                "lib/systemd/system/burnfs.service",
                "lib/udev/rules.d/70-burnfs.rules",
                "share/doc/burnfs/examples/fstab.example"]:
        assert (installed / rel).is_file(), rel
    assert os.access(installed / "bin/burnfs", os.X_OK)
    unit = (installed / "lib/systemd/system/burnfs.service").read_text()
    assert f"{PREFIX}/bin/burnfs" in unit and "@BINDIR@" not in unit


def test_man_page(installed):
    page = installed / "share/man/man1/burnfs.1"
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    r = run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)])
    assert r.returncode == 0 and r.stderr == "", r.stderr
    text = run(["groff", "-man", "-Tutf8", "-P", "-cbou", str(page)]).stdout
    text = text.replace("\u2010", "-").replace("\u2212", "-")
    for opt in OPTIONS:
        assert opt.rstrip("=") in text, f"man page lacks {opt}"
    for f in TREE_FILES:
        assert re.search(r"drive/" + re.escape(f), text), \
            f"man page lacks {f}"


def test_man_page_names_the_tree_and_the_installed_paths(installed,
                                                        burnfs):
    """Every file of a drive directory, as a mount shows it, is in the
    installed man page and in doc/files.md; the paths in the man page's
    FILES are the installed ones."""
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    page = installed / "share/man/man1/burnfs.1"
    text = run(["groff", "-man", "-Tutf8", "-P", "-cbou", str(page)]).stdout
    text = text.replace("\u2010", "-").replace("\u2212", "-")
    files_md = (SRCDIR / "doc" / "files.md").read_text()
    drive = burnfs(drives=[("v1", "")]).drive()
    names = sorted(os.listdir(drive.path))
    assert "tracks" in names and "commit" in names, names
    for name in names:
        shown = name + "/" if (drive.path / name).is_dir() else name
        assert re.search(r"drive/" + re.escape(shown) + r"(\s|$)", text), \
            f"man page lacks {shown}"
        assert f"`{name}" in files_md, f"doc/files.md lacks {name}"
    assert "@" not in page.read_text().split(".TH", 1)[1], \
        "an unsubstituted variable in the man page"
    for rel in ["lib/systemd/system/burnfs.service",
                "lib/udev/rules.d/70-burnfs.rules",
                "share/doc/burnfs/files.md",
                "share/doc/burnfs/examples/fstab.example"]:
        assert f"{PREFIX}/{rel}" in text.replace("\n", ""), rel
        assert (installed / rel).is_file(), rel


def test_help_and_version():
    r = run([BURNFS, "--help"], env=asan_env())
    assert r.returncode == 0
    for opt in ["--drive=", "--virtual=", "--spool=", "-o", "SOURCE",
                "mount -t fuse.burnfs"]:
        assert opt in r.stdout, opt
    r = run([BURNFS, "--version"], env=asan_env())
    assert r.returncode == 0
    assert re.match(r"burnfs \d+\.\d+\.\d+ \(libfuse 3\.", r.stdout)


def test_quiet_mount(burnfs):
    """A mount and unmount print nothing on stderr: no warning from
    libfuse about its own thread defaults, which users would take for a
    fault."""
    m = burnfs()
    assert (m.mnt / m.drive().path.name / "status").exists()
    m.stop()
    text = m.stderr_text()
    assert "Ignoring invalid" not in text, text
    assert "max threads" not in text, text


def expect_refusal(argv, words, env=None, user=None):
    if user:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}",
                "--init-groups", "--"] + argv
    r = run(argv, env=env or asan_env(), timeout=30)
    assert r.returncode == 1, (r.returncode, r.stderr)
    for w in words:
        assert w in r.stderr, f"{w!r} not in {r.stderr!r}"
    return r


def test_clear_messages(tmp_path):
    spool = f"--spool={tmp_path / 'spool'}"
    virt = f"--virtual=v:{tmp_path / 'disc'}"
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    expect_refusal([BURNFS, virt, spool], ["no mount point given"])
    expect_refusal([BURNFS, virt, spool, str(tmp_path / "nowhere")],
                   ["mount point", "nowhere", "No such file or directory"])
    expect_refusal([BURNFS, virt, spool, "a", "b", "c"],
                   ["too many arguments"])
    expect_refusal([BURNFS, "--drive=/dev/null", spool, str(mnt)],
                   ["/dev/null", "not a SCSI generic"])
    expect_refusal([BURNFS, "--drive=/dev/no-such-sr9", spool, str(mnt)],
                   ["/dev/no-such-sr9", "No such file or directory"])
    expect_refusal([BURNFS, virt, "--spool=/dev/null/spool", str(mnt)],
                   ["spool", "/dev/null/spool"])
    if not os.path.exists("/dev/sr0"):
        expect_refusal([BURNFS, spool, str(mnt)],
                       ["no CD recorder found", "--drive", "--virtual"])


def test_systemd_unit_verifies(installed):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = installed / "lib/systemd/system/burnfs.service"
    env = dict(os.environ, MANPATH=str(installed / "share/man"))
    r = run(["systemd-analyze", "verify", str(unit)], env=env, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def unit_command(installed, mnt, spool, image):
    """The unit's ExecStart, run here: /media/burn and /var/lib/burnfs
    replaced, a virtual recorder instead of the machine's drives."""
    unit = (installed / "lib/systemd/system/burnfs.service").read_text()
    line = next(l for l in unit.splitlines() if l.startswith("ExecStart="))
    cmd = line[len("ExecStart="):]
    assert cmd.startswith("/bin/sh -c '") and cmd.endswith("'")
    script = cmd[len("/bin/sh -c '"):-1]
    script = script.replace(f"{PREFIX}/bin/burnfs",
                            str(installed / "bin/burnfs"))
    script = script.replace("/media/burn", str(mnt))
    script = script.replace("/var/lib/burnfs", str(spool))
    script = script.replace(" none ", f" --virtual=v:{image} none ")
    return ["/bin/sh", "-c", script]


def test_unit_command_mounts_for_group_cdrom(installed, tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    argv = unit_command(installed, mnt, tmp_path / "spool",
                        tmp_path / "disc")
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=asan_env())
    try:
        wait_for(lambda: proc.poll() is not None or os.path.ismount(mnt),
                 30, what="the unit's mount")
        assert proc.poll() is None, proc.stdout.read()
        st = os.stat(mnt / "v" / "commit")
        assert st.st_gid == grp.getgrnam("cdrom").gr_gid
        assert st.st_mode & 0o020, oct(st.st_mode)
        assert (mnt / "v" / "media").read_text().startswith("type: CD-R")
    finally:
        run(["fusermount3", "-u", str(mnt)])
        rc = proc.wait(timeout=60)
    assert rc == 0


def in_namespace(installed, script):
    """Runs script (sh) in a private mount namespace whose /usr/local/bin
    is the installed bin directory."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = run(["unshare", "-m", "true"])
    if probe.returncode != 0:
        pytest.skip(f"no mount namespaces here: {probe.stderr}")
    full = (f"mount --bind '{installed / 'bin'}' {PREFIX}/bin || exit 90\n"
            + script)
    return run(["unshare", "-m", "--propagation", "private", "sh", "-ec",
                full], env=asan_env(), timeout=120)


def test_mount_t_fuse_burnfs(installed, tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    opts = f"virtual=v:{tmp_path / 'disc'},media=cdrw80," \
           f"spool={tmp_path / 'spool'}"
    r = in_namespace(installed, f"""
mount -t fuse.burnfs -o {opts} none '{mnt}'
grep '^type:' '{mnt}/v/media'
grep ' {mnt} fuse.burnfs ' /proc/self/mounts | cut -d' ' -f1,3
umount '{mnt}'
""")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "type: CD-RW" in r.stdout
    assert " fuse.burnfs" in r.stdout


def test_fstab_line(installed, tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    fstab = tmp_path / "fstab"
    fstab.write_text(
        f"none {mnt} fuse.burnfs noauto,virtual=v:{tmp_path / 'disc'},"
        f"media=cdr74,spool={tmp_path / 'spool'} 0 0\n")
    r = in_namespace(installed, f"""
mount -T '{fstab}' '{mnt}'
cat '{mnt}/v/media'
umount '{mnt}'
""")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "type: CD-R" in r.stdout
    # a 74-minute disc: 333000 sectors
    assert re.search(r"capacity_sectors: 33\d{4}", r.stdout), r.stdout


@pytest.fixture
def cdrom_user():
    """A user in group cdrom, removed after the test.  A Debian system
    gives /dev/fuse mode 0666 (udev); a container may leave it 0600, in
    which case it is opened up for the test and restored after."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root and useradd")
    if not os.stat("/usr/bin/fusermount3").st_mode & 0o4000:
        pytest.skip("fusermount3 is not set-uid root here")
    name = f"burnfs{os.getpid() % 100000}"
    r = run(["useradd", "-m", "-G", "cdrom", "-s", "/bin/sh", name])
    assert r.returncode == 0, r.stderr
    fuse_mode = os.stat("/dev/fuse").st_mode & 0o777
    try:
        if fuse_mode != 0o666:
            os.chmod("/dev/fuse", 0o666)
        yield name
    finally:
        if fuse_mode != 0o666:
            os.chmod("/dev/fuse", fuse_mode)
        run(["userdel", "-r", name])


def as_user(user, script, timeout=60):
    return run(["setpriv", f"--reuid={user}", f"--regid={user}",
                "--init-groups", "--reset-env", "--", "sh", "-ec", script],
               timeout=timeout)


@pytest.mark.time_limit(180)
def test_cdrom_user_mounts_and_burns(cdrom_user, tmp_path):
    home = Path(f"/home/{cdrom_user}")
    wav = home / "a.wav"
    r = run(["sox", "-n", "-r", "44100", "-b", "16", "-c", "2", str(wav),
             "synth", "5", "sine", "440"])
    assert r.returncode == 0, r.stderr
    shutil.chown(wav, cdrom_user, cdrom_user)
    # The refusal for a device the user may not open.
    node = tmp_path / "sg-locked"
    run(["mknod", str(node), "c", "21", "0"], check=True)
    os.chmod(node, 0)
    os.chmod(tmp_path, 0o755)
    r = as_user(cdrom_user, f"""
mkdir -p ~/mnt
'{BURNFS}' --drive='{node}' ~/mnt 2>&1 && exit 1 || echo "exit $?"
""")
    assert "exit 1" in r.stdout, r.stdout + r.stderr
    assert "Permission denied" in r.stdout and "cdrom" in r.stdout, r.stdout
    # Mount, burn and unmount as the user.
    r = as_user(cdrom_user, f"""
ASAN_OPTIONS=detect_leaks=1 '{BURNFS}' --virtual=v:$HOME/disc ~/mnt
cp ~/a.wav ~/mnt/v/tracks/
echo 1 > ~/mnt/v/commit
i=0
until grep -q '^state: done' ~/mnt/v/status; do
    i=$((i+1)); [ $i -lt 600 ] || {{ cat ~/mnt/v/log; exit 3; }}
    sleep 0.1
done
grep '^tracks:' ~/mnt/v/media
fusermount3 -u ~/mnt
ls -ld ~/.local/state/burnfs | cut -c1-10
""", timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "tracks: 1" in r.stdout
    assert "drwx------" in r.stdout  # the default spool, the user's own
    st = os.stat(home / "disc.bin")
    assert st.st_uid == pwd_uid(cdrom_user)
    assert st.st_size > 0


def pwd_uid(name):
    import pwd
    return pwd.getpwnam(name).pw_uid


# ---- the desktop: burnfsctl and the file managers' actions -------------

ACTIONS = {"burn": "Burn audio CD", "eject": "Eject disc",
           "blank": "Blank disc"}


def keyfile(path):
    """A desktop-entry-style key file parsed strictly (a duplicate key or
    group is an error), keys' case kept."""
    import configparser
    kf = configparser.ConfigParser(interpolation=None, strict=True,
                                   delimiters=("=",))
    kf.optionxform = str
    kf.read_string(path.read_text(), source=str(path))
    return kf


def test_burnfsctl_installed(installed):
    ctl = installed / "bin/burnfsctl"
    assert os.access(ctl, os.X_OK)
    r = run([str(ctl), "--help"])
    assert r.returncode == 0
    for cmd in ACTIONS:
        assert f"burnfsctl {cmd}" in r.stdout, r.stdout
    assert "burnfsctl wait PATH" in r.stdout
    r = run([str(ctl), "--version"])
    assert r.returncode == 0 and r.stdout.startswith("burnfsctl 0."), r.stdout
    r = run([str(ctl), "frobnicate", "/"])
    assert r.returncode == 2 and "unknown command frobnicate" in r.stderr
    page = installed / "share/man/man1/burnfsctl.1"
    r = run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)])
    assert r.returncode == 0 and r.stderr == "", r.stderr
    text = run(["groff", "-man", "-Tutf8", "-P", "-cbou", str(page)]).stdout
    for cmd in list(ACTIONS) + ["wait", "status", "--full"]:
        assert cmd in text.replace("\u2010", "-"), cmd


def test_file_manager_actions_installed(installed):
    """Every file manager's action file is where it reads them
    system-wide, with the labels of the contract and Exec naming
    burnfsctl in the configured bindir."""
    ctl = f"{PREFIX}/bin/burnfsctl"
    share = installed / "share"
    for cmd, label in ACTIONS.items():
        # PCManFM, Caja: FileManager-Actions
        kf = keyfile(share / f"file-manager/actions/burnfs-{cmd}.desktop")
        entry = kf["Desktop Entry"]
        assert entry["Type"] == "Action" and entry["Name"] == label
        profiles = [p for p in entry["Profiles"].split(";") if p]
        assert profiles, entry["Profiles"]
        for p in profiles:
            prof = kf[f"X-Action-Profile {p}"]
            assert prof["Exec"] == f"{ctl} {cmd} %f", prof["Exec"]
            assert "inode/directory" in prof["MimeTypes"].split(";")
            assert prof["SelectionCount"] == "=1"
        # Nemo
        kf = keyfile(share / f"nemo/actions/burnfs-{cmd}.nemo_action")
        action = kf["Nemo Action"]
        assert action["Name"] == label
        assert action["Exec"] == f"{ctl} {cmd} %F", action["Exec"]
        assert action["Selection"] == "s" and action["Extensions"] == "dir;"
        assert action["Dependencies"] == f"{ctl};"
        # Thunar: a plain desktop entry, which desktop-file-validate
        # checks in full
        sendto = share / f"Thunar/sendto/burnfs-{cmd}.desktop"
        r = run(["desktop-file-validate", str(sendto)])
        assert r.returncode == 0 and r.stdout == "" and r.stderr == "", \
            r.stdout + r.stderr
        entry = keyfile(sendto)["Desktop Entry"]
        assert entry["Name"] == label
        assert entry["Exec"] == f"{ctl} {cmd} %f"
        assert entry["MimeType"] == "inode/directory;"
    # Dolphin: one service menu with the three actions
    kf = keyfile(share / "kio/servicemenus/burnfs.desktop")
    entry = kf["Desktop Entry"]
    assert entry["Type"] == "Service"
    assert "inode/directory" in entry["MimeType"].split(";")
    assert [a for a in entry["Actions"].split(";") if a] == list(ACTIONS)
    for cmd, label in ACTIONS.items():
        act = kf[f"Desktop Action {cmd}"]
        assert act["Name"] == label
        assert act["Exec"] == f"{ctl} {cmd} %f"
    # no unsubstituted variable anywhere
    for f in share.rglob("*"):
        if f.is_file() and ("burnfs" in f.name):
            assert "@BINDIR@" not in f.read_text(errors="replace"), f


def test_nautilus_extension(installed, tmp_path):
    """The nautilus-python extension, loaded with stand-ins for Nautilus
    and GObject (GNOME Files is not installed here): one selected
    directory gets the three items with the contract's labels, a file or
    several get none, the folder's background gets them too, and
    activating an item runs the installed burnfsctl on the path."""
    ext = installed / "share/nautilus-python/extensions/burnfs.py"
    r = run(["/usr/bin/python3", "-m", "py_compile", str(ext)],
            env=dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path)))
    assert r.returncode == 0, r.stderr
    probe = tmp_path / "probe.py"
    probe.write_text(f'''
import sys, types, json
repo = types.ModuleType("gi.repository")
class MenuItem:
    def __init__(self, name, label, tip, icon):
        self.name, self.label, self.tip, self.icon = name, label, tip, icon
        self.handlers = []
    def connect(self, signal, fn, *args):
        self.handlers.append((signal, fn, args))
    def activate(self):
        for signal, fn, args in self.handlers:
            if signal == "activate":
                fn(self, *args)
class GObjectBase: pass
class MenuProvider: pass
repo.Nautilus = types.SimpleNamespace(MenuProvider=MenuProvider,
                                      MenuItem=MenuItem)
repo.GObject = types.SimpleNamespace(GObject=GObjectBase)
gi = types.ModuleType("gi"); gi.repository = repo
sys.modules["gi"] = gi; sys.modules["gi.repository"] = repo
class Location:
    def __init__(self, path): self.path = path
    def get_path(self): return self.path
class Info:
    def __init__(self, path, is_dir): self.path, self.dir = path, is_dir
    def is_directory(self): return self.dir
    def get_location(self): return Location(self.path)
import subprocess
ran = []
subprocess.Popen = lambda argv, **kw: ran.append(argv)
sys.path.insert(0, {str(ext.parent)!r})
import burnfs
m = burnfs.BurnfsMenu()
d = Info("/media/burn/sr0/tracks", True)
out = {{}}
out["api4"] = [i.label for i in m.get_file_items([d])]
out["api3"] = [i.label for i in m.get_file_items(None, [d])]
out["file"] = [i.label for i in m.get_file_items([Info("/x/a.wav", False)])]
out["two"] = [i.label for i in m.get_file_items([d, d])]
items = m.get_background_items(Info("/media/burn/sr0", True))
out["background"] = [i.label for i in items]
items[0].activate()
out["ran"] = ran
print(json.dumps(out))
''')
    r = run(["/usr/bin/python3", "-B", str(probe)])
    assert r.returncode == 0, r.stderr
    import json
    out = json.loads(r.stdout)
    labels = list(ACTIONS.values())
    assert out["api4"] == labels and out["api3"] == labels, out
    assert out["file"] == [] and out["two"] == [], out
    assert out["background"] == labels, out
    assert out["ran"] == [[f"{PREFIX}/bin/burnfsctl", "burn",
                           "/media/burn/sr0"]], out
