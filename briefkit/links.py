"""Links inside briefings, for `check`: find them, and say which ones do not resolve.

A link to the web (`https:`, `mailto:`) is not fetched. A relative link must name
a file inside the briefings folder (the site publishes nothing else); its
`#anchor`, and a link to `#anchor` in the same file, must be a heading of the
target (GitHub's heading ids: lower case, punctuation dropped, spaces as
hyphens) or a footnote. Absolute paths (`/x`) break when the site is served
from a sub-path (`https://owner.github.io/repo/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

# Link text holds no bracket, or one balanced pair ([a [b] c](x)): a bracket anywhere else starts over
# there, so that a line of 50,000 '[' is read once, not 50,000 times (37 s).
_INLINE_LINK = re.compile(
    r"(?<!\\)!?\[(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*\]"  # [text], [a [b] c]
    r"\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)"  # (target "title")
)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)(?:\\.|[^\]\\])+\]:\s*<?(\S+?)>?(?:\s.*)?$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    line: int
    target: str


def scan(lines: list[str], first: int) -> tuple[list[Link], set[str], set[str]]:
    """Links, heading anchors and footnote labels in lines[first:] (line numbers 1-based)."""
    links: list[Link] = []
    anchors: set[str] = set()
    footnotes: set[str] = set()
    seen: dict[str, int] = {}
    in_fence = False
    for index in range(first, len(lines)):
        line = lines[index]
        if "`" in line or "~" in line:
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            line = _CODE_SPAN.sub("", line)
        if in_fence:
            continue
        if line.lstrip(" ").startswith("#"):
            heading = _HEADING.match(line)
            if heading:
                anchors.add(_unique(github_anchor(heading.group(2)), seen))
        if "[" not in line:
            continue
        footnote = _FOOTNOTE_DEFINITION.match(line)
        if footnote:
            footnotes.add(footnote.group(1))
        if "](" in line:
            links.extend(Link(index + 1, target) for target in _INLINE_LINK.findall(line))
        if "]:" in line:
            definition = _REFERENCE_DEFINITION.match(line)
            if definition:
                links.append(Link(index + 1, definition.group(1)))
    return links, anchors, footnotes


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[*_`~]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _unique(anchor: str, seen: dict[str, int]) -> str:
    count = seen.get(anchor, 0)
    seen[anchor] = count + 1
    return anchor if count == 0 else f"{anchor}-{count}"


def split_target(target: str) -> tuple[str, str]:
    """(path, fragment) of a link target, percent-decoded; the query is dropped."""
    path, _, fragment = target.partition("#")
    return unquote(path.split("?", 1)[0]), unquote(fragment)


def is_external(target: str) -> bool:
    return bool(_SCHEME.match(target)) or target.startswith("//")


def resolve(briefing: Path, target_path: str, briefings_dir: Path) -> tuple[Path | None, str | None]:
    """The file a relative link names, or a problem saying why it does not resolve."""
    if target_path.startswith("/"):
        return None, f"absolute link '{target_path}' breaks under a sub-path; use a relative link"
    resolved = (briefing.parent / target_path).resolve()
    if not resolved.is_relative_to(briefings_dir.resolve()):
        return None, f"link '{target_path}' leads outside briefings/: the site does not publish it"
    if not resolved.exists():
        return None, f"broken link: '{target_path}' does not exist"
    return resolved, None
