"""The annotators' scores on the hand-annotated sets must not fall below these floors.

Three sets, all devset articles annotated by hand before any tool output on them
was seen (bench/annotation_scores.py --set NAME):
- annotated/ (26): the development set the rules were written against;
- holdout/ (12): measured once as held-out, then used to fix the rules, so now
  development too;
- holdout2/ (12): measured once as held-out after those fixes (people F1 0.654,
  places 0.692, organisations 0.487, quotes 0.975/0.975, speakers 0.775); one
  change (person evidence) was made after looking at its errors.
Floors sit a little under the current scores, to catch regressions; raise them as
the annotators improve. Meeting the project's targets on unseen text is measured
on a fresh set, not here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "annotation_scores.py"
FLOORS = {  # set -> field -> minimum F1
    "annotated": {
        "people": 0.94,
        "roles": 0.94,
        "countries": 0.98,
        "places": 0.90,
        "organizations": 0.79,
        "quotes": 0.99,
        "speakers": 0.96,
    },
    "holdout": {
        "people": 0.93,
        "roles": 0.93,
        "countries": 0.98,
        "places": 0.97,
        "organizations": 0.79,
        "quotes": 0.99,
        "speakers": 0.96,
    },
    "holdout2": {
        "people": 0.78,
        "roles": 0.85,
        "countries": 0.83,
        "places": 0.67,
        "organizations": 0.47,
        "quotes": 0.96,
        "speakers": 0.80,
    },
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("annotation_scores", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def all_scores(bench):
    return {name: bench.run(folder=name) for name in FLOORS}


@pytest.mark.parametrize(("name", "field"), [(name, field) for name in FLOORS for field in sorted(FLOORS[name])])
def test_f1_stays_above_its_floor(all_scores, name, field):
    assert all_scores[name][field]["f1"] >= FLOORS[name][field], all_scores[name][field]


def test_quote_precision_and_recall(all_scores):
    for name in FLOORS:
        assert all_scores[name]["quotes"]["precision"] >= 0.95, name
        assert all_scores[name]["quotes"]["recall"] >= 0.95, name
