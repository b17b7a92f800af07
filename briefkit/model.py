"""The data that flows through the pipeline: article -> annotations -> briefing.

Each stage takes one of these and returns the next:

    reading.read_source(path)      -> Source      (decoded text or HTML + page metadata)
    cleaning.clean(source)         -> Article     (title, caption, paragraphs, metadata)
    annotation.annotate(article)   -> Annotations (entities, quotes, facts, ...)
    briefing.compose(article, ann) -> Briefing    (what the Markdown file holds)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Source:
    """An article file as read from disk, before cleaning."""

    path: str  # as given, relative to the articles folder when possible
    kind: str  # "text" or "html"
    sha256: str  # of the file's bytes
    text: str  # decoded text (for HTML: the main text trafilatura found)
    metadata: dict[str, Any] = field(default_factory=dict)  # title, date, url, outlet, author
    encoding: str = "utf-8"


@dataclass
class Article:
    """A cleaned article: the text a reader would copy, and what we know about it."""

    path: str
    kind: str
    sha256: str
    title: str
    paragraphs: list[str]
    caption: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD / YYYY-MM / YYYY, only when stated by metadata
    date_evidence: str | None = None


@dataclass
class Person:
    name: str
    role: str | None = None


@dataclass
class Quote:
    text: str
    speaker: str | None = None


@dataclass
class Event:
    date: str  # "1910", "1910-1945", "2019-03", "2019-06-30", "06-30" when the year is unknown
    event: str


@dataclass
class Annotations:
    """What the annotators found in an article."""

    date: str | None = None
    date_precision: str = "unknown"  # day / month / year / unknown
    date_evidence: str | None = None
    summary: str = ""
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    key_facts: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)


@dataclass
class Briefing:
    """The content of one briefing file: front matter plus body sections.

    This is exactly what `build.py show --json` prints (with `path`).
    """

    meta: dict[str, Any]
    caption: str | None = None
    background: list[str] = field(default_factory=list)
    key_facts: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    article: list[str] = field(default_factory=list)

    def to_json(self, path: str) -> dict[str, Any]:
        return {
            "path": path,
            "meta": self.meta,
            "caption": self.caption,
            "background": list(self.background),
            "key_facts": list(self.key_facts),
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in self.quotes],
            "timeline": [{"date": e.date, "event": e.event} for e in self.timeline],
            "article": list(self.article),
        }
