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
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import cleaning, reading
from .errors import BriefkitError
from .files import atomic_write

CACHE_DIR = Path(".cache") / "briefkit"

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″〝〞＂"} | {c: "'" for c in "‘’‚‛′‹›`´＇"})
_SPACE = re.compile(r"\s+")
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
    return _SPACE.sub(" ", text).strip()


def cites_another_source(markdown: str) -> bool:
    """True when an item (as written in Markdown) ends with a citation."""
    return bool(CITATION.search(markdown.strip()))


def found_in(claim: str, text: str) -> bool:
    """Whether a claim appears verbatim in a normalised article text (elisions allowed)."""
    parts = [p.strip(_EDGE_PUNCTUATION + " ") for p in _ELLIPSIS.split(normalise(claim))]
    parts = [p for p in parts if p]
    if not parts:
        return True
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


class ArticleCache:
    """Cleaned, normalised article texts: each read once per run, and kept on disk.

    The disk cache (under .cache/briefkit/ in the project) is keyed by the SHA-256
    of the article's bytes, in a folder named for the code that cleans them, so
    an edited article or a changed cleaner is read afresh.
    """

    def __init__(self, root: Path, disk: bool = True) -> None:
        self.root = root
        self._texts: dict[str, SourceText] = {}
        self._disk = root / CACHE_DIR / f"articles-{_code_stamp()}" if disk else None

    def get(self, source_file: str) -> SourceText:
        if source_file not in self._texts:
            self._texts[source_file] = self._read(source_file)
        return self._texts[source_file]

    def _read(self, source_file: str) -> SourceText:
        path = self.root / source_file
        try:
            data = path.read_bytes()
        except OSError:
            return SourceText(None, f"source article {source_file} not found (renamed or deleted?)")
        cached = self._disk / f"{hashlib.sha256(data).hexdigest()}.txt" if self._disk else None
        if cached is not None and cached.is_file():
            return SourceText(cached.read_text(encoding="utf-8"))
        try:
            article = cleaning.clean(reading.read_source(path, source_file))
        except BriefkitError as exc:
            return SourceText(None, f"source article cannot be read: {exc}")
        text = normalise(" ".join([article.title or "", article.caption or "", *article.paragraphs]))
        if cached is not None:
            _store(cached, text)
        return SourceText(text)


def _store(cached: Path, text: str) -> None:
    """Keep a text in the disk cache; drop caches of older code. Never fails a check."""
    try:
        if not cached.parent.is_dir():
            for old in cached.parent.parent.glob("articles-*"):
                shutil.rmtree(old, ignore_errors=True)
        atomic_write(cached, text)
    except OSError:
        pass


def _code_stamp() -> str:
    """A digest of the code and data that turn an article file into text."""
    from importlib.metadata import version

    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")) + sorted((package / "data").glob("*.txt")):
        digest.update(path.read_bytes())
    for name in ("trafilatura", "charset-normalizer"):
        digest.update(version(name).encode())
    return digest.hexdigest()[:16]
