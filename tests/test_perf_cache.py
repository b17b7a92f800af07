"""The site build's cache and worker processes change speed, never bytes.

Behaviour only (no timings): a build with a cold, warm, stale or corrupt cache,
with one process or two, gives the same site and the same warnings.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from test_determinism import tree_digest

from briefkit.parallel import ordered_map
from briefkit.site.collection import read_entry
from briefkit.site.render_cache import CACHE_FILE, decode_entry, encode_entry, key_of, load_entries

BROKEN = "---\ntitle: [unclosed\n---\n\n## Article\n\nText.\n"


@pytest.fixture
def desk(project: Path) -> Path:
    """The project with enough briefings (70 + the shipped ones) for the build to use workers."""
    from bench.corpus import make_desk

    make_desk(project, 70)
    (project / "briefings" / "zz-broken.md").write_text(BROKEN, encoding="utf-8")
    return project


def _build(project: Path, **env: str) -> tuple[dict[str, str], list[str]]:
    result = run_cli(project, "build", "--no-ingest", "--full", check=True, env=env)  # the render cache: full builds
    progress = ("Indexed", "Done", "Search:")  # "Search: ... shard(s), N re-indexed": what the cache held
    warnings = [line for line in result.stderr.splitlines() if not line.startswith(progress)]
    return tree_digest(project / "site"), warnings


def test_cached_and_parallel_builds_equal_an_uncached_serial_build(desk: Path):
    reference = _build(desk, BRIEFKIT_NO_CACHE="1", BRIEFKIT_PROCESSES="1")
    assert not (desk / CACHE_FILE).exists()
    cold = _build(desk, BRIEFKIT_PROCESSES="2")
    assert (desk / CACHE_FILE).is_file()
    warm = _build(desk, BRIEFKIT_PROCESSES="2")
    warm_serial = _build(desk, BRIEFKIT_PROCESSES="1")
    assert cold == reference
    assert warm == reference
    assert warm_serial == reference
    assert any("zz-broken.md" in line for line in reference[1])  # the broken briefing is still reported


def test_a_stale_or_corrupt_cache_is_harmless(desk: Path):
    _build(desk)
    path = desk / "briefings" / "briefing-00003.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Key facts\n\n- ", "## Key facts\n\n- Edited. ", 1),
                    encoding="utf-8")
    edited = _build(desk)  # the cache holds the old version of briefing-00003
    assert edited == _build(desk, BRIEFKIT_NO_CACHE="1")

    db = sqlite3.connect(str(desk / CACHE_FILE))  # rows that lie: wrong HTML, an entry that is not JSON
    with db:
        db.execute("UPDATE entries SET html = '<p>stale</p>', entry = '{\"v\": 2, '")
    db.close()
    assert _build(desk) == edited

    (desk / CACHE_FILE).write_bytes(b"not a database" * 100)
    assert _build(desk) == edited


ODD_FRONT_MATTER = """---
title: Odd front matter
date: 2019-06-30
updated: 2020-02-02
stamp: 2001-12-14t21:59:43.10-05:00
naive: 2001-12-14 21:59:43
1: an int key
true: a bool key
null: a null key
2019-03-04: a date key
raw: !!binary aGVsbG8=
tags: !!set {a, b}
ratio: .nan
numbers: [1, 1.0, true, ~, -0.0, {nested: [2019-01-01]}]
people: [{name: Ann Lee, role: null}]
---

## Photo caption

A caption.

## Quotes

- "Hi" — Bob
- "Nobody said it"

## Timeline

- **2019**: thing
- no date

## Article

