"""All briefings of a site, parsed once, with what the generated pages need."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ..briefing import parse
from ..errors import BriefingError
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
        """The page's path under the site root, e.g. 'us-seeks-to-ease-dispute/'."""
        return f"{self.slug}/"

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
    """One briefing file as an entry; a file that cannot be parsed gets a placeholder and its problem."""
    try:
        briefing = parse(text, src_uri).briefing
        problem = None
    except BriefingError as exc:
        briefing = Briefing(meta={"title": PurePosixPath(src_uri).stem})
        problem = str(exc)
    return Entry(src_uri, briefing, problem, body_of(text), key_of(f"{src_uri}\0{text}"))


def http_url(value: Any) -> str | None:
    text = str(value or "").strip()
    scheme = urlsplit(text).scheme.lower() if text else ""
    return text if scheme in ("http", "https") and "//" in text[:8] else None


@dataclass
class Collection:
    entries: dict[str, Entry] = field(default_factory=dict)  # src_uri -> entry

    def add(self, src_uri: str, text: str) -> Entry:
        entry = read_entry(src_uri, text)
        if entry.problem:
            log.warning("%s", entry.problem)
        self.entries[src_uri] = entry
        return entry

    def add_entry(self, entry: Entry) -> None:
        """An entry read already (read_entry); its problem, if any, is logged here, in order."""
        if entry.problem:
            log.warning("%s", entry.problem)
        self.entries[entry.src_uri] = entry

    def newest_first(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: e.sort_key, reverse=True)
