"""Safe file handling: finding articles, atomic writes, slugs."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from slugify import slugify

from .reading import ARTICLE_SUFFIXES


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def find_articles(paths: list[Path]) -> list[Path]:
    """Article files under the given files and folders, sorted, hidden files skipped."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.suffix.lower() in ARTICLE_SUFFIXES and (child.is_file() or child.is_symlink()):
                    found.add(child)
        else:
            found.add(path)
    return sorted(found, key=lambda p: str(p))


def slug_for(name: str) -> str:
    """A file-name slug: ASCII, lower case, hyphens; a hash when nothing is left."""
    stem = Path(name).stem
    slug = slugify(stem, max_length=80, word_boundary=True)
    if not slug:
        slug = "article-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    return slug
