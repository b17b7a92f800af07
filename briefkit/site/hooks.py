"""MkDocs hooks: the only module that knows MkDocs.

Moving to a MkDocs fork or successor should touch this file alone. It:
- turns on HTML autoescaping in the theme (on_env): article text is untrusted;
- parses every briefing once (on_files) and adds the generated pages (home,
  countries, people, organisations, topics, timeline) as virtual files, never
  as files in briefings/;
- renders briefing bodies with markdown-it-py instead of Python-Markdown
  (on_page_markdown / on_page_content), so that the site shows what GitHub's
  preview shows, with each claim linked to its sentence in the article;
- gives the theme structured data of a bounded size (on_page_context);
- writes the feeds (on_post_build), and under `build.py serve` indexes each
  preview build for search (`build.py build` indexes after MkDocs returns).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parents[2]) not in sys.path:  # loaded by path by MkDocs
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import jinja2
from mkdocs.structure.files import File, Files

from briefkit.site.article_links import render_briefing_body
from briefkit.site.build import SERVE_SEARCH
from briefkit.site.collection import Collection
from briefkit.site.dates import display_date, iso_timestamp
from briefkit.site.feeds import SiteInfo, atom_feed, json_feed
from briefkit.site.incremental import RECORD_ENV
from briefkit.site.markdown import render_markdown
from briefkit.site.pages import generated_pages
from briefkit.site.render_cache import CACHE_FILE, load_entries
from briefkit.site.taxonomy import build_taxonomy

log = logging.getLogger("mkdocs.briefkit")

_state: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    config["markdown_extensions"] = []  # bodies are rendered by markdown-it-py, not here
    _state.clear()
    return config


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    _state["nav"] = nav
    return nav


def on_env(env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
    env.autoescape = jinja2.select_autoescape(["html", "xml"], default_for_string=True)
    env.filters["date_shown"] = display_date
    _prepare_page_workers(env, config, files)
    return env


def on_files(files: Files, config: Any) -> Files:
    _drop_files_not_to_read(files, config)
    collection = Collection()
    _state["bodies"] = {}
    for entry, html in _read_briefings(sorted(files.documentation_pages(), key=lambda f: f.src_uri), config):
        collection.add_entry(entry)
        _state["bodies"][entry.src_uri] = html
    taxonomy = build_taxonomy(collection)
    pages = generated_pages(collection, taxonomy)
    for page in pages:
        files.append(File.generated(config, page.src_uri, content=f"# {page.title}\n"))
    _state.update(collection=collection, taxonomy=taxonomy, html={})
    writers = Counter(file.dest_uri for file in files)  # a page alone is rendered only where it alone writes
    _state["dests"] = {file.src_uri: file.dest_uri if writers[file.dest_uri] == 1 else None for file in files}
    _state["generated"] = {page.src_uri: page for page in pages}
    _set_build_date(collection)
    return files


def _drop_files_not_to_read(files: Files, config: Any) -> None:
    """Links leading out of the briefings folder, FIFOs and devices: neither read nor published."""
    from briefkit.files import SITE_FILES, not_to_read

    docs_dir = Path(config["docs_dir"])
    for file in list(files):
        if file.abs_src_path is None or file.src_dir != config["docs_dir"]:
            continue  # generated, or the theme's own
        reason = not_to_read(Path(file.abs_src_path), docs_dir)
        if file.src_uri.lower().removesuffix(".md") in SITE_FILES:
            reason = f"would replace {SITE_FILES[file.src_uri.lower().removesuffix('.md')]}; not published: rename it"
        if reason is not None:
            logging.getLogger("briefkit").warning("%s: %s", file.src_uri, reason)
            files.remove(file)


def _read_briefings(docs: list[File], config: Any) -> list[tuple[Any, str]]:
    """(entry, body HTML) per briefing: from the cache, else parsed and rendered over worker processes."""
    from briefkit.parallel import in_site_build, ordered_imap

    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    cache_file = None if os.environ.get("BRIEFKIT_NO_CACHE") else root / CACHE_FILE
    parallel = ordered_imap if in_site_build() else None  # lazily: results are stored as they come
    return load_entries([(file.src_uri, file.content_string) for file in docs], cache_file, parallel)


def on_page_read_source(page: Any, config: Any) -> str | None:
    """Briefings were read and their front matter parsed once (on_files): skip MkDocs' second parse."""
    src_uri = page.file.src_uri
    if src_uri in _state["generated"]:
        return ""
    entry = _state["collection"].entries.get(src_uri)
    return entry.body if entry is not None else None


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    src_uri = page.file.src_uri
    generated = _state["generated"].get(src_uri)
    if generated is not None:
        page.meta["template"] = generated.template
        page.title = generated.title
        _state["html"][src_uri] = ""
        return ""
    entry = _state["collection"].entries.get(src_uri)
    if entry is None:
        _state["html"][src_uri] = render_markdown(markdown)
        return ""
    page.title = entry.title
    page.meta = dict(entry.meta)
    page.meta["template"] = "briefing.html"
    day = (iso_timestamp(entry.date) or "")[:10]  # '2019-07' -> '2019-07-01'
    if _sitemap_date(day):
        page.update_date = day  # the sitemap's lastmod: the briefing's own date
    body = _state["bodies"].pop(src_uri, None)
    _state["html"][src_uri] = body if body is not None else render_briefing_body(entry.body, entry.briefing)
    # The page's HTML is made: its Markdown and article text are read by nothing after this, and all
    # the briefings' together are a quarter of the build's memory at 10,000 (the page keeps its HTML).
    entry.body = ""
    entry.briefing.article = []
    return ""  # Python-Markdown gets nothing to do


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    return _state["html"].pop(page.file.src_uri, html)


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if _state.get("templates") is not None and not _state.get("in_worker"):
        _written_by_worker(page)
        return context
    src_uri = page.file.src_uri
    entry = _state["collection"].entries.get(src_uri)
    context["entry"] = entry
    context["description"] = config.get("site_description") or ""
    if entry is not None:
        context["tags"] = _state["taxonomy"].tags_of(entry)
        context["description"] = entry.summary or context["description"]
    generated = _state["generated"].get(src_uri)
    if generated is not None:
        context.update(generated.context)
        context["description"] = generated.description or context["description"]
    return context


