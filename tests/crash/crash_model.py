"""Crash states from a system-call trace, in the manner of ALICE and
CrashMonkey.

A program is run under strace (`strace_argv`); a `Trace(root)` made before
the run snapshots the directory, and its `read(log)` turns the log into
the list of file-system operations on the files below that root, in the
order they completed:

  write   bytes at an offset of a file (write, pwrite64, writev), one
          operation per 64 KiB-aligned piece (a write may be torn)
  trunc   a file's new size (ftruncate, truncate, open with O_TRUNC)
  names   directory entries that change together: a create, mkdir,
          unlink, rmdir, or a rename (its two entries, atomically)
  sync    fsync or fdatasync of a file or a directory

The file-system model is POSIX's, as Linux file systems honour it: an
fsync of a file makes the writes and size changes of that file that
completed before the fsync started durable; an fsync of a directory
makes its entry changes (create, rename, unlink, mkdir) durable.
Nothing else is promised: an entry change is not made durable by an
fsync of the file it names, nor a write by an fsync of its directory.

A power cut after the first k operations completed leaves the durable
operations (the baseline: everything some completed fsync covers) plus
any subset of the others ("pending").  `crash_points` lists those
states (every subset when there are few pending operations, else every
prefix and a seeded sample), with a second variant where the pending
writes that were lost still grew the file, with zeros (a size that
reached the disk before the data).  Each state is built by replaying the
chosen operations onto the directory snapshot taken before the run
(`State.materialize`).

The position of write() is followed through open, write and lseek;
read() is not traced (its data would bloat the log), so a file that is
both read() and write()n through one descriptor is not modelled; the
programs traced here write with pwrite or into fresh files.
"""

import codecs
import os
import random
import re
from dataclasses import dataclass, field

TRACED = ("openat,open,creat,write,pwrite64,writev,pwritev,pwritev2,"
          "ftruncate,truncate,fsync,fdatasync,sync_file_range,syncfs,sync,"
          "rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,rmdir,"
          "link,linkat,symlink,symlinkat,close,lseek,dup,dup2,dup3,"
          "copy_file_range,fallocate,sendfile,sendfile64")

# The grain of a torn write: a crash keeps or loses each PIECE-aligned
# piece of a write on its own.  Disks and file systems tear at 4 KiB
# blocks; this coarser grain keeps the number of states small and still
# separates a file's header from its data.
PIECE = 64 * 1024

# Calls whose effect on files below the root the model cannot follow:
# the trace is refused rather than silently misread.
UNSUPPORTED = {"link", "linkat", "symlink", "symlinkat", "copy_file_range",
               "fallocate", "sendfile", "sendfile64", "pwritev", "pwritev2",
               "sync_file_range"}


def strace_argv(log_path, argv):
    """argv run under strace, logging the traced calls of every thread
    with wall-clock timestamps, descriptor paths and whole buffers."""
    return ["strace", "-f", "-qq", "-ttt", "-y", "-x", "-s", str(1 << 24),
            "-e", "trace=" + TRACED, "-e", "signal=none",
            "-o", str(log_path)] + list(argv)


class TraceError(Exception):
    pass


# ---- strace's text ---------------------------------------------------------

_HEX_ONLY = re.compile(r"(?:\\x[0-9a-f]{2})*")


def unescape(s):
    """Bytes of a string as strace prints it (without the quotes): C
    escapes, or \\xHH for every byte of a string that is not text."""
    if _HEX_ONLY.fullmatch(s):
        return bytes.fromhex(s.replace("\\x", ""))
    return codecs.escape_decode(s.encode("latin-1"))[0]


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_ANGLE = re.compile(r"<[^>\\]*(?:\\.[^>\\]*)*>", re.S)


def split_call(body):
    """'name(a, b, c) = ret' -> (name, [args], ret text after '= ')."""
    paren = body.index("(")
    name = body[:paren]
    args, cur, depth, i = [], [], 0, paren + 1
    n = len(body)
    while i < n:
        c = body[i]
        if c == '"':
            m = _STRING.match(body, i)
            cur.append(m.group(0))
            i = m.end()
            if body.startswith("...", i):
                raise TraceError(f"{name}: a buffer was cut short in the "
                                 "trace (raise strace -s)")
            continue
        if c == "<":  # a descriptor's path (-y), may hold any character
            m = _ANGLE.match(body, i)
            cur.append(m.group(0))
            i = m.end()
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last:
        args.append(last)
    rest = body[i + 1:].strip()
    if not rest.startswith("="):
        raise TraceError(f"no result in {body[:120]!r}")
    return name, args, rest[1:].strip()


