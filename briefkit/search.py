"""Index the built site for search with Pagefind.

The theme marks each briefing's content with `data-pagefind-body` (navigation,
footers and list pages stay out of the index) and adds hidden filter, meta and
sort elements (templates/theme/partials/pagefind-meta.html). This stage runs
Pagefind's CLI from the same interpreter over the finished site, into a fresh
`site/pagefind/` so that a rebuild never serves a stale index, and then removes
the UI bundles Pagefind writes but the site does not use (the theme has its own
small search UI on Pagefind's JS API: templates/theme/assets/search.js).

Pagefind 1.5.2 writes each filter's values in hash-map order, which changes from
run to run, and so do the filter files' names, the metadata file and
pagefind-entry.json. The same site must give byte-identical output, so the
filter files are rewritten with their values sorted, under names made from
their content (see `_sort_filters`). Index and fragment files are already
deterministic.

Every site is indexed in shards: Pagefind has no memory limit (3.4 GB for
10,000 briefings at once) and no incremental update. The pages Pagefind would
index (those with a data-pagefind-body element) are spread over shards of at most
SHARD_PAGES pages by a hash of their path; Pagefind indexes each shard on its own
(hard links to the pages in a temporary folder, so that URLs stay the same) into
`.cache/briefkit/search/shards/<key>/`, the key made from the shard's paths and
page contents, and briefkit/search_merge.py merges the shard bundles into the one
bundle the site serves: the same words, postings, filters, sorts and fragments as
one run, checked against one run in tests/test_search_merge.py. A rebuild
re-indexes only the shards whose pages changed. Anything the merge does not
recognise makes it refuse (search_merge.Unmergeable), and the site is then
indexed whole in one plain run, as a site with no page to index always is.
A small site is one shard, merged as well, so that an edit can be patched (below).
A site of SPLIT_PAGES pages or more has two shards at least, and a site of at most
PARALLEL_PAGES pages has its shards indexed two at a time, each shard (Pagefind,
then reading its bundle) in a process of its own: one Pagefind run keeps about 1.5
of two cores busy, and reading a bundle one.

After an edit that changed some pages' HTML and nothing else, `update_index`
patches a merged bundle instead: Pagefind indexes the changed pages alone (a
page's index data does not depend on the other pages of its run) and
search_merge.update splices them in at their page numbers, using the state the
merge left in the cache folder. The bundle is then byte-identical to what
index_site writes (tests/test_search_update.py); when that cannot be guaranteed
update_index returns None and the caller runs index_site. The shard cache is left
as it was: a later index_site re-indexes the edited pages' shards.
"""

from __future__ import annotations

import collections
import functools
import gc
import gzip
import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import cbor2

from . import search_merge
from .errors import BriefkitError
from .files import cache_key
from .parallel import ordered_imap

log = logging.getLogger("briefkit")

BUNDLE = "pagefind"
# Pagefind's ready-made UIs: the site loads none of them (about 400 KB).
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-worker.js",  # search.js runs Pagefind on the page (noWorker): one 41 KB download fewer
)
TIMEOUT_S = 1800
# Pages per Pagefind run. One run over 1,000 briefings peaks at about 360 MB; a site
# of at most this many pages is indexed in one run. BRIEFKIT_SEARCH_SHARD_PAGES overrides.
SHARD_PAGES = 1000
# Every site with pages to index is indexed in shards and merged, the bundle update_index can patch; a
# site with no page to index (Pagefind then indexes every whole page) gets one plain run. A small site is
# one shard, merged too, so that an edit patches its index instead of indexing every page again (2.7 s at
# 1,000 briefings); the shard's summary and the merge cost about 1 s more on a cold build.
# A site of this many indexed pages or more has two shards at least (the count depends on the pages alone:
# the bundle must not depend on the machine), and a site of at most PARALLEL_PAGES pages has its shards
# indexed two at a time. At 1,000 briefings two Pagefind runs of 500 pages at once take 1.8-2.1 s against
# 2.5-2.7 s for one run of 1,000, and the two bundles are read at once too. One run of 1,000 pages peaks
# at about 360 MB: two runs of at most 600 stay well under 1 GB with the processes that read them. A
# larger site has its shards indexed one after the other.
SPLIT_PAGES = 300
PARALLEL_PAGES = 1_200
CACHE = Path(".cache") / "briefkit" / "search"  # under the site folder's parent: the project
BODY = b"data-pagefind-body"


@dataclass
class IndexStats:
    pages: int = 0
    words: int = 0
    filters: int = 0
    seconds: float = 0.0


