"""The command line as a user meets it: help, exit codes, show --json, new, check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli

from briefkit.briefing import is_untouched, render
from briefkit.model import Briefing

COMMANDS = ["ingest", "build", "serve", "show", "check", "new"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, project: Path):
    result = run_cli(project, command, "--help")
    assert result.returncode == 0
    assert "-v" in result.stdout and "-q" in result.stdout
    assert result.stdout.startswith(f"usage: build.py {command}")


def test_bad_usage_exits_2(project: Path):
    assert run_cli(project, "no-such-command").returncode == 2
    assert run_cli(project, "show").returncode == 2  # PATH is required
    assert run_cli(project, "ingest", "--no-such-flag").returncode == 2


def test_show_json_has_the_design_shape(project: Path):
    result = run_cli(project, "show", "briefings", "--json", check=True)
    items = json.loads(result.stdout)
    assert len(items) == 1
    item = items[0]
    assert set(item) == {"path", "meta", "caption", "background", "key_facts", "quotes", "timeline", "article"}
    assert item["path"] == "briefings/us-seeks-to-ease-dispute.md"
    assert item["meta"]["title"] == "US seeks to ease dispute between S.Korea, Japan"
    assert all(set(q) == {"text", "speaker"} for q in item["quotes"])
    assert all(set(e) == {"date", "event"} for e in item["timeline"])
    assert item["article"] and all(isinstance(p, str) for p in item["article"])


def test_show_reflects_a_hand_edit(project: Path):
    path = project / "briefings" / "us-seeks-to-ease-dispute.md"
    path.write_text(path.read_text().replace("## Quotes\n", '## Quotes\n\n- "Added by hand" — An Editor\n', 1))
    item = json.loads(run_cli(project, "show", str(path), "--json", check=True).stdout)[0]
    assert item["quotes"][0] == {"text": "Added by hand", "speaker": "An Editor"}


def test_ingest_a_missing_path_fails_with_its_name(project: Path):
    result = run_cli(project, "ingest", "articles/nope.txt")
    assert result.returncode == 1
    assert "articles/nope.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_quiet_says_nothing_on_success(project: Path):
    result = run_cli(project, "ingest", "-q", check=True)
    assert result.stderr == ""


def test_new_writes_a_blank_briefing_that_check_accepts(empty_project: Path):
    result = run_cli(empty_project, "new", "A story written by hand", "--date", "2024-05", check=True)
    path = empty_project / result.stdout.strip()
    assert path == empty_project / "briefings" / "a-story-written-by-hand.md"
    item = json.loads(run_cli(empty_project, "show", str(path), "--json", check=True).stdout)[0]
    assert item["meta"]["title"] == "A story written by hand"
    assert item["meta"]["date"] == "2024-05" and item["meta"]["date_precision"] == "month"
    text = path.read_text(encoding="utf-8")
    assert "digest" not in text and not is_untouched(text)  # a person's file: ingest never takes it for its own
    assert run_cli(empty_project, "new", "A story written by hand").returncode == 1  # never overwrites


def test_render_without_digest_is_the_file_less_its_digest_line():
    meta = {"title": "A story", "generated": {"by": "briefkit", "digest": "stale"}}
    story = Briefing(meta=meta, key_facts=["A fact."], article=["Text."])
    with_digest = render(story)
    without = render(story, digest=False)
    assert is_untouched(with_digest) and not is_untouched(without)
    assert without == re.sub(r"^  digest: \S+\n", "", with_digest, count=1, flags=re.MULTILINE)
    assert story.meta == meta  # the briefing is left as it was


def test_check_passes_on_the_shipped_briefing_and_reports_file_line(project: Path):
    assert run_cli(project, "check").returncode == 0
    path = project / "briefings" / "us-seeks-to-ease-dispute.md"
    path.write_text(path.read_text().replace("date_precision: ", "date_precision: sometimes #", 1))
    result = run_cli(project, "check")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines and all(line.startswith("briefings/us-seeks-to-ease-dispute.md:") for line in lines)
    assert any("date_precision" in line for line in lines)


@pytest.mark.parametrize("order", ["before", "after"])
def test_verbosity_counts_before_or_after_the_command(empty_project: Path, order: str):
    article = empty_project / "articles" / "2019-07-11-note.txt"
    article.write_text("A note\n\nThe ministry said on Thursday that talks would resume.\n", encoding="utf-8")
    run_cli(empty_project, "ingest", check=True)
    args = ["-vv", "ingest"] if order == "before" else ["ingest", "-vv"]
    assert "2019-07-11-note.md: unchanged" in run_cli(empty_project, *args, check=True).stderr  # a debug line
    quiet = ["-q", "ingest"] if order == "before" else ["ingest", "-q"]
    assert run_cli(empty_project, *quiet, check=True).stderr == ""
