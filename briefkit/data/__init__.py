"""Data files that editors extend: patterns, gazetteers, role words, topics.

Every file is plain text or YAML, one entry per line, `#` for comments.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml


def read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def load_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """One case-insensitive regular expression per line."""
    return tuple(re.compile(line, re.IGNORECASE) for line in load_lines(name))


@cache
def load_yaml(name: str) -> Any:
    return yaml.safe_load(read_text(name))
