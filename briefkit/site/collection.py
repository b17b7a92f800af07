"""All briefings of a site, parsed once, with what the generated pages need."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from ..briefing import parse
from ..errors import BriefingError
from ..files import printable
from ..model import Briefing
from .dates import display_date
from .markdown import body_of
from .render_cache import key_of

log = logging.getLogger("briefkit")


@dataclass
class Entry:
    """One briefing as the site shows it."""

    src_uri: str  # path under docs_dir, e.g. "us-seeks-to-ease-dispute.md"
    briefing: Briefing
    problem: str | None = None  # a parse error, shown in the build log
    body: str = ""  # the Markdown after the front matter, rendered once per build
    key: str = ""  # the file's content key in the render cache

    @property
    def slug(self) -> str:
        return PurePosixPath(self.src_uri).stem

    @property
    def meta(self) -> dict[str, Any]:
        return self.briefing.meta

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.slug)

    @property
    def date(self) -> str:
        value = self.meta.get("date")
        return str(value) if value else ""

    @property
    def date_shown(self) -> str:
        """The date at its precision: '30 June 2019', 'July 2019', '2019'."""
        return display_date(self.date)

    @property
    def url(self) -> str:
        """The page's path under the site root, e.g. 'us-seeks-to-ease-dispute/' ('2019/x/' for a briefing in a
        folder, where MkDocs writes it), percent-encoded as MkDocs encodes its own URLs: a file named
        'javascript:alert(1).md' must not make a javascript: link."""
        return quote(f"{PurePosixPath(self.src_uri).with_suffix('').as_posix()}/")

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or "")

    @property
    def source(self) -> dict[str, Any]:
        source = self.meta.get("source")
        return source if isinstance(source, dict) else {}

    @property
    def source_url(self) -> str | None:
        """The article's address, only if it is an http(s) link (never javascript: or data:)."""
        return http_url(self.source.get("url"))

    @property
    def countries(self) -> list[str]:
        return [str(c) for c in self.meta.get("countries") or [] if c]

    @property
    def sort_key(self) -> tuple[str, str]:
        """Newest first when sorted in reverse: date, then slug for a stable order."""
        return (self.date, self.slug)


def read_entry(src_uri: str, text: str) -> Entry:
    """One briefing file as an entry; a file that cannot be parsed gets a placeholder and its problem.

    A front-matter value of the wrong shape for the site (`countries: 5`, `source: [x]`, a title that
    is a mapping) is left out of the site, with one line each: check names it too.
    """
    shown = printable(src_uri)  # one line per problem, whatever the file is named
    try:
        parsed = parse(text, shown)
        briefing = parsed.briefing
        wrong = _drop_wrong_shapes(briefing.meta)
        lines = [f"{shown}:{parsed.key_lines.get(key, 2)}: '{key}' {why}; left out of the site" for key, why in wrong]
        problem = "\n".join(lines) or None
    except BriefingError as exc:
        briefing = Briefing(meta={"title": PurePosixPath(src_uri).stem})
        problem = str(exc)
    return Entry(src_uri, briefing, problem, body_of(text), key_of(f"{src_uri}\0{text}"))


_SCALAR = (str, int, float, bool, datetime.date)
_TEXT_KEYS = ("title", "date", "date_precision", "date_evidence", "summary")
_LIST_KEYS = ("countries", "places", "people", "organizations", "topics")


def _drop_wrong_shapes(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Remove the values whose shape the site's pages and feeds cannot show; (key, why) for each."""
    wrong = []
    for key in _TEXT_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, _SCALAR):
            wrong.append((key, "must be text"))
    for key in _LIST_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, list):
            wrong.append((key, "must be a list"))
    source = meta.get("source")
    if source is not None and not (
        isinstance(source, dict) and all(v is None or isinstance(v, _SCALAR) for v in source.values())
    ):
        wrong.append(("source", "must be a mapping with file, url, outlet, sha256 as text"))
    for key, _why in wrong:
        del meta[key]
    return wrong


def http_url(value: Any) -> str | None:
    text = str(value or "").strip()
    scheme = urlsplit(text).scheme.lower() if text else ""
    return text if scheme in ("http", "https") and "//" in text[:8] else None


@dataclass
class Collection:
    entries: dict[str, Entry] = field(default_factory=dict)  # src_uri -> entry

    def add(self, src_uri: str, text: str) -> Entry:
        entry = read_entry(src_uri, text)
        for problem in entry.problem.split("\n") if entry.problem else ():
            log.warning("%s", problem)
        self.entries[src_uri] = entry
        return entry

    def add_entry(self, entry: Entry) -> None:
        """An entry read already (read_entry); its problem, if any, is logged here, in order."""
        for problem in entry.problem.split("\n") if entry.problem else ():
            log.warning("%s", problem)
        self.entries[entry.src_uri] = entry

    def newest_first(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: e.sort_key, reverse=True)
