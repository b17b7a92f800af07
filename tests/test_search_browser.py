"""Search in headless Chromium, on a site served under /repo/ (see search_project.py).

The `page` fixture fails a test on any console error, page error or dialog, so
every test here also checks that search runs cleanly and that no article text
runs as script.
"""

# ruff: noqa: F811 - the fixtures imported from search_project are parameters here

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from search_project import EXAMPLE_TITLE, HOSTILE_TITLE, search_project, search_url  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

RESULT = ".search-result"
TITLES = ".search-result-title"


def _search(page, url: str, query: str, path: str = "") -> None:
    page.goto(url + path)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(RESULT)


def _show_filters(page) -> None:
    """Filters load on demand: a plain search does not download them."""
    page.click(".search-filters-toggle")
    page.wait_for_selector('fieldset[data-filter="country"]')


def _titles(page) -> list[str]:
    return page.locator(TITLES).all_inner_texts()


def _count(page) -> int:
    status = page.inner_text(".search-status")
    match = re.match(r"(\d+) briefings?", status)
    assert match, status
    return int(match.group(1))


def test_samsung_chip_finds_the_example_with_a_highlighted_excerpt(page, search_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _search(page, search_url, "Samsung chip", "germany-coal-exit/")
    assert _titles(page)[0] == EXAMPLE_TITLE
    first = page.locator(RESULT).first
    assert first.locator("time").inner_text() == "2019"
    marks = [m.lower() for m in first.locator(".search-result-excerpt mark").all_inner_texts()]
    assert "samsung" in marks and "chip" in marks
    assert any("/repo/pagefind/index/" in url for url in requested)
    assert not any("/pagefind/filter/" in url for url in requested)  # filters load only when asked for
    assert not any("pagefind-worker" in url for url in requested)  # Pagefind runs on the page (noWorker)


def test_slash_focuses_the_search_box_on_every_kind_of_page(page, search_url: str) -> None:
    for path in ("", "countries/", "brazil-amazon-fires/"):
        page.goto(search_url + path)
        assert page.evaluate("document.activeElement.id") != "search-input"
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("a/b")  # in the box, "/" is just a character
    assert page.input_value("#search-input") == "a/b"
    page.keyboard.press("Escape")
    assert page.locator("#search-panel").is_hidden()


def test_filtering_by_country_narrows_the_results(page, search_url: str) -> None:
    _search(page, search_url, "government")
    everything = _count(page)
    assert everything >= 5
    assert page.locator("fieldset[data-filter]").count() == 0
    _show_filters(page)
    brazil = page.locator('fieldset[data-filter="country"] label', has_text="Brazil")
    assert "(2)" in brazil.inner_text()
    brazil.locator("input").check()
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('2 ')")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 2")
    assert sorted(_titles(page)) == [
        "Brazil sends troops to fight Amazon fires",
        "Brazil's Senate passes pension reform",
    ]
    # The other filters' counts now describe the two Brazil briefings.
    year = page.locator('fieldset[data-filter="year"] label', has_text="2019")
    assert "(2)" in year.inner_text()
    assert page.locator('fieldset[data-filter="year"] label').count() == 1
    # Values of one filter combine with "any": adding Kenya widens the results again.
    page.locator('fieldset[data-filter="country"] label', has_text="Kenya").locator("input").check()
    page.wait_for_function("document.querySelectorAll('.search-result').length === 3")


def test_a_persons_name_finds_their_briefings(page, search_url: str) -> None:
    _search(page, search_url, "Angela Merkel")
    assert _titles(page) == ["Germany agrees a timetable to close coal plants"]
    _search(page, search_url, "Pompeo")
    assert _titles(page) == [EXAMPLE_TITLE]


