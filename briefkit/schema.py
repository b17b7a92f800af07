"""The one schema of briefing front matter, declared once and checked in one place.

`validate(meta)` returns every problem as (key, message); `check` turns keys into
line numbers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .data import load_lines

DATE_FORMS = {
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "year": re.compile(r"^\d{4}$"),
}
PRECISIONS = ("day", "month", "year", "unknown")
SOURCE_KEYS = ("file", "url", "outlet", "sha256")


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    check: Callable[[Any], str | None]  # returns a problem, or None


def _str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _opt_str(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "must be a string or empty"


def _str_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty strings"
    if len(set(value)) != len(value):
        return "lists an entry twice"
    return None


def _people(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be a list of {name, role}"
    names = []
    for person in value:
        if not isinstance(person, dict) or not isinstance(person.get("name"), str):
            return "each person must be a mapping with a string 'name' (and 'role')"
        extra = set(person) - {"name", "role"}
        if extra:
            return f"a person has unknown key(s): {', '.join(sorted(map(str, extra)))}"
        if person.get("role") is not None and not isinstance(person["role"], str):
            return f"the role of {person['name']} must be a string"
        names.append(person["name"])
    if len(set(names)) != len(names):
        return "lists a person twice"
    return None


def _source(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a mapping with file, url, outlet, sha256"
    extra = set(value) - set(SOURCE_KEYS)
    if extra:
        return f"has unknown key(s): {', '.join(sorted(map(str, extra)))}"
    for key in SOURCE_KEYS:
        if value.get(key) is not None and not isinstance(value[key], str):
            return f"{key} must be a string"
    sha = value.get("sha256")
    if sha is not None and not re.fullmatch(r"[0-9a-f]{64}", sha):
        return "sha256 must be 64 hexadecimal digits"
    return None


def _date(value: Any) -> str | None:
    return None if value is None or isinstance(value, (str, int)) else "must be YYYY-MM-DD, YYYY-MM or YYYY"


def _precision(value: Any) -> str | None:
    return None if value in PRECISIONS else f"must be one of {', '.join(PRECISIONS)}"


def _topics(value: Any) -> str | None:
    problem = _str_list(value)
    if problem:
        return problem
    unknown = [t for t in value if t not in known_topics()]
    if unknown:
        return f"unknown topic(s): {', '.join(unknown)} (see briefkit/data/topics.txt)"
    return None


def _generated(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict) else "must be a mapping"


FIELDS = (
    Field("title", True, _str),
    Field("date", False, _date),
    Field("date_precision", True, _precision),
    Field("date_evidence", False, _opt_str),
    Field("summary", False, _opt_str),
    Field("source", False, lambda v: None if v is None else _source(v)),
    Field("countries", False, _str_list),
    Field("places", False, _str_list),
    Field("people", False, _people),
    Field("organizations", False, _str_list),
    Field("topics", False, _topics),
    Field("generated", False, _generated),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


@cache
def known_topics() -> frozenset[str]:
    return frozenset(line.split("#")[0].strip() for line in load_lines("topics.txt"))


def validate(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem of a front matter, as (key, message)."""
    problems: list[tuple[str, str]] = []
    for key in meta:
        if key not in FIELD_NAMES:
            problems.append((str(key), f"unknown front matter key '{key}'"))
    for field in FIELDS:
        if field.name not in meta:
            if field.required:
                problems.append((field.name, f"missing required key '{field.name}'"))
            continue
        problem = field.check(meta[field.name])
        if problem:
            problems.append((field.name, f"'{field.name}' {problem}"))
    problems.extend(_date_problems(meta))
    return problems


def _date_problems(meta: dict[str, Any]) -> list[tuple[str, str]]:
    date, precision = meta.get("date"), meta.get("date_precision")
    if precision not in PRECISIONS:
        return []
    if date is None:
        if precision != "unknown":
            return [("date", f"'date' is empty but date_precision is '{precision}'")]
        return []
    date = str(date)
    if precision == "unknown":
        return [("date_precision", "'date_precision' is 'unknown' but a date is given")]
    if not DATE_FORMS[precision].match(date):
        forms = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}
        return [("date", f"'date' {date!r} does not match date_precision '{precision}' ({forms[precision]})")]
    if precision == "day":
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            return [("date", f"'date' {date!r} is not a day of the calendar")]
    return []
