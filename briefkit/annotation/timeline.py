"""Timeline: the dated events of the story, oldest first.

Every date mention of the caption and the body (see date_mentions: ranges,
years after "in"/"since"..., months, days) becomes an Event whose text is the
sentence it stands in, verbatim (long sentences are cut to the clause around
the date). A year-less day or month takes the story's year when the date
annotator found one ("on June 30" -> "2019-06-30"); a year-less day otherwise
stays "06-30" and a year-less month is dropped. Events are sorted by date, with
year-less days last; one event per date and sentence.
"""

from __future__ import annotations

import re

from ..model import Annotations, Event
from .date_mentions import DateMention, date_string, dates_in
from .document import Document
from .sentence_features import is_prose, story_year, word_count

MAX_EVENTS = 12
MIN_WORDS = 4
MAX_EVENT_WORDS = 35
_CLAUSE_BREAK = re.compile(r"(?:, | -- | — | – |; )")


def annotate(doc: Document, ann: Annotations) -> None:
    year = story_year(ann)
    body = [s.text for s in doc.sentences if is_prose(s.text, MIN_WORDS)]
    texts = ([doc.article.caption] if doc.article.caption else []) + body
    events: dict[tuple[str, str], tuple[tuple[int, int, int, int], int]] = {}
    for order, text in enumerate(texts):
        for mention in dates_in(text):
            date = date_string(mention, year)
            if date is None:
                continue
            key = (date, event_text(text, mention))
            if key not in events:
                events[key] = (_sort_key(mention, year), order)
    ordered = sorted(events.items(), key=lambda item: item[1])
    ann.timeline = [Event(date=date, event=text) for (date, text), _ in ordered[:MAX_EVENTS]]


def _sort_key(mention: DateMention, year: int | None) -> tuple[int, int, int, int]:
    resolved = mention.year or year
    unknown_year = 0 if resolved else 1
    return (unknown_year, resolved or 0, mention.month or 0, mention.day or 0)


def event_text(sentence: str, mention: DateMention) -> str:
    """The sentence, or for a long one the clauses around the date, verbatim."""
    if word_count(sentence) <= MAX_EVENT_WORDS:
        return sentence
    breaks = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    start = max(b for b in breaks if b <= mention.start)
    end = min(b for b in breaks if b >= mention.end)
    while word_count(sentence[start:end]) < 8 and (start > 0 or end < len(sentence)):
        start = max([b for b in breaks if b < start] or [0])
        end = min([b for b in breaks if b > end] or [len(sentence)])
    return sentence[start:end].strip(" ,;—–-")
