"""Stage 2: clean a `Source` into an `Article`.

Finds the header lines (`Title:`, `Date:`, `Source:`, `URL:`, `Outlet:`), the
headline, a photo caption, and the body paragraphs, and drops page debris
(menus, share buttons, comment notices) listed in data/boilerplate.txt.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import PurePath

from .data import load_patterns
from .errors import ArticleError
from .model import Article, Source
from .page_text import any_pattern, find_article, is_debris

HEADER_KEYS = {"title", "date", "source", "url", "outlet", "author", "byline"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):[ \t]*(?P<value>.*)$")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")
_SENTENCE_END = re.compile(r"[.!?\"”’')\]]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A line of an event schedule: a date, a dash, then "Place, Region" ("June 9 – Tampa, FL @ Arena",
# "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL").
SCHEDULE_LINE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?"
    r"(?:, \d{4})? (?:--|[–—-]) [A-Z0-9][^\n]{0,120}?, [A-Z][^\n]{0,100}"
)
MINSCHEDULE_LINES = 3
MAX_PARAGRAPH_CHARS = 20_000


def clean(source: Source) -> Article:
    """Turn a decoded source into headline, caption and body paragraphs."""
    lines = [normalize_line(line) for line in source.text.splitlines()]
    header, lines = _split_header(lines)
    meta = source.metadata
    title = header.get("title") or meta.get("title")
    if source.kind == "html":
        caption, body = None, _html_paragraphs(lines)
    else:
        units = text_units(lines)
        found = find_article(units, has_title=bool(title))
        title, caption, body = title or found.title, found.caption, _with_schedule(units, found.body)
    paragraphs = [part for paragraph in body for part in _split_long(paragraph) if part]
    if not paragraphs:
        raise ArticleError(source.path, "no article text found (empty, or only page debris)")
    if not title:
        title = _shorten(paragraphs[0], 100)
    date, evidence = _date(source, header)
    return Article(
        path=source.path,
        kind=source.kind,
        sha256=source.sha256,
        title=_shorten(title or PurePath(source.path).stem, 300),
        paragraphs=paragraphs,
        caption=caption,
        url=header.get("url") or meta.get("url") or _url_from_source(header.get("source")),
        outlet=header.get("outlet") or meta.get("outlet") or _outlet_from_source(header.get("source")),
        author=header.get("author") or header.get("byline") or meta.get("author"),
        date=date,
        date_evidence=evidence,
    )


def normalize_line(line: str) -> str:
    """NFC, no control or bidi characters, single spaces, stripped."""
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Header lines `Key: value` at the very top, up to the first blank line."""
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i]:
        i += 1
    start = i
    while i < len(lines) and lines[i]:
        match = _HEADER_LINE.match(lines[i])
        if not match or match["key"].lower() not in HEADER_KEYS:
            return {}, lines
        header[match["key"].lower()] = match["value"].strip()
        i += 1
    if i == start:
        return {}, lines
    return header, lines[i:]


def text_units(lines: list[str]) -> list[str]:
    """Paragraph candidates: each line, except that hard-wrapped blocks are joined."""
    units: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if _hard_wrapped(block):
            units.append(" ".join(block))
        else:
            units.extend(block)
        block = []
    return units


def _hard_wrapped(block: list[str]) -> bool:
    """Lines cut at a fixed width (e-mail, terminal copies): most lines mid-sentence, similar length."""
    if len(block) < 2 or (len(block) == 2 and not block[1][:1].islower()):
        return False
    lengths = [len(line) for line in block[:-1]]
    mid_sentence = sum(1 for line in block[:-1] if not _SENTENCE_END.search(line))
    similar = min(lengths) >= max(30, 0.6 * max(lengths)) and max(lengths) <= 100
    return similar and mid_sentence >= 0.6 * len(lengths)


def _with_schedule(units: list[str], body: list[str]) -> list[str]:
    """The body with the event schedule that closes it ("June 9 – Tampa, FL @ ..." lines): such
    lines score as a menu, yet a run of them right after the last paragraph is the article's own."""
    if not body or not units:
        return body
    last = len(units) - 1 - units[::-1].index(body[-1]) if body[-1] in units else -1
    if last < 0:
        return body
    start = last if SCHEDULE_LINE.fullmatch(units[last]) else last + 1
    while start > 0 and SCHEDULE_LINE.fullmatch(units[start - 1]):
        start -= 1
    if start == last + 1 and start < len(units) and not SCHEDULE_LINE.fullmatch(units[start]):
        start += 1  # one heading line between the body and the list ("Tour Dates")
    end = start
    while end < len(units) and SCHEDULE_LINE.fullmatch(units[end]):
        end += 1
    if end - start < MINSCHEDULE_LINES:
        return body
    schedule = units[start:end]
    kept = body[:]
    while kept and kept[-1] in schedule:
        kept.pop()
    return kept + schedule


def _html_paragraphs(lines: list[str]) -> list[str]:
    """trafilatura's lines are paragraphs; drop only lines of page debris."""
    debris = any_pattern(load_patterns("boilerplate.txt"))
    return [line for line in lines if line and not is_debris(line, debris)]


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_PARAGRAPH_CHARS:
        return [paragraph]
    return [paragraph[i : i + MAX_PARAGRAPH_CHARS] for i in range(0, len(paragraph), MAX_PARAGRAPH_CHARS)]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _date(source: Source, header: dict[str, str]) -> tuple[str | None, str | None]:
    """A date stated by the header, the page metadata or the file name."""
    if header.get("date"):
        found = _iso(header["date"])
        if found and not _on_calendar(found):
            raise ArticleError(source.path, f"the Date: header line ({header['date']}) is not a date of the calendar")
        if found:
            return found, f"Date: header line ({header['date']})"
    if source.metadata.get("date"):
        found = _iso(str(source.metadata["date"]))
        if found and _on_calendar(found):  # a page's own mistake (2019-02-30) is not a date to keep
            return found, "page metadata"
    match = _FILE_DATE.match(PurePath(source.path).name)
    if match:
        found = "-".join(match.groups())
        if not _on_calendar(found):
            raise ArticleError(source.path, f"the date in the file name ({found}) is not a day of the calendar")
        return found, "file name"
    return None, None


def _iso(value: str) -> str | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _on_calendar(date: str) -> bool:
    """True for a real year, month or day: not 2019-02-30, 2019-13 or 0000."""
    parts = [int(part) for part in date.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _url_from_source(value: str | None) -> str | None:
    if value and re.match(r"https?://", value):
        return value.split()[0]
    return None


def _outlet_from_source(value: str | None) -> str | None:
    if value and not re.match(r"https?://", value):
        return value
    return None
