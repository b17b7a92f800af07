"""Extraction benchmark on the development set (tests/data/devset, 181 real pages).

Prints, side by side with the library each step stands on:
1. HTML body F1 (word 4-gram shingles, Scrapinghub article-extraction benchmark
   scoring) for briefkit's pipeline and for trafilatura alone;
2. headline exact-match rate against the hand-written titles of the annotated
   subset (tests/data/annotated/*.yml), briefkit vs trafilatura's title;
3. whole-page text (every visible line of the page, as select-all copies it)
   body F1 for briefkit's text cleaner vs jusText on the same lines;
4. CPU time per article: text cleaning (the example article, about 700 words)
   and HTML (read + clean) vs trafilatura alone.

Run: .venv/bin/python -m bench.extraction [--limit N]
"""

from __future__ import annotations

import argparse
import html
import time
from pathlib import Path

import justext
import trafilatura

from bench import devset, scoring
from briefkit.cleaning import clean
from briefkit.errors import ArticleError
from briefkit.headline import normalize_title
from briefkit.html_page import parse_html, read_page, visible_text
from briefkit.model import Source

EXAMPLE = devset.ROOT / "articles" / "us-seeks-to-ease-dispute.txt"


def clean_html(page_id: str, text: str) -> tuple[str, str]:
    """(body, title) of a page through briefkit: read_page then clean."""
    page = read_page(text)
    source = Source(path=page_id, kind="html", sha256="", text=page.text, metadata=page.metadata)
    article = clean(source)
    return "\n".join(article.paragraphs), article.title


def clean_page_text(page_id: str, text: str) -> str:
    """Body of whole-page text through briefkit's text cleaner."""
    source = Source(path=f"{page_id}.txt", kind="text", sha256="", text=text)
    try:
        return "\n".join(clean(source).paragraphs)
    except ArticleError:
        return ""


def justext_body(text: str) -> str:
    """jusText over the same lines, each line given to it as a paragraph."""
    page = (
        "<html><body>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        + "</body></html>"
    )
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def whole_page_text(page: str) -> str:
    tree = parse_html(page)
    return visible_text(tree) if tree is not None else ""


def cpu_ms(function, *args, repeat: int = 1) -> float:
    start = time.process_time()
    for _ in range(repeat):
        function(*args)
    return (time.process_time() - start) * 1000 / repeat


def trafilatura_text(page: str) -> str:
    doc = trafilatura.bare_extraction(page, include_comments=False)
    return (doc.text or "") if doc is not None else ""


def html_scores(ids: list[str]) -> dict[str, list]:
    rows: dict[str, list] = {"ours": [], "trafilatura": [], "ms_ours": [], "ms_traf": [], "ms_traf_meta": []}
    warm_up = devset.page_html(ids[0])  # first calls load stoplists and caches: keep them out of the timing
    clean_html(ids[0], warm_up), trafilatura_text(warm_up), justext_body("warm up")
    for page_id in ids:
        truth = devset.ground_truth()[page_id]["articleBody"]
        page = devset.page_html(page_id)
        start = time.process_time()
        body, _ = clean_html(page_id, page)
        middle = time.process_time()
        baseline = trafilatura_text(page)
        end = time.process_time()
        rows["ms_traf_meta"].append(
            cpu_ms(lambda p: trafilatura.bare_extraction(p, with_metadata=True), page)
        )
        rows["ours"].append(scoring.document_counts(truth, body))
        rows["trafilatura"].append(scoring.document_counts(truth, baseline))
        rows["ms_ours"].append((middle - start) * 1000)
        rows["ms_traf"].append((end - middle) * 1000)
    return rows


def title_scores(ids: list[str], folder: Path = devset.ANNOTATED) -> tuple[int, int, int]:
    titles = {k: v for k, v in devset.annotated_titles(folder).items() if k in ids}
    ours = theirs = 0
    for page_id, title in titles.items():
        page = devset.page_html(page_id)
        ours += normalize_title(clean_html(page_id, page)[1]) == normalize_title(title)
        doc = trafilatura.bare_extraction(page, with_metadata=True)
        theirs += normalize_title((doc.title or "") if doc else "") == normalize_title(title)
    return ours, theirs, len(titles)


