"""Edit safety: no command ever overwrites what a person wrote (DESIGN.md)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_cli

from briefkit import ingest

BRIEFING = "briefings/us-seeks-to-ease-dispute.md"
ARTICLE = "articles/us-seeks-to-ease-dispute.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_unchanged_article_changes_no_byte(project: Path):
    run_cli(project, "ingest", check=True)
    before = snapshot(project / "briefings")
    stat = (project / BRIEFING).stat()
    result = run_cli(project, "ingest", check=True)
    assert snapshot(project / "briefings") == before
    assert (project / BRIEFING).stat().st_mtime_ns == stat.st_mtime_ns  # not even rewritten
    assert "1 unchanged" in result.stderr


def test_changed_article_regenerates_an_untouched_briefing(project: Path):
    run_cli(project, "ingest", check=True)
    article = project / ARTICLE
    article.write_text(article.read_text().replace("almost two-thirds", "almost three-quarters"))
    result = run_cli(project, "ingest", check=True)
    text = (project / BRIEFING).read_text()
    assert "almost three-quarters" in text and "almost two-thirds" not in text
    assert "updated" in result.stderr


def test_hand_edit_is_kept_and_said(project: Path):
    run_cli(project, "ingest", check=True)
    path = project / BRIEFING
    edited = path.read_text().replace("## Key facts\n", "## Key facts\n\n- An editor's own fact.\n", 1)
    path.write_text(edited)
    result = run_cli(project, "ingest", check=True)
    assert path.read_text() == edited
    assert "edited by hand; kept" in result.stderr


def test_both_changed_keeps_the_person_and_warns(project: Path):
    run_cli(project, "ingest", check=True)
    path = project / BRIEFING
    edited = path.read_text().replace("US seeks", "U.S. seeks", 1)
    path.write_text(edited)
    article = project / ARTICLE
    article.write_text(article.read_text() + "\n\nA new closing paragraph of the article.\n")
    result = run_cli(project, "ingest")
    assert result.returncode == 0
    assert path.read_text() == edited
    assert "edited by hand" in result.stderr and "--force" in result.stderr


def test_force_overwrites_an_edited_briefing(project: Path):
    run_cli(project, "ingest", check=True)
    path = project / BRIEFING
    path.write_text(path.read_text().replace("US seeks", "U.S. seeks", 1))
    result = run_cli(project, "ingest", "--force", check=True)
    assert "title: US seeks" in path.read_text()
    assert "overwritten" in result.stderr


def test_writes_are_atomic_and_leave_no_temporary_files(project: Path):
    # atomic_write writes a temporary file in the same folder, then renames it
    # over the target; a reader sees the old inode or the new one, never half a file.
    path = project / BRIEFING
    old_inode = path.stat().st_ino
    article = project / ARTICLE
    article.write_text(article.read_text().replace("Thursday", "on Thursday"))
    run_cli(project, "ingest", check=True)
    assert path.stat().st_ino != old_inode  # replaced by rename, not rewritten in place
    assert sorted(os.listdir(project / "briefings")) == ["us-seeks-to-ease-dispute.md"]


def test_edited_briefing_shows_up_on_the_site(project: Path):
    path = project / BRIEFING
    path.write_text(path.read_text().replace("## Key facts\n", "## Key facts\n\n- A fact only an editor wrote.\n", 1))
    run_cli(project, "build", check=True)
    html = (project / "site" / "us-seeks-to-ease-dispute" / "index.html").read_text()
    assert "A fact only an editor wrote." in html
    assert "A fact only an editor wrote." in path.read_text()


def test_a_large_desk_does_not_list_every_kept_briefing(project: Path):
    """Thousands of hand-edited briefings would mean thousands of lines per build: the summary counts them."""
    article = (project / "articles" / "us-seeks-to-ease-dispute.txt").read_text(encoding="utf-8")
    for i in range(ingest.KEPT_SAID_UP_TO):
        (project / "articles" / f"copy-{i:02}.txt").write_text(f"Copy {i}\n\n{article}", encoding="utf-8")
    run_cli(project, "ingest", check=True)
    for path in sorted((project / "briefings").glob("*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    result = run_cli(project, "ingest", check=True)
    assert "edited by hand; kept" not in result.stderr
    assert f"{ingest.KEPT_SAID_UP_TO + 1} kept" in result.stderr
