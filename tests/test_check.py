# ruff: noqa: E501 (briefing text reads best unwrapped)
"""`build.py check`: every problem as file:line: message, all in one run, exit 1 if any.

Briefings here are the shipped one with its sections filled in by hand, as an
editor would in a pull request; the article is the shipped example, read through
the same reading and cleaning stages as ingest.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from briefkit import check, check_cache, parallel, verbatim

BRIEFING = "briefings/us-seeks-to-ease-dispute.md"
ARTICLE = "articles/us-seeks-to-ease-dispute.txt"
SECTIONS = """
## Photo caption

US Secretary of State Mike Pompeo meets South Korean Foreign Minister Kang Kyung-wha in Washington in March 2019

## Background

> [!NOTE]
> Tokyo is angry at South Korean court rulings that Japanese firms must compensate forced
> laborers from Japan's 1910-1945 rule of the peninsula.

## Key facts

- Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost two-thirds of global chip production.
{extra_facts}
## Quotes

- “We all face shared regional challenges and priorities in the Indo-Pacific and around the world,” — Morgan Ortagus
{extra_quotes}
## Timeline

- **2019-06-30**: Donald Trump walks across the military border into North Korea.

## Article

Pompeo also spoke to Kang about seeking the denuclearization of North Korea.
{tail}"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def write_briefing(project: Path, extra_facts: str = "", extra_quotes: str = "", tail: str = "") -> list[str]:
    """Replace the shipped briefing's body; return the file's lines (1-based: lines[n - 1])."""
    path = project / BRIEFING
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    text = front + "\n---\n" + SECTIONS.format(extra_facts=extra_facts, extra_quotes=extra_quotes, tail=tail)
    path.write_text(text, encoding="utf-8")
    return text.split("\n")


def problems(project: Path, *paths: str) -> list[str]:
    """check's report; checked again from the cache it left, and without a cache: all three must agree."""
    targets = [project / p for p in paths] or [project / "briefings"]
    found = check.check_paths(targets, project)
    assert check.check_paths(targets, project) == found
    saved = os.environ.get("BRIEFKIT_NO_CACHE")
    os.environ["BRIEFKIT_NO_CACHE"] = "1"
    try:
        assert check.check_paths(targets, project) == found
    finally:
        if saved is None:
            del os.environ["BRIEFKIT_NO_CACHE"]
        else:
            os.environ["BRIEFKIT_NO_CACHE"] = saved
    return found


def line_of(lines: list[str], needle: str) -> int:
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_a_briefing_whose_claims_are_in_its_article_passes(project: Path):
    write_briefing(project)
    assert problems(project) == []


def test_a_misquote_is_reported_with_file_and_line_by_the_cli(project: Path):
    lines = write_briefing(project, extra_quotes='- "We are going to do everything we can," — Morgan Ortagus')
    result = run_cli(project, "check")
    assert result.returncode == 1
    line = line_of(lines, "We are going to do everything")
    assert result.stdout.splitlines() == [
        f'{BRIEFING}:{line}: quote not found in {ARTICLE}: "We are going to do everything we can,"'
    ]
    assert "1 problem" in result.stderr


def test_a_changed_key_fact_and_background_are_reported_at_their_lines(project: Path):
    path = project / BRIEFING
    lines = write_briefing(project)
    text = "\n".join(lines).replace("almost two-thirds", "almost three-quarters").replace("1910-1945", "1910-1946")
    path.write_text(text, encoding="utf-8")
    found = problems(project)
    assert [p.split(": ", 1)[0] for p in found] == [
        f"{BRIEFING}:{line_of(lines, '> Tokyo is angry')}",
        f"{BRIEFING}:{line_of(lines, 'Two South Korean companies')}",
    ]
    assert "background item not found" in found[0] and "key fact not found" in found[1]


def test_whitespace_quote_marks_and_elisions_are_not_misquotes(project: Path):
    facts = (
        "- The State Department declined to voice an opinion on the Japanese action\n"
        "  but said it considered its relationships with both countries to be “incredibly important.”\n"
        "- Kang told Pompeo that Japan’s trade restrictions … disturb the global supply system.\n"
        "- Senior South Korean official Kim Hyun-chong [...] said the United States wanted high-level talks"
    )
    write_briefing(project, extra_facts=facts)
    found = problems(project)
    assert len(found) == 1 and "key fact not found" in found[0]  # "high-level talks": not in the article


