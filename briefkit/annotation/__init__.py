"""Stage 3: annotate an `Article`: who, where, when, what was said, what matters.

Each annotator is a function `(doc: Document, ann: Annotations) -> None` in its
own module; ANNOTATORS is the order they run in (later ones may use what
earlier ones found, e.g. quotes use people, the timeline uses the date).
"""

from __future__ import annotations

from ..model import Annotations, Article
from . import background, dates, entities, facts, quotes, summary, timeline, topics
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
    for annotator in ANNOTATORS:
        annotator(doc, ann)
    return ann
