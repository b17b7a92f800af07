"""Performance benchmark: ingest, build, rebuild, memory and site weight, against the budgets.

    .venv/bin/python -m bench.perf                      # N = 1,000 and 10,000 (several minutes)
    .venv/bin/python -m bench.perf --sizes 1000         # one size
    .venv/bin/python -m bench.perf --sizes 20 --quick   # a smoke run (tests/test_bench_smoke.py)

For each N it writes a desk of N articles and briefings (bench/corpus.py) into a
temporary project, then times, each as its own process (wall time, CPU and peak
RSS from os.wait4):

- briefkit: a cold `build.py build` (ingest, MkDocs render, search index), then
  `build.py build` again after editing one briefing (the path an editor takes);
- Hugo (Debian's `hugo`) on the same Markdown with a tiny layout and constant
  navigation, plus Pagefind on its output: the speed anchor of the budget;
- MkDocs with its default theme (`theme: mkdocs`) and built-in lunr search.

Cold builds are repeated (--repeat; 3 up to N = 2,000 by default) and the fastest of
briefkit's and of Hugo + Pagefind's is compared: on a shared machine the same run varies
by 20-50%, the anchor too, and noise only ever adds time. The rebuild after one edit is
measured three times (three briefings edited in turn) and the median reported. Every
run's time is printed.

Ingest throughput is measured in this process over the devset (CPU time of
`briefkit.ingest.brief_text`), against trafilatura's own extraction of the same pages.
Prints a Markdown table and the budgets of DESIGN.md with PASS/FAIL; writes the
numbers as JSON into bench/results/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PROJECT_PARTS = ("mkdocs.yml", "build.py", "briefkit", "templates")
RESULTS = ROOT / "bench" / "results"
# Cold builds per size (briefkit's, and Hugo + Pagefind's): the fastest of each is compared. On this
# shared 2-core machine one Hugo + Pagefind run at 1,000 briefings took anywhere from 3.1 to 4.7 s.
REPEAT_SMALL = 3
REPEAT_UP_TO = 2_000  # above, one run each: a cold build at 10,000 takes about a minute
REBUILDS = 3  # rebuilds after one edit (each of another briefing), at every size: the median is reported
MB = 1024 * 1024


@dataclass
class Run:
    """One timed process."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    stderr_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command; wall time, CPU (user+sys) and peak RSS of it and its children."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-4000:]
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, tail)


# --- ingest throughput ----------------------------------------------------------------


ROUNDS = 3  # ingest timing rounds; the least CPU of each is kept


def ingest_throughput(sample: int | None) -> dict[str, float]:
    """CPU ms per article for text and HTML ingest, and trafilatura's own time on the HTML."""
    import trafilatura

    from bench.devset import DEVSET, ground_truth, page_ids
    from briefkit.ingest import brief_text

    ids = page_ids()[:sample] if sample else page_ids()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts, htmls, words = [], [], 0
        for page_id in ids:
            body = ground_truth()[page_id]["articleBody"]
            words += len(body.split())
            text_path = folder / f"{page_id}.txt"
            text_path.write_text(f"Headline of {page_id}\n\n{body}\n", encoding="utf-8")
            texts.append(text_path)
            html_path = folder / f"{page_id}.html"
            html_path.write_bytes(gzip.decompress((DEVSET / "html" / f"{page_id}.html.gz").read_bytes()))
            htmls.append(html_path)
        failures: list[str] = []
        brief = _tolerant(brief_text, failures)
        brief(texts[0])  # warm up: imports, data files, templates
        brief(htmls[0])
        failures.clear()
        pages = [p.read_text(encoding="utf-8", errors="replace") for p in htmls]
        # Three rounds, each timing briefkit and trafilatura back to back; the least CPU of each is
        # kept, so a burst of load on the shared machine inflates neither side of the ratio.
        text_cpu = html_cpu = trafilatura_cpu = math.inf
        for _round in range(ROUNDS):
            text_cpu = min(text_cpu, _cpu(lambda: [brief(p) for p in texts]))
            html_cpu = min(html_cpu, _cpu(lambda: [brief(p) for p in htmls]))
            trafilatura_cpu = min(
                trafilatura_cpu,
                _cpu(
                    lambda: [
                        trafilatura.bare_extraction(page, include_comments=False, include_tables=True)
                        for page in pages
                    ]
                ),
            )
    n = len(ids)
    return {
        "articles": n,
        "mean_words": words / n,
        "text_ms": 1000 * text_cpu / n,
        "text_ms_per_700_words": 1000 * text_cpu / words * 700,
        "html_ms": 1000 * html_cpu / n,
        "trafilatura_ms": 1000 * trafilatura_cpu / n,
        "failures": sorted(set(failures)),  # each round records them again
    }


