"""A rebuild after an edit renders only the edited briefings' pages, and makes the site a full build makes.

Each case starts from a copy of one built project (real MkDocs and Pagefind, search in
shards of 4 pages so that the search index is merged and patched), edits it as an
editor or a maintainer would, runs `build.py build`, checks from the log which path the
build took, then runs `build.py build --full` in the same folder and compares the two
sites file by file: the incremental site must be byte-identical to the full one.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli

ENV = {"BRIEFKIT_SEARCH_SHARD_PAGES": "4", "SITE_URL": "https://owner.github.io/repo/"}
ALONE = re.compile(r"Rendered (\d+) changed briefing\(s\) alone")
OLD = 1_600_000_000  # 2020: files last touched long ago, so that their stat is trusted


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project plus 11 desk briefings, built once."""
    import sys

    sys.path.insert(0, str(REPO))
    from bench.corpus import make_desk

    root = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    make_desk(root, 11)
    nested = root / "briefings" / "2019" / "nested.md"  # a briefing in a folder: published as 2019/nested/
    nested.parent.mkdir()
    nested.write_text((root / "briefings" / "briefing-00010.md").read_text(encoding="utf-8").replace(
        "title: ", "title: Nested ", 1), encoding="utf-8")
    for path in [*(root / "articles").iterdir(), *(root / "briefings").rglob("*")]:
        os.utime(path, (OLD, OLD))
    run_cli(root, "build", check=True, env=ENV)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def build(project: Path, *args: str, check: bool = True):
    result = run_cli(project, "-vv", "build", *args, check=check, env=ENV)  # -vv: why every page is rendered
    assert "Done: built the site into" in result.stderr, result.stderr[-2000:]
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_full_build(project: Path) -> None:
    incremental = tree(project / "site")
    build(project, "--full", check=False)
    full = tree(project / "site")
    assert sorted(incremental) == sorted(full)
    different = [name for name in full if incremental[name] != full[name]]
    assert different == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _key_fact(project: Path) -> int:
    replace_in(project / "briefings" / "briefing-00002.md", "## Key facts\n\n- ", "## Key facts\n\n- (Corrected.) ")
    return 1


def _role(project: Path) -> int:
    replace_in(project / "briefings" / "us-seeks-to-ease-dispute.md", "role: Secretary of State",
               "role: US Secretary of State")
    return 1


def _speaker(project: Path) -> int:
    replace_in(project / "briefings" / "us-seeks-to-ease-dispute.md", "— South Korean foreign ministry",
               "— Ministry of Foreign Affairs of South Korea")
    return 1


def _new_word_and_two_files(project: Path) -> int:
    """Two briefings changed (one with a word no page had), and one saved again unchanged (a new time)."""
    replace_in(project / "briefings" / "briefing-00003.md", "## Background\n\n", "## Background\n\nZyxwvut. ")
    replace_in(project / "briefings" / "briefing-00004.md", "## Key facts\n\n- ", "## Key facts\n\n- ")
    return _key_fact(project) + 1


def _nested(project: Path) -> int:
    replace_in(project / "briefings" / "2019" / "nested.md", "## Key facts\n\n- ", "## Key facts\n\n- (Checked.) ")
    return 1


