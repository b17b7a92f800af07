"""Search indexed in shards and merged (briefkit/search_merge.py) is the index one Pagefind run writes.

A small desk (the shipped example, the search desk of search_project.py, the site
fixtures of tests/data/briefings and a briefing with diacritics) is built once and
indexed whole by `build.py build`; the tests index copies of its site in shards of
a few pages with the real Pagefind binary, merge them, and compare both bundles
decoded (tests/pagefind_bundle.py): the same words -> (page URL, locations, meta
locations), variants, filters, sort orders, fragments per URL and index chunks.
Then the same searches in headless Chromium on both bundles must give the same
results. A plain HTML site covers what briefings do not: meta fields some shards
lack, numeric sorts, and a sort the merge cannot rebuild (it falls back to one run).
"""

# ruff: noqa: F811 - the fixtures imported from search_project are parameters here

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import search_project
from conftest import SITE_FIXTURES, copy_project, run_cli, serve_directory
from pagefind_bundle import decode

from briefkit import search_merge
from briefkit.search import index_site

DIACRITICS = (
    {
        "title": "Café owners in São Paulo protest a tax",
        "date": "2021-03-04",
        "countries": ["Brazil"],
        "people": [{"name": "Zoë Ramírez", "role": "café owner"}],
        "organizations": ["Associação Brasileira"],
        "topics": ["economy, business and finance"],
    },
    [
        "Café and cafe owners in São Paulo and Sao Paulo said the résumé of the tax was naïve.",
        "Zoë Ramírez said the government should think again; the crème brûlée stays on the menu.",
    ],
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The desk built once by `build.py build` (its search index from one Pagefind run): the project folder."""
    root = copy_project(tmp_path_factory.mktemp("merge") / "project")
    for slug, (meta, paragraphs) in search_project.BRIEFINGS.items():
        markdown = search_project.briefing_markdown(meta, paragraphs)
        (root / "briefings" / f"{slug}.md").write_text(markdown, encoding="utf-8")
    for path in sorted(SITE_FIXTURES.glob("*.md")):
        shutil.copy2(path, root / "briefings" / path.name)
    markdown = search_project.briefing_markdown(*DIACRITICS)
    (root / "briefings" / "sao-paulo-cafe-tax.md").write_text(markdown, encoding="utf-8")
    run_cli(root, "build", "--no-ingest", check=True, env={"SITE_URL": search_project.SITE_URL})
    index_site(root / "site", whole=True)  # build.py merges even one shard: the reference is one plain run
    return root


@pytest.fixture(scope="session")
def merged_site(desk: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the desk's site, indexed in shards of about 4 pages and merged."""
    site = tmp_path_factory.mktemp("merged") / "site"
    shutil.copytree(desk / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    _index_in_shards(site, site.parent / "cache", 4)
    return site


def _index_in_shards(site: Path, cache: Path, shard_pages: int) -> None:
    """index_site in shards, failing on the warning that says the shards were not merged after all."""
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("briefkit")
    logger.addHandler(handler)
    try:
        index_site(site, cache_dir=cache, shard_pages=shard_pages)
    finally:
        logger.removeHandler(handler)
    assert not warnings, warnings


def test_the_desk_is_indexed_in_several_shards(desk: Path, merged_site: Path) -> None:
    pages = decode(desk / "site" / "pagefind")["version"][3]
    assert pages >= 16
    shards = list((merged_site.parent / "cache" / "shards").iterdir())
    assert len(shards) >= 3
    assert all((shard / search_merge.SUMMARY).is_file() for shard in shards)


def test_merged_bundle_is_the_index_of_one_run(desk: Path, merged_site: Path) -> None:
    whole, merged = decode(desk / "site" / "pagefind"), decode(merged_site / "pagefind")
    assert any(variants for _, variants in whole["words"].values()), "the desk should have words with diacritics"
    assert whole["sorts"] and whole["filters"] and len(whole["chunks"]) >= 1
    for part in whole:
        assert merged[part] == whole[part], part


def test_copying_posting_bytes_gives_the_bundle_decoding_them_does(merged_site: Path, tmp_path: Path) -> None:
    shards = sorted((merged_site.parent / "cache" / "shards").iterdir())
    search_merge.merge(shards, tmp_path / "bytes")
    search_merge.merge(shards, tmp_path / "decoded", copy_bytes=False)
    assert _tree(tmp_path / "bytes") == _tree(tmp_path / "decoded")


def test_merged_bundle_is_byte_identical_across_runs(desk: Path, merged_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    shutil.copytree(desk / "site", again, ignore=shutil.ignore_patterns("pagefind"))
    _index_in_shards(again, tmp_path / "cache", 4)  # every shard indexed anew
    assert _tree(again / "pagefind") == _tree(merged_site / "pagefind")


def test_a_rebuild_reindexes_only_the_changed_shard(desk: Path, tmp_path: Path, caplog) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(desk / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    _index_in_shards(site, cache, 4)
    before = sorted(p.name for p in (cache / "shards").iterdir())
    page = site / "germany-coal-exit" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("coal states", "coal states and zyzzyvas"), "utf-8")
    with caplog.at_level(logging.INFO, logger="briefkit"):
        index_site(site, cache_dir=cache, shard_pages=4)
    assert "1 re-indexed" in caplog.text
    after = sorted(p.name for p in (cache / "shards").iterdir())
    assert len(after) == len(before) and len(set(after) - set(before)) == 1  # the old shard is gone
    found = decode(site / "pagefind")["words"]["zyzzyva"][0]
    assert [url for url, _, _ in found] == ["/germany-coal-exit/"]
    whole = tmp_path / "whole"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns("pagefind"))
    index_site(whole, whole=True)
    assert decode(site / "pagefind") == decode(whole / "pagefind")


# --- a plain HTML site: meta fields only some shards have, numeric sorts, a fallback ---------------


def _html(body: str, lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'


def _page(n: int) -> str:
    words = ["cafe", "café", "résumé", "resume", "naïve", "zoë", "zoe", "alpha", "beta"]
    text = " ".join(words[(n * k) % len(words)] for k in range(1, 8))
    meta = f'<span data-pagefind-meta="rank">{n * 7 % 23}</span><span data-pagefind-sort="rank">{n * 7 % 23}</span>'
    if n % 5 == 0:
        meta += f'<img data-pagefind-meta="image[src]" src="/img/{n}.png" alt="">'
    if n % 3 == 0:
        meta += f'<span data-pagefind-meta="author">Author {n % 2}</span>'
    filters = f'<span data-pagefind-filter="parity">{"even" if n % 2 == 0 else "odd"}</span>'
    return _html(f"<nav>menu words</nav><main data-pagefind-body><h1>Page {n}</h1><p>{text}</p>{meta}{filters}</main>")


def _plain_site(folder: Path, pages: int = 23) -> Path:
    for n in range(pages):
        (folder / f"p{n:02d}").mkdir(parents=True)
        (folder / f"p{n:02d}" / "index.html").write_text(_page(n), encoding="utf-8")
    (folder / "index.html").write_text(_html("<p>a list page, not indexed</p>"), encoding="utf-8")
    return folder


def test_plain_site_with_uneven_meta_fields_and_numeric_sort(tmp_path: Path) -> None:
    whole = _plain_site(tmp_path / "whole")
    index_site(whole, whole=True)
    merged = _plain_site(tmp_path / "merged")
    _index_in_shards(merged, tmp_path / "cache", 3)
    assert len(list((tmp_path / "cache" / "shards").iterdir())) >= 5
    expected, got = decode(whole / "pagefind"), decode(merged / "pagefind")
    assert expected["fields"] == ["author", "image", "rank", "title"]
    assert [value for value, _ in expected["sorts"]["rank"]] == sorted({str(n * 7 % 23) for n in range(23)}, key=int)
    for part in expected:
        assert got[part] == expected[part], part


def test_a_sort_the_merge_cannot_rebuild_falls_back_to_one_run(tmp_path: Path, caplog) -> None:
    for name in ("whole", "merged"):
        for n in range(7):  # a sort value with no meta of the same name
            page = tmp_path / name / f"p{n}" / "index.html"
            page.parent.mkdir(parents=True)
            body = f'<main data-pagefind-body><h1>Page {n}</h1><span data-pagefind-sort="n">{n}</span></main>'
            page.write_text(_html(body), encoding="utf-8")
    index_site(tmp_path / "whole", whole=True)
    with caplog.at_level(logging.WARNING, logger="briefkit"):
        index_site(tmp_path / "merged", cache_dir=tmp_path / "cache", shard_pages=2)
    assert "indexing the whole site in one run" in caplog.text
    assert decode(tmp_path / "merged" / "pagefind") == decode(tmp_path / "whole" / "pagefind")


def test_the_merge_refuses_an_unknown_format(tmp_path: Path) -> None:
    site = _plain_site(tmp_path / "site", pages=4)
    index_site(site, whole=True)
    entry = site / "pagefind" / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"1.5.2"', '"9.9.9"'), encoding="utf-8")
    with pytest.raises(search_merge.Unmergeable, match="9.9.9"):
        search_merge.merge([site / "pagefind"], tmp_path / "out")


# --- the same searches in Chromium on both bundles ------------------------------------------------

SEARCHES = [
    ("government", {}, None),
    ("samsung chip", {}, None),
    ("brazil", {}, None),
    ("cafe", {}, None),  # finds café too: variants
    ("são paulo", {}, None),
    ("zelda quarrington", {}, None),
    ("government", {"country": "Brazil"}, None),
    (None, {"topic": "environment"}, {"date": "desc"}),
    ("the", {}, {"date": "asc"}),
]

RUN_SEARCHES = """async (searches) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  await pagefind.options({ excerptLength: 24, noWorker: true });
  await pagefind.init();
  const out = [];
  for (const [term, filters, sort] of searches) {
    const options = { filters };
    if (sort) options.sort = sort;
    const search = await pagefind.search(term, options);
    const results = [];
    for (const result of search.results) {
      const data = await result.data();
      results.push({ url: data.url, score: result.score, excerpt: data.excerpt, date: data.meta.date || "",
                     locations: result.words, title: data.meta.title });
    }
    out.push({ results, filters: search.filters, total: search.totalFilters,
               unfiltered: search.unfilteredResultCount });
  }
  out.push({ all_filters: await pagefind.filters() });
  return out;
}"""


def _searches(page, site: Path) -> list:
    with serve_directory(site) as url:
        page.goto(url)
        found = page.evaluate(RUN_SEARCHES, [list(search) for search in SEARCHES])
    for search, (_, _, sort) in zip(found, SEARCHES + [(None, None, None)], strict=True):
        if "results" in search:  # ties are in page order, and the bundles number pages differently
            order = (lambda r: (r["date"], r["url"])) if sort else (lambda r: (-round(r["score"], 9), r["url"]))
            search["results"].sort(key=order, reverse=bool(sort) and sort.get("date") == "desc")
    return found


@pytest.mark.browser
def test_chromium_finds_the_same_on_the_merged_bundle(page, desk: Path, merged_site: Path) -> None:
    whole, merged = _searches(page, desk / "site"), _searches(page, merged_site)
    for (term, filters, _), expected, got in zip(SEARCHES, whole, merged, strict=False):
        assert expected["results"], (term, filters)
        assert got == expected, (term, filters)
    assert merged[-1] == whole[-1] and whole[-1]["all_filters"]["country"]["Brazil"] >= 3


def test_units_deflated_otherwise_are_not_taken_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    cached = _plain_site(tmp_path / "cached")
    _index_in_shards(cached, tmp_path / "cache", 3)
    monkeypatch.setattr(search_merge, "UNIT_LEVEL", 1)  # as a later briefkit might
    _index_in_shards(cached, tmp_path / "cache", 3)
    fresh = _plain_site(tmp_path / "fresh")
    _index_in_shards(fresh, tmp_path / "empty", 3)
    assert _tree(cached / "pagefind") == _tree(fresh / "pagefind")


# --- deflated units kept in one pack file ------------------------------------------------------------


def _merge_counting(shards: list[Path], out: Path, units: Path | None, monkeypatch) -> int:
    """merge() with that unit cache folder: how many units it compressed."""
    calls = []
    deflate = search_merge._deflate
    monkeypatch.setattr(search_merge, "_deflate", lambda data: calls.append(len(data)) or deflate(data))
    search_merge.merge(shards, out, chunk_cache=units)
    return len(calls)


def test_a_second_merge_takes_every_unit_from_the_pack(merged_site: Path, tmp_path: Path, monkeypatch) -> None:
    shards = sorted((merged_site.parent / "cache" / "shards").iterdir())
    units = tmp_path / "units"
    units.mkdir()
    (units / f"{'0' * 64}.{search_merge.UNIT_LEVEL}.z").write_bytes(b"a unit kept one a file by an older briefkit")
    (units / "units-1.pack").write_bytes(b"a pack of another level")
    compressed = _merge_counting(shards, tmp_path / "cold", units, monkeypatch)
    plain = _merge_counting(shards, tmp_path / "plain", None, monkeypatch)
    assert compressed == plain > 0
    pack = units / search_merge.PACK.format(level=search_merge.UNIT_LEVEL)
    assert [path.name for path in units.iterdir()] == [pack.name]
    assert _merge_counting(shards, tmp_path / "warm", units, monkeypatch) == 0
    assert [path.name for path in units.iterdir()] == [pack.name]
    assert _tree(tmp_path / "cold") == _tree(tmp_path / "warm") == _tree(tmp_path / "plain")


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _no_trailer(data: bytes) -> bytes:
    return data[:-3]


def _index_beyond(data: bytes) -> bytes:
    return data[:-8] + (len(data) + 5).to_bytes(8, "little")


def _index_not_json(data: bytes) -> bytes:
    at = int.from_bytes(data[-8:], "little")
    return data[:at] + b"{not json" + (at).to_bytes(8, "little")


def _units_beyond(data: bytes) -> bytes:
    at = int.from_bytes(data[-8:], "little")
    index = search_merge.json.loads(data[at:-8])
    index = {digest: [offset + at, length, crc] for digest, (offset, length, crc) in index.items()}
    return data[:at] + search_merge.json.dumps(index).encode() + at.to_bytes(8, "little")


@pytest.mark.parametrize(
    "spoil",
    [_truncated, _no_trailer, _index_beyond, _index_not_json, _units_beyond, lambda data: b"", lambda data: b"\0" * 9],
)
def test_a_pack_that_does_not_read_is_ignored_and_written_anew(
    merged_site: Path, tmp_path: Path, monkeypatch, spoil
) -> None:
    shards = sorted((merged_site.parent / "cache" / "shards").iterdir())
    units = tmp_path / "units"
    first = _merge_counting(shards, tmp_path / "first", units, monkeypatch)
    pack = units / search_merge.PACK.format(level=search_merge.UNIT_LEVEL)
    pack.write_bytes(spoil(pack.read_bytes()))
    assert _merge_counting(shards, tmp_path / "spoilt", units, monkeypatch) == first
    assert _merge_counting(shards, tmp_path / "again", units, monkeypatch) == 0
    assert _tree(tmp_path / "spoilt") == _tree(tmp_path / "again") == _tree(tmp_path / "first")


def test_a_unit_whose_bytes_changed_in_the_pack_is_compressed_again(
    merged_site: Path, tmp_path: Path, monkeypatch
) -> None:
    shards = sorted((merged_site.parent / "cache" / "shards").iterdir())
    units = tmp_path / "units"
    _merge_counting(shards, tmp_path / "first", units, monkeypatch)
    pack = units / search_merge.PACK.format(level=search_merge.UNIT_LEVEL)
    data = bytearray(pack.read_bytes())
    data[0] ^= 0xFF  # the first unit's first byte: the same length, another CRC-32
    pack.write_bytes(bytes(data))
    assert _merge_counting(shards, tmp_path / "second", units, monkeypatch) == 1
    assert _merge_counting(shards, tmp_path / "third", units, monkeypatch) == 0
    assert _tree(tmp_path / "second") == _tree(tmp_path / "third") == _tree(tmp_path / "first")


def test_shards_indexed_two_at_a_time_or_one_after_the_other_give_the_same_bundle(tmp_path: Path, monkeypatch) -> None:
    from briefkit import search

    monkeypatch.setenv("BRIEFKIT_PROCESSES", "2")
    calls = []
    real = search.ordered_imap

    def counting(function, items, **kwargs):
        calls.append(len(items))
        return real(function, items, **kwargs)

    monkeypatch.setattr(search, "ordered_imap", counting)
    monkeypatch.setattr(search, "_may_fork", lambda: True)  # a server thread of an earlier test may still run
    for name, parallel_pages in (("two", 10_000), ("one", 0)):
        monkeypatch.setattr(search, "PARALLEL_PAGES", parallel_pages)
        index_site(_plain_site(tmp_path / name), cache_dir=tmp_path / f"{name}-cache", shard_pages=5)
    assert calls == [5]  # 23 pages in 5 shards, two at a time in worker processes; then one after the other
    assert _tree(tmp_path / "two" / "pagefind") == _tree(tmp_path / "one" / "pagefind")


def test_a_site_of_split_pages_or_more_has_two_shards(tmp_path: Path, monkeypatch) -> None:
    from briefkit import search

    monkeypatch.setattr(search, "SPLIT_PAGES", 23)
    index_site(_plain_site(tmp_path / "split"), cache_dir=tmp_path / "split-cache")
    index_site(_plain_site(tmp_path / "small", pages=22), cache_dir=tmp_path / "small-cache")
    assert len(list((tmp_path / "split-cache" / "shards").iterdir())) == 2
    assert len(list((tmp_path / "small-cache" / "shards").iterdir())) == 1
