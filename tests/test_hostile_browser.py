"""Nothing from an article or a briefing runs in a reader's browser.

A temporary project is filled with hostile articles (scripts, event handlers,
javascript: and data: links, iframes, template syntax) and one hand-written
briefing whose front matter and Markdown carry the same; `build.py build`
renders it; every page is opened in Chromium, served under a sub-path. The
`page` fixture fails on any dialog, console error or page error; here we also
fail on injected elements, handlers, script URLs, requests leaving the site,
and check that template syntax shows literally.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli, serve_directory

from briefkit import briefing
from briefkit.model import Briefing, Quote

pytestmark = pytest.mark.browser

CORPUS = REPO / "tests" / "data" / "bad_inputs"
MARK = "alert"  # every hostile payload calls alert(); none may reach a script

HOSTILE_META = {
    "title": "<img src=x onerror=alert('title')> {{ 7*7 }} {% raw %}",
    "date": "2024-03-05",
    "date_precision": "day",
    "date_evidence": "<script>alert('evidence')</script>",
    "summary": "</script><script>alert('summary')</script> {{ config }}",
    "source": {
        "file": "articles/<svg onload=alert(1)>.txt",
        "url": "javascript:alert('source url')",
        "outlet": '"><script>alert("outlet")</script>',
        "sha256": None,
    },
    "countries": ["<b onmouseover=alert('country')>Korea</b>", "South Korea"],
    "places": ["javascript:alert('place')"],
    "people": [{"name": "<script>alert('person')</script>", "role": '"><svg onload=alert("role")>'}],
    "organizations": ["{{ lipsum.__globals__ }}", "data:text/html,<script>alert('org')</script>"],
    "topics": [],
    "generated": {"by": "briefkit", "digest": "x"},
}
# What a person may type into a briefing's Markdown by hand.
HAND_MARKDOWN = """
<script>alert('raw script')</script>

<a href="javascript:alert('raw link')">raw link</a> <img src=x onerror="alert('raw img')">

[a link](javascript:alert('md link')) ![an image](javascript:alert('md image'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<iframe src="javascript:alert('iframe')"></iframe> <details open ontoggle="alert('toggle')">x</details>

Template text {{ 7*7 }} and {% for x in y %}loop{% endfor %} stays as typed.
"""
LITERALS = ["{{ 7*7 }}", "{% for x in range(10) %}{{ x }}{% endfor %}", '<script>alert("in text")</script>']


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(
        tmp_path_factory.mktemp("hostile-site") / "project",
        ("mkdocs.yml", "build.py", "briefkit", "templates"),
    )
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    for name in ("hostile-page.html", "markup-in-text.txt", "yaml-breaking-title.txt", "plain.txt"):
        shutil.copy(CORPUS / name, root / "articles" / name)
    hand = briefing.render(
        Briefing(
            meta=HOSTILE_META,
            caption="<img src=x onerror=alert('caption')>",
            background=["<script>alert('background')</script>"],
            key_facts=["[fact](javascript:alert('fact'))"],
            quotes=[Quote("<svg onload=alert('quote')>", "<b onclick=alert('speaker')>S</b>")],
            article=["{{ 7*7 }} typed by hand"],
        )
    )
    (root / "briefings" / "hand-written.md").write_text(hand + HAND_MARKDOWN, encoding="utf-8")
    # A file name is a page's URL: listed as href="javascript:alert('file name')/", it ran on a click.
    (root / "briefings" / "javascript:alert('file name').md").write_text(hand, encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages_of(site: Path) -> list[str]:
    """Every page of the site (404.html resolves its assets from site_url, so it is not served here)."""
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)
    return sorted(p for p in pages if p != "404.html")


INSPECT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(name)
          && /^(javascript|vbscript|data):/.test(value.replace(/[\\s\\u0000-\\u001f]/g, '')))
        found.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'BASE'].includes(el.tagName)) found.push(el.tagName);
    if (el.tagName === 'SCRIPT' && el.textContent.includes('alert')) found.push('inline SCRIPT with alert');
    if (el.tagName === 'SCRIPT' && el.src && new URL(el.src).origin !== location.origin)
      found.push(`SCRIPT ${el.src}`);
  }
  for (const a of document.links) {
    if (!['http:', 'https:', 'mailto:'].includes(a.protocol))
      found.push(`link ${a.protocol} ${a.href.slice(0, 40)}`);
  }
  return found;
}"""


def test_hostile_pages_run_nothing(hostile_site: Path, page):
    outside: list[str] = []
    page.on(
        "request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None
    )
    pages = pages_of(hostile_site)
    assert len(pages) >= 5
    with serve_directory(hostile_site) as base:
        for path in pages:
            response = page.goto(base + path.removesuffix("index.html"))
            assert response is not None and response.status in (200, 404), path
            page.mouse.move(200, 200)
            page.mouse.move(400, 300)
            assert page.evaluate(INSPECT) == [], path
    assert outside == []
    assert not page.problems  # type: ignore[attr-defined]


def test_hostile_text_is_shown_literally(hostile_site: Path, page):
    with serve_directory(hostile_site) as base:
        page.goto(base + "markup-in-text/")
        text = page.inner_text("body")
        for literal in LITERALS:
            assert literal in text
        assert "{{ config.site_name }}" in page.title()
        page.goto(base + "hand-written/")
        text = page.inner_text("body")
        assert "<img src=x onerror=alert('title')> {{ 7*7 }} {% raw %}" in text
        assert "Template text {{ 7*7 }} and {% for x in y %}loop{% endfor %} stays as typed." in text
        assert "<script>alert('person')</script>" in text


def test_searching_hostile_text_runs_nothing(hostile_site: Path, page):
    with serve_directory(hostile_site) as base:
        page.goto(base)
        for term in ("alert", "script", "onerror"):
            page.fill("#search-input", term)
            page.wait_for_selector(".search-results li", timeout=10_000)
            assert page.evaluate(INSPECT) == [], term
    assert not page.problems  # type: ignore[attr-defined]


def test_the_inspection_sees_what_it_looks_for(browser):
    """The checks above can fail: injected code in a page is found."""
    page = browser.new_page()
    try:
        page.set_content(
            "<a href='javascript:void(0)'>a</a><img src=x onerror='void 0'><iframe></iframe>"
            "<a href=' data:text/html,x'>d</a><script>/* alert */</script>"
        )
        found = page.evaluate(INSPECT)
    finally:
        page.close()
    assert any("IMG onerror" in f for f in found)
    assert any("A href=javascript:" in f for f in found)
    assert any("A href=data:" in f for f in found)
    assert "IFRAME" in found and "inline SCRIPT with alert" in found
