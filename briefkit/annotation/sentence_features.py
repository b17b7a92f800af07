"""What a sentence is like: quoted, about the future, scored by cue words.

Shared by the summary, date, key-fact, background and timeline annotators.
Cue words live in data files (one regular expression per line) that editors extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..data import load_lines
from ..model import Annotations
from .date_mentions import dates_in

# A quoted span: straight or curly double quotes, at least one word inside.
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,})[\"“”]")
_WORD = re.compile(r"[\w'’-]+")
_PROSE_END = re.compile(r"[.!?][\"'”’)\]]*$")  # what _ends_as_prose() tests, without scanning the text
_CLOSING = "\"'”’)]"
_STOPS = (".", "!", "?")
_DOUBLE_QUOTES = re.compile(r"[\"“”]")
_OPENING_QUOTES = ('"', "“", "‘", "'")
MAIN_QUOTE_SHARE = 0.3  # a sentence with more of its words inside quotes is a quote


@cache
def cue_pattern(name: str) -> re.Pattern[str]:
    """All lines of a data file as one case-insensitive alternation."""
    return re.compile("|".join(f"(?:{line})" for line in load_lines(name)), re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One line of a cue file: a set of words and phrases, or a regular expression."""

    words: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    def matches(self, text: str, tokens: frozenset[str], padded: str) -> bool:
        if self.pattern is not None:
            return bool(self.pattern.search(text))
        return not self.words.isdisjoint(tokens) or any(phrase in padded for phrase in self.phrases)


@cache
def cues(name: str) -> tuple[Cue, ...]:
    """The lines of a cue file: `words: a, b, c d` lines become sets (fast), others regexes."""
    loaded = []
    for line in load_lines(name):
        if line.startswith("words:"):
            items = [w.strip().lower() for w in line[len("words:") :].split(",") if w.strip()]
            loaded.append(
                Cue(
                    words=frozenset(w for w in items if " " not in w),
                    phrases=tuple(f" {w} " for w in items if " " in w),
                )
            )
        else:
            loaded.append(Cue(pattern=re.compile(line, re.IGNORECASE)))
    return tuple(loaded)


def cue_score(text: str, name: str) -> int:
    """How many lines of the cue file match somewhere in `text`."""
    tokens, padded = _lower_words(text)
    index = _cue_index(name)
    score = 0
    for pattern in index.patterns:
        if pattern.search(text):
            score += 1
    listed = index.word_set & tokens
    starts = index.phrase_starts & tokens
    if not listed and not starts:
        return score
    matched = set()  # the `words:` lines that match
    for word in listed:
        matched.update(index.words[word])
    for first in starts:
        matched.update(line for phrase, line in index.phrases[first] if phrase in padded)
    return score + len(matched)


@dataclass(frozen=True)
class _CueIndex:
    """A cue file's `words:` lines by word, so that a sentence is looked up once, not line by line."""

    words: dict[str, tuple[int, ...]]  # word -> the lines listing it
    phrases: dict[str, tuple[tuple[str, int], ...]]  # first word -> (" padded phrase ", line)
    patterns: tuple[re.Pattern[str], ...]  # the regular-expression lines
    word_set: frozenset[str]  # the keys of words
    phrase_starts: frozenset[str]  # the keys of phrases


@cache
def _cue_index(name: str) -> _CueIndex:
    words: dict[str, list[int]] = {}
    phrases: dict[str, list[tuple[str, int]]] = {}
    patterns = []
    for number, cue in enumerate(cues(name)):
        if cue.pattern is not None:
            patterns.append(cue.pattern)
            continue
        for word in cue.words:
            words.setdefault(word, []).append(number)
        for phrase in cue.phrases:
            # " per cent " is in the padded words only if "per" is one of the words
            phrases.setdefault(phrase[1:].split(" ", 1)[0], []).append((phrase, number))
    return _CueIndex(
        {w: tuple(lines) for w, lines in words.items()},
        {w: tuple(found) for w, found in phrases.items()},
        tuple(patterns),
        frozenset(words),
        frozenset(phrases),
    )


@lru_cache(maxsize=4096)
def _lower_words(text: str) -> tuple[frozenset[str], str]:
    words = _WORD.findall(text.lower())
    return frozenset(words), " " + " ".join(words) + " "


@lru_cache(maxsize=4096)
def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_prose(text: str, min_words: int = 6) -> bool:
    """A real sentence: enough words and a closing full stop, question or exclamation mark."""
    return word_count(text) >= min_words and _ends_as_prose(text)


def _ends_as_prose(text: str) -> bool:
    """_PROSE_END.search(text), looking only at the end: a stop, then closing quotes or brackets
    (the search tried every position of the sentence). `$` also matches before a final newline."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    return text[:end].rstrip(_CLOSING).endswith(_STOPS)


def quoted_share(text: str) -> float:
    """The share of the sentence's words that sit inside double quotes."""
    total = word_count(text)
    if not total:
        return 0.0
    if not _DOUBLE_QUOTES.search(text):
        return 0.0  # no quote mark: nothing inside quotes, nothing left open
    inside = sum(word_count(m.group(1)) for m in _QUOTED.finditer(text))
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        inside = max(inside, total // 2)  # an unclosed quote runs over the sentence
    return inside / total


def is_future(text: str) -> bool:
    """The sentence speaks of what will, may or is due to happen."""
    return bool(cue_pattern("future_cues.txt").search(text))


def is_quote(text: str, ann: Annotations) -> bool:
    """Main content is a direct quote: it opens with one, is mostly quoted words,
    or holds a quote the quotes annotator found."""
    if text.startswith(_OPENING_QUOTES) or quoted_share(text) > MAIN_QUOTE_SHARE:
        return True
    return any(len(q.text) > 20 and q.text[:60] in text for q in ann.quotes)


def story_year(ann: Annotations) -> int | None:
    """The year of the briefing's date, if the date annotator found one."""
    return int(ann.date[:4]) if ann.date and ann.date[:4].isdigit() else None


def without_dates(text: str) -> str:
    """The sentence with its date mentions blanked, so dates do not count as figures."""
    for mention in reversed(dates_in(text)):
        text = text[: mention.start] + " " + text[mention.end :]
    return text


def is_history(text: str, year: int | None, gap: int = 2) -> bool:
    """Every year the sentence names lies at least `gap` years before the story."""
    years = [m.end_year or m.year for m in dates_in(text) if m.year]
    return bool(year and years) and max(years) <= year - gap  # type: ignore[operator]
