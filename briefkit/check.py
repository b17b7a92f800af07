"""Check briefings: every problem as `file:line: message`, all in one run.

Per file (each parsed once): front matter against the one schema, the sections,
every quote / key fact / background item and the summary
still in the source article unless it cites another source (see verbatim.py),
footnotes defined, links that resolve (see links.py). Across files: no two
briefings publish to one page (slug), every article has a briefing and every
briefing's article exists.

Cleaned article texts and what each briefing's text alone tells (BriefingFacts)
are kept between runs by content hash (check_cache.py); large sets that need
reading afresh are checked over forked worker processes (briefkit/parallel.py),
reports in file order. Neither changes what check reports.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import check_cache, parallel, schema
from .briefing import SECTIONS, ParsedBriefing, parse
from .check_cache import CheckCache, briefing_key
from .errors import BriefingError
from .files import RESERVED_SLUGS, find_articles, not_to_read
from .links import is_external, resolve, scan, split_target
from .verbatim import FOOTNOTE_REFERENCE, ArticleCache, cites_another_source, claim_parts, parts_found_in

log = logging.getLogger("briefkit")

REQUIRED_SECTIONS = ("background", "key_facts", "quotes", "timeline", "article")
CLAIMS = (("background", "background item"), ("key_facts", "key fact"), ("quotes", "quote"))
PARALLEL_FROM = 400  # files; below this, worker processes cost more than they save
# From PARALLEL_FROM files, a sample spread over them is checked here first: where a file took more CPU
# than this on average (articles to clean, briefings to parse), the rest go to worker processes. From
# the cache a file takes ~0.1 ms, less than the workers' own cost per file; a file read afresh ~1 ms.
SAMPLE = 100
WORKERS_FROM_MS_PER_FILE = 0.3
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
    pending_links: list[tuple[int, Path, str]] = field(default_factory=list)  # (line, file, anchor)
    # For the check cache: the keys this file's check used, and what it read that the cache lacked.
    cache_used: list[str] = field(default_factory=list)
    cache_texts: dict[str, str] = field(default_factory=dict)
    cache_facts: dict[str, bytes] = field(default_factory=dict)


@dataclass
class BriefingFacts:
    """What a briefing's text alone tells check; the rest needs its article and the other files.

    A pure function of the text (and the code): kept in the check cache by content hash.
    """

    problems: list[tuple[int, str]]  # of its form: front matter, sections
    source_file: str | None  # source.file, when it names a file
    source_line: int  # the line of source.file
    claims: list[tuple[int, str, str, tuple[str, ...]]]  # (line, label, text, parts) of claims citing no other source
    footnote_problems: list[tuple[int, str]]
    # Links in file order, (line, path, anchor, None) for a file to resolve, or
    # (line, "", anchor, problem) for a link to a heading this file lacks.
    links: list[tuple[int, str, str, str | None]]
    anchors: set[str]


def check_paths(paths: list[Path], root: Path) -> list[str]:
    """Every problem under the given briefing files and folders, as `file:line: message`."""
    files = _briefing_files(paths)
    whole = any(path.is_dir() for path in paths)
    store = CheckCache.for_project(root)
    try:
        reports = _check_files(files, root, store)
        _save_cache(store, reports, whole)
    finally:
        store.close()
    _check_slugs(reports)
    _check_cross_links(reports)
    problems = [f"{r.shown}:{line}: {message}" for r in reports for line, message in _by_line(r.problems)]
    if whole:
        problems.extend(_articles_without_briefing(reports, root))
    return problems


def check_file(
    path: Path, shown: str, briefings_dir: Path, articles: ArticleCache, store: CheckCache | None = None
) -> FileReport:
    report = FileReport(path, shown, briefings_dir)
    reason = not_to_read(path, path.absolute().parent)
    if reason is not None:
        report.problems.append((1, reason))
        return report
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM is no text, as for MkDocs
        facts = _facts(text, shown, store, report)
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
    report.source_file = facts.source_file
    report.anchors = facts.anchors
    report.problems.extend(facts.problems)
    report.problems.extend(_claim_problems(facts, articles, report))
    report.problems.extend(facts.footnote_problems)
    report.problems.extend(_link_problems(facts, report))
    report.cache_texts = articles.take_new()
    return report


def _facts(text: str, shown: str, store: CheckCache | None, report: FileReport) -> BriefingFacts:
    """briefing_facts(text), from the check cache when this text was checked before (and parsed)."""
    if store is None or not store.enabled:
        return briefing_facts(parse(text, shown), text)
    key = briefing_key(text)
    facts = decode_facts(store.blob(key))
    if facts is None:
        facts = briefing_facts(parse(text, shown), text)
        report.cache_facts[key] = encode_facts(facts)
    report.cache_used.append(key)
    return facts


def encode_facts(facts: BriefingFacts) -> bytes:
    """BriefingFacts as JSON for the check cache: data only, never a pickle (a planted cache runs no code)."""
    record = {
        "problems": facts.problems,
        "source_file": facts.source_file,
        "source_line": facts.source_line,
        "claims": facts.claims,
        "footnote_problems": facts.footnote_problems,
        "links": facts.links,
        "anchors": sorted(facts.anchors),
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def decode_facts(blob: bytes | None) -> BriefingFacts | None:
    """The BriefingFacts a cache row holds, or None for a missing, damaged or foreign row (then the file is read)."""
    if blob is None:
        return None
    try:
        record = json.loads(blob.decode("utf-8", "surrogatepass"))
        facts = BriefingFacts(
            problems=[_line_message(item) for item in record["problems"]],
            source_file=_optional_str(record["source_file"]),
            source_line=_int(record["source_line"]),
            claims=[_claim(item) for item in record["claims"]],
            footnote_problems=[_line_message(item) for item in record["footnote_problems"]],
            links=[_link(item) for item in record["links"]],
            anchors={_str(item) for item in record["anchors"]},
        )
    except (ValueError, TypeError, KeyError, RecursionError):  # a damaged row: read the file again
        return None
    return facts


def _int(value) -> int:
    if type(value) is not int:
        raise TypeError(value)
    return value


def _str(value) -> str:
    if type(value) is not str:
        raise TypeError(value)
    return value


def _optional_str(value) -> str | None:
    return None if value is None else _str(value)


def _line_message(item) -> tuple[int, str]:
    line, message = item
    return _int(line), _str(message)


def _claim(item) -> tuple[int, str, str, tuple[str, ...]]:
    line, label, text, parts = item
    return _int(line), _str(label), _str(text), tuple(_str(part) for part in parts)


def _link(item) -> tuple[int, str, str, str | None]:
    line, path, anchor, problem = item
    return _int(line), _str(path), _str(anchor), _optional_str(problem)


def briefing_facts(parsed: ParsedBriefing, text: str) -> BriefingFacts:
    """What check needs from one parsed briefing file, and the problems it shows alone."""
    lines = text.split("\n")
    source = parsed.briefing.meta.get("source")
    source_file = source.get("file") if isinstance(source, dict) else None
    if not (isinstance(source_file, str) and source_file.strip()):
        source_file = None
    claims = [
        (line, label, claim, claim_parts(claim))
        for line, label, claim, markdown in _claims(parsed)
        if not (cites_another_source(markdown) or _FOOTNOTE_DEFINITION.match(markdown))
    ]
    links, anchors, footnotes = scan(lines, parsed.front_matter_lines)
    footnote_problems = []
    for index in range(parsed.front_matter_lines, len(lines)):
        if "[^" not in lines[index]:
            continue
        for label in FOOTNOTE_REFERENCE.findall(lines[index]):
            if label not in footnotes:
                footnote_problems.append((index + 1, f"footnote [^{label}] has no definition ([^{label}]: ...)"))
    link_items: list[tuple[int, str, str, str | None]] = []
    for link in links:
        if not link.target or is_external(link.target):
            continue
        path, anchor = split_target(link.target)
        if path:
            link_items.append((link.line, path, anchor, None))
        elif anchor and anchor not in anchors:
            link_items.append((link.line, "", anchor, f"broken link: no heading for '#{anchor}' in this briefing"))
    return BriefingFacts(
        problems=check_briefing(parsed),
        source_file=source_file,
        source_line=_nested_line(lines, parsed.key_lines.get("source", 2), "file") if source_file else 0,
        claims=claims,
        footnote_problems=footnote_problems,
        links=link_items,
        anchors=anchors,
    )


def check_briefing(parsed: ParsedBriefing) -> list[tuple[int, str]]:
    """Problems of one parsed briefing's form, as (line, message), in file order."""
    problems = []
    meta = parsed.briefing.meta
    for key, message in schema.validate(meta):
        problems.append((parsed.key_lines.get(key, 2), message))
    for key, line in parsed.repeated_keys:  # YAML keeps the last value and drops the others without a word
        message = f"front matter key '{key}' is given again (first on line {parsed.key_lines[key]}): keep one"
        problems.append((line, message))
    for key in REQUIRED_SECTIONS:
        if key not in parsed.section_lines:
            problems.append((parsed.front_matter_lines, f"missing section '## {_SECTION_TITLES[key]}'"))
    for name, line in parsed.unknown_sections:
        known = ", ".join(SECTIONS)
        problems.append((line, f"unknown section '## {name}' (known: {known})"))
    return sorted(problems)