def test_person_filter_with_an_empty_query_lists_their_briefings(page, search_url: str) -> None:
    _search(page, search_url, "government")
    _show_filters(page)
    page.locator('fieldset[data-filter="person"] label', has_text="Jair Bolsonaro").locator("input").check()
    page.fill("#search-input", "")
    page.wait_for_function("document.querySelector('.search-status').textContent === '1 briefing'")
    assert _titles(page) == ["Brazil sends troops to fight Amazon fires"]


def test_results_sort_by_date(page, search_url: str) -> None:
    _search(page, search_url, "government")
    total = _count(page)
    for order, reverse in (("desc", True), ("asc", False)):
        page.select_option(".search-sort", order)
        page.wait_for_function(
            f"""() => {{
                const dates = [...document.querySelectorAll('.search-result time')].map(t => t.textContent);
                return dates.length === {min(total, 10)} &&
                    dates.join() === [...dates].sort(){".reverse()" if reverse else ""}.join();
            }}"""
        )
        dates = page.locator(".search-result time").all_inner_texts()
        assert dates == sorted(dates, reverse=reverse)


def test_a_result_opens_with_the_searched_words_highlighted(page, search_url: str) -> None:
    _search(page, search_url, "locusts")
    page.click(TITLES)
    page.wait_for_url(re.compile(r"/repo/kenya-locust-swarms/\?pagefind-highlight=locusts$"))
    page.wait_for_selector("[data-pagefind-body] mark.pagefind-highlight")
    marked = page.locator("[data-pagefind-body] mark.pagefind-highlight").all_inner_texts()
    assert marked and all(text.lower() == "locusts" for text in marked)


@pytest.mark.parametrize("path", ["no/such/page/", "countries/kenya/", "people/"])
def test_search_works_from_the_404_page_and_deep_pages(page, search_url: str, path: str) -> None:
    response = page.goto(search_url + path)
    if path.startswith("no/"):
        assert response.status == 404
        # Chromium logs the 404 of the page itself as a console error: that one is expected.
        assert page.problems == [  # type: ignore[attr-defined]
            "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"
        ]
        page.problems.clear()  # type: ignore[attr-defined]
    else:
        assert response.status == 200
    page.keyboard.press("/")
    page.keyboard.type("locusts")
    page.wait_for_selector(RESULT)
    href = page.get_attribute(TITLES, "href")
    assert href.startswith("/repo/kenya-locust-swarms/")
    assert page.goto(urljoin(page.url, href)).status == 200


def test_article_text_in_results_never_runs(page, search_url: str) -> None:
    _search(page, search_url, "quixotically")
    assert _titles(page) == [HOSTILE_TITLE]
    results = page.locator(".search-results")
    assert results.locator("img, script, b").count() == 0
    excerpt = results.locator(".search-result-excerpt").inner_text()
    assert "<script>alert(3)</script>" in excerpt or "alert(3)" in excerpt
    assert results.locator("mark").all_inner_texts() == ["quixotically"]
    page.wait_for_timeout(200)  # any injected handler would have fired: the fixture fails on dialogs


def test_entity_pages_do_not_crowd_out_briefings(page, search_url: str) -> None:
    _search(page, search_url, "Kenya")
    hrefs = page.locator(TITLES).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    # Not /repo/countries/kenya/, the home page or the timeline, which all say "Kenya" too.
    assert [href.split("?")[0] for href in hrefs] == ["/repo/kenya-locust-swarms/"]


def test_results_come_five_at_a_time(page, search_url: str) -> None:
    fragments: list[str] = []
    page.on("request", lambda request: "/pagefind/fragment/" in request.url and fragments.append(request.url))
    _search(page, search_url, "the")  # every briefing of the desk: more than five
    total = _count(page)
    assert total > 5
    page.wait_for_function("document.querySelectorAll('.search-result').length === 5")
    assert len(set(fragments)) == 5  # only the results shown are downloaded
    page.click(".search-more")
    page.wait_for_function(f"document.querySelectorAll('.search-result').length === {min(total, 10)}")
    assert len(set(_titles(page))) == min(total, 10)
    assert page.locator(".search-more").is_visible() == (total > 10)
