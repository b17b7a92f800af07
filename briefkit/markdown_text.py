"""Escaping article text for Markdown, and reading it back.

Article text is untrusted: it may contain Markdown, HTML or template syntax.
`escape` backslash-escapes every character that CommonMark or GitHub could
read as markup, so the text shows literally on GitHub and on the site;
`unescape` is its exact inverse (`unescape(escape(s)) == s` for every string),
so `show --json` returns what was written. `markdown_line` is what the
briefing template uses: whitespace folded to single spaces (Markdown would fold
it anyway, and a leading indent would turn a line into code), then escaped.
"""

from __future__ import annotations

import re

# ASCII punctuation that starts or ends markup anywhere in a line (CommonMark
# allows a backslash before any ASCII punctuation character).
_INLINE = re.compile(r"([\\`*_\[\]<>&|~$!{}])")
# Characters that only matter at the start of a line (headings, lists, quotes...).
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Escape one line of text so that Markdown shows it literally; whitespace is kept."""
    out = _INLINE.sub(r"\\\1", text)  # a backslash before each markup character
    match = _LINE_START.match(out)
    if match:
        lead, mark = match.group(1), match.group(2)
        if mark.isdigit():
            digits_end = len(lead) + len(mark)
            out = out[:digits_end] + "\\" + out[digits_end:]
        else:
            out = lead + "\\" + out[len(lead) :]
    return out


def unescape(text: str) -> str:
    """Inverse of `escape`: drop the backslash before escaped punctuation."""
    return _UNESCAPE.sub(r"\1", text)


def fold_whitespace(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space, none at either end."""
    return " ".join(text.split())


def markdown_line(text: str) -> str:
    """Text as one escaped Markdown line: folded whitespace, markup made literal."""
    return escape(fold_whitespace(text))
