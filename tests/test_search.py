"""The search index: what Pagefind indexes, where the bundle is, a fresh and deterministic index."""

# ruff: noqa: F811 - the fixtures imported from search_project are parameters here

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from search_project import BRIEFINGS, search_project  # noqa: F401 - a fixture shared with test_search_browser.py

from briefkit.errors import BriefkitError
from briefkit.search import SIGNATURE, UNUSED_FILES, index_site


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_only_briefings_are_indexed(search_project: Path) -> None:
    site = search_project / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    briefings = len(list((search_project / "briefings").glob("*.md")))
    assert briefings == len(BRIEFINGS) + 1  # and the shipped example
    pages = sum(language["page_count"] for language in entry["languages"].values())
    # Home, country, person, timeline and 404 pages exist, but only briefings are indexed.
    assert (site / "countries").is_dir() and (site / "404.html").is_file()
    assert pages == briefings


def test_briefing_page_carries_filters_meta_and_sort(search_project: Path) -> None:
    html = (search_project / "site" / "kenya-locust-swarms" / "index.html").read_text(encoding="utf-8")
    body = html[html.index("data-pagefind-body") :]
    filters = re.findall(r'<span data-pagefind-filter="(\w+)">([^<]*)</span>', body)
    assert ("country", "Kenya") in filters and ("country", "Somalia") in filters
    assert ("person", "Uhuru Kenyatta") in filters
    assert ("organisation", "Food and Agriculture Organization") in filters
    assert ("topic", "environment") in filters and ("year", "2020") in filters
    assert '<span data-pagefind-meta="date">2020-02-10</span>' in body
    assert '<span data-pagefind-sort="date">2020-02-10</span>' in body


def test_metadata_from_articles_is_escaped(search_project: Path) -> None:
    html = (search_project / "site" / "hostile-headline" / "index.html").read_text(encoding="utf-8")
    start = html.index('class="pagefind-meta"')
    meta_block = html[start : html.index("</div>", start)]
    assert "<script>" not in meta_block
    assert "&lt;script&gt;alert(2)&lt;/script&gt; Holdings" in meta_block


PAGES = ["index.html", "kenya-locust-swarms/index.html", "countries/kenya/index.html", "404.html"]


@pytest.mark.parametrize("page", PAGES)
def test_bundle_path_is_right_from_every_depth(search_project: Path, page: str) -> None:
    html = (search_project / "site" / page).read_text(encoding="utf-8")
    bundle = re.search(r'data-search-bundle="([^"]+)"', html).group(1)
    script = re.search(r'<script src="([^"]*search\.js)"', html).group(1)
    # The 404 page is served at any address under /repo/: its links must not depend on it.
    served_at = "http://host/repo/no/such/page/" if page == "404.html" else f"http://host/repo/{page}"
    assert urljoin(served_at, bundle) == "http://host/repo/pagefind/"
    assert urljoin(served_at, script) == "http://host/repo/assets/search.js"


def test_reindexing_leaves_no_stale_files(search_project: Path, tmp_path: Path) -> None:
    site = shutil.copytree(search_project / "site", tmp_path / "site")
    stale = site / "pagefind" / "fragment" / "en_0000000.pf_fragment"
    stale.write_bytes(b"from an older build")
    (site / "kenya-locust-swarms" / "index.html").unlink()
    stats = index_site(site)
    assert not stale.exists()
    assert stats.pages == len(BRIEFINGS)  # one briefing fewer
    assert not any((site / "pagefind" / name).exists() for name in UNUSED_FILES)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-highlight.js").is_file()


def test_index_is_byte_identical_across_runs(search_project: Path, tmp_path: Path) -> None:
    # Pagefind itself writes filter values in a random order on each run.
    site = shutil.copytree(search_project / "site", tmp_path / "site")
    index_site(site)
    assert _tree(site / "pagefind") == _tree(search_project / "site" / "pagefind")
    filter_files = list((site / "pagefind" / "filter").glob("*.pf_filter"))
    assert len(filter_files) == 5  # country, person, organisation, topic, year


def test_indexing_a_missing_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BriefkitError, match="no built site to index"):
        index_site(tmp_path / "nowhere")


def _fragments(site: Path) -> dict[str, dict]:
    """Each indexed page's Pagefind fragment (what excerpts are cut from), by URL."""
    fragments = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[len(SIGNATURE) :])
        fragments[fragment["url"]] = fragment
    return fragments


def test_search_indexes_the_briefing_not_the_page_furniture(search_project: Path) -> None:
    fragments = _fragments(search_project / "site")
    example = next(f for url, f in fragments.items() if url.endswith("/us-seeks-to-ease-dispute/"))
    content = example["content"]
    # The briefing's own words are there: its summary, a key fact, a quote, the article text...
    assert "Samsung Electronics and SK Hynix" in content
    assert "forced laborers" in content
    # ...but not the words the site adds around them.
    for furniture in ("in the article", "Key facts", "Background", "Timeline", "Note", "Edit this briefing"):
        assert furniture not in content, furniture
    # The front matter's names are searchable once (a hidden paragraph), not twice with the visible tag list;
    # topics are a filter, not words to search.
    for tag in ("Indo-Pacific", "Yonhap", "Morgan Ortagus", "North Korea"):
        assert tag in content, tag
    assert content.count("SK Hynix · Yonhap") == 1  # the hidden paragraph, once
    assert "economy, business and finance" not in content
    assert "(Secretary of State)" not in content  # the tag list's roles
    kenya = next(f for url, f in fragments.items() if url.endswith("/kenya-locust-swarms/"))
    assert kenya["content"].count("Test Wire") == 1  # the outlet once, not again from the byline
    assert "Source:" not in kenya["content"] and "10 February 2020" not in kenya["content"]


def test_pagefind_is_run_as_its_binary_and_as_python_m_pagefind_when_that_is_not_found(monkeypatch):
    import os
    import sys

    from briefkit import search

    search._pagefind_command.cache_clear()
    try:
        (binary,) = search._pagefind_command()  # found once, as `python -m pagefind` would find it
        assert os.path.isfile(binary) and os.access(binary, os.X_OK)
        search._pagefind_command.cache_clear()
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
        assert search._pagefind_command() == (sys.executable, "-m", "pagefind")
    finally:
        search._pagefind_command.cache_clear()
