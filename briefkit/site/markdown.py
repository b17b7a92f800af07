"""Briefing bodies to HTML with markdown-it-py, the way GitHub's preview shows them.

CommonMark plus GFM: tables, strikethrough, autolinks, task lists, alerts
(`> [!NOTE]` boxes) and footnotes. Raw HTML is not passed through: a briefing
can never carry a script onto the site.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.gfm import gfm_plugin

# What every link linkify-it can find contains: a scheme ("http:", "//", "mailto:"), an "@",
# "www.", "localhost", a dot before two letters (every top-level domain it knows starts with
# two: ".com", ".uk", ".рф", ".xn--") or a dot, one to three digits and a dot (".1."): its own
# pretest (linkify_it.ucre.TPL_HOST_FUZZY_TEST) is one large regex per paragraph (half of the
# rendering time); this cheap one says no to most paragraphs first ("U.S.", "3.5", "a.m." and
# sentence ends included), and yes to a superset of what it accepts.
_MAY_LINK = re.compile(r"[:@]|//|\.(?:[^\W\d_]{2}|\d{1,3}\.)|www\.|localhost", re.IGNORECASE)

# A character (or "www.") at which some inline rule of the renderer below may start: a line
# break, an escape, code, strikethrough, emphasis, a link, image or footnote, an autolink or
# HTML, an entity, a linkified URL or e-mail address. Inline text without any is one text
# token, whatever the rules: markdown_renderer hands it over without running them (most of
# an article's paragraphs; the rules try every position, and the GFM autolink rule stops at
# every "w"). tests/test_properties.py checks the shortcut against the full parse.
_MAY_MARK_UP = re.compile(r"[\n\\`~*_\[\]!<>&:@^]|www\.")
_RULES_KNOWN = (
    "text linkify newline escape backticks strikethrough emphasis link image footnote_ref autolink html_inline entity "
    "gfm_autolink_www gfm_autolink_protocol gfm_autolink_email"
).split()


@cache
def markdown_renderer() -> MarkdownIt:
    md = MarkdownIt("gfm-like", {"html": False, "linkify": True, "typographer": False}).use(gfm_plugin)
    full_pretest = md.linkify.pretest
    md.linkify.pretest = lambda text: _MAY_LINK.search(text) is not None and full_pretest(text)
    if md.inline.ruler.get_active_rules() == _RULES_KNOWN:  # another markdown-it: no shortcut
        full_parse = md.inline.parse

        def parse(src: str, md: MarkdownIt, env, tokens: list[Token]) -> list[Token]:
            if _MAY_MARK_UP.search(src) is not None:
                return full_parse(src, md, env, tokens)
            if src:
                token = Token("text", "", 0)
                token.content = src
                tokens.append(token)
            return tokens

        md.inline.parse = parse
    return md


def render_markdown(text: str) -> str:
    """HTML for a Markdown text (no front matter)."""
    return markdown_renderer().render(text)


def body_of(text: str) -> str:
    """The Markdown body of a briefing file: everything after the front matter (as the parser finds it)."""
    from ..briefing import split_front_matter

    parts = split_front_matter(text)
    return parts[1] if parts is not None else text
