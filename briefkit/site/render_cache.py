"""Briefings parsed and their bodies rendered once: kept by content hash between builds.

Parsing a briefing and rendering its body with markdown-it-py are most of a site
build. Both depend only on the file (its path and text) and on the code that
does them, so the parsed entry (as JSON) and the body's HTML are kept in
`.cache/briefkit/site.sqlite3` (ignored by git), keyed by SHA-256 of (a
fingerprint of that code, of this cache's format version and of the library
versions, the path, the text). A changed file or changed code makes a new key: a
stale entry is never used, and entries a build did not use are pruned. A missing,
locked or corrupt cache file, or an entry that does not decode to exactly what
this code writes, only means that briefings are read again; the site is
byte-identical either way. BRIEFKIT_NO_CACHE=1 turns the cache off.

The cache holds data only, never pickles: a cache file someone planted can at
worst show wrong text (as editing the briefing could), never run code. Entries
are JSON with no type information except in the rare front matter that holds
what JSON cannot (YAML dates, non-text keys, !!binary, !!set), which is tagged.
Tables of earlier formats (the pickled `bodies`) are dropped, never read.

Briefings not in the cache are read over a few processes (briefkit.parallel),
results in input order, problems logged in input order by the caller.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR
from ..files import cache_key, hash_files, hash_library_versions
from ..model import Briefing, Event, Quote

log = logging.getLogger("briefkit")

CACHE_FILE = Path(".cache") / "briefkit" / "site.sqlite3"
VERSION = 2  # of the entry format below: 1 was pickles
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "linkify-it-py", "python-slugify", "PyYAML", "text-unidecode")
# The code a body's HTML depends on: the renderer and the briefing parser it reads claims with.
_CODE = ("site/markdown.py", "site/article_links.py", "site/collection.py", "briefing.py", "model.py",
         "markdown_text.py", "errors.py", "files.py", "site/dates.py", "site/render_cache.py")


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"render cache {VERSION}\n".encode())
    hash_files(digest, PACKAGE_DIR, list(_CODE))
    hash_library_versions(digest, _LIBRARIES)
    return digest.hexdigest()


def key_of(text: str) -> str:
    return cache_key(fingerprint(), text)


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
            self.db.execute("DROP TABLE IF EXISTS bodies")  # format 1: pickles, never to be loaded
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry TEXT NOT NULL, html TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            self._give_up(exc)

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        if self.db is None:
            return {}
        found: dict[str, tuple[str, str]] = {}
        try:
            wanted = list(dict.fromkeys(keys))
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                query = f"SELECT key, entry, html FROM entries WHERE key IN ({marks})"
                for key, payload, html in self.db.execute(query, part):
                    if isinstance(payload, str) and isinstance(html, str):
                        found[key] = (payload, html)
        except sqlite3.Error as exc:
            self._give_up(exc)
            return {}
        return found

    def store(self, new: dict[str, tuple[str, str]], used: set[str]) -> None:
        """Add the new entries and drop those this build did not use."""
        self.put(new)
        self.prune(used)

    def put(self, new: dict[str, tuple[str, str]]) -> None:
        """Add new entries (a build adds them in batches, so their JSON need not all be held at once)."""
        if self.db is None or not new:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO entries (key, entry, html) VALUES (?, ?, ?)",
                    [(key, payload, html) for key, (payload, html) in sorted(new.items())],
                )
        except (sqlite3.Error, UnicodeError) as exc:  # UnicodeError: a lone surrogate in the HTML
            self._give_up(exc)

    def prune(self, used: set[str]) -> None:
        """Drop the entries this build did not use."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM used")
                self.db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in sorted(used)))
                self.db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        except (sqlite3.Error, UnicodeError) as exc:  # UnicodeError: a lone surrogate in the HTML
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


def read_and_render(item: tuple[str, str]) -> tuple[str | None, str]:
    """A briefing file (src_uri, text) -> its Entry as JSON (None if JSON cannot hold it) and its body's HTML."""
    from .article_links import render_briefing_body
    from .collection import read_entry

    entry = read_entry(*item)
    try:
        payload = encode_entry(entry)
    except (TypeError, ValueError, RecursionError):  # an odd value (a YAML alias to itself): read again, not cached
        payload = None
    return payload, render_briefing_body(entry.body, entry.briefing)


STORE_BATCH = 256  # entries written to the cache at a time


