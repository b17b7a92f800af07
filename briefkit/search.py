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
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cbor2

from .errors import BriefkitError

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


@dataclass
class IndexStats:
    pages: int = 0
    words: int = 0
    filters: int = 0
    seconds: float = 0.0


def index_site(site_dir: Path) -> IndexStats:
    """Build site_dir/pagefind from the HTML in site_dir; returns what Pagefind reported."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise BriefkitError(f"{site_dir}: no built site to index")
    started = time.perf_counter()
    bundle = site_dir / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    output = _run_pagefind(site_dir)
    _remove_unused(bundle)
    _sort_filters(bundle)
    stats = _parse_stats(output)
    stats.seconds = time.perf_counter() - started
    log.info("Indexed %d page(s), %d word(s) for search in %.2f s", stats.pages, stats.words, stats.seconds)
    return stats


def _run_pagefind(site_dir: Path) -> str:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir.absolute())]
    command += ["--output-subdir", BUNDLE]
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
