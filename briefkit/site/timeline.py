"""The site-wide timeline: every dated event of every briefing, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from .collection import Collection, Entry
from .dates import display_date, machine_date, sort_key, year_of


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    event: str
    entry: Entry

    @property
    def year(self) -> str:
        return year_of(self.date) or ""

    @property
    def date_shown(self) -> str:
        return display_date(self.date)

    @property
    def machine_date(self) -> str:
        return machine_date(self.date)

    @property
    def anchor(self) -> str:
        return f"year-{self.year}"


def dated_events(collection: Collection) -> list[TimelineEvent]:
    """Events whose date has a year, oldest first; ties keep briefing and list order."""
    events = [
        TimelineEvent(event.date, event.event, entry)
        for entry in sorted(collection.entries.values(), key=lambda e: e.slug)
        for event in entry.briefing.timeline
        if year_of(event.date)
    ]
    return sorted(events, key=lambda e: sort_key(e.date))


def group_by_year(events: list[TimelineEvent]) -> list[tuple[str, list[TimelineEvent]]]:
    groups: list[tuple[str, list[TimelineEvent]]] = []
    for event in events:
        if not groups or groups[-1][0] != event.year:
            groups.append((event.year, []))
        groups[-1][1].append(event)
    return groups
