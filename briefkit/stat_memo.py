"""Facts about files, remembered while the files are unchanged: ingest at 10,000 articles without reading them.

`build.py build` ingests before it renders. With nothing new, ingest still had to read
and parse every briefing (which article it belongs to, whether a person edited it)
and hash every article: 4-5 s at 10,000. A fact derived from a file's bytes is kept
in `.cache/briefkit/stat-memo.json` with the file's device, inode, size and
modification time, and used again while all four are the same, as git and make
trust a file's stat. A file modified within RACY_NS of being looked at is not
remembered (an edit in the same clock tick could go unseen); a symbolic link or
anything but a regular file never is. The memo is keyed, like the other caches, by
a key kept outside the project, and by the code that derives the facts: a memo
from another machine, another version or a corrupt file is empty, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import time
from pathlib import Path
from typing import Any

from .files import atomic_write, cache_key

log = logging.getLogger("briefkit")

MEMO_FILE = Path(".cache") / "briefkit" / "stat-memo.json"
VERSION = 1
RACY_NS = 2_000_000_000


class StatMemo:
    """kind + path -> value, valid while the file's stat is the one it was derived from."""

    def __init__(self, root: Path, fingerprint: str, enabled: bool = True) -> None:
        self.path = root / MEMO_FILE
        self.key = cache_key(f"stat memo {VERSION}", fingerprint)
        self.enabled = enabled and not os.environ.get("BRIEFKIT_NO_CACHE")
        self.old: dict[str, list] = self._load() if self.enabled else {}
        self.new: dict[str, list] = {}
        self.pending: list[tuple[str, Path, list[int], Any]] = []
        self.changed = False  # a fact added or replaced (one dropped shows as fewer facts)

    def _load(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("facts"), dict):
            return {}
        return data["facts"]

    @staticmethod
    def look(path: Path) -> list[int] | None:
        """The stat a fact is tied to, and when it was taken; None: not a regular file (a link, a FIFO),
        or not there."""
        now = time.time_ns()
        try:
            found = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode):
            return None
        return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, now]

    def get(self, kind: str, path: Path, seen: list[int] | None) -> Any:
        """The remembered value, or None."""
        if seen is None or not self.enabled:
            return None
        row = self.old.get(f"{kind}\0{path}")
        if not isinstance(row, list) or len(row) != 2 or row[0] != seen[:4]:
            return None
        self.new[f"{kind}\0{path}"] = row
        return row[1]

    def put(self, kind: str, path: Path, seen: list[int] | None, value: Any) -> None:
        """Remember value for the file as it was when `seen` was taken (before it was read). Not when the
        file had been modified less than RACY_NS before: a second edit in the same clock tick would keep
        its stat."""
        if seen is None or not self.enabled or seen[4] - seen[3] < RACY_NS:
            return
        self.new[f"{kind}\0{path}"] = [seen[:4], value]
        self.changed = True

    def put_written(self, kind: str, path: Path, seen: list[int] | None, value: Any) -> None:
        """Remember value for a file this run has just written (seen: looked at right after writing).
        Checked again when saving: kept only if the file is still as written and older than RACY_NS."""
        if seen is not None and self.enabled:
            self.pending.append((kind, path, seen, value))

    def save(self) -> None:
        """Keep the facts used or made by this run (others drop out). Never fails the run."""
        for kind, path, seen, value in self.pending:
            again = self.look(path)
            if again is not None and again[:4] == seen[:4]:
                self.put(kind, path, again, value)
        self.pending = []
        if not self.enabled or (not self.changed and len(self.new) == len(self.old)):
            return  # every old fact used again, none new: the file as it is
        data = {"key": self.key, "facts": dict(sorted(self.new.items()))}
        try:
            atomic_write(self.path, json.dumps(data, separators=(",", ":")))
        except OSError as exc:
            log.debug("cannot write %s: %s", self.path, exc)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
