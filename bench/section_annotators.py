"""Speed and key-fact scores of the summary/date/facts/background/timeline annotators.

    .venv/bin/python bench/section_annotators.py

Speed: CPU time of these annotators (sentence splitting included, caches
cleared each run) on the five devset articles closest to 700 words; the budget
is about 3 ms. Key facts: precision and recall on tests/data/annotated/*.yml,
where a fact matches when the two sentences share at least 60% of the shorter
one's words. Runs only this area's annotators, so other annotators' work in
progress does not change the figures. Reads repo files only.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefkit.annotation import background, dates, facts, sentence_features, summary, timeline  # noqa: E402
from briefkit.annotation.date_mentions import dates_in  # noqa: E402
from briefkit.annotation.document import Document  # noqa: E402
from briefkit.model import Annotations, Article  # noqa: E402

TRUTH = json.loads((REPO / "tests/data/devset/ground-truth.json").read_text(encoding="utf-8"))
ANNOTATORS = (summary, dates, facts, background, timeline)
RUNS = 200


def paragraphs_of(key: str) -> list[str]:
    return [p.strip() for p in TRUTH[key]["articleBody"].split("\n") if p.strip()]


def annotate(paragraphs: list[str]) -> Annotations:
    article = Article(path="bench.txt", kind="text", sha256="", title="t", paragraphs=paragraphs)
    doc = Document.from_article(article)
    ann = Annotations()
    for module in ANNOTATORS:
        module.annotate(doc, ann)
    return ann


def clear_caches() -> None:
    dates_in.cache_clear()
    sentence_features.word_count.cache_clear()
    sentence_features._lower_words.cache_clear()


def speed() -> None:
    keys = sorted(TRUTH, key=lambda k: (abs(len(TRUTH[k]["articleBody"].split()) - 700), k))[:5]
    for key in keys:
        paragraphs = paragraphs_of(key)
        start = time.process_time()
        for _ in range(RUNS):
            clear_caches()
            annotate(paragraphs)
        ms = (time.process_time() - start) / RUNS * 1000
        print(f"{len(TRUTH[key]['articleBody'].split())} words: {ms:.2f} ms CPU")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower().replace("’", "'")))


def overlaps(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def key_fact_scores() -> None:
    found = right = expected = recalled = 0
    for path in sorted((REPO / "tests/data/annotated").glob("*.yml")):
        truth = yaml.safe_load(path.read_text(encoding="utf-8"))
        wanted = truth.get("key_facts") or []
        got = annotate(paragraphs_of(truth["id"])).key_facts
        found += len(got)
        expected += len(wanted)
        right += sum(any(overlaps(g, w) for w in wanted) for g in got)
        recalled += sum(any(overlaps(g, w) for g in got) for w in wanted)
    precision, recall = right / found, recalled / expected
    print(f"key facts: precision {precision:.2f} ({right}/{found}), ", end="")
    print(f"recall {recall:.2f} ({recalled}/{expected})")


if __name__ == "__main__":
    speed()
    key_fact_scores()
