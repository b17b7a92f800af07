"""Annotator: topics from the IPTC Media Topics top level, by keyword rules.

briefkit/data/topic_keywords.yml lists words per topic; all of them are
looked up word by word in dictionaries (stems by prefix), so the text is scanned once. A topic
needs MIN_HITS keyword occurrences (title words count double), and at most
MAX_TOPICS are kept, the most frequent first.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from ..data import load_lines, load_yaml
from ..model import Annotations
from .document import Document

MIN_HITS = 3
MAX_TOPICS = 3
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")


@cache
def _rules() -> tuple[dict[str, str], dict[str, str], tuple[int, ...]]:
    """Exact words -> topic, stems (from "word*") -> topic, and the stem lengths to try."""
    known = {line.split("#")[0].strip() for line in load_lines("topics.txt")}
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for topic, words in load_yaml("topic_keywords.yml").items():
        if topic not in known:
            raise ValueError(f"topic_keywords.yml: {topic!r} is not in topics.txt")
        for word in words:
            word = " ".join(word.lower().split())
            if word.endswith("*"):
                stems.setdefault(word[:-1], topic)
            else:
                exact.setdefault(word, topic)
    return exact, stems, tuple(sorted({len(s) for s in stems}, reverse=True))


@lru_cache(maxsize=65536)
def _topic_of(word: str) -> str | None:
    exact, stems, lengths = _rules()
    if word in exact:
        return exact[word]
    for length in lengths:
        if length <= len(word) and word[:length] in stems:
            return stems[word[:length]]
    return None


@cache
def _phrase_starts() -> frozenset[str]:
    exact, stems, _ = _rules()
    return frozenset(k.split()[0] for k in (*exact, *stems) if " " in k)


def annotate(doc: Document, ann: Annotations) -> None:
    starts = _phrase_starts()
    hits: Counter[str] = Counter()
    for weight, text in ((2, doc.article.title or ""), (1, doc.text)):
        words = _WORD.findall(text.lower())
        for index, word in enumerate(words):
            pair = f"{word} {words[index + 1]}" if word in starts and index + 1 < len(words) else ""
            topic = (pair and _topic_of(pair)) or _topic_of(word)
            if topic:
                hits[topic] += weight
    ranked = sorted((t for t, n in hits.items() if n >= MIN_HITS), key=lambda t: (-hits[t], t))
    ann.topics = ranked[:MAX_TOPICS]