def load_entries(
    files: Sequence[tuple[str, str]],
    cache_file: Path | None,
    parallel_map: Callable[[Callable, Sequence], Iterable] | None = None,
) -> list[tuple[Any, str]]:
    """Each briefing file (src_uri, text) as (Entry, body HTML): from the cache, else parsed and rendered.

    A cached row that does not decode (corrupt, foreign, another format) is a miss: read again and replaced.
    Fresh entries are decoded from the same JSON, so a build with and without the cache shows the same objects.
    """
    from .collection import read_entry

    keys = [key_of(f"{src_uri}\0{text}") for src_uri, text in files]
    results: list[tuple[Any, str] | None] = [None] * len(files)
    store = RenderCache(cache_file)
    try:
        found = store.get_many(keys)
        for index, (key, item) in enumerate(zip(keys, files, strict=True)):
            row = found.get(key)
            entry = decode_entry(row[0], key, *item) if row is not None else None
            if entry is not None:
                results[index] = (entry, row[1])
        missing = [index for index, result in enumerate(results) if result is None]
        work = [files[index] for index in missing]
        done = parallel_map(read_and_render, work) if parallel_map else (read_and_render(w) for w in work)
        new: dict[str, tuple[str, str]] = {}
        for index, (payload, html) in zip(missing, done, strict=True):
            entry = decode_entry(payload, keys[index], *files[index]) if payload is not None else None
            if entry is None:  # JSON could not hold it: the entry as read, not cached
                entry = read_entry(*files[index])
            else:
                new[keys[index]] = (payload, html)
            results[index] = (entry, html)
            if len(new) >= STORE_BATCH:  # the JSON of every briefing at once was a third of the build's peak
                store.put(new)
                new = {}
        store.put(new)
        store.prune(set(keys))
    finally:
        store.close()
    return results  # type: ignore[return-value] - every slot is filled above


# The entry format (VERSION 2): a JSON object. `meta` is the front matter as plain JSON when it is made
# only of what JSON holds exactly (text keys; text, int, float, bool, null, lists, mappings), else tagged
# (`tagged` true): every mapping is {"dict": [[key, value], ...]} and every value JSON cannot hold is
# {"date": iso}, {"datetime": iso}, {"bytes": base64} or {"set": [...]}. The body is not kept: it is the
# file's text after the front matter (body_of). The key and src_uri are checked on reading.


def encode_entry(entry: Any) -> str:
    """An Entry as JSON. Raises TypeError for a value the format cannot hold."""
    briefing = entry.briefing
    meta = briefing.meta
    plain = _is_plain(meta)
    record = {
        "v": VERSION,
        "key": entry.key,
        "src_uri": entry.src_uri,
        "problem": entry.problem,
        "tagged": not plain,
        "meta": meta if plain else _tagged(meta),
        "caption": briefing.caption,
        "background": briefing.background,
        "key_facts": briefing.key_facts,
        "quotes": [[quote.text, quote.speaker] for quote in briefing.quotes],
        "timeline": [[event.date, event.event] for event in briefing.timeline],
        "article": briefing.article,
    }
    payload = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        payload.encode("utf-8")  # SQLite stores UTF-8: a lone surrogate (PyYAML without libyaml) is escaped instead
    except UnicodeEncodeError:
        payload = json.dumps(record, separators=(",", ":"))
    return payload


def decode_entry(payload: str, key: str, src_uri: str, text: str) -> Any | None:
    """The Entry of `payload` for this file, or None when it is not exactly what encode_entry writes for it."""
    from .collection import Entry
    from .markdown import body_of

    try:
        record = json.loads(payload)
        if type(record) is not dict or record.get("v") != VERSION:
            return None
        if record["key"] != key or record["src_uri"] != src_uri:
            return None
        problem = record["problem"]
        meta = _untagged(record["meta"]) if record["tagged"] is True else record["meta"]
        caption = record["caption"]
        background, key_facts, article = record["background"], record["key_facts"], record["article"]
        quotes = [Quote(text=quote_text, speaker=speaker) for quote_text, speaker in record["quotes"]]
        timeline = [Event(date=date, event=event) for date, event in record["timeline"]]
        if not (
            type(meta) is dict
            and _str_or_none(problem)
            and _str_or_none(caption)
            and _strings(background)
            and _strings(key_facts)
            and _strings(article)
            and all(type(q.text) is str and _str_or_none(q.speaker) for q in quotes)
            and all(type(e.date) is str and type(e.event) is str for e in timeline)
        ):
            return None
    except Exception:  # noqa: BLE001 - anything a damaged or foreign row can raise (JSON, shape, recursion): a miss
        return None
    briefing = Briefing(meta, caption, background, key_facts, quotes, timeline, article)
    return Entry(src_uri, briefing, problem, body_of(text), key)


def _str_or_none(value: Any) -> bool:
    return value is None or type(value) is str


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


_SCALARS = (str, int, float, bool, type(None))


def _is_plain(value: Any) -> bool:
    """True when JSON gives back exactly this value (same types, same order)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(_is_plain(item) for item in value)
    if kind is dict:
        return all(type(k) is str and _is_plain(v) for k, v in value.items())
    return False


def _tagged(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_tagged(item) for item in value]
    if kind is dict:
        return {"dict": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if kind is datetime.datetime:
        return {"datetime": value.isoformat()}
    if kind is datetime.date:
        return {"date": value.isoformat()}
    if kind is bytes:
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if kind is set:
        return {"set": [_tagged(item) for item in value]}
    raise TypeError(f"render cache: cannot keep a {kind.__name__} in front matter")


def _untagged(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [_untagged(item) for item in value]
    if kind is not dict:
        return value
    ((tag, inner),) = value.items()  # ValueError unless exactly one tag
    if tag == "dict":
        return {_untagged(k): _untagged(v) for k, v in inner}
    if tag == "datetime":
        return datetime.datetime.fromisoformat(inner)
    if tag == "date":
        return datetime.date.fromisoformat(inner)
    if tag == "bytes":
        return base64.b64decode(inner.encode("ascii"), validate=True)
    if tag == "set":
        return {_untagged(item) for item in inner}
    raise ValueError(f"unknown tag {tag!r}")
