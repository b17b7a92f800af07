"""Merge Pagefind bundles indexed from disjoint shards of one site into one bundle.

Pagefind has no memory limit and no incremental update: indexing 10,000 briefings
at once peaks at 3.4 GB and an edit costs a full re-index. Pagefind is run on
shards of the site instead (briefkit/search.py) and this module merges the shard
bundles into the one bundle a browser loads, so that a search downloads what it
would from a single run (one metadata file, one set of word chunks).

The format is Pagefind 1.5.2's (decoded from the files it writes; `VERSION` is
checked and anything unexpected is `Unmergeable`, never guessed). Every data
file is gzip of b"pagefind_dcd" + CBOR:

- `pagefind.<lang>_<hash>.pf_meta`: [version, pages, index chunks, filters, sorts,
  meta fields]. pages: [[fragment hash, word count], ...], indexed by page number;
  index chunks: [[from, to, file hash], ...]; filters: [[name, file hash], ...];
  sorts: [[key, [page, ...] in sorted order], ...]; meta fields: sorted names.
- `index/<lang>_<hash>.pf_index`: [[word entry, ...]], words sorted, a word entry
  [word, postings, [[variant with diacritics, postings], ...]], a posting
  [page, locations, meta locations]. Page numbers in a posting list are
  delta-encoded (each relative to the previous one, the first to 0). Meta
  locations are [-(field index + 1), position, ...] into the meta fields.
  A chunk is cut once the sum over its words' postings of (locations + meta
  locations + 1) reaches 20,000; a chunk's from/to are shortened to the shortest
  prefixes that still tell neighbouring chunks apart (a `to` that would sort
  before its chunk's `from` stays whole).
- `filter/<lang>_<hash>.pf_filter`: [name, [[value, [page, ...]], ...]], absolute pages.
- `fragment/<lang>_<hash>.pf_fragment`: one page's JSON (url, content, meta, filters),
  named by the first 7 hex digits of its SHA-1 (longer on a collision); copied as is.

Pages are numbered shard after shard, each shard's in its own order (Pagefind
numbers a site's pages in directory-walk order), so that a word's postings are
each shard's list one after the other: only the first page of each list changes.
Variants are ordered by name (Pagefind: hash-map order), filters and their values
by name: the same shards in the same order give a byte-identical bundle.
Sort orders are rebuilt from each page's value, taken from its `meta` of the same
name, after checking that those values reproduce every shard's own sort order.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import cbor2

from .errors import BriefkitError

VERSION = "1.5.2"
SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 20_000
SUMMARY = "briefkit-shard.json"  # written into each shard bundle by summarize()
WORDS = "briefkit-words.bin"  # each word's postings as CBOR bytes, written by summarize()
FORMAT = 3  # of SUMMARY and WORDS
ENTRY = "pagefind-entry.json"
GZIP_LEVEL = 6  # 1% larger than Pagefind's own files, in a third of level 9's time


_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


class Unmergeable(BriefkitError):
    """The shard bundles cannot be merged safely (unexpected format or data): index the site whole."""


@dataclass
class MergeStats:
    pages: int = 0
    words: int = 0
    filters: int = 0
    chunks: int = 0


def read_data(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise Unmergeable(f"{path}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _encode(value) -> bytes:
    return SIGNATURE + cbor2.dumps(value)


def _pagefind_hash(data: bytes) -> str:
    """Pagefind's full_hash: SHA-1, each byte as hex without zero padding."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


