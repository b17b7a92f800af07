"""Front matter written with libyaml's emitter is byte-identical to PyYAML's own."""

from __future__ import annotations

import random

import yaml

from briefkit.briefing import dump_front_matter

WORDS = ["yes", "no", "null", "~", "1e3", "2019-06-30", "12:30", "- x", " lead", "trail ", ": ", "#c", "'", '"',
         "", "...", "---", "? x", "&a", "*a", "%x", "@x", "`x", "|", ">"]
ODD = "\t\n\r\x85\u2028\u2029\ufeff\x00\x1b\x7f\u00a0\u200b\u0301“”‘’—–…\ufffd\U0001F642\u4e2d\u0416é"


def _python_emitter(meta) -> str:
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)


def test_front_matter_bytes_do_not_depend_on_the_emitter():
    rng = random.Random(11)
    pool = [chr(c) for c in range(0x20, 0x7F)] + list(ODD)
    for _ in range(3000):
        text = rng.choice(WORDS) + "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        meta = {
            "title": text,
            "date": "2019-06-30",
            "source": {"file": "articles/a.txt", "url": None, "sha256": "0" * 64},
            "people": [{"name": text[:20], "role": None}],
            "topics": [text, "politics"],
            text[:8] or "k": [1, 2.5, True],
        }
        assert dump_front_matter(meta) == _python_emitter(meta), repr(text)
