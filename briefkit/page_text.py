"""Find the article in text copied from a news page: headline, caption, body.

The text is a sequence of lines: menus, section lists, the headline, a byline,
the body, related links, a footer. Each line gets a score (prose scores its
word count, menu items and debris cost a little); the body is the run of lines
with the highest total (a maximum-sum segment), so a few short lines inside the
body (sub-headings, "Advertisement") don't break it, and menus around it fall
outside. The headline is the title-like line nearest above the body.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser
from dataclasses import dataclass
from functools import lru_cache

from .data import load_patterns

_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]。！？」』）]$")
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)”\"’][.!?][\"”’]? [A-Z“\"‘]")
_DATE_LIKE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}:\d\d\b|"
    r"\b(19|20)\d\d-\d\d-\d\d\b|\b\d+ (minutes?|hours?|days?) ago\b|\b\d{1,2}/\d{1,2}/(19|20)?\d\d\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_URL_LINE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
PROSE_WORDS = 10
MAX_DEBRIS_CHARS = 700
SHORT_SENTENCE_SCORE = 1.0
MENU_SCORE = -2.0
DEBRIS_SCORE = -3.0
HEADLINE_LOOKBACK = 12
DISTANCE_COST = 0.5
SHORT_PREAMBLE = 4


@dataclass
class Line:
    text: str
    debris: bool
    score: float = 0.0


@dataclass
class PageArticle:
    """Where the article is in the lines: headline and caption (or None), body lines."""

    title: str | None
    caption: str | None
    body: list[str]


def find_article(lines: list[str], has_title: bool = False) -> PageArticle:
    """The headline, photo caption and body among `lines` (joined, non-empty units)."""
    debris = any_pattern(load_patterns("boilerplate.txt"))
    units = [Line(text, is_debris(text, debris)) for text in lines]
    for unit in units:
        unit.score = score(unit)
    start, end = best_segment([u.score for u in units])
    if any(u.score >= PROSE_WORDS for u in units[start:end]):
        while units[start].score < PROSE_WORDS:
            start += 1  # the body opens with a paragraph of prose, not a short line
    end = _before_comments(units, start, end)
    if end <= start:
        return PageArticle(None, None, [])
    body = _body(units[start:end])
    before = [u for u in units[:start] if not u.debris]
    title_index = None if has_title else _headline_index(before)
    title = before[title_index].text if title_index is not None else None
    after_title = before[title_index + 1 :] if title_index is not None else before
    caption = _caption(after_title)
    return PageArticle(title, caption, body)


def _before_comments(units: list[Line], start: int, end: int) -> int:
    """The body ends where a reader-comment section opens ("12 Comments", "Ann on May 2 said:")."""
    markers = any_pattern(load_patterns("comment_markers.txt"))
    for i in range(start + 1, end):
        text = units[i].text
        if len(text) <= MAX_DEBRIS_CHARS and markers.fullmatch(text):
            return i
        if text.endswith(" says:") and i + 1 < end and looks_like_byline_or_date(units[i + 1].text):
            return i
    return end


def _body(units: list[Line]) -> list[str]:
    """Body lines: no debris, and no run of menu-like lines (a link list inside the body)."""
    keep = []
    for i, unit in enumerate(units):
        if unit.debris:
            continue
        if unit.score == MENU_SCORE and _in_menu_run(units, i):
            continue
        keep.append(unit.text)
    return keep


def _in_menu_run(units: list[Line], i: int) -> bool:
    neighbours = units[max(0, i - 1) : i] + units[i + 1 : i + 2]
    return any(u.score <= MENU_SCORE for u in neighbours)


def is_debris(line: str, patterns: tuple[re.Pattern[str], ...] | AnyPattern) -> bool:
    """A line of page debris: it matches a pattern, ignoring leading bullets.

    `patterns` as loaded, or any_pattern() of them (made once for many lines)."""
    if len(line) > MAX_DEBRIS_CHARS:
        return False
    pattern = any_pattern(patterns) if isinstance(patterns, tuple) else patterns
    bare = line.lstrip("•·*-–—>|» ").strip()
    if bare != line and pattern.fullmatch(bare):
        return True
    return pattern.fullmatch(line) is not None


class _EachOf:
    """Patterns tried one by one: whether any of them matches."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def fullmatch(self, text: str) -> bool | None:
        return any(p.fullmatch(text) for p in self.patterns) or None


