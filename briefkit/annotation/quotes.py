"""Annotator: direct quotes and who said them.

Quote marks are paired within a paragraph: an opening mark (“, ‘‘, or a straight
" at the start of a word) with the next closing one (”, ’’, or a straight " at
the end of a word), so pages that mix curly and straight marks still pair. An
opening mark left open runs to the paragraph's end (a quote continued in the
next paragraph). Fragments of 1-3 words are scare quotes, unless they stand as
a whole utterance.

The speaker comes, in order, from a speech verb before the quote in its
sentence ("Kang told Pompeo that ... "..."), an attribution after it ("...," she
said / said X / ..., said X, the ...), the quote before it in the same
paragraph, the speaker who ended the previous paragraph ("X said:" or a
quote), or, for a paragraph opening with an unattributed quote, the attributed
quote opening the next paragraph. Pronouns resolve to the person the text was
last about (speakers.py); named speakers resolve to people's full names.
"""

from __future__ import annotations

import re

from ..model import Annotations, Quote
from .document import Document
from .speakers import Speakers

_MARK = re.compile(r"‘‘|’’|[“”„\"]")
_OPENS_AFTER = " \t([{—–-/"
_CLOSES_BEFORE = ",.;:!?)]"
_MIN_WORDS = 4


def annotate(doc: Document, ann: Annotations) -> None:
    speakers = Speakers(doc, ann.organizations)
    sentences: dict[int, list[str]] = {}
    for sentence in doc.sentences:
        sentences.setdefault(sentence.paragraph, []).append(sentence.text)
    waiting: list[tuple[Quote, int]] = []  # unattributed quotes opening a paragraph
    opening: dict[int, str] = {}  # paragraph -> speaker of its attributed opening quote
    for index, paragraph in enumerate(doc.paragraphs):
        spans = [s for s in quote_spans(paragraph) if _is_quote(paragraph, s)]
        narrative = [s for s in _sentence_spans(paragraph, sentences.get(index, [])) if not _overlaps(s, spans)]
        previous: Quote | None = None
        told = 0
        for start, end, text_start, text_end in spans:
            while told < len(narrative) and narrative[told][1] <= start:
                speakers.narrate(paragraph[narrative[told][0] : narrative[told][1]])
                told += 1
            speaker, attributed = speakers.resolve(paragraph, start, end)
            opens = not paragraph[:start].strip()
            if not attributed and previous is not None:
                speaker = previous.speaker  # the same speaker goes on
            elif not attributed and opens:
                speaker = speakers.paragraph_speaker  # "X said:" ending the paragraph before
            quote = Quote(paragraph[text_start:text_end].strip(), speaker)
            if opens and attributed and speaker:
                opening[index] = speaker
            if opens and speaker is None and not attributed:
                waiting.append((quote, index))
            ann.quotes.append(quote)
            speakers.spoke(speaker)
            previous = quote
        for begin, finish in narrative[told:]:
            speakers.narrate(paragraph[begin:finish])
        speakers.end_paragraph()
    for quote, index in waiting:
        if quote.speaker is None and index + 1 in opening:
            quote.speaker = opening[index + 1]  # "“...” ¶ “...,” he said."
    return None


def quote_spans(paragraph: str) -> list[tuple[int, int, int, int]]:
    """(start, end, text start, text end) of each paired quotation in a paragraph."""
    spans = []
    opened: re.Match[str] | None = None
    for mark in _MARK.finditer(paragraph):
        if _opens(paragraph, mark, opened):
            if opened is None or mark.group() != '"':
                opened = mark  # a curly mark opening again: the earlier one was never closed
        elif opened is not None:
            if paragraph[opened.end() : mark.start()].strip():
                spans.append((opened.start(), mark.end(), opened.end(), mark.start()))
            opened = None
    if opened is not None and paragraph[opened.end() :].strip():
        spans.append((opened.start(), len(paragraph), opened.end(), len(paragraph)))
    return spans


def _opens(paragraph: str, mark: re.Match[str], opened: re.Match[str] | None) -> bool:
    """Whether a quote mark opens a quotation (else it closes one).

    “ and ‘‘ open, ” and ’’ close; but “ closes a German „...“ quote, or when
    it stands after a word before punctuation (“ Title “,). A straight " opens
    at the start of a word and closes at its end; between two spaces it
    toggles."""
    text = mark.group()
    before = paragraph[mark.start() - 1] if mark.start() else " "
    after = paragraph[mark.end()] if mark.end() < len(paragraph) else " "
    if text in ("„", "‘‘"):
        return True
    if text in ("”", "’’"):
        return False
    if text == "“":
        if opened is not None and (opened.group() == "„" or after in _CLOSES_BEFORE or after == " "):
            return False
        return True
    opening, closing = before in _OPENS_AFTER, after.isspace() or after in _CLOSES_BEFORE
    if opening != closing:
        return opening
    return opened is None


def _sentence_spans(paragraph: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for sentence in sentences:
        found = paragraph.find(sentence, position)
        if found < 0:
            continue
        spans.append((found, found + len(sentence)))
        position = found + len(sentence)
    return spans


def _overlaps(sentence: tuple[int, int], quotes: list[tuple[int, int, int, int]]) -> bool:
    return any(start < sentence[1] and sentence[0] < end for start, end, _, _ in quotes)


def _is_quote(paragraph: str, span: tuple[int, int, int, int]) -> bool:
    start, _, text_start, text_end = span
    text = paragraph[text_start:text_end].strip()
    words = text.split()
    if len(words) >= _MIN_WORDS:
        return True
    starts_sentence = start == 0 or bool(re.search(r"[.!?:]\s*$", paragraph[:start]))
    return starts_sentence and text[-1:] in "!?," and len(words) >= 2