_ANNOT = re.compile(r"^(-?\w+)<(.*)>$", re.S)


def fd_arg(a):
    """'7</path>' -> (7, '/path'); 'AT_FDCWD</cwd>' -> ('AT_FDCWD', ...)."""
    m = _ANNOT.match(a)
    if not m:
        return (int(a) if a.lstrip("-").isdigit() else a), None
    v = m.group(1)
    return (int(v) if v.lstrip("-").isdigit() else v), \
        unescape(m.group(2)).decode("utf-8", "surrogateescape")


def str_arg(a):
    if not (a.startswith('"') and a.endswith('"')):
        raise TraceError(f"not a string: {a[:80]!r}")
    return unescape(a[1:-1])


def iov_data(a):
    """The bytes of a writev's iovec array, in order."""
    out = bytearray()
    for m in re.finditer(r'iov_base="((?:[^"\\]|\\.)*)"', a):
        out += unescape(m.group(1))
    return bytes(out)


# ---- operations ------------------------------------------------------------

@dataclass
class Op:
    index: int       # position in completion order
    entry: int       # operations completed when this call started
    ts: float        # wall-clock time of its completion
    kind: str        # 'write', 'trunc', 'names', 'sync'
    inode: int = 0   # write, trunc, sync: the file or directory
    off: int = 0
    data: bytes = b""
    size: int = 0
    names: tuple = ()  # ((dir inode, name, inode or None), ...)
    all_dirs: bool = False  # sync: sync(2)/syncfs(2), everything
    text: str = ""
    covers: frozenset = frozenset()  # sync: indices it makes durable

    def describe(self):
        return f"#{self.index} {self.text}"


@dataclass
class _Desc:
    inode: int
    pos: list            # [position], shared by dup'ed descriptors
    append: bool = False


