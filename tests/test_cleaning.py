"""Cleaning: pasted text and whole-page text become title, caption and body paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench import devset, scoring
from briefkit.cleaning import clean, text_units
from briefkit.errors import ArticleError
from briefkit.headline import normalize_title
from briefkit.html_page import parse_html, visible_text
from briefkit.model import Source
from briefkit.reading import read_source

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "articles" / "us-seeks-to-ease-dispute.txt"
EXPECTED = yaml.safe_load((REPO / "tests/data/example/us-seeks-to-ease-dispute.expected.yml").read_text())

LEDE = (
    "The government announced on Monday a new plan to cut emissions from power stations by half "
    "before the end of the decade, officials said."
)
SECOND = (
    "The plan, which needs the approval of parliament, would close the last coal plants by 2030 and "
    "double the money spent on wind and solar farms, according to the ministry."
)
LAST = "He declined to comment."


def cleaned(text: str, name: str = "article.txt"):
    return clean(Source(path=name, kind="text", sha256="0" * 64, text=text))


def test_example_title_caption_and_body():
    article = clean(read_source(EXAMPLE, EXAMPLE.name))
    assert article.title == EXPECTED["title"]
    assert article.caption == EXPECTED["caption"]
    assert len(article.paragraphs) == 1
    assert article.paragraphs[0].startswith(EXPECTED["summary_starts_with"])
    assert article.paragraphs[0].endswith("into the authoritarian state on June 30.")


def test_example_has_no_boilerplate_anywhere():
    article = clean(read_source(EXAMPLE, EXAMPLE.name))
    everything = "\n".join([article.title, article.caption or "", *article.paragraphs])
    for debris in EXPECTED["boilerplate"]:
        assert debris not in everything


DEBRIS = {
    "widget error": ["Oops!", "Something went wrong.", "Please try again later."],
    "advertisement": ["Advertisement", "Story continues below advertisement"],
    "share buttons": ["Share", "Tweet", "Share on Facebook", "Copy link", "Email", "Print"],
    "follow buttons": ["Follow us on Twitter", "Follow"],
    "cookie notice": [
        "We use cookies to give you the best experience. By continuing you accept our cookie policy."
    ],
    "subscription": [
        "Subscribe now",
        "Already a subscriber? Log in",
        "You have reached your limit of free articles",
    ],
    "newsletter": [
        "Sign up for our daily newsletter",
        "Get the top stories delivered to your inbox every morning.",
    ],
    "related list": ["Related stories:", "Read more: Coal plants face new rules", "Most read"],
    "read more": ["Read more", "Continue reading"],
    "byline": ["By Jane Smith", "By Jane Smith and Ali Khan, Reuters"],
    "comment policy": [
        "Our goal is to create a safe and engaging place for users to connect over interests and passions. "
        "In order to improve our community experience, we are temporarily suspending article commenting",
        "Comments are closed.",
    ],
}


@pytest.mark.parametrize("kind", sorted(DEBRIS))
def test_debris_before_inside_and_after_the_body_is_dropped(kind):
    debris = DEBRIS[kind]
    text = "\n".join(
        ["Government plans to halve emissions", "", *debris, "", LEDE, *debris, SECOND, "", *debris]
    )
    article = cleaned(text)
    assert article.title == "Government plans to halve emissions"
    assert article.paragraphs == [LEDE, SECOND]


def test_menu_lines_around_the_body_are_dropped():
    menu = ["Home", "World", "Business", "Politics", "Sport", "Opinion"]
    related = [
        "Coal plants face new rules in the north",
        "Wind farm approved after long delay",
        "Prices rise again",
    ]
    text = "\n".join([*menu, "Government plans to halve emissions", LEDE, SECOND, LAST, *related, *menu])
    article = cleaned(text)
    assert article.paragraphs == [LEDE, SECOND, LAST]
    assert article.title == "Government plans to halve emissions"


def test_short_paragraphs_and_subheadings_inside_the_body_are_kept():
    text = "\n\n".join(["Government plans to halve emissions", LEDE, "What happens next", SECOND, LAST])
    assert cleaned(text).paragraphs == [LEDE, "What happens next", SECOND, LAST]


def test_caption_between_title_and_body():
    caption = "The minister speaks to reporters outside parliament in the capital in March 2019"
    article = cleaned("\n".join(["Government plans to halve emissions", "", caption, "Share", "", LEDE]))
    assert article.caption == caption
    assert article.paragraphs == [LEDE]


def test_a_single_long_line_is_one_paragraph_and_hard_wrapped_lines_are_joined():
    wrapped = (
        "The government announced on Monday a new plan to cut emissions\n"
        "from power stations by half before the end of the decade, officials\n"
        "said on a call with reporters in the capital late in the evening.\n"
    )
    article = cleaned("Government plans to halve emissions\n\n" + wrapped + "\n" + LEDE + " " + SECOND)
    assert article.paragraphs == [" ".join(wrapped.split()), LEDE + " " + SECOND]


def test_header_lines():
    text = (
        "Title: Emissions plan unveiled\nDate: 2019-07-12\nSource: https://news.example.org/a/1\n"
        "Outlet: Example News\n\n" + LEDE
    )
    article = cleaned(text)
    assert article.title == "Emissions plan unveiled"
    assert (article.date, article.url, article.outlet) == (
        "2019-07-12",
        "https://news.example.org/a/1",
        "Example News",
    )
    assert article.date_evidence.startswith("Date: header line")
    assert article.paragraphs == [LEDE]


def test_a_header_line_look_alike_in_the_body_is_text():
    article = cleaned("Government plans to halve emissions\n\nNote: " + LEDE)
    assert article.paragraphs == ["Note: " + LEDE]


def test_file_name_date_and_header_date_wins():
    assert cleaned(LEDE, "2019-07-12-emissions.txt").date == "2019-07-12"
    assert cleaned(LEDE, "2019-07-12-emissions.txt").date_evidence == "file name"
    assert cleaned("Date: 2020-01-02\n\n" + LEDE, "2019-07-12-x.txt").date == "2020-01-02"
    assert cleaned(LEDE, "20190712-emissions.txt").date is None


def test_only_debris_is_an_error():
    with pytest.raises(ArticleError, match="no article text"):
        cleaned("Share\nTweet\nAdvertisement\n")


def test_text_units_keep_lines_of_whole_page_text_apart():
    assert text_units(["Home", "World", LEDE, "", SECOND]) == ["Home", "World", LEDE, SECOND]


# Whole-page text: every visible line of real devset pages; headlines written by hand in tests/data/annotated.
WHOLE_PAGES = ["06e5123e4ef7", "360c732d1fdb", "57d46c9d751e", "c90731f051d0", "7916ecca969f"]


@pytest.mark.parametrize("prefix", WHOLE_PAGES)
def test_whole_page_text_of_devset_pages(prefix):
    (page_id,) = [i for i in devset.page_ids() if i.startswith(prefix)]
    text = visible_text(parse_html(devset.page_html(page_id)))
    assert text.count("\n") > 40  # really the whole page: menus, footer and all
    article = cleaned(text, f"{page_id}.txt")
    assert scoring.f1(devset.ground_truth()[page_id]["articleBody"], "\n".join(article.paragraphs)) >= 0.85
    assert normalize_title(article.title) == normalize_title(devset.annotated_titles()[page_id])


def test_whole_page_text_of_a_japanese_page_finds_the_body():
    (page_id,) = [i for i in devset.page_ids() if i.startswith("85439e26c41c")]
    text = visible_text(parse_html(devset.page_html(page_id)))
    body = "\n".join(cleaned(text, f"{page_id}.txt").paragraphs)
    assert scoring.f1(devset.ground_truth()[page_id]["articleBody"], body) >= 0.85


def test_whole_page_text_body_f1_over_devset_subset():
    ids = devset.page_ids()[::4]
    counts = []
    for page_id in ids:
        text = visible_text(parse_html(devset.page_html(page_id)))
        try:
            body = "\n".join(cleaned(text, f"{page_id}.txt").paragraphs)
        except ArticleError:
            body = ""
        counts.append(scoring.document_counts(devset.ground_truth()[page_id]["articleBody"], body))
    assert scoring.precision_recall_f1(counts)[2] >= 0.82


def test_cleaning_is_deterministic():
    first = clean(read_source(EXAMPLE, EXAMPLE.name))
    second = clean(read_source(EXAMPLE, EXAMPLE.name))
    assert first == second


@pytest.mark.parametrize(
    "marker",
    ["34 responses to “Government plans to halve emissions”", "12 Comments", "Leave a Reply",
     "Ann Lee on September 12, 2018 at 4:47 pm said:"],
)  # fmt: skip
def test_the_body_ends_where_reader_comments_begin(marker):
    comment = "I think this plan is far too timid and the government should have acted years ago, frankly."
    text = "\n".join(["Government plans to halve emissions", LEDE, SECOND, marker, comment, comment])
    assert cleaned(text).paragraphs == [LEDE, SECOND]


def test_event_schedule_closing_the_article_is_kept():
    schedule = [
        "June 9 – Boca Vista, FL @ Pelican Amphitheatre",
        "June 10 – Lakewood, GA @ Civic Arena",
        "July 2 – Milltown, NJ @ Harbor Pavilion",
    ]
    text = "\n\n".join(["A Band Announces Tour", LEDE, SECOND, "Tour Dates", *schedule, "Share this article"])
    assert cleaned(text).paragraphs == [LEDE, SECOND, *schedule]


def test_schedule_with_double_dashes_and_venue_first_is_kept():
    schedule = [
        "June 9 -- Pelican Amphitheatre, Boca Vista, FL",
        "June 14 -- Lakeside Bank Amphitheatre (Formerly Verizon Amphitheatre), Lakewood, GA",
        "June 27 -- BB&T Pavilion, Milltown, NJ",
        "Aug. 14 -- Casino Amphitheatre – St. Louis, St. Louis, MO",
    ]
    text = "\n\n".join(["A Band Announces Tour", LEDE, SECOND, "The 2020 tour dates:", *schedule])
    assert cleaned(text).paragraphs == [LEDE, SECOND, "The 2020 tour dates:", *schedule]


def test_two_date_lines_after_the_body_are_not_a_schedule():
    text = "\n\n".join(["A Headline Here", LEDE, SECOND, "June 9 – Boca Vista, FL", "June 10 – Lakewood, GA"])
    assert cleaned(text).paragraphs == [LEDE, SECOND]


@pytest.mark.parametrize("name", ["boilerplate.txt", "comment_markers.txt"])
def test_the_guarded_alternation_matches_exactly_what_its_patterns_match(name):
    """any_pattern tries the patterns that open with a run of any characters only on lines that
    hold a word they need: on every line, the answer is still "does one of the patterns match"."""
    import re

    from briefkit.data import load_patterns
    from briefkit.page_text import any_pattern

    patterns = load_patterns(name)
    combined = any_pattern(patterns)
    lines = [
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "WE USE COOKIES. ACCEPT ALL?",
        "We uſe cookieſ on this ſite, accept them",  # long s matches s case-insensitively
        "Our goal is to create a safe and engaging place for users to connect over interests.",
        "\u0130n this art\u0131cle:",
        "Read our comment policy before posting anything at all here",
        "Copyright 2019 Example Corp. All rights reserved.",
        "12 Comments",
        "Ann on May 2 said:",
        "5 min read",
        "Please enable JavaScript to view the comments.",
        "Sign up for our daily newsletter, delivered to your inbox",
        "The council voted on Tuesday to close the bridge, a decision that comments cannot change.",
        "",
    ]
    for pid in devset.page_ids()[:40]:
        lines.extend(line.strip() for line in devset.ground_truth()[pid]["articleBody"].splitlines() if line.strip())
    for line in lines:
        expected = any(p.fullmatch(line) for p in patterns)
        assert bool(combined.fullmatch(line)) == expected, line
        assert bool(re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I).fullmatch(line)) == expected


def test_needed_words_of_a_pattern():
    import re

    from briefkit.page_text import needed_words

    assert needed_words(re.compile(r".{0,200}\bcookies?\b.{0,200}")) == ["cookie"]
    assert needed_words(re.compile(r".{0,9}(?:alpha|beta) gamma(?: delta)?")) == [" gamma"]
    assert needed_words(re.compile(r".{0,9}(?:alpha|beta)x?")) == ["alpha", "beta"]
    assert needed_words(re.compile(r".{0,9}(?:alpha|b)")) is None  # "b" is too short to guard
    assert needed_words(re.compile(r".{0,9}(?:alpha)?")) is None  # optional
