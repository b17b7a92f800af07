"""The briefing date: exact from metadata, otherwise never more precise than the text proves.

Small synthetic articles pin each rule of briefkit/annotation/dates.py; the
devset (181 real pages, ground-truth text) checks that no real article gets a
day or a year the text does not state.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefkit import annotation
from briefkit.annotation import dates
from briefkit.annotation.date_mentions import date_string, find_dates
from briefkit.annotation.document import Document
from briefkit.model import Annotations, Article

REPO = Path(__file__).resolve().parent.parent
GROUND_TRUTH = REPO / "tests" / "data" / "devset" / "ground-truth.json"


def annotate(*paragraphs: str, caption: str | None = None, date: str | None = None) -> Annotations:
    """The whole annotation stage on a small article."""
    return annotation.annotate(article_of(paragraphs, caption, date))


def date_of(paragraphs: list[str]) -> Annotations:
    """The date annotator alone (it needs no other annotator), on a real article."""
    article = article_of(paragraphs, None, None)
    ann = Annotations()
    dates.annotate(Document.from_article(article), ann)
    return ann


def article_of(paragraphs, caption: str | None, date: str | None) -> Article:
    return Article(
        path="t.txt",
        kind="text",
        sha256="0",
        title="t",
        paragraphs=list(paragraphs),
        caption=caption,
        date=date,
        date_evidence="file name" if date else None,
    )


def devset_bodies() -> dict[str, list[str]]:
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    bodies = {}
    for key, value in sorted(truth.items()):
        paragraphs = [p.strip() for p in value["articleBody"].split("\n") if p.strip()]
        if paragraphs:
            bodies[key] = paragraphs
    return bodies


# --- date mentions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump walked across the border on June 30.", ["2019-06-30"]),
        ("The photo was taken in March 2019.", ["2019-03"]),
        ("forced laborers from Japan's 1910-1945 rule", ["1910-1945"]),
        ("Tokyo signed a treaty in 1965 to establish relations", ["1965"]),
        ("tariffs imposed on Sept. 1, as well as", ["2019-09-01"]),
        ("the September 11, 2001 attacks", ["2001-09-11"]),
        ("on 30 June 2018 the court", ["2018-06-30"]),
        ("between 1939 and 1945", ["1939-1945"]),
        ("In May, NASA awarded orders", ["2019-05"]),
        ("The dispute dates back to a 1962 war.", ["1962"]),
    ],
)
def test_date_mentions_are_read_as_written(text: str, expected: list[str]) -> None:
    assert [date_string(m, 2019) for m in find_dates(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "WeWork's 2025 bond has weakened sharply",  # a bond's name, not a date
        "ahead of the 2020 budget talks",  # an adjective, not a date
        "It costs $2019 a month.",
        "The team met on Thursday.",  # a weekday never says which week
        "He may 5 times have said so.",  # lower-case 'may' is not a month
        "The index rose 2019 points.",
    ],
)
def test_numbers_and_weekdays_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_year_less_day_has_no_year_without_a_story_year() -> None:
    (mention,) = find_dates("The company shelved its plans on September 30.")
    assert mention.year is None
    assert date_string(mention) == "09-30"
    assert date_string(find_dates("in March")[0]) is None


# --- the date rules ----------------------------------------------------------------


def test_metadata_date_is_used_exactly() -> None:
    ann = annotate("The minister resigned on June 30, 2018.", date="2019-07-11")
    assert (ann.date, ann.date_precision, ann.date_evidence) == ("2019-07-11", "day", "file name")


def test_caption_month_and_later_day_give_the_year_not_the_day() -> None:
    ann = annotate(
        "The talks resumed Thursday after the summit on June 30.",
        caption="The ministers meet in Washington in March 2019",
    )
    assert (ann.date, ann.date_precision) == ("2019", "year")
    assert "after June 30 2019" in ann.date_evidence
    assert "March 2019 in caption" in ann.date_evidence


def test_a_weekday_alone_proves_nothing() -> None:
    ann = annotate("The United States promised Thursday to ease tensions.")
    assert (ann.date, ann.date_precision) == (None, "unknown")


def test_an_old_year_is_a_lower_bound_not_the_story_year() -> None:
    ann = annotate("He was convicted of criminal mischief in 1998 and was barred from owning a gun.")
    assert (ann.date, ann.date_precision) == (None, "unknown")
    assert "1998" in ann.date_evidence


def test_future_dates_are_not_evidence() -> None:
    ann = annotate(
        "The plant will open in 2030, the company said on May 3.",
        caption="Workers at the site in February 2019",
    )
    assert ann.date is None or not ann.date.startswith("2030")


def test_this_month_next_to_a_day_gives_the_month() -> None:
    ann = annotate(
        "Earlier this month, on July 3, the court ruled against the firm.",
        caption="The court building in Seoul in May 2019",
    )
    assert (ann.date, ann.date_precision) == ("2019-07", "month")
    assert "this month" in ann.date_evidence


def test_last_month_next_to_a_month_gives_the_following_month() -> None:
    ann = annotate(
        "Last month, on June 12, the court ruled against the firm.",
        caption="The court building in Seoul in May 2019",
    )
    assert (ann.date, ann.date_precision) == ("2019-07", "month")


def test_dateline_with_year_gives_the_day() -> None:
    ann = annotate("WASHINGTON, July 11, 2019 (Reuters) - The United States promised to help.")
    assert (ann.date, ann.date_precision) == ("2019-07-11", "day")
    assert ann.date_evidence.startswith("dateline")


def test_dateline_without_any_year_claims_nothing() -> None:
    ann = annotate("WASHINGTON, July 11 (Reuters) - The United States promised to help.")
    assert (ann.date, ann.date_precision) == (None, "unknown")


def test_distant_month_year_does_not_give_its_year_to_later_days() -> None:
    # Measured on the devset (latimes, November 2019): "That deal closed in June 2018"
    # and, in other paragraphs, "Oct. 31" and "Nov. 14" of 2019.
    ann = annotate(
        "Gannett said on Nov. 14 that the deal would close soon.",
        "That deal closed in June 2018; the firm remains a shareholder.",
        "The vote was held on Oct. 31.",
    )
    assert (ann.date, ann.date_precision) == (None, "unknown")


# --- real articles ---------------------------------------------------------------


def test_devset_dates_never_claim_more_than_the_text_states() -> None:
    claimed = 0
    for key, paragraphs in devset_bodies().items():
        ann = date_of(paragraphs)
        text = "\n".join(paragraphs)
        if ann.date is None:
            assert ann.date_precision == "unknown", key
            continue
        claimed += 1
        assert ann.date[:4] in text, key  # the year is written in the article
        if ann.date_precision == "day":
            assert ann.date_evidence.startswith("dateline"), key
        assert ann.date_precision == {4: "year", 7: "month", 10: "day"}[len(ann.date)], key
    # Most of these pages state no year near a year-less date: unknown is the honest answer.
    assert claimed <= 10


def test_date_evidence_says_where_the_date_came_from() -> None:
    for key, paragraphs in list(devset_bodies().items())[:60]:
        ann = date_of(paragraphs)
        if ann.date_evidence:
            assert re.search(r"in (text|caption)|dateline", ann.date_evidence), key