class _Gzipped:
    """Gzipped files kept by the SHA-256 of their data in a folder: an unchanged index chunk is not compressed again.

    Without a folder, every file is compressed. prune() removes the files this merge did not use.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def write(self, target: Path, data: bytes, digest: str) -> None:
        if self.folder is None:
            target.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
            return
        kept = self.folder / f"{digest}.gz"
        self.used.add(kept.name)
        if not kept.is_file():
            partial = self.folder / f"{digest}.partial"
            partial.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
            partial.replace(kept)
        link_or_copy(kept, target)

    def prune(self) -> None:
        if self.folder is not None:
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


_PLAIN = _Gzipped(None)


def _write_named(
    folder: Path, language: str, data: bytes, suffix: str, taken: dict[str, str], length: int = 7, gzipped=_PLAIN
) -> str:
    """Write data as folder/<language>_<hash><suffix>; the hash grows until the name is free.

    taken: the names written so far, each with the full hash of its data (not the data: 50 MB at 10,000 pages).
    """
    digest = hashlib.sha256(data).hexdigest()
    for size in range(length, len(digest) + 1):
        name = f"{language}_{digest[:size]}"
        if taken.get(name, digest) == digest:
            break
    taken[name] = digest
    gzipped.write(folder / f"{name}{suffix}", data, digest)
    return name


# --- one shard -------------------------------------------------------------------------


def _entry(bundle: Path) -> tuple[dict, str, dict]:
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unmergeable(f"{bundle}: no readable {ENTRY}: {exc}") from exc
    if entry.get("version") != VERSION:
        raise Unmergeable(f"{bundle}: Pagefind {entry.get('version')!r}, the merge knows {VERSION}'s format only")
    languages = entry.get("languages") or {}
    if len(languages) != 1:
        raise Unmergeable(f"{bundle}: {len(languages)} languages; the merge handles one")
    language, info = next(iter(languages.items()))
    return entry, language, info


def _meta(bundle: Path, info: dict) -> list:
    meta = read_data(bundle / f"pagefind.{info['hash']}.pf_meta")
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == VERSION):
        raise Unmergeable(f"{bundle}: unexpected metadata layout")
    fields = meta[5]
    if fields != sorted(set(fields)):
        raise Unmergeable(f"{bundle}: meta fields not sorted: {fields}")
    return meta


def summarize(bundle: Path) -> dict:
    """Read a freshly written shard bundle: each page's URL and sort values; check its sort orders.

    Writes SUMMARY into the bundle (what merge() needs without reading every fragment) and returns it.
    """
    _, language, info = _entry(bundle)
    meta = _meta(bundle, info)
    sort_keys = sorted(key for key, _ in meta[4])
    pages = []
    for fragment_hash, word_count in meta[1]:
        fragment = json.loads(read_fragment(bundle / "fragment" / f"{fragment_hash}.pf_fragment"))
        page_meta = fragment.get("meta") or {}
        values = {key: page_meta[key] for key in sort_keys if isinstance(page_meta.get(key), str)}
        pages.append([fragment["url"], fragment_hash, word_count, values])
    for key, order in meta[4]:
        values = {number: page[3][key] for number, page in enumerate(pages) if key in page[3]}
        if sort_order(values) != order:
            raise Unmergeable(f"{bundle}: sort {key!r} is not the order of the pages' meta {key!r}")
    words = _write_segments(bundle, meta)
    summary = {"version": VERSION, "format": FORMAT, "language": language, "pages": pages, "words": words}
    (bundle / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return summary


def _write_segments(bundle: Path, meta: list) -> list:
    """Write each word's posting lists into WORDS as CBOR, all but the first page number: what merge() copies.

    Returns [[word, size, base, [[variant, *segment], ...]], ...] in word order, a segment being
    [postings, first page delta, sum of deltas, start, end] with WORDS[start:end] the first posting
    after its page number, then the other postings. The bytes are cut out of Pagefind's own chunks
    (each entry decoded once to find where its parts are); only first postings are encoded again.
    """
    words = []
    previous = None
    with open(bundle / WORDS, "wb") as out:
        position = 0

        def segment(postings: list, region: bytes) -> list:
            """region: the postings' bytes as Pagefind wrote them, after the array's head."""
            nonlocal position
            if not postings:
                if region:
                    raise Unmergeable(f"{bundle}: bytes where no postings are")
                return [0, 0, 0, position, position]
            if set(map(len, postings)) != {3} or region[:1] != b"\x83":
                raise Unmergeable(f"{bundle}: unexpected posting {str(postings)[:80]}")
            first = postings[0]
            data = region[1 + len(cbor2.dumps(first[0])) :]
            out.write(data)
            start, position = position, position + len(data)
            return [len(postings), first[0], sum(map(_FIRST, postings)), start, position]

        for _, _, chunk_hash in meta[2]:
            raw = read_fragment(bundle / "index" / f"{chunk_hash}.pf_index")  # the decompressed CBOR
            count, offset = _read_array_head(raw, 1) if raw[:1] == b"\x81" else (0, -1)
            if offset < 0:
                raise Unmergeable(f"{bundle}: unexpected index chunk layout")
            stream = io.BytesIO(raw)
            stream.seek(offset)
            decoder = cbor2.CBORDecoder(stream)
            for _ in range(count):
                begin = stream.tell()
                entry = decoder.decode()
                finish = stream.tell()
                if not (isinstance(entry, list) and len(entry) == 3) or (previous is not None and entry[0] <= previous):
                    raise Unmergeable(f"{bundle}: unexpected word entry {str(entry)[:80]}")
                word, postings, variants = entry
                previous = word
                size = len(postings) + sum(map(len, map(_SECOND, postings))) + sum(map(len, map(_THIRD, postings)))
                head = begin + 1 + len(cbor2.dumps(word)) + len(_array_header(len(postings)))
                cut = finish - len(cbor2.dumps(variants))
                base = segment(postings, raw[head:cut])
                found = []
                at = cut + len(_array_header(len(variants)))
                for variant in variants:
                    if not (isinstance(variant, list) and len(variant) == 2):
                        raise Unmergeable(f"unexpected variant of {word!r}: {str(variant)[:80]}")
                    length = len(cbor2.dumps(variant))
                    inner = at + 1 + len(cbor2.dumps(variant[0])) + len(_array_header(len(variant[1])))
                    found.append([variant[0], *segment(variant[1], raw[inner : at + length])])
                    at += length
                if raw[begin : begin + 1] != b"\x83" or at != finish:
                    raise Unmergeable(f"{bundle}: word entry {word!r} not laid out as expected")
                words.append([word, size, base, found])
            if stream.tell() != len(raw):
                raise Unmergeable(f"{bundle}: bytes after the last word of an index chunk")
    return words


def _read_array_head(data: bytes, at: int) -> tuple[int, int]:
    """(length, offset after the head) of the CBOR array whose head starts at data[at]; (0, -1) if none."""
    first = data[at] if at < len(data) else 0
    if 0x80 <= first < 0x98:
        return first - 0x80, at + 1
    sizes = {0x98: 1, 0x99: 2, 0x9A: 4, 0x9B: 8}
    if first in sizes:
        size = sizes[first]
        return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size
    return 0, -1


def _array_header(length: int) -> bytes:
    """CBOR's head of an array of that many items (major type 4, shortest form, as minicbor writes)."""
    if length < 24:
        return bytes((0x80 + length,))
    if length < 0x100:
        return bytes((0x98, length))
    if length < 0x10000:
        return b"\x99" + length.to_bytes(2, "big")
    if length < 0x100000000:
        return b"\x9a" + length.to_bytes(4, "big")
    return b"\x9b" + length.to_bytes(8, "big")


