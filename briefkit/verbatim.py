"""Is a briefing's claim still in its source article? Verbatim matching for `check`.

The article is read through the same stages as ingest (`reading.read_source`,
then `cleaning.clean`), so a claim is compared with the text the briefing was
made from, not with page debris. Both sides are normalised: Unicode NFC,
whitespace collapsed, curly quotes and primes made straight, Markdown escapes
already removed by the parser. A claim may leave words out with an ellipsis
(`…`, `...`, `[…]`, `[...]`): each part must then appear, in order.

A claim that comes from elsewhere says so at its end, and is not compared:

- a footnote:        `- Samsung makes half the world's memory chips.[^1]`
                     with `[^1]: Reuters, 2 July 2019, https://...` at the end of the file
- a link:            `- Samsung makes ... chips ([Reuters](https://...)).`
- a source note:     `- Samsung makes ... chips (Source: Reuters, 2 July 2019).`
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import cleaning, reading
from .check_cache import CheckCache, article_key
from .errors import BriefkitError

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛′‹›`´＇"})
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")
_EDGE_PUNCTUATION = ".,;:!?"
CITATION = re.compile(
    r"""(?:
        \[\^[^\]\s]+\]                              # footnote reference [^1]
      | \(\s*sources?\s*:[^)]*\)                    # (Source: Reuters, 2 July 2019)
      | \(?!?\[(?:\\.|[^\]\\])+\]\([^)\s]+\)\)?     # [Reuters](https://...), maybe in parentheses
    )[\s.,;:]*$""",
    re.IGNORECASE | re.VERBOSE,
)
FOOTNOTE_REFERENCE = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")


def normalise(text: str) -> str:
    """Text as compared: NFC, straight quotes, single spaces, stripped."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())  # runs of any whitespace (as \s matches) as one space, 10x faster than re.sub


def cites_another_source(markdown: str) -> bool:
    """True when an item (as written in Markdown) ends with a citation."""
    return bool(CITATION.search(markdown.strip()))


def found_in(claim: str, text: str) -> bool:
    """Whether a claim appears verbatim in a normalised article text (elisions allowed)."""
    return parts_found_in(claim_parts(claim), text)


def claim_parts(claim: str) -> tuple[str, ...]:
    """The pieces of a claim that must appear in the article, in order: normalised, split at elisions."""
    parts = (p.strip(_EDGE_PUNCTUATION + " ") for p in _ELLIPSIS.split(normalise(claim)))
    return tuple(p for p in parts if p)


def parts_found_in(parts: tuple[str, ...], text: str) -> bool:
    """Whether the pieces of a claim appear in a normalised article text, in order (none: trivially)."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found == -1:
            return False
        position = found + len(part)
    return True


@dataclass
class SourceText:
    text: str | None  # normalised article text, or None when it cannot be read
    problem: str | None = None
    key: str | None = None  # its key in the check cache, when read


class ArticleCache:
    """Cleaned, normalised article texts: each read once per run, and kept between runs.

    Kept in the check cache (check_cache.py) under the SHA-256 of the article's
    path and bytes and of the code that cleans them, so an edited article or a
    changed cleaner is read afresh. Texts cleaned here wait in `new` until the
    caller stores them (`take_new`).
    """

    def __init__(self, root: Path, store: CheckCache | None = None) -> None:
        self.root = root
        self.store = store if store is not None and store.enabled else None
        self._texts: dict[str, SourceText] = {}
        self.new: dict[str, str] = {}

    def get(self, source_file: str) -> SourceText:
        if source_file not in self._texts:
            self._texts[source_file] = self._read(source_file)
        return self._texts[source_file]

    def take_new(self) -> dict[str, str]:
        """The texts cleaned since the last call, by cache key."""
        new, self.new = self.new, {}
        return new

    def _read(self, source_file: str) -> SourceText:
        path = self.root / source_file
        articles = self.root / "articles"
        try:  # only articles/: '/etc/passwd' or '.git/config' would let quotes test what a file on the machine holds
            inside = path.resolve().is_relative_to(articles.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            return SourceText(None, f"source article {source_file} is not in articles/, where check reads articles")
        try:
            info = path.stat()
        except OSError:
            info = None
        if info is None or stat.S_ISDIR(info.st_mode):
            return SourceText(None, f"source article {source_file} not found (renamed or deleted?)")
        if stat.S_ISREG(info.st_mode) and info.st_size <= reading.MAX_ARTICLE_BYTES:
            try:
                data = path.read_bytes()
            except OSError:
                return SourceText(None, f"source article {source_file} not found (renamed or deleted?)")
            if self.store is not None:
                key = article_key(source_file, hashlib.sha256(data).hexdigest())
                text = self.store.text(key)
                if text is not None:
                    return SourceText(text, key=key)
        try:  # a FIFO, a device or a file over the limit: reading says why, without hanging
            article = cleaning.clean(reading.read_source(path, source_file))
        except BriefkitError as exc:
            return SourceText(None, f"source article cannot be read: {exc}")
        text = normalise(" ".join([article.title or "", article.caption or "", *article.paragraphs]))
        if self.store is None:
            return SourceText(text)
        key = article_key(source_file, article.sha256)  # the bytes cleaned, should the file have changed
        self.new[key] = text
        return SourceText(text, key=key)
