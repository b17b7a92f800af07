"""Atom and JSON Feed of the latest briefings.

Written with a real XML writer (ElementTree) and the json module, so article
text is escaped by construction. Times come from briefing dates, never from the
clock: the same briefings always give the same bytes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from .collection import Entry
from .dates import iso_timestamp

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class SiteInfo:
    title: str
    url: str  # absolute, ending in "/"
    description: str = ""


def atom_feed(entries: list[Entry], site: SiteInfo) -> str:
    """An Atom 1.0 document for the newest entries (already sorted newest first)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _add(feed, "title", site.title)
    if site.description:
        _add(feed, "subtitle", site.description)
    _add(feed, "id", site.url)
    _add(feed, "updated", _updated(entries))
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=urljoin(site.url, "feed.xml"))
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=site.url)
    for entry in entries[:FEED_SIZE]:
        feed.append(_atom_entry(entry, site))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _atom_entry(entry: Entry, site: SiteInfo) -> ET.Element:
    url = urljoin(site.url, entry.url)
    element = ET.Element(f"{{{ATOM_NS}}}entry")
    _add(element, "title", entry.title)
    _add(element, "id", url)
    ET.SubElement(element, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=url)
    stamp = iso_timestamp(entry.date)
    _add(element, "updated", stamp or EPOCH)
    if stamp:
        _add(element, "published", stamp)
    outlet = (entry.meta.get("source") or {}).get("outlet")
    author = ET.SubElement(element, f"{{{ATOM_NS}}}author")
    _add(author, "name", str(outlet) if outlet else site.title)
    if entry.summary:
        _add(element, "summary", entry.summary)
    for term in entry.meta.get("topics") or []:
        ET.SubElement(element, f"{{{ATOM_NS}}}category", term=str(term))
    return element


def json_feed(entries: list[Entry], site: SiteInfo) -> str:
    """A JSON Feed 1.1 document for the newest entries."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.title,
        "home_page_url": site.url,
        "feed_url": urljoin(site.url, "feed.json"),
        "description": site.description,
        "items": [_json_item(entry, site) for entry in entries[:FEED_SIZE]],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_item(entry: Entry, site: SiteInfo) -> dict:
    url = urljoin(site.url, entry.url)
    item = {"id": url, "url": url, "title": entry.title}
    if entry.summary:
        item["summary"] = entry.summary
        item["content_text"] = entry.summary
    else:
        item["content_text"] = entry.title
    stamp = iso_timestamp(entry.date)
    if stamp:
        item["date_published"] = stamp
    tags = [str(t) for t in (entry.meta.get("topics") or []) + entry.countries]
    if tags:
        item["tags"] = tags
    return item


def _updated(entries: list[Entry]) -> str:
    stamps = [s for s in (iso_timestamp(e.date) for e in entries) if s]
    return max(stamps, default=EPOCH)


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    child.text = _NOT_XML.sub("", text)  # characters XML 1.0 cannot carry at all
    return child