class _Guarded:
    """An alternation of patterns, fully matched against a line as one, where the patterns that
    open with a run of any characters (".{0,200}\\bcookies?\\b...": the regular expression tries
    every length of the run, most of the time on a debris check) are tried only on a line that
    holds a word each of them needs ("cookie"): about 0.3 ms less per page, same answers."""

    def __init__(self, everything: re.Pattern[str], cheap: re.Pattern[str] | None, needed: tuple[str, ...]) -> None:
        self.everything = everything  # all the patterns
        self.cheap = cheap  # the others
        self.needed = needed  # the line holds one of these, or none of the guarded patterns matches it
        self.ignorecase = bool(everything.flags & re.IGNORECASE)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self.cheap is not None:
            found = self.cheap.fullmatch(text)
            if found is not None:
                return found
        if self.ignorecase:
            if any(c in text for c in _CASE_ODD):
                return self.everything.fullmatch(text)
            text_lower = text.lower()
            return self.everything.fullmatch(text) if any(w in text_lower for w in self.needed) else None
        return self.everything.fullmatch(text) if any(w in text for w in self.needed) else None


# The only characters that match an ASCII letter case-insensitively but whose lower() is not
# that letter's: İ ı (i), ſ (s), and the Kelvin sign (k, which lower() gives, but kept here).
_CASE_ODD = "\u0130\u0131\u017f\u212a"

AnyPattern = re.Pattern[str] | _EachOf | _Guarded
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


@lru_cache(maxsize=16)
def any_pattern(patterns: tuple[re.Pattern[str], ...]) -> AnyPattern:
    """One alternation of the patterns: it fully matches a line exactly when one of them does,
    in one call instead of one per pattern (~25% less time on page lines). Patterns that refer
    to groups by number or differ in flags are kept apart and tried one by one."""
    flags = {p.flags for p in patterns}
    if len(flags) != 1 or any(_GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return _EachOf(patterns)
    flag = flags.pop()
    try:
        combined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flag)
    except re.error:  # a global inline flag such as (?x), allowed only at a pattern's start
        return _EachOf(patterns)
    if combined.groups != sum(p.groups for p in patterns):
        return _EachOf(patterns)
    return _guarded(patterns, combined, flag) or combined


def _guarded(patterns: tuple[re.Pattern[str], ...], combined: re.Pattern[str], flag: int) -> _Guarded | None:
    """The alternation with its patterns that open with a run of any length guarded by the words
    they need (see _Guarded), or None when there is no such pattern."""
    cheap, needed = [], []
    for pattern in patterns:
        words = needed_words(pattern) if _opens_with_a_run(pattern) else None
        if words and all(w.isascii() for w in words):
            needed.extend(w.lower() if flag & re.IGNORECASE else w for w in words)
        else:
            cheap.append(pattern)
    if not needed:
        return None
    alternation = re.compile("|".join(f"(?:{p.pattern})" for p in cheap), flag) if cheap else None
    return _Guarded(combined, alternation, tuple(dict.fromkeys(needed)))


