"""What `check` already knows, kept by content hash between runs: article texts and briefing facts.

Most of a check is reading and cleaning each source article and parsing each
briefing (its YAML front matter above all). Both are pure functions of a file
and of the code that reads it, so their results are kept in
`.cache/briefkit/check.sqlite3` (ignored by git): each article's cleaned,
normalised text, and what check takes from each briefing's text alone (its form
problems, claims, links and headings: `check.BriefingFacts`), under a SHA-256 key
of (a fingerprint of briefkit's code and data, the Python and library versions,
the article's path and bytes, or the briefing's text). An edited article or
briefing, or changed code, makes a new key: a stale entry is never used. What
depends on other files (is each claim in the article, does each link resolve,
slugs, orphans) is checked afresh on every run. Only what a run read
successfully is kept; a missing, locked or damaged cache only means that files
are read again, and `check` reports exactly the same either way.
BRIEFKIT_NO_CACHE=1 turns the cache off.

Worker processes only read the cache, each with its own connection; the main
process writes what they found in one transaction at the end of the run. A run
over folders drops the entries it did not use, so the cache follows the desk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from . import PACKAGE_DIR
from .files import cache_key, hash_files, hash_library_versions

log = logging.getLogger("briefkit")

CACHE_DIR = Path(".cache") / "briefkit"
CACHE_FILE = CACHE_DIR / "check.sqlite3"
VERSION = 2
# What turns an article file into text (reading, trafilatura for saved pages) and a briefing into data.
_LIBRARIES = (
    "trafilatura",
    "htmldate",
    "courlan",
    "justext",
    "lxml",
    "lxml_html_clean",
    "charset-normalizer",
    "PyYAML",
)
_TABLES = ("articles", "briefings")


@cache
def fingerprint() -> str:
    """SHA-256 over briefkit's code and data files (the site's excepted) and the versions they run on."""
    digest = hashlib.sha256(f"check cache {VERSION}\n{sys.version}\nlibyaml {yaml.__with_libyaml__}\n".encode())
    files = [
        path
        for path in PACKAGE_DIR.rglob("*")
        if path.is_file()
        and path.suffix != ".pyc"
        and not {"__pycache__", "site"} & set(path.relative_to(PACKAGE_DIR).parts)
    ]
    hash_files(digest, PACKAGE_DIR, [path.relative_to(PACKAGE_DIR).as_posix() for path in sorted(files)])
    hash_library_versions(digest, _LIBRARIES)
    return digest.hexdigest()


def article_key(source_file: str, sha256: str) -> str:
    """The key of an article's text: the path it is named by (it may shape the text) and its bytes."""
    return cache_key(fingerprint(), "article", source_file, sha256)


def briefing_key(text: str) -> str:
    return cache_key(fingerprint(), "briefing", text)


class CheckCache:
    """Article texts and briefing facts (JSON) by key, in one SQLite file. Never fails a check."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._unusable = path is None

    @classmethod
    def for_project(cls, root: Path) -> CheckCache:
        return cls(None if os.environ.get("BRIEFKIT_NO_CACHE") else root / CACHE_FILE)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def text(self, key: str) -> str | None:
        row = self._get("SELECT text FROM articles WHERE key = ?", key)
        return row if isinstance(row, str) else None

    def blob(self, key: str) -> bytes | None:
        blob = self._get("SELECT facts FROM briefings WHERE key = ?", key)
        return blob if isinstance(blob, bytes) else None

    def save(self, texts: dict[str, str], blobs: dict[str, bytes], used: Iterable[str] | None) -> None:
        """Add what this run read; with `used`, drop every entry not in it. Never fails a check."""
        if self.path is None or (not texts and not blobs and used is None):
            return
        self.close()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=5)
        except (OSError, sqlite3.Error) as exc:
            log.debug("check cache %s not written: %s", self.path, exc)
            return
        try:
            with db:
                _create(db)
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", sorted(texts.items()))
                db.executemany("INSERT OR REPLACE INTO briefings VALUES (?, ?)", sorted(blobs.items()))
                if used is not None:
                    db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                    db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
                    for table in _TABLES:
                        db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.DatabaseError as exc:
            log.debug("check cache %s not written: %s", self.path, exc)
            _remove_if_damaged(self.path, exc)
        finally:
            db.close()
        _remove_old_caches(self.path.parent)

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def _get(self, query: str, key: str) -> object:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute(query, (key,)).fetchone()
        except sqlite3.Error as exc:
            log.debug("check cache %s not used: %s", self.path, exc)
            self._unusable = True
            return None
        return row[0] if row else None

    def _connection(self) -> sqlite3.Connection | None:
        """This process's read-only connection: one made before a fork is never used after it."""
        if self._unusable or self.path is None:
            return None
        if self._db is None or self._pid != os.getpid():
            if self._db is not None:  # a parent's connection: left alone (closing it here is a use), not closed
                _INHERITED.append(self._db)
            self._db = None
            if not self.path.is_file():
                self._unusable = True
                return None
            try:
                self._db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
                self._pid = os.getpid()
            except sqlite3.Error as exc:
                log.debug("check cache %s not used: %s", self.path, exc)
                self._unusable = True
                return None
        return self._db


_INHERITED: list[sqlite3.Connection] = []


def _create(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS briefings (key TEXT PRIMARY KEY, facts BLOB NOT NULL)")


def _remove_if_damaged(path: Path, exc: sqlite3.DatabaseError) -> None:
    """A file that is not a database (or a damaged one) is removed, so that the next run makes a new one."""
    if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, full disk: leave it
        return
    try:
        path.unlink()
    except OSError:
        pass


def _remove_old_caches(folder: Path) -> None:
    """The folders of article texts that check kept before this cache (one file per article)."""
    for old in folder.glob("articles-*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
