"""Ingest trusts what it remembers about a file only while the file's stat is unchanged.

A run with nothing new reads no briefing and hashes no article (briefkit/stat_memo.py);
these tests make files look old (so that their stat is trusted), then change them the
ways a person does, and check that ingest sees every change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

from briefkit.stat_memo import MEMO_FILE

OLD = 1_600_000_000  # 2020


def _age(project: Path) -> None:
    for folder in ("articles", "briefings"):
        for path in (project / folder).iterdir():
            os.utime(path, (OLD, OLD))


@pytest.fixture
def desk(empty_project: Path) -> Path:
    for name, fact in (("2019-07-11-talks.txt", "Talks resume"), ("2019-07-12-vote.txt", "A vote is held")):
        (empty_project / "articles" / name).write_text(
            f"{fact}\n\nThe ministry said on Thursday that {fact.lower()} in Seoul, with 40 delegates.\n",
            encoding="utf-8",
        )
    run_cli(empty_project, "ingest", check=True)
    _age(empty_project)
    run_cli(empty_project, "ingest", check=True)  # remembers the facts of files that look old
    return empty_project


def _facts(project: Path) -> dict:
    return json.loads((project / MEMO_FILE).read_text(encoding="utf-8"))["facts"]


def test_facts_are_remembered_only_for_files_not_just_modified(desk: Path):
    kinds = sorted(key.split("\0")[0] for key in _facts(desk))
    assert kinds == ["briefing", "briefing", "claim", "claim", "sha256", "sha256"]
    article = desk / "articles" / "2019-07-12-vote.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")  # now: too recent
    run_cli(desk, "ingest", check=True)
    assert not any(key.endswith("2019-07-12-vote.txt") and key.startswith("sha256") for key in _facts(desk))


def test_a_changed_article_is_briefed_again(desk: Path):
    article = desk / "articles" / "2019-07-11-talks.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("40 delegates", "45 delegates"), encoding="utf-8")
    result = run_cli(desk, "ingest", check=True)
    assert "2019-07-11-talks.md: updated" in result.stderr
    assert "45 delegates" in (desk / "briefings" / "2019-07-11-talks.md").read_text(encoding="utf-8")


def test_a_briefing_edited_by_hand_is_kept_and_its_article_change_is_a_conflict(desk: Path):
    briefing = desk / "briefings" / "2019-07-12-vote.md"
    edited = briefing.read_text(encoding="utf-8").replace("## Key facts\n\n- ", "## Key facts\n\n- Checked: ", 1)
    briefing.write_text(edited, encoding="utf-8")
    assert "2019-07-12-vote.md: edited by hand; kept" in run_cli(desk, "ingest", check=True).stderr
    article = desk / "articles" / "2019-07-12-vote.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("40", "41"), encoding="utf-8")
    assert "article changed, but its briefing was edited by hand" in run_cli(desk, "ingest", check=True).stderr
    assert briefing.read_text(encoding="utf-8") == edited


def test_a_briefing_renamed_to_take_another_article_is_read_again(desk: Path):
    """The claim (which article a briefing belongs to) is tied to the file, not its name."""
    talks, vote = desk / "briefings" / "2019-07-11-talks.md", desk / "briefings" / "2019-07-12-vote.md"
    talks_text = talks.read_text(encoding="utf-8")
    vote.unlink()
    talks.rename(vote)  # the old stat of vote.md is gone with it; talks.md now holds what vote.md claimed
    _age(desk)
    result = run_cli(desk, "ingest", check=True)
    assert vote.read_text(encoding="utf-8") == talks_text  # it still names the talks article, and is its briefing
    assert "2019-07-12-vote-2.md: created from articles/2019-07-12-vote.txt" in result.stderr


def test_a_memo_from_elsewhere_or_corrupt_is_ignored(desk: Path):
    memo = desk / MEMO_FILE
    data = json.loads(memo.read_text(encoding="utf-8"))
    for key, row in data["facts"].items():  # a lie: every briefing edited by hand, for these very articles
        if key.startswith("sha256"):
            row[1] = "0" * 64
        elif key.startswith("briefing"):
            row[1] = [False, "0" * 64, "0" * 64]
    lie = json.dumps({**data, "key": "someone else's"})
    memo.write_text(lie, encoding="utf-8")
    result = run_cli(desk, "ingest", check=True)
    assert "kept" not in result.stderr, result.stderr  # the files were read: untouched, unchanged
    memo.write_text("{not json", encoding="utf-8")
    assert run_cli(desk, "ingest", check=True).returncode == 0
