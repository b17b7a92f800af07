"""Safe file handling: finding articles, atomic writes, slugs."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import stat
import tempfile
from importlib import metadata
from pathlib import Path

from slugify import slugify

from .reading import ARTICLE_SUFFIXES

log = logging.getLogger("briefkit")

# Files that editors and operating systems leave next to real ones: macOS
# AppleDouble (._x), Emacs locks (.#x), Office locks (~$x), backups (x~).
# Other names with a leading dot (".NET 9 released.txt") are articles.
_DEBRIS_NAME = re.compile(r"^(\._|\.#|\.~|~\$)|~$")
# Document formats an editor may drop in by mistake: said once per run, not briefed.
_DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".epub"}
# The temporary files of `atomic_write`, left behind when a run was killed.
_TEMPORARY_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so that readers see the old file or the new one, never half.

    The new text goes to a temporary file in the same folder, is flushed to disk,
    then renamed over the old file; on any error the old file is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; keep the file readable as before
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
    _fsync_folder(path.parent)


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced, or what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files an interrupted `atomic_write` left in folder."""
    removed = []
    if not folder.is_dir():
        return removed
    for name in sorted(name for name in os.listdir(folder) if _TEMPORARY_NAME.match(name)):  # 10,000 names: no Paths
        path = folder / name
        if path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError:
                continue
            log.debug("%s: removed a temporary file left by an interrupted run", path)
            removed.append(path)
    return removed


def hash_library_versions(digest: hashlib._Hash, names: tuple[str, ...]) -> None:
    """Feed the installed versions of these distributions into a cache fingerprint."""
    for name in names:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())


def hash_files(digest: hashlib._Hash, root: Path, names: list[str]) -> None:
    """Feed each file's name (relative to root) and bytes into a cache fingerprint, in the order given."""
    for name in names:
        digest.update(f"{name}\n".encode())
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(b"<unreadable>")


def cache_key(fingerprint: str, *parts: str) -> str:
    """A cache entry's key: the cache's code fingerprint, this machine's key and the entry's parts, hashed.

    Lone surrogates (possible in decoded file names) are hashed as they are, never an error.
    """
    text = "\0".join((fingerprint, machine_key(), *parts))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def machine_key() -> str:
    """A random key kept outside the project, in the user's cache folder (~/.cache/briefkit/cache-key).

    The caches hold rendered HTML and check's findings under keys anyone can compute from the code
    and the files. A cache committed to the repository (`git add -f .cache/...`) would be trusted
    by the next build and the site would serve its HTML; made with another key, every entry in it is
    a miss. Without a writable home, the key lasts this run only.
    """
    path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefkit" / "cache-key"
    for _ in range(2):
        try:
            key = path.read_text(encoding="ascii").strip()
            if re.fullmatch(r"[0-9a-f]{64}", key):
                return key
        except (OSError, UnicodeDecodeError):
            pass
        try:  # then read it again: another process may have written its own at the same time
            atomic_write(path, os.urandom(32).hex() + "\n")
        except OSError:
            break
    return _RUN_KEY


_RUN_KEY = os.urandom(32).hex()


def find_articles(paths: list[Path]) -> list[Path]:
    """Article files under the given files and folders, sorted by path.

    Folders are walked without following symbolic links to folders; hidden
    folders (.git) and editor or system debris files are skipped. A file named
    on the command line is always taken.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(_walk(path))
        else:
            found.add(path)
    return sorted(found, key=lambda p: str(p))


def _walk(folder: Path) -> list[Path]:
    found = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(current)
        for name in sorted(files):
            suffix = Path(name).suffix.lower()
            if suffix in _DOCUMENT_SUFFIXES and not name.startswith("."):
                log.warning("%s: skipped: not an article file; save its text as .txt", _shown(current, name))
                continue
            if suffix not in ARTICLE_SUFFIXES:
                continue
            if _DEBRIS_NAME.search(name):
                log.debug("%s: skipped (editor or system debris)", _shown(current, name))
                continue
            found.append(here / name)
    return found


def _shown(folder: str, name: str) -> str:
    """A found file's path as a person would type it: relative to the working folder."""
    path = Path(folder, name).absolute()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


# Pages the site makes itself, by the slug a briefing would publish to there (MkDocs makes index.md and
# README.md the folder's own page). A briefing with one of these slugs would replace the page, or vanish
# under it.
RESERVED_SLUGS = {
    "": "the home page",
    "404": "the not-found page",
    "countries": "the index of countries",
    "people": "the index of people",
    "organizations": "the index of organisations",
    "topics": "the index of topics",
    "timeline": "the timeline",
    "pagefind": "the search index",
}
# Files the site writes at its root: a briefing named robots.txt.md would publish robots.txt/index.html,
# and the build stops when it writes the file of that name ("File exists").
SITE_FILES = {
    "feed.xml": "the Atom feed",
    "feed.json": "the JSON feed",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "robots.txt": "robots.txt",
    "404.html": "the not-found page",
    "index.html": "the home page",
}
RESERVED_SLUGS.update(SITE_FILES)


def slug_for(name: str) -> str:
    """A file-name slug: ASCII, lower case, hyphens; a hash when nothing is left; never a page the site makes."""
    stem = Path(name).stem
    slug = slugify(stem, max_length=80, word_boundary=True)
    if not slug:
        slug = "article-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    if slug in RESERVED_SLUGS or slug in ("index", "readme"):
        slug += "-briefing"
    return slug


def not_to_read(path: Path, folder: Path) -> str | None:
    """Why a file found in `folder` must not be read, or None.

    A symbolic link that leads outside the folder (git keeps links: a pull request can add
    briefings/x.md -> /etc/passwd, or -> /proc/self/environ on the machine that builds the site),
    whatever is not a regular file (a link to /dev/zero or a FIFO would hang the reader), and a
    name that is not UTF-8.
    """
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:  # a Latin-1 name ('caf\xe9.md'): no page URL, no line of output can hold it
        return "the file name is not UTF-8 text; rename the file"
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return f"is a symbolic link to a file outside {folder.name}/; not read"
        if not stat.S_ISREG(path.stat().st_mode):
            return "is not a regular file; not read"
    except (OSError, RuntimeError):  # RuntimeError: a loop of links; the reader then says why
        return None
    return None


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # surrogates: undecodable names


def printable(text: str) -> str:
    """Text for one line of output: control characters and line breaks (a file may be named
    'a\\n::error::b.txt') shown as escapes, so that every report stays one line."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
