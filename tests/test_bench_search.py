"""bench/search.py measures what it says: bytes Chromium received from a server that gzips as GitHub Pages does."""

# ruff: noqa: F811 - the fixture imported from search_project is a parameter here

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.request import Request, urlopen

from conftest import serve_directory
from search_project import search_project  # noqa: F401 - the desk shared with the search tests

from bench.search import measure_site, report


def test_the_server_gzips_text_files_and_sends_pagefind_data_as_it_is(search_project: Path) -> None:
    site = search_project / "site"
    with serve_directory(site, gzip_text=True) as url:
        script = urlopen(Request(url + "pagefind/pagefind.js", headers={"Accept-Encoding": "gzip"}))
        assert script.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(script.read()) == (site / "pagefind" / "pagefind.js").read_bytes()
        wasm = urlopen(Request(url + "pagefind/wasm.en.pagefind", headers={"Accept-Encoding": "gzip"}))
        assert wasm.headers["Content-Encoding"] is None
        assert wasm.read() == (site / "pagefind" / "wasm.en.pagefind").read_bytes()
        plain = urlopen(url + "pagefind/pagefind.js")  # a client that does not ask for gzip gets the file
        assert plain.headers["Content-Encoding"] is None


def test_a_measured_query_counts_the_search_downloads_and_what_travelled(search_project: Path, browser) -> None:
    [query] = measure_site(search_project / "site", ("Samsung chip",), browser)
    assert query["results"] == "1 briefing"
    kinds = query["by_kind"]
    assert {"js", "pagefind", "pf_meta", "index", "fragment"} <= set(kinds)
    assert "filter" not in kinds  # filter counts load only when the reader opens the filters
    assert query["filters_bytes"] > 0
    # Pagefind's JS travels gzipped: what Chromium received is less than the files, by less than the JS.
    assert query["bytes"] - kinds["js"] < query["transferred_bytes"] < query["bytes"]
    assert "PASS" in report(8, 0.0, [query], None)
