"""The site build's cache and worker processes change speed, never bytes.

Behaviour only (no timings): a build with a cold, warm, stale or corrupt cache,
with one process or two, gives the same site and the same warnings.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from test_determinism import tree_digest

from briefkit.parallel import ordered_map
from briefkit.site.render_cache import CACHE_FILE

BROKEN = "---\ntitle: [unclosed\n---\n\n## Article\n\nText.\n"


@pytest.fixture
def desk(project: Path) -> Path:
    """The project with enough briefings (70 + the shipped ones) for the build to use workers."""
    from bench.corpus import make_desk

    make_desk(project, 70)
    (project / "briefings" / "zz-broken.md").write_text(BROKEN, encoding="utf-8")
    return project


def _build(project: Path, **env: str) -> tuple[dict[str, str], list[str]]:
    result = run_cli(project, "build", "--no-ingest", check=True, env=env)
    warnings = [line for line in result.stderr.splitlines() if not line.startswith(("Indexed", "Done"))]
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

    db = sqlite3.connect(str(desk / CACHE_FILE))  # rows that lie: wrong HTML, wrong entry
    with db:
        db.execute("UPDATE bodies SET html = '<p>stale</p>', entry = x'80'")
    db.close()
    assert _build(desk) == edited

    (desk / CACHE_FILE).write_bytes(b"not a database" * 100)
    assert _build(desk) == edited


def test_ordered_map_keeps_input_order(monkeypatch: pytest.MonkeyPatch):
    items = list(range(500))
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "2")
    assert ordered_map(_square, items) == [i * i for i in items]
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "1")
    assert ordered_map(_square, items) == [i * i for i in items]


def _square(value: int) -> int:
    return value * value
