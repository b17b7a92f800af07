"""Briefing bodies to HTML with markdown-it-py, the way GitHub's preview shows them.

CommonMark plus GFM: tables, strikethrough, autolinks, task lists, alerts
(`> [!NOTE]` boxes) and footnotes. Raw HTML is not passed through: a briefing
can never carry a script onto the site.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.gfm import gfm_plugin


@cache
def markdown_renderer() -> MarkdownIt:
    return MarkdownIt("gfm-like", {"html": False, "linkify": True, "typographer": False}).use(gfm_plugin)


def render_markdown(text: str) -> str:
    """HTML for a Markdown text (no front matter)."""
    return markdown_renderer().render(text)


def body_of(text: str) -> str:
    """The Markdown body of a briefing file: everything after the front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text
