"""How long `build.py check` takes on a generated set of briefings.

    .venv/bin/python bench/check_speed.py [N] [--repeat R]     (default N = 10000, R = 1)

Makes a temporary project with N text articles (the shipped example, each with
one extra sentence of its own) and N briefings made from the shipped one, each
with background, key facts and quotes taken from its article, then runs
`build.py check` R times cold (no `.cache/briefkit`: every article read and
cleaned, every briefing parsed) and R times warm (what the cache of the run
before keeps). Each run is its own process, started once what was written
before is on disk (`sync`): wall time, and CPU time (user + sys) of the process
and of the worker processes it waited for (`os.wait4`). The machine is shared,
so figures are noisy: each run also says how much CPU other processes took
meanwhile (from /proc/stat, on Linux), and the load average is printed before
and after. Prints every run and the medians. Every run must report no problem.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_ARTICLE = REPO / "articles" / "us-seeks-to-ease-dispute.txt"
EXAMPLE_BRIEFING = REPO / "briefings" / "us-seeks-to-ease-dispute.md"
BODY = """
## Background

> [!NOTE]
> Tokyo is angry at South Korean court rulings that Japanese firms must compensate forced \
laborers from Japan's 1910-1945 rule of the peninsula.

## Key facts

- Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost \
two-thirds of global chip production.
- Story number {n} is about exports … and chips.

## Quotes

- "We all face shared regional challenges and priorities in the Indo-Pacific and around the \
world," — Morgan Ortagus

## Timeline

## Article

Story number {n} is about exports and chips.
"""


def make_project(root: Path, count: int) -> None:
    for part in ("mkdocs.yml", "build.py", "briefkit", "templates"):
        source = REPO / part
        subprocess.run(["cp", "-r", str(source), str(root / part)], check=True)
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    article = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    text = EXAMPLE_BRIEFING.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
    for n in range(count):
        name = f"story-{n:05d}"
        (root / "articles" / f"{name}.txt").write_text(
            article.replace("on June 30.", f"on June 30. Story number {n} is about exports and chips.", 1),
            encoding="utf-8",
        )
        meta["source"]["file"] = f"articles/{name}.txt"
        meta["title"] = f"Story {n}"
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
        (root / "briefings" / f"{name}.md").write_text(f"---\n{front}---\n{BODY.format(n=n)}", encoding="utf-8")


Run = tuple[float, float, float | None]  # wall, CPU of check and its workers, CPU of all other processes


def timed_check(root: Path) -> Run:
    """Wall-clock seconds, CPU seconds of the check process and its workers, and of every other process."""
    os.sync()  # the files written before (the project, the last run's cache) go to disk now, not during the run
    busy_before = _machine_busy()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [sys.executable, "build.py", "check", "-q"], cwd=root, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)  # usage includes the workers check waited for
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise SystemExit(f"check found problems:\n{out.read(4000).decode('utf-8', 'replace')}")
    busy_after = _machine_busy()
    cpu = usage.ru_utime + usage.ru_stime
    others = busy_after - busy_before - cpu if busy_before is not None and busy_after is not None else None
    return elapsed, cpu, others


def _machine_busy() -> float | None:
    """CPU seconds the whole machine has spent not idle since boot (Linux /proc/stat), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:8]]
    except (OSError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - fields[3] - fields[4]) / ticks  # all but idle and iowait


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="briefings (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="cold and warm runs each (default 1)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    cold: list[Run] = []
    warm: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, args.count)
        for _ in range(args.repeat):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            cold.append(timed_check(root))
            warm.append(timed_check(root))
            print(f"  cold {_show(cold[-1])}, warm {_show(warm[-1])}", flush=True)
    load_after = os.getloadavg()
    print(
        f"check: {args.count} briefings, median of {args.repeat}: cold {_show(_median(cold))}, "
        f"warm (cache of the run before) {_show(_median(warm))}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )


def _median(runs: list[Run]) -> Run:
    others = [r[2] for r in runs if r[2] is not None]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(others) if others else None,
    )


def _show(run: Run) -> str:
    others = "" if run[2] is None else f"; other processes {max(run[2], 0.0):.1f} s CPU meanwhile"
    return f"{run[0]:.2f} s wall ({run[1]:.2f} s CPU{others})"


if __name__ == "__main__":
    main()
