"""Briefings parsed and their bodies rendered once: kept by content hash between builds.

Parsing a briefing and rendering its body with markdown-it-py are most of a site
build. Both depend only on the file (its path and text) and on the code that
does them, so the parsed entry (pickled) and the body's HTML are kept in
`.cache/briefkit/site.sqlite3` (ignored by git), keyed by SHA-256 of (a
fingerprint of that code and of the library versions, the path, the text). A
changed file or changed code makes a new key: a stale entry is never used, and
entries a build did not use are pruned. A missing, locked or corrupt cache file
only means that briefings are read again; the site is byte-identical either way.
BRIEFKIT_NO_CACHE=1 turns the cache off.

Briefings not in the cache are read over a few processes (briefkit.parallel),
results in input order, problems logged in input order by the caller.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR
from ..files import hash_library_versions

log = logging.getLogger("briefkit")

CACHE_FILE = Path(".cache") / "briefkit" / "site.sqlite3"
VERSION = 1
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "linkify-it-py", "python-slugify", "PyYAML", "text-unidecode")
# The code a body's HTML depends on: the renderer and the briefing parser it reads claims with.
_CODE = ("site/markdown.py", "site/article_links.py", "site/collection.py", "briefing.py", "model.py",
         "markdown_text.py", "errors.py", "site/dates.py", "site/render_cache.py")


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"render cache {VERSION}\n".encode())
    for name in _CODE:
        path = PACKAGE_DIR / name
        digest.update(f"{name}\n".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    hash_library_versions(digest, _LIBRARIES)
    return digest.hexdigest()


def key_of(text: str) -> str:
    return hashlib.sha256(f"{fingerprint()}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


class RenderCache:
    """Entries and HTML by key, read from and written back to one SQLite file. Never fails a build."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=5)
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, entry BLOB NOT NULL, html TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[bytes, str]]:
        if self.db is None:
            return {}
        found: dict[str, tuple[bytes, str]] = {}
        try:
            wanted = list(dict.fromkeys(keys))
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                query = f"SELECT key, entry, html FROM bodies WHERE key IN ({marks})"
                for key, blob, html in self.db.execute(query, part):
                    if isinstance(blob, bytes) and isinstance(html, str):
                        found[key] = (blob, html)
        except sqlite3.Error as exc:
            self._give_up(exc)
            return {}
        return found

    def store(self, new: dict[str, tuple[bytes, str]], used: set[str]) -> None:
        """Add the new entries and drop those this build did not use."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO bodies (key, entry, html) VALUES (?, ?, ?)",
                    [(key, blob, html) for key, (blob, html) in sorted(new.items())],
                )
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM used")
                self.db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in sorted(used)))
                self.db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error as exc:
            self._give_up(exc)

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None

    def _give_up(self, exc: Exception) -> None:
        log.debug("render cache %s not used: %s", self.path, exc)
        self.close()


def read_and_render(item: tuple[str, str]) -> tuple[bytes, str]:
    """A briefing file (src_uri, text) -> its pickled Entry and its body's HTML."""
    from .article_links import render_briefing_body
    from .collection import read_entry

    entry = read_entry(*item)
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), render_briefing_body(entry.body, entry.briefing)


def load_entries(
    files: Sequence[tuple[str, str]],
    cache_file: Path | None,
    parallel_map: Callable[[Callable, Sequence], list] | None = None,
) -> list[tuple[Any, str]]:
    """Each briefing file (src_uri, text) as (Entry, body HTML): from the cache, else parsed and rendered."""
    from .collection import Entry

    keys = [key_of(f"{src_uri}\0{text}") for src_uri, text in files]
    store = RenderCache(cache_file)
    try:
        known = store.get_many(keys)
        missing = {key: item for key, item in zip(keys, files, strict=True) if key not in known}
        work = list(missing.values())
        done = parallel_map(read_and_render, work) if parallel_map else [read_and_render(w) for w in work]
        new = dict(zip(missing, done, strict=True))
        known.update(new)
        store.store(new, set(keys))
    finally:
        store.close()
    results = []
    for key in keys:
        blob, html = known[key]
        try:
            entry = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged row: read the file again
            entry = None
        if not isinstance(entry, Entry) or entry.key != key:  # not what this code wrote: read again
            blob, html = read_and_render(files[keys.index(key)])
            entry = pickle.loads(blob)
        results.append((entry, html))
    return results
