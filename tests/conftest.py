"""Shared fixtures: a temporary copy of the project, the CLI, a served site, a browser.

Everything is real: the CLI runs as a subprocess, the site is built by MkDocs and
indexed by Pagefind, pages are served over HTTP under a sub-path (as GitHub Pages
serves a project site) and opened in Debian's headless Chromium.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "build.py", "briefkit", "templates", "articles", "briefings")
SUB_PATH = "/repo/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "tests" / "artifacts"


def copy_project(dest: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of the project (code, templates, articles, briefings) in dest."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in parts:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=ignore, symlinks=True)
        elif source.exists():
            shutil.copy2(source, dest / part)
    return dest


def run_cli(
    project: Path, *args: str, check: bool = False, timeout: int = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` in a project folder, as a user would (env: extra variables)."""
    env = {**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, **(env or {})}
    result = subprocess.run(
        [sys.executable, "build.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"build.py {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project, with its shipped articles and briefings."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """The project's code and templates, with empty articles/ and briefings/."""
    root = copy_project(tmp_path / "project", ("mkdocs.yml", "build.py", "briefkit", "templates"))
    (root / "articles").mkdir()
    (root / "briefings").mkdir()
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once by `build.py build`: returns the project folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    run_cli(root, "build", check=True)
    return root


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under SUB_PATH; unknown paths get the site's 404 page, as on GitHub Pages."""

    def __init__(self, *args, directory: str, **kwargs):
        self.site_dir = Path(directory)
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(SUB_PATH):
            return str(self.site_dir / "__outside_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site_dir / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


class _GzipSubPathHandler(_SubPathHandler):
    """As _SubPathHandler, and text files gzipped for a browser that accepts it, as GitHub Pages sends them.

    Pagefind's data files (.pf_*, .pagefind) are gzip already and go as they are.
    """

    COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in self.COMPRESSIBLE and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_directory(site_dir: Path, gzip_text: bool = False) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 under SUB_PATH; yields the base URL. gzip_text: as GitHub Pages compresses."""
    handler_class = _GzipSubPathHandler if gzip_text else _SubPathHandler
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The shipped project's built site, served under /repo/."""
    with serve_directory(built_site / "site") as url:
        yield url


SITE_FIXTURES = REPO / "tests" / "data" / "briefings"
READER_SITE_URL = "https://example.github.io/repo/"  # the path matches SUB_PATH, as on GitHub Pages


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example plus the site fixture briefings, built once for site_url .../repo/."""
    root = copy_project(tmp_path_factory.mktemp("reader") / "project")
    for path in sorted(SITE_FIXTURES.glob("*.md")):
        shutil.copy2(path, root / "briefings" / path.name)
    run_cli(root, "build", "--no-ingest", check=True, env={"SITE_URL": READER_SITE_URL})
    return root


@pytest.fixture(scope="session")
def reader_url(reader_site: Path) -> Iterator[str]:
    """The reader's site (example + fixtures) served under /repo/."""
    with serve_directory(reader_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup-test` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that fails the test on console errors, page errors or dialogs."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def on_dialog(dialog):
        problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not problems, "browser reported problems:\n" + "\n".join(problems)
