"""Dates as readers see them: shown at their precision, sorted oldest or newest first.

A briefing's `date` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a timeline event's date
may also be a range (`1910-1945`) or lack its year (`06-30`). Nothing here
invents precision: "2019-07" is shown as "July 2019", never as a day.
"""

from __future__ import annotations

import re

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_RANGE = re.compile(r"^(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})$")


def display_date(value: str | None) -> str:
    """'2019-06-30' -> '30 June 2019', '2019-07' -> 'July 2019', '2019' -> '2019'."""
    text = str(value or "").strip()
    match = _DATE.match(text)
    if match:
        year, month, day = match.group("year", "month", "day")
        if month and 1 <= int(month) <= 12:
            name = MONTHS[int(month) - 1]
            return f"{int(day)} {name} {year}" if day else f"{name} {year}"
        return year
    match = _RANGE.match(text)
    if match:
        return f"{match.group('start')}–{match.group('end')}"
    return text


def year_of(value: str | None) -> str | None:
    """The year a date or range starts in, or None when it has no year ('06-30')."""
    text = str(value or "").strip()
    match = _DATE.match(text) or _RANGE.match(text)
    if not match:
        return None
    return text[:4]


def machine_date(value: str | None) -> str:
    """A value for HTML's datetime attribute: the date itself, or the year of a range."""
    text = str(value or "").strip()
    return text if _DATE.match(text) else (year_of(text) or "")


def sort_key(value: str | None) -> str:
    """A string that sorts dates chronologically ('2019' before '2019-01' before '2019-01-02')."""
    text = str(value or "").strip()
    match = _RANGE.match(text)
    if match:
        return f"{match.group('start')}~{match.group('end')}"
    return text


def iso_timestamp(value: str | None) -> str | None:
    """RFC 3339 timestamp at the start of a date's period ('2019-07' -> '2019-07-01T00:00:00Z')."""
    match = _DATE.match(str(value or "").strip())
    if not match:
        return None
    year, month, day = match.group("year", "month", "day")
    return f"{year}-{month or '01'}-{day or '01'}T00:00:00Z"
