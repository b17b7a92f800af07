"""Same articles, another order: byte-identical briefings and site.

Two projects in different folders get the same articles, created in opposite
orders with opposite modification times (and same-named articles in several
folders, whose briefing names depend on order if anything does).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from conftest import REPO, copy_project, run_cli

CORPUS = REPO / "tests" / "data" / "bad_inputs"
ARTICLES = {
    "plain.txt": "plain.txt",
    "Seoul.txt": "same-headline.txt",
    "desk-a/seoul.txt": "same-headline.txt",
    "desk-b/seoul.txt": "same-headline.txt",
    "seoul.html": "hostile-page.html",
    "Zürich café.txt": "accented.txt",
    "korean.txt": "korean.txt",
    "markup.txt": "markup-in-text.txt",
    "yaml.txt": "yaml-breaking-title.txt",
}


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_project(folder: Path, reverse: bool) -> Path:
    root = copy_project(folder, ("mkdocs.yml", "build.py", "briefkit", "templates"))
    (root / "briefings").mkdir()
    names = sorted(ARTICLES, reverse=reverse)
    for number, name in enumerate(names):
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((CORPUS / ARTICLES[name]).read_bytes())
        stamp = 1_600_000_000 + 1000 * number
        os.utime(path, (stamp, stamp))
    return root


def test_article_order_and_times_change_no_byte(tmp_path: Path):
    first = make_project(tmp_path / "one" / "project", reverse=False)
    second = make_project(tmp_path / "two" / "elsewhere", reverse=True)
    for root in (first, second):
        result = run_cli(root, "build")
        assert result.returncode == 0, result.stderr
    assert tree(first / "briefings") == tree(second / "briefings")
    assert len(tree(first / "briefings")) == len(ARTICLES)
    site = tree(first / "site")
    assert site == tree(second / "site")
    assert any(name.endswith("index.html") for name in site)