def _tolerant(brief_text, failures: list[str]):
    """brief_text that records a failing article instead of stopping the benchmark (as ingest does)."""

    def brief(path: Path) -> None:
        try:
            brief_text(path, path.name)
        except Exception as exc:  # noqa: BLE001 - a bug in an annotator is reported, not fatal
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")

    return brief


def _cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


# --- briefkit -------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    briefkit_cold: Run | None = None
    ingest_s: float | None = None  # the part of the cold build spent in ingest (from its log)
    render_s: float | None = None  # the MkDocs part (from its log)
    search_s: float | None = None  # Pagefind: from the build's log, or run by the bench if the build did not
    search_added_by_bench: bool = False
    search_runs: list[Run] = field(default_factory=list)  # Pagefind runs the benchmark added
    briefkit_rebuild: Run | None = None
    rebuild_search_s: float | None = None
    site_mb: float = 0.0
    site_files: int = 0
    page_kb: float = 0.0
    hugo: Run | None = None
    hugo_pagefind: Run | None = None
    hugo_rebuild_s: float | None = None
    mkdocs_default: Run | None = None
    mkdocs_default_site_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def briefkit_total_s(self) -> float | None:
        if not self.briefkit_cold:
            return None
        added = self.search_s if self.search_added_by_bench else None  # else inside the build's own time
        return self.briefkit_cold.wall_s + (added or 0.0)

    @property
    def briefkit_rebuild_s(self) -> float | None:
        if not self.briefkit_rebuild:
            return None
        added = self.rebuild_search_s if self.search_added_by_bench else None
        return self.briefkit_rebuild.wall_s + (added or 0.0)

    @property
    def anchor_s(self) -> float | None:
        if not (self.hugo and self.hugo_pagefind):
            return None
        return self.hugo.wall_s + self.hugo_pagefind.wall_s


def make_project(folder: Path, n: int) -> Path:
    from bench.corpus import make_desk

    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    folder.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=ignore)
        else:
            shutil.copy2(source, folder / part)
    make_desk(folder, n)
    return folder


