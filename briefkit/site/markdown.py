"""Briefing bodies to HTML with markdown-it-py, the way GitHub's preview shows them.

CommonMark plus GFM: tables, strikethrough, autolinks, task lists, alerts
(`> [!NOTE]` boxes) and footnotes. Raw HTML is not passed through: a briefing
can never carry a script onto the site.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.gfm import gfm_plugin

# What every link linkify-it can find contains: a scheme ("http:", "//", "mailto:"), an
# "@", "www.", "localhost" or a dot followed by a letter or digit (".com", ".рф", ".1.").
# Its own pretest is one large regex per paragraph (half of the rendering time); this
# cheap one says no to most paragraphs first, and yes to a superset of what it accepts.
_MAY_LINK = re.compile(r"[:@]|//|\.\w|www\.|localhost", re.IGNORECASE)


@cache
def markdown_renderer() -> MarkdownIt:
    md = MarkdownIt("gfm-like", {"html": False, "linkify": True, "typographer": False}).use(gfm_plugin)
    full_pretest = md.linkify.pretest
    md.linkify.pretest = lambda text: _MAY_LINK.search(text) is not None and full_pretest(text)
    return md


def render_markdown(text: str) -> str:
    """HTML for a Markdown text (no front matter)."""
    return markdown_renderer().render(text)


def body_of(text: str) -> str:
    """The Markdown body of a briefing file: everything after the front matter (as the parser finds it)."""
    from ..briefing import split_front_matter

    parts = split_front_matter(text)
    return parts[1] if parts is not None else text
