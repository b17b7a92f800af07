"""Read a saved HTML page: its main text (trafilatura), headline and metadata.

The page is parsed once with lxml; the same tree serves trafilatura (which
works on its own copy), the headline candidates and, when trafilatura finds
no text, the visible-text fallback. trafilatura's `filedate` (today's date) is
never used: the same page must always give the same article.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring

from .page_metadata import page_metadata

log = logging.getLogger("briefkit")

_INVISIBLE = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "iframe",
    "object",
    "button",
    "select",
}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul", "title", "body", "html",
}  # fmt: skip


@dataclass
class Page:
    """What a saved page yields: main text (one paragraph a line) and metadata."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


class NoTextError(ValueError):
    """The page has neither main text nor visible text."""


# trafilatura's parser options (trafilatura.utils.HTML_PARSER)
_PARSER_OPTIONS = {
    "collect_ids": False,
    "default_doctype": False,
    "encoding": "utf-8",
    "remove_comments": True,
    "remove_pis": True,
}


def _html_parser(**options: Any) -> HTMLParser:
    """lxml.html's parser, with the element classes chosen in C instead of by a Python method.

    lxml.html's parser asks HtmlElementClassLookup.lookup (Python) for the class of every element
    Python touches: trafilatura touches thousands per page, and the tree we hand it keeps our
    parser, so its work on the tree pays ~0.9 ms less per devset page. Every element is an
    HtmlElement, as before; only <form>, <input>, <select>, <textarea> and <label> lose their
    form-handling subclasses, whose extra methods trafilatura, htmldate and briefkit never call.
    """
    parser = HTMLParser(**options)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
        )
    )
    return parser


_PARSER = _html_parser(**_PARSER_OPTIONS)


def parse_html(html: str) -> HtmlElement | None:
    """Parse as trafilatura does, so the tree can be handed to it unchanged.

    libxml2 stops a page at 256 nested elements (a saved page with unclosed <font> or <div>
    tags gets there) and drops the rest of its text without a word: such a page is parsed
    again with libxml2's larger limits (2,048 levels).
    """
    tree = load_html(html)
    if not any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in _PARSER.error_log):
        return tree
    parser = _html_parser(huge_tree=True, **_PARSER_OPTIONS)  # trafilatura's own options, and huge_tree
    try:
        deep = fromstring(html, parser=parser)
    except ValueError:  # a string with an encoding declaration: lxml wants its bytes
        deep = fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return tree
    return deep if deep is not None and len(deep) else tree


# The characters trafilatura's loader deletes from a page before parsing it (its INVALID_XML_CHARS):
# C0 controls but tab, line feed and carriage return, and U+FFFE, U+FFFF.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_MARK_CONTROLS = bytes(0 if b in _CONTROL_BYTES else 1 for b in range(256))  # control byte -> 0, others -> 1


def _has_invalid_xml_chars(html: str) -> bool:
    """INVALID_XML_CHARS.search(html), about 2.5 times as fast: the regular expression tries each
    of a news page's ~170,000 characters in turn (0.5 ms). The C0 controls are single bytes in
    UTF-8 and never part of another character's bytes, so they are found in the page's UTF-8 by a
    byte table and a memchr."""
    if "\ufffe" in html or "\uffff" in html:
        return True
    return b"\x00" in html.encode("utf-8", "surrogatepass").translate(_MARK_CONTROLS)


def load_html(html: str) -> HtmlElement | None:
    """trafilatura.utils.load_html(html) for a page already decoded: the same steps and the same
    tree, parsed by _PARSER; and the regular expression that deletes control characters runs only
    when a faster search (_has_invalid_xml_chars) finds some (on nearly no page)."""
    from trafilatura import utils

    beginning = html[:50].lower()
    check_flag = utils.is_dubious_html(beginning)
    # utils.repair_faulty_html:
    if _has_invalid_xml_chars(html):
        html = utils.INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = utils.DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = utils.FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    tree = None
    fallback_parse = False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = _fromstring_bytes(html)
        fallback_parse = True
    except Exception as err:  # as trafilatura: logged, and the page has no tree
        utils.LOGGER.error("lxml parsing failed: %s", err)
    if (tree is None or len(tree) < 1) and not fallback_parse:
        tree = _fromstring_bytes(html)
    if tree is not None and check_flag and len(tree) < 2:  # trafilatura's test that the page is HTML at all
        utils.LOGGER.error("parsed tree length: %s, wrong data type or not valid HTML", len(tree))
        tree = None
    return tree


def _fromstring_bytes(html: str) -> HtmlElement | None:
    """trafilatura.utils.fromstring_bytes, with _PARSER."""
    from trafilatura import utils

    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception as err:
        utils.LOGGER.error("lxml parser bytestring %s", err)
    return None


def read_page(html: str) -> Page:
    """Main text and metadata of one HTML page. Raises NoTextError or ValueError."""
    import trafilatura

    tree = parse_html(html)
    if tree is None:
        raise NoTextError("not an HTML page lxml can parse")
    doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True)
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        log.debug("trafilatura found no main text; falling back to the visible text")
        text = visible_text(tree)
        if not text.strip():
            raise NoTextError("no article text found in the HTML page")
    metadata = page_metadata(tree)
    return Page(text=text, metadata={k: v for k, v in metadata.items() if v})


def visible_text(tree: HtmlElement) -> str:
    """The page's visible text, one line per block element (as select-all copies it)."""
    parts: list[str] = []
    skip_depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        hidden = tag in _INVISIBLE or _is_hidden(element)
        if event == "start":
            if hidden:
                skip_depth += 1
            elif not skip_depth:
                if tag in _BLOCKS:
                    parts.append("\n")
                if element.text:
                    parts.append(element.text)
            continue
        if hidden:
            skip_depth -= 1
        elif not skip_depth and tag in _BLOCKS:
            parts.append("\n")
        if not skip_depth and element.tail:
            parts.append(element.tail)
    lines = (_clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _is_hidden(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_WHITESPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
