"""What a rebuild after one edit could cost: MkDocs' dirty build, Pagefind's Python API.

    .venv/bin/python -m bench.rebuild_probe PROJECT   # a project built by bench/perf.py --workdir

Not the path `build.py build` takes today (perf.py measures that); this measures
the floors of the alternatives, to decide what is worth building:

1. `mkdocs.commands.build.build(config, dirty=True)` after editing one briefing:
   MkDocs skips pages whose source is older than their output, but still loads
   every file, runs the hooks (which parse every briefing) and writes the
   generated pages.
2. Pagefind's Python API with a long-lived index: the whole site indexed once,
   then one changed page added and the bundle written again (`write_files` always
   writes the whole bundle: Pagefind has no incremental update).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


def dirty_build(project: Path) -> float:
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench.perf import edit_one

    os.chdir(project)
    sys.path.insert(0, str(project))
    config = load_config(str(project / "mkdocs.yml"))
    edit_one(project / "briefings" / "briefing-00002.md")
    started = time.perf_counter()
    build(config, dirty=True)
    return time.perf_counter() - started


async def pagefind_api(site: Path) -> tuple[float, float]:
    from pagefind.index import PagefindIndex

    out = site.parent / "pagefind-probe"
    page = next(iter(sorted(site.glob("briefing-*/index.html"))))
    async with PagefindIndex() as index:
        started = time.perf_counter()
        await index.add_directory(str(site))
        await index.write_files(str(out))
        full = time.perf_counter() - started
        started = time.perf_counter()
        await index.add_html_file(content=page.read_text(encoding="utf-8"), url="/" + page.parent.name + "/")
        await index.write_files(str(out))
        one = time.perf_counter() - started
    return full, one


def main(argv: list[str]) -> int:
    project = Path(argv[0]).resolve()
    site = project / "site"
    full, one = asyncio.run(pagefind_api(site))
    print(f"Pagefind Python API: whole site {full:.1f} s; one page added + bundle rewritten {one:.1f} s")
    print(f"MkDocs dirty build after one edit: {dirty_build(project):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
