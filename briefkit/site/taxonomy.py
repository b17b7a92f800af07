"""Countries, people, organisations and topics: who and what the briefings are about.

Each kind has one page per name (listing its briefings, newest first) and an
index page. Names come from front matter; a slug is made once per name, and two
names that make the same slug get numbered slugs, in name order, so that URLs
are stable from one build to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slugify import slugify

from .collection import Collection, Entry


@dataclass(frozen=True)
class Kind:
    key: str  # front-matter key
    folder: str  # URL folder
    plural: str  # page titles
    singular: str


COUNTRIES = Kind("countries", "countries", "Countries", "Country")
KINDS = (
    COUNTRIES,
    Kind("people", "people", "People", "Person"),
    Kind("organizations", "organizations", "Organisations", "Organisation"),
    Kind("topics", "topics", "Topics", "Topic"),
)


@dataclass
class Term:
    """One country, person, organisation or topic, and the briefings that name it."""

    kind: Kind
    name: str
    slug: str = ""
    entries: list[Entry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.kind.folder}/{self.slug}/"


def names_in(entry: Entry, kind: Kind) -> list[tuple[str, str | None]]:
    """(name, role) pairs of a kind in a briefing's front matter, each name once."""
    pairs: list[tuple[str, str | None]] = []
    for item in entry.meta.get(kind.key) or []:
        if isinstance(item, dict):
            name, role = item.get("name"), item.get("role")
        else:
            name, role = item, None
        name = " ".join(str(name or "").split())
        if name and name not in (p[0] for p in pairs):
            pairs.append((name, str(role) if role else None))
    return pairs


@dataclass
class Taxonomy:
    terms: dict[str, dict[str, Term]]  # kind key -> name -> term

    def term(self, kind: Kind, name: str) -> Term | None:
        return self.terms[kind.key].get(" ".join(name.split()))

    def sorted_terms(self, kind: Kind) -> list[Term]:
        return sorted(self.terms[kind.key].values(), key=lambda t: (t.name.casefold(), t.name))

    def links(self, entry: Entry, kind: Kind) -> list[dict[str, Any]]:
        """A briefing's names of one kind: [{name, role, url}]."""
        items = []
        for name, role in names_in(entry, kind):
            term = self.term(kind, name)
            items.append({"name": name, "role": role, "url": term.url if term else None})
        return items

    def tags_of(self, entry: Entry) -> list[dict[str, Any]]:
        """The briefing's tags by kind, for its page: [{kind, items: [{name, role, url}]}]."""
        groups = [{"kind": kind, "items": self.links(entry, kind)} for kind in KINDS]
        return [group for group in groups if group["items"]]


def build_taxonomy(collection: Collection) -> Taxonomy:
    terms: dict[str, dict[str, Term]] = {kind.key: {} for kind in KINDS}
    for entry in collection.newest_first():
        for kind in KINDS:
            for name, _role in names_in(entry, kind):
                terms[kind.key].setdefault(name, Term(kind, name)).entries.append(entry)
    for kind in KINDS:
        _assign_slugs(sorted(terms[kind.key].values(), key=lambda t: t.name))
    return Taxonomy(terms)


def _assign_slugs(terms: list[Term]) -> None:
    taken: set[str] = {"page"}  # countries/page/2/ is the index's second page
    for term in terms:
        base = slugify(term.name) or "unnamed"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        term.slug = slug
