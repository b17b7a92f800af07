"""`build.py new "Title"`: a blank briefing for a story written by hand."""

from __future__ import annotations

import datetime
from pathlib import Path

from . import briefing
from .annotation.dates import precision_of
from .errors import BriefkitError
from .files import atomic_write, slug_for
from .model import Briefing
from .schema import DATE_FORMS


def new_briefing(title: str, out_dir: Path, date: str | None = None) -> Path:
    title = " ".join(title.split())
    if not title:
        raise BriefkitError("new: the title is empty")
    date = date or datetime.date.today().isoformat()
    precision = precision_of(date)
    if precision not in DATE_FORMS or not DATE_FORMS[precision].match(date):
        raise BriefkitError(f"new: --date {date!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    try:
        datetime.date.fromisoformat(date) if precision == "day" else None
    except ValueError:
        raise BriefkitError(f"new: --date {date!r} is not a day of the calendar") from None
    path = out_dir / f"{slug_for(title + '.md')}.md"
    same = [p for p in out_dir.glob("*.md") if p.name.casefold() == path.name] if out_dir.is_dir() else []
    if path.exists() or same:  # Seoul.md and seoul.md are one file on macOS and Windows
        raise BriefkitError(f"{same[0] if same else path}: already exists; choose another title or edit that file")
    meta = {
        "title": title,
        "date": date,
        "date_precision": precision,
        "date_evidence": "written by hand",
        "summary": "",
        "source": {"file": None, "url": None, "outlet": None, "sha256": None},
        "countries": [],
        "places": [],
        "people": [],
        "organizations": [],
        "topics": [],
    }
    atomic_write(path, briefing.render(Briefing(meta=meta), digest=False))  # no digest: a person's file
    return path
