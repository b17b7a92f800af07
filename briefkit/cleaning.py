"""Stage 2: clean a `Source` into an `Article`.

Finds the header lines (`Title:`, `Date:`, `Source:`, `URL:`, `Outlet:`), the
headline, a photo caption, and the body paragraphs, and drops page debris
(menus, share buttons, comment notices) listed in data/boilerplate.txt.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from .data import load_patterns
from .errors import ArticleError
from .model import Article, Source

HEADER_KEYS = {"title", "date", "source", "url", "outlet", "author", "byline"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):[ \t]*(?P<value>.*)$")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_SENTENCE_END = re.compile(r"[.!?\"”’')\]]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
MAX_PARAGRAPH_CHARS = 20_000


def clean(source: Source) -> Article:
    """Turn a decoded source into headline, caption and body paragraphs."""
    lines = [normalize_line(line) for line in source.text.splitlines()]
    header, lines = _split_header(lines)
    blocks = _blocks(lines)
    meta = source.metadata
    title = header.get("title") or meta.get("title")
    caption = None
    if source.kind == "text" and blocks and not title:
        title = _single_line(blocks.pop(0))
    body = [" ".join(block) for block in blocks if not _is_boilerplate_block(block)]
    if source.kind == "text" and len(body) > 1 and _looks_like_caption(body[0]):
        caption = body.pop(0)
    paragraphs = [p for p in (_split_long(p) for p in body) for p in p if p]
    if not title and paragraphs:
        title = _shorten(paragraphs[0], 100)
    if not paragraphs:
        raise ArticleError(source.path, "no article text found (empty, or only page debris)")
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


def _blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks; a blank line or a debris line ends a block."""
    patterns = load_patterns("boilerplate.txt")
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line or is_debris(line, patterns):
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    # A block of short lines that don't end sentences is a menu, not prose;
    # lines inside a prose block that end sentences are separate paragraphs.
    out: list[list[str]] = []
    for block in blocks:
        if len(block) > 1 and all(_SENTENCE_END.search(line) for line in block):
            out.extend([line] for line in block)
        else:
            out.append(block)
    return out


def is_debris(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """A line of page debris: it matches a pattern, ignoring leading bullets."""
    bare = line.lstrip("•·*-–—>|» ").strip()
    return any(p.fullmatch(line) or p.fullmatch(bare) for p in patterns)


def _is_boilerplate_block(block: list[str]) -> bool:
    text = " ".join(block)
    return len(block) > 2 and len(text.split()) < 4 * len(block) and not _SENTENCE_END.search(text)


def _looks_like_caption(text: str) -> bool:
    words = len(text.split())
    return 5 <= words <= 60 and not _SENTENCE_END.search(text)


def _single_line(block: list[str]) -> str:
    return " ".join(block)


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
        if found:
            return found, f"Date: header line ({header['date']})"
    if source.metadata.get("date"):
        found = _iso(str(source.metadata["date"]))
        if found:
            return found, "page metadata"
    match = _FILE_DATE.match(PurePath(source.path).name)
    if match:
        return "-".join(match.groups()), "file name"
    return None, None


def _iso(value: str) -> str | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _url_from_source(value: str | None) -> str | None:
    if value and re.match(r"https?://", value):
        return value.split()[0]
    return None


def _outlet_from_source(value: str | None) -> str | None:
    if value and not re.match(r"https?://", value):
        return value
    return None
