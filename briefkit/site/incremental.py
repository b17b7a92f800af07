"""Rebuild after an edit: render only the briefings that changed, when nothing else can have.

A full MkDocs build renders and writes every page: about 20 s at 10,000 briefings,
even when one briefing changed. After each full `build.py build`, what the build
started from is kept in `.cache/briefkit/site-state.json` (ignored by git):

- a fingerprint of everything besides the briefings that shapes the site: the
  MkDocs configuration (file and resolved values), the theme's files, briefkit's
  code, the versions of the libraries that render, the site folder;
- each file under the briefings folder: its size and modification time, its
  content key, and a digest of what *other* pages show of it (`shared_view`:
  title, date, summary, outlet, names, topics, timeline), with the term slugs and
  navigation titles the pages were drawn with.

The next build compares. When the only changes are briefings whose shared view
is the same (an editor corrected a key fact, a quote, a role, the background),
only their pages are rendered, by `hooks.render_alone` (the calls a full build
makes for a page), and the search index is patched (`search.update_index`). The
site is then byte-identical to what a full build makes (tests/test_incremental.py
compares the two after many kinds of edit). Anything else is a full build: a file
added, removed or renamed, a changed title, date, summary, name or timeline, a
briefing with a problem, the theme, the configuration, the code, a site folder
that is not the one recorded, more than MAX_CHANGED changed files, a strict build.
`build.py build --full` always makes a full build.

A file is trusted unchanged while its size, modification time and inode are; a file
with another inode (a copied project) is read and its content compared. A file
whose modification time is within RACY_NS of the moment it was looked at is
recorded as unknown, so that an edit in the same clock tick is never missed: the
next build reads it and compares its content instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR
from ..files import atomic_write, hash_library_versions

log = logging.getLogger("briefkit")

STATE_FILE = Path(".cache") / "briefkit" / "site-state.json"
RECORD_ENV = "BRIEFKIT_SITE_RECORD"  # where hooks.on_post_build writes what the pages were drawn with
VERSION = 2  # 2: a file's stat holds its inode
MAX_CHANGED = 50  # more changed briefings than this: a full build (each page here costs what one there does)
RACY_NS = 2_000_000_000
_LIBRARIES = ("mkdocs", "Jinja2", "MarkupSafe", "markdown-it-py", "mdit-py-plugins", "linkify-it-py",
              "python-slugify", "PyYAML", "Markdown")
_CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name", "edit_uri",
                "copyright", "use_directory_urls", "docs_dir", "site_dir", "extra", "extra_css", "extra_javascript",
                "extra_templates", "nav", "theme", "hooks", "strict", "validation", "not_in_nav", "exclude_docs",
                "draft_docs", "watch")


UNKNOWN = [0, 0, 0]  # not to be trusted: modified within RACY_NS of the scan, or gone meanwhile
NOT_REGULAR = [-1, -1, -1]  # a link or a FIFO: what a full build decides on


@dataclass
class Scan:
    """What the build starts from: the fingerprint and each file under the briefings folder."""

    fingerprint: str
    files: dict[str, list[int]] = field(default_factory=dict)  # src_uri -> [mtime_ns, size, inode], or:


@dataclass
class Plan:
    """An incremental build: these briefings' pages to render, the rest of the site as it is."""

    changed: list[tuple[str, str]]  # (src_uri, text)
    keys: dict[str, str]  # src_uri -> content key of every file whose stat changed, rendered or not


def scan(config: Any, search: bool) -> Scan:
    """Fingerprint the site's inputs and look at (not read) every file under the briefings folder."""
    digest = hashlib.sha256(f"site state {VERSION}\nsearch {search}\n".encode())
    config_file = Path(config.config_file_path or "mkdocs.yml")
    digest.update(_file_bytes(config_file))
    root = str(config_file.resolve().parent)
    for key in _CONFIG_KEYS:  # paths inside the project as relative ones: a moved project keeps its state
        value = repr(_plain(config.get(key))).replace(repr(root)[1:-1] + "/", "<project>/")
        digest.update(f"\0{key}={value}".encode("utf-8", "surrogatepass"))
    for folder in _theme_dirs(config):
        _hash_tree(digest, folder)
    _hash_tree(digest, PACKAGE_DIR, suffixes=(".py",))
    hash_library_versions(digest, _LIBRARIES)
    digest.update(f"\0SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}".encode())
    now = time.time_ns()
    files: dict[str, list[int]] = {}
    docs_dir = Path(config["docs_dir"])
    top = str(docs_dir)
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        under = folder[len(top):].strip(os.sep).replace(os.sep, "/")  # os.walk's folders all start with top
        for name in sorted(names):
            path = os.path.join(folder, name)
            src_uri = f"{under}/{name}" if under else name
            try:
                stat = os.lstat(path)
            except OSError:
                files[src_uri] = UNKNOWN
                continue
            if not _regular(stat.st_mode):  # a link (to /etc/passwd?), a FIFO
                files[src_uri] = NOT_REGULAR
                continue
            racy = abs(now - stat.st_mtime_ns) < RACY_NS
            files[src_uri] = UNKNOWN if racy else [stat.st_mtime_ns, stat.st_size, stat.st_ino]
    return Scan(digest.hexdigest(), files)