def test_an_elision_must_keep_the_order_of_the_article(project: Path):
    lines = write_briefing(project, extra_facts="- disturb the global supply system … Kang told Pompeo")
    assert problems(project) == [
        f"{BRIEFING}:{line_of(lines, 'disturb the global')}: key fact not found in {ARTICLE}: "
        '"disturb the global supply system … Kang told Pompeo"'
    ]


def test_text_that_cleaning_drops_is_not_a_source(project: Path):
    # The comment-policy notice is in the file but is page debris, not the article.
    write_briefing(project, extra_facts="- Our goal is to create a safe and engaging place for users.")
    found = problems(project)
    assert len(found) == 1 and "key fact not found" in found[0]


def test_a_claim_citing_another_source_is_not_compared(project: Path):
    facts = (
        "- Japan removed South Korea from its list of trusted trading partners.[^1]\n"
        "- Japan's exports of photoresists fell in July ([Reuters](https://example.com/reuters)).\n"
        "- South Korea took the dispute to the WTO (Source: Yonhap, 11 September 2019)."
    )
    write_briefing(project, extra_facts=facts, tail="\n[^1]: Kyodo News, 2 August 2019.\n")
    assert problems(project) == []


def test_a_footnote_without_its_definition_is_reported(project: Path):
    lines = write_briefing(project, extra_facts="- Japan removed South Korea from its white list.[^kyodo]")
    assert problems(project) == [
        f"{BRIEFING}:{line_of(lines, '[^kyodo]')}: footnote [^kyodo] has no definition ([^kyodo]: ...)"
    ]


def test_a_citation_in_the_middle_of_a_claim_does_not_exempt_it(project: Path):
    write_briefing(project, extra_facts="- ([Reuters](https://example.com)) Japan banned all exports.")
    assert len(problems(project)) == 1


