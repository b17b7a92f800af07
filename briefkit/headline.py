"""Choose a page's headline from its candidates, without the site-name suffix.

Candidates: og:title (or twitter:title), the JSON-LD headline, <title> and the
<h1> elements. The visible headline (an <h1>) wins when some page title agrees
with it; otherwise the best page title, with " | Site" / " - Site" removed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

# Separators between a headline and the site name in <title> and og:title.
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|:)\s+")
_NOT_WORD = re.compile(r"[\W_]+")
MAX_HEADLINE_WORDS = 40


def normalize_title(text: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive form, for comparing titles."""
    if not text.isascii():  # ASCII has nothing to decompose and no combining marks
        text = unicodedata.normalize("NFKD", text).casefold()
        if not text.isascii():
            text = "".join(c for c in text if not unicodedata.combining(c))
    else:
        text = text.casefold()
    return _NOT_WORD.sub(" ", text).strip()


def choose_headline(candidates: dict[str, Any], outlet: str | None = None, url: str | None = None) -> str | None:
    """The headline, or None when the page offers no candidate."""
    sites = _site_names(outlet, url)
    metas = [c for c in (candidates.get("og"), candidates.get("json_ld"), candidates.get("title")) if c]
    stripped = [strip_site_name(m, sites) for m in metas]
    titles = None  # the page titles, normalised once for all the h1 elements
    for h1 in candidates.get("h1") or []:
        if _usable(h1, sites):
            titles = [normalize_title(t) for t in metas + stripped if t] if titles is None else titles
            if _agrees(h1, titles):
                return h1
    for title in stripped:
        if _usable(title, sites):
            return title
    for h1 in candidates.get("h1") or []:
        if _usable(h1, sites):
            return h1
    return None


def strip_site_name(title: str, sites: set[str]) -> str:
    """`Headline | Section | Site` -> `Headline`, when trailing parts name the site.

    Without a known site name only a short last part after " | " goes: pipes
    separate site names, while dashes and colons also occur inside headlines.
    """
    separators = list(_SEPARATOR.finditer(title))
    parts = _SEPARATOR.split(title)
    keep = len(parts)
    while keep > 1 and _is_site_part(parts[keep - 1], sites):
        keep -= 1
    if keep == len(parts) and separators and separators[-1].group().strip() == "|":
        if len(normalize_title(parts[-1]).split()) <= 4 and not _matches_any(parts[-1], sites):
            keep -= 1
    if keep == len(parts):
        return title
    return title[: separators[keep - 1].start()].strip()


def _is_site_part(part: str, sites: set[str]) -> bool:
    return not normalize_title(part) or _matches_any(part, sites)


def _matches_any(part: str, sites: set[str]) -> bool:
    norm = normalize_title(part)
    return any(norm == s or norm.replace(" ", "") == s.replace(" ", "") for s in sites)


def _site_names(outlet: str | None, url: str | None) -> set[str]:
    names = set()
    if outlet:
        names.add(normalize_title(outlet))
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    if host:
        names.add(normalize_title(host))
        names.add(normalize_title(host.split(".")[0]))
    return {n for n in names if n}


def _usable(text: str | None, sites: set[str]) -> bool:
    if not text:
        return False
    norm = normalize_title(text)
    return bool(norm) and norm not in sites and len(norm.split()) <= MAX_HEADLINE_WORDS


def _agrees(h1: str, titles: list[str]) -> bool:
    """The h1 is a page title, or a page title starts with it (then a separator); `titles` normalised."""
    norm = normalize_title(h1)
    if len(norm.split()) < 2:
        return False
    return any(title == norm or title.startswith(norm + " ") for title in titles)
