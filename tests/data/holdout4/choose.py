#!/usr/bin/env python3
"""Reproduce the choice of the fourth held-out articles (see README.md here).

Run:  python tests/data/holdout4/choose.py   (stdlib only)

The rule of ../holdout/choose.py has used up its pool (offsets 0, 1 and 2 gave
../holdout/, ../holdout2/ and ../holdout3/), so this is a new rule:

1. Pool: the devset ids without a file in ANY of ../annotated/, ../holdout/,
   ../holdout2/, ../holdout3/, sorted (ids are SHA-256 hex digests, so the
   order has nothing to do with the content).
2. Mechanical filter: articleBody of 150-1600 words; at least one
   double-quoted span of 4+ words. Outlets already used by the other sets are
   allowed.
3. Judged filter (verdicts in JUDGED below, written from the URL and the
   articleBody before the positions were looked at):
   a. not the same news (same event) as an article of the four other sets;
   b. an English-language reported news story that names at least one person
      and has at least one direct quotation (4+ words) attributed to a
      speaker or writer.
4. One article per outlet (URL host without "www."): the first that passes
   1-3 in id order.
5. Of the n articles left, take positions 0, k, 2k, ... with
   k = max(1, n // 12), the first 12. (n turned out to be 8, so k = 1 and all
   8 are taken: the devset has no more qualifying articles.)
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
GROUND_TRUTH = HERE.parent / "devset" / "ground-truth.json"
OTHER_SETS = [HERE.parent / d for d in ("annotated", "holdout", "holdout2", "holdout3")]
WANTED = 12

# Verdicts for every id that passes the mechanical filter (id prefix -> reason for
# leaving it out); ids passing the filter and not listed here qualify.
JUDGED = {
    # a. same news as an article in another set
    "35b158918c": "same story as ../holdout/ ac1bfdd4c5 and ../holdout3/ 9cb8224b66 "
                  "(Doobie Brothers reunion tour); also no attributed quote (the only long quote is a song title)",
    "42aad16bde": "same story as ../annotated/ spacenews.com (NASA adds five companies, incl. SpaceX "
                  "and Blue Origin, to its commercial lunar lander program)",
    "6ebac05f63": "same story as ../annotated/ nbcnews.com (New York man pleads guilty to threatening "
                  "to kill Rep. Ilhan Omar)",
    "7a664e40d2": "same event as ../annotated/ deccanherald.com 'Impeachment sham completely debunked' "
                  "(the Nov. 19 Volker/Morrison impeachment hearing)",
    "ba4dfe2d3e": "same story as ../annotated/ smithsonianmag.com (plague cases diagnosed in China)",
    "bd673bd798": "same story as ../holdout2/ 9eef8162bb and ../holdout3/ 7bb1ca9035, a078b3656a "
                  "('feather duvet lung' case report)",
    "c50845a715": "same story as ../annotated/ spacenews.com (NASA picks SpaceX, Blue Origin and others "
                  "for commercial moon landers)",
    "dc7ccccc1f": "same story as ../annotated/ bbc.com (Sweden drops the Julian Assange rape investigation)",
    "f344ca5fb3": "same story as ../holdout2/ 14cc2a0ca5 and ../holdout3/ 686bb170ef "
                  "(water vapour detected above Europa)",
    # b. not English reported news with a named person quoted
    "04a6711caa": "opinion column",
    "0ec95c7261": "not English (Korean)",
    "1f765c4878": "opinion column",
    "21486419bb": "not English (Indonesian)",
    "23aaecd141": "not English (Portuguese)",
    "3252222e61": "not English (Portuguese)",
    "4648a420af": "company blog post",
    "5211188428": "visitor reviews on a theatre's blog",
    "55bb6340e3": "daily newsletter round-up",
    "57e2e98887": "company press release",
    "5ae11e580a": "company press release",
    "5fa3154ec0": "editorial",
    "680c2848e9": "review round-up",
    "7837c9d66c": "not English (Indonesian)",
    "8634d1211c": "opinion column (business columnist on the Gannett-GateHouse merger)",
    "87bf60570e": "opinion column",
    "8cad00dc22": "theatre's promotional blog post",
    "a860fb5eda": "not a news story (shop blog)",
    "aade2ec8d1": "names no person; the only long quote is the outlet quoting itself",
    "ad826691a8": "deals list",
    "b6906ca016": "explainer guide (tariffs and international trade), not a reported news story",
    "b6fb53e9fb": "not English (Italian)",
    "ec3878db7e": "recipes",
    "ef4e67b66d": "opinion/analysis column ('You shouldn't just believe them') on Trump's health",
    "f81c6c05d9": "how-to guide",
    "fde930b018": "daily newsletter round-up",
}


def mechanical(body: str) -> bool:
    quotes = re.findall(r'[“"]([^”"]{0,300})[”"]', body)
    return 150 <= len(body.split()) <= 1600 and any(len(q.split()) >= 4 for q in quotes)


def select(offset: int = 0) -> tuple[list[str], list[str]]:
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    used = {p.stem for d in OTHER_SETS for p in d.glob("*.yml")}
    host = {i: urlparse(v["url"]).netloc.removeprefix("www.") for i, v in truth.items()}
    qualifying, seen = [], set()
    for i in sorted(truth.keys() - used):
        if not mechanical(truth[i]["articleBody"]) or i[:10] in JUDGED or host[i] in seen:
            continue
        seen.add(host[i])
        qualifying.append(i)
    step = max(1, len(qualifying) // WANTED)
    return qualifying, qualifying[offset::step][:WANTED]


def main(argv: list[str]) -> None:
    offset = int(argv[argv.index("--offset") + 1]) if "--offset" in argv else 0
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    qualifying, chosen = select(offset)
    step = max(1, len(qualifying) // WANTED)
    print(f"{len(qualifying)} qualifying, step {step}, offset {offset}, {len(chosen)} chosen")
    for n, i in enumerate(qualifying):
        print(f"{'*' if i in chosen else ' '} {n:2d} {i[:10]} {truth[i]['url']}")


if __name__ == "__main__":
    main(sys.argv[1:])
