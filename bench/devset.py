"""The development set: 181 real pages with hand-extracted bodies (tests/data/devset)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import yaml

from briefkit.reading import decode

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset"
ANNOTATED = ROOT / "tests" / "data" / "annotated"


@cache
def ground_truth() -> dict[str, dict[str, str]]:
    """{id: {"articleBody", "url"}}."""
    return json.loads((DEVSET / "ground-truth.json").read_text(encoding="utf-8"))


def page_ids() -> list[str]:
    return sorted(ground_truth())


def page_html(page_id: str) -> str:
    """The page decoded as briefkit decodes an article file."""
    data = gzip.decompress((DEVSET / "html" / f"{page_id}.html.gz").read_bytes())
    return decode(data, page_id)[0]


HAND_SETS = ("annotated", "holdout", "holdout2", "holdout3", "holdout4")  # folders of tests/data annotated by hand


@cache
def annotated_titles(folder: Path = ANNOTATED) -> dict[str, str]:
    """Hand-written headlines of a hand-annotated set (default: the annotated subset): {id: title}."""
    titles = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("id") and data.get("title"):
            titles[data["id"]] = data["title"]
    return titles
