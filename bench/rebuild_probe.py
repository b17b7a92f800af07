"""Where a rebuild after one edit goes, and what MkDocs alone costs: time and peak memory.

    .venv/bin/python -m bench.rebuild_probe PROJECT   # a project built by bench/perf.py --workdir

Not the path `build.py build` takes (perf.py measures that); this measures its parts
on their own, to decide what is worth building:

1. MkDocs alone (`python -m mkdocs build`, no search index): wall time and peak RSS.
   If MkDocs alone is over 1 GB, the memory budget needs MkDocs changes too.
2. The search index alone (`briefkit.search.index_site`): in one Pagefind run as
   before, then in shards with the cache cold and warm: wall time and peak RSS of
   the process and the Pagefind runs it starts.
3. `mkdocs.commands.build.build(config, dirty=True)` after editing one briefing:
   MkDocs skips pages whose source is older than their output, but still loads
   every file, runs the hooks (which parse every briefing) and writes the
   generated pages.
4. The search index after that edit: one shard re-indexed, all shards merged.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from bench.perf import PYTHON, edit_one, timed

INDEX = (
    "import logging, sys; from pathlib import Path; from briefkit.search import index_site; "
    "logging.basicConfig(level=logging.INFO); index_site(Path(sys.argv[1]), whole=sys.argv[2:] == ['whole'])"
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return {**env, "PYTHONPATH": "", **extra}


def index_search(project: Path, label: str, whole: bool = False) -> None:
    """Run in a process started before this one grows: a child's peak RSS counts its parent's size at fork."""
    run = timed([PYTHON, "-c", INDEX, str(project / "site"), *(["whole"] if whole else [])], project, _env())
    said = [line.split(":", 2)[-1] for line in run.stderr_tail.splitlines() if "shard(s)" in line or "Indexed" in line]
    detail = "; ".join(said) if run.ok else run.stderr_tail[-300:]
    print(f"search index ({label}): {run.wall_s:.1f} s, peak {run.peak_mb:.0f} MB; {detail}", flush=True)


DIRTY = (
    "import sys, time; from mkdocs.commands.build import build; from mkdocs.config import load_config; "
    "config = load_config('mkdocs.yml'); started = time.perf_counter(); build(config, dirty=True); "
    "print(f'dirty build {time.perf_counter() - started:.2f} s', file=sys.stderr)"
)


def dirty_build(project: Path) -> str:
    """MkDocs' dirty build after editing one briefing, in its own process (see index_search)."""
    edit_one(project / "briefings" / "briefing-00002.md")
    run = timed([PYTHON, "-c", DIRTY], project, _env())
    inside = [line for line in run.stderr_tail.splitlines() if line.startswith("dirty build")]
    return f"{run.wall_s:.1f} s wall ({inside[-1] if inside else run.stderr_tail[-300:]}), peak {run.peak_mb:.0f} MB"


def main(argv: list[str]) -> int:
    project = Path(argv[0]).resolve()
    run = timed([PYTHON, "-m", "mkdocs", "build", "-q"], project, _env())
    print(f"MkDocs alone, full build without search: {run.wall_s:.1f} s, peak {run.peak_mb:.0f} MB", flush=True)
    index_search(project, "one Pagefind run, as before", whole=True)
    shutil.rmtree(project / ".cache" / "briefkit" / "search", ignore_errors=True)
    index_search(project, "shards, cold cache")
    index_search(project, "shards, warm cache, nothing changed")
    print(f"MkDocs dirty build after one edit: {dirty_build(project)}", flush=True)
    index_search(project, "shards, after that edit")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
