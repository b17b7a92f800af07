"""The reader's site in headless Chromium, served under /repo/ as on GitHub Pages.

Crawls every link from the home page, runs axe-core, takes screenshots (written
to tests/artifacts/screenshots/ for a person to look at) and weighs a page.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from conftest import ARTIFACTS, REPO

AXE = REPO / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
BRIEFING = "hitler-house-police-station/"
PAGE_BUDGET = 50 * 1024  # HTML + CSS + JS of a briefing page, before search is used
SCREENSHOTS = ARTIFACTS / "screenshots"


def links_on(page) -> list[str]:
    return page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")


def test_every_link_from_home_works_without_console_errors(page, reader_url: str):
    queue, seen = deque([reader_url]), {reader_url}
    while queue:
        url = queue.popleft()
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for link in links_on(page):
            target, fragment = urldefrag(link)
            if fragment and target == url:
                assert fragment in ids, f"{url}#{fragment} has no target"
            if target.startswith(reader_url) and target not in seen:
                seen.add(target)
                if target.endswith(("/", ".html")):
                    queue.append(target)
                else:  # feeds, CSS, icons: fetched, not crawled
                    assert page.request.get(target).status == 200, target
    assert len(seen) > 60  # home, briefings, every kind of page, feeds


def test_missing_page_gets_the_styled_404_with_working_links(browser, reader_url: str):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    missing = reader_url + "no/such/briefing/"
    response = page.goto(missing)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    )
    links = [urldefrag(link)[0] for link in links_on(page)]
    for link in links:
        if link.startswith(reader_url) and link != missing:
            assert page.request.get(link).status == 200, link
    context.close()
    assert len(links) > 5 and errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]


@pytest.mark.parametrize("path", ["", BRIEFING, "countries/austria/", "people/", "timeline/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, reader_url: str, path: str, scheme: str):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(reader_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_sideways_scrolling(browser, reader_url: str, width: int, scheme: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for name, path in (("home", ""), ("briefing", BRIEFING)):
        page.goto(reader_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    context.close()
    assert (SCREENSHOTS / f"briefing-{width}-{scheme}.png").stat().st_size > 10_000


def test_a_briefing_page_weighs_under_budget(page, reader_url: str):
    sizes: dict[str, int] = {}

    def weigh(response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            sizes[response.url] = len(response.body())

    page.on("response", weigh)
    page.goto(reader_url + BRIEFING, wait_until="networkidle")
    assert any(url.endswith(".css") for url in sizes) and sum(sizes.values()) < PAGE_BUDGET, sizes


def test_claim_link_highlights_its_sentence(page, reader_url: str):
    page.goto(reader_url + BRIEFING)
    claim = page.locator("#fact-3")
    before = claim.evaluate("e => getComputedStyle(e).backgroundColor")
    page.locator('a.cite[href="#fact-3"]').click()
    assert page.url.endswith("#fact-3")
    after = claim.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before == "rgba(0, 0, 0, 0)" and after != before
    assert claim.is_visible()


def test_keyboard_focus_is_visible_and_skip_link_comes_first(page, reader_url: str):
    page.goto(reader_url + BRIEFING)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.left]; })()"
    )
    assert style[0] == "solid" and style[1] != "-999px"


def test_print_style_hides_navigation_and_keeps_the_briefing(page, reader_url: str):
    page.goto(reader_url + BRIEFING)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".cite").first.is_hidden()
    assert page.locator(".markdown-alert").is_visible() and page.locator("h2#article").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    path: Path = ARTIFACTS / "briefing-print.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