def _env() -> dict[str, str]:
    """The environment a user builds in: no fixed build date, and Python keeps the modules it compiles
    (this machine sets PYTHONDONTWRITEBYTECODE, which made every run compile briefkit again: ~0.1 s)."""
    return {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE")}


def _logged_seconds(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


def bench_briefkit(project: Path, result: SizeResult, repeat: int = 1) -> None:
    runs = []
    for attempt in range(repeat):  # each from nothing: no site, no cache; the fastest is kept
        if attempt:
            shutil.rmtree(project / "site", ignore_errors=True)
            shutil.rmtree(project / ".cache", ignore_errors=True)
        runs.append(timed([PYTHON, "build.py", "build"], project, _env()))
        if not runs[-1].ok:
            break
    cold = runs[-1] if not runs[-1].ok else min(runs, key=lambda run: run.wall_s)
    if repeat > 1:
        result.notes.append("briefkit cold runs, wall s: " + ", ".join(f"{run.wall_s:.2f}" for run in runs))
    result.briefkit_cold = cold
    if not cold.ok:
        result.notes.append(f"briefkit build failed: {cold.stderr_tail[-500:]}")
        return
    result.ingest_s = _logged_seconds(r"Done: \d+ article\(s\) in ([\d.]+) s", cold.stderr_tail)
    result.render_s = _logged_seconds(r"Done: built the site into .* in ([\d.]+) s", cold.stderr_tail)
    result.search_s = _logged_seconds(r"for search in ([\d.]+) s", cold.stderr_tail)  # build.py runs Pagefind
    if result.render_s is not None and result.search_s is not None:
        result.render_s -= result.search_s  # "built the site in" counts the search index too
    site = project / "site"
    if not (site / "pagefind").is_dir():
        result.search_added_by_bench = True
        result.search_runs.append(timed([PYTHON, "-m", "pagefind", "--site", str(site)], project))
        result.search_s = result.search_runs[-1].wall_s
        result.notes.append("build.py build wrote no search index yet: the benchmark ran Pagefind after it")
    result.site_mb, result.site_files = _tree_size(site)
    result.page_kb = page_weight_kb(site, "briefing-")
    rebuilds = []
    for number in range(1, REBUILDS + 1):  # an editor corrects one briefing, builds, corrects the next...
        edit_one(project / "briefings" / f"briefing-{number:05d}.md")
        rebuilds.append(timed([PYTHON, "build.py", "build"], project, _env()))
        if not rebuilds[-1].ok:
            break
    rebuild = rebuilds[-1] if not rebuilds[-1].ok else sorted(rebuilds, key=lambda run: run.wall_s)[len(rebuilds) // 2]
    if len(rebuilds) > 1:
        result.notes.append("briefkit rebuilds after one edit, wall s: " + ", ".join(f"{r.wall_s:.2f}" for r in rebuilds))
    result.briefkit_rebuild = rebuild
    if result.search_added_by_bench:
        result.search_runs.append(timed([PYTHON, "-m", "pagefind", "--site", str(site)], project))
        result.rebuild_search_s = result.search_runs[-1].wall_s


def edit_one(path: Path) -> None:
    """What an editor does: correct one key fact by hand."""
    text = path.read_text(encoding="utf-8")
    marker = "## Key facts\n\n- "
    text = text.replace(marker, marker + "(Corrected by the desk.) ", 1)
    path.write_text(text, encoding="utf-8")


def _tree_size(folder: Path) -> tuple[float, int]:
    total, count = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            count += 1
    return total / MB, count


_ASSET = re.compile(r"""<(?:link[^>]*rel=["']?stylesheet["']?[^>]*href|script[^>]*src)=["']?([^"' >]+)""")


def page_weight_kb(site: Path, prefix: str, sample: int = 25) -> float:
    """Median HTML + linked local CSS and JS of briefing pages, before search is used."""
    pages = sorted(site.glob(f"{prefix}*/index.html"))[:sample] or sorted(site.glob(f"**/{prefix}*.html"))[:sample]
    weights = []
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        total = len(html.encode("utf-8"))
        for ref in _ASSET.findall(html):
            if "://" in ref or ref.startswith("//"):
                continue
            asset = (site / ref.lstrip("/")) if ref.startswith("/") else (page.parent / ref.split("?")[0])
            if asset.is_file():
                total += asset.stat().st_size
        weights.append(total / 1024)
    return statistics.median(weights) if weights else 0.0


# --- Hugo + Pagefind, MkDocs default theme --------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Briefings"
disableKinds = ["taxonomy", "term"]
[pagination]
  pagerSize = 20
paginate = 20
"""
HUGO_BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">Latest</a> <a href="{{ "/posts/" | relURL }}">All briefings</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}</article>{{ end }}
"""
# Constant-size pagination (Hugo's internal pagination template links every page: quadratic).
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range (.Paginate (where site.RegularPages "Section" "posts")).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>{{ with .Paginator }}<nav>{{ if .HasPrev }}<a href="{{ .Prev.URL }}">Newer</a>{{ end }}
Page {{ .PageNumber }} of {{ .TotalPages }}{{ if .HasNext }} <a href="{{ .Next.URL }}">Older</a>{{ end }}</nav>{{ end }}{{ end }}
"""


def bench_hugo(project: Path, folder: Path, result: SizeResult, repeat: int = 1) -> None:
    if not shutil.which("hugo"):
        result.notes.append("hugo not installed: no anchor")
        return
    site = folder / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.joinpath("baseof.html").write_text(HUGO_BASE, encoding="utf-8")
    layouts.joinpath("single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    layouts.joinpath("list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    for path in sorted((project / "briefings").glob("*.md")):
        shutil.copy2(path, site / "content" / "posts" / path.name)
    from briefkit.search import _pagefind_command

    pagefind = [*_pagefind_command(), "--site", "public"]  # the binary, as briefkit runs it (no Python start)
    runs = []
    for attempt in range(repeat):  # each from nothing: no public/; the fastest Hugo + Pagefind is kept
        if attempt:
            shutil.rmtree(site / "public", ignore_errors=True)
            shutil.rmtree(site / "resources", ignore_errors=True)
        hugo = timed(["hugo", "--quiet"], site)
        if not hugo.ok:
            result.notes.append(f"hugo failed: {hugo.stderr_tail[-300:]}")
            return
        runs.append((hugo, timed(pagefind, site)))
    result.hugo, result.hugo_pagefind = min(runs, key=lambda pair: pair[0].wall_s + pair[1].wall_s)
    if repeat > 1:
        result.notes.append(
            "Hugo + Pagefind runs, wall s: " + ", ".join(f"{a.wall_s:.2f} + {b.wall_s:.2f}" for a, b in runs)
        )
    edit_one(site / "content" / "posts" / "briefing-00001.md")
    again = timed(["hugo", "--quiet"], site).wall_s
    result.hugo_rebuild_s = again + timed(pagefind, site).wall_s


def bench_mkdocs_default(project: Path, folder: Path, result: SizeResult) -> None:
    site = folder / "mkdocs-default"
    docs = site / "docs"
    docs.mkdir(parents=True)
    for path in sorted((project / "briefings").glob("*.md")):
        shutil.copy2(path, docs / path.name)
    (docs / "index.md").write_text("# Briefings\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Briefings\ntheme:\n  name: mkdocs\nplugins:\n  - search\nnav:\n  - Home: index.md\n"
        "validation:\n  omitted_files: ignore\n",
        encoding="utf-8",
    )
    result.mkdocs_default = timed([PYTHON, "-m", "mkdocs", "build", "-q"], site, _env())
    result.mkdocs_default_site_mb = _tree_size(site / "site")[0]


# --- search bytes (bench/search.py, written by the search engineer) --------------------


def search_bytes(site: Path) -> tuple[float | None, str]:
    """KB downloaded for one search, from bench/search.py when it exists."""
    try:
        from bench import search  # type: ignore[attr-defined]
    except ImportError:
        return None, "bench/search.py missing"
    for name in ("bytes_per_query", "measure_search_bytes", "search_bytes"):
        function = getattr(search, name, None)
        if callable(function):
            try:
                value = function(site)
            except Exception as exc:  # noqa: BLE001 - report, do not fail the benchmark
                return None, f"bench.search.{name} failed: {type(exc).__name__}: {exc}"
            if isinstance(value, dict):
                value = value.get("bytes") or value.get("max_bytes") or value.get("mean_bytes")
            return (float(value) / 1024 if value is not None else None), f"bench.search.{name}"
    return None, "bench/search.py has no bytes_per_query(site) function"


# --- the report ------------------------------------------------------------------------


def _f(value: float | None, fmt: str = "{:.1f}") -> str:
    return "n/a" if value is None else fmt.format(value)


def table(ingest: dict | None, sizes: list[SizeResult], search: dict[int, tuple[float | None, str]]) -> str:
    lines = ["| measure | " + " | ".join(f"N = {r.n:,}" for r in sizes) + " |", "|---|" + "---:|" * len(sizes)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("briefkit cold `build.py build`, wall s (ingest + render + search)", [_f(r.briefkit_total_s) for r in sizes])
    row("  of which ingest, s", [_f(r.ingest_s) for r in sizes])
    row("  of which MkDocs render, s", [_f(r.render_s) for r in sizes])
    row("  of which search index, s", [_f(r.search_s) + (" (bench)" if r.search_added_by_bench else "") for r in sizes])
    row(
        "briefkit CPU s (user+sys, both cores)",
        [
            _f(r.briefkit_cold.cpu_s + sum(x.cpu_s for x in r.search_runs[:1]) if r.briefkit_cold else None)
            for r in sizes
        ],
    )
    row("briefkit rebuild after one edit, wall s", [_f(r.briefkit_rebuild_s) for r in sizes])
    row("briefkit peak memory, MB", [_f(_peak(r), "{:.0f}") for r in sizes])
    row("briefkit site size, MB (files)", [f"{r.site_mb:.1f} ({r.site_files:,})" for r in sizes])
    row("briefkit briefing page, KB HTML+CSS+JS (median)", [_f(r.page_kb) for r in sizes])
    row("search, KB per query (bench/search.py)", [_f(search.get(r.n, (None, ""))[0]) for r in sizes])
    row("Hugo build, wall s", [_f(r.hugo.wall_s if r.hugo else None) for r in sizes])
    row("Pagefind on Hugo's site, wall s", [_f(r.hugo_pagefind.wall_s if r.hugo_pagefind else None) for r in sizes])
    row("Hugo + Pagefind, wall s (the anchor)", [_f(r.anchor_s) for r in sizes])
    row(
        "Hugo + Pagefind CPU s (user+sys)",
        [_f(r.hugo.cpu_s + r.hugo_pagefind.cpu_s if r.hugo_pagefind else None) for r in sizes],
    )
    row("Hugo + Pagefind after one edit, wall s", [_f(r.hugo_rebuild_s) for r in sizes])
    row(
        "Hugo + Pagefind peak memory, MB",
        [_f(max(r.hugo.peak_mb, r.hugo_pagefind.peak_mb) if r.hugo_pagefind else None, "{:.0f}") for r in sizes],
    )
    row(
        "MkDocs default theme + lunr, wall s",
        [_f(r.mkdocs_default.wall_s if r.mkdocs_default else None) for r in sizes],
    )
    row(
        "MkDocs default theme site size, MB",
        [_f(r.mkdocs_default_site_mb if r.mkdocs_default else None) for r in sizes],
    )
    out = "\n".join(lines)
    if ingest:
        out = (
            f"Ingest over {ingest['articles']} devset articles (mean {ingest['mean_words']:.0f} words), CPU ms per article: "
            f"text {ingest['text_ms']:.1f} ({ingest['text_ms_per_700_words']:.1f} per 700 words); "
            f"HTML {ingest['html_ms']:.1f}, trafilatura alone {ingest['trafilatura_ms']:.1f} "
            f"({ingest['html_ms'] / ingest['trafilatura_ms']:.2f}x)\n\n" + out
        )
    return out


def _peak(result: SizeResult) -> float | None:
    runs = [r for r in (result.briefkit_cold, result.briefkit_rebuild, *result.search_runs) if r]
    return max(r.peak_mb for r in runs) if runs else None


def budgets(ingest: dict | None, sizes: list[SizeResult], search: dict[int, tuple[float | None, str]]) -> list[str]:
    out = []

    def verdict(name: str, ok: bool | None, detail: str) -> None:
        out.append(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {name}: {detail}")

    if ingest:
        verdict(
            "ingest text <= 10 ms CPU per 700 words",
            ingest["text_ms_per_700_words"] <= 10,
            f"{ingest['text_ms_per_700_words']:.1f} ms",
        )
        ratio = ingest["html_ms"] / ingest["trafilatura_ms"]
        verdict(
            "ingest HTML <= 1.5x trafilatura",
            ratio <= 1.5,
            f"{ratio:.2f}x ({ingest['html_ms']:.1f} vs {ingest['trafilatura_ms']:.1f} ms)",
        )
    for r in sizes:
        tag = f"N={r.n:,}"
        if r.briefkit_total_s is not None and r.anchor_s:
            ratio = r.briefkit_total_s / r.anchor_s
            verdict(
                f"{tag} full build <= 2x Hugo+Pagefind",
                ratio <= 2,
                f"{r.briefkit_total_s:.1f} s vs {r.anchor_s:.1f} s ({ratio:.1f}x)",
            )
        else:
            verdict(f"{tag} full build <= 2x Hugo+Pagefind", None, "no Hugo + Pagefind anchor measured")
        if r.briefkit_rebuild_s is not None:
            verdict(f"{tag} rebuild after one edit < 2 s", r.briefkit_rebuild_s < 2, f"{r.briefkit_rebuild_s:.1f} s")
        peak = _peak(r)
        if peak is not None:
            verdict(f"{tag} peak memory < 1 GB", peak < 1024, f"{peak:.0f} MB")
        verdict(
            f"{tag} briefing page < 50 KB HTML+CSS+JS", r.page_kb < 50 if r.page_kb else None, f"{r.page_kb:.1f} KB"
        )
        per_page_mb = r.site_mb / max(r.n, 1)
        verdict(
            f"{tag} site well inside 1 GB at 10,000 (projected < 500 MB)",
            per_page_mb * 10_000 < 500 if r.site_mb else None,
            f"{r.site_mb:.0f} MB now, {per_page_mb * 10_000:.0f} MB projected",
        )
        kb, source = search.get(r.n, (None, "not measured"))
        verdict(f"{tag} search < 300 KB per query", None if kb is None else kb < 300, f"{_f(kb)} KB ({source})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N (default: 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="ingest over 10 devset pages only")
    parser.add_argument("--no-ingest-bench", action="store_true", help="skip the ingest throughput measurement")
    parser.add_argument("--no-baselines", action="store_true", help="skip Hugo and MkDocs' default theme")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="cold builds per size, briefkit's and Hugo + Pagefind's, the fastest of each kept "
        f"(default: {REPEAT_SMALL} up to N = {REPEAT_UP_TO:,}, 1 above: timings on a shared machine vary by 20-50%%)",
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where the projects go (default: a temp folder, removed)"
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="write the numbers here (default: bench/results/perf-<sizes>.json)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    sys.path.insert(0, str(ROOT))

    ingest = None if args.no_ingest_bench else ingest_throughput(10 if args.quick else None)
    results, search = [], {}
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="briefkit-perf-"))
    try:
        for n in sizes:
            folder = workdir / f"n{n}"
            if folder.exists():
                shutil.rmtree(folder)
            project = make_project(folder / "project", n)
            result = SizeResult(n)
            print(f"N={n}: briefkit ...", file=sys.stderr, flush=True)
            load_before = os.getloadavg()[0]
            repeat = args.repeat or (REPEAT_SMALL if n <= REPEAT_UP_TO else 1)
            bench_briefkit(project, result, repeat)
            # the machine is shared: a timing means little without the load it ran under
            result.notes.append(
                f"load average (1 min) {load_before:.2f} before briefkit, {os.getloadavg()[0]:.2f} after"
            )
            search[n] = search_bytes(project / "site")
            if not args.no_baselines:
                print(f"N={n}: Hugo + Pagefind ...", file=sys.stderr, flush=True)
                bench_hugo(project, folder, result, repeat)
                print(f"N={n}: MkDocs default theme ...", file=sys.stderr, flush=True)
                bench_mkdocs_default(project, folder, result)
            results.append(result)
            if args.workdir is None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"Machine: {os.cpu_count()} cores; python {sys.version.split()[0]}\n")
    print(table(ingest, results, search))
    print("\nBudgets (DESIGN.md):")
    for line in budgets(ingest, results, search):
        print("  " + line)
    if ingest and ingest["failures"]:
        print(f"  note: {len(ingest['failures'])} devset article(s) failed to ingest, e.g. {ingest['failures'][0]}")
    for r in results:
        for note in r.notes:
            print(f"  note N={r.n:,}: {note}")
    out = args.json or RESULTS / f"perf-{'-'.join(map(str, sizes))}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"ingest": ingest, "sizes": [_jsonable(r) for r in results]}, indent=2), encoding="utf-8")
    failed = any(not (r.briefkit_cold and r.briefkit_cold.ok) for r in results)
    return 1 if failed else 0


def _jsonable(result: SizeResult) -> dict:
    data = asdict(result)
    data.update(total_s=result.briefkit_total_s, rebuild_s=result.briefkit_rebuild_s, anchor_s=result.anchor_s)
    return data


if __name__ == "__main__":
    sys.exit(main())
