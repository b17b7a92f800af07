"""The site's building blocks, without MkDocs: dates, pages, names, claim links, feeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefkit.briefing import parse
from briefkit.site.article_links import render_briefing_body
from briefkit.site.collection import Collection, http_url
from briefkit.site.dates import display_date, iso_timestamp, machine_date, sort_key, year_of
from briefkit.site.feeds import FEED_SIZE, SiteInfo, atom_feed, json_feed
from briefkit.site.markdown import body_of, render_markdown
from briefkit.site.pages import PER_PAGE, generated_pages, home_pages
from briefkit.site.taxonomy import KINDS, build_taxonomy
from briefkit.site.timeline import dated_events, group_by_year

FIXTURES = Path(__file__).parent / "data" / "briefings"
ATOM = "{http://www.w3.org/2005/Atom}"


def briefing_text(title: str, date: str | None = "2019-07-01", body: str = "", **meta: object) -> str:
    import yaml

    front = {"title": title, "date": date, "summary": f"Summary of {title}.", **meta}
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + body


def collection_of(texts: dict[str, str]) -> Collection:
    collection = Collection()
    for name, text in texts.items():
        collection.add(name, text)
    return collection


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2019-06-30", "30 June 2019"),
        ("2019-07", "July 2019"),
        ("2019", "2019"),
        ("1910-1945", "1910–1945"),
        ("06-30", "06-30"),
        (None, ""),
        ("2019-13", "2019"),
    ],
)
def test_dates_are_shown_at_their_precision(value, shown):
    assert display_date(value) == shown


def test_date_helpers_for_sorting_feeds_and_html():
    dates = ["2019-06-30", "1910-1945", "2019", "2019-06", "1889"]
    assert sorted(dates, key=sort_key) == ["1889", "1910-1945", "2019", "2019-06", "2019-06-30"]
    assert year_of("1910-1945") == "1910" and year_of("06-30") is None
    assert iso_timestamp("2019-07") == "2019-07-01T00:00:00Z" and iso_timestamp("soon") is None
    assert machine_date("1910-1945") == "1910" and machine_date("2019-07") == "2019-07"


def test_only_http_links_are_kept():
    assert http_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "JaVaScRiPt:alert(1)",
        "//evil.example",
        "",
        None,
        "ftp://x",
    ):
        assert http_url(bad) is None


def test_home_is_paginated_newest_first():
    texts = {
        f"b{i:02}.md": briefing_text(f"B{i}", f"2019-{1 + i % 12:02}-{1 + i % 28:02}") for i in range(45)
    }
    collection = collection_of(texts)
    pages = home_pages(collection, build_taxonomy(collection))
    assert [p.src_uri for p in pages] == ["index.md", "page/2/index.md", "page/3/index.md"]
    assert [len(p.context["listing"]) for p in pages] == [PER_PAGE, PER_PAGE, 5]
    dates = [row["entry"].date for p in pages for row in p.context["listing"]]
    assert dates == sorted(dates, reverse=True)
    assert pages[0].context["pager"]["previous"] is None and pages[0].context["pager"]["next"] == "page/2/"
    assert pages[1].context["pager"]["previous"] == "" and pages[2].context["pager"]["next"] is None


def test_every_kind_has_an_index_and_a_page_per_name():
    collection = collection_of(
        {
            "a.md": briefing_text(
                "A",
                countries=["South Korea", "Japan"],
                people=[{"name": "Kang Kyung-wha", "role": "Foreign Minister"}],
                organizations=["State Department"],
                topics=["politics"],
            ),
            "b.md": briefing_text("B", "2020", countries=["Japan"]),
        }
    )
    pages = {p.src_uri: p for p in generated_pages(collection, build_taxonomy(collection))}
    for kind in KINDS:
        assert f"{kind.folder}/index.md" in pages
    assert {
        "countries/japan/index.md",
        "countries/south-korea/index.md",
        "people/kang-kyung-wha/index.md",
        "organizations/state-department/index.md",
        "topics/politics/index.md",
        "timeline/index.md",
    } <= set(pages)
    japan = pages["countries/japan/index.md"]
    assert [row["entry"].title for row in japan.context["listing"]] == ["B", "A"]
    assert [t.name for t in pages["countries/index.md"].context["terms"]] == ["Japan", "South Korea"]


def test_names_with_the_same_slug_get_stable_distinct_pages():
    collection = collection_of({"a.md": briefing_text("A", people=["Kim Jong-un", "Kim Jong Un", "Page"])})
    terms = build_taxonomy(collection).terms["people"]
    assert {terms["Kim Jong Un"].url, terms["Kim Jong-un"].url} == {
        "people/kim-jong-un/",
        "people/kim-jong-un-2/",
    }
    assert terms["Page"].url == "people/page-2/"  # people/page/2/ is the index's second page


def test_timeline_is_oldest_first_grouped_by_year_and_skips_events_without_a_year():
    body = (
        "## Timeline\n\n- **2019-06-30**: Trump crosses.\n- **1965**: Treaty.\n"
        "- **06-30**: No year.\n- **1910-1945**: Rule.\n"
    )
    collection = collection_of({"a.md": briefing_text("A", body=body)})
    events = dated_events(collection)
    assert [e.date for e in events] == ["1910-1945", "1965", "2019-06-30"]
    assert [year for year, _ in group_by_year(events)] == ["1910", "1965", "2019"]


ARTICLE = (
    "The text says \\<b\\> one thing. Samsung and SK Hynix make two-thirds of chips. "
    'Kang said "it harms us," then left.'
)


def test_claims_link_to_their_sentences_in_the_article():
    body = (
        "## Background\n\n> [!NOTE]\n> The text says \\<b\\> one thing.\n\n## Key facts\n\n"
        '- Samsung and SK Hynix make two-thirds of chips.\n\n## Quotes\n\n- "it harms us," — Kang\n\n'
        f"## Article\n\n{ARTICLE}\n"
    )
    briefing = parse(briefing_text("A", body=body)).briefing
    html = render_briefing_body(body, briefing)
    assert '<span class="claim" id="background-1">The text says &lt;b&gt; one thing.</span>' in html
    assert '<span class="claim" id="fact-1">Samsung and SK Hynix make two-thirds of chips.</span>' in html
    assert '&quot;<span class="claim" id="quote-1">it harms us,</span>&quot;' in html
    for anchor in ("background-1", "fact-1", "quote-1"):
        assert html.count(f'href="#{anchor}"') == 1
    assert "<b>" not in html and '<h2 id="key-facts" data-pagefind-ignore="">' in html


def test_claims_add_nothing_but_anchors_and_links_to_markdown_it_html():
    for path in sorted(FIXTURES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        html = render_briefing_body(body_of(text), parse(text).briefing)
        assert 'class="cite"' in html, path.name
        assert strip_site_additions(html) == render_markdown(body_of(text)), path.name


def strip_site_additions(html: str) -> str:
    """The HTML without what article_links adds: heading ids, search-ignore marks, claim spans, cite links."""
    html = re.sub(r'<h2 id="[a-z0-9-]+" data-pagefind-ignore="">', "<h2>", html)
    html = html.replace('<p class="markdown-alert-title" data-pagefind-ignore="">', '<p class="markdown-alert-title">')
    html = re.sub(r' <a class="cite" href="#[a-z]+-\d+" data-pagefind-ignore>in the article</a>', "", html)
    return re.sub(r'<span class="claim" id="[a-z]+-\d+">|</span>', "", html)


def test_a_claim_missing_from_the_article_gets_no_link():
    body = "## Key facts\n\n- Not in the article.\n\n## Article\n\nSomething else.\n"
    html = render_briefing_body(body, parse(briefing_text("A", body=body)).briefing)
    assert "cite" not in html and "claim" not in html


HOSTILE = '<script>alert("x")</script> & ]]> \x0b "quoted"'


def test_feeds_escape_article_text_and_carry_the_newest_first():
    texts = {
        f"b{i:02}.md": briefing_text(
            f"{HOSTILE} {i}", f"2019-{1 + i // 28:02}-{1 + i % 28:02}", topics=["politics"]
        )
        for i in range(FEED_SIZE + 5)
    }
    newest = collection_of(texts).newest_first()
    site = SiteInfo("Briefings", "https://example.github.io/repo/", "Desc")
    atom = ET.fromstring(atom_feed(newest, site).encode())
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == FEED_SIZE
    assert entries[0].find(f"{ATOM}title").text == '<script>alert("x")</script> & ]]>  "quoted" 54'
    assert entries[0].find(f"{ATOM}id").text == "https://example.github.io/repo/b54/"
    assert atom.find(f"{ATOM}updated").text == "2019-02-27T00:00:00Z"  # b54: 1 + 54 // 28, 1 + 54 % 28
    assert entries[0].find(f"{ATOM}published").text == "2019-02-27T00:00:00Z"
    feed = json.loads(json_feed(newest, site))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and len(feed["items"]) == FEED_SIZE
    assert feed["items"][0]["title"] == f"{HOSTILE} 54" and feed["items"][0]["tags"] == ["politics"]