Text \\*with\\* escapes.
"""


@pytest.mark.parametrize(
    ("src_uri", "text"),
    [("odd.md", ODD_FRONT_MATTER), ("plain.md", ODD_FRONT_MATTER.split("updated:")[0] + "---\n\nBody.\n"),
     ("broken.md", BROKEN), ("no-front-matter.md", "Just text.\n")],
)
def test_an_entry_decodes_to_exactly_what_was_read(src_uri: str, text: str):
    entry = read_entry(src_uri, text)
    payload = encode_entry(entry)
    assert json.loads(payload)["tagged"] is (src_uri == "odd.md")  # only front matter JSON cannot hold is tagged
    again = decode_entry(payload, entry.key, src_uri, text)
    assert repr(again) == repr(entry)  # repr: same values and same types (1 vs 1.0 vs True, date vs datetime)


def test_a_corrupt_foreign_or_pickled_cache_entry_is_a_miss(tmp_path: Path):
    """Rows under the right keys that are not what this code writes are read again and replaced, never loaded."""
    files = [("odd.md", ODD_FRONT_MATTER), ("broken.md", BROKEN)] + [
        (f"b{i}.md", f"---\ntitle: B {i}\n---\n\n## Article\n\nText {i}.\n") for i in range(8)
    ]
    keys = [key_of(f"{src_uri}\0{text}") for src_uri, text in files]
    reference = [(repr(entry), html) for entry, html in load_entries(files, None)]
    good = json.loads(encode_entry(read_entry(*files[2])))
    marker = tmp_path / "unpickled"
    planted = {
        keys[0]: "not json",
        keys[1]: json.dumps({**good, "v": 1}),  # another format version
        keys[2]: json.dumps({**good, "key": keys[3]}),  # another file's entry
        keys[3]: json.dumps({**good, "article": [1, 2]}),  # wrong types
        keys[4]: json.dumps({**good, "tagged": True}),  # untagged meta read as tagged
        keys[5]: json.dumps([good]),
        keys[6]: "[" * 100_000,  # deeper than the JSON decoder recurses
        keys[7]: pickle.dumps(_Planted(str(marker))).decode("latin-1"),
    }
    cache = tmp_path / "site.sqlite3"
    db = sqlite3.connect(str(cache))
    with db:
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, entry TEXT NOT NULL, html TEXT NOT NULL)")
        db.executemany("INSERT INTO entries VALUES (?, ?, '<p>planted</p>')", planted.items())
        db.execute("INSERT INTO entries VALUES (?, ?, '<p>planted</p>')", (keys[8], pickle.dumps(1)))  # a blob
        db.execute("CREATE TABLE bodies (key TEXT PRIMARY KEY, entry BLOB NOT NULL, html TEXT NOT NULL)")  # format 1
        db.executemany("INSERT INTO bodies VALUES (?, ?, '<p>planted</p>')",
                       [(key, pickle.dumps(_Planted(str(marker)))) for key in keys])
    db.close()

    assert [(repr(entry), html) for entry, html in load_entries(files, cache)] == reference
    assert not marker.exists()  # no pickle was loaded
    db = sqlite3.connect(str(cache))
    rows = dict(db.execute("SELECT key, entry FROM entries"))
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert tables == {"entries"}  # the pickled table of format 1 is gone
    assert sorted(rows) == sorted(keys)  # every planted row was replaced by a good one
    assert all(decode_entry(rows[key], key, *item) is not None for key, item in zip(keys, files, strict=True))
    assert [(repr(entry), html) for entry, html in load_entries(files, cache)] == reference
    pickle.loads(pickle.dumps(_Planted(str(marker))))
    assert marker.exists()  # the canary works: loading one of those pickles would have left it


def test_front_matter_json_cannot_hold_is_read_not_cached(tmp_path: Path):
    files = [("pairs.md", "---\ntitle: Pairs\npairs: !!pairs [{a: 1}, {a: 2}]\n---\n\nBody.\n")]  # tuples
    cache = tmp_path / "site.sqlite3"
    for _ in range(2):
        ((entry, html),) = load_entries(files, cache)
        assert entry.briefing.meta["pairs"] == [("a", 1), ("a", 2)] and html == "<p>Body.</p>\n"
    db = sqlite3.connect(str(cache))
    assert db.execute("SELECT count(*) FROM entries").fetchone() == (0,)
    db.close()


class _Planted:
    """A pickle that leaves a file behind when loaded: what a planted cache file could do to a pickled cache."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_ordered_map_keeps_input_order(monkeypatch: pytest.MonkeyPatch):
    items = list(range(500))
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "2")
    assert ordered_map(_square, items) == [i * i for i in items]
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "1")
    assert ordered_map(_square, items) == [i * i for i in items]


def _square(value: int) -> int:
    return value * value


def test_ingest_over_two_processes_equals_one(project: Path, tmp_path: Path):
    """Same briefings, same outcomes and log lines, in the same order, whatever the number of processes."""
    import shutil

    from test_determinism import tree_digest

    from bench.corpus import make_desk

    make_desk(project, 70)
    for path in (project / "briefings").glob("*.md"):
        path.unlink()
    (project / "articles" / "zz-empty.txt").write_text("\n", encoding="utf-8")  # fails: no text
    other = tmp_path / "other"
    shutil.copytree(project, other)
    one = run_cli(project, "ingest", env={"BRIEFKIT_PROCESSES": "1"})
    two = run_cli(other, "ingest", env={"BRIEFKIT_PROCESSES": "2"})
    assert one.returncode == two.returncode == 1  # the empty article failed
    assert _no_seconds(one.stderr) == _no_seconds(two.stderr)
    assert tree_digest(project / "briefings") == tree_digest(other / "briefings")
    assert len(list((project / "briefings").glob("*.md"))) >= 70


def _no_seconds(log: str) -> str:
    import re

    return re.sub(r"in [\d.]+ s", "in N s", log)
