"""The summary: the article's lede, verbatim."""

from __future__ import annotations

from ..model import Annotations
from .document import Document

MAX_SUMMARY_WORDS = 60


def annotate(doc: Document, ann: Annotations) -> None:
    if not doc.sentences:
        return
    words = 0
    chosen = []
    for sentence in doc.sentences:
        if sentence.paragraph != doc.sentences[0].paragraph:
            break
        chosen.append(sentence.text)
        words += len(sentence.text.split())
        if words >= 25:
            break
    summary = " ".join(chosen)
    if len(summary.split()) > MAX_SUMMARY_WORDS and len(chosen) > 1:
        summary = chosen[0]
    ann.summary = summary