# --- pages rendered and written by worker processes -----------------------------------
#
# After the bodies, rendering 10,000 pages through the theme and writing them (a
# folder and a file each) is the largest part of a build. When it pays (`build.py
# build`, not `serve`; enough pages; 2 processes), each page's theme template is
# swapped (on_env) for a template that prints nothing, so MkDocs writes nothing for
# it; worker processes forked from this one render and write every page exactly as
# MkDocs' _build_page does (same context, same hooks, same template, same bytes),
# and this process waits for each page, in MkDocs' order, so that an error stops
# the build as it would have. Every page has its own file, so the order in which
# workers write does not matter.

BLANK = "briefkit-written-by-worker.html"
_SKIPPED = "Page skipped: "


def _prepare_page_workers(env: jinja2.Environment, config: Any, files: Files) -> None:
    from briefkit.parallel import MIN_ITEMS, in_site_build, processes

    _state["templates"] = None
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if not in_site_build() or processes() < 2 or len(pages) < MIN_ITEMS or "nav" not in _state:
        return
    if len({page.file.abs_dest_path for page in pages}) != len(pages):  # two pages, one file: MkDocs' order
        return
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({BLANK: ""}), env.loader])
    templates = {}
    for page in pages:
        templates[page.file.src_uri] = page.meta.get("template", "main.html")
        page.meta["template"] = BLANK
    _state.update(templates=templates, env=env, config=config, pages=pages, done=set(), results=None)
    _state["pages_files"] = files.documentation_pages()
    _quiet_skipped_pages()