class Trace:
    """The operations on files below `root`, parsed from a strace log,
    and the namespace they act on.  Made before the traced run (it
    snapshots the root), then given the log with `read`."""

    def __init__(self, root):
        self.root = os.path.normpath(str(root))
        self.ops = []
        self.next_inode = 1
        self.is_dir = {}        # inode -> bool
        self.initial = {}       # inode -> bytes (files present at start)
        self.initial_names = {}  # dir inode -> {name: inode}
        self.root_inode = self._new(True)
        self.initial_names[self.root_inode] = {}
        self._snapshot(self.root, self.root_inode)
        # The namespace as the trace goes on (what the program saw).
        self.names = {d: dict(e) for d, e in self.initial_names.items()}
        self.sizes = {i: len(b) for i, b in self.initial.items()}
        self.fds = {}
        self.unfinished = {}

    def _new(self, is_dir):
        ino = self.next_inode
        self.next_inode += 1
        self.is_dir[ino] = is_dir
        if is_dir:
            self.initial_names.setdefault(ino, {})
        return ino

    def _snapshot(self, path, dir_ino):
        for name in sorted(os.listdir(path)):
            p = os.path.join(path, name)
            if os.path.isdir(p) and not os.path.islink(p):
                ino = self._new(True)
                self.initial_names[dir_ino][name] = ino
                self._snapshot(p, ino)
            elif os.path.isfile(p):
                ino = self._new(False)
                self.initial_names[dir_ino][name] = ino
                with open(p, "rb") as f:
                    self.initial[ino] = f.read()

    # -- paths --

    def _under_root(self, path):
        return path == self.root or path.startswith(self.root + "/")

    def _split(self, path):
        """(parent dir inode, name) of an absolute path below the root, or
        None when the path is elsewhere or its parent does not exist."""
        path = os.path.normpath(path)
        if not self._under_root(path) or path == self.root:
            return None
        rel = os.path.relpath(path, self.root).split("/")
        d = self.root_inode
        for part in rel[:-1]:
            d = self.names.get(d, {}).get(part)
            if d is None or not self.is_dir[d]:
                return None
        return d, rel[-1]

    def _lookup(self, path):
        path = os.path.normpath(path)
        if path == self.root:
            return self.root_inode
        s = self._split(path)
        return None if s is None else self.names[s[0]].get(s[1])

    @staticmethod
    def _path(dirfd_arg, path_arg):
        p = str_arg(path_arg).decode("utf-8", "surrogateescape")
        if p.startswith("/"):
            return p
        _, base = fd_arg(dirfd_arg)
        return os.path.join(base or "/", p)

    def _desc(self, a):
        """The descriptor of argument a if it is one of ours, else None."""
        fd, path = fd_arg(a)
        if path is None or not self._under_root(path.removesuffix(
                " (deleted)")):
            return None
        return self.fds.get(fd)

    # -- recording --

    def _add(self, entry, ts, **kw):
        op = Op(index=len(self.ops), entry=entry, ts=ts, **kw)
        self.ops.append(op)
        return op

    def _write(self, entry, ts, desc, off, data, text):
        """One write, as pieces that end at PIECE boundaries of the file:
        a crash may keep some pieces of a write and lose others."""
        if desc.append:
            off = self.sizes[desc.inode]
        at = 0
        while at < len(data):
            start = off + at
            n = min(len(data) - at, PIECE - start % PIECE)
            part = f" [{start}, {start + n})" if n < len(data) else ""
            self._add(entry, ts, kind="write", inode=desc.inode, off=start,
                      data=data[at:at + n], text=text + part)
            at += n
        self.sizes[desc.inode] = max(self.sizes[desc.inode], off + len(data))
        return off + len(data)

    def _set_names(self, entry, ts, changes, text):
        for d, name, ino in changes:
            if ino is None:
                self.names[d].pop(name, None)
            else:
                self.names[d][name] = ino
        self._add(entry, ts, kind="names", names=tuple(changes), text=text)

    def _rel(self, path):
        return os.path.relpath(os.path.normpath(path), self.root)

    def _call(self, name, args, ret, entry, ts):
        ok = not ret.startswith("-1") and not ret.startswith("?")
        if not ok:
            return
        if name in ("openat", "open", "creat"):
            if name == "openat":
                path, flags = self._path(args[0], args[1]), args[2]
            elif name == "open":
                path, flags = self._path("AT_FDCWD", args[0]), args[1]
            else:
                path, flags = self._path("AT_FDCWD", args[0]), \
                    "O_WRONLY|O_CREAT|O_TRUNC"
            fd, _ = fd_arg(ret)
            if os.path.normpath(path) == self.root:
                self.fds[fd] = _Desc(self.root_inode, [0])
                return
            s = self._split(path)
            if s is None:
                return
            d, base = s
            ino = self.names[d].get(base)
            if ino is None:
                if "O_CREAT" not in flags:
                    raise TraceError(f"open of {path} that the model does "
                                     "not know")
                ino = self._new(False)
                self.sizes[ino] = 0
                self._set_names(entry, ts, [(d, base, ino)],
                                f"create {self._rel(path)}")
            elif "O_TRUNC" in flags and not self.is_dir[ino] \
                    and self.sizes[ino] > 0:
                self._add(entry, ts, kind="trunc", inode=ino, size=0,
                          text=f"truncate {self._rel(path)} to 0 (open)")
                self.sizes[ino] = 0
            self.fds[fd] = _Desc(ino, [0], "O_APPEND" in flags)
            return
        if name in UNSUPPORTED:
            if any(self.root in a for a in args):
                raise TraceError(f"{name} on a traced file is not modelled")
            return
        if name in ("write", "pwrite64", "writev"):
            desc = self._desc(args[0])
            if desc is None:
                return
            n = int(ret)
            data = iov_data(args[1]) if name == "writev" else str_arg(args[1])
            data = data[:n]
            _, path = fd_arg(args[0])
            if name == "pwrite64":
                off = int(args[3])
                self._write(entry, ts, desc, off, data,
                            f"pwrite {self._rel(path)} {n}@{off}")
            else:
                off = desc.pos[0]
                desc.pos[0] = self._write(
                    entry, ts, desc, off, data,
                    f"write {self._rel(path)} {n}@{off}")
            return
        if name in ("ftruncate", "truncate"):
            if name == "ftruncate":
                desc = self._desc(args[0])
                if desc is None:
                    return
                ino, path = desc.inode, fd_arg(args[0])[1]
            else:
                path = self._path("AT_FDCWD", args[0])
                ino = self._lookup(path)
                if ino is None:
                    return
            size = int(args[1])
            self._add(entry, ts, kind="trunc", inode=ino, size=size,
                      text=f"truncate {self._rel(path)} to {size}")
            self.sizes[ino] = size
            return
        if name in ("fsync", "fdatasync"):
            desc = self._desc(args[0])
            if desc is None:
                return
            path = fd_arg(args[0])[1]
            self._add(entry, ts, kind="sync", inode=desc.inode,
                      text=f"{name} {self._rel(path)}")
            return
        if name in ("sync", "syncfs"):
            self._add(entry, ts, kind="sync", all_dirs=True, text=name)
            return
        if name in ("rename", "renameat", "renameat2"):
            if name == "rename":
                src = self._path("AT_FDCWD", args[0])
                dst = self._path("AT_FDCWD", args[1])
            else:
                src = self._path(args[0], args[1])
                dst = self._path(args[2], args[3])
                if name == "renameat2" and "RENAME_EXCHANGE" in args[4]:
                    raise TraceError("RENAME_EXCHANGE is not modelled")
            s, t = self._split(src), self._split(dst)
            if s is None and t is None:
                return
            if s is None or t is None:
                raise TraceError(f"rename across the root: {src} -> {dst}")
            ino = self.names[s[0]].get(s[1])
            if ino is None:
                raise TraceError(f"rename of unknown {src}")
            self._set_names(entry, ts, [(t[0], t[1], ino),
                                        (s[0], s[1], None)],
                            f"rename {self._rel(src)} -> {self._rel(dst)}")
            return
        if name in ("unlink", "unlinkat", "rmdir"):
            if name == "unlinkat":
                path = self._path(args[0], args[1])
            else:
                path = self._path("AT_FDCWD", args[0])
            s = self._split(path)
            if s is None:
                return
            self._set_names(entry, ts, [(s[0], s[1], None)],
                            f"unlink {self._rel(path)}")
            return
        if name in ("mkdir", "mkdirat"):
            if name == "mkdirat":
                path = self._path(args[0], args[1])
            else:
                path = self._path("AT_FDCWD", args[0])
            s = self._split(path)
            if s is None:
                return
            ino = self._new(True)
            self.names[ino] = {}
            self._set_names(entry, ts, [(s[0], s[1], ino)],
                            f"mkdir {self._rel(path)}")
            return
        if name == "lseek":
            desc = self._desc(args[0])
            if desc is not None:
                desc.pos[0] = int(ret)
            return
        if name in ("dup", "dup2", "dup3"):
            desc = self._desc(args[0])
            if desc is not None:
                self.fds[fd_arg(ret)[0]] = desc
            return
        if name == "close":
            fd, path = fd_arg(args[0])
            if path is not None and self._under_root(
                    path.removesuffix(" (deleted)")):
                self.fds.pop(fd, None)
            return

    _LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$", re.S)

    def read(self, log_path):
        """Adds the operations of a strace log (of a run that started
        after this object took its snapshot of the root)."""
        with open(log_path, encoding="latin-1") as f:
            for raw in f:
                self._line(raw.rstrip("\n"))
        self._covers()
        return self

    def _line(self, line):
        m = self._LINE.match(line)
        if not m:
            return
        tid, ts, body = m.group(1), float(m.group(2)), m.group(3)
        if body.startswith("---") or body.startswith("+++"):
            return
        if self.root not in body and not body.startswith("<... ") \
                and not body.startswith("sync"):
            return  # nothing below the root (FUSE requests, libraries)
        if body.endswith("<unfinished ...>"):
            self.unfinished[tid] = (len(self.ops),
                                    body[:-len("<unfinished ...>")])
            return
        entry = len(self.ops)
        if body.startswith("<... "):
            start, head = self.unfinished.pop(tid, (None, None))
            if head is None:
                return
            body = head + body[body.index(">") + 1:]
            entry = start
        if "(" not in body:
            return
        try:
            name, args, ret = split_call(body)
        except (ValueError, IndexError):
            raise TraceError(f"cannot read the trace line {line[:200]!r}")
        self._call(name, args, ret, entry, ts)

    def _covers(self):
        """What each sync makes durable: the earlier operations on its
        file (data, size) or in its directory (entries)."""
        for op in self.ops:
            if op.kind != "sync":
                continue
            cov = []
            for o in self.ops[:op.entry]:
                if op.all_dirs:
                    hit = o.kind != "sync"
                elif self.is_dir[op.inode]:
                    hit = o.kind == "names" and any(
                        d == op.inode for d, _, _ in o.names)
                else:
                    hit = o.kind in ("write", "trunc") and o.inode == op.inode
                if hit:
                    cov.append(o.index)
            op.covers = frozenset(cov)

    # -- what a crash leaves --

    def durable(self, k):
        """Indices made durable by the syncs among the first k ops."""
        out = set()
        for op in self.ops[:k]:
            if op.kind == "sync":
                out |= op.covers
        return out

    def pending(self, k):
        """The first k ops that a crash after them may or may not keep."""
        d = self.durable(k)
        return [o.index for o in self.ops[:k]
                if o.kind != "sync" and o.index not in d]


