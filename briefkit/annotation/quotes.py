"""Annotator: direct quotes and who said them.

Quote marks are paired within a paragraph (curly “...” or straight "...").
Fragments of 1-3 words are scare quotes, unless they stand as a whole
utterance. The speaker comes, in order, from a speech verb before the quote in
its sentence ("Kang told Pompeo that ... "..."), an attribution after it
("...," she said / said X / according to X), or the quote before it in the
same paragraph. Pronouns resolve to the last person ("she") or body ("it")
that spoke; named speakers resolve to people's full names (speakers.py).
"""

from __future__ import annotations

import re

from ..model import Annotations, Quote
from .document import Document
from .speakers import Speakers

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_MIN_WORDS = 4


def annotate(doc: Document, ann: Annotations) -> None:
    speakers = Speakers(doc, ann.organizations)
    for paragraph in doc.paragraphs:
        previous: Quote | None = None
        for match in _QUOTE.finditer(paragraph):
            text = (match.group(1) or match.group(2)).strip()
            if not _is_quote(paragraph, match, text):
                continue
            speaker = speakers.resolve(paragraph, match.start(), match.end())
            if speaker is None and previous is not None:
                speaker = previous.speaker  # the same speaker goes on
            quote = Quote(text, speaker)
            ann.quotes.append(quote)
            speakers.spoke(speaker)
            previous = quote
    return None


def _is_quote(paragraph: str, match: re.Match[str], text: str) -> bool:
    words = text.split()
    if len(words) >= _MIN_WORDS:
        return True
    starts_sentence = match.start() == 0 or bool(re.search(r"[.!?:]\s*$", paragraph[: match.start()]))
    return starts_sentence and text[-1:] in "!?," and len(words) >= 2