def _opens_with_a_run(pattern: re.Pattern[str]) -> bool:
    try:
        items = list(_sre_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a private module: no guard rather than an error
        return False
    return bool(items) and items[0][0] in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def needed_words(pattern: re.Pattern[str]) -> list[str] | None:
    """Strings at least one of which is in every text the pattern matches (as the pattern
    compares, case-insensitive or not), from its parsed form; None when none is found.

    The longest literal run (or group of alternatives, each with its own) that every match
    passes through: "(?:a|b)c{0,3}literal" needs "literal"; optional parts never count."""
    try:
        return _needed(list(_sre_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - a private module: no guard rather than an error
        return None


_MIN_NEEDED = 3  # shorter literal runs guard nothing worth the look


def _needed(items: list) -> list[str] | None:
    best: list[str] | None = None
    run: list[str] = []

    def better(found: list[str] | None) -> None:
        nonlocal best
        if (
            found
            and min(map(len, found)) >= _MIN_NEEDED
            and (best is None or min(map(len, best)) < min(map(len, found)))
        ):
            best = found

    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        better(["".join(run)])
        run = []
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, content = value
            if add_flags or del_flags:
                return None  # flags changed inside: not worth following
            better(_needed(list(content)))
        elif op is _sre.BRANCH:
            better(_branches(value[1]))
    better(["".join(run)])
    return best


def _branches(alternatives: list) -> list[str] | None:
    """A group of alternatives needs what each one needs."""
    found: list[str] = []
    for alternative in alternatives:
        words = _needed(list(alternative))
        if not words:
            return None
        found.extend(words)
    return found


def score(unit: Line) -> float:
    """Prose earns its words; sentences earn a little; menus, links and debris cost."""
    if unit.debris or _URL_LINE.match(unit.text):
        return DEBRIS_SCORE
    words = word_count(unit.text)
    ends_sentence = bool(_SENTENCE_END.search(unit.text))
    if words >= PROSE_WORDS and (ends_sentence or _SENTENCE_INSIDE.search(unit.text)):
        return float(words)
    if ends_sentence and words >= 3:
        return SHORT_SENTENCE_SCORE
    return MENU_SCORE


def word_count(text: str) -> int:
    """Words, counting two Chinese or Japanese characters as one word (they use no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def best_segment(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the contiguous run with the highest sum (Kadane)."""
    best, best_range = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, value in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += value
        if total > best:
            best, best_range = total, (start, i + 1)
    return best_range


def looks_like_byline_or_date(text: str) -> bool:
    return bool(_DATE_LIKE.search(text)) or text.lower().startswith(("by ", "posted", "updated", "published"))


def _headline_index(before: list[Line]) -> int | None:
    """The title-like line above the body that is long and near (not a byline, date or caption)."""
    if before and len(before) <= SHORT_PREAMBLE and _title_like(before[0].text):
        return 0  # pasted text: the headline is the first line
    first = max(0, len(before) - HEADLINE_LOOKBACK)
    best, best_score = None, 0.0
    for i in range(first, len(before)):
        text = before[i].text
        if not _title_like(text):
            continue
        value = min(word_count(text), 20) - DISTANCE_COST * (len(before) - i)
        if _is_caption_before_body(before, i):
            value -= 8
        if best is None or value > best_score:
            best, best_score = i, value
    return best


def _title_like(text: str) -> bool:
    words = word_count(text)
    if not 3 <= words <= 30 or text.endswith((".", ":")) or looks_like_byline_or_date(text):
        return False
    return not text[0].islower()  # upper case, or a script without case (Korean, Arabic, ...)


def _is_caption_before_body(before: list[Line], i: int) -> bool:
    """A long line with a title-like line above it is more likely the photo caption."""
    text = before[i].text
    if word_count(text) < 12:
        return False
    words = word_count(text)
    return any(_title_like(u.text) and word_count(u.text) < words for u in before[max(0, i - 4) : i])


def _caption(after_title: list[Line]) -> str | None:
    """A photo caption: a descriptive line between the headline and the body."""
    for unit in after_title[:4]:
        words = word_count(unit.text)
        if 6 <= words <= 60 and not looks_like_byline_or_date(unit.text) and unit.score <= 0:
            return unit.text
    return None
