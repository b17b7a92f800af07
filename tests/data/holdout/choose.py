#!/usr/bin/env python3
"""Reproduce the choice of the held-out articles (see README.md here).

Run:  python tests/data/holdout/choose.py [--offset N]   (stdlib only)

1. Pool: the devset ids without a file in ../annotated/, sorted (ids are
   SHA-256 hex digests, so the order has nothing to do with the content).
2. Mechanical filter: articleBody of 150-1600 words; outlet (URL host without
   "www.") not one of the outlets of the annotated devset; at least one
   double-quoted span of 4+ words.
3. Judged filter (verdicts in JUDGED below, written from the URL and the
   articleBody): an English-language reported news story that names at least
   one person and has at least one direct quotation (4+ words) attributed to
   a speaker or writer.
4. One article per outlet: the first that passes 1-3 in id order.
5. Of the n articles left, take positions 0, k, 2k, ... with k = n // 12,
   the first 12. With --offset N (default 0, the set in this folder), take
   positions N, N + k, N + 2k, ... instead: offset 1 chose ../holdout2/.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
GROUND_TRUTH = HERE.parent / "devset" / "ground-truth.json"
ANNOTATED = HERE.parent / "annotated"
WANTED = 12

# Verdicts for every id that passes the mechanical filter (id prefix -> reason for
# leaving it out); ids passing the filter and not listed here qualify.
JUDGED = {
    "04a6711caa": "opinion column",
    "0ec95c7261": "not English (Korean)",
    "1f765c4878": "opinion column",
    "21486419bb": "not English (Indonesian)",
    "23aaecd141": "not English (Portuguese)",
    "3252222e61": "not English (Portuguese)",
    "35b158918c": "no attributed quote (the only long quote is a song title)",
    "4648a420af": "company blog post",
    "5211188428": "visitor reviews on a theatre's blog",
    "55bb6340e3": "daily newsletter round-up",
    "57e2e98887": "company press release",
    "5ae11e580a": "company press release",
    "5fa3154ec0": "editorial",
    "680c2848e9": "review round-up",
    "7837c9d66c": "not English (Indonesian)",
    "87bf60570e": "opinion column",
    "8cad00dc22": "theatre's promotional blog post",
    "a860fb5eda": "not a news story (shop blog)",
    "aade2ec8d1": "names no person; the only long quote is the outlet quoting itself",
    "ad826691a8": "deals list",
    "b6fb53e9fb": "not English (Italian)",
    "ec3878db7e": "recipes",
    "f81c6c05d9": "how-to guide",
    "fde930b018": "daily newsletter round-up",
}


def mechanical(body: str, host: str, dev_hosts: set[str]) -> bool:
    quotes = re.findall(r'[“"]([^”"]{0,300})[”"]', body)
    return (150 <= len(body.split()) <= 1600 and host not in dev_hosts
            and any(len(q.split()) >= 4 for q in quotes))


def select(offset: int = 0) -> tuple[list[str], list[str]]:
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    annotated = {p.stem for p in ANNOTATED.glob("*.yml")}
    host = {i: urlparse(v["url"]).netloc.removeprefix("www.") for i, v in truth.items()}
    dev_hosts = {host[i] for i in annotated}
    qualifying, seen = [], set()
    for i in sorted(truth.keys() - annotated):
        if not mechanical(truth[i]["articleBody"], host[i], dev_hosts) or i[:10] in JUDGED or host[i] in seen:
            continue
        seen.add(host[i])
        qualifying.append(i)
    step = len(qualifying) // WANTED
    return qualifying, qualifying[offset::step][:WANTED]


def main(argv: list[str]) -> None:
    offset = int(argv[argv.index("--offset") + 1]) if "--offset" in argv else 0
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    qualifying, chosen = select(offset)
    print(f"{len(qualifying)} qualifying, step {len(qualifying) // WANTED}, offset {offset}, {len(chosen)} chosen")
    for n, i in enumerate(qualifying):
        print(f"{'*' if i in chosen else ' '} {n:2d} {i[:10]} {truth[i]['url']}")


if __name__ == "__main__":
    main(sys.argv[1:])
