"""The article as annotators see it: paragraphs split into sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Article

# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets),
# then whitespace, then an opening quote, bracket or capital/digit.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|Vol|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|S)\.|\b[A-Z]\.)$"
)

_CLOSING = "\"'”’)]"
_ABBREVIATION_WINDOW = 12  # longer than any match of _ABBREVIATIONS ("Sept.")


@dataclass
class Sentence:
    text: str
    paragraph: int  # index into Document.paragraphs


@dataclass
class Document:
    article: Article
    paragraphs: list[str]
    sentences: list[Sentence] = field(default_factory=list)
    # Set by the entity annotator: people.People, to resolve "Pompeo" or "she" in quotes.
    people_index: Any = field(default=None, repr=False)

    @classmethod
    def from_article(cls, article: Article) -> Document:
        doc = cls(article=article, paragraphs=list(article.paragraphs))
        for index, paragraph in enumerate(doc.paragraphs):
            doc.sentences.extend(Sentence(s, index) for s in split_sentences(paragraph))
        return doc

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations together."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        head = paragraph[start : match.start()]
        end = match.start()
        while end and paragraph[end - 1] in _CLOSING:
            end -= 1
        # Only the end of the text before the boundary can match (the pattern ends in "\.$"):
        # searching a short window keeps long paragraphs linear.
        if _ABBREVIATIONS.search(paragraph, max(0, end - _ABBREVIATION_WINDOW), end):
            continue
        parts.append(head.strip() + paragraph[match.start() : match.end()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return [p.strip() for p in parts if p.strip()]
