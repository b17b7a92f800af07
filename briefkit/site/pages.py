"""Pages generated from the briefings' front matter.

Home (latest briefings), one page per country / person / organisation / topic
and an index per kind, and the timeline; each list is paginated so that every
page gets a bounded context, whatever the number of briefings. Each is a
`GeneratedPage`: where it goes, its title, the theme template that draws it and
the data that template gets. hooks.py turns them into MkDocs files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .collection import Collection, Entry
from .taxonomy import COUNTRIES, KINDS, Kind, Taxonomy, Term
from .timeline import dated_events, group_by_year

PER_PAGE = 20  # briefings on home and on each entity page
TERMS_PER_PAGE = 300  # names on an index page (countries/, people/, ...)
EVENTS_PER_PAGE = 200  # events on a timeline page

T = TypeVar("T")


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""


def generated_pages(collection: Collection, taxonomy: Taxonomy) -> list[GeneratedPage]:
    pages = home_pages(collection, taxonomy)
    for kind in KINDS:
        pages.extend(index_pages(kind, taxonomy.sorted_terms(kind)))
        for term in taxonomy.sorted_terms(kind):
            pages.extend(term_pages(term, taxonomy))
    pages.extend(timeline_pages(collection))
    return pages


def listing(entries: list[Entry], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """What a list of briefings shows of each: the entry and its countries with their pages."""
    return [{"entry": entry, "countries": taxonomy.links(entry, COUNTRIES)} for entry in entries]


def home_pages(collection: Collection, taxonomy: Taxonomy) -> list[GeneratedPage]:
    def page(chunk, pager):
        title = "Latest briefings" + (f", page {pager['number']}" if pager["number"] > 1 else "")
        context = {"listing": listing(chunk, taxonomy), "pager": pager}
        return GeneratedPage(pager["src_uri"], title, "home.html", context,
                             "The latest annotated briefings, newest first.")

    return paginate(collection.newest_first(), PER_PAGE, "", page)


def term_pages(term: Term, taxonomy: Taxonomy) -> list[GeneratedPage]:
    def page(chunk, pager):
        title = term.name + (f", page {pager['number']}" if pager["number"] > 1 else "")
        count = len(term.entries)
        description = f"{count} briefing{'s' if count != 1 else ''} on {term.name}."
        context = {"listing": listing(chunk, taxonomy), "pager": pager, "term": term, "kind": term.kind}
        return GeneratedPage(pager["src_uri"], title, "term.html", context, description)

    return paginate(term.entries, PER_PAGE, term.url, page)


def index_pages(kind: Kind, terms: list[Term]) -> list[GeneratedPage]:
    def page(chunk, pager):
        title = kind.plural + (f", page {pager['number']}" if pager["number"] > 1 else "")
        context = {"terms": chunk, "pager": pager, "kind": kind, "kinds": KINDS}
        return GeneratedPage(pager["src_uri"], title, "terms.html", context,
                             f"{kind.plural} in the briefings, with their briefings.")

    return paginate(terms, TERMS_PER_PAGE, f"{kind.folder}/", page)


def timeline_pages(collection: Collection) -> list[GeneratedPage]:
    events = dated_events(collection)
    first_page_of_year: dict[str, int] = {}
    for index, event in enumerate(events):
        first_page_of_year.setdefault(event.year, index // EVENTS_PER_PAGE + 1)

    def page(chunk, pager):
        years = [
            {"year": year, "url": _page_path("timeline/", number), "anchor": f"year-{year}"}
            for year, number in first_page_of_year.items()
        ]
        title = "Timeline" + (f", page {pager['number']}" if pager["number"] > 1 else "")
        context = {"groups": group_by_year(chunk), "pager": pager, "years": years}
        return GeneratedPage(pager["src_uri"], title, "timeline.html", context,
                             "Every dated event of every briefing, oldest first.")

    return paginate(events, EVENTS_PER_PAGE, "timeline/", page)


def paginate(
    items: Sequence[T], size: int, folder: str, make: Callable[[list[T], dict[str, Any]], GeneratedPage]
) -> list[GeneratedPage]:
    """One page per `size` items (at least one page): folder/, folder/page/2/, ..."""
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pager = {
            "number": number,
            "count": len(chunks),
            "src_uri": _page_path(folder, number) + "index.md",
            "previous": _page_path(folder, number - 1) if number > 1 else None,
            "next": _page_path(folder, number + 1) if number < len(chunks) else None,
        }
        pages.append(make(chunk, pager))
    return pages


def _page_path(folder: str, number: int) -> str:
    """Where page `number` of a list lives, relative to the site root ('' is the root)."""
    return folder if number == 1 else f"{folder}page/{number}/"