@dataclass(frozen=True)
class State:
    """One on-disk state: the operations kept (and, with zero_fill, the
    lost writes that grew their file with zeros), after k operations."""
    kept: frozenset
    zeroed: frozenset = frozenset()

    def key(self):
        return (self.kept, self.zeroed)

    def build(self, trace):
        """(names, contents): each directory's entries, each reachable
        file's bytes."""
        names = {d: dict(e) for d, e in trace.initial_names.items()}
        data = {i: bytearray(b) for i, b in trace.initial.items()}
        for idx in sorted(self.kept | self.zeroed):
            op = trace.ops[idx]
            if op.kind == "names":
                for d, name, ino in op.names:
                    names.setdefault(d, {})
                    if ino is None:
                        names[d].pop(name, None)
                    else:
                        names[d][name] = ino
                        if trace.is_dir[ino]:
                            names.setdefault(ino, {})
            elif op.kind == "trunc":
                buf = data.setdefault(op.inode, bytearray())
                if op.size < len(buf):
                    del buf[op.size:]
                else:
                    buf.extend(bytes(op.size - len(buf)))
            elif op.kind == "write":
                buf = data.setdefault(op.inode, bytearray())
                end = op.off + len(op.data)
                if idx in self.zeroed:  # the size got there, the data not
                    if end > len(buf):
                        buf.extend(bytes(end - len(buf)))
                    continue
                if op.off > len(buf):
                    buf.extend(bytes(op.off - len(buf)))
                buf[op.off:end] = op.data
        return names, data

    def materialize(self, trace, dest):
        """Writes the state as a directory tree at dest (which must not
        exist); returns the relative paths of the files written."""
        names, data = self.build(trace)
        written = []

        def walk(d, path):
            os.mkdir(path, 0o700)
            for name, ino in sorted(names.get(d, {}).items()):
                p = os.path.join(path, name)
                if trace.is_dir[ino]:
                    walk(ino, p)
                else:
                    with open(p, "wb") as f:
                        f.write(data.get(ino, b""))
                    written.append(os.path.relpath(p, dest))

        walk(trace.root_inode, str(dest))
        return written


