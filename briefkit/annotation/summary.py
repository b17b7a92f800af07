"""The summary: the article's lede, verbatim.

The lede is the first body sentence that reads as prose (sentence_features.
is_prose: at least six words and a closing full stop, question or exclamation mark (optionally inside
quotes). Lines without one (a caption the cleaner missed, a stray label) are
skipped. A short lede takes the next sentence of its paragraph too, up to about
TARGET_WORDS words and never over MAX_SUMMARY_WORDS. The caption is never used.
"""

from __future__ import annotations

from ..model import Annotations
from .document import Document, Sentence
from .sentence_features import is_prose, word_count

TARGET_WORDS = 25
MAX_SUMMARY_WORDS = 60


def annotate(doc: Document, ann: Annotations) -> None:
    sentences = doc.sentences
    start = next((i for i, s in enumerate(sentences) if is_prose(s.text)), None)
    if start is None:
        return
    chosen = [sentences[start].text]
    for sentence in sentences[start + 1 :]:
        if word_count(" ".join(chosen)) >= TARGET_WORDS or not _same_paragraph(sentence, sentences[start]):
            break
        if word_count(" ".join([*chosen, sentence.text])) > MAX_SUMMARY_WORDS:
            break
        chosen.append(sentence.text)
    ann.summary = " ".join(chosen)


def _same_paragraph(a: Sentence, b: Sentence) -> bool:
    return a.paragraph == b.paragraph
