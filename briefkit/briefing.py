"""Stage 4: the briefing file, the contract between the tool and people.

`compose` turns an article and its annotations into a `Briefing`; `render`
writes it as Markdown with YAML front matter (through the Jinja2 template in
templates/ and PyYAML, never string templates for YAML); `parse` reads a
briefing file back, as a person may have edited it.

The front matter carries `generated.digest`: the SHA-256 of the file as the
tool wrote it. A file whose digest no longer matches was edited by a person.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import TEMPLATES_DIR
from .errors import BriefingError
from .markdown_text import markdown_line, unescape
from .model import Annotations, Article, Briefing, Event, Quote

FRONT_MATTER_KEYS = (
    "title",
    "date",
    "date_precision",
    "date_evidence",
    "summary",
    "source",
    "countries",
    "places",
    "people",
    "organizations",
    "topics",
    "generated",
)
SECTIONS = {
    "Photo caption": "caption",
    "Background": "background",
    "Key facts": "key_facts",
    "Quotes": "quotes",
    "Timeline": "timeline",
    "Article": "article",
}
_DIGEST_PLACEHOLDER = "to-be-computed"
_DIGEST_LINE = re.compile(r"^  digest: (\S+)\n", re.MULTILINE)
# A quote as written: "text" — speaker, where text and speaker escape every ASCII " (\"), so that
# the two unescaped marks are the delimiters whatever the text or the speaker holds ("0" — ”).
_QUOTE_WRITTEN = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"(?:\s+[—–-]{1,2}\s+(?P<speaker>(?:[^"\\]|\\.)+))?$')
# A quote as a person may type it: curly marks, unescaped inner quotes (the last closing mark ends it).
_QUOTE_ITEM = re.compile(r'^["“](?P<text>.*)["”](?:\s+[—–-]{1,2}\s+(?P<speaker>.+))?$')
_EVENT_ITEM = re.compile(r"^\*\*(?P<date>.+?)\*\*:?\s*(?P<event>.*)$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_HEADING = re.compile(r"^##\s+(?P<name>.+?)\s*#*\s*$")


def compose(article: Article, ann: Annotations) -> Briefing:
    meta: dict[str, Any] = {
        "title": article.title,
        "date": ann.date,
        "date_precision": ann.date_precision,
        "date_evidence": ann.date_evidence,
        "summary": ann.summary,
        "source": {
            "file": article.path,
            "url": article.url,
            "outlet": article.outlet,
            "sha256": article.sha256,
        },
        "countries": list(ann.countries),
        "places": list(ann.places),
        "people": [{"name": p.name, "role": p.role} for p in ann.people],
        "organizations": list(ann.organizations),
        "topics": list(ann.topics),
        "generated": {"by": "briefkit", "digest": _DIGEST_PLACEHOLDER},
    }
    return Briefing(
        meta=meta,
        caption=article.caption,
        background=list(ann.background),
        key_facts=list(ann.key_facts),
        quotes=list(ann.quotes),
        timeline=list(ann.timeline),
        article=list(article.paragraphs),
    )


def dump_front_matter(meta: dict[str, Any]) -> str:
    # libyaml's emitter (5x faster) writes the same bytes as PyYAML's own for text made of
    # these characters (checked on 10,000 briefings and 300,000 random strings); it escapes
    # others differently (emoji, U+0085), so anything else goes through PyYAML's emitter.
    dumper = _C_DUMPER if _C_DUMPER is not None and _plain_text(meta) else yaml.SafeDumper
    return yaml.dump(
        meta, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )


_C_DUMPER = getattr(yaml, "CSafeDumper", None)
_NOT_C_SAFE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _plain_text(value: Any) -> bool:
    """True when every string in value (keys too) is made of characters both emitters write alike."""
    if isinstance(value, str):
        return _NOT_C_SAFE.search(value) is None
    if isinstance(value, dict):
        return all(_plain_text(k) and _plain_text(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain_text(v) for v in value)
    return True


def render(briefing: Briefing, *, digest: bool = True) -> str:
    """The Markdown file for a briefing, with its digest filled in.

    digest=False writes no `generated.digest`: the front matter is the briefing's meta as it is (less any digest
    it holds), for a file a person writes (`build.py new`), which no command may then take for its own.
    """
    meta = dict(briefing.meta)
    if not digest:
        generated = meta.get("generated")
        if isinstance(generated, dict) and "digest" in generated:
            meta["generated"] = {k: v for k, v in generated.items() if k != "digest"}
        return _render_text(briefing, meta)
    meta["generated"] = {**meta.get("generated", {}), "digest": _DIGEST_PLACEHOLDER}
    text = _render_text(briefing, meta)
    line = f"  digest: {_DIGEST_PLACEHOLDER}\n"
    digest_value = _digest(text.replace(line, "", 1))
    return text.replace(line, f"  digest: {digest_value}\n", 1)


def _render_text(briefing: Briefing, meta: dict[str, Any]) -> str:
    return _template().render(
        front_matter=dump_front_matter(meta),
        caption=briefing.caption,
        background=briefing.background,
        key_facts=briefing.key_facts,
        quotes=briefing.quotes,
        timeline=briefing.timeline,
        article=briefing.article,
    )


def is_untouched(text: str) -> bool:
    """True when the file is byte for byte what the tool wrote."""
    end = text.find("\n---\n")
    match = _DIGEST_LINE.search(text, 0, end + 1 if end != -1 else len(text))
    if not match:
        return False
    return _digest(text[: match.start()] + text[match.end() :]) == match.group(1)


def _digest(text: str) -> str:
    """The digest of a briefing file: SHA-256 of its text without the digest line."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _template() -> jinja2.Template:
    global _TEMPLATE
    if _TEMPLATE is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=False,  # Markdown, not HTML: the `md` filter escapes instead
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        env.filters["md"] = markdown_line
        env.filters["md_quoted"] = _quoted_part
        _TEMPLATE = env.get_template("briefing.md.j2")
    return _TEMPLATE


