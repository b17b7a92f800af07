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
