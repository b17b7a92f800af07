"""Peak memory of a command and every process it starts, together (Linux: /proc).

    .venv/bin/python -m bench.tree_rss .venv/bin/python build.py -q build

bench/perf.py reports the largest single process (os.wait4's ru_maxrss). When work is
spread over processes (two search shards indexed at once, each with its Pagefind run),
what the machine holds is their sum: this samples the resident memory of the whole
process tree every 50 ms and prints the largest sum seen. Pages shared after a fork are
counted once per process, so the figure is an upper bound.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def tree_rss_kb(root: int) -> int:
    """Resident memory (kB) of a process and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as file:
                parent = int(file.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        children.setdefault(parent, []).append(int(name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as file:
                total += next((int(line.split()[1]) for line in file if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            continue
        pending.extend(children.get(pid, []))
    return total


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    process = subprocess.Popen(argv)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.05)
    print(f"peak resident memory of the process tree (summed): {peak / 1024:.0f} MB", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