_TEMPLATE: jinja2.Template | None = None


@dataclass
class ParsedBriefing:
    """A parsed file: the briefing plus where things are, for `check`."""

    briefing: Briefing
    front_matter_lines: int  # line number of the closing ---
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line
    section_lines: dict[str, int] = field(default_factory=dict)  # section name -> line
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # field -> line per item
    unknown_sections: list[tuple[str, int]] = field(default_factory=list)
    item_sources: dict[str, list[str]] = field(default_factory=dict)  # field -> Markdown per item
    repeated_keys: list[tuple[str, int]] = field(default_factory=list)  # a front-matter key given again, its line


# Where parse finds the front matter: a first line '---' (spaces around it allowed) and the next
# line that is '---' (spaces after it allowed). Whatever else reads a briefing's front matter or its
# body (the site, ingest) uses these, so that it finds what check and show find.
_OPENING = re.compile(r"[^\S\n]*---[^\S\n]*\n")
_CLOSING = re.compile(r"^---[^\S\n]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(the front matter's YAML, the body after its closing line), as parse reads them; None without one."""
    opening = _OPENING.match(text)
    closing = _CLOSING.search(text, opening.end()) if opening else None
    if closing is None:
        return None
    return text[opening.end() : max(opening.end(), closing.start() - 1)], text[closing.end() + 1 :]


def parse(text: str, path: str = "<briefing>") -> ParsedBriefing:
    """Parse a briefing file. Raises BriefingError (with a line) when it cannot."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise BriefingError(path, 1, "no front matter: the file must start with a line '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        raise BriefingError(path, 1, "front matter is not closed by a line '---'") from None
    meta = _load_yaml("\n".join(lines[1:end]), path)
    if isinstance(meta.get("date"), (int, datetime.date)):
        meta["date"] = str(meta["date"]) if isinstance(meta["date"], int) else meta["date"].isoformat()
    key_lines: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    for number, line in enumerate(lines[1:end], start=2):
        match = re.match(r"^([A-Za-z_][\w-]*):", line)
        if match:
            if match.group(1) in key_lines:
                repeated.append((match.group(1), number))
            key_lines.setdefault(match.group(1), number)
    parsed = ParsedBriefing(
        briefing=Briefing(meta=meta), front_matter_lines=end + 1, key_lines=key_lines, repeated_keys=repeated
    )
    _parse_body(lines, end + 1, parsed)
    return parsed


def parse_file(path: Path, shown: str | None = None) -> ParsedBriefing:
    from .files import not_to_read

    shown = shown or str(path)
    reason = not_to_read(path, path.absolute().parent)
    if reason is not None:
        raise BriefingError(shown, 1, reason)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Notepad) is no text, as for MkDocs
    except UnicodeDecodeError:
        raise BriefingError(shown, 1, "not UTF-8 text") from None
    except OSError as exc:
        raise BriefingError(shown, 1, f"cannot read: {exc.strerror or exc}") from exc
    return parse(text, shown)


class FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml: 10x faster
    """The safe loader, except that a date that is not a day of the calendar (an unquoted
    2019-02-30) stays the text it is, for `check` to name, instead of raising ValueError, and a
    !!set is a sorted list."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _set_as_sorted_list(loader: yaml.SafeLoader, node: yaml.MappingNode) -> list[Any]:
    """A YAML !!set becomes a sorted list: a Python set's order follows the run's string hashes,
    so `show --json`, the site and the caches would differ from run to run."""
    return sorted(loader.construct_mapping(node), key=lambda item: (type(item).__name__, repr(item)))


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
FrontMatterLoader.add_constructor("tag:yaml.org,2002:set", _set_as_sorted_list)
_YAML_LOADER = FrontMatterLoader


def _load_yaml(source: str, path: str) -> dict[str, Any]:
    try:
        meta = yaml.load(source, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 2
        raise BriefingError(path, line, f"front matter is not valid YAML: {exc.problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; its message spans two lines
        line = source.count("\n", 0, exc.position) + 2
        raise BriefingError(
            path, line, f"front matter is not valid YAML: character U+{exc.character:04X} is not allowed; delete it"
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise BriefingError(path, 2, f"front matter is not valid YAML: {message}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise BriefingError(path, 2, "front matter must be a mapping of keys to values")
    if "*" in source and _expands_beyond(meta, MAX_FRONT_MATTER_VALUES):
        alias = _ALIAS.search(source)
        line = source.count("\n", 0, alias.start()) + 2 if alias else 2
        raise BriefingError(
            path, line, "front matter is too large once its YAML aliases (*name) are expanded: write the values out"
        )
    return meta


# A few hundred values make a briefing's front matter. Aliases repeat a value without
# copying it, so nine lines of nine aliases make 387 million strings for whatever walks
# the front matter (show's JSON, the site's pages), and an alias inside its own anchor
# makes a value that never ends.
MAX_FRONT_MATTER_VALUES = 100_000
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]+", re.MULTILINE)


def _expands_beyond(value: Any, limit: int) -> bool:
    """True when value, with every repeated (aliased) part counted each time, holds over `limit` values."""
    stack = [value]
    while stack:
        limit -= 1
        if limit < 0:
            return True
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return False


def _parse_body(lines: list[str], start: int, parsed: ParsedBriefing) -> None:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for index in range(start, len(lines)):
        line = lines[index].rstrip()
        match = _HEADING.match(line)
        if match:
            name = match.group("name")
            key = SECTIONS.get(name) or SECTIONS.get(name.capitalize())
            if key is None:
                parsed.unknown_sections.append((name, index + 1))
                current = None
                continue
            parsed.section_lines[key] = index + 1
            current = sections.setdefault(key, [])
            continue
        if current is not None:
            current.append((index + 1, line))
    briefing = parsed.briefing
    for key, body in sections.items():
        if key == "background":
            blocks = _blocks([(n, _strip_quote_marker(line)) for n, line in body], skip_alert=True)
        elif key in ("caption", "article"):
            blocks = _blocks(body)
        else:
            blocks = _list_items(body)
        parsed.item_lines[key] = [n for n, _ in blocks]
        items = [text for _, text in blocks]
        parsed.item_sources[key] = items
        if key == "caption":
            briefing.caption = unescape(" ".join(items)) if items else None
        elif key == "quotes":
            briefing.quotes = [_quote(text) for text in items]
        elif key == "timeline":
            briefing.timeline = [_event(text) for text in items]
        else:
            setattr(briefing, key, [unescape(text) for text in items])


def _strip_quote_marker(line: str) -> str:
    return re.sub(r"^\s*>\s?", "", line)


def _blocks(body: list[tuple[int, str]], skip_alert: bool = False) -> list[tuple[int, str]]:
    """Paragraphs: runs of non-blank lines joined by spaces, with their first line."""
    blocks: list[tuple[int, str]] = []
    first = 0
    current: list[str] = []
    for number, line in body + [(0, "")]:
        stripped = line.strip()
        if skip_alert and re.fullmatch(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", stripped):
            continue
        if stripped:
            if not current:
                first = number
            current.append(stripped)
        elif current:
            blocks.append((first, " ".join(current)))
            current = []
    return blocks


def _list_items(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    for number, line in body:
        match = _LIST_ITEM.match(line)
        if match:
            items.append((number, match.group("text").strip()))
        elif line.strip() and items and line[:1].isspace():
            first, text = items[-1]
            items[-1] = (first, f"{text} {line.strip()}")
        elif line.strip():
            items.append((number, line.strip()))
    return items


def _quoted_part(text: str) -> str:
    """A quote's text or speaker for its list item: markdown_line, and every ASCII double quote escaped."""
    return markdown_line(text).replace('"', '\\"')


def _quote(text: str) -> Quote:
    match = _QUOTE_WRITTEN.match(text) or _QUOTE_ITEM.match(text)
    if not match:
        return Quote(text=unescape(text), speaker=None)
    speaker = match.group("speaker")
    return Quote(text=unescape(match.group("text")), speaker=unescape(speaker) if speaker else None)


def _event(text: str) -> Event:
    match = _EVENT_ITEM.match(text)
    if not match:
        return Event(date="", event=unescape(text))
    return Event(date=unescape(match.group("date")), event=unescape(match.group("event")))
