"""The built reader's site (the example plus the fixture briefings), read as files.

Built once by `build.py build` with site_url https://example.github.io/repo/.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import READER_SITE_URL, SITE_FIXTURES, run_cli
from test_site_units import strip_site_additions

from briefkit.site.markdown import body_of, render_markdown

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWEST_FIRST = [
    "emirates-boeing-order",  # 2019-11-20 (three that day: slugs in reverse order)
    "bolivia-morales-protests",
    "afghanistan-helicopter-crash",
    "hitler-house-police-station",  # 2019-11-19
    "wework-investigated",  # 2019-11-18
    "alibaba-hong-kong-listing",  # 2019-11
    "deportees-return-home",  # 2019-10
    "us-seeks-to-ease-dispute",  # 2019 (the example)
    "us-china-trade-deal",  # 2019
    "nigeria-senate-adjourns",  # 2018-10-09
]


@pytest.fixture(scope="module")
def site(reader_site: Path) -> Path:
    return reader_site / "site"


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def body_html(page: str) -> str:
    start = page.index('<div class="briefing-body">\n') + len('<div class="briefing-body">\n')
    end = page.rindex("\n  </div>", start, page.index("</article>"))
    return page[start:end]


def test_generated_pages_exist_and_nothing_is_written_into_briefings(site: Path, reader_site: Path):
    for path in [
        "index.html", "404.html", "robots.txt", "feed.xml", "feed.json", "sitemap.xml", "timeline/index.html",
        "countries/index.html", "countries/austria/index.html", "countries/china/index.html",
        "people/index.html", "people/wolfgang-peschorn/index.html", "organizations/index.html",
        "organizations/european-union/index.html", "topics/index.html", "topics/politics/index.html",
    ]:  # fmt: skip
        assert (site / path).is_file(), path
    shipped = {p.name for p in (SITE_FIXTURES.parent.parent.parent / "briefings").glob("*.md")}
    expected = shipped | {p.name for p in SITE_FIXTURES.glob("*.md")}
    assert {p.name for p in (reader_site / "briefings").iterdir()} == expected


def test_home_lists_briefings_newest_first_with_dates_at_their_precision(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    slugs = re.findall(r'<h2><a href="([a-z0-9-]+)/">', home)
    assert slugs == NEWEST_FIRST
    for shown in ("20 November 2019", "November 2019", "October 2019", ">2019<", "9 October 2018"):
        assert shown in home
    assert '<a href="countries/austria/">Austria</a>' in home
    assert "Three people have died during protests in Bolivia" in home  # a summary


def test_briefing_body_is_what_markdown_it_renders(site: Path, reader_site: Path):
    for source in sorted((reader_site / "briefings").glob("*.md")):
        page = (site / source.stem / "index.html").read_text(encoding="utf-8")
        expected = render_markdown(body_of(source.read_text(encoding="utf-8")))
        assert strip_site_additions(body_html(page)) == expected, source.name


def test_background_alert_renders_as_a_box(site: Path):
    page = (site / "hitler-house-police-station" / "index.html").read_text(encoding="utf-8")
    heading = '<h2 id="background" data-pagefind-ignore="">Background</h2>'
    assert heading + '\n<div class="markdown-alert markdown-alert-note">' in page
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"\.markdown-alert \{([^}]*)\}", css).group(1)
    assert "background:" in rule and "border-left:" in rule


def test_briefing_page_has_source_tags_claim_links_and_edit_link(site: Path):
    page = (site / "hitler-house-police-station" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2019-11-19">19 November 2019</time>' in page
    assert (
        'href="https://www.nbcnews.com/news/world/house-hitler-was-born-will-become-police-station-' in page
    )
    person = '<a href="../people/wolfgang-peschorn/">Wolfgang Peschorn</a>'
    assert f'{person} <span class="role">(Interior Minister)</span>' in page
    assert '<a href="../topics/crime-law-and-justice/">crime, law and justice</a>' in page
    for anchor in ("background-1", "background-2", "fact-1", "fact-4", "quote-1"):
        assert f'<a class="cite" href="#{anchor}" data-pagefind-ignore>in the article</a>' in page
        assert f'<span class="claim" id="{anchor}">' in page
    edit = "https://github.com/example/briefings/edit/main/briefings/hitler-house-police-station.md"
    assert f'<a class="edit" href="{edit}"' in page


def test_only_briefing_pages_carry_the_search_body(site: Path, reader_site: Path):
    briefings = {p.stem for p in (reader_site / "briefings").glob("*.md")}
    for path in html_pages(site):
        is_briefing = path.parent.name in briefings and path.parent.parent == site
        assert ("data-pagefind-body" in path.read_text(encoding="utf-8")) == is_briefing, path


def test_sharing_tags_and_canonical_links(site: Path):
    page = (site / "hitler-house-police-station" / "index.html").read_text(encoding="utf-8")
    url = READER_SITE_URL + "hitler-house-police-station/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta property="og:description" content="VIENNA — The house where Adolf Hitler' in page


def test_timeline_page_is_oldest_first_by_year(site: Path):
    page = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    years = re.findall(r'<h2 id="year-(\d{4})">', page)
    assert years == sorted(years) and years[0] == "1889" and "2019" in years
    assert '<a class="from" href="../hitler-house-police-station/">' in page
    assert "Singh Jabarjung boards a flight" not in page  # "05-15": no year, not placed


def test_feeds_parse_and_start_with_the_latest_briefing(site: Path):
    atom = ET.parse(site / "feed.xml").getroot()
    first = atom.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}id").text == READER_SITE_URL + NEWEST_FIRST[0] + "/"
    assert first.find(f"{ATOM}title").text.startswith("Emirates inks $9 billion order")
    assert atom.find(f"{ATOM}updated").text == "2019-11-20T00:00:00Z"
    assert len(atom.findall(f"{ATOM}entry")) == len(NEWEST_FIRST)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert [item["url"] for item in feed["items"]] == [READER_SITE_URL + s + "/" for s in NEWEST_FIRST]


def test_sitemap_lists_every_page_with_briefing_dates(site: Path):
    root = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text for u in root}
    pages = {
        READER_SITE_URL + str(p.parent.relative_to(site)).replace(".", "") + "/" for p in html_pages(site)
    }
    pages = {u.replace("repo//", "repo/") for u in pages if not u.endswith("404/")}
    assert set(lastmod) == {u for u in pages if "404" not in u}
    assert lastmod[READER_SITE_URL + "alibaba-hong-kong-listing/"] == "2019-11-01"  # month: its first day
    assert lastmod[READER_SITE_URL] == "2019-11-20"  # the newest briefing, never the build's clock
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {READER_SITE_URL}sitemap.xml" in robots


def test_404_page_links_are_absolute_from_the_site_path(site: Path):
    page = (site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert links and "/repo/assets/site.css" in links
    for link in links:
        assert link.startswith(("/repo/", "https://", "#")), link


def test_same_briefings_build_byte_identical_sites(reader_site: Path, tmp_path: Path):
    copy = tmp_path / "again"
    shutil.copytree(
        reader_site, copy, ignore=lambda folder, names: ["site"] if folder == str(reader_site) else []
    )
    assert (copy / "briefkit" / "site").is_dir() and not (copy / "site").exists()
    run_cli(copy, "build", "--no-ingest", check=True, env={"SITE_URL": READER_SITE_URL})
    first = {
        p.relative_to(reader_site / "site"): p.read_bytes()
        for p in (reader_site / "site").rglob("*")
        if p.is_file()
    }
    second = {p.relative_to(copy / "site"): p.read_bytes() for p in (copy / "site").rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(p) for p in sorted(first) if first[p] != second[p]] == []


HOSTILE_BRIEFING = """---
title: '<script>alert("title")</script> & <b>bold</b>'
date: '2021-02-03'
summary: '"><img src=x onerror=alert(1)>'
source: {url: 'javascript:alert(1)', outlet: '<i>Outlet</i>'}
countries: ['<svg onload=alert(1)>']
people: [{name: 'Eve </span><script>x()</script>', role: '"><b>'}]
topics: [politics]
---

