"""Search benchmark: bytes a reader downloads for a search, and time to first results.

    .venv/bin/python -m bench.search                 # N = 10,000 briefings (a few minutes)
    .venv/bin/python -m bench.search -n 1000         # a quick run
    .venv/bin/python -m bench.search -n 1000 --no-lunr

It writes a desk of N synthetic briefings (bench/corpus.py: devset article texts,
varied front matter), builds the site with `build.py build --no-ingest` (MkDocs,
then Pagefind), serves it under /repo/ and, in headless Chromium, for each query
opens a briefing page in a fresh browser context (empty cache), waits for it to
load, then presses "/" and types the query. It sums the bodies of every response
the query triggers after the page has loaded (Pagefind's JS and WASM, its
metadata, index and fragment files; filter files only when the reader opens the
filters, reported apart) and times the first result from the first keystroke (the
box waits 150 ms after typing before it searches).

Bytes are counted twice: as files (the decoded bodies), and as transferred, measured
by Chromium (each request's encoded body size) from a server that gzips text files
(HTML, CSS, JS, JSON, SVG) as GitHub Pages does; Pagefind's data files are gzip
already and travel as they are. The budget (DESIGN.md: "300 KB downloaded for a
search") is judged on the transferred bytes; the file bytes are shown beside them.

Side by side, it builds the same Markdown with MkDocs' default theme and its
built-in lunr `search` plugin and reports the size of search/search_index.json,
which that theme downloads whole for any query.

`bytes_per_query(site)` is what bench/perf.py calls for its table.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402 - the tests' sub-path server

log = logging.getLogger("briefkit")
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
BUDGET_KB = 300
QUERIES = ("government", "trade war", "election results", "Grace Tanaka")
KB = 1024


def make_project(folder: Path, n: int) -> Path:
    """A copy of the code and templates with N synthetic briefings (no articles: nothing to ingest)."""
    from bench.perf import make_project as make_desk_project

    make_desk_project(folder, n)
    shutil.rmtree(folder / "articles")
    (folder / "articles").mkdir()
    return folder


def build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "build.py", "build", "--no-ingest", "-q"], cwd=project, check=True)
    return time.perf_counter() - started


FINAL_STATUS = (
    r"/^(\d+ briefings?|No briefings found\.)$/.test(document.querySelector('.search-status').textContent)"
)
FIRST_RESULTS = f"document.querySelector('.search-result') !== null || {FINAL_STATUS}"
PAGE_SIZE = 5  # results the box shows before "More results" (PAGE_SIZE in templates/theme/assets/search.js)
ALL_SHOWN = f"""() => {{
    if (!({FINAL_STATUS})) return false;
    const total = parseInt(document.querySelector('.search-status').textContent) || 0;
    return document.querySelectorAll('.search-result').length === Math.min(total, {PAGE_SIZE});
}}"""


def _wait_for_quiet_network(page, pending: set, quiet_ms: int = 500) -> None:
    """Until no request has been in flight for quiet_ms: the query's downloads are over."""
    quiet_since = time.perf_counter()
    while (time.perf_counter() - quiet_since) * 1000 < quiet_ms:
        page.wait_for_timeout(50)
        if pending:
            quiet_since = time.perf_counter()


def measure_query(browser, url: str, page_path: str, query: str) -> dict:
    """One cold search: bytes of the responses it triggers, and ms from first keystroke to first result."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + page_path, wait_until="load")
    responses, pending = [], set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    context.on("response", lambda response: responses.append(response))
    started = time.perf_counter()
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function(FIRST_RESULTS, timeout=120_000)
    first_ms = (time.perf_counter() - started) * 1000
    page.wait_for_function(ALL_SHOWN, timeout=120_000)
    _wait_for_quiet_network(page, pending)
    results = page.inner_text(".search-status")
    query_sizes = _body_sizes(responses)
    filters = {}
    found = results != "No briefings found."  # no results: no filter values to show
    if found and page.locator(".search-filters-toggle").count():  # then the reader opens the filters
        responses.clear()
        started = time.perf_counter()
        page.click(".search-filters-toggle")
        page.wait_for_selector("fieldset[data-filter]", timeout=120_000)
        filters = {"filters_ms": round((time.perf_counter() - started) * 1000)}
        _wait_for_quiet_network(page, pending)
        filter_sizes = _body_sizes(responses)
        filters["filters_bytes"] = sum(raw for raw, _ in filter_sizes.values())
        filters["filters_transferred_bytes"] = sum(sent for _, sent in filter_sizes.values())
    context.close()
    kinds: dict[str, int] = {}
    for response_url, (size, _) in query_sizes.items():
        name = response_url.split("?")[0].rsplit("/", 2)
        kind = name[-2] if name[-2] in ("index", "fragment", "filter") else name[-1].split(".")[-1]
        kinds[kind] = kinds.get(kind, 0) + size
    return {
        "query": query,
        "results": results,
        "requests": len(query_sizes),
        "bytes": sum(raw for raw, _ in query_sizes.values()),
        "transferred_bytes": sum(sent for _, sent in query_sizes.values()),
        "by_kind": kinds,
        "first_results_ms": round(first_ms),
        **filters,
    }


def _body_sizes(responses: list) -> dict[str, tuple[int, int]]:
    """url -> (bytes of the file, bytes Chromium received for it: gzip-encoded where the server compressed)."""
    sizes = {}
    for response in responses:
        try:
            body = response.body()
            sent = response.request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            body, sent = b"", 0
        sizes[response.url] = (len(body), sent)
    return sizes


def measure_site(site: Path, queries: tuple[str, ...] = QUERIES, browser=None) -> list[dict]:
    """Measure each query on the built site; launches Chromium unless given a Playwright browser."""
    folders = sorted(path.parent.name for path in site.glob("*/index.html"))
    briefing = next((name for name in folders if name.startswith("briefing-")), folders[0]) + "/"
    with serve_directory(site, gzip_text=True) as url, contextlib.ExitStack() as stack:
        if browser is None:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            stack.callback(browser.close)
        return [measure_query(browser, url, briefing, query) for query in queries]


def bytes_per_query(site: Path) -> int:
    """Median bytes transferred for the benchmark's queries on a built site (for bench/perf.py)."""
    return int(statistics.median(r["transferred_bytes"] for r in measure_site(Path(site))))