def _same_size_and_time(project: Path) -> int:
    """An editor's atomic save (a new file renamed over the old) of an edit of the same length, with the old
    modification time kept (as `cp -p` or a sync tool would): only the inode tells it changed."""
    path = project / "briefings" / "briefing-00006.md"
    old = path.stat()
    text = path.read_text(encoding="utf-8")
    start = text.index("## Key facts\n\n- ") + len("## Key facts\n\n- ")
    edited = text[:start] + "X" + text[start + 1 :]
    assert edited != text and len(edited.encode()) == len(text.encode())
    fresh = path.with_name(".briefing-00006.md.new")
    fresh.write_text(edited, encoding="utf-8")
    os.utime(fresh, ns=(old.st_atime_ns, old.st_mtime_ns))
    fresh.replace(path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    return 1


LOCAL_EDITS: dict[str, Callable[[Path], int]] = {
    "same size and time, another inode": _same_size_and_time,
    "a briefing in a folder": _nested,
    "a key fact": _key_fact,
    "a person's role": _role,
    "a quote's speaker": _speaker,
    "a word no page had, in two briefings": _new_word_and_two_files,
}


@pytest.mark.parametrize("name", LOCAL_EDITS)
def test_an_edit_to_a_briefings_own_page_renders_that_page_alone(project: Path, name: str):
    changed = LOCAL_EDITS[name](project)
    log = build(project).stderr
    match = ALONE.search(log)
    assert match, log[-2000:]
    assert int(match.group(1)) == changed
    assert "Rendering every page" not in log
    assert_same_as_full_build(project)


def _title(project: Path) -> None:
    replace_in(project / "briefings" / "briefing-00002.md", "title: ", "title: Corrected ")


def _country(project: Path) -> None:
    replace_in(project / "briefings" / "us-seeks-to-ease-dispute.md", "- North Korea\n", "- North Korea\n- China\n")


def _timeline(project: Path) -> None:
    path = project / "briefings" / "briefing-00005.md"
    text = path.read_text(encoding="utf-8")
    assert "## Timeline\n\n- **" in text
    path.write_text(text.replace("## Timeline\n\n- **", "## Timeline\n\n- **1901**: A new first event.\n- **", 1),
                    encoding="utf-8")


def _summary(project: Path) -> None:
    replace_in(project / "briefings" / "briefing-00006.md", "summary: ", "summary: Corrected. ")


def _broken_yaml(project: Path) -> None:
    replace_in(project / "briefings" / "briefing-00007.md", "title: ", "title: [unclosed ")


def _new_file(project: Path) -> None:
    shutil.copy(project / "briefings" / "briefing-00002.md", project / "briefings" / "briefing-00099.md")


def _theme(project: Path) -> None:
    replace_in(project / "templates" / "theme" / "main.html", "Skip to content", "Skip to the content")


def _site_removed(project: Path) -> None:
    _key_fact(project)
    shutil.rmtree(project / "site")


def _symlink(project: Path) -> None:
    """A pull request replaces a briefing by a link to a file outside the project."""
    secret = project.parent / "secret.txt"
    secret.write_text("---\ntitle: Secret\n---\n\nTOP-SECRET-TOKEN\n", encoding="utf-8")
    (project / "briefings" / "briefing-00009.md").unlink()
    (project / "briefings" / "briefing-00009.md").symlink_to(secret)


SHARED_EDITS: dict[str, tuple[Callable[[Path], None], str]] = {
    "the title (lists show it)": (_title, "what other pages show of it changed"),
    "a country (its page lists the briefing)": (_country, "what other pages show of it changed"),
    "the timeline (the site's timeline shows it)": (_timeline, "what other pages show of it changed"),
    "the summary (lists and feeds show it)": (_summary, "what other pages show of it changed"),
    "front matter that no longer parses": (_broken_yaml, "has a problem"),
    "a new briefing": (_new_file, "files were added, removed or renamed"),
    "the theme": (_theme, "the configuration, theme or code changed"),
    "the site folder removed": (_site_removed, "the site folder is not the one the last build made"),
    "a briefing replaced by a link outside": (_symlink, "briefing-00009.md is not a regular file"),
}


@pytest.mark.parametrize("name", SHARED_EDITS)
def test_an_edit_other_pages_show_renders_every_page(project: Path, name: str):
    edit, reason = SHARED_EDITS[name]
    edit(project)
    log = build(project, check=False).stderr  # ingest fails (exit 1) for the briefing that does not parse
    assert "Rendering every page: " in log and reason in log, log[-2000:]
    assert not ALONE.search(log)
    assert_same_as_full_build(project)
    assert not any(b"TOP-SECRET-TOKEN" in data for data in tree(project / "site").values())


def test_nothing_changed_renders_nothing_and_keeps_the_site(project: Path):
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    log = build(project).stderr
    assert "The site is up to date" in log, log[-2000:]
    after = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_problem_in_an_unchanged_briefing_is_still_reported(project: Path):
    replace_in(project / "briefings" / "briefing-00008.md", "countries:\n", "countries: 5\nnot_countries:\n")
    first = build(project).stderr
    assert "briefing-00008.md:" in first and "'countries' must be a list" in first
    _key_fact(project)
    second = build(project).stderr
    assert ALONE.search(second), second[-2000:]
    assert "briefing-00008.md:" in second and "'countries' must be a list" in second


def test_a_failed_build_leaves_no_record_and_the_next_build_is_full(project: Path):
    main = project / "templates" / "theme" / "main.html"
    good = main.read_text(encoding="utf-8")
    main.write_text(good.replace("{% block content %}", "{% block content %}{% if %}", 1), encoding="utf-8")
    failed = run_cli(project, "build", env=ENV)
    assert failed.returncode == 1, failed.stderr[-2000:]
    line = 1 + good[: good.index("{% block content %}")].count("\n")
    assert f"templates/theme/main.html:{line}: Expected an expression" in failed.stderr  # the file and line
    cache = project / ".cache" / "briefkit"
    assert not (cache / "site-state.json").exists()
    assert list(cache.glob("site-record-*")) == []
    main.write_text(good, encoding="utf-8")
    _key_fact(project)
    log = build(project).stderr
    assert "Rendering every page: no record of an earlier build" in log, log[-2000:]
    assert_same_as_full_build(project)