def _written_by_worker(page: Any) -> None:
    """Wait until a worker has written this page (workers start on the first page)."""
    from briefkit.parallel import ordered_imap

    if _state["results"] is None:
        _state["results"] = ordered_imap(_render_page, _state["pages"], chunk=16)
    done, src_uri = _state["done"], page.file.src_uri
    while src_uri not in done:
        try:
            done.add(next(_state["results"]))
        except StopIteration:
            _render_page(page)  # a page MkDocs builds that the workers did not
            return
    done.discard(src_uri)


def _render_page(page: Any) -> str:
    """Render and write a page as mkdocs.commands.build._build_page does (in a worker process)."""
    from mkdocs import utils
    from mkdocs.commands.build import get_context

    config, nav, env = _state["config"], _state["nav"], _state["env"]
    src_uri = page.file.src_uri
    _state["in_worker"] = True
    blank = page.meta.get("template")
    page.meta["template"] = _state["templates"][src_uri]
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, _state["pages_files"], config, page)
        template = env.get_template(page.meta["template"])
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        else:
            log.info(f"{_SKIPPED}'{src_uri}'. Generated empty output.")
        return src_uri
    finally:
        page.active = False
        config._current_page = None
        page.meta["template"] = blank
        _state["in_worker"] = False


class _SkipWrittenPages(logging.Filter):
    """MkDocs says 'Page skipped' for each page it did not write: a worker wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        mine = _state.get("templates") and not _state.get("in_worker")
        return not (mine and str(record.msg).startswith(_SKIPPED))


def _quiet_skipped_pages() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _SkipWrittenPages) for f in build_log.filters):
        build_log.addFilter(_SkipWrittenPages())


def _stop_page_workers() -> None:
    results = _state.pop("results", None)
    if results is not None:
        results.close()  # ends the worker pool
    _state["templates"] = None


def on_build_error(error: Exception) -> None:
    _stop_page_workers()


def on_post_build(config: Any) -> None:
    _stop_page_workers()
    collection: Collection = _state["collection"]
    site = SiteInfo(config["site_name"], config.get("site_url") or "/", config.get("site_description") or "")
    newest = collection.newest_first()
    site_dir = Path(config["site_dir"])
    (site_dir / "feed.xml").write_text(atom_feed(newest, site), encoding="utf-8")
    (site_dir / "feed.json").write_text(json_feed(newest, site), encoding="utf-8")
    if _state.pop("set_build_date", False):
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    if os.environ.get(SERVE_SEARCH):  # `build.py serve`: the preview gets a search index too
        from briefkit.search import index_site

        index_site(site_dir)
    if os.environ.get(RECORD_ENV):  # `build.py build`: what the next build needs to render a page alone
        _write_record(Path(os.environ[RECORD_ENV]), config)


def _write_record(path: Path, config: Any) -> None:
    """Each briefing's content key, shared view and output file, the term slugs and the navigation's
    titles: what render_alone needs to draw a page as this build did (briefkit/site/incremental.py)."""
    import json

    from briefkit.site.incremental import shared_view

    entries = {}
    collection: Collection = _state["collection"]
    dests = _state.get("dests", {})
    for src_uri, entry in collection.entries.items():
        entries[src_uri] = [entry.key, shared_view(entry), dests.get(src_uri)]
    terms = {key: {name: term.slug for name, term in by_name.items()}
             for key, by_name in _state["taxonomy"].terms.items()}
    nav_titles = {page.file.src_uri: page.title for page in _state["nav"].pages} if "nav" in _state else {}
    problems = [entry.problem for entry in collection.entries.values() if entry.problem]
    record = {"entries": entries, "terms": terms, "nav_titles": nav_titles, "problems": problems,
              "epoch": os.environ.get("SOURCE_DATE_EPOCH")}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    except OSError as exc:  # never fails a build: the next one renders every page
        log.debug("%s: could not write (%s)", path, exc)


def _sitemap_date(value: str) -> bool:
    """MkDocs takes a page's update_date as a whole ISO day within 1970-2099, or fails the build."""
    import datetime

    try:
        return 1970 <= datetime.date.fromisoformat(value).year < 2100
    except ValueError:
        return False


