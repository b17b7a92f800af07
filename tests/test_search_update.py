"""update_index patches the merged search bundle after an edit: byte-identical to index_site afresh.

The desk of tests/test_search_merge.py (real briefings built by `build.py build`) is
indexed in shards of 4 pages with the real Pagefind binary. Each test copies it twice,
makes the same edit to both copies' HTML, patches one with update_index and indexes
the other afresh with index_site, and compares the two pagefind folders file by file.
That a page's index data does not depend on the other pages in its Pagefind run (the
patch indexes the edited pages alone) is what these comparisons check. When the patch
cannot be exact (no state, a state that does not describe the bundle, changed meta
fields), update_index returns None and leaves the bundle as it was.
"""

# ruff: noqa: F811 - the fixtures imported from test_search_merge are parameters here

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import cbor2
import pytest
from pagefind_bundle import decode, read
from test_search_merge import _plain_site, desk  # noqa: F401 - the desk, built once

from briefkit import search_merge
from briefkit.search import index_site, update_index

SHARD_PAGES = 4


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def indexed(desk: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the desk's site indexed in shards (site/) and its cache (cache/)."""
    root = tmp_path_factory.mktemp("indexed")
    shutil.copytree(desk / "site", root / "site", ignore=shutil.ignore_patterns("pagefind"))
    index_site(root / "site", cache_dir=root / "cache", shard_pages=SHARD_PAGES)
    assert (root / "cache" / search_merge.STATE).is_file()
    return root


def _copy(indexed: Path, target: Path) -> tuple[Path, Path]:
    shutil.copytree(indexed, target, symlinks=True)
    return target / "site", target / "cache"


def _edit(site: Path, path: str, old: str, new: str) -> None:
    page = site / path
    html = page.read_text(encoding="utf-8")
    assert old in html, (path, old)
    page.write_text(html.replace(old, new), encoding="utf-8")


def _patched_and_fresh(indexed: Path, tmp_path: Path, edit: Callable[[Path], list[str]]) -> tuple[Path, Path]:
    """Make an edit in two copies; patch one (update_index), index the other afresh: their pagefind folders."""
    patched, patched_cache = _copy(indexed, tmp_path / "patched")
    fresh, fresh_cache = _copy(indexed, tmp_path / "fresh")
    changed = edit(patched)
    assert edit(fresh) == changed
    stats = update_index(patched, changed, cache_dir=patched_cache)
    assert stats is not None and stats.pages == decode(patched / "pagefind")["version"][3]
    index_site(fresh, cache_dir=fresh_cache, shard_pages=SHARD_PAGES)
    return patched / "pagefind", fresh / "pagefind"


def _assert_same(patched: Path, fresh: Path) -> None:
    got, expected = _tree(patched), _tree(fresh)
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []


COAL = "germany-coal-exit/index.html"
KENYA = "kenya-locust-swarms/index.html"
BRAZIL = "brazil-pension-reform/index.html"


def _insert_early(site: Path) -> list[str]:
    _edit(
        site, COAL, "The federal government and coal states", "Three new words: the federal government and coal states"
    )
    return [COAL]


def _remove_text(site: Path) -> list[str]:
    _edit(site, COAL, " gave certainty to workers in the mining regions", "")
    return [COAL]


def _new_word(site: Path) -> list[str]:
    _edit(site, KENYA, "Swarms of desert locusts", "Swarms of zyzzyvaquux and desert locusts")
    return [KENYA]


def _diacritics(site: Path) -> list[str]:
    _edit(site, BRAZIL, "approved an overhaul", "approved (with crème brûlée and a naïve résumé) an overhaul")
    return [BRAZIL]


def _filters(site: Path) -> list[str]:
    _edit(site, KENYA, 'data-pagefind-filter="country">Somalia<', 'data-pagefind-filter="country">Ruritania<')
    _edit(site, KENYA, 'data-pagefind-filter="topic">environment<', 'data-pagefind-filter="topic">politics<')
    return [KENYA]


def _sort_value(site: Path) -> list[str]:
    _edit(site, KENYA, ">2020-02-10</span>", ">2017-01-01</span>")  # the date's meta and sort value, an earlier date
    return [KENYA]


def _two_pages(site: Path) -> list[str]:
    return _new_word(site) + _remove_text(site)


EDITS = {
    "text inserted early in a page": _insert_early,
    "text removed": _remove_text,
    "a word no other page has": _new_word,
    "words with diacritics (variants)": _diacritics,
    "filter values changed": _filters,
    "sort value changed": _sort_value,
    "two pages changed at once": _two_pages,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_patched_bundle_is_the_fresh_bundle(indexed: Path, tmp_path: Path, edit) -> None:
    patched, fresh = _patched_and_fresh(indexed, tmp_path, edit)
    _assert_same(patched, fresh)
    assert _tree(patched) != _tree(indexed / "site" / "pagefind")


def test_the_patch_changes_what_is_found(indexed: Path, tmp_path: Path) -> None:
    patched, _ = _patched_and_fresh(indexed, tmp_path, _two_pages)
    before, after = decode(indexed / "site" / "pagefind")["words"], decode(patched)["words"]
    assert "zyzzyvaquux" not in before
    assert [url for url, _, _ in after["zyzzyvaquux"][0]] == ["/kenya-locust-swarms/"]
    assert [url for url, _, _ in before["certainti"][0]] == ["/germany-coal-exit/"]  # "certainty", stemmed
    assert "certainti" not in after


def test_patches_one_after_another_then_a_full_index(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "patched")
    fresh, fresh_cache = _copy(indexed, tmp_path / "fresh")
    for edit in (_new_word, _insert_early, _filters, _diacritics):
        changed = edit(site)
        edit(fresh)
        assert update_index(site, changed, cache_dir=cache) is not None
    index_site(fresh, cache_dir=fresh_cache, shard_pages=SHARD_PAGES)
    _assert_same(site / "pagefind", fresh / "pagefind")
    # The shard cache still holds the old pages' shards: index_site re-indexes the edited pages' shards.
    index_site(site, cache_dir=cache, shard_pages=SHARD_PAGES)
    _assert_same(site / "pagefind", fresh / "pagefind")


def test_an_unchanged_page_changes_nothing(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "patched")
    before = _tree(site / "pagefind")
    assert update_index(site, [COAL, "index.html"], cache_dir=cache) is not None
    assert _tree(site / "pagefind") == before


def _none_and_untouched(site: Path, cache: Path, changed: list[str]) -> None:
    before = _tree(site / "pagefind")
    assert update_index(site, changed, cache_dir=cache) is None
    assert _tree(site / "pagefind") == before
    assert update_index(site, changed, cache_dir=cache) is None  # the state is gone, or still not usable


def test_no_state_gives_none(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "copy")
    shutil.rmtree(cache)
    _none_and_untouched(site, cache, _new_word(site))


def test_a_bundle_made_otherwise_gives_none(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "copy")
    index_site(site, cache_dir=tmp_path / "elsewhere", whole=True)  # by hand: one plain run
    _none_and_untouched(site, cache, _new_word(site))
    site, cache = _copy(indexed, tmp_path / "copy2")
    index_site(site, cache_dir=tmp_path / "elsewhere2", shard_pages=3)  # merged, but by other shards
    _none_and_untouched(site, cache, _new_word(site))


def test_a_stale_or_broken_state_gives_none(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "copy")
    state = cache / search_merge.STATE
    state.write_text(state.read_text(encoding="utf-8")[:-100], encoding="utf-8")
    _none_and_untouched(site, cache, _new_word(site))
    assert not state.exists()
    site, cache = _copy(indexed, tmp_path / "copy2")
    chunk = next((site / "pagefind" / "index").iterdir())
    chunk.write_bytes(chunk.read_bytes()[:-1])  # a bundle edited by hand
    _none_and_untouched(site, cache, [COAL] + _insert_early(site))
    site, cache = _copy(indexed, tmp_path / "copy3")
    state = cache / search_merge.STATE
    text = state.read_text(encoding="utf-8")
    assert text.startswith(f'{{"format":{search_merge.STATE_FORMAT},"version":"1.5.2",')
    state.write_text(text.replace('"version":"1.5.2"', '"version":"1.0.0"', 1), encoding="utf-8")  # another Pagefind
    _none_and_untouched(site, cache, _new_word(site))


def test_changed_meta_fields_give_none_and_index_site_mends(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "copy")
    _edit(
        site,
        KENYA,
        'data-pagefind-meta="date">',
        'data-pagefind-meta="edition">Late</span><span data-pagefind-meta="date">',
    )
    _none_and_untouched(site, cache, [KENYA])
    index_site(site, cache_dir=cache, shard_pages=SHARD_PAGES)
    assert "edition" in decode(site / "pagefind")["fields"]


def test_a_page_no_longer_indexed_gives_none(indexed: Path, tmp_path: Path) -> None:
    site, cache = _copy(indexed, tmp_path / "copy")
    _edit(site, KENYA, "data-pagefind-body", "data-not-indexed")
    _none_and_untouched(site, cache, [KENYA])


def test_the_bundle_holds_only_what_pagefind_js_loads(indexed: Path, tmp_path: Path) -> None:
    patched, _ = _patched_and_fresh(indexed, tmp_path, _two_pages)
    for bundle in (indexed / "site" / "pagefind", patched):
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        ((language, info),) = entry["languages"].items()
        meta = cbor2.loads(read(bundle / f"pagefind.{info['hash']}.pf_meta"))
        expected = {"pagefind-entry.json", "pagefind.js", "pagefind-highlight.js", f"pagefind.{info['hash']}.pf_meta"}
        expected |= {f"wasm.{name}.pagefind" for name in (info["wasm"], "unknown")}
        expected |= {f"index/{name}.pf_index" for _, _, name in meta[2]}
        expected |= {f"filter/{name}.pf_filter" for _, name in meta[3]}
        expected |= {f"fragment/{name}.pf_fragment" for name, _ in meta[1]}
        assert set(_tree(bundle)) == expected
        assert not any(re.search("briefkit", name) for name in _tree(bundle))


def test_a_small_site_is_one_shard_merged_and_can_be_patched(tmp_path: Path) -> None:
    for name in ("patched", "fresh"):
        _plain_site(tmp_path / name)
        index_site(tmp_path / name, cache_dir=tmp_path / f"{name}-cache")  # 23 pages: one shard of SHARD_PAGES
        _edit(tmp_path / name, "p03/index.html", "<p>", "<p>a zyzzyva and a café ")
    assert len(list((tmp_path / "patched-cache" / "shards").iterdir())) == 1
    assert update_index(tmp_path / "patched", ["p03/index.html"], cache_dir=tmp_path / "patched-cache")
    index_site(tmp_path / "fresh", cache_dir=tmp_path / "fresh-cache")
    _assert_same(tmp_path / "patched" / "pagefind", tmp_path / "fresh" / "pagefind")


def test_a_site_without_a_page_to_index_is_one_plain_run_and_not_patched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for n in range(5):  # no data-pagefind-body element: Pagefind indexes every whole page, in one run
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}" / "index.html").write_text(f"<html lang='en'><body><p>page {n}</p></body></html>")
    index_site(site, cache_dir=tmp_path / "cache")
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (tmp_path / "cache" / search_merge.STATE).exists()
    _edit(site, "p3/index.html", "<p>", "<p>a zyzzyva ")
    _none_and_untouched(site, tmp_path / "cache", ["p3/index.html"])
