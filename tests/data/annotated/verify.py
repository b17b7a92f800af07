#!/usr/bin/env python3
"""Consistency checker for the hand-annotated evaluation set.

Run:  python tests/data/annotated/verify.py [-v] [FOLDER]   (stdlib + PyYAML only)

FOLDER defaults to the folder of this file; ``tests/data/holdout`` (the
held-out set) is checked the same way. For every ``<id>.yml`` in FOLDER it
checks, against ``tests/data/devset/ground-truth.json``:

* the id exists in the devset and the url matches;
* the required keys are present and well-typed;
* every quote ``text`` occurs verbatim in the articleBody (modulo quote-mark
  style), starts right after an opening quote mark (spaces between the mark
  and the first word, as in `` “ You guys``, are allowed), and is either the whole
  quotation (closing quote mark follows) or a prefix of at least 6 words;
* every quote ``speaker`` is null or one of the annotated people/organizations;
* people are unique and each person's surname occurs in the articleBody;
* there are 3-6 key_facts and each occurs verbatim in the articleBody.

Entities (places/organizations) that do not occur verbatim in the body are
only reported as notes, since canonical names may differ from the surface form.
If ``pycountry`` happens to be installed, country names are checked against it.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GROUND_TRUTH = HERE.parent / "devset" / "ground-truth.json"  # the held-out set uses the same devset
KEYS = {"id", "url", "title", "people", "countries", "places", "organizations", "quotes", "key_facts"}
DQ = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
SQ = "\u2018\u2019\u201a\u201b\u2032"
# Canonical short names that are not a pycountry name/common_name
# (pycountry: "Russian Federation", "Palestine, State of").
EXTRA_COUNTRIES = {"Russia", "Palestine"}


def norm(s: str) -> str:
    """Normalise quote-mark style (curly -> straight) and whitespace."""
    s = s.translate({ord(c): '"' for c in DQ}).translate({ord(c): "'" for c in SQ})
    return re.sub(r"\s+", " ", s.replace("\u00ad", ""))


def country_names() -> set[str] | None:
    try:
        import pycountry  # type: ignore
    except ImportError:
        return None
    names = set(EXTRA_COUNTRIES)
    for c in pycountry.countries:
        names.add(c.name)
        if getattr(c, "common_name", None):
            names.add(c.common_name)
    return names


def check(path: Path, gt: dict, countries: set[str] | None) -> tuple[list[str], list[str]]:
    errs: list[str] = []
    notes: list[str] = []
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        return [f"{path.name}: not a mapping"], notes
    missing = KEYS - doc.keys()
    extra = doc.keys() - KEYS
    if missing or extra:
        errs.append(f"missing keys {sorted(missing)}, unexpected keys {sorted(extra)}")
    aid = doc.get("id")
    if path.stem != aid:
        errs.append(f"file name does not match id {aid!r}")
    if aid not in gt:
        return errs + [f"id {aid!r} not in ground truth"], notes
    if doc.get("url") != gt[aid]["url"]:
        errs.append("url differs from ground truth")
    if not isinstance(doc.get("title"), str) or not doc["title"].strip():
        errs.append("empty title")
    body = norm(gt[aid]["articleBody"])

    for key in ("countries", "places", "organizations"):
        vals = doc.get(key)
        if not isinstance(vals, list) or not all(isinstance(v, str) and v for v in vals):
            errs.append(f"{key} must be a list of strings")
            continue
        if len(set(vals)) != len(vals):
            errs.append(f"duplicate entries in {key}")
        if key != "countries":
            for v in vals:
                if norm(v).lower() not in body.lower():
                    notes.append(f"{key[:-1]} {v!r} not verbatim in body")
    if countries is not None:
        for c in doc.get("countries") or []:
            if c not in countries:
                errs.append(f"country {c!r} is not a pycountry name/common_name")

    people = doc.get("people") or []
    names = []
    for p in people:
        if not isinstance(p, dict) or set(p) != {"name", "role"} or not p.get("name"):
            errs.append(f"bad person entry {p!r}")
            continue
        names.append(p["name"])
        surname = norm(p["name"]).replace(" Jr.", "").split()[-1]
        if surname not in body:
            errs.append(f"person {p['name']!r}: surname not in body")
    if len(set(names)) != len(names):
        errs.append("duplicate people")

    speakers_ok = set(names) | set(doc.get("organizations") or [])
    for q in doc.get("quotes") or []:
        if not isinstance(q, dict) or set(q) != {"text", "speaker"} or not q.get("text"):
            errs.append(f"bad quote entry {q!r}")
            continue
        t = norm(q["text"]).strip()
        i = body.find(t)
        if i < 0:
            errs.append(f"quote not verbatim in body: {q['text'][:60]!r}")
            continue
        if not any(_after_opening_mark(body, j) for j in _all(body, t)):
            errs.append(f"quote does not start at an opening quote mark: {t[:60]!r}")
        whole = any(re.match(r"[,.;:!?]?[\"']", body[j + len(t):j + len(t) + 2]) for j in _all(body, t))
        if not whole and len(t.split()) < 6:
            errs.append(f"partial quote shorter than 6 words: {t!r}")
        if q["speaker"] is not None and q["speaker"] not in speakers_ok:
            errs.append(f"speaker {q['speaker']!r} is not an annotated person/organization")

    facts = doc.get("key_facts") or []
    if not 3 <= len(facts) <= 6:
        errs.append(f"{len(facts)} key_facts (want 3-6)")
    for f in facts:
        if norm(f).strip() not in body:
            errs.append(f"key fact not verbatim in body: {f[:60]!r}")
    return errs, notes


def _after_opening_mark(body: str, j: int) -> bool:
    """Whether a quote mark (then perhaps spaces) comes right before position j."""
    k = j
    while k > 0 and body[k - 1] == " ":
        k -= 1
    return k > 0 and body[k - 1] in "\"'"


def _all(hay: str, needle: str):
    i = hay.find(needle)
    while i >= 0:
        yield i
        i = hay.find(needle, i + 1)


def main(argv: list[str]) -> int:
    folders = [a for a in argv if not a.startswith("-")]
    folder = Path(folders[0]) if folders else HERE
    gt = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    countries = country_names()
    files = sorted(folder.glob("*.yml"))
    bad = 0
    for f in files:
        errs, notes = check(f, gt, countries)
        for n in notes:
            if "-v" in argv:
                print(f"note  {f.stem[:12]}: {n}")
        for e in errs:
            print(f"ERROR {f.stem[:12]}: {e}")
        bad += bool(errs)
    print(f"{len(files)} files checked, {bad} with errors"
          + ("" if countries is not None else " (pycountry not installed: country names not checked)"))
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
