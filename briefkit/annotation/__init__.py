"""Stage 3: annotate an `Article`: who, where, when, what was said, what matters.

Each annotator is a function `(doc: Document, ann: Annotations) -> None` in its
own module; ANNOTATORS is the order they run in (later ones may use what
earlier ones found, e.g. quotes use people, the timeline uses the date).
"""

from __future__ import annotations

from ..model import Annotations, Article
from . import background, date_mentions, dates, entities, facts, quotes, sentence_features, summary, timeline, topics
from .document import Document

ANNOTATORS = [
    summary.annotate,
    dates.annotate,
    entities.annotate,
    quotes.annotate,
    topics.annotate,
    facts.annotate,
    background.annotate,
    timeline.annotate,
]


def annotate(article: Article) -> Annotations:
    doc = Document.from_article(article)
    ann = Annotations()
    try:
        for annotator in ANNOTATORS:
            annotator(doc, ann)
    finally:
        forget_sentences()
    return ann


def forget_sentences() -> None:
    """Empty the memos of what several annotators ask about the same sentences (their dates,
    words): they serve one article, so nothing carries over from one article to the next, and
    thousands of entries do not linger into the garbage collector's oldest generation."""
    date_mentions.dates_in.cache_clear()
    sentence_features.word_count.cache_clear()
    sentence_features._lower_words.cache_clear()