## Key facts

- Eve said \\<script\\>x()\\</script\\> twice.

## Article

Eve said \\<script\\>x()\\</script\\> twice.
"""


def test_hostile_briefing_text_is_escaped_everywhere(empty_project: Path):
    (empty_project / "briefings" / "hostile.md").write_text(HOSTILE_BRIEFING, encoding="utf-8")
    run_cli(empty_project, "build", "--no-ingest", check=True, env={"SITE_URL": READER_SITE_URL})
    site = empty_project / "site"
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for raw in (
            "<script>alert",
            "<script>x()",
            "<img src=x",
            "<svg onload",
            "<b>bold",
            "<i>Outlet",
            "javascript:",
        ):
            assert raw not in text, (path, raw)
    page = (site / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert '<span class="claim" id="fact-1">Eve said &lt;script&gt;x()&lt;/script&gt; twice.</span>' in page
    assert "Source: &lt;i&gt;Outlet&lt;/i&gt;" in page  # the outlet, without a link
    atom = ET.parse(site / "feed.xml").getroot()
    assert atom.find(f"{ATOM}entry/{ATOM}title").text == '<script>alert("title")</script> & <b>bold</b>'


def test_month_and_year_dates_outside_the_epoch_still_build(empty_project: Path):
    for slug, date in (("newest", "2031-05"), ("oldest", "1950"), ("undated", None)):
        text = f"---\ntitle: {slug}\ndate: {json.dumps(date)}\n---\n\n## Article\n\nText of {slug}.\n"
        (empty_project / "briefings" / f"{slug}.md").write_text(text, encoding="utf-8")
    run_cli(empty_project, "build", "--no-ingest", check=True, env={"SITE_URL": READER_SITE_URL})
    root = ET.parse(empty_project / "site" / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text for u in root}
    assert lastmod[READER_SITE_URL + "newest/"] == "2031-05-01"
    assert lastmod[READER_SITE_URL + "oldest/"] == "2031-05-01"  # before 1970: the build date instead
    home = (empty_project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2><a href="([a-z]+)/">', home) == ["newest", "oldest", "undated"]
    assert ">May 2031</time>" in home and ">1950</time>" in home
