"""Annotator: topics (first version: finds nothing yet)."""

from __future__ import annotations

from ..model import Annotations
from .document import Document


def annotate(doc: Document, ann: Annotations) -> None:
    return None