def read_fragment(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise Unmergeable(f"{path}: not a Pagefind data file")
    return data[len(SIGNATURE) :]


# Pagefind sorts a key's values as numbers when every value parses as an i32 or an f32
# (lexical_core), else as strings. Values that lexical_core might read otherwise than
# this pattern (inf, NaN, ...) are refused rather than guessed.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")
_INT = re.compile(r"[+-]?\d+\Z")
_SPECIAL = re.compile(r"[+-]?(?:nan|inf|infinity)\Z", re.IGNORECASE)


def _f32_key(value: str) -> int:
    """f32 total order (Rust's f32::total_cmp) of the value parsed as Pagefind parses it."""
    if _INT.match(value) and -(2**31) <= int(value) < 2**31:
        number = float(int(value))
    else:
        number = float(value)
    (bits,) = struct.unpack("<i", struct.pack("<f", number))  # rounds to f32; overflow raises
    return bits ^ 0x7FFFFFFF if bits < 0 else bits


def sort_order(values: dict[int, str]) -> list[int]:
    """Page numbers in Pagefind's order of their sort values (ties in page order)."""
    if any(_SPECIAL.match(value) for value in values.values()):
        raise Unmergeable(f"sort values {sorted(set(values.values()))[:5]} may parse as special numbers")
    if all(_NUMBER.match(value) for value in values.values()):
        try:
            keys = {page: _f32_key(value) for page, value in values.items()}
        except (OverflowError, struct.error) as exc:
            raise Unmergeable(f"sort value out of f32 range: {exc}") from exc
        return sorted(values, key=lambda page: (keys[page], page))
    return sorted(values, key=lambda page: (values[page], page))


# --- the merge ---------------------------------------------------------------------------


@dataclass
class _Shard:
    bundle: Path
    entry: dict
    language: str
    meta: list
    pages: list  # summary pages: [url, fragment hash, word count, {sort key: value}]
    page_map: list[int]  # shard page number -> merged page number
    field_map: list[int] | None  # shard meta field index -> merged index (None: the same)
    words: list | None = None  # summary words (see _write_segments)
    offset: int = 0  # merged number of the shard's first page


def _load(bundle: Path) -> _Shard:
    entry, language, info = _entry(bundle)
    meta = _meta(bundle, info)
    try:
        summary = json.loads((bundle / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = summarize(bundle)
    if summary.get("format") != FORMAT or summary.get("version") != VERSION or len(summary["pages"]) != len(meta[1]):
        summary = summarize(bundle)  # written by another briefkit
    return _Shard(bundle, entry, language, meta, summary["pages"], [], None, summary["words"])


def merge(bundles: list[Path], out: Path, copy_bytes: bool = True, chunk_cache: Path | None = None) -> MergeStats:
    """Write one Pagefind bundle into out (a new folder) from shard bundles of disjoint pages.

    copy_bytes: build each word's postings from the shards' CBOR bytes (WORDS), decoding none of
    them, when every shard has the same meta fields; False: decode and re-encode every posting.
    chunk_cache: a folder where gzipped index chunks are kept (linked into out) for the next merge.
    """
    if not bundles:
        raise Unmergeable("no shards to merge")
    shards = [_load(Path(bundle)) for bundle in bundles]
    first = shards[0]
    for shard in shards[1:]:
        if shard.language != first.language:
            raise Unmergeable(f"shards in {first.language!r} and {shard.language!r}")
        if shard.entry.get("include_characters") != first.entry.get("include_characters"):
            raise Unmergeable("shards disagree on include_characters")
    language = first.language

    # Pages: shard after shard.
    order = [(page[0], s, number) for s, shard in enumerate(shards) for number, page in enumerate(shard.pages)]
    if len({url for url, _, _ in order}) != len(order):
        raise Unmergeable("a page is in two shards")
    offset = 0
    for shard in shards:
        shard.offset = offset
        shard.page_map = list(range(offset, offset + len(shard.pages)))
        offset += len(shard.pages)

    fields = sorted({name for shard in shards for name in shard.meta[5]})
    for shard in shards:
        if shard.meta[5] != fields:
            shard.field_map = [fields.index(name) for name in shard.meta[5]]

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("index", "filter", "fragment"):
        (out / folder).mkdir(parents=True)

    pages = _copy_fragments(shards, order, out / "fragment", language)
    gzipped = _Gzipped(chunk_cache)
    if copy_bytes and all(shard.field_map is None for shard in shards):
        chunks, words = _merge_word_bytes(shards, out / "index", language, gzipped)
    else:
        chunks, words = _merge_words(shards, out / "index", language, gzipped)
    gzipped.prune()
    filters = _merge_filters(shards, out / "filter", language)
    sorts = _merge_sorts(shards)
    meta = [VERSION, pages, chunks, filters, sorts, fields]
    meta_hash = _write_named(out, language, _encode(meta), ".pf_meta", {}, length=10)
    meta_file = out / f"{meta_hash}.pf_meta"
    meta_file.rename(out / f"pagefind.{meta_hash}.pf_meta")

    entry = json.loads(json.dumps(first.entry))
    entry["languages"][language].update(hash=meta_hash, page_count=len(pages))
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for path in sorted(first.bundle.iterdir()):  # pagefind.js, the WASM: the same in every shard
        if path.is_file() and path.name not in (ENTRY, SUMMARY) and not path.name.endswith(".pf_meta"):
            shutil.copyfile(path, out / path.name)
    return MergeStats(pages=len(pages), words=words, filters=len(filters), chunks=len(chunks))


def _copy_fragments(shards: list[_Shard], order: list, folder: Path, language: str) -> list[list]:
    """Link (or copy) each page's fragment; a name two shards gave to different pages grows, as Pagefind's does."""
    taken: dict[str, Path] = {}  # name -> the fragment file it is
    pages = []
    for url, s, number in order:
        shard = shards[s]
        _, fragment_hash, word_count, _ = shard.pages[number]
        source = shard.bundle / "fragment" / f"{fragment_hash}.pf_fragment"
        name = fragment_hash
        if name in taken and taken[name].read_bytes() != source.read_bytes():  # rare: 7 hex digits
            full = f"{language}_{_pagefind_hash(read_fragment(source))}"
            name = next((full[:size] for size in range(len(name) + 1, len(full) + 1) if full[:size] not in taken), "")
            if not name:
                raise Unmergeable(f"{url}: no free fragment name")
        if name not in taken:
            taken[name] = source
            link_or_copy(source, folder / f"{name}.pf_fragment")
        pages.append([name, word_count])
    return pages


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (10,000 fragments: no bytes to copy), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _shard_words(shard: _Shard, s: int) -> Iterator[tuple[str, int, list]]:
    """A shard's word entries in word order, one chunk in memory at a time."""
    previous = None
    for _, _, chunk_hash in shard.meta[2]:
        chunk = read_data(shard.bundle / "index" / f"{chunk_hash}.pf_index")
        if not (isinstance(chunk, list) and len(chunk) == 1):
            raise Unmergeable(f"{shard.bundle}: unexpected index chunk layout")
        for entry in chunk[0]:
            if not (isinstance(entry, list) and len(entry) == 3) or (previous is not None and entry[0] <= previous):
                raise Unmergeable(f"{shard.bundle}: unexpected word entry {str(entry)[:80]}")
            previous = entry[0]
            yield entry[0], s, entry


def _concat(lists: list[tuple[_Shard, list]]) -> list:
    """One posting list from each shard's (delta-encoded, in shard order): only each list's first delta changes."""
    out: list = []
    last = 0  # merged number of the previous posting's page
    for shard, postings in lists:
        if not postings:
            continue
        if set(map(len, postings)) != {3}:
            raise Unmergeable(f"{shard.bundle}: unexpected posting {str(postings)[:80]}")
        if shard.field_map is not None:
            fields = shard.field_map
            postings = [[p[0], p[1], [-(fields[-loc - 1] + 1) if loc < 0 else loc for loc in p[2]]] for p in postings]
        first = postings[0]
        out.append([shard.offset + first[0] - last, first[1], first[2]])
        out.extend(postings[1:])
        last = shard.offset + sum(map(_FIRST, postings))
    return out


def _merge_words(shards: list[_Shard], folder: Path, language: str, gzipped: _Gzipped) -> tuple[list[list], int]:
    streams = [_shard_words(shard, s) for s, shard in enumerate(shards)]
    taken: dict[str, str] = {}
    chunks: list[list] = []  # [first word, last word, name]
    current: list = []
    size = 0
    words = 0

    def flush() -> None:
        nonlocal current, size
        name = _write_named(folder, language, _encode([current]), ".pf_index", taken, gzipped=gzipped)
        chunks.append([current[0][0], current[-1][0], name])
        current, size = [], 0

    group: list = []
    for item in heapq.merge(*streams):  # (word, shard, entry): no two items tie on (word, shard)
        if group and group[0][0] != item[0]:
            entry = _merge_entry(group, shards)
            current.append(entry)
            words += 1
            postings = entry[1]
            size += len(postings) + sum(map(len, map(_SECOND, postings))) + sum(map(len, map(_THIRD, postings)))
            if size >= CHUNK_SIZE:
                flush()
            group = []
        group.append(item)
    if group:
        entry = _merge_entry(group, shards)
        current.append(entry)
        words += 1
    if current:
        flush()
    return _chunk_ranges(chunks), words


def _chunk_ranges(chunks: list[list]) -> list[list]:
    """Pagefind's chunk_meta: [first word, last word, name] -> [from, to, name], the shortest telling prefixes."""
    for left, right in zip(chunks, chunks[1:], strict=False):
        common = 0
        for a, b in zip(right[0], left[1], strict=False):
            if a != b:
                break
            common += 1
        last = left[1][: common + 1]
        left[1] = left[1] if last < left[0] else last  # never a `to` before the chunk's `from`
        right[0] = right[0][: common + 1]
    return chunks


def _merge_word_bytes(shards: list[_Shard], folder: Path, language: str, gzipped: _Gzipped) -> tuple[list[list], int]:
    """As _merge_words, from the shards' WORDS: a word's postings are each shard's bytes behind one new page delta."""
    readers = [open(shard.bundle / WORDS, "rb") for shard in shards]  # noqa: SIM115 - closed below
    try:
        streams = [_summary_words(shard, s) for s, shard in enumerate(shards)]
        taken: dict[str, str] = {}
        chunks: list[list] = []
        current: list[bytes] = []
        first_word = last_word = ""
        size = words = 0
        group: list = []

        def add(group: list) -> None:
            nonlocal size, words, first_word, last_word
            if not current:
                first_word = group[0][0]
            last_word = group[0][0]
            current.append(_entry_bytes(group, shards, readers))
            size += sum(item[2][1] for item in group)
            words += 1

        def flush() -> None:
            nonlocal current, size
            data = SIGNATURE + b"\x81" + _array_header(len(current)) + b"".join(current)
            name = _write_named(folder, language, data, ".pf_index", taken, gzipped=gzipped)
            chunks.append([first_word, last_word, name])
            current, size = [], 0

        for item in heapq.merge(*streams):
            if group and group[0][0] != item[0]:
                add(group)
                if size >= CHUNK_SIZE:
                    flush()
                group = []
            group.append(item)
        if group:
            add(group)
        if current:
            flush()
    finally:
        for reader in readers:
            reader.close()
    return _chunk_ranges(chunks), words


def _summary_words(shard: _Shard, s: int) -> Iterator[tuple[str, int, list]]:
    for word in shard.words:
        yield word[0], s, word


def _entry_bytes(group: list, shards: list[_Shard], readers: list) -> bytes:
    """One merged word entry, CBOR-encoded, from the shards' segments (in shard order)."""
    base: list[bytes] = []
    base_count = 0
    base_last = 0
    variants: dict[str, list] = {}
    for word, s, (_, _, segment, shard_variants) in group:
        shard, reader = shards[s], readers[s]
        start = segment[3]
        end = shard_variants[-1][5] if shard_variants else segment[4]
        if reader.tell() != start:
            raise Unmergeable(f"{shard.bundle}: {WORDS} out of step at {word!r}")
        blob = reader.read(end - start)
        base_count, base_last = _add_segment(base, base_count, base_last, segment, shard, blob, start)
        for name, *variant in shard_variants:
            variants.setdefault(name, []).append((shard, variant, blob, start))
    parts = [b"\x83", cbor2.dumps(group[0][0]), _array_header(base_count), *base, _array_header(len(variants))]
    for name in sorted(variants):
        postings: list[bytes] = []
        count = last = 0
        for shard, variant, blob, start in variants[name]:
            count, last = _add_segment(postings, count, last, variant, shard, blob, start)
        parts += [b"\x82", cbor2.dumps(name), _array_header(count), *postings]
    return b"".join(parts)


def _add_segment(parts: list, count: int, last: int, segment: list, shard: _Shard, blob: bytes, base: int):
    """Append one shard's postings (first page delta made relative to the previous shard's last page)."""
    postings, first_delta, deltas, start, end = segment
    if not postings:
        return count, last
    parts += [b"\x83", cbor2.dumps(shard.offset + first_delta - last), blob[start - base : end - base]]
    return count + postings, shard.offset + deltas


def _merge_entry(group: list, shards: list[_Shard]) -> list:
    word = group[0][0]
    postings: list = []
    variants: dict[str, list] = {}
    for _, s, entry in group:
        postings.append((shards[s], entry[1]))
        for variant in entry[2]:
            if not (isinstance(variant, list) and len(variant) == 2):
                raise Unmergeable(f"unexpected variant of {word!r}: {str(variant)[:80]}")
            variants.setdefault(variant[0], []).append((shards[s], variant[1]))
    return [word, _concat(postings), [[name, _concat(variants[name])] for name in sorted(variants)]]


def _merge_filters(shards: list[_Shard], folder: Path, language: str) -> list[list]:
    merged: dict[str, dict[str, list[int]]] = {}
    for shard in shards:
        for name, file_hash in shard.meta[3]:
            data = read_data(shard.bundle / "filter" / f"{file_hash}.pf_filter")
            if not (isinstance(data, list) and len(data) == 2 and data[0] == name):
                raise Unmergeable(f"{shard.bundle}: unexpected filter file {file_hash}")
            values = merged.setdefault(name, {})
            for value, pages in data[1]:
                values.setdefault(value, []).extend(shard.page_map[page] for page in pages)
    taken: dict[str, str] = {}
    filters = []
    for name in sorted(merged):
        values = [[value, sorted(pages)] for value, pages in sorted(merged[name].items())]
        filters.append([name, _write_named(folder, language, _encode([name, values]), ".pf_filter", taken)])
    return filters


def _merge_sorts(shards: list[_Shard]) -> list[list]:
    keys = sorted({key for shard in shards for key, _ in shard.meta[4]})
    sorts = []
    for key in keys:
        values = {}  # a page without the sort key is in no sort order, in one run as here
        for shard in shards:
            for number, page in enumerate(shard.pages):
                if key in page[3]:
                    values[shard.page_map[number]] = page[3][key]
        sorts.append([key, sort_order(values)])
    return sorts