def test_front_matter_problems_are_all_reported_at_their_key_lines(project: Path):
    path = project / BRIEFING
    text = path.read_text(encoding="utf-8")
    text = text.replace("date: '2019'\ndate_precision: year", "date: '2019-02-30'\ndate_precision: day")
    # replace whole keys, whatever lists the generated briefing holds
    text = re.sub(r"^topics:.*\n(?:- .*\n)*", "topics: [Astrology]\nmood: cheerful\n", text, count=1, flags=re.M)
    text = re.sub(r"^countries:.*\n(?:- .*\n)*", "countries: South Korea\n", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    found = problems(project)
    assert found == [
        f"{BRIEFING}:{line_of(lines, 'date: ')}: 'date' '2019-02-30' is not a day of the calendar",
        f"{BRIEFING}:{line_of(lines, 'countries:')}: 'countries' must be a list of non-empty strings",
        f"{BRIEFING}:{line_of(lines, 'topics:')}: 'topics' unknown topic(s): Astrology (see briefkit/data/topics.txt)",
        f"{BRIEFING}:{line_of(lines, 'mood:')}: unknown front matter key 'mood'",
    ]


@pytest.mark.parametrize(
    ("date", "precision", "message"),
    [
        ("2019-07", "day", "'date' '2019-07' does not match date_precision 'day' (YYYY-MM-DD)"),
        ("2019-07-04", "month", "'date' '2019-07-04' does not match date_precision 'month' (YYYY-MM)"),
        ("2019", "unknown", "'date_precision' is 'unknown' but a date is given"),
        ("2019", "weekly", "'date_precision' must be one of day, month, year, unknown"),
    ],
)
def test_date_and_its_precision_must_agree(project: Path, date: str, precision: str, message: str):
    path = project / BRIEFING
    text = path.read_text(encoding="utf-8").replace(
        "date: '2019'\ndate_precision: year", f"date: '{date}'\ndate_precision: {precision}"
    )
    path.write_text(text, encoding="utf-8")
    assert [p.split(": ", 1)[1] for p in problems(project)] == [message]


def test_a_missing_section_and_a_missing_title_are_reported(project: Path):
    path = project / BRIEFING
    text = path.read_text(encoding="utf-8").replace("## Key facts\n", "").replace("title: US seeks", "headline: US")
    path.write_text(text, encoding="utf-8")
    messages = [p.split(": ", 1)[1] for p in problems(project)]
    assert "missing section '## Key facts'" in messages
    assert "missing required key 'title'" in messages and "unknown front matter key 'headline'" in messages


def test_links_to_briefings_and_anchors_must_resolve(project: Path):
    other = project / "briefings" / "another-story.md"
    other.write_text((project / BRIEFING).read_text(encoding="utf-8").replace(ARTICLE, "articles/another.txt"))
    (project / "articles" / "another.txt").write_bytes((project / ARTICLE).read_bytes())
    tail = (
        "\nSee [the other story](another-story.md), [its facts](another-story.md#key-facts),\n"
        "[our quotes](#quotes), [the web](https://example.com/x.md) and [mail](mailto:desk@example.com).\n"
        "Broken: [gone](gone-story.md), [bad anchor](another-story.md#no-such-heading), [here](#nowhere),\n"
        "[absolute](/briefings/another-story.md), [outside](../articles/another.txt).\n"
        "\n[ref]: missing-too.md\n"
    )
    lines = write_briefing(project, tail=tail)
    found = [p for p in problems(project) if p.startswith(BRIEFING)]
    broken, outside, ref = line_of(lines, "Broken:"), line_of(lines, "[absolute]"), line_of(lines, "[ref]:")
    assert found == [
        f"{BRIEFING}:{broken}: broken link: 'gone-story.md' does not exist",
        f"{BRIEFING}:{broken}: broken link: no heading for '#nowhere' in this briefing",
        f"{BRIEFING}:{broken}: broken link: no heading for '#no-such-heading' in another-story.md",
        f"{BRIEFING}:{outside}: absolute link '/briefings/another-story.md' breaks under a sub-path; "
        "use a relative link",
        f"{BRIEFING}:{outside}: link '../articles/another.txt' leads outside briefings/: the site does not publish it",
        f"{BRIEFING}:{ref}: broken link: 'missing-too.md' does not exist",
    ]


def test_escaped_article_text_is_not_a_link(project: Path):
    write_briefing(project, tail="\nThe page said \\[click here\\](subscribe.html) twice.\n")
    assert problems(project) == []


def test_two_briefings_with_one_slug_are_reported(project: Path):
    text = (project / BRIEFING).read_text(encoding="utf-8")
    (project / "briefings" / "US-Seeks-To-Ease-Dispute.md").write_text(text, encoding="utf-8")
    (project / "briefings" / "index.md").write_text(text, encoding="utf-8")
    nested = project / "briefings" / "us-seeks-to-ease-dispute" / "index.md"
    nested.parent.mkdir()
    nested.write_text(text, encoding="utf-8")
    slug_problems = [p for p in problems(project) if "slug" in p or "home page" in p]
    assert slug_problems == [
        "briefings/index.md:1: this file would replace the home page; rename it",
        "briefings/us-seeks-to-ease-dispute/index.md:1: slug 'us-seeks-to-ease-dispute' is already used by "
        "briefings/US-Seeks-To-Ease-Dispute.md: both would publish to one page",
        f"{BRIEFING}:1: slug 'us-seeks-to-ease-dispute' is already used by "
        "briefings/US-Seeks-To-Ease-Dispute.md: both would publish to one page",
    ]


def test_an_article_without_briefing_and_a_briefing_without_article_are_reported(project: Path):
    (project / "articles" / "2024-05-01-new-story.txt").write_text("New story\n\nSomething happened today.\n")
    (project / ARTICLE).rename(project / "articles" / "renamed.txt")
    lines = (project / BRIEFING).read_text(encoding="utf-8").split("\n")
    assert problems(project) == [
        f"{BRIEFING}:{line_of(lines, '  file: ')}: source article {ARTICLE} not found (renamed or deleted?)",
        "articles/2024-05-01-new-story.txt:1: article has no briefing: run `build.py ingest` and commit it",
        "articles/renamed.txt:1: article has no briefing: run `build.py ingest` and commit it",
    ]


def test_checking_one_file_does_not_report_other_articles(project: Path):
    (project / "articles" / "2024-05-01-new-story.txt").write_text("New story\n\nSomething happened today.\n")
    assert problems(project, BRIEFING) == []


def test_a_briefing_that_cannot_be_parsed_still_claims_its_article(project: Path):
    path = project / BRIEFING
    path.write_text(path.read_text(encoding="utf-8").replace("title: US", "title: [US"), encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and re.match(rf"{BRIEFING}:\d+: front matter is not valid YAML", found[0])


def test_a_hand_written_briefing_must_cite_its_claims(project: Path):
    run_cli(project, "new", "A story told by phone", "--date", "2024-05-02", check=True)
    path = project / "briefings" / "a-story-told-by-phone.md"
    text = path.read_text(encoding="utf-8").replace(
        "## Key facts\n", "## Key facts\n\n- The minister resigned.\n- The cabinet met at noon.[^1]\n"
    )
    path.write_text(text + "\n[^1]: Phone call with the ministry, 2 May 2024.\n", encoding="utf-8")
    line = line_of(text.split("\n"), "The minister resigned")
    assert problems(project, "briefings/a-story-told-by-phone.md") == [
        f"briefings/a-story-told-by-phone.md:{line}: key fact cites no source, and the briefing has no source.file"
    ]


def cache_rows(project: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(project / check_cache.CACHE_FILE)) as db:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("articles", "briefings")}


def test_article_texts_and_briefing_facts_are_cached_by_content(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    write_briefing(project)
    assert problems(project) == []
    assert cache_rows(project) == {"articles": 1, "briefings": 1}
    with contextlib.closing(sqlite3.connect(project / check_cache.CACHE_FILE)) as db:
        assert "two-thirds of global chip production" in db.execute("SELECT text FROM articles").fetchone()[0]
    assert problems(project) == []  # from the cache
    assert cache_rows(project) == {"articles": 1, "briefings": 1}


def test_an_article_edited_after_a_check_is_read_afresh(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    lines = write_briefing(project)
    assert run_cli(project, "check").returncode == 0
    article = project / ARTICLE
    before = article.stat()
    # Same length, same modification time: only the content tells the edit.
    article.write_text(article.read_text(encoding="utf-8").replace("two-thirds", "one-third!"), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{BRIEFING}:{line_of(lines, 'Two South Korean')}: key fact not found in {ARTICLE}: "
        '"Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost two-thirds o…"'
    ]


def test_a_briefing_edited_after_a_check_is_parsed_afresh(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    write_briefing(project)
    assert problems(project) == []
    lines = write_briefing(project, extra_quotes='- "We are going to do everything we can," — Morgan Ortagus')
    assert problems(project) == [
        f"{BRIEFING}:{line_of(lines, 'We are going to do')}: quote not found in {ARTICLE}: "
        '"We are going to do everything we can,"'
    ]
    write_briefing(project)
    assert problems(project) == []


def test_a_damaged_or_missing_cache_changes_nothing(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    write_briefing(project, extra_facts="- Japan banned all exports.")
    expected = problems(project)
    assert len(expected) == 1
    cache_file = project / check_cache.CACHE_FILE
    cache_file.write_bytes(b"not a database " * 100)
    assert problems(project) == expected  # read again; the damaged file is replaced
    assert problems(project) == expected
    assert cache_rows(project) == {"articles": 1, "briefings": 1}
    with contextlib.closing(sqlite3.connect(cache_file)) as db, db:
        db.execute("UPDATE briefings SET facts = x'00'")
    assert problems(project) == expected  # a row that does not decode: the briefing is read again
    monkeypatch.setenv("BRIEFKIT_NO_CACHE", "1")
    cache_file.unlink()
    assert problems(project) == expected
    assert not cache_file.exists()


def test_check_drops_the_article_texts_of_its_earlier_cache(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    old = project / ".cache" / "briefkit" / "articles-0123456789abcdef"
    old.mkdir(parents=True)
    (old / f"{'0' * 64}.txt").write_text("old text", encoding="utf-8")
    write_briefing(project)
    assert problems(project) == []
    assert not old.exists()


def test_an_article_that_is_not_a_regular_file_is_reported_without_hanging(project: Path):
    write_briefing(project)
    article = project / ARTICLE
    article.unlink()
    os.mkfifo(article)
    lines = (project / BRIEFING).read_text(encoding="utf-8").split("\n")
    result = run_cli(project, "check", BRIEFING, timeout=60)
    assert result.stdout.splitlines() == [
        f"{BRIEFING}:{line_of(lines, '  file: ')}: source article cannot be read: {ARTICLE}: "
        "is not a regular file; not read"
    ]


@pytest.mark.parametrize("cache", ["cold", "warm", "off"])
@pytest.mark.parametrize("workers", [True, False])
def test_many_briefings_are_checked_in_parallel_with_the_same_result(
    project: Path, monkeypatch, cache: str, workers: bool
):
    lines = write_briefing(project)
    text = "\n".join(lines)
    for n in range(12):
        (project / "briefings" / f"copy-{n:02d}.md").write_text(
            text.replace("almost two-thirds", "almost all") if n == 7 else text, encoding="utf-8"
        )
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "1")
    serial = problems(project)
    if cache == "cold":
        shutil.rmtree(project / ".cache")
    elif cache == "off":
        monkeypatch.setenv("BRIEFKIT_NO_CACHE", "1")
    monkeypatch.setenv("BRIEFKIT_PROCESSES", "2")
    monkeypatch.setattr(check, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    # The sample checked first decides: as slow as read afresh (workers) or as fast as from the cache (here).
    monkeypatch.setattr(check, "WORKERS_FROM_MS_PER_FILE", 0.0 if workers else 1e9)
    pids = project / "pids.txt"

    def check_file(*args, **kwargs):
        with pids.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return real_check_file(*args, **kwargs)

    real_check_file = check.check_file
    monkeypatch.setattr(check, "check_file", check_file)
    assert problems(project) == serial
    processes = pids.read_text().split()
    assert str(os.getpid()) in processes  # the sample
    assert (set(processes) != {str(os.getpid())}) == workers
    assert serial == [
        f"briefings/copy-07.md:{line_of(lines, 'Two South Korean')}: key fact not found in {ARTICLE}: "
        '"Two South Korean companies alone, Samsung Electronics and SK Hynix, account for almost all of globa…"'
    ]
    if cache != "off":
        assert cache_rows(project) == {"articles": 1, "briefings": 2}


def test_verbatim_text_is_compared_with_every_kind_of_space_as_one():
    spaces = [chr(c) for c in range(0x3001) if re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    for space in spaces:
        assert verbatim.normalise(f"{space}“Yes,{space}{space}we can”{space}") == '"Yes, we can"'


def test_a_saved_page_is_read_through_its_html_both_cold_and_warm(project: Path, monkeypatch):
    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    body = (project / ARTICLE).read_text(encoding="utf-8").split("\n\n")[2]
    (project / "articles" / "page.html").write_text(
        "<!doctype html><html><head><title>US seeks to ease dispute</title></head><body>"
        "<nav>Home | World | Subscribe now</nav><article><h1>US seeks to ease dispute</h1>"
        + "".join(f"<p>{sentence}.</p>" for sentence in body.split(". "))
        + "</article><footer>Subscribe now</footer></body></html>",
        encoding="utf-8",
    )
    lines = write_briefing(project, extra_facts="- Subscribe now")
    path = project / BRIEFING
    path.write_text(path.read_text(encoding="utf-8").replace(ARTICLE, "articles/page.html"), encoding="utf-8")
    expected = [
        f'{BRIEFING}:{line_of(lines, "Subscribe now")}: key fact not found in articles/page.html: "Subscribe now"',
        f"{ARTICLE}:1: article has no briefing: run `build.py ingest` and commit it",
    ]
    assert problems(project) == expected  # cold, warm and without cache (see problems)
    assert cache_rows(project) == {"articles": 1, "briefings": 1}


class _Canary:
    """Unpickling this would create a file: the check cache must never unpickle."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_the_check_cache_holds_json_and_never_runs_a_planted_pickle(project: Path, monkeypatch, tmp_path: Path):
    import pickle

    monkeypatch.delenv("BRIEFKIT_NO_CACHE", raising=False)
    write_briefing(project, extra_facts="- Japan banned all exports.")
    expected = problems(project)
    cache_file = project / check_cache.CACHE_FILE
    with contextlib.closing(sqlite3.connect(cache_file)) as db:
        [(blob,)] = db.execute("SELECT facts FROM briefings").fetchall()
    facts = check.decode_facts(blob)
    assert facts is not None and check.encode_facts(facts) == blob  # JSON that decodes to what it holds
    assert any(label == "key fact" and "Japan banned" in text for _, label, text, _ in facts.claims)
    canary = tmp_path / "canary"
    planted = pickle.dumps(_Canary(str(canary)))
    pickle.loads(planted)  # the canary works...
    assert canary.exists()
    canary.unlink()
    with contextlib.closing(sqlite3.connect(cache_file)) as db, db:
        db.execute("UPDATE briefings SET facts = ?", (planted,))
    assert problems(project) == expected
    assert not canary.exists()  # ...and check never ran it
    wrong_types = re.sub(rb'"source_line":(\d+)', rb'"source_line":"\1"', blob)  # valid JSON, wrong shape
    assert wrong_types != blob and check.decode_facts(wrong_types) is None
