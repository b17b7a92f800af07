"""Decode a Pagefind 1.5.2 bundle into a form that does not depend on page numbering.

Two bundles of the same pages are the same index when these are equal, whatever
order each numbered its pages in: words -> postings by page URL (with locations
and meta locations by field name), variants, filters by URL, sort orders (runs of
pages with equal values), fragments by URL and the index chunk boundaries.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def decode(bundle: Path) -> dict:
    bundle = Path(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    ((language, info),) = entry["languages"].items()
    meta = cbor2.loads(read(bundle / f"pagefind.{info['hash']}.pf_meta"))
    version, pages, chunks, filters, sorts, fields = meta
    fragments = {}
    urls = []
    for fragment_hash, word_count in pages:
        raw = read(bundle / "fragment" / f"{fragment_hash}.pf_fragment")
        url = json.loads(raw)["url"]
        urls.append(url)
        fragments[url] = (raw, word_count)

    def postings(encoded: list) -> list:
        out, page = [], 0
        for delta, locs, meta_locs in encoded:
            page += delta
            named = [fields[-loc - 1] if loc < 0 else loc for loc in meta_locs]
            out.append((urls[page], tuple(locs), tuple(named)))
        return sorted(out, key=lambda posting: posting[0])  # stable: a page's entries keep their order

    words = {}
    for _, _, chunk_hash in chunks:
        for word, encoded, variants in cbor2.loads(read(bundle / "index" / f"{chunk_hash}.pf_index"))[0]:
            assert word not in words
            words[word] = (postings(encoded), {name: postings(v) for name, v in variants})

    decoded_filters = {}
    for name, file_hash in filters:
        filter_name, values = cbor2.loads(read(bundle / "filter" / f"{file_hash}.pf_filter"))
        assert filter_name == name
        decoded_filters[name] = {value: sorted(urls[page] for page in pages) for value, pages in values}

    decoded_sorts = {}
    for key, order in sorts:
        runs: list[tuple[str, list[str]]] = []
        for page in order:
            value = json.loads(fragments[urls[page]][0])["meta"].get(key)
            if runs and runs[-1][0] == value:
                runs[-1][1].append(urls[page])
            else:
                runs.append((value, [urls[page]]))
        decoded_sorts[key] = [(value, sorted(run)) for value, run in runs]

    return {
        "version": (entry["version"], version, info["page_count"], len(pages)),
        "language": language,
        "fields": fields,
        "words": words,
        "filters": decoded_filters,
        "sorts": decoded_sorts,
        "fragments": fragments,
        "chunks": [(first, last) for first, last, _ in chunks],
    }