def page_text_scores(ids: list[str]) -> tuple[list, list, list[float]]:
    ours, baseline, ms = [], [], []
    for page_id in ids:
        truth = devset.ground_truth()[page_id]["articleBody"]
        text = whole_page_text(devset.page_html(page_id))
        start = time.process_time()
        ours.append(scoring.document_counts(truth, clean_page_text(page_id, text)))
        ms.append((time.process_time() - start) * 1000)
        baseline.append(scoring.document_counts(truth, justext_body(text)))
    return ours, baseline, ms


def page_text_titles(ids: list[str]) -> tuple[int, int]:
    titles = {k: v for k, v in devset.annotated_titles().items() if k in ids}
    right = 0
    for page_id, title in titles.items():
        source = Source(
            path="page.txt", kind="text", sha256="", text=whole_page_text(devset.page_html(page_id))
        )
        right += normalize_title(clean(source).title) == normalize_title(title)
    return right, len(titles)


def article_of_about(words: int) -> str:
    """A pasted article: the devset body closest to `words` words, under a title line."""
    bodies = [b["articleBody"] for b in devset.ground_truth().values()]
    body = min(bodies, key=lambda b: abs(len(b.split()) - words))
    return "A headline for the timing run\n\n" + body


def show(label: str, counts: list) -> str:
    p, r, f = scoring.precision_recall_f1(counts)
    return f"{label:<28} F1 {f:.3f}  (precision {p:.3f}, recall {r:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()
    ids = devset.page_ids()[: args.limit or None]
    print(f"Development set: {len(ids)} pages (tests/data/devset)\n", flush=True)
    rows = html_scores(ids)
    print("1. HTML body, word 4-gram shingles")
    print("  " + show("briefkit (read + clean)", rows["ours"]))
    print("  " + show("trafilatura alone", rows["trafilatura"]))
    ours, theirs, total = title_scores(ids)
    print("\n2. Headline exact match (normalised), reference: hand-written titles in tests/data/annotated")
    rate, base = ours / max(total, 1), theirs / max(total, 1)
    print(f"  briefkit {ours}/{total} = {rate:.2f};  trafilatura {theirs}/{total} = {base:.2f}")
    for name in devset.HAND_SETS[1:]:  # the sets annotated later, titles from each page's <h1>
        folder = devset.ROOT / "tests" / "data" / name
        ours, theirs, total = title_scores(ids, folder)
        if total:
            print(f"  tests/data/{name}: briefkit {ours}/{total};  trafilatura {theirs}/{total}")
    text_ours, text_justext, text_ms = page_text_scores(ids)
    print("\n3. Whole-page text (visible text of each page, one line per block), body")
    print("  " + show("briefkit text cleaner", text_ours))
    print("  " + show("jusText (English stoplist)", text_justext))
    right, total = page_text_titles(ids)
    rate = right / max(total, 1)
    print(f"  headline (hand-written titles in tests/data/annotated): {right}/{total} = {rate:.2f}")
    example = EXAMPLE.read_text(encoding="utf-8")
    source = Source(path=EXAMPLE.name, kind="text", sha256="", text=example)
    words = len(example.split())
    print("\n4. CPU time per article")
    print(f"  text, example article ({words} words): {cpu_ms(clean, source, repeat=200):.2f} ms")
    pasted = article_of_about(700)
    source = Source(path="pasted.txt", kind="text", sha256="", text=pasted)
    words = len(pasted.split())
    print(f"  text, devset article pasted ({words} words): {cpu_ms(clean, source, repeat=200):.2f} ms")
    print(f"  whole-page text, mean over the pages: {sum(text_ms) / len(ids):.2f} ms")
    mean = sum(rows["ms_ours"]) / len(ids)
    base = sum(rows["ms_traf"]) / len(ids)
    meta = sum(rows["ms_traf_meta"]) / len(ids)
    print(
        f"  HTML, briefkit read + clean: {mean:.1f} ms; trafilatura text only: {base:.1f} ms "
        f"(ratio {mean / base:.2f}); trafilatura with metadata: {meta:.1f} ms (ratio {mean / meta:.2f})"
    )


if __name__ == "__main__":
    main()
