"""The annotators' scores on the hand-annotated sets must not fall below these floors.

Five sets, all devset articles annotated by hand before any tool output on them
was seen (bench/annotation_scores.py --set NAME):
- annotated/ (26): the development set the rules were written against;
- holdout/ (12): measured once as held-out, then used to fix the rules;
- holdout2/ (12): measured once as held-out (people F1 0.654, places 0.692,
  organisations 0.487, quotes 0.975/0.975, speakers 0.775), then used to fix rules;
- holdout3/ (12): measured once as held-out after those fixes and the organisation
  gazetteer (people 0.832, places 0.537, organisations 0.559, quotes 0.980/0.990,
  speakers 0.814; see its README), then used to fix rules;
- holdout4/ (8, the devset articles left by a new rule): measured once as held-out
  (people 0.885, places 0.900, organisations 0.708, quotes 1.000/0.988, speakers
  0.715), then used to fix rules.
All five are development data now. Floors sit a little under the current scores,
to catch regressions; raise them as the annotators improve. Meeting the project's
targets on unseen text needs a fresh set, not these.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "annotation_scores.py"
FLOORS = {  # set -> field -> minimum F1
    "annotated": {
        "people": 0.95,
        "roles": 0.94,
        "countries": 0.98,
        "places": 0.91,
        "organizations": 0.86,
        "quotes": 0.99,
        "speakers": 0.95,
    },
    "holdout": {
        "people": 0.96,
        "roles": 0.93,
        "countries": 0.98,
        "places": 0.97,
        "organizations": 0.88,
        "quotes": 0.99,
        "speakers": 0.96,
    },
    "holdout2": {
        "people": 0.89,
        "roles": 0.93,
        "countries": 0.85,
        "places": 0.83,
        "organizations": 0.84,
        "quotes": 0.96,
        "speakers": 0.93,
    },
    "holdout3": {
        "people": 0.95,
        "roles": 0.68,
        "countries": 0.81,
        "places": 0.92,
        "organizations": 0.65,
        "quotes": 0.96,
        "speakers": 0.99,
    },
    "holdout4": {
        "people": 0.89,
        "roles": 0.72,
        "countries": 0.72,
        "places": 0.90,
        "organizations": 0.87,
        "quotes": 0.97,
        "speakers": 0.95,
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
