"""Check briefings: every problem as `file:line: message`, all in one run.

Per file (each parsed once): front matter against the one schema, the sections,
every quote / key fact / background item and the summary
still in the source article unless it cites another source (see verbatim.py),
footnotes defined, links that resolve (see links.py). Across files: no two
briefings publish to one page (slug), every article has a briefing and every
briefing's article exists. Large sets are checked on every core.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .briefing import SECTIONS, ParsedBriefing, parse
from .errors import BriefingError
from .files import find_articles
from .ingest import display_path
from .links import Link, is_external, resolve, scan, split_target
from .verbatim import FOOTNOTE_REFERENCE, ArticleCache, cites_another_source, found_in

REQUIRED_SECTIONS = ("background", "key_facts", "quotes", "timeline", "article")
CLAIMS = (("background", "background item"), ("key_facts", "key fact"), ("quotes", "quote"))
RESERVED_SLUGS = {"": "the home page", "404": "the not-found page"}
PARALLEL_FROM = 400  # files; below this a process pool costs more than it saves
_SECTION_TITLES = {key: title for title, key in SECTIONS.items()}
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:")
_SOURCE_FILE_LINE = re.compile(r"^\s+file:\s*['\"]?([^'\"\s]+)", re.MULTILINE)


@dataclass
class FileReport:
    """What one file's check found, and what the checks across files need from it."""

    path: Path
    shown: str
    briefings_dir: Path
    problems: list[tuple[int, str]] = field(default_factory=list)
    source_file: str | None = None
    anchors: set[str] | None = None
    pending_links: list[tuple[Link, Path, str]] = field(default_factory=list)  # (link, file, anchor)


def check_paths(paths: list[Path], root: Path) -> list[str]:
    """Every problem under the given briefing files and folders, as `file:line: message`."""
    files = _briefing_files(paths)
    reports = _check_files(files, root)
    _check_slugs(reports)
    _check_cross_links(reports)
    problems = [f"{r.shown}:{line}: {message}" for r in reports for line, message in _by_line(r.problems)]
    if any(path.is_dir() for path in paths):
        problems.extend(_articles_without_briefing(reports, root))
    return problems


def check_file(path: Path, shown: str, briefings_dir: Path, articles: ArticleCache) -> FileReport:
    report = FileReport(path, shown, briefings_dir)
    try:
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, shown)
    except UnicodeDecodeError:
        report.problems.append((1, "not UTF-8 text"))
        return report
    except OSError as exc:
        report.problems.append((1, f"cannot read: {exc.strerror or exc}"))
        return report
    except BriefingError as exc:
        report.problems.append((exc.line, exc.message))
        found = _SOURCE_FILE_LINE.search(text)
        report.source_file = found.group(1) if found else None  # its article is not an orphan
        return report
    lines = text.split("\n")
    report.problems.extend(check_briefing(parsed))
    report.problems.extend(_claim_problems(parsed, lines, articles, report))
    report.problems.extend(_link_problems(parsed, lines, report))
    return report


def check_briefing(parsed: ParsedBriefing) -> list[tuple[int, str]]:
    """Problems of one parsed briefing's form, as (line, message), in file order."""
    problems = []
    meta = parsed.briefing.meta
    for key, message in schema.validate(meta):
        problems.append((parsed.key_lines.get(key, 2), message))
    for key in REQUIRED_SECTIONS:
        if key not in parsed.section_lines:
            problems.append((parsed.front_matter_lines, f"missing section '## {_SECTION_TITLES[key]}'"))
    for name, line in parsed.unknown_sections:
        known = ", ".join(SECTIONS)
        problems.append((line, f"unknown section '## {name}' (known: {known})"))
    return sorted(problems)


def _claim_problems(
    parsed: ParsedBriefing, lines: list[str], articles: ArticleCache, report: FileReport
) -> list[tuple[int, str]]:
    """Claims that are neither in the source article nor cite another source."""
    source = parsed.briefing.meta.get("source")
    source_file = source.get("file") if isinstance(source, dict) else None
    problems: list[tuple[int, str]] = []
    article_text = None
    if isinstance(source_file, str) and source_file.strip():
        report.source_file = source_file
        found = articles.get(source_file)
        if found.problem:
            problems.append((_nested_line(lines, parsed.key_lines.get("source", 2), "file"), found.problem))
            return problems
        article_text = found.text
    for line, label, claim, markdown in _claims(parsed):
        if cites_another_source(markdown) or _FOOTNOTE_DEFINITION.match(markdown):
            continue
        if article_text is None:
            problems.append((line, f"{label} cites no source, and the briefing has no source.file"))
        elif not found_in(claim, article_text):
            problems.append((line, f"{label} not found in {source_file}: {_excerpt(claim)}"))
    return problems


