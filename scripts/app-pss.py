#!/usr/bin/env python3
"""app-pss.py PID...: the PSS of a group of processes counted among themselves.

PSS splits a page among every process that maps it, other programs' too, so
an app's PSS falls when another WebKit program runs beside it. This counts a
page shared by k processes of the group as 1/k, whoever else maps it: the
same figure on a busy machine as on an idle one. Prints one line per PID
("PID kB") and needs root (page frame numbers come from /proc/PID/pagemap).
"""
import struct
import sys
from collections import Counter

PAGE = 4096
CHUNK = 1 << 16  # pagemap entries read at a time
PRESENT = 1 << 63
PFN = (1 << 55) - 1


def frames(pid):
    """The physical frames resident in pid's address space."""
    out = set()
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for line in maps:
            lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
            if line.rstrip().endswith("[vsyscall]"):
                continue
            for start in range(lo // PAGE, hi // PAGE, CHUNK):
                n = min(CHUNK, hi // PAGE - start)
                pagemap.seek(start * 8)
                data = pagemap.read(n * 8)
                if not data.strip(b"\0"):
                    continue  # nothing resident in this stretch
                for (entry,) in struct.iter_unpack("<Q", data):
                    if entry & PRESENT and entry & PFN:
                        out.add(entry & PFN)
    return out


def main(pids):
    resident = {pid: frames(pid) for pid in pids}
    mappers = Counter(f for fs in resident.values() for f in fs)
    for pid in pids:
        kb = sum(PAGE / mappers[f] for f in resident[pid]) / 1024
        print(pid, round(kb))


if __name__ == "__main__":
    main(sys.argv[1:])
