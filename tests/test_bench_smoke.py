"""The performance benchmark runs end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_corpus_briefings_parse_and_count_as_edited(tmp_path: Path):
    sys.path.insert(0, str(REPO))
    from bench.corpus import make_desk
    from briefkit.briefing import is_untouched, parse_file

    written = make_desk(tmp_path, 5)
    assert len(list((tmp_path / "articles").glob("*.txt"))) == 5
    for path in written:
        meta = parse_file(path).briefing.meta
        assert meta["countries"] and meta["topics"] and meta["people"]
        assert not is_untouched(path.read_text(encoding="utf-8"))
    again = tmp_path / "again"
    make_desk(again, 5)
    assert [p.read_bytes() for p in written] == [(again / "briefings" / p.name).read_bytes() for p in written]


def test_benchmark_prints_the_table_and_budgets(tmp_path: Path):
    out = tmp_path / "perf.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.perf",
            "--sizes",
            "20",
            "--quick",
            "--repeat",
            "2",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "| briefkit rebuild after one edit, wall s |" in result.stdout
    assert "Hugo + Pagefind, wall s (the anchor)" in result.stdout
    for budget in (
        "ingest text <= 10 ms",
        "full build <= 2x Hugo+Pagefind",
        "rebuild after one edit < 2 s",
        "peak memory < 1 GB",
    ):
        assert budget in result.stdout
    runs = re.search(r"briefkit cold runs, wall s: ([\d.]+), ([\d.]+)\n", result.stdout)
    assert runs is not None, result.stdout  # two cold builds, the faster one kept
    assert re.search(r"Hugo \+ Pagefind runs, wall s: [\d.]+ \+ [\d.]+, [\d.]+ \+ [\d.]+\n", result.stdout)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert abs(data["sizes"][0]["total_s"] - min(map(float, runs.groups()))) < 0.006
    assert data["sizes"][0]["n"] == 20 and data["sizes"][0]["total_s"] > 0


def test_tree_rss_sums_a_command_and_the_processes_it_starts():
    child = "import subprocess, sys, time; b = b'x' * 60_000_000; time.sleep(0.5)"
    parent = f"import subprocess, sys; b = b'x' * 40_000_000; subprocess.run([sys.executable, '-c', {child!r}])"
    result = subprocess.run(
        [sys.executable, "-m", "bench.tree_rss", sys.executable, "-c", parent],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    peak = int(re.search(r"process tree \(summed\): (\d+) MB", result.stderr).group(1))
    assert peak >= 95  # 40 MB + 60 MB (and two interpreters), held at the same time
