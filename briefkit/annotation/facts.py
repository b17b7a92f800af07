"""Key facts: the sentences an analyst copies into a note, verbatim, in article order.

A candidate is a body sentence that is not a quote (mostly quoted words, or a
quote the quotes annotator found), not a question, not history (all its years
lie well before the story: that is background), and of sensible length.
Its score is one point per matching line of data/fact_cues.txt (actions and
decisions, figures and amounts, what happens next; dates do not count as
figures), minus one per line of data/opinion_cues.txt, plus one in the first
three sentences (news puts what matters first), plus one when it names a date
or weekday, minus one when it runs over 45 words. The best-scoring 3-6 (one per
five sentences) are kept, in article order; ties go to the earlier sentence.

Measured on the 26 hand-annotated devset articles (a fact matches when 60% of
the shorter sentence's words are shared): precision 0.60, recall 0.49.
"""

from __future__ import annotations

import re

from ..model import Annotations
from .date_mentions import dates_in
from .document import Document, Sentence
from .sentence_features import (
    cue_score,
    is_history,
    is_prose,
    is_quote,
    story_year,
    without_dates,
    word_count,
)

MIN_FACTS = 3
MAX_FACTS = 6
SENTENCES_PER_FACT = 5
MIN_WORDS = 6
MAX_WORDS = 70
MIN_SCORE = 2
TOP_SENTENCES = 3  # the lede and the sentences just after it
TOP_POINTS = 1
WHEN_POINTS = 1  # a date or weekday: something happened (or will) at a stated time
LONG_WORDS = 45
LONG_PENALTY = 1
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:next|last|this) (?:week|month)\b")


def annotate(doc: Document, ann: Annotations) -> None:
    year = story_year(ann)
    scored = []
    for index, sentence in enumerate(doc.sentences):
        if is_candidate(sentence, ann, year):
            scored.append((score(sentence.text, index), index))
    wanted = max(MIN_FACTS, min(MAX_FACTS, round(len(doc.sentences) / SENTENCES_PER_FACT)))
    ranked = sorted(scored, key=lambda pair: (-pair[0], pair[1]))
    chosen = [index for rank, (points, index) in enumerate(ranked[:wanted]) if points >= MIN_SCORE or rank < MIN_FACTS]
    ann.key_facts = [doc.sentences[index].text for index in sorted(chosen)]


def is_candidate(sentence: Sentence, ann: Annotations, year: int | None) -> bool:
    text = sentence.text
    words = word_count(text)
    if not MIN_WORDS <= words <= MAX_WORDS or text.endswith("?") or not is_prose(text):
        return False
    return not is_quote(text, ann) and not is_history(text, year)


def score(text: str, index: int) -> int:
    points = cue_score(without_dates(text), "fact_cues.txt") - cue_score(text, "opinion_cues.txt")
    if index < TOP_SENTENCES:
        points += TOP_POINTS
    if dates_in(text) or _WEEKDAY.search(text):
        points += WHEN_POINTS
    if word_count(text) > LONG_WORDS:
        points -= LONG_PENALTY
    return points
