"""Metadata of a saved HTML page: headline, date, URL, outlet, author, description.

Read from the page's own tags (Open Graph, JSON-LD, <meta>, <time>, <h1>), with
htmldate as the fallback for the date. No field ever comes from the clock:
a page gives the same metadata on every run.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .headline import choose_headline

log = logging.getLogger("briefkit")

_JSON_LD = "//script[@type='application/ld+json']/text()"
_DATE_KEYS = ("article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")  # fmt: skip
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
_ISO_DAY = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_WHITESPACE = re.compile(r"\s+")
MAX_FIELD_CHARS = 500


def page_metadata(tree: HtmlElement) -> dict[str, Any]:
    """Every field found, None for the others."""
    meta = meta_tags(tree)
    ld = json_ld(tree)
    url = _http(meta.get("og:url")) or _canonical(tree)
    outlet = meta.get("og:site_name") or _ld_name(ld, "publisher") or meta.get("application-name")
    candidates = {
        "og": meta.get("og:title") or meta.get("twitter:title"),
        "json_ld": _ld_text(ld, "headline"),
        "title": _first_text(tree, "//title"),
        "h1": [clean_space(h.text_content()) for h in tree.xpath("//h1")[:6]],
    }
    return {
        "title": choose_headline(candidates, outlet=outlet, url=url),
        "date": _date(tree, meta, ld, url),
        "url": url,
        "outlet": _short(outlet) or _domain(url),
        "author": _short(_author(meta, ld)),
        "description": meta.get("og:description") or meta.get("description"),
    }


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """{property or name, lower-cased: content}, first occurrence wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = clean_space(element.get("content") or "")
        if key and value and key not in found:
            found[key] = value[:MAX_FIELD_CHARS]
    return found


def json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (graphs flattened); broken blocks are skipped."""
    objects: list[dict[str, Any]] = []
    for block in tree.xpath(_JSON_LD):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    objects.extend(g for g in graph if isinstance(g, dict))
    return objects


def _date(tree: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None) -> str | None:
    for value in [meta.get(k) for k in _DATE_KEYS] + [_ld_text(ld, "datePublished")]:
        match = _ISO_DAY.search(value or "")
        if match:
            return match.group(0)
    from htmldate import find_date

    try:
        return find_date(tree, extensive_search=False, original_date=True, url=url)
    except Exception as exc:  # htmldate fails in many ways on odd pages
        log.debug("htmldate failed: %s", exc)
        return None


def _author(meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        if value and not value.startswith("http"):
            return value
    return _ld_name(ld, "author")


def _ld_text(objects: list[dict[str, Any]], key: str) -> str | None:
    for item in objects:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return clean_space(value)
    return None


def _ld_name(objects: list[dict[str, Any]], key: str) -> str | None:
    """The name of a JSON-LD person or organisation (first of a list)."""
    for item in objects:
        value = item.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
            return clean_space(value["name"])
    return None


def _canonical(tree: HtmlElement) -> str | None:
    hrefs = tree.xpath("//link[@rel='canonical']/@href")
    return _http(str(hrefs[0])) if hrefs else None


def _http(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if url.startswith(("http://", "https://")) else None


def _first_text(tree: HtmlElement, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return clean_space(found[0].text_content()) if found else None


def _domain(url: str | None) -> str | None:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None


def _short(value: str | None) -> str | None:
    return value[:200] if value else None


def clean_space(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