def _set_build_date(collection: Collection) -> None:
    """MkDocs stamps the build date into the sitemap; make it the newest briefing's date."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    import calendar
    import datetime

    days = [datetime.date(1970, 1, 1)]
    for entry in collection.entries.values():  # the newest real date: one typo ('2019-13', 20190711000) is none
        parts = entry.date.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
            continue
        try:
            days.append(datetime.date(*[int(p) for p in parts + ["1", "1"]][:3]))
        except ValueError:
            continue
    day = max(days)
    # MkDocs fails on a SOURCE_DATE_EPOCH before 1970 or past 2106 (gzip's 32-bit mtime)
    day = min(max(day, datetime.date(1970, 1, 1)), datetime.date(2100, 1, 1))
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    _state["set_build_date"] = True


# --- one page alone, after an edit (briefkit/site/incremental.py) ---------------------------


def render_alone(config: Any, changed: list[tuple[str, str]], state: dict[str, Any]) -> list[str] | str:
    """Render and write the pages of these briefings as the last full build would have, without the rest.

    `state` is what that build recorded (_write_record). Returns the files written (under site_dir), or
    why these edits need a full build: a briefing with a problem, or one whose shared view changed
    (what other pages show of it: then those pages must change too).
    """
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    from briefkit.site.incremental import shared_view
    from briefkit.site.render_cache import load_entries
    from briefkit.site.taxonomy import KINDS, Taxonomy, Term, names_in

    recorded = state["entries"]
    config = config.plugins.on_config(config)
    collection, bodies = Collection(), {}
    for entry, html in load_entries(changed, None):
        if entry.problem:
            return f"{entry.src_uri} has a problem"
        if shared_view(entry) != recorded[entry.src_uri][1]:
            return f"{entry.src_uri}: what other pages show of it changed"
        if not recorded[entry.src_uri][2]:
            return f"{entry.src_uri}: its page is not its own file"
        collection.entries[entry.src_uri] = entry
        bodies[entry.src_uri] = html
    terms: dict[str, dict[str, Term]] = {kind.key: {} for kind in KINDS}  # the changed briefings' names
    for kind in KINDS:
        slugs = state["terms"].get(kind.key) or {}
        for entry in collection.entries.values():
            for name, _role in names_in(entry, kind):
                if name in slugs:
                    terms[kind.key][name] = Term(kind, name, slugs[name])
    _state.update(collection=collection, taxonomy=Taxonomy(terms), html={}, generated={}, bodies=bodies)
    files = Files([])
    docs_dir = config["docs_dir"]
    nav_titles = state.get("nav_titles") or {}
    for src_uri in sorted(set(nav_titles) | set(collection.entries)):
        if src_uri in collection.entries or Path(docs_dir, src_uri).is_file():
            files.append(File(src_uri, docs_dir, config["site_dir"], config["use_directory_urls"]))
        else:
            files.append(File.generated(config, src_uri, content=""))
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for page in nav.pages:  # the titles they had once read (a generated page's, or its front matter's)
        title = nav_titles.get(page.file.src_uri)
        if title is not None and page.file.src_uri not in collection.entries:
            page.title = title
    written = []
    epoch = state.get("epoch")
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        pages = []
        for src_uri in collection.entries:
            file = files.get_file_from_path(src_uri)
            page = file.page if file.page is not None else Page(None, file, config)
            _populate_page(page, config, files)
            pages.append(page)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages()
        for page in pages:
            _build_page(page, config, doc_files, nav, env)
            written.append(page.file.dest_uri)
    finally:
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
    return written
