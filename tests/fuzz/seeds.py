#!/usr/bin/python3
"""seeds.py - writes the seed corpus of the harnesses whose inputs are
not plain text files: fuzz_vrec_execute (a header and command records, see
fuzz_vrec_execute.c).  Run from anywhere; rewrites
tests/fuzz/corpus/fuzz_vrec_execute/.  The other corpora are edited by
hand."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def header(media=2, faults=0, fault_lba=0, busy=0, short_op=0, off=0,
           speed=51, read_offset=False, corrupt=False):
    b0 = media | (0x08 if read_offset else 0) | (0x10 if corrupt else 0)
    return bytes([b0, faults]) + struct.pack(">H", fault_lba) + \
        bytes([busy, short_op, off & 0xFF, speed])


def cmd(cdb, direction=0, length=0, data=b"", fill=None):
    """A command record: cdb padded to a length of 6 + k (k <= 10)."""
    n = max(6, len(cdb))
    if n not in (6, 10, 12, 16):
        n = {7: 10, 8: 10, 9: 10, 11: 12}.get(n, n)
    cdb = bytes(cdb) + bytes(n - len(cdb))
    tag = ((n - 6) << 2) | direction
    rec = bytes([tag]) + cdb + struct.pack(">H", length)
    if direction == 2:
        rec += data
    elif direction == 3:
        rec += bytes([fill or 0])
    return rec


def be32(v):
    return struct.pack(">I", v & 0xFFFFFFFF)


def be16(v):
    return struct.pack(">H", v)


def with_state(text, **kw):
    """A header (bit 5 set) followed by IMAGE.state text."""
    h = bytearray(header(**kw))
    h[0] |= 0x20
    t = text.encode()
    return bytes(h) + struct.pack(">H", len(t)) + t


REOPEN = bytes([0xF0])


def change_disc(kind):
    return bytes([0xF1, kind])


TUR = cmd([0x00])
INQUIRY = cmd([0x12, 0, 0, 0, 36, 0], 1, 36)
SENSE = cmd([0x03, 0, 0, 0, 18, 0], 1, 18)
DISC_INFO = cmd([0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0], 1, 34)
CAPACITY = cmd([0x25] + [0] * 9, 1, 8)
BUFCAP = cmd([0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0], 1, 12)


def toc(fmt, msf=False, track=0):
    return cmd([0x43, 0x02 if msf else 0, fmt, 0, 0, 0, track, 0x10, 0, 0],
               1, 4096)


def track_info(kind, number):
    return cmd([0x52, kind] + list(be32(number)) + [0, 0, 36, 0], 1, 36)


def mode_sense(page, pc=0):
    return cmd([0x5A, 0, (pc << 6) | page, 0, 0, 0, 0, 0x01, 0, 0], 1, 256)


def mode_select_p05(write_type=1, test=False, ms=3, bufe=True, track_mode=0,
                    dbt=0, mcn=None, isrc=None):
    page = bytearray(52)
    page[0] = 0x05
    page[1] = 0x32
    page[2] = write_type | (0x10 if test else 0) | (0x40 if bufe else 0)
    page[3] = (ms << 6) | track_mode
    page[4] = dbt
    page[14:16] = be16(150)
    if mcn:
        page[16] = 0x80
        page[17:30] = mcn.encode()
    if isrc:
        page[32] = 0x80
        page[33:45] = isrc.encode()
    param = bytes(8) + bytes(page)
    return cmd([0x55, 0x10, 0, 0, 0, 0, 0] + list(be16(len(param))) + [0],
               2, len(param), param)


def write10(lba, n, fill=0x11):
    return cmd([0x2A, 0] + list(be32(lba)) + [0] + list(be16(n)) + [0],
               3, n * 2352, fill=fill)


SYNC = cmd([0x35] + [0] * 9)
SYNC_IMMED = cmd([0x35, 0x02] + [0] * 8)
CLOSE_TRACK = cmd([0x5B, 0, 1, 0, 0, 0, 0, 0, 0, 0])
CLOSE_SESSION = cmd([0x5B, 0, 2, 0, 0, 0, 0, 0, 0, 0])
CLOSE_SESSION_IMMED = cmd([0x5B, 1, 2, 0, 0, 0, 0, 0, 0, 0])
EJECT = cmd([0x1B, 0, 0, 0, 0x02, 0])
LOAD = cmd([0x1B, 0, 0, 0, 0x03, 0])
PREVENT = cmd([0x1E, 0, 0, 0, 1, 0])
ALLOW = cmd([0x1E, 0, 0, 0, 0, 0])
BLANK = cmd([0xA1, 0x11] + [0] * 10)
EVENT = cmd([0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0], 1, 8)
CONFIG = cmd([0x46, 0x02, 0, 0, 0, 0, 0, 0x10, 0, 0], 1, 4096)
PERF = cmd([0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x03, 0], 1, 4096)
SPEED = cmd([0xBB, 0, 0xFF, 0xFF, 0x06, 0xE4, 0, 0, 0, 0, 0, 0])


def read_cd(lba, n, c2=0):
    return cmd([0xBE, 0x04] + list(be32(lba)) + [0, 0, n, 0x10 | (c2 << 1),
               0, 0], 1, n * (2352 + (294 if c2 == 1 else 296 if c2 == 2
                                      else 0)))


def read10(lba, n):
    return cmd([0x28, 0] + list(be32(lba)) + [0, 0, n, 0], 1, n * 2352)


SEEDS = {
    "inquiry-and-queries": header() + INQUIRY + TUR + SENSE + DISC_INFO +
    toc(0) + toc(4) + CAPACITY + mode_sense(0x2A) + mode_sense(0x05) +
    mode_sense(0x3F, 1) + CONFIG + EVENT + PERF + BUFCAP,
    "burn-one-track": header() + mode_select_p05(ms=3) + write10(0, 2) +
    write10(2, 1) + SYNC + CLOSE_SESSION + DISC_INFO + toc(0) + toc(2) +
    toc(1, True) + track_info(1, 1) + read_cd(0, 1) + read_cd(300, 1),
    "two-sessions-reopen": header(media=4) + write10(0, 1) + CLOSE_TRACK +
    write10(452, 1) + SYNC + CLOSE_SESSION + REOPEN +
    write10(11400 + 754 + 150, 1) + CLOSE_SESSION + REOPEN + toc(2) +
    track_info(1, 0xFF) + DISC_INFO,
    "test-write": header() + mode_select_p05(test=True) + write10(0, 1) +
    SYNC + CLOSE_SESSION + DISC_INFO + mode_select_p05(test=False),
    "mcn-isrc-finalize": header() +
    mode_select_p05(ms=0, mcn="1234567890123", isrc="USABC1234567") +
    write10(0, 1) + SYNC + CLOSE_SESSION + toc(2, True) + toc(1) +
    write10(452, 1),
    "eject-change-load": header(media=3) + write10(0, 1) + PREVENT + EJECT +
    ALLOW + EJECT + EVENT + change_disc(1) + LOAD + TUR + TUR + DISC_INFO +
    REOPEN + EJECT + change_disc(0) + LOAD + TUR,
    "blank-rw": header(media=3) + write10(0, 1) + SYNC + CLOSE_SESSION +
    BLANK + TUR + TUR + TUR + DISC_INFO + BLANK,
    "fault-power-loss": header(faults=0x20, fault_lba=1) + write10(0, 3) +
    TUR + REOPEN + DISC_INFO + track_info(1, 1),
    "fault-remove": header(faults=0x02, fault_lba=0) + write10(0, 2) + TUR +
    LOAD + TUR + TUR + DISC_INFO,
    "fault-busy-short-hang": header(faults=0x1C, fault_lba=1, busy=2,
                                     short_op=0x51) + write10(0, 1) + TUR +
    TUR + write10(1, 1) + write10(1, 1) + SYNC_IMMED + TUR + TUR + TUR +
    DISC_INFO,
    "fault-fail-write": header(faults=0x01, fault_lba=0) + write10(0, 1) +
    write10(0, 1) + SYNC + CLOSE_SESSION,
    "read-offset-corrupt": header(off=3, read_offset=True, corrupt=True) +
    write10(0, 4) + SYNC + read_cd(0, 2, 1) + read_cd(1, 2, 2) +
    read10(0, 2) + read_cd(-150 & 0xFFFFFFFF, 1) + SPEED + BUFCAP,
    "no-medium": header(media=0) + TUR + DISC_INFO + toc(0) + CONFIG + PERF,
    "state-appendable": with_state(
        "burnfs-vrec-state 1\nmedia cdrw80\ntray closed\nfinalized 0\n"
        "mcn -\nsession 1 closed 1 ms 3 leadout 754\n"
        "track 1 session 1 start 0 length 300 ctl 0 isrc -\n"
        "track 2 session 1 start 452 length 300 ctl 0 isrc USABC1234567\n",
        media=4) + DISC_INFO + track_info(1, 0xFF) +
    write10(754 + 11400 + 150, 1) + CLOSE_SESSION + toc(2) + REOPEN +
    read_cd(452, 1),
    "state-open-damaged": with_state(
        "burnfs-vrec-state 1\nmedia cdr74\ntray open\nfinalized 0\n"
        "mcn 1234567890123\nsession 1 closed 0 ms 0 leadout 0\n"
        "track 1 session 1 start 0 length 1200 ctl 8 isrc - damaged\n",
        media=1) + LOAD + TUR + TUR + track_info(1, 1) + write10(1352, 1) +
    SYNC + CLOSE_SESSION + toc(0, True),
}


def main():
    out = os.path.join(HERE, "corpus", "fuzz_vrec_execute")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
