"""How long `build.py check` takes on a generated set of briefings.

    .venv/bin/python bench/check_speed.py [N]          (default N = 10000)

Makes a temporary project with N text articles (the shipped example, each with
one extra sentence of its own) and N briefings made from the shipped one, each
with background, key facts and quotes taken from its article, then runs
`build.py check` twice: cold (every article read and cleaned) and warm (the
article texts come from the disk cache). Prints both times; both must show no
problem.
"""

from __future__ import annotations

import resource
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
        (root / "briefings" / f"{name}.md").write_text(
            f"---\n{front}---\n{BODY.format(n=n)}", encoding="utf-8"
        )


def timed_check(root: Path) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the check process and its workers)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "build.py", "check", "-q"], cwd=root, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"check found problems:\n{result.stdout[:2000]}{result.stderr[:2000]}")
    return elapsed, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, count)
        cold = timed_check(root)
        warm = timed_check(root)
    print(
        f"check: {count} briefings: cold {cold[0]:.2f} s ({cold[1]:.2f} s CPU), "
        f"warm (article cache) {warm[0]:.2f} s ({warm[1]:.2f} s CPU)"
    )


if __name__ == "__main__":
    main()
