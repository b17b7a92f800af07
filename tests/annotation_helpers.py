"""Run the real entity and quote annotators on small texts or on the example article."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefkit import annotation, cleaning, reading
from briefkit.annotation import entities, quotes, topics
from briefkit.annotation.document import Document
from briefkit.model import Annotations, Article

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "articles" / "us-seeks-to-ease-dispute.txt"
EXPECTED = REPO / "tests" / "data" / "example" / "us-seeks-to-ease-dispute.expected.yml"


def annotate_text(*paragraphs: str, title: str = "") -> Annotations:
    article = Article(path="t.txt", kind="text", sha256="0", title=title, paragraphs=list(paragraphs))
    doc = Document.from_article(article)
    ann = Annotations()
    for annotator in (entities.annotate, quotes.annotate, topics.annotate):
        annotator(doc, ann)
    return ann


def annotate_example() -> Annotations:
    return annotation.annotate(
        cleaning.clean(reading.read_source(EXAMPLE, "articles/us-seeks-to-ease-dispute.txt"))
    )


def expected() -> dict:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


def people(ann: Annotations) -> dict[str, str | None]:
    return {p.name: p.role for p in ann.people}
