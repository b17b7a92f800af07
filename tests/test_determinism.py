"""Same inputs, byte-identical briefings and site."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import run_cli


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path):
    for path in (project / "briefings").glob("*.md"):
        path.unlink()  # generate from scratch, twice
    run_cli(project, "build", check=True)
    first_briefings = tree_digest(project / "briefings")
    first_site = tree_digest(project / "site")
    for path in (project / "briefings").glob("*.md"):
        path.unlink()
    (project / "site").rename(tmp_path / "old-site")
    run_cli(project, "build", check=True)
    assert tree_digest(project / "briefings") == first_briefings
    assert tree_digest(project / "site") == first_site
    assert first_site  # the site is not empty


def test_the_committed_example_briefing_is_what_ingest_writes(project: Path):
    committed = (project / "briefings" / "us-seeks-to-ease-dispute.md").read_bytes()
    (project / "briefings" / "us-seeks-to-ease-dispute.md").unlink()
    run_cli(project, "ingest", check=True)
    assert (project / "briefings" / "us-seeks-to-ease-dispute.md").read_bytes() == committed