@dataclass
class CrashPoint:
    k: int                  # operations completed
    ts: float               # the crash happens before this time
    states: list = field(default_factory=list)


def crash_points(trace, all_subsets_max=4, samples=4, seed=1):
    """Every crash point with the states it may leave: all subsets of
    the pending operations when there are at most all_subsets_max of
    them, else the prefixes, each one left out alone, and `samples`
    seeded random subsets; each with its zero-filled variant when it
    loses a write.  The crash after the last op comes last, with
    ts = infinity."""
    rng = random.Random(seed)
    points = []
    ops = trace.ops
    for k in range(len(ops) + 1):
        base = frozenset(trace.durable(k))
        pend = trace.pending(k)
        subsets = set()
        if len(pend) <= all_subsets_max:
            for mask in range(1 << len(pend)):
                subsets.add(frozenset(p for b, p in enumerate(pend)
                                      if mask >> b & 1))
        else:
            for i in range(len(pend) + 1):
                subsets.add(frozenset(pend[:i]))
            for p in pend:
                subsets.add(frozenset(pend) - {p})
            for _ in range(samples):
                subsets.add(frozenset(p for p in pend if rng.random() < 0.5))
        ts = ops[k].ts if k < len(ops) else float("inf")
        cp = CrashPoint(k, ts)
        for s in sorted(subsets, key=lambda x: (len(x), sorted(x))):
            kept = base | s
            cp.states.append(State(kept))
            lost = frozenset(p for p in pend
                             if p not in s and ops[p].kind == "write")
            if lost:
                cp.states.append(State(kept, lost))
        points.append(cp)
    return points