def lunr_index(project: Path, folder: Path) -> dict:
    """MkDocs' default theme with its lunr search over the same briefings: the index it downloads."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(
        f"site_name: Briefings\ndocs_dir: {project / 'briefings'}\nsite_dir: {folder / 'site'}\n"
        "theme:\n  name: mkdocs\nplugins:\n  - search\nnav: []\n"
        "validation:\n  omitted_files: ignore\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")], check=True)
    seconds = time.perf_counter() - started
    index = (folder / "site" / "search" / "search_index.json").read_bytes()
    return {"build_s": round(seconds, 1), "bytes": len(index), "gzip_bytes": len(gzip.compress(index, 6))}


def report(n: int, build_s: float, queries: list[dict], lunr: dict | None) -> str:
    lines = [
        f"## Search at N = {n:,} briefings",
        "",
        f"briefkit build (MkDocs + Pagefind): {build_s:.1f} s",
        "",
    ]
    lines.append("| query | results | requests | KB of files | KB transferred (gzip server) | first results (ms) |")
    lines.append("|---|---|---|---|---|---|")
    for q in queries:
        kb, sent = q["bytes"] / KB, q["transferred_bytes"] / KB
        ms = q["first_results_ms"]
        lines.append(f"| {q['query']} | {q['results']} | {q['requests']} | {kb:.0f} | {sent:.0f} | {ms} |")
    worst = max(q["bytes"] for q in queries) / KB
    worst_sent = max(q["transferred_bytes"] for q in queries) / KB
    verdict = "PASS" if worst_sent <= BUDGET_KB else "FAIL"
    lines.append("")
    lines.append(f"Budget: at most {BUDGET_KB} KB downloaded per search: worst {worst_sent:.0f} KB transferred: {verdict}")
    lines.append(f"(The same files uncompressed: worst {worst:.0f} KB, for a server that does not gzip.)")
    with_filters = [q for q in queries if "filters_bytes" in q]  # queries that found something
    if with_filters:
        extra = [q["filters_bytes"] / KB for q in with_filters]
        extra_sent = [q["filters_transferred_bytes"] / KB for q in with_filters]
        shown_ms = [q["filters_ms"] for q in with_filters]
        lines.append(
            f"Opening the filters after a search (filter counts): +{max(extra_sent):.0f} KB transferred "
            f"({max(extra):.0f} KB of files), shown in {min(shown_ms)}-{max(shown_ms)} ms"
        )
    kinds = sorted(queries[0]["by_kind"].items())
    lines.append("By kind (first query, KB of files): " + ", ".join(f"{k} {v / KB:.0f}" for k, v in kinds))
    if lunr:
        lines.append(
            f"MkDocs default theme + lunr: search_index.json {lunr['bytes'] / KB:,.0f} KB "
            f"({lunr['gzip_bytes'] / KB:,.0f} KB gzipped), downloaded whole for any query; "
            f"build {lunr['build_s']} s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of briefings (default 10,000)")
    parser.add_argument("--no-lunr", action="store_true", help="skip the MkDocs default theme + lunr build")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--site", type=Path, default=None, metavar="DIR", help="measure a built site only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.site:
        print(report(args.n, 0.0, measure_site(args.site), None))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        project = make_project(work / "project", args.n)
        log.info("wrote %d briefings into %s", args.n, project / "briefings")
        build_s = build(project)
        queries = measure_site(project / "site")
        lunr = None if args.no_lunr else lunr_index(project, work / "lunr")
        text = report(args.n, build_s, queries, lunr)
        print(text)  # the report is this command's output
        RESULTS.mkdir(parents=True, exist_ok=True)
        result = {"n": args.n, "build_s": round(build_s, 1), "queries": queries, "lunr": lunr}
        (RESULTS / f"search-{args.n}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
