"""Remake docs/search.png, the README's picture of search in use.

    .venv/bin/python scripts/search_screenshot.py

Builds the search tests' desk (tests/search_project.py: the example and five
briefings), serves it under /repo/, searches "government" with the topic filter
"environment", newest first, in Debian's headless Chromium, and saves the page.
Look at the picture before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from search_project import make_search_project  # noqa: E402


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        project = make_search_project(Path(work) / "project")
        with serve_directory(project / "site") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(url + "germany-coal-exit/")
            page.keyboard.press("/")
            page.keyboard.type("government")
            page.wait_for_selector(".search-result")
            page.click(".search-filters-toggle")
            page.check('fieldset[data-filter="topic"] input[value="environment"]')
            page.select_option(".search-sort", "desc")
            page.wait_for_function("document.querySelector('.search-status').textContent === '3 briefings'")
            page.evaluate("document.querySelector('.search-panel').scrollTop = 0")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "search.png"))
            browser.close()
    print(ROOT / "docs" / "search.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
