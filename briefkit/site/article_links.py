"""A briefing body as HTML, with every claim linked to its sentence in the article.

Background items, key facts and quotes are verbatim from the article. Working on
markdown-it tokens (never on HTML strings), this:
- gives each level-2 heading an id from its name (`key-facts`, `article`, ...);
- wraps each claim's text in the Article section in `<span class="claim" id=..>`;
- ends each claim with a link "in the article" to that span.
The words the site adds (section headings, a box's "Note" title, "in the article")
carry `data-pagefind-ignore`: search indexes and quotes what the briefing says,
not the page's furniture.
Text stays in text tokens, which the renderer escapes: the markup we add is
built only from our own ids, so article text can never break out of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token
from slugify import slugify

from ..model import Briefing
from .markdown import markdown_renderer

CLAIM_SECTIONS = {"background": "background", "key-facts": "fact", "quotes": "quote"}


@dataclass
class Claim:
    text: str
    anchor: str


def render_briefing_body(markdown_text: str, briefing: Briefing) -> str:
    md = markdown_renderer()
    env: dict = {}
    tokens = md.parse(markdown_text, env)
    sections = _name_sections(tokens)
    claims = _claims(briefing)
    anchored = _anchor_article(tokens, sections, claims)
    _link_claims(tokens, sections, anchored)
    _unindex_furniture(tokens)
    return md.renderer.render(tokens, md.options, env)


def _claims(briefing: Briefing) -> list[Claim]:
    claims = [Claim(t, f"background-{i}") for i, t in enumerate(briefing.background, 1)]
    claims += [Claim(t, f"fact-{i}") for i, t in enumerate(briefing.key_facts, 1)]
    claims += [Claim(q.text, f"quote-{i}") for i, q in enumerate(briefing.quotes, 1)]
    return [c for c in claims if c.text.strip()]


def _name_sections(tokens: list[Token]) -> list[str]:
    """The section each token is in (slug of the last h2), and ids on the h2s."""
    sections, current = [], ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = slugify(tokens[index + 1].content) or "section"
            token.attrSet("id", current)
        sections.append(current)
    return sections


def _anchor_article(tokens: list[Token], sections: list[str], claims: list[Claim]) -> dict[str, str]:
    """Wrap each claim found in the Article's text; returns claim text -> anchor."""
    found: dict[str, str] = {}
    for token, section in zip(tokens, sections, strict=True):
        if section != "article" or token.type != "inline" or not token.children:
            continue
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for claim in claims:
            if claim.text in found:
                continue
            place = _find(token.children, claim.text, spans)
            if place is not None:
                child, start, end, anchor = place
                anchor = anchor or claim.anchor
                found[claim.text] = anchor
                if start is not None:
                    spans.setdefault(child, []).append((start, end, anchor))
        token.children = _split_children(token.children, spans)
    return found


def _find(children: list[Token], text: str, spans: dict[int, list[tuple[int, int, str]]]):
    """Where `text` is in a text child: (child, start, end, existing anchor or None)."""
    for index, child in enumerate(children):
        if child.type != "text":
            continue
        start = child.content.find(text)
        if start == -1:
            continue
        end = start + len(text)
        for other_start, other_end, anchor in spans.get(index, []):
            if start < other_end and other_start < end:  # overlaps a claim already wrapped
                return index, None, None, anchor
        return index, start, end, None
    return None


def _split_children(children: list[Token], spans: dict[int, list[tuple[int, int, str]]]) -> list[Token]:
    result: list[Token] = []
    for index, child in enumerate(children):
        if index not in spans:
            result.append(child)
            continue
        position = 0
        for start, end, anchor in sorted(spans[index]):
            result.append(_text(child.content[position:start]))
            result.append(_html(f'<span class="claim" id="{anchor}">'))
            result.append(_text(child.content[start:end]))
            result.append(_html("</span>"))
            position = end
        result.append(_text(child.content[position:]))
    return [token for token in result if token.type != "text" or token.content]


def _link_claims(tokens: list[Token], sections: list[str], anchored: dict[str, str]) -> None:
    """End each background item, key fact and quote with a link to its sentence."""
    for token, section in zip(tokens, sections, strict=True):
        if section not in CLAIM_SECTIONS or token.type != "inline" or not token.children:
            continue
        plain = "".join(child.content for child in token.children if child.type == "text")
        matches = [(len(text), anchor) for text, anchor in anchored.items() if text in plain]
        if matches:
            anchor = max(matches)[1]  # the longest claim the item holds is the item itself
            link = f'<a class="cite" href="#{anchor}" data-pagefind-ignore>in the article</a>'
            token.children += [_text(" "), _html(link)]


def _unindex_furniture(tokens: list[Token]) -> None:
    """Section headings and alert titles are the site's words, not the briefing's: keep them out of search."""
    for token in tokens:
        if (token.type == "heading_open" and token.tag == "h2") or token.type == "alert_title_open":
            token.attrSet("data-pagefind-ignore", "")


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token
