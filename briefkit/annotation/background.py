"""Background: the sentences that explain the roots of the story, verbatim.

A candidate is a body sentence after the lede that is not a quote and not
already a key fact. Its score is one point per matching line of
data/background_cues.txt (earlier rulings, treaties, history, long-running
disputes, past and past-perfect tense), plus two when every year it names lies
well before the story's year (history). Sentences scoring at least MIN_SCORE
are kept, the best 1-4 (one per SENTENCES_PER_ITEM sentences), in article order.
"""

from __future__ import annotations

from ..model import Annotations
from .document import Document
from .sentence_features import cue_score, is_history, is_prose, is_quote, story_year

MAX_ITEMS = 4
SENTENCES_PER_ITEM = 6
MIN_SCORE = 3
HISTORY_POINTS = 2
MIN_WORDS = 6


def annotate(doc: Document, ann: Annotations) -> None:
    year = story_year(ann)
    taken = set(ann.key_facts)
    scored = []
    for index, sentence in enumerate(doc.sentences[1:], start=1):
        text = sentence.text
        if text in taken or not is_prose(text, MIN_WORDS) or is_quote(text, ann):
            continue
        points = score(text, year)
        if points >= MIN_SCORE:
            scored.append((points, index))
    wanted = max(1, min(MAX_ITEMS, round(len(doc.sentences) / SENTENCES_PER_ITEM)))
    best = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:wanted]
    ann.background = [doc.sentences[index].text for _, index in sorted(best, key=lambda pair: pair[1])]


def score(text: str, year: int | None) -> int:
    history = HISTORY_POINTS if is_history(text, year) else 0
    return cue_score(text, "background_cues.txt") + history
