"""A realistic desk for the benchmark: N articles and their briefings.

Article text is real (the devset's hand-extracted bodies, reused round-robin);
each article gets its own headline and date. Its briefing is written in the
shipped format by `briefkit.briefing.render`, then "enriched by an editor":
varied countries, places, people, organisations, topics and dates across two
decades, background / key facts / quotes taken verbatim from the text, and a
timeline. Because a person edited it, its digest no longer matches, as on a
real desk where every briefing is reviewed before it is published.

Same N and seed -> byte-identical files.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

from bench.devset import ground_truth, page_ids
from briefkit import briefing
from briefkit.data import __file__ as _data_init
from briefkit.model import Briefing, Event, Quote

DATA = Path(_data_init).parent
FIRST_NAMES = (
    "Ana Ben Chen Dara Elif Farid Grace Hiro Ines Jomo Kang Lena Mateo Nadia Omar Priya Rafael Sofia Tariq Yuki".split()
)
LAST_NAMES = "Alvarez Bakker Chowdhury Dubois Eriksen Fujita Garcia Haddad Ivanova Jensen Kim Lopez Mensah Nakamura Okafor Petrov Rossi Silva Tanaka Weber".split()
ROLES = ["foreign minister", "spokeswoman", "chief executive", "analyst", "president", "senator", None]
ORGANIZATIONS = [
    "United Nations",
    "European Union",
    "World Bank",
    "NATO",
    "ASEAN",
    "World Health Organization",
    "International Monetary Fund",
    "Samsung Electronics",
    "Reuters",
    "Red Cross",
    "OPEC",
    "African Union",
]
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")


def _lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].split("\t", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _bodies() -> list[list[str]]:
    """Paragraph lists of the devset articles with at least 150 words."""
    bodies = []
    for page_id in page_ids():
        text = ground_truth()[page_id]["articleBody"]
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        if len(text.split()) >= 150:
            bodies.append(paragraphs)
    return bodies


def _sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in _SENTENCE.split(p) if 40 <= len(s) <= 300]


def make_desk(root: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` articles into root/articles and briefings into root/briefings."""
    rng = random.Random(seed)
    bodies = _bodies()
    countries = _lines("countries.tsv") or ["South Korea", "Japan", "United States"]
    places = _lines("places.txt") or ["Washington", "Bangkok"]
    topics = _lines("topics.txt") or ["politics"]
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "briefings").mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        paragraphs = bodies[index % len(bodies)]
        written.append(_one(root, index, paragraphs, rng, countries, places, topics))
    return written


def _one(root: Path, index: int, paragraphs: list[str], rng: random.Random, countries, places, topics) -> Path:
    words = re.findall(r"[A-Za-z]{4,}", paragraphs[0])[:6] or ["News"]
    title = f"{' '.join(words).capitalize()} ({index + 1})"
    year = rng.randint(2005, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = f"briefing-{index + 1:05d}"
    article_file = f"articles/{slug}.txt"
    article_text = f"{title}\n\n{date}\n\n" + "\n\n".join(paragraphs) + "\n"
    (root / article_file).write_text(article_text, encoding="utf-8")
    sha = hashlib.sha256(article_text.encode("utf-8")).hexdigest()
    sentences = _sentences(paragraphs) or paragraphs
    meta = {
        "title": title,
        "date": date,
        "date_precision": "day",
        "date_evidence": "page metadata",
        "summary": sentences[0],
        "source": {
            "file": article_file,
            "url": f"https://news.example.org/{year}/{slug}",
            "outlet": "Example News",
            "sha256": sha,
        },
        "countries": [],
        "places": [],
        "people": [],
        "organizations": [],
        "topics": [],
        "generated": {"by": "briefkit", "digest": "to-be-computed"},
    }
    picked = rng.sample(sentences, min(len(sentences), 7))
    body = Briefing(
        meta=meta,
        caption=None if index % 3 else sentences[-1],
        background=picked[:1],
        key_facts=picked[1:4],
        quotes=[Quote(s, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}") for s in picked[4:6]],
        timeline=[Event(str(year - k), s) for k, s in zip((3, 1), picked[5:7], strict=False)],
        article=paragraphs,
    )
    text = briefing.render(body)
    # The editor's enrichment: real-looking, varied front matter (the digest now differs).
    people = sorted({f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 4))})
    meta.update(
        countries=sorted(set(rng.sample(countries, rng.randint(1, 3)))),
        places=sorted(set(rng.sample(places, rng.randint(0, 2)))),
        people=[{"name": name, "role": rng.choice(ROLES)} for name in people],
        organizations=sorted(set(rng.sample(ORGANIZATIONS, rng.randint(0, 3)))),
        topics=sorted(set(rng.sample(topics, rng.randint(1, 2)))),
        generated={"by": "briefkit", "digest": _digest_of(text)},
    )
    end = text.index("\n---\n", 4)
    text = "---\n" + briefing.dump_front_matter(meta) + "---\n" + text[end + 5 :]
    path = root / "briefings" / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


def _digest_of(text: str) -> str:
    match = re.search(r"^  digest: (\S+)$", text, re.MULTILINE)
    return match.group(1) if match else ""
