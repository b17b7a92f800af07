"""Check briefings: every problem as `file:line: message`, all in one run."""

from __future__ import annotations

from pathlib import Path

from . import schema
from .briefing import SECTIONS, ParsedBriefing, parse_file
from .errors import BriefingError
from .ingest import display_path

REQUIRED_SECTIONS = ("background", "key_facts", "quotes", "timeline", "article")
_SECTION_TITLES = {key: title for title, key in SECTIONS.items()}


def check_paths(paths: list[Path], root: Path) -> list[str]:
    problems: list[str] = []
    for path in _briefing_files(paths):
        shown = display_path(path, root)
        try:
            parsed = parse_file(path, shown)
        except BriefingError as exc:
            problems.append(str(exc))
            continue
        problems.extend(f"{shown}:{line}: {message}" for line, message in check_briefing(parsed))
    return problems


def check_briefing(parsed: ParsedBriefing) -> list[tuple[int, str]]:
    """Problems of one parsed briefing, as (line, message), in file order."""
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
    for index, quote in enumerate(parsed.briefing.quotes):
        if not quote.speaker:
            line = parsed.item_lines.get("quotes", [0] * (index + 1))[index]
            problems.append((line, "quote has no speaker (write: - \"text\" — Speaker)"))
    return sorted(problems)


def _briefing_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.md")) if path.is_dir() else [path])
    return files
