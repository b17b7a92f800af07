"""End to end: build the site from a copy of the repo and look at the example's page."""

from __future__ import annotations

import re
from pathlib import Path

from briefkit.site.markdown import body_of, render_markdown


def test_example_page_contains_what_markdown_it_renders(built_site: Path):
    page = (built_site / "site" / "us-seeks-to-ease-dispute" / "index.html").read_text()
    source = (built_site / "briefings" / "us-seeks-to-ease-dispute.md").read_text()
    rendered = render_markdown(body_of(source))
    # every block markdown-it-py makes of the body is on the page, as made
    for block in re.findall(r"<p>.*?</p>|<li>.*?</li>|<h2>.*?</h2>", rendered, re.DOTALL):
        assert _text(block) in _text(page), block


def test_home_page_lists_the_example(built_site: Path):
    home = (built_site / "site" / "index.html").read_text()
    assert "US seeks to ease dispute between S.Korea, Japan" in home
    assert "us-seeks-to-ease-dispute/" in home


def test_navigation_is_small_and_constant(built_site: Path):
    # the navigation must never list briefings (that makes MkDocs quadratic)
    for page in (built_site / "site").rglob("index.html"):
        html = page.read_text()
        nav = re.search(r"<nav[^>]*>(.*?)</nav>", html, re.DOTALL)
        assert nav is not None, page
        assert "us-seeks-to-ease-dispute" not in nav.group(1), page


def test_site_is_not_tracked_by_git():
    ignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text().split()
    assert "site/" in ignore


def _text(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