def _claim_problems(facts: BriefingFacts, articles: ArticleCache, report: FileReport) -> list[tuple[int, str]]:
    """Claims that are neither in the source article nor cite another source."""
    problems: list[tuple[int, str]] = []
    article_text = None
    if facts.source_file is not None:
        found = articles.get(facts.source_file)
        if found.key:
            report.cache_used.append(found.key)
        if found.problem:
            return [(facts.source_line, found.problem)]
        article_text = found.text
    for line, label, claim, parts in facts.claims:
        if article_text is None:
            problems.append((line, f"{label} cites no source, and the briefing has no source.file"))
        elif not parts_found_in(parts, article_text):
            problems.append((line, f"{label} not found in {facts.source_file}: {_excerpt(claim)}"))
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


def _link_problems(facts: BriefingFacts, report: FileReport) -> list[tuple[int, str]]:
    """Links to files that do not resolve (the file system is read afresh each time), in file order."""
    problems = []
    for line, path, anchor, anchor_problem in facts.links:
        if anchor_problem is not None:
            problems.append((line, anchor_problem))
            continue
        target, problem = resolve(report.path, path, report.briefings_dir)
        if problem:
            problems.append((line, problem))
        elif anchor and target is not None and target.suffix == ".md":
            report.pending_links.append((line, target, anchor))
    return problems