def _regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def _plain(value: Any) -> Any:
    """A configuration value as plain data (the theme and hooks are objects)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        try:
            return sorted((str(k), _plain(v)) for k, v in value.items())
        except Exception:
            return repr(type(value))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    for attribute in ("dirs", "static_templates", "name", "locale"):  # a Theme
        if hasattr(value, attribute):
            return [str(getattr(value, a, "")) for a in ("name", "dirs", "static_templates", "locale")]
    if hasattr(value, "__file__"):  # a hook module
        return str(value.__file__)
    return repr(type(value))


def _theme_dirs(config: Any) -> list[Path]:
    theme = config.get("theme")
    return [Path(d) for d in getattr(theme, "dirs", [])]


def _hash_tree(digest: Any, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if suffixes is not None and not name.endswith(suffixes):
                continue
            path = Path(root, name)
            digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode("utf-8", "surrogatepass"))
            digest.update(_file_bytes(path))


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.errno}".encode()


# --- the state kept between builds ------------------------------------------------------


def state_path(config: Any) -> Path:
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent / STATE_FILE


def load_state(path: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return None
    return state


def forget(path: Path) -> None:
    """No state: the next build is a full one (said before a build that may not finish)."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.debug("%s: could not remove (%s)", path, exc)


def save_state(path: Path, scan_: Scan, record: dict[str, Any], site_dir: Path) -> None:
    """Keep what this build started from and what its pages were drawn with. Never fails a build."""
    state = {
        "version": VERSION,
        "fingerprint": scan_.fingerprint,
        "files": scan_.files,
        "sitemap": _site_mark(site_dir),
        **record,
    }
    try:
        atomic_write(path, json.dumps(state, separators=(",", ":"), sort_keys=True))  # ASCII: names may be undecodable
    except (OSError, ValueError) as exc:
        log.debug("%s: could not write (%s); the next build is a full one", path, exc)


def _site_mark(site_dir: Path) -> str | None:
    """The site folder the state is about: a digest of its sitemap (every page's address) and of its
    search index's entry file (which names the index's files), so that a site made by another command
    (`mkdocs build`: no search index) or copied from elsewhere is not taken for the one recorded."""
    digest = hashlib.sha256()
    try:
        digest.update((site_dir / "sitemap.xml").read_bytes())
    except OSError:
        return None
    try:
        digest.update(b"\0" + (site_dir / "pagefind" / "pagefind-entry.json").read_bytes())
    except OSError:
        digest.update(b"\0no search index")
    return digest.hexdigest()


def shared_view(entry: Any) -> str:
    """A digest of what pages other than the briefing's own show of it, and of what decides where.

    Home and name pages list title, date, outlet, summary and countries, ordered by date; name pages
    and their indexes take the names of each kind; the timeline takes the dated events; the feeds
    take title, date, outlet, summary, topics and countries; the sitemap and the build date, the date.
    """
    from .taxonomy import KINDS, names_in

    source = entry.meta.get("source")
    view = {
        "title": entry.title,
        "date": entry.date,
        "summary": entry.summary,
        "outlet": str(source.get("outlet")) if isinstance(source, dict) and source.get("outlet") else None,
        "countries": entry.countries,
        "topics": [str(t) for t in entry.meta.get("topics") or []],
        "names": [[kind.key, [name for name, _role in names_in(entry, kind)]] for kind in KINDS],
        "timeline": [[str(e.date), str(e.event)] for e in entry.briefing.timeline],
        "problem": entry.problem,
    }
    text = json.dumps(view, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# --- deciding -----------------------------------------------------------------------------


def plan(config: Any, scan_: Scan, state: dict[str, Any] | None) -> Plan | str:
    """An incremental build, or why a full one is needed (a short reason, shown with -v)."""
    from .render_cache import key_of

    if state is None:
        return "no record of an earlier build"
    if state.get("fingerprint") != scan_.fingerprint:
        return "the configuration, theme or code changed since the last build"
    if state.get("sitemap") is None or state.get("sitemap") != _site_mark(Path(config["site_dir"])):
        return "the site folder is not the one the last build made"
    old_files, entries = state.get("files"), state.get("entries")
    if not isinstance(old_files, dict) or not isinstance(entries, dict):
        return "the record of the last build is incomplete"
    if old_files.keys() != scan_.files.keys():
        return "files were added, removed or renamed"
    changed, keys = [], {}
    docs_dir = Path(config["docs_dir"])
    for src_uri, stat in scan_.files.items():
        if stat == NOT_REGULAR:
            return f"{src_uri} is not a regular file"
        if old_files[src_uri] == stat and stat != UNKNOWN:  # else read: a copied file is only read
            continue
        if not src_uri.endswith(".md") or src_uri not in entries:
            return f"{src_uri} changed"
        try:  # as MkDocs reads it (File.content_string)
            text = (docs_dir / src_uri).read_text(encoding="utf-8-sig", errors="strict")
        except (OSError, UnicodeDecodeError):
            return f"{src_uri} cannot be read"
        key = key_of(f"{src_uri}\0{text}")
        keys[src_uri] = key
        if key != entries[src_uri][0]:
            changed.append((src_uri, text))
            if len(changed) > MAX_CHANGED:
                return f"more than {MAX_CHANGED} briefings changed"
    return Plan(changed, keys)
