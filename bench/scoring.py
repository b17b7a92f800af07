"""Body-extraction scoring as the Scrapinghub article-extraction benchmark defines it.

Texts are tokenised into words (`\\w+`), cut into 4-word shingles, and compared
as multisets. Each document's true/false positives and false negatives are
normalised to sum to 1, so long articles weigh no more than short ones; the
corpus precision, recall and F1 come from the summed normalised counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def shingles(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    n = min(len(tokens), n)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def document_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one document."""
    expected, found = shingles(true), shingles(predicted)
    tp = fp = fn = 0
    for key in expected.keys() | found.keys():
        t, p = expected.get(key, 0), found.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def precision_recall_f1(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Corpus precision, recall, F1 from per-document normalised counts."""
    tp = fp = fn = 0.0
    for a, b, c in counts:
        tp, fp, fn = tp + a, fp + b, fn + c
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def f1(true: str, predicted: str) -> float:
    """F1 of one document."""
    return precision_recall_f1([document_counts(true, predicted)])[2]
