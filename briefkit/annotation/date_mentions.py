"""Date expressions in news text: "June 30", "March 2019", "30 June 2019", "1910-1945".

`find_dates(text)` returns each mention with what it states and nothing more:
a year-less "on June 30" has `year=None`; a bare year counts only after a word
from data/year_cues.txt ("in 2016", "since 2016") or before an event noun from
data/year_nouns.txt ("a 1962 war", "the 1965 treaty"), so "its 2025 bond" or
"2019 points" are not dates. Weekdays ("Thursday") are not dates either: they
never say which week.

Month names come from data/months.txt. One compiled regex scans the text left
to right; at each position the most specific form wins (full date before
month-year before month-only before bare year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..data import load_lines

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A month name alone is a date only after one of these ("in May", "last March").
_MONTH_WORDS = "in since until by from during early late last this next through of".split()
_MONTH_PREPOSITIONS = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _MONTH_WORDS)
MONTH_NAMES = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class DateMention:
    text: str  # as written
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # for ranges "1910-1945"

    def sort_key(self, default_year: int = 9999) -> tuple[int, int, int]:
        return (self.year or default_year, self.month or 0, self.day or 0)

    def human(self, year: int | None = None) -> str:
        """'June 30 2019', 'March 2019', '1965', '1910-1945' (year filled in if given)."""
        year = self.year or year
        if self.end_year:
            return f"{self.year}-{self.end_year}"
        parts = []
        if self.month:
            parts.append(MONTH_NAMES[self.month - 1])
        if self.day:
            parts.append(str(self.day))
        if year:
            parts.append(str(year))
        return " ".join(parts)


@cache
def month_numbers() -> dict[str, int]:
    """Month spelling -> number, from data/months.txt."""
    table = {}
    for line in load_lines("months.txt"):
        name, number = line.rsplit(None, 1)
        table[name] = int(number)
    return table


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(month_numbers(), key=len, reverse=True)
    month = "(?:" + "|".join(re.escape(n) for n in names) + r")\b\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?(?![\d:])"
    forms = [
        rf"\b(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b",
        rf"\b(?P<mdy_m>{month}) (?P<mdy_d>{day})(?:,? (?P<mdy_y>{_YEAR})\b)?",
        rf"\b(?P<dmy_d>{day}) (?:of )?(?P<dmy_m>{month})(?:,? (?P<dmy_y>{_YEAR})\b)?",
        rf"\b(?P<my_m>{month}),? (?P<my_y>{_YEAR})\b(?!\d)",
        rf"(?:\b(?:{_MONTH_PREPOSITIONS}) |\b[Mm]id-)(?P<mo_m>{month})(?! ?\d)",
        rf"\b(?P<r1>{_YEAR}) ?[-–—] ?(?P<r2>{_YEAR})\b",
        rf"\b(?:[Bb]etween|[Ff]rom) (?P<r3>{_YEAR}) (?:and|to|until|through) (?P<r4>{_YEAR})\b",
        rf"(?<![$€£\d.,])\b(?P<y>{_YEAR})\b(?!%|\d|,\d| ?percent)",
    ]
    # Every form starts at a word boundary, with a digit, a month name, a word of
    # _MONTH_WORDS, "mid-", "between" or "from"; saying so first lets the scan skip
    # other positions without trying each form.
    firsts = {n[0] for n in names} | {c for w in _MONTH_WORDS for c in (w[0], w[0].upper())} | set("MmBbFf")
    first = "[" + "".join(re.escape(c) for c in sorted(firsts)) + r"\d]"
    return re.compile(rf"\b(?={first})(?:" + "|".join(forms) + ")")


@cache
def _year_cues() -> frozenset[str]:
    return frozenset(word.lower() for word in load_lines("year_cues.txt"))


@cache
def _year_nouns() -> frozenset[str]:
    return frozenset(word.lower() for word in load_lines("year_nouns.txt"))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[-\s(]*$")
_WORD_AFTER = re.compile(r"[\s-]+([A-Za-z]+)")


@lru_cache(maxsize=4096)
def dates_in(text: str) -> tuple[DateMention, ...]:
    """find_dates, remembered: several annotators ask about the same sentences."""
    return tuple(find_dates(text))


@cache
def _month_starts() -> re.Pattern[str]:
    """The first three letters of every month spelling: a month name is never without them."""
    return re.compile("|".join(sorted({re.escape(name[:3]) for name in month_numbers()})))


_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in `text`, in order."""
    if not _DIGIT.search(text) and not _month_starts().search(text):
        return []  # every form has a digit or a month name; most sentences have neither
    mentions = []
    for match in _pattern().finditer(text):
        mention = _mention(match, text)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(match: re.Match[str], text: str) -> DateMention | None:
    g = match.groupdict()
    months = month_numbers()

    def month(name: str) -> int:
        return months[name.rstrip(".")]

    def make(year: str | None, mon: int | None = None, day: str | None = None, end: str | None = None):
        day_number = int(re.sub(r"\D", "", day)) if day else None
        if day_number is not None and not 1 <= day_number <= 31:
            return None
        if mon is not None and not 1 <= mon <= 12:
            return None
        y = int(year) if year else None
        e = int(end) if end else None
        if e is not None and (y is None or e <= y):
            return None
        return DateMention(match.group(0), match.start(), match.end(), y, mon, day_number, e)

    if g["iso_y"]:
        return make(g["iso_y"], int(g["iso_m"]), g["iso_d"])
    if g["mdy_m"]:
        return make(g["mdy_y"], month(g["mdy_m"]), g["mdy_d"])
    if g["dmy_m"]:
        return make(g["dmy_y"], month(g["dmy_m"]), g["dmy_d"])
    if g["my_m"]:
        return make(g["my_y"], month(g["my_m"]))
    if g["mo_m"]:
        return _month_only(match, month(g["mo_m"]))
    if g["r1"] or g["r3"]:
        return make(g["r1"] or g["r3"], end=g["r2"] or g["r4"])
    before = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start())
    after = _WORD_AFTER.match(text, match.end())
    if (before and before.group(1).lower() in _year_cues()) or (after and after.group(1).lower() in _year_nouns()):
        return make(g["y"])
    return None


def _month_only(match: re.Match[str], month: int) -> DateMention | None:
    """'in March', 'last May': a month without day or year (the month name only)."""
    text = match.group(0)
    name_start = text.rfind(" ") + 1 if " " in text else text.find("-") + 1
    return DateMention(text[name_start:], match.start() + name_start, match.end(), None, month)


def date_string(mention: DateMention, year: int | None = None) -> str | None:
    """The timeline form: 'YYYY', 'YYYY-YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'MM-DD'.

    A year-less mention takes `year` (the story's) when given; a year-less month
    alone has no form without it (None).
    """
    if mention.end_year:
        return f"{mention.year}-{mention.end_year}"
    resolved = mention.year or year
    if mention.day and mention.month:
        if resolved:
            return f"{resolved:04d}-{mention.month:02d}-{mention.day:02d}"
        return f"{mention.month:02d}-{mention.day:02d}"
    if mention.month:
        return f"{resolved:04d}-{mention.month:02d}" if resolved else None
    return f"{resolved:04d}" if resolved else None
