"""Summary, key facts, background and timeline.

Every point of the example's expected.yml for these fields is checked on the
shipped article through the real pipeline (read -> clean -> annotate), and once
more in the briefing file as `build.py show --json` parses it. Real devset
articles (ground-truth text) check the general contracts: facts and background
are verbatim sentences, never quotes, never debris; timelines are well formed
and oldest first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_cli

from briefkit import annotation, cleaning, reading
from briefkit.annotation import background, dates, facts, summary, timeline
from briefkit.annotation.document import Document
from briefkit.annotation.sentence_features import quoted_share
from briefkit.model import Annotations, Article

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "articles" / "us-seeks-to-ease-dispute.txt"
EXPECTED = REPO / "tests" / "data" / "example" / "us-seeks-to-ease-dispute.expected.yml"
GROUND_TRUTH = REPO / "tests" / "data" / "devset" / "ground-truth.json"
ANNOTATED = REPO / "tests" / "data" / "annotated"
DATE_FORM = re.compile(r"^(\d{4}(-\d{4}|-\d{2}(-\d{2})?)?|\d{2}-\d{2})$")


@pytest.fixture(scope="module")
def example() -> Annotations:
    source = reading.read_source(EXAMPLE, "articles/us-seeks-to-ease-dispute.txt")
    return annotation.annotate(cleaning.clean(source))


@pytest.fixture(scope="module")
def expected() -> dict:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


def mentions_all(text: str, words: list[str]) -> bool:
    return all(str(word).lower() in text.lower() for word in words)


# --- the example, point by point ------------------------------------------------------


def test_example_date_is_the_year_or_month_never_the_day(example: Annotations, expected: dict) -> None:
    rule = expected["date"]
    assert example.date_precision in rule["precision_allowed"]
    assert example.date[:4] == str(rule["year"])
    if example.date_precision == "month":
        assert int(example.date[5:7]) == rule["month_if_given"]
    assert "June 30" in example.date_evidence


def test_example_summary_is_the_lede(example: Annotations, expected: dict) -> None:
    assert example.summary.startswith(expected["summary_starts_with"])
    for debris in expected["boilerplate"]:
        assert debris not in example.summary
    assert "March 2019" not in example.summary  # never the caption


def test_example_background_names_the_roots(example: Annotations, expected: dict) -> None:
    assert 1 <= len(example.background) <= 4
    for point in expected["background"]:
        assert any(mentions_all(item, point["must_mention"]) for item in example.background), point


def test_example_key_facts(example: Annotations, expected: dict) -> None:
    rule = expected["key_facts"]
    assert 3 <= len(example.key_facts) <= 6
    for point in rule["must_include"]:
        assert any(mentions_all(fact, point["must_mention"]) for fact in example.key_facts), point
    for fact in example.key_facts:
        for word in rule["must_not_mention"] + expected["boilerplate"]:
            assert word not in fact
        assert quoted_share(fact) <= 0.3, fact


def test_example_timeline_points_oldest_first(example: Annotations, expected: dict) -> None:
    events = example.timeline
    positions = []
    for point in expected["timeline"]:
        when = point["when"]
        found = [
            i
            for i, event in enumerate(events)
            if (event.date.startswith(when) or event.date.endswith(when))
            and mentions_all(event.event, point["mentions"])
        ]
        assert found, point
        positions.append(found[0])
    assert positions == sorted(positions)
    assert [e.date for e in events if e.date.endswith("06-30")] == ["2019-06-30"]  # year from the story date


def test_example_sections_are_verbatim(example: Annotations) -> None:
    article = cleaning.clean(reading.read_source(EXAMPLE))
    body = "\n".join(article.paragraphs)
    for text in [example.summary, *example.key_facts, *example.background]:
        assert text in body
    for event in example.timeline:
        assert event.event in body or event.event in article.caption


def test_example_sections_in_the_briefing_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli(project, "ingest", "--force", check=True)
    shown = json.loads(
        run_cli(project, "show", "briefings/us-seeks-to-ease-dispute.md", "--json", check=True).stdout
    )
    (briefing,) = shown
    assert briefing["meta"]["date"] == "2019" and briefing["meta"]["date_precision"] == "year"
    assert briefing["meta"]["summary"].startswith("The United States promised Thursday")
    assert any("two-thirds" in fact for fact in briefing["key_facts"])
    assert any("1965" in item for item in briefing["background"])
    assert [e["date"] for e in briefing["timeline"]] == ["1910-1945", "1965", "2019-03", "2019-06-30"]


# --- general rules on small texts ------------------------------------------------


def annotate_mine(paragraphs: list[str], caption: str | None = None) -> Annotations:
    """The annotators of this area, in pipeline order, on an article."""
    article = Article(
        path="t.txt", kind="text", sha256="0", title="t", paragraphs=paragraphs, caption=caption
    )
    doc = Document.from_article(article)
    ann = Annotations()
    for module in (summary, dates, facts, background, timeline):
        module.annotate(doc, ann)
    return ann


def test_summary_skips_a_line_that_is_not_prose() -> None:
    ann = annotate_mine(
        ["Photo: Reuters", "The central bank raised rates by half a point on Tuesday. It was the third rise."]
    )
    assert ann.summary == "The central bank raised rates by half a point on Tuesday. It was the third rise."


def test_quotes_and_opinion_are_not_key_facts() -> None:
    ann = annotate_mine(
        [
            "The council approved a $3 million budget for new schools on Monday.",
            '"This is the best day for our city and we will build 12 schools," the mayor said.',
            "Parents think the plan is very good and should be copied.",
            "Construction will start in March and 400 workers will be hired.",
            "The budget passed by seven votes to two.",
        ]
    )
    assert "The council approved a $3 million budget for new schools on Monday." in ann.key_facts
    assert "The budget passed by seven votes to two." in ann.key_facts
    assert not any(fact.startswith('"') or "think" in fact for fact in ann.key_facts)


def test_history_goes_to_background_not_facts() -> None:
    ann = annotate_mine(
        [
            "The two countries signed a trade deal worth $2 billion on June 3.",
            "Officials said 40 tariffs would be removed by the end of the year.",
            "The border dispute dates back to a 1962 war that neither side won.",
            "Relations had been frozen since a treaty signed in 1975 collapsed.",
            "Trade rose 12% last year.",
        ],
        caption="The leaders meet in Delhi in May 2021",
    )
    assert ann.date == "2021"
    assert ann.background and all("1962" in item or "1975" in item for item in ann.background)
    assert not any("1962" in fact or "1975" in fact for fact in ann.key_facts)
    assert [e.date for e in ann.timeline][:2] == ["1962", "1975"]


def test_year_less_day_without_story_year_stays_month_day() -> None:
    ann = annotate_mine(["The company shelved its listing on September 30 after investors balked."])
    assert [e.date for e in ann.timeline] == ["09-30"]


# --- real articles ---------------------------------------------------------------


def devset_articles(limit: int = 40) -> list[tuple[str, list[str]]]:
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    annotated = sorted(p.stem for p in ANNOTATED.glob("*.yml"))
    keys = annotated + [k for k in sorted(truth) if k not in annotated]
    articles = []
    for key in keys[:limit]:
        paragraphs = [p.strip() for p in truth[key]["articleBody"].split("\n") if p.strip()]
        if paragraphs:
            articles.append((key, paragraphs))
    return articles


@pytest.mark.parametrize(
    ("key", "paragraphs"), devset_articles(), ids=lambda v: v[:10] if isinstance(v, str) else ""
)
def test_devset_sections_are_verbatim_and_not_quotes(key: str, paragraphs: list[str]) -> None:
    ann = annotate_mine(paragraphs)
    body = "\n".join(paragraphs)
    assert ann.summary in body and ann.summary
    assert len(ann.key_facts) <= 6 and len(ann.background) <= 4
    for text in ann.key_facts + ann.background:
        assert text in body, text
        assert quoted_share(text) <= 0.3, text
        assert not text.lstrip().startswith(('"', "“")), text
    assert not set(ann.key_facts) & set(ann.background)
    order = [body.index(t) for t in ann.key_facts]
    assert order == sorted(order)
    for event in ann.timeline:
        assert DATE_FORM.match(event.date), event
        assert event.event in body, event
    years = [e.date[:4] for e in ann.timeline if not re.match(r"^\d{2}-\d{2}$", e.date)]
    assert years == sorted(years)
