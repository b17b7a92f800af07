"""Stage 1: read an article file from disk into a `Source`.

Plain text is decoded (BOMs, UTF-8, then a detected legacy encoding); saved HTML
pages go through trafilatura for their main text and metadata. Nothing here
interprets the text: that is cleaning's job.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from .errors import ArticleError
from .model import Source

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# Limits, so that one hostile or mistaken file cannot stall a run: a saved page may be
# large (inline scripts, images), but an article's text is rarely over 100,000
# characters; 2 million characters brief in about a second.
MAX_ARTICLE_BYTES = 50 * 1024 * 1024
MAX_ARTICLE_CHARS = 2_000_000

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def read_source(path: Path, display_path: str | None = None) -> Source:
    """Read one article file. Raises ArticleError with a one-line reason."""
    shown = display_path or str(path)
    data = read_bytes_limited(path, shown, MAX_ARTICLE_BYTES)
    sha = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, shown)
    if _looks_like_html(path, data):
        source = _read_html(shown, sha, text, encoding)
    else:
        source = Source(path=shown, kind="text", sha256=sha, text=text, encoding=encoding)
    if len(source.text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            shown,
            f"article text is too long ({len(source.text):,} characters; the limit is "
            f"{MAX_ARTICLE_CHARS:,}): split it into several articles",
        )
    return source


def read_bytes_limited(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking, so a FIFO or a device named like an article is
    refused instead of hanging the run; the size is checked before reading.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ArticleError(shown, f"cannot read file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(shown, "is not a regular file; not read")
        if info.st_size > limit:
            size = f"{info.st_size / 1_048_576:.0f} MB"
            raise ArticleError(shown, f"file is too large ({size}; the limit is {limit // 1_048_576} MB)")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ArticleError(shown, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise ArticleError(shown, f"file is too large (over {limit // 1_048_576} MB)")
    return data


def decode(data: bytes, shown: str) -> tuple[str, str]:
    """Decode bytes to text: BOM, then strict UTF-8, then a detected encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise ArticleError(shown, f"not valid {codec} text despite its byte-order mark") from exc
    if data.startswith(b"%PDF-"):
        raise ArticleError(shown, "is a PDF, not text or HTML; save the article's text as .txt")
    if _is_binary(data):
        raise ArticleError(shown, "looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # the bytes < 9 or 14-31 that are left
    return controls > len(sample) * 0.05


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))  # what _is_binary deletes before counting


def _looks_like_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    return bool(_HTML_SNIFF.match(data[:1024]))


def _read_html(shown: str, sha: str, html: str, encoding: str) -> Source:
    from .html_page import NoTextError, read_page

    try:
        page = read_page(html)
    except NoTextError as exc:
        raise ArticleError(shown, str(exc)) from exc
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken pages
        raise ArticleError(shown, f"cannot extract text from HTML: {exc}") from exc
    return Source(
        path=shown, kind="html", sha256=sha, text=page.text, metadata=page.metadata, encoding=encoding
    )