def _claims(parsed: ParsedBriefing) -> list[tuple[int, str, str, str]]:
    """(line, label, text to find, Markdown as written) of every claim to trace."""
    briefing = parsed.briefing
    claims = []
    summary = briefing.meta.get("summary")
    if isinstance(summary, str) and summary.strip():
        claims.append((parsed.key_lines.get("summary", 2), "summary", summary, summary))
    for key, label in CLAIMS:
        texts = [q.text for q in briefing.quotes] if key == "quotes" else getattr(briefing, key)
        sources = parsed.item_sources.get(key, texts)
        for index, text in enumerate(texts):
            claims.append((_item_line(parsed, key, index), label, text, sources[index]))
    return claims


def _link_problems(parsed: ParsedBriefing, lines: list[str], report: FileReport) -> list[tuple[int, str]]:
    links, anchors, footnotes = scan(lines, parsed.front_matter_lines)
    report.anchors = anchors
    problems = []
    for index in range(parsed.front_matter_lines, len(lines)):
        if "[^" not in lines[index]:
            continue
        for label in FOOTNOTE_REFERENCE.findall(lines[index]):
            if label not in footnotes:
                problems.append((index + 1, f"footnote [^{label}] has no definition ([^{label}]: ...)"))
    for link in links:
        if not link.target or is_external(link.target):
            continue
        path, anchor = split_target(link.target)
        if not path:
            if anchor and anchor not in anchors:
                problems.append((link.line, f"broken link: no heading for '#{anchor}' in this briefing"))
            continue
        target, problem = resolve(report.path, path, report.briefings_dir)
        if problem:
            problems.append((link.line, problem))
        elif anchor and target is not None and target.suffix == ".md":
            report.pending_links.append((link, target, anchor))
    return problems


def _check_cross_links(reports: list[FileReport]) -> None:
    """Anchors in links to other briefings, with each target's headings scanned once."""
    anchors = {r.path.resolve(): r.anchors for r in reports if r.anchors is not None}
    for report in reports:
        for link, target, anchor in report.pending_links:
            if target not in anchors:
                anchors[target] = _anchors_of(target)
            if anchor not in (anchors[target] or set()):
                message = f"broken link: no heading for '#{anchor}' in {target.name}"
                report.problems.append((link.line, message))


def _anchors_of(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return set()
    return scan(lines, 0)[1]


def _check_slugs(reports: list[FileReport]) -> None:
    """Two briefings must not publish to one page, nor take a page the site makes itself."""
    owners: dict[str, FileReport] = {}
    for report in reports:
        slug = slug_of(report.path, report.briefings_dir)
        if slug in RESERVED_SLUGS:
            report.problems.append((1, f"this file would replace {RESERVED_SLUGS[slug]}; rename it"))
        elif slug in owners:
            other = owners[slug].shown
            message = f"slug '{slug}' is already used by {other}: both would publish to one page"
            report.problems.append((1, message))
        else:
            owners[slug] = report


def slug_of(path: Path, briefings_dir: Path) -> str:
    """The page a briefing publishes to, as MkDocs names it (case-insensitively)."""
    relative = path.relative_to(briefings_dir).with_suffix("")
    parts = list(relative.parts)
    if parts and parts[-1].lower() in ("index", "readme"):
        parts.pop()
    return "/".join(parts).lower()


def _articles_without_briefing(reports: list[FileReport], root: Path) -> list[str]:
    claimed = {r.source_file for r in reports if r.source_file}
    articles_dir = root / "articles"
    if not articles_dir.is_dir():
        return []
    problems = []
    for path in find_articles([articles_dir]):
        shown = display_path(path, root)
        if shown not in claimed:
            problems.append(f"{shown}:1: article has no briefing: run `build.py ingest` and commit it")
    return problems


def _check_files(files: list[tuple[Path, Path]], root: Path) -> list[FileReport]:
    jobs = [(path, display_path(path, root), top) for path, top in files]
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return _check_chunk(jobs, root)
    size = -(-len(jobs) // workers)
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [report for chunk in pool.map(_check_chunk, chunks, [root] * len(chunks)) for report in chunk]


def _check_chunk(jobs: list[tuple[Path, str, Path]], root: Path) -> list[FileReport]:
    articles = ArticleCache(root)
    return [check_file(path, shown, top, articles) for path, shown, top in jobs]


def _briefing_files(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, the briefings folder it belongs to): folders are searched recursively."""
    files: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.md") if not _hidden(p.relative_to(path)))
            files.extend((p, path) for p in found)
        else:
            files.append((path, path.parent))
    return files


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _item_line(parsed: ParsedBriefing, key: str, index: int) -> int:
    lines = parsed.item_lines.get(key, [])
    return lines[index] if index < len(lines) else parsed.section_lines.get(key, 1)


def _nested_line(lines: list[str], parent_line: int, key: str) -> int:
    """The line of `  key:` under the top-level key on parent_line (1-based)."""
    for index in range(parent_line, len(lines)):
        line = lines[index]
        if line and not line[0].isspace():
            break
        if line.strip().startswith(f"{key}:"):
            return index + 1
    return parent_line


def _by_line(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return sorted(problems, key=lambda problem: problem[0])  # stable: file order on one line


def _excerpt(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'
