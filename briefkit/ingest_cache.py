"""Skip re-briefing articles whose briefing cannot change: ingest at thousands of articles.

`build.py build` ingests every article before rendering. Annotating 10,000
articles on every build is far too slow, and for most of them the outcome is
already known without annotating:

- the briefing was edited by a person and still names the article's current
  bytes (`source.sha256`): the outcome is "kept" whatever the annotators say
  (ingest never overwrites an edit without --force);
- the briefing is untouched and is exactly what this code wrote for these
  article bytes last time: the outcome is "unchanged". That is remembered in
  `.cache/briefkit/ingest.json`, keyed by (article path, article sha256, a
  fingerprint of the briefkit code, its data files, the briefing template and
  the versions of the libraries that shape a briefing). Any change to one of
  them changes the key, so a stale entry is never used; a missing or corrupt
  cache file only means that everything is briefed again.

With --force nothing is skipped. The cache lives outside briefings/ (ignored by
git), so it never shows up in a pull request.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from pathlib import Path

from . import PROJECT_ROOT, TEMPLATES_DIR
from .briefing import is_untouched
from .files import atomic_write, hash_files, hash_library_versions
from .reading import MAX_ARTICLE_BYTES, read_bytes_limited
from .stat_memo import StatMemo

log = logging.getLogger("briefkit")

CACHE_FILE = Path(".cache") / "briefkit" / "ingest.json"
VERSION = 1
_LIBRARIES = ("trafilatura", "PyYAML", "Jinja2", "charset-normalizer", "pycountry", "python-slugify", "lxml")


class IngestCache:
    """What ingest already knows: which outcomes need no annotation."""

    def __init__(self, root: Path, force: bool = False, memo: StatMemo | None = None) -> None:
        self.path = root / CACHE_FILE
        self.force = force
        self.known = {} if force else _load(self.path)
        self.fresh: dict[str, str] = {}
        self.skipped = 0
        self.memo = memo if memo is not None else StatMemo(root, "", enabled=False)  # remembers nothing

    def known_outcome(self, article: Path, shown: str, target: Path) -> str | None:
        """ "kept" or "unchanged" when briefing `article` again cannot change `target`; else None."""
        if self.force:
            return None
        try:
            facts = self.briefing_facts(target)
            sha = self.article_sha(article)
        except (OSError, UnicodeDecodeError):
            return None
        untouched, text_sha, named_sha = facts
        if not untouched:
            outcome = "kept" if named_sha == sha else None
        else:
            key = _key(shown, sha)
            outcome = "unchanged" if self.known.get(key) == text_sha else None
            if outcome:
                self.fresh[key] = self.known[key]
        self.skipped += outcome is not None
        return outcome

    def briefing_facts(self, target: Path) -> list:
        """[untouched by people, SHA-256 of its text, the article SHA-256 it names]: read, or remembered."""
        seen = self.memo.look(target)
        facts = self.memo.get("briefing", target, seen)
        if facts is None:
            text = target.read_text(encoding="utf-8")
            facts = _facts_of(text)
            self.memo.put("briefing", target, seen, facts)
        return facts

    def wrote(self, target: Path, text: str) -> None:
        """This run wrote `text` to `target`: its facts are known without reading it next time."""
        self.memo.put_written("briefing", target, self.memo.look(target), _facts_of(text))

    def article_sha(self, article: Path) -> str:
        seen = self.memo.look(article)
        sha = self.memo.get("sha256", article, seen)
        if sha is None:
            sha = _file_sha256(article)
            self.memo.put("sha256", article, seen, sha)
        return sha

    def remember(self, article: Path, shown: str, text: str) -> None:
        """The briefing this code writes for the article's current bytes."""
        try:
            self.fresh[_key(shown, self.article_sha(article))] = _text_sha256(text)
        except OSError:
            pass

    def save(self) -> None:
        """Write the entries used or made by this run (old ones drop out). Never fails ingest."""
        if self.force and not self.fresh:
            return
        data = {"version": VERSION, "entries": dict(sorted(self.fresh.items()))}
        try:
            atomic_write(self.path, json.dumps(data, separators=(",", ":")) + "\n")
        except OSError as exc:
            log.debug("cannot write the ingest cache %s: %s", self.path, exc)


def _load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), dict):
        return {}
    return {k: v for k, v in data["entries"].items() if isinstance(k, str) and isinstance(v, str)}


def _key(shown: str, article_sha: str) -> str:
    return hashlib.sha256(f"{code_fingerprint()}\0{shown}\0{article_sha}".encode()).hexdigest()


def _file_sha256(path: Path) -> str:
    # Bounded, regular files only: a FIFO or a huge file must not hang the run.
    return hashlib.sha256(read_bytes_limited(path, str(path), MAX_ARTICLE_BYTES)).hexdigest()


def _facts_of(text: str) -> list:
    return [is_untouched(text), _text_sha256(text), _named_sha(text)]


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _named_sha(text: str) -> str | None:
    """`source.sha256` of a briefing, read without a YAML parse (a hash is one plain token)."""
    end = text.find("\n---\n")
    head = text[: end if end != -1 else 0]
    in_source = False
    for line in head.split("\n"):
        if line.startswith("source:"):
            in_source = True
        elif in_source and line.startswith("  sha256:"):
            value = line.split(":", 1)[1].strip().strip("'\"")
            return value if len(value) == 64 else None
        elif in_source and not line.startswith(" "):
            return None
    return None


@cache
def memo_fingerprint() -> str:
    """The code that derives the facts ingest remembers about files (stat_memo): which article a briefing
    names, whether a person edited it, its hash, an article's hash; not the annotators."""
    digest = hashlib.sha256(b"ingest facts\n")
    hash_files(digest, Path(__file__).resolve().parent,
               ["ingest.py", "ingest_cache.py", "briefing.py", "files.py", "stat_memo.py", "reading.py"])
    hash_library_versions(digest, ("PyYAML",))
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """SHA-256 over everything that shapes a briefing: package code and data, template, libraries."""
    digest = hashlib.sha256(f"cache {VERSION}\n".encode())
    package = Path(__file__).resolve().parent
    files = [
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix != ".pyc" and not {"__pycache__", "site"} & set(p.relative_to(package).parts)
    ]
    files.append(Path(TEMPLATES_DIR) / "briefing.md.j2")
    for path in sorted(files):
        try:
            digest.update(
                f"{path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path.name}\n".encode()
            )
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    hash_library_versions(digest, _LIBRARIES)
    return digest.hexdigest()
