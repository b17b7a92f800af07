"""The briefing's date, as precise as the evidence allows and never more.

Rules, in order:

1. A date the cleaner found (header line, page metadata, YYYY-MM-DD file name)
   is exact: it is used as given.
2. A dateline with a full date ("WASHINGTON, July 11, 2019 (Reuters) -") gives
   the day. A dateline without the year ("July 11 (Reuters) -") gives the month,
   in the story year of rule 3.
3. Otherwise the text is evidence, and a news story reports what already
   happened: every date mentioned in a sentence that does not speak of the
   future (data/future_cues.txt) lies on or before the story. The latest such
   mention is a lower bound ("after June 30 2019 in text"). A lower bound is
   not the story's year (a story of 2019 may mention only 1998), so the year is
   claimed only when the text ties it to the present:
   writers drop the year of recent dates: when the latest written-out year
   comes with its month ("in March 2019") in the photo caption or in the same
   paragraph as a year-less past day later in that year ("on June 30"), that
   year is the story's year, and the year-less dates take it. (Further apart,
   "June 2018" and "Nov. 14" were measured to be different years.) ("this year" next to a
   year proves nothing: "shelved in 2017 but re-opened earlier this year".)
   The month is claimed only when the text ties the story to a month:
   "earlier this month" next to "July 3" gives July; "last month" next to
   "in June" gives July. Otherwise the precision is the year. Weekdays
   ("Thursday") are ignored: they never prove which week.
4. No year proven: the date is unknown, and the evidence names the lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Annotations
from .date_mentions import MONTH_NAMES, DateMention, dates_in, month_numbers
from .document import Document
from .sentence_features import is_future

_THIS_MONTH = re.compile(r"\b(?:earlier|later|so far|end of|start of|beginning of)? ?this month\b", re.IGNORECASE)
_LAST_MONTH = re.compile(r"\blast month\b", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    mention: DateMention
    where: str  # "text" or "caption"
    sentence: str
    future: bool
    paragraph: int = -1  # index of the body paragraph; -1 for the caption


def precision_of(date: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "unknown")


def annotate(doc: Document, ann: Annotations) -> None:
    article = doc.article
    if article.date:
        ann.date = article.date
        ann.date_precision = precision_of(article.date)
        ann.date_evidence = article.date_evidence
        return
    evidence = collect_evidence(doc)
    year, year_source = story_year(evidence)
    dateline = dateline_date(doc.paragraphs[0] if doc.paragraphs else "", year)
    if dateline:
        ann.date, ann.date_evidence = dateline
    elif year is not None:
        ann.date, ann.date_evidence = _date_from_mentions(evidence, year, year_source)
    else:
        ann.date_evidence = _unknown_reason(evidence)
        return
    ann.date_precision = precision_of(ann.date)


def collect_evidence(doc: Document) -> list[Evidence]:
    """Every date mention in the body sentences and the caption."""
    found = []
    caption = doc.article.caption
    if caption:
        found.extend(Evidence(m, "caption", caption, False) for m in dates_in(caption))
    for sentence in doc.sentences:
        mentions = dates_in(sentence.text)
        if mentions:
            future = is_future(sentence.text)
            found.extend(Evidence(m, "text", sentence.text, future, sentence.paragraph) for m in mentions)
    return found


def story_year(evidence: list[Evidence]) -> tuple[int | None, Evidence | None]:
    """The story's year when the text proves it (rule 3), and the mention that does."""
    past = [e for e in evidence if not e.future]
    dated = [e for e in past if e.mention.year]
    if not dated:
        return None, None
    latest = max(dated, key=lambda e: (e.mention.end_year or e.mention.year or 0, e.mention.month or 0))
    mention = latest.mention
    if mention.end_year or not mention.month:
        return None, latest
    later_yearless = any(
        e.mention.year is None
        and e.mention.day
        and (e.mention.month or 0) > mention.month
        and (latest.where == "caption" or e.paragraph == latest.paragraph)
        for e in past
    )
    return (mention.year, latest) if later_yearless else (None, latest)


def _date_from_mentions(evidence: list[Evidence], year: int, year_source: Evidence | None) -> tuple[str, str]:
    past = [e for e in evidence if not e.future and (e.mention.year in (None, year) or e.mention.end_year == year)]
    bound = max(past, key=lambda e: e.mention.sort_key(year))
    origin = "" if bound.mention.year else _year_origin(year_source)
    month = month_from_relative_words(evidence, year)
    if month and month >= (bound.mention.month or 0):
        return f"{year:04d}-{month:02d}", f"{MONTH_NAMES[month - 1]} {year}: {month_reason(evidence)}"
    return f"{year:04d}", f"after {bound.mention.human(year)} in {bound.where}{origin}"


def _unknown_reason(evidence: list[Evidence]) -> str | None:
    dated = [e for e in evidence if not e.future and e.mention.year]
    if not dated:
        return None
    latest = max(dated, key=lambda e: e.mention.sort_key())
    return f"unknown: no story year in text (latest past date: {latest.mention.human()} in {latest.where})"


def _year_origin(source: Evidence | None) -> str:
    if source is None:
        return ""
    return f" (year from {source.mention.human()} in {source.where})"


def month_from_relative_words(evidence: list[Evidence], year: int) -> int | None:
    """A month the text ties the story to ('earlier this month', 'last month'), or None."""
    months = {m for m, _ in _relative_months(evidence, year)}
    return months.pop() if len(months) == 1 else None


def month_reason(evidence: list[Evidence]) -> str:
    for item in evidence:
        if item.mention.month and not item.future:
            phrase = _THIS_MONTH.search(item.sentence) or _LAST_MONTH.search(item.sentence)
            if phrase:
                return f"'{phrase.group(0).strip()}' next to {item.mention.text} in {item.where}"
    return ""


def _relative_months(evidence: list[Evidence], year: int) -> list[tuple[int, Evidence]]:
    found = []
    for item in evidence:
        mention = item.mention
        if not mention.month or item.future or mention.year not in (None, year):
            continue
        if _THIS_MONTH.search(item.sentence):
            found.append((mention.month, item))
        elif _LAST_MONTH.search(item.sentence) and mention.month < 12:
            found.append((mention.month + 1, item))
    return found


@cache
def _dateline() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(month_numbers(), key=len, reverse=True))
    return re.compile(
        rf"^(?:[A-Z][A-Za-z.' -]{{1,40}}, )?(?:[A-Z][A-Za-z.' -]{{1,30}}, )?"
        rf"(?P<m>{names})\.? (?P<d>\d{{1,2}})"
        rf"(?:, (?P<y>\d{{4}}))? ?(?:\([A-Za-z .&]+\) ?)?[-–—]"
    )


def dateline_date(first_paragraph: str, year: int | None) -> tuple[str, str] | None:
    """'WASHINGTON, July 11, 2019 (Reuters) -': the day; without the year, the month."""
    match = _dateline().match(first_paragraph)
    if not match:
        return None
    month = month_numbers()[match["m"]]
    if match["y"]:
        return f"{match['y']}-{month:02d}-{int(match['d']):02d}", f"dateline '{match.group(0).strip()}'"
    if year is None:
        return None
    return f"{year:04d}-{month:02d}", f"dateline '{match.group(0).strip()}' (year {year} from text)"
