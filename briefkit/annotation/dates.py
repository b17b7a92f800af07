"""The briefing's date, as precise as the evidence allows and never more."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Annotations
from .document import Document

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def precision_of(date: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "unknown")


def annotate(doc: Document, ann: Annotations) -> None:
    article = doc.article
    if article.date:
        ann.date = article.date
        ann.date_precision = precision_of(article.date)
        ann.date_evidence = article.date_evidence
        return
    years = Counter(int(y) for y in _YEAR.findall(doc.text + " " + (article.caption or "")))
    if years:
        latest = max(years)
        ann.date = str(latest)
        ann.date_precision = "year"
        ann.date_evidence = f"latest year mentioned in the text ({latest})"