def _check_cross_links(reports: list[FileReport]) -> None:
    """Anchors in links to other briefings, with each target's headings scanned once."""
    if not any(r.pending_links for r in reports):
        return
    anchors = {r.path.resolve(): r.anchors for r in reports if r.anchors is not None}
    for report in reports:
        for line, target, anchor in report.pending_links:
            if target not in anchors:
                anchors[target] = _anchors_of(target)
            if anchor not in (anchors[target] or set()):
                message = f"broken link: no heading for '#{anchor}' in {target.name}"
                report.problems.append((line, message))


def _anchors_of(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
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
    folder = str(briefings_dir)
    text = str(path)
    if os.sep == "/" and folder != "." and text.startswith(folder.rstrip("/") + "/"):  # pathlib's way, faster
        parts = text[len(folder.rstrip("/")) + 1 :].split("/")
        dot = parts[-1].rfind(".")
        if 0 < dot < len(parts[-1]) - 1:
            parts[-1] = parts[-1][:dot]
    else:
        parts = list(path.relative_to(briefings_dir).with_suffix("").parts)
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


def _check_files(files: list[tuple[Path, Path]], root: Path, store: CheckCache) -> list[FileReport]:
    global _RUN
    jobs = [(path, display_path(path, root), top) for path, top in files]
    if store.enabled:
        check_cache.fingerprint()  # once, before workers fork
    _RUN = (ArticleCache(root, store), store)  # forked workers inherit it; each keeps its own texts
    try:
        if len(jobs) < PARALLEL_FROM:
            return [_check_job(job) for job in jobs]
        sample = range(0, len(jobs), max(2, len(jobs) // SAMPLE))
        reports = {index: _check_job(jobs[index]) for index in sample[:1]}  # first: loads data, opens the cache
        started = time.process_time()  # CPU time: not the time other processes take the core
        reports.update((index, _check_job(jobs[index])) for index in sample[1:])
        pace_ms = (time.process_time() - started) * 1000 / max(1, len(sample) - 1)
        rest = [index for index in range(len(jobs)) if index not in reports]
        where = "here" if pace_ms < WORKERS_FROM_MS_PER_FILE else f"in {parallel.processes()} processes"
        log.debug(
            "check: %.2f ms CPU a file in a sample of %d: the other %d %s", pace_ms, len(sample), len(rest), where
        )
        if pace_ms < WORKERS_FROM_MS_PER_FILE:
            reports.update((index, _check_job(jobs[index])) for index in rest)
        else:
            done = parallel.ordered_map(_check_in_worker, [jobs[index] for index in rest], chunk=50)
            for index, report in zip(rest, done, strict=True):
                report.path, report.briefings_dir = jobs[index][0], jobs[index][2]
                reports[index] = report
    finally:
        _RUN = None
    return [reports[index] for index in range(len(jobs))]


_RUN: tuple[ArticleCache, CheckCache] | None = None


def _check_job(job: tuple[Path, str, Path]) -> FileReport:
    assert _RUN is not None
    path, shown, top = job
    articles, store = _RUN
    return check_file(path, shown, top, articles, store)


def _check_in_worker(job: tuple[Path, str, Path]) -> FileReport:
    """_check_job in a worker process. The paths, which the main process has, are not sent back (slow to pickle)."""
    report = _check_job(job)
    report.path = report.briefings_dir = None  # type: ignore[assignment]
    return report


def _save_cache(store: CheckCache, reports: list[FileReport], whole: bool) -> None:
    """Keep what this run read; a run over folders also drops what it did not use."""
    if not store.enabled:
        return
    texts: dict[str, str] = {}
    facts: dict[str, bytes] = {}
    used: set[str] = set()
    for report in reports:
        texts.update(report.cache_texts)
        facts.update(report.cache_facts)
        used.update(report.cache_used)
        report.cache_texts, report.cache_facts = {}, {}
    store.save(texts, facts, used if whole else None)


def display_path(path: Path, root: Path) -> str:
    """The path as the project knows it: relative to the project root, POSIX style (as ingest shows it)."""
    if os.sep == "/" and path.is_absolute() and root.is_absolute():  # the common case, without pathlib's cost
        prefix = str(root).rstrip("/") + "/"
        text = str(path)
        if text.startswith(prefix):
            return text[len(prefix) :]
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(root.absolute()).as_posix()
    except ValueError:
        return absolute.as_posix()


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