def index_site(
    site_dir: Path, cache_dir: Path | None = None, shard_pages: int | None = None, whole: bool = False
) -> IndexStats:
    """Build site_dir/pagefind from the HTML in site_dir; returns what Pagefind reported.

    cache_dir: where shard bundles are kept (default: .cache/briefkit/search beside site_dir);
    shard_pages: pages per Pagefind run (default: SHARD_PAGES); whole: one plain Pagefind run.
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise BriefkitError(f"{site_dir}: no built site to index")
    started = time.perf_counter()
    cache = Path(cache_dir) if cache_dir else site_dir.absolute().parent / CACHE
    (cache / search_merge.STATE).unlink(missing_ok=True)  # it describes the bundle removed here
    bundle = site_dir / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    shard_pages = shard_pages or int(os.environ.get("BRIEFKIT_SEARCH_SHARD_PAGES") or SHARD_PAGES)
    stats = None
    pages = [] if whole else _indexed_pages(site_dir)
    if pages:  # none: Pagefind indexes every whole page, in one run
        collecting = gc.isenabled()
        gc.disable()  # millions of short-lived lists, no cycles: in build.py, each collection walks MkDocs' pages too
        try:
            stats = _index_in_shards(site_dir, pages, shard_pages, cache)
        except search_merge.Unmergeable as exc:
            log.warning("%s: search shards not merged (%s): indexing the whole site in one run", site_dir, exc)
            shutil.rmtree(bundle, ignore_errors=True)
        finally:
            if collecting:
                gc.enable()
    if stats is None:
        output = _run_pagefind(site_dir)
        _remove_unused(bundle)
        _sort_filters(bundle)
        stats = _parse_stats(output)
    stats.seconds = time.perf_counter() - started
    log.info("Indexed %d page(s), %d word(s) for search in %.2f s", stats.pages, stats.words, stats.seconds)
    return stats


def update_index(site_dir: Path, changed: list[str], cache_dir: Path | None = None) -> IndexStats | None:
    """Patch site_dir/pagefind after the pages `changed` (paths in site_dir) were rewritten; None if it cannot.

    The site must have the same pages as when index_site or update_index last indexed it (the
    caller knows); only these pages' HTML changed. The bundle is then byte-identical to what
    index_site writes for the site. None: the bundle was not merged by index_site, the state it
    left in cache_dir is missing or does not describe the bundle, or the change is one the patch
    does not make exactly (a page's meta fields, a fragment name near another...); run index_site.
    The state is removed before the bundle is touched, so a patch that fails half-way leaves
    none, and the next update_index returns None.
    """
    started = time.perf_counter()
    site_dir = Path(site_dir)
    cache = Path(cache_dir) if cache_dir else site_dir.absolute().parent / CACHE
    state = cache / search_merge.STATE
    bundle = site_dir / BUNDLE
    if os.environ.get("BRIEFKIT_NO_CACHE") or not search_merge.state_matches(bundle, state):
        return None
    collecting = gc.isenabled()
    gc.disable()
    work = None
    try:
        indexed, unindexed, sorts = [], [], {}
        for path in sorted(set(changed)):
            data = (site_dir / path).read_bytes()
            url = _url(path)
            if BODY in data:
                indexed.append(path)
                sorts[url] = _sort_values(data)
            else:
                unindexed.append(url)
        pages = []
        if indexed:
            work = _index_shard(site_dir, indexed, cache / "update")
            pages = search_merge.read_run(work / BUNDLE)
        for page in pages:
            found = sorts.get(page.url)
            if found is None or any(page.meta.get(key) != value for key, value in found.items()):
                raise search_merge.Unmergeable(f"{page.url}: sort values not those of its meta")
        if len(pages) != len(indexed):
            raise search_merge.Unmergeable("pages Pagefind did not index")
        merged = search_merge.update(bundle, state, pages, unindexed)
    except Exception as exc:  # noqa: BLE001 - whatever it is, index_site makes the bundle
        log.info("%s: search index not patched (%s): the whole index is made again", site_dir, exc)
        log.debug("update_index failed", exc_info=True)
        state.unlink(missing_ok=True)  # index_site writes the next one
        return None
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if collecting:
            gc.enable()
    stats = IndexStats(pages=merged.pages, words=merged.words, filters=merged.filters)
    stats.seconds = time.perf_counter() - started
    log.info("Patched the search index for %d page(s) in %.2f s", len(changed), stats.seconds)
    return stats


def _url(path: str) -> str:
    """The URL Pagefind gives a page at that site-relative path."""
    url = "/" + path
    return url[: -len("index.html")] if url.endswith("/index.html") else url


_SORT = re.compile(rb"data-pagefind-sort\b")
_SIMPLE_SORT = re.compile(rb'<span data-pagefind-sort="([^":<>]+)">([^<]*)</span>')


def _sort_values(html: bytes) -> dict[str, str] | None:
    """A page's sort values when each is a plain <span data-pagefind-sort="key">value</span>, else None."""
    simple = _SIMPLE_SORT.findall(html)
    if len(simple) != len(_SORT.findall(html)):
        return None
    values = {}
    for key, value in simple:
        key_text, value_text = key.decode("utf-8", "replace"), unescape(value.decode("utf-8", "replace"))
        if values.setdefault(key_text, value_text) != value_text or value_text != value_text.strip():
            return None
    return values


def _indexed_pages(site_dir: Path) -> list[tuple[str, str]]:
    """(path, SHA-256) of the pages Pagefind would index, sorted by their path's parts (as pathlib sorts
    paths): each shard's key is made from them in this order."""
    pages = []
    for path in sorted(_html_files(site_dir), key=lambda path: path.split("/")):
        data = (site_dir / path).read_bytes()
        if BODY in data:
            pages.append((path, hashlib.sha256(data).hexdigest()))
    return pages


def _html_files(site_dir: Path) -> list[str]:
    """Site-relative paths of the regular .html files under site_dir (links to folders are not followed)."""
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        with os.scandir(site_dir / folder if folder else site_dir) as entries:
            for entry in entries:
                path = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.name.endswith(".html") and entry.is_file():
                    found.append(path)
    return found


def _shard_of(path: str, shards: int) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogatepass")).digest()[:8], "big") % shards


def _index_in_shards(site_dir: Path, pages: list[tuple[str, str]], shard_pages: int, cache: Path) -> IndexStats:
    """Index the pages in shards (cached by content), then merge the shard bundles into site_dir/pagefind."""
    count = max(math.ceil(len(pages) / shard_pages), 2 if len(pages) >= SPLIT_PAGES else 1)
    groups: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for path, digest in pages:
        groups[_shard_of(path, count)].append((path, digest))
    temporary = None
    state: Path | None = cache / search_merge.STATE
    if os.environ.get("BRIEFKIT_NO_CACHE"):
        cache = temporary = Path(tempfile.mkdtemp(prefix="briefkit-search-"))
        state = None
    shards_dir = cache / "shards"
    shards_dir.mkdir(parents=True, exist_ok=True)
    try:
        groups = [group for group in groups if group]
        bundles = [_shard_target(shards_dir, group) for group in groups]
        todo = [
            (site_dir, [path for path, _ in group], target)
            for group, target in zip(groups, bundles, strict=True)
            if not (target / search_merge.SUMMARY).is_file()
        ]
        if len(pages) <= PARALLEL_PAGES and _may_fork():
            log.debug("Search: indexing %d shard(s), two at a time", len(todo))
            collections.deque(ordered_imap(_make_shard, todo, chunk=1, min_items=2), maxlen=0)
        else:
            log.debug("Search: indexing %d shard(s), one after the other", len(todo))
            with ThreadPoolExecutor(max_workers=1) as finisher:  # reads shard i while Pagefind indexes shard i + 1
                finishing = [finisher.submit(_finish_shard, _index_shard(*item), item[2]) for item in todo]
                for done in finishing:
                    done.result()
        indexed = len(todo)
        merged = search_merge.merge(bundles, site_dir / BUNDLE, chunk_cache=cache / "units", state=state)
        shutil.rmtree(cache / "chunks", ignore_errors=True)  # whole gzipped chunks, kept by an older briefkit
        _remove_unused(site_dir / BUNDLE)
        log.info(
            "Search: %d shard(s) of about %d page(s), %d re-indexed", len(bundles), len(pages) // len(bundles), indexed
        )
        for old in shards_dir.iterdir():  # shards of pages that are no more
            if old not in bundles:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return IndexStats(pages=merged.pages, words=merged.words, filters=merged.filters)


def _may_fork() -> bool:
    """Worker processes are forked only where no other thread runs (`serve` has its server's)."""
    return threading.active_count() == 1


def _shard_target(shards_dir: Path, group: list[tuple[str, str]]) -> Path:
    """Where a shard of these (path, SHA-256) pages, in this order, is kept: named by their paths and contents."""
    fingerprint = f"pagefind {search_merge.VERSION}, shards {search_merge.FORMAT}"
    return shards_dir / cache_key(fingerprint, *(f"{path}\0{digest}" for path, digest in group))


def _index_shard(site_dir: Path, paths: list[str], target: Path) -> Path:
    """Pagefind over some of the site's pages (hard links, same paths, so the same URLs): returns its work folder.

    Pagefind then parses only these pages, not the list pages around them (0.3 s less at 1,000 briefings).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shard-", dir=target.parent))
    try:
        pages = work / "site"
        pages.mkdir()
        for path in paths:
            link = pages / path
            link.parent.mkdir(parents=True, exist_ok=True)
            search_merge.link_or_copy(site_dir / path, link)
        try:
            output = _run_pagefind(pages, work / BUNDLE)
        except BriefkitError as exc:  # e.g. no page Pagefind can read (a path with a line break): index_site's one run
            raise search_merge.Unmergeable(f"a shard of {len(paths)} page(s) not indexed: {exc}") from exc
        if "Did not find a data-pagefind-body element" in output:
            raise search_merge.Unmergeable(f"{len(paths)} page(s) without a data-pagefind-body element in a shard")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return work


def _make_shard(item: tuple[Path, list[str], Path]) -> None:
    """Index a shard and read its bundle into the cache: (site folder, its pages, target folder)."""
    site_dir, paths, target = item
    _finish_shard(_index_shard(site_dir, paths, target), target)


def _finish_shard(work: Path, target: Path) -> None:
    """Summarize a shard Pagefind has indexed into work/pagefind, and move it to target."""
    try:
        _remove_unused(work / BUNDLE)
        search_merge.summarize(work / BUNDLE)
        if target.exists():  # an unfinished shard (no summary): a build that stopped half-way
            shutil.rmtree(target)
        try:
            (work / BUNDLE).rename(target)
        except OSError:
            if not (target / search_merge.SUMMARY).is_file():  # else another build made the same shard meanwhile
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


@functools.cache
def _pagefind_command() -> tuple[str, ...]:
    """Pagefind's binary, found as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, then the pip
    packages, then PATH) but once: that command starts a Python process to find it on every run (60 ms,
    once per shard and per patch); it is still the command if the binary cannot be found here."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except Exception:  # noqa: BLE001 - another pagefind package: let it find its binary
        found = None
    if found is not None and Path(found).is_file() and os.access(found, os.X_OK):
        return (str(Path(found).absolute()),)
    return (sys.executable, "-m", "pagefind")


def _run_pagefind(site_dir: Path, output_path: Path | None = None) -> str:
    command = [*_pagefind_command(), "--site", str(site_dir.absolute())]
    if output_path is None:
        command += ["--output-subdir", BUNDLE]
    else:
        command += ["--output-path", str(output_path.absolute())]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BriefkitError(f"{site_dir}: search indexing failed: {exc}") from exc
    for line in result.stdout.splitlines():
        log.debug("pagefind: %s", line)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        code = result.returncode
        raise BriefkitError(f"{site_dir}: search indexing failed (pagefind exit {code}): {' '.join(detail)}")
    if "Did not find a data-pagefind-body element" in result.stdout:
        log.warning("%s: no page has a data-pagefind-body element: every whole page was indexed", site_dir)
    return result.stdout


def _remove_unused(bundle: Path) -> None:
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)


SIGNATURE = b"pagefind_dcd"  # starts every decompressed Pagefind data file


def _sort_filters(bundle: Path) -> None:
    """Rewrite each language's filter files and metadata in a stable order, under content-made names."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_data(meta_file)
        filters = []  # meta[3]: [[filter name, file hash], ...]
        for name, file_hash in sorted(meta[3]):
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            name_and_values = _read_data(old)
            name_and_values[1].sort(key=lambda value_pages: value_pages[0])
            new_hash = _write_data(bundle / "filter", name_and_values, file_hash, ".pf_filter")
            if new_hash != file_hash:
                old.unlink()
            filters.append([name, new_hash])
        meta[3] = filters
        new_hash = _write_data(bundle, meta, language["hash"], ".pf_meta", prefix="pagefind.")
        if new_hash != language["hash"]:
            meta_file.unlink()
        language["hash"] = new_hash
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_data(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BriefkitError(f"{path}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write_data(folder: Path, value, old_hash: str, suffix: str, prefix: str = "") -> str:
    """Write value as a Pagefind data file, named like old_hash (language_hex) from its content."""
    data = SIGNATURE + cbor2.dumps(value)
    language, _, hex_part = old_hash.rpartition("_")
    new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[: len(hex_part)]}"
    (folder / f"{prefix}{new_hash}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return new_hash


def _parse_stats(output: str) -> IndexStats:
    def number(label: str) -> int:
        match = re.search(rf"Indexed (\d+) {label}", output)
        return int(match.group(1)) if match else 0

    return IndexStats(pages=number("pages?"), words=number("words?"), filters=number("filters?"))
