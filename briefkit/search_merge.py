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

Index chunks are gzipped as independent deflate units (see UNIT), not as one
stream, and the merge writes into the cache folder the state `update()` needs to
patch the bundle for a few re-indexed pages without merging again: each page's
words (PAGES, in the shards), each word's posting lists per shard (counts, first
and last page, byte lengths: STATE), each chunk's units (raw length, CRC-32,
compressed length). update() decodes only the changed pages' posting lists (the
piece of each touched word in their shard), recompresses only the units whose
bytes changed, copies the others still compressed from the bundle's chunk files,
and writes the chunks, filters, fragments, metadata and entry file as merge()
would. Nothing of that state is in the bundle the site serves.
"""

from __future__ import annotations

import bisect
import collections
import gzip
import hashlib
import heapq
import io
import itertools
import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
PAGES = "briefkit-pages.bin"  # each page's words, written by summarize()
OURS = "briefkit-"  # files of ours in a shard bundle: never copied into the merged bundle
FORMAT = 4  # of SUMMARY, WORDS and PAGES
ENTRY = "pagefind-entry.json"
GZIP_LEVEL = 6  # 1% larger than Pagefind's own files, in a third of level 9's time
STATE = "bundle-state.json"  # in the cache folder: what update() needs to patch the merged bundle
OVERLAY = "bundle-pages.bin"  # beside STATE: the words of pages update() re-indexed
STATE_FORMAT = 2
# An index chunk is gzipped as independent deflate units (each compressed on its own and
# full-flushed, so that they can be cut out and put together again; the file is one gzip
# member): a unit ends after a word entry (of less than BIG bytes) once it holds UNIT bytes
# and the word's CRC-32 is a multiple of UNIT_MOD (boundaries that do not move when another
# word changes), and a word entry of BIG bytes or more has units of its own, cut between its
# shards' posting lists once UNIT bytes are reached. An edit then recompresses a few units
# per word it touches, not every chunk that has one of its words (about 6% larger files).
UNIT = 4096
BIG = 16384
UNIT_MOD = 4
UNIT_LEVEL = 4  # 2.4 times level 6's speed, 3% larger: a patch deflates about 7 MB at 10,000 briefings
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
GZIP_END = b"\x03\x00"  # an empty final block (fixed Huffman codes)
PACK = "units-{level}.pack"  # in the chunk cache folder: deflated units at that level (see _UnitStore)


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


def _write_named(folder: Path, language: str, data: bytes, suffix: str, taken: dict[str, str], length: int = 7) -> str:
    """Write data gzipped as folder/<language>_<hash><suffix>; the hash grows until the name is free.

    taken: the names written so far, each with the full hash of its data (not the data: 50 MB at 10,000 pages).
    """
    name = _take_name(language, hashlib.sha256(data).hexdigest(), taken, length)
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return name


def _take_name(language: str, digest: str, taken: dict[str, str], length: int = 7) -> str:
    for size in range(length, len(digest) + 1):
        name = f"{language}_{digest[:size]}"
        if taken.get(name, digest) == digest:
            break
    taken[name] = digest
    return name


def _deflate(data: bytes) -> bytes:
    """One unit of an index chunk: raw deflate, full-flushed (byte-aligned, no reference to what came before)."""
    compressor = zlib.compressobj(UNIT_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


class _UnitStore:
    """Deflated units kept by the SHA-256 of their data in a folder: an unchanged unit is not compressed again.

    They are kept in one pack file (PACK: the units one after the other, then a JSON index
    {SHA-256: [offset, length, CRC-32 of the deflated bytes]}, then the index's offset as 8
    bytes), read with os.pread and written anew by prune() with the units this merge used: one
    file written per merge, not one a unit (837 units at 1,000 briefings: creating a file each
    took 0.08-0.49 s here, the pack 1-3 ms). A pack that does not read as one is ignored, a unit
    whose bytes do not match their CRC-32 is compressed again. Without a folder, every unit is
    compressed.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: dict[str, bytes] = {}  # (deflate() runs in two threads: a dict's get and set are atomic)
        self.old: dict[str, list[int]] = {}
        self.fd = -1
        self.pack = PACK.format(level=UNIT_LEVEL)  # a level of its own
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.fd = os.open(folder / self.pack, os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            size = os.fstat(self.fd).st_size
            (at,) = struct.unpack("<Q", os.pread(self.fd, 8, size - 8)) if size >= 8 else (-1,)
            index = json.loads(os.pread(self.fd, size - 8 - at, at)) if 0 <= at <= size - 8 else None
        except (OSError, ValueError, RecursionError, struct.error):
            return
        if isinstance(index, dict) and all(_packed(entry, at) for entry in index.values()):
            self.old = index

    def deflate(self, data: bytes) -> bytes:
        if self.folder is None:
            return _deflate(data)
        digest = hashlib.sha256(data).hexdigest()
        compressed = self.used.get(digest)
        if compressed is not None:
            return compressed
        found = self.old.get(digest)
        if found is not None:
            offset, length, crc = found
            try:
                kept = os.pread(self.fd, length, offset)  # (no file position: safe from two threads)
            except OSError:
                kept = b""
            if len(kept) == length and zlib.crc32(kept) == crc:
                compressed = kept
        if compressed is None:
            compressed = _deflate(data)
        self.used[digest] = compressed
        return compressed

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def prune(self) -> None:
        """Write the pack of the units used (atomically), remove anything else in the folder."""
        if self.folder is None:
            return
        self.close()
        index = {}
        parts = []
        at = 0
        for digest, compressed in self.used.items():
            index[digest] = [at, len(compressed), zlib.crc32(compressed)]
            parts.append(compressed)
            at += len(compressed)
        parts.append(json.dumps(index, separators=(",", ":")).encode("ascii"))
        parts.append(struct.pack("<Q", at))
        partial = self.folder / f".{self.pack}.{os.getpid()}.partial"
        partial.write_bytes(b"".join(parts))
        partial.replace(self.folder / self.pack)
        for path in self.folder.iterdir():  # units kept one a file by an older briefkit, packs of another level
            if path.name != self.pack and not (path.name.startswith(".") and path.name.endswith(".partial")):
                path.unlink(missing_ok=True)


def _packed(entry, end: int) -> bool:
    """Whether a pack index entry is [offset, length, CRC-32] of a unit before end (the index's offset)."""
    if not (isinstance(entry, list) and len(entry) == 3 and all(type(number) is int for number in entry)):
        return False
    offset, length, crc = entry
    return offset >= 0 and length > 0 and offset + length <= end and 0 <= crc < 1 << 32


def _unit_lengths(header: int, entries) -> list[int]:
    """The raw lengths of an index chunk's units (see UNIT): entries are (word, [part length, ...]) in order."""
    units = []
    run = header
    for word, parts in entries:
        if sum(parts) >= BIG:
            if run:
                units.append(run)
                run = 0
            for length in parts:
                run += length
                if run >= UNIT:
                    units.append(run)
                    run = 0
        else:
            run += sum(parts)
            if run >= UNIT and zlib.crc32(word.encode("utf-8", "surrogatepass")) % UNIT_MOD == 0:
                units.append(run)
                run = 0
    if run:
        units.append(run)
    return units


def _gzip_file(compressed: list[bytes], units: list[list[int]]) -> bytes:
    """A gzip file of deflated units; units: [[raw length, CRC-32, compressed length], ...]."""
    crc = 0
    total = 0
    for length, unit_crc, _ in units:
        crc = crc32_combine(crc, unit_crc, length)
        total += length
    return b"".join([GZIP_HEADER, *compressed, GZIP_END, struct.pack("<II", crc, total & 0xFFFFFFFF)])


def _python_crc32_combine(crc1: int, crc2: int, length: int) -> int:
    """zlib's crc32_combine (1.2.12's x^(2^n) method), for when libz cannot be called."""

    def multiply(a: int, b: int) -> int:
        m, product = 1 << 31, 0
        while True:
            if a & m:
                product ^= b
                if a & (m - 1) == 0:
                    return product
            m >>= 1
            b = (b >> 1) ^ 0xEDB88320 if b & 1 else b >> 1

    power, k = 1 << 31, 3
    while length:
        if length & 1:
            power = multiply(_X2N[k & 31], power)
        length >>= 1
        k += 1
    return multiply(power, crc1) ^ crc2


def _x2n_table() -> list[int]:
    table = [1 << 30]  # x^1
    for _ in range(31):
        a = b = table[-1]
        m, product = 1 << 31, 0
        while a:
            if a & m:
                product ^= b
                a ^= m
            m >>= 1
            b = (b >> 1) ^ 0xEDB88320 if b & 1 else b >> 1
        table.append(product)
    return table


_X2N = _x2n_table()


def _libz_crc32_combine():
    try:
        import ctypes
        import ctypes.util

        library = ctypes.CDLL(ctypes.util.find_library("z") or "libz.so.1")
        combine = library.crc32_combine64
        combine.restype = ctypes.c_ulong
        combine.argtypes = [ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int64]
        a, b = b"briefkit " * 100, b"search units" * 77
        if combine(zlib.crc32(a), zlib.crc32(b), len(b)) != zlib.crc32(a + b):
            return None
        return combine
    except (OSError, AttributeError, ImportError):
        return None


crc32_combine = _libz_crc32_combine() or _python_crc32_combine


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
    fields: set[str] = set()
    for fragment_hash, word_count in meta[1]:
        fragment = json.loads(read_fragment(bundle / "fragment" / f"{fragment_hash}.pf_fragment"))
        page_meta = fragment.get("meta") or {}
        values = {key: page_meta[key] for key in sort_keys if isinstance(page_meta.get(key), str)}
        pages.append([fragment["url"], fragment_hash, word_count, values, sorted(page_meta)])
        fields.update(page_meta)
    for key, order in meta[4]:
        values = {number: page[3][key] for number, page in enumerate(pages) if key in page[3]}
        if sort_order(values) != order:
            raise Unmergeable(f"{bundle}: sort {key!r} is not the order of the pages' meta {key!r}")
    page_words: list[list[str]] = [[] for _ in pages]
    words = _write_segments(bundle, meta, page_words)
    spans = []
    with open(bundle / PAGES, "wb") as out:
        position = 0
        for listed in page_words:
            data = "\n".join(listed).encode("utf-8", "surrogatepass")
            out.write(data)
            spans.append([position, position + len(data)])
            position += len(data)
    summary = {"version": VERSION, "format": FORMAT, "language": language, "pages": pages, "words": words}
    summary["page_words"] = spans  # each page's words (PAGES[start:end], one a line): what update() re-indexes
    summary["fields_of_pages"] = sorted(fields) == meta[5]  # the meta fields are the pages' meta names
    (bundle / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return summary


def _write_segments(bundle: Path, meta: list, page_words: list[list[str]]) -> list:
    """Write each word's posting lists into WORDS as CBOR, all but the first page number: what merge() copies.

    Returns [[word, size, base, [[variant, *segment], ...]], ...] in word order, a segment being
    [postings, first page delta, sum of deltas, start, end] with WORDS[start:end] the first posting
    after its page number, then the other postings. The bytes are cut out of Pagefind's own chunks
    (each entry decoded once to find where its parts are); only first postings are encoded again.
    """
    words = []
    previous = None
    pages = len(page_words)

    def note(word: str, postings: list, variant: bool = False) -> None:
        try:
            lists = map(page_words.__getitem__, itertools.accumulate(map(_FIRST, postings)))
            if not variant:  # each page once: append without a Python loop
                collections.deque(map(list.append, lists, itertools.repeat(word)), maxlen=0)
                return
            for listed in lists:  # the page may have the word already
                if not listed or listed[-1] != word:
                    listed.append(word)
        except IndexError:
            raise Unmergeable(f"{bundle}: {word!r} on a page beyond the {pages} it has") from None

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
                note(word, postings)
                found = []
                at = cut + len(_array_header(len(variants)))
                for variant in variants:
                    if not (isinstance(variant, list) and len(variant) == 2):
                        raise Unmergeable(f"unexpected variant of {word!r}: {str(variant)[:80]}")
                    length = len(cbor2.dumps(variant))
                    inner = at + 1 + len(cbor2.dumps(variant[0])) + len(_array_header(len(variant[1])))
                    found.append([variant[0], *segment(variant[1], raw[inner : at + length])])
                    note(word, variant[1], variant=True)
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
    page_words: list | None = None  # [start, end] of each page's words in PAGES
    fields_of_pages: bool = False  # the meta fields are the names of the pages' meta


def _load(bundle: Path) -> _Shard:
    entry, language, info = _entry(bundle)
    meta = _meta(bundle, info)
    try:
        summary = json.loads((bundle / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = summarize(bundle)
    if summary.get("format") != FORMAT or summary.get("version") != VERSION or len(summary["pages"]) != len(meta[1]):
        summary = summarize(bundle)  # written by another briefkit
    shard = _Shard(bundle, entry, language, meta, summary["pages"], [], None, summary["words"])
    shard.page_words = summary["page_words"]
    shard.fields_of_pages = summary["fields_of_pages"]
    return shard


def merge(
    bundles: list[Path],
    out: Path,
    copy_bytes: bool = True,
    chunk_cache: Path | None = None,
    state: Path | None = None,
) -> MergeStats:
    """Write one Pagefind bundle into out (a new folder) from shard bundles of disjoint pages.

    copy_bytes: build each word's postings from the shards' CBOR bytes (WORDS), decoding none of
    them, when every shard has the same meta fields; False: decode and re-encode every posting.
    chunk_cache: a folder where deflated units of index chunks are kept for the next merge.
    state: a file to write what update() needs to patch the bundle (removed if the bundle cannot be).
    """
    if state is not None:
        Path(state).unlink(missing_ok=True)
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
    store = _UnitStore(chunk_cache)
    readers = [open(shard.bundle / WORDS, "rb") for shard in shards]  # noqa: SIM115 - closed below
    try:
        if copy_bytes and all(shard.field_map is None for shard in shards):
            records = _records_from_bytes(shards, readers)
        else:
            records = _records_decoded(shards)
        chunks, chunk_table, word_table = _write_chunks(records, out / "index", language, store)
    finally:
        store.close()
        for reader in readers:
            reader.close()
    store.prune()
    filters = _merge_filters(shards, out / "filter", language)
    sorts = _merge_sorts(shards)
    meta = [VERSION, pages, _chunk_ranges(chunks), filters, sorts, fields]
    meta_hash = _write_meta(out, language, meta)

    entry = json.loads(json.dumps(first.entry))
    entry["languages"][language].update(hash=meta_hash, page_count=len(pages))
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for path in sorted(first.bundle.iterdir()):  # pagefind.js, the WASM: the same in every shard
        if path.is_file() and path.name != ENTRY and not path.name.startswith(OURS) and path.suffix != ".pf_meta":
            shutil.copyfile(path, out / path.name)
    if state is not None and all(shard.fields_of_pages for shard in shards):
        files = [os.path.relpath(shard.bundle / PAGES, Path(state).parent) for shard in shards]
        state_pages = []
        for (_, s, number), (name, word_count) in zip(order, pages, strict=True):
            url, _, _, values, page_fields = shards[s].pages[number]
            state_pages.append([url, name, word_count, values, page_fields, [s, *shards[s].page_words[number]]])
        _save_state(
            Path(state),
            {
                "format": STATE_FORMAT,
                "version": VERSION,
                "language": language,
                "entry": entry,
                "meta": meta_hash,
                "fields": fields,
                "blocks": [shard.offset for shard in shards] + [len(pages)],
                "files": files,
                "pages": state_pages,
                "chunks": chunk_table,
                "words": word_table,
            },
        )
    return MergeStats(pages=len(pages), words=len(word_table), filters=len(filters), chunks=len(chunks))


def _write_meta(out: Path, language: str, meta: list) -> str:
    meta_hash = _write_named(out, language, _encode(meta), ".pf_meta", {}, length=10)
    (out / f"{meta_hash}.pf_meta").replace(out / f"pagefind.{meta_hash}.pf_meta")
    return meta_hash


def _save_state(path: Path, state: dict) -> None:
    """One JSON line (the word table in columns), then each word's lists, one JSON array a line.

    Each word's lists are parsed only when a patch needs them (32,546 words at 10,000 briefings).
    """
    words = state.pop("words")
    state["words"] = [
        [record[_WORD] for record in words],
        [record[_SIZE] for record in words],
        [record[_LENGTH] for record in words],
    ]
    lines = [json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")]
    for record in words:
        shape = record[_LISTS]
        lines.append(shape if isinstance(shape, bytes) else _dumps_line(shape))
    state["words"] = words
    partial = path.with_suffix(".partial")
    partial.write_bytes(b"\n".join(lines))
    partial.replace(path)


_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: json.dumps makes one a call


def _dumps_line(value) -> bytes:
    return _LINE.encode(value).encode("utf-8", "surrogatepass")


def _load_state(path: Path) -> dict:
    data = path.read_bytes()
    end = data.find(b"\n")
    state = json.loads(data[:end] if end >= 0 else data)
    words, sizes, lengths = state["words"]
    shapes = data[end + 1 :].split(b"\n") if end >= 0 else []
    if not (len(shapes) == len(words) == len(sizes) == len(lengths)):
        raise ValueError(f"{path}: word table cut short")
    state["words"] = [list(record) for record in zip(words, sizes, lengths, shapes, strict=True)]
    return state


def _lists(record: list) -> list:
    """A word record's lists, parsed from the state's line on first use."""
    shape = record[_LISTS]
    if isinstance(shape, bytes):
        shape = record[_LISTS] = json.loads(shape)
    return shape


def _copy_fragments(shards: list[_Shard], order: list, folder: Path, language: str) -> list[list]:
    """Link (or copy) each page's fragment; a name two shards gave to different pages grows, as Pagefind's does."""
    taken: dict[str, Path] = {}  # name -> the fragment file it is
    pages = []
    for url, s, number in order:
        shard = shards[s]
        fragment_hash, word_count = shard.pages[number][1:3]
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


# A word's record: (word, size, lists), lists [(name, pieces), ...] with the base list first (name "")
# and the variants by name; a piece is one shard's postings of the list: (shard, first page, last page,
# postings, bytes), its bytes being the postings' CBOR after the first one's page number (see WORDS).
# The entry is then [word, postings, variants] with each piece's first page made relative to the
# previous piece's last page.


def _records_from_bytes(shards: list[_Shard], readers: list) -> Iterator[tuple]:
    """Each word's record from the shards' WORDS (copied, not decoded), in word order."""
    streams = [_summary_words(shard, s) for s, shard in enumerate(shards)]
    positions = [0] * len(shards)
    group: list = []
    for item in heapq.merge(*streams):
        if group and group[0][0] != item[0]:
            yield _record_of(group, shards, readers, positions)
            group = []
        group.append(item)
    if group:
        yield _record_of(group, shards, readers, positions)


def _summary_words(shard: _Shard, s: int) -> Iterator[tuple[str, int, list]]:
    for word in shard.words:
        yield word[0], s, word


def _record_of(group: list, shards: list[_Shard], readers: list, positions: list[int]) -> tuple:
    lists: dict[str, list] = {"": []}
    size = 0
    for word, s, (_, word_size, segment, shard_variants) in group:
        shard, reader = shards[s], readers[s]
        start = segment[3]
        end = shard_variants[-1][5] if shard_variants else segment[4]
        if positions[s] != start:  # (not reader.tell(): a system call a word)
            raise Unmergeable(f"{shard.bundle}: {WORDS} out of step at {word!r}")
        blob = reader.read(end - start)
        positions[s] = end
        size += word_size
        for name, (postings, first_delta, deltas, a, b) in [("", segment)] + [(v[0], v[1:]) for v in shard_variants]:
            pieces = lists.setdefault(name, [])
            if postings:
                first, last = shard.offset + first_delta, shard.offset + deltas
                pieces.append((s, first, last, postings, blob[a - start : b - start]))
    return group[0][0], size, sorted(lists.items())


def _records_decoded(shards: list[_Shard]) -> Iterator[tuple]:
    """Each word's record from the shards' index chunks, decoded (meta fields renumbered), in word order."""
    streams = [_shard_words(shard, s) for s, shard in enumerate(shards)]
    group: list = []
    for item in heapq.merge(*streams):  # (word, shard, entry): no two items tie on (word, shard)
        if group and group[0][0] != item[0]:
            yield _decoded_record(group, shards)
            group = []
        group.append(item)
    if group:
        yield _decoded_record(group, shards)


def _decoded_record(group: list, shards: list[_Shard]) -> tuple:
    word = group[0][0]
    lists: dict[str, list] = {"": []}
    size = 0
    for _, s, entry in group:
        shard = shards[s]
        postings = entry[1]
        size += len(postings) + sum(map(len, map(_SECOND, postings))) + sum(map(len, map(_THIRD, postings)))
        for variant in entry[2]:
            if not (isinstance(variant, list) and len(variant) == 2):
                raise Unmergeable(f"unexpected variant of {word!r}: {str(variant)[:80]}")
        for name, listed in [("", postings), *entry[2]]:
            pieces = lists.setdefault(name, [])
            if listed:
                pieces.append(_piece(shard, s, listed))
    return word, size, sorted(lists.items())


def _piece(shard: _Shard, s: int, postings: list) -> tuple:
    if set(map(len, postings)) != {3}:
        raise Unmergeable(f"{shard.bundle}: unexpected posting {str(postings)[:80]}")
    if shard.field_map is not None:
        fields = shard.field_map
        postings = [[p[0], p[1], [-(fields[-loc - 1] + 1) if loc < 0 else loc for loc in p[2]]] for p in postings]
    last = shard.offset + sum(map(_FIRST, postings))
    return s, shard.offset + postings[0][0], last, len(postings), _blob(postings)


def _blob(postings: list) -> bytes:
    """The postings' CBOR after the first one's page number."""
    data = cbor2.dumps(postings)
    return data[len(_array_header(len(postings))) + 1 + len(cbor2.dumps(postings[0][0])) :]


def _entry_parts(word: str, lists: list) -> list[bytes]:
    """A word entry's CBOR in parts: head, each piece (page delta + bytes), variants head, each variant's head..."""
    parts = [b"\x83" + cbor2.dumps(word) + _array_header(sum(piece[3] for piece in lists[0][1]))]
    for number, (name, pieces) in enumerate(lists):
        if number == 1:
            parts.append(_array_header(len(lists) - 1))
        if number:
            parts.append(b"\x82" + cbor2.dumps(name) + _array_header(sum(piece[3] for piece in pieces)))
        last = 0
        for _, first, last_page, _, blob in pieces:
            parts.append(b"\x83" + cbor2.dumps(first - last) + blob)
            last = last_page
    if len(lists) == 1:
        parts.append(b"\x80")
    return parts


def _write_chunks(records: Iterator[tuple], folder: Path, language: str, store: _UnitStore):
    """Write the index chunks (cut as Pagefind cuts them) from the word records in order.

    Returns the chunks [[first word, last word, name], ...], the state's chunk table
    [[name, SHA-256 of the file, words, [[raw length, CRC-32, compressed length], ...]], ...]
    and word table [[word, size, entry length, [[name, [[shard, first, last, postings, bytes], ...]], ...]], ...].
    """
    words: list[list] = []
    current: list = []
    pending = []

    def build(current: list) -> tuple[bytes, str, list]:
        header = SIGNATURE + b"\x81" + _array_header(len(current))
        lengths = _unit_lengths(len(header), [(word, [len(part) for part in parts]) for word, parts in current])
        raw = b"".join([header, *(b"".join(parts) for _, parts in current)])
        compressed, units = [], []
        position = 0
        for length in lengths:
            data = raw[position : position + length]
            position += length
            compressed.append(store.deflate(data))
            units.append([length, zlib.crc32(data), len(compressed[-1])])
        data = _gzip_file(compressed, units)
        return data, hashlib.sha256(data).hexdigest(), units

    def flush() -> None:
        """Deflate the chunk in the pool (zlib lets go of the GIL) while the next one is put together."""
        pending.append((current[0][0], current[-1][0], len(current), pool.submit(build, list(current))))

    taken: dict[str, str] = {}
    chunks: list[list] = []
    table: list[list] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        _fill_chunks(records, current, words, flush)
        for first, last, count, future in pending:  # names in order: a name two chunks would share grows
            data, digest, units = future.result()
            name = _take_name(language, digest, taken)
            (folder / f"{name}.pf_index").write_bytes(data)
            chunks.append([first, last, name])
            table.append([name, digest, count, units])
    return chunks, table, words


def _fill_chunks(records: Iterator[tuple], current: list, words: list, flush) -> None:
    size = 0
    for word, word_size, lists in records:
        parts = _entry_parts(word, lists)
        current.append((word, parts))
        shape = [[name, [list(piece[:4]) + [len(piece[4])] for piece in pieces]] for name, pieces in lists]
        words.append([word, word_size, sum(map(len, parts)), shape])
        size += word_size
        if size >= CHUNK_SIZE:
            flush()
            current.clear()
            size = 0
    if current:
        flush()


def _chunk_ranges(chunks: list[list]) -> list[list]:
    """Pagefind's chunk_meta: [first word, last word, name] -> [from, to, name], the shortest telling prefixes."""
    chunks = [list(chunk) for chunk in chunks]
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


def _read_filters(bundle: Path, filters: list) -> Iterator[tuple[str, list]]:
    """Each filter file a pf_meta names ([[name, file hash], ...]): (name, [[value, [page, ...]], ...]), checked."""
    for name, file_hash in filters:
        data = read_data(bundle / "filter" / f"{file_hash}.pf_filter")
        if not (isinstance(data, list) and len(data) == 2 and data[0] == name):
            raise Unmergeable(f"{bundle}: unexpected filter file {file_hash}")
        yield name, data[1]


def _merge_filters(shards: list[_Shard], folder: Path, language: str) -> list[list]:
    merged: dict[str, dict[str, list[int]]] = {}
    for shard in shards:
        for name, data in _read_filters(shard.bundle, shard.meta[3]):
            values = merged.setdefault(name, {})
            for value, pages in data:
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


# --- patching the merged bundle after an edit ----------------------------------------------


@dataclass
class Page:
    """One page as Pagefind indexed it in a run of a few changed pages (read_run)."""

    url: str
    fragment: str  # the name of its fragment file: <language>_<hash>
    fragment_file: bytes  # that file, as Pagefind wrote it
    word_count: int
    meta: dict
    sorts: list[str]  # the sort keys Pagefind gave it
    filters: dict[str, list[str]]
    words: dict[str, dict[str, list]]  # word -> list name ("" or a variant) -> [locations, meta locations]


def read_run(bundle: Path) -> list[Page]:
    """The pages of a Pagefind bundle, each with its own postings (meta locations by field name)."""
    _, language, info = _entry(bundle)
    meta = _meta(bundle, info)
    fields = meta[5]
    pages = []
    for fragment_hash, word_count in meta[1]:
        raw = (bundle / "fragment" / f"{fragment_hash}.pf_fragment").read_bytes()
        data = gzip.decompress(raw)
        if not data.startswith(SIGNATURE):
            raise Unmergeable(f"{bundle}: fragment {fragment_hash} is not a Pagefind data file")
        data = data[len(SIGNATURE) :]
        if fragment_hash != f"{language}_{_pagefind_hash(data)[:7]}":
            raise Unmergeable(f"{bundle}: fragment {fragment_hash} not named by its SHA-1")
        fragment = json.loads(data)
        page_meta = fragment.get("meta") or {}
        pages.append(Page(fragment["url"], fragment_hash, raw, word_count, page_meta, [], {}, {}))
    if sorted({name for page in pages for name in page.meta}) != fields:
        raise Unmergeable(f"{bundle}: meta fields {fields} are not the pages' meta names")
    for key, order in meta[4]:
        for number in order:
            pages[number].sorts.append(key)
    for name, file_hash in meta[3]:
        data = read_data(bundle / "filter" / f"{file_hash}.pf_filter")
        if not (isinstance(data, list) and len(data) == 2 and data[0] == name):
            raise Unmergeable(f"{bundle}: unexpected filter file {file_hash}")
        for value, numbers in data[1]:
            for number in numbers:
                pages[number].filters.setdefault(name, []).append(value)
    previous = None
    for _, _, chunk_hash in meta[2]:
        chunk = read_data(bundle / "index" / f"{chunk_hash}.pf_index")
        if not (isinstance(chunk, list) and len(chunk) == 1):
            raise Unmergeable(f"{bundle}: unexpected index chunk layout")
        for entry in chunk[0]:
            if not (isinstance(entry, list) and len(entry) == 3) or (previous is not None and entry[0] <= previous):
                raise Unmergeable(f"{bundle}: unexpected word entry {str(entry)[:80]}")
            word = previous = entry[0]
            for variant in entry[2]:
                if not (isinstance(variant, list) and len(variant) == 2 and variant[0]):
                    raise Unmergeable(f"unexpected variant of {word!r}: {str(variant)[:80]}")
            for name, postings in [("", entry[1]), *entry[2]]:
                number = 0
                for posting in postings:
                    if not (isinstance(posting, list) and len(posting) == 3):
                        raise Unmergeable(f"{bundle}: unexpected posting {str(posting)[:80]}")
                    number += posting[0]
                    named = [fields[-loc - 1] if loc < 0 else loc for loc in posting[2]]
                    pages[number].words.setdefault(word, {})[name] = [posting[1], named]
    return pages


def state_matches(bundle: Path, state_file: Path) -> bool:
    """Whether state_file describes the bundle (cheap: its entry file names the same metadata)."""
    try:
        entry = json.loads((Path(bundle) / ENTRY).read_text(encoding="utf-8"))
        with open(state_file, encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, ValueError):
        return False
    return any(f'"meta":"{info.get("hash")}"' in head for info in (entry.get("languages") or {}).values())


def update(bundle: Path, state_file: Path, changed: list[Page], unindexed: list[str] = ()) -> MergeStats:
    """Patch a bundle merge() wrote (and state_file describes) for pages re-indexed on their own.

    The pages keep their numbers; their postings, fragments, word counts, filters and sort values
    are replaced, and the bundle is then byte-identical to what merge() writes from shards indexed
    afresh. The state is removed first and written again at the end: if anything fails half-way,
    there is no state, and the bundle must be made again (search.index_site). Unmergeable: the
    change cannot be patched exactly (the bundle is left as it was).
    """
    bundle, state_file = Path(bundle), Path(state_file)
    try:
        state = _load_state(state_file)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Unmergeable(f"{state_file}: no readable state: {exc}") from exc
    if state.get("format") != STATE_FORMAT or state.get("version") != VERSION:
        raise Unmergeable(f"{state_file}: state of another format")
    patch = _Patch(bundle, state_file, state, changed)
    patch.check()
    indexed = {page[0] for page in state["pages"]}
    if any(url in indexed for url in unindexed):
        raise Unmergeable("a page the bundle has is no longer indexed")
    state_file.unlink()
    return patch.apply()


_WORD, _SIZE, _LENGTH, _LISTS = range(4)  # a word record in the state
_BLOCK, _FIRST_PAGE, _LAST_PAGE, _COUNT, _BYTES = range(5)  # a piece in a word record


class _OldChunks:
    """The bundle's index chunks as they are on disk, read and inflated a unit at a time."""

    def __init__(self, folder: Path, table: list) -> None:
        self.folder = folder
        self.table = table
        self.files: dict[int, bytes] = {}
        self.starts: dict[int, tuple[list[int], list[int]]] = {}  # raw and compressed starts of the units
        self.inflated: dict[tuple[int, int], bytes] = {}

    def file(self, c: int) -> bytes:
        data = self.files.get(c)
        if data is None:
            name, _, _, units = self.table[c]
            data = self.files[c] = (self.folder / f"{name}.pf_index").read_bytes()
            raw, compressed = [0], [len(GZIP_HEADER)]
            for length, _, size in units:
                raw.append(raw[-1] + length)
                compressed.append(compressed[-1] + size)
            if len(data) != compressed[-1] + len(GZIP_END) + 8 or not data.startswith(GZIP_HEADER):
                raise Unmergeable(f"{name}: index chunk not as recorded")
            self.starts[c] = (raw, compressed)
        return data

    def unit(self, c: int, u: int) -> bytes:
        """The compressed bytes of unit u of chunk c."""
        data = self.file(c)
        compressed = self.starts[c][1]
        return data[compressed[u] : compressed[u + 1]]

    def unit_at(self, c: int, offset: int) -> int | None:
        """The unit of chunk c that starts at that raw offset, if any."""
        self.file(c)
        raw = self.starts[c][0]
        u = bisect.bisect_left(raw, offset)
        return u if u < len(raw) - 1 and raw[u] == offset else None

    def read(self, c: int, offset: int, length: int) -> bytes:
        self.file(c)
        raw = self.starts[c][0]
        u = bisect.bisect_right(raw, offset) - 1
        out = []
        while length > 0:
            data = self.inflated.get((c, u))
            if data is None:
                data = self.inflated[(c, u)] = zlib.decompressobj(-15).decompress(self.unit(c, u))
                if len(data) != raw[u + 1] - raw[u]:
                    raise Unmergeable(f"{self.table[c][0]}: unit {u} not as recorded")
            piece = data[offset - raw[u] : offset - raw[u] + length]
            out.append(piece)
            length -= len(piece)
            offset += len(piece)
            u += 1
        return b"".join(out)


def _part_lengths(record: list) -> list[int]:
    """The lengths of a word entry's parts (see _entry_parts) from its record."""
    lists = _lists(record)
    lengths = [1 + len(cbor2.dumps(record[_WORD])) + len(_array_header(sum(p[_COUNT] for p in lists[0][1])))]
    for number, (name, pieces) in enumerate(lists):
        if number == 1:
            lengths.append(len(_array_header(len(lists) - 1)))
        if number:
            lengths.append(1 + len(cbor2.dumps(name)) + len(_array_header(sum(p[_COUNT] for p in pieces))))
        last = 0
        for piece in pieces:
            lengths.append(1 + len(cbor2.dumps(piece[_FIRST_PAGE] - last)) + piece[_BYTES])
            last = piece[_LAST_PAGE]
    if len(lists) == 1:
        lengths.append(1)
    return lengths


class _Patch:
    def __init__(self, bundle: Path, state_file: Path, state: dict, changed: list[Page]) -> None:
        self.bundle = bundle
        self.state_file = state_file
        self.state = state
        self.changed = changed
        self.language = state["language"]
        self.pages = state["pages"]
        self.numbers: dict[int, Page] = {}  # page number -> its new data

    # -- checks: everything that could make the patch differ from a fresh merge, before anything is written

    def check(self) -> None:
        state, bundle = self.state, self.bundle
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        if entry != state["entry"]:
            raise Unmergeable(f"{bundle}: not the bundle the state describes")
        data = read_fragment(bundle / f"pagefind.{state['meta']}.pf_meta")
        if f"{self.language}_{hashlib.sha256(SIGNATURE + data).hexdigest()[:10]}" != state["meta"]:
            raise Unmergeable(f"{bundle}: metadata not named by its content")
        meta = self.meta = cbor2.loads(data)
        if (
            meta[0] != VERSION
            or [chunk[2] for chunk in meta[2]] != [chunk[0] for chunk in state["chunks"]]
            or meta[1] != [[page[1], page[2]] for page in self.pages]
            or meta[5] != state["fields"]
        ):
            raise Unmergeable(f"{bundle}: metadata not as the state records")
        numbers = {page[0]: number for number, page in enumerate(self.pages)}
        for page in self.changed:
            number = numbers.get(page.url)
            if number is None or number in self.numbers:
                raise Unmergeable(f"{page.url}: not one indexed page of the bundle")
            self.numbers[number] = page
        # Meta fields: the merged list is the pages' meta names; it must not change (it numbers meta locations).
        counts: dict[str, int] = {}
        for number, page in enumerate(self.pages):
            names = self.numbers[number].meta if number in self.numbers else page[4]
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        if sorted(counts) != state["fields"]:
            raise Unmergeable("the pages' meta fields change")
        self.field_index = {name: number for number, name in enumerate(state["fields"])}
        # Sorts: a page is in a key's order exactly when its meta has that key (what summarize checks).
        keys = {key for key, _ in meta[4]}
        blocks = state["blocks"]
        for number, page in self.numbers.items():
            for key in keys | set(page.sorts):
                if (key in page.sorts) != isinstance(page.meta.get(key), str):
                    raise Unmergeable(f"{page.url}: sort {key!r} and meta {key!r} do not go together")
            block = bisect.bisect_right(blocks, number) - 1
            for key in page.sorts:  # a key new to the page's shard: its other pages with that meta would need it
                others = [n for n in range(blocks[block], blocks[block + 1]) if n != number]
                if not any(key in self.pages[n][3] for n in others) and any(key in self.pages[n][4] for n in others):
                    raise Unmergeable(f"{page.url}: sort {key!r} new to its shard")
        # Fragment names: keep clear of the names Pagefind or the merge lengthen on a collision.
        length = len(self.language) + 8
        prefixes: dict[str, int] = {}
        for number, page in enumerate(self.pages):
            if number not in self.numbers:
                prefixes[page[1][:length]] = prefixes.get(page[1][:length], 0) + 1
        for number, page in self.numbers.items():
            old = self.pages[number][1]
            if len(old) != length or old in prefixes or page.fragment in prefixes or len(page.fragment) != length:
                raise Unmergeable(f"{page.url}: fragment name {page.fragment} near another page's")
            prefixes[page.fragment] = 1

    # -- the patch

    def apply(self) -> MergeStats:
        state, bundle = self.state, self.bundle
        files = [self.state_file.parent / name for name in state["files"]]
        overlay = self.state_file.parent / OVERLAY
        if len(files) == len(state["blocks"]) - 1:
            overlay.unlink(missing_ok=True)  # left by an earlier bundle
            files.append(overlay)
            state["files"].append(OVERLAY)
        old_words: dict[int, list[str]] = {}
        for number in self.numbers:
            file, start, end = self.pages[number][5]
            with open(files[file], "rb") as handle:
                handle.seek(start)
                text = handle.read(end - start).decode("utf-8", "surrogatepass")
            old_words[number] = text.split("\n") if text else []
        touched = sorted(
            {word for words in old_words.values() for word in words}.union(
                *(page.words for page in self.numbers.values())
            )
        )
        words = state["words"]
        chunk_table = state["chunks"]
        # Where each word's entry is in the old chunks.
        where: dict[str, tuple[int, int, int]] = {}  # word -> (chunk, offset, index)
        index = 0
        for c, (_, _, count, _) in enumerate(chunk_table):
            offset = len(SIGNATURE) + 1 + len(_array_header(count))
            for number in range(index, index + count):
                record = words[number]
                where[record[_WORD]] = (c, offset, number)
                offset += record[_LENGTH]
            if offset != sum(unit[0] for unit in chunk_table[c][3]):
                raise Unmergeable(f"chunk {chunk_table[c][0]} not as the state records")
            index += count
        if index != len(words):
            raise Unmergeable("word table not as the chunks record")
        self.old = _OldChunks(bundle / "index", chunk_table)
        blocks = state["blocks"]
        by_block: dict[int, list[int]] = {}
        for number in self.numbers:
            by_block.setdefault(bisect.bisect_right(blocks, number) - 1, []).append(number)
        new_records: dict[str, list | None] = {}
        new_parts: dict[str, list] = {}
        for word in touched:
            found = where.get(word)
            record, parts = self._patch_word(word, words[found[2]] if found else None, found, by_block)
            new_records[word] = record
            if record is not None:
                new_parts[word] = parts

        # The new word table, in order.
        table: list[list] = []
        old_index = 0
        for word in touched:
            found = where.get(word)
            stop = found[2] if found else bisect.bisect_left(words, [word], lo=old_index)
            table.extend(words[old_index:stop])
            old_index = stop + (1 if found else 0)
            if new_records[word] is not None:
                table.append(new_records[word])
        table.extend(words[old_index:])

        # Chunks, cut as merge() cuts them; a chunk of the same words, none touched, is kept as it is.
        touched_set = set(touched)
        dirty = {where[word][0] for word in touched if word in where}
        by_first = {words[where_index][_WORD]: c for c, where_index in self._chunk_starts(chunk_table)}
        new_chunks: list[tuple[int, int, int | None]] = []  # (start, end, old chunk kept)
        start = size = 0
        for number, record in enumerate(table):
            size += record[_SIZE]
            if size >= CHUNK_SIZE or number == len(table) - 1:
                c = by_first.get(table[start][_WORD])
                kept = None
                if c is not None and c not in dirty and chunk_table[c][2] == number + 1 - start:
                    if not any(record[_WORD] in touched_set for record in table[start : number + 1]):
                        kept = c
                new_chunks.append((start, number + 1, kept))
                start, size = number + 1, 0
        built = [
            None if kept is not None else self._chunk(table[start:end], new_parts, where, by_first)
            for start, end, kept in new_chunks
        ]
        todo = [(chunk, at, data) for chunk in built if chunk is not None for at, data in chunk[2]]
        with ThreadPoolExecutor(max_workers=2) as pool:  # zlib lets go of the GIL: both cores
            for (chunk, at, _), deflated in zip(todo, pool.map(_deflate, [data for _, _, data in todo]), strict=True):
                chunk[0][at] = deflated
                chunk[1][at][2] = len(deflated)
        pending = []
        for (_, _, kept), chunk in zip(new_chunks, built, strict=True):
            if chunk is None:
                pending.append((None, chunk_table[kept]))
            else:
                data = _gzip_file(chunk[0], chunk[1])
                pending.append((data, [None, hashlib.sha256(data).hexdigest(), chunk[3], chunk[1]]))
        taken: dict[str, str] = {}
        chunks, new_table, writes = [], [], []
        old_names = {row[0]: row[1] for row in chunk_table}
        for (start, end, _), (data, row) in zip(new_chunks, pending, strict=True):
            name = _take_name(self.language, row[1], taken)
            if old_names.get(name) != row[1]:
                writes.append((name, data if data is not None else self.old.file(chunk_table.index(row))))
            chunks.append([table[start][_WORD], table[end - 1][_WORD], name])
            new_table.append([name, *row[1:]])

        # Pages, filters, sorts, the metadata: as merge() writes them.
        for number, page in self.numbers.items():
            old = self.pages[number]
            values = {key: page.meta[key] for key in page.sorts}
            self.pages[number] = [page.url, page.fragment, page.word_count, values, sorted(page.meta), old[5]]
        filters, filter_writes = self._filters()
        keys = sorted({key for page in self.pages for key in page[3]})
        sorts = [
            [key, sort_order({n: page[3][key] for n, page in enumerate(self.pages) if key in page[3]})] for key in keys
        ]
        meta = [
            VERSION,
            [[page[1], page[2]] for page in self.pages],
            _chunk_ranges(chunks),
            filters,
            sorts,
            state["fields"],
        ]
        meta_data = _encode(meta)
        meta_hash = f"{self.language}_{hashlib.sha256(meta_data).hexdigest()[:10]}"

        # Write: new files first, then the entry (the switch), then remove what is no longer used.
        for name, data in writes:
            _replace(bundle / "index" / f"{name}.pf_index", data)
        for name, data in filter_writes:
            _replace(bundle / "filter" / f"{name}.pf_filter", data)
        for page in self.numbers.values():
            _replace(bundle / "fragment" / f"{page.fragment}.pf_fragment", page.fragment_file)
        _replace(bundle / f"pagefind.{meta_hash}.pf_meta", gzip.compress(meta_data, compresslevel=GZIP_LEVEL, mtime=0))
        entry = json.loads(json.dumps(state["entry"]))
        entry["languages"][self.language].update(hash=meta_hash, page_count=len(self.pages))
        _replace(bundle / ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        used = {f"pagefind.{meta_hash}.pf_meta"}
        if state["meta"] != meta_hash:
            (bundle / f"pagefind.{state['meta']}.pf_meta").unlink(missing_ok=True)
        for folder, names in (("index", [c[2] for c in chunks]), ("filter", [f[1] for f in filters])):
            used = set(names)
            old_names_in = [c[2] for c in self.meta[2]] if folder == "index" else [f[1] for f in self.meta[3]]
            suffix = ".pf_index" if folder == "index" else ".pf_filter"
            for name in old_names_in:
                if name not in used:
                    (bundle / folder / f"{name}{suffix}").unlink(missing_ok=True)
        new_fragments = {page[1] for page in self.pages}
        for number in self.numbers:
            name = self.meta[1][number][0]
            if name not in new_fragments:
                (bundle / "fragment" / f"{name}.pf_fragment").unlink(missing_ok=True)

        # The state, for the next patch: the changed pages' words go into the overlay file.
        with open(overlay, "ab") as handle:
            position = handle.tell()
            for number, page in sorted(self.numbers.items()):
                data = "\n".join(sorted(page.words)).encode("utf-8", "surrogatepass")
                handle.write(data)
                self.pages[number][5] = [len(files) - 1, position, position + len(data)]
                position += len(data)
        state.update(entry=entry, meta=meta_hash, chunks=new_table, words=table)
        _save_state(self.state_file, state)
        return MergeStats(pages=len(self.pages), words=len(table), filters=len(filters), chunks=len(chunks))

    @staticmethod
    def _chunk_starts(chunk_table: list) -> Iterator[tuple[int, int]]:
        index = 0
        for c, row in enumerate(chunk_table):
            yield c, index
            index += row[2]

    def _patch_word(self, word: str, record: list | None, found, by_block: dict[int, list[int]]):
        """The word's new record and entry parts (each a list of segments: bytes, or (chunk, offset, length))."""
        old_lists = {name: pieces for name, pieces in _lists(record)} if record else {}
        # Where each old piece's bytes are (chunk, offset of its page delta, of its bytes).
        located: dict[tuple[str, int], tuple[list, int, int]] = {}
        if record:
            c, offset, _ = found
            lengths = _part_lengths(record)
            at = offset
            part = 0
            for number, (name, pieces) in enumerate(_lists(record)):
                at += lengths[part]  # the entry's head, or the variant's head
                part += 1
                if number == 1:
                    at += lengths[part]  # and the variants' array head before it
                    part += 1
                last = 0
                for piece in pieces:
                    delta = piece[_FIRST_PAGE] - last
                    located[(name, piece[_BLOCK])] = (delta, at, at + lengths[part] - piece[_BYTES])
                    at += lengths[part]
                    part += 1
                    last = piece[_LAST_PAGE]
        names = set(old_lists)
        for page in self.numbers.values():
            names.update(page.words.get(word, ()))
        names.add("")
        size = record[_SIZE] if record else 0
        lists = []
        for name in sorted(names):
            pieces = [[*piece, None] for piece in old_lists.get(name, [])]  # None: the old bytes
            for block, numbers in by_block.items():
                at = next((i for i, piece in enumerate(pieces) if piece[_BLOCK] == block), None)
                postings = []  # [page, locations, meta locations, number in the old piece or -1]
                decoded, blob = [], b""
                if at is not None:
                    piece = pieces[at]
                    _, _, blob_at = located[(name, block)]
                    blob = self.old.read(c, blob_at, piece[_BYTES])
                    decoded = cbor2.loads(_array_header(piece[_COUNT]) + b"\x83\x00" + blob)
                    page = piece[_FIRST_PAGE]
                    for number, (delta, locations, meta_locations) in enumerate(decoded):
                        page += delta
                        if page in self.numbers:
                            if name == "":
                                size -= 1 + len(locations) + len(meta_locations)
                        else:
                            postings.append([page, locations, meta_locations, number])
                    if page != piece[_LAST_PAGE] or len(decoded) != piece[_COUNT]:
                        raise Unmergeable(f"{word!r}: postings not as the state records")
                for number in numbers:
                    new = self.numbers[number].words.get(word, {}).get(name)
                    if new is not None:
                        locations = new[0]
                        meta_locations = [-(self.field_index[v] + 1) if isinstance(v, str) else v for v in new[1]]
                        postings.append([number, locations, meta_locations, -1])
                        if name == "":
                            size += 1 + len(locations) + len(meta_locations)
                postings.sort(key=_FIRST)
                if not postings:
                    if at is not None:
                        del pieces[at]
                    continue
                blob = _splice(postings, decoded, blob)
                piece = [block, postings[0][0], postings[-1][0], len(postings), len(blob), blob]
                if at is None:
                    at = bisect.bisect_left([p[_BLOCK] for p in pieces], block)
                    pieces.insert(at, piece)
                else:
                    pieces[at] = piece
            if pieces or name == "":
                lists.append((name, pieces))
        if not any(pieces for _, pieces in lists):  # (the base list may be empty: a word seen only with diacritics)
            return None, None
        # The parts, each a list of segments: new bytes or old ones (chunk, offset, length).
        parts: list[list] = []
        count = sum(piece[_COUNT] for piece in lists[0][1])
        parts.append([b"\x83" + cbor2.dumps(word) + _array_header(count)])
        for number, (name, pieces) in enumerate(lists):
            if number == 1:
                parts.append([_array_header(len(lists) - 1)])
            if number:
                parts.append([b"\x82" + cbor2.dumps(name) + _array_header(sum(piece[_COUNT] for piece in pieces))])
            last = 0
            for piece in pieces:
                glue = b"\x83" + cbor2.dumps(piece[_FIRST_PAGE] - last)
                if piece[5] is not None:
                    parts.append([glue + piece[5]])
                else:
                    old_delta, glue_at, blob_at = located[(name, piece[_BLOCK])]
                    if old_delta == piece[_FIRST_PAGE] - last:
                        parts.append([(c, glue_at, len(glue) + piece[_BYTES])])
                    else:
                        parts.append([glue, (c, blob_at, piece[_BYTES])])
                last = piece[_LAST_PAGE]
        if len(lists) == 1:
            parts.append([b"\x80"])
        shape = [[name, [piece[:5] for piece in pieces]] for name, pieces in lists]
        length = sum(len(s) if isinstance(s, bytes) else s[2] for part in parts for s in part)
        return [word, size, length, shape], parts

    def _chunk(self, records: list, new_parts: dict, where: dict, by_first: dict) -> tuple[list, list, list, int]:
        """A chunk written anew: its units (those that are as they were copied, still compressed), the units
        left to deflate [(number, data), ...] and its words."""
        header = SIGNATURE + b"\x81" + _array_header(len(records))
        c = by_first.get(records[0][_WORD])
        segments: list = []  # (new offset, bytes or (chunk, offset, length))
        if c is not None and self.state["chunks"][c][2] == len(records):
            segments.append((c, 0, len(header)))
        else:
            segments.append(header)
        entries = []
        for record in records:
            word = record[_WORD]
            parts = new_parts.get(word)
            if parts is None:
                chunk, offset, _ = where[word]
                lengths = _part_lengths(record) if record[_LENGTH] >= BIG else [record[_LENGTH]]
                parts = []
                for length in lengths:
                    parts.append([(chunk, offset, length)])
                    offset += length
            entries.append((word, [sum(len(s) if isinstance(s, bytes) else s[2] for s in part) for part in parts]))
            for part in parts:
                segments.extend(part)
        lengths = _unit_lengths(len(header), entries)
        compressed, units = [], []
        todo = []
        position = 0
        for length in lengths:
            taken_length = 0
            mine = []
            while taken_length < length:
                segment = segments[position]
                position += 1
                mine.append(segment)
                taken_length += len(segment) if isinstance(segment, bytes) else segment[2]
            if taken_length != length:
                raise Unmergeable("a unit boundary inside a part")
            unit = self._old_unit(mine, length)
            if unit is not None:
                compressed.append(self.old.unit(*unit))
                units.append(list(self.state["chunks"][unit[0]][3][unit[1]]))
            else:
                data = b"".join(self._bytes(mine))
                todo.append((len(compressed), data))
                compressed.append(b"")
                units.append([length, zlib.crc32(data), 0])
        return compressed, units, todo, len(records)

    def _bytes(self, segments: list) -> Iterator[bytes]:
        """The segments' bytes, old ones next to each other read at once."""
        run = None
        for segment in segments:
            if isinstance(segment, bytes):
                if run:
                    yield self.old.read(*run)
                    run = None
                yield segment
            elif run and run[0] == segment[0] and run[1] + run[2] == segment[1]:
                run = (run[0], run[1], run[2] + segment[2])
            else:
                if run:
                    yield self.old.read(*run)
                run = segment
        if run:
            yield self.old.read(*run)

    def _old_unit(self, segments: list, length: int) -> tuple[int, int] | None:
        """(chunk, unit) when the segments are exactly one old unit's bytes."""
        first = segments[0]
        if isinstance(first, bytes):
            return None
        c, offset, _ = first
        at = offset
        for segment in segments:
            if isinstance(segment, bytes) or segment[0] != c or segment[1] != at:
                return None
            at += segment[2]
        u = self.old.unit_at(c, offset)
        if u is None or self.state["chunks"][c][3][u][0] != length:
            return None
        return c, u

    def _filters(self) -> tuple[list, list]:
        """The filters with the changed pages' values, and the files to write: as _merge_filters()."""
        merged: dict[str, dict[str, list[int]]] = {}
        for name, data in _read_filters(self.bundle, self.meta[3]):
            values = merged.setdefault(name, {})
            for value, pages in data:
                kept = [page for page in pages if page not in self.numbers]
                if kept:
                    values[value] = kept
        for number, page in self.numbers.items():
            for name, values in page.filters.items():
                for value in values:
                    merged.setdefault(name, {}).setdefault(value, []).append(number)
        taken: dict[str, str] = {}
        filters, writes = [], []
        old = {file_hash for _, file_hash in self.meta[3]}
        for name in sorted(merged):
            if not merged[name]:
                continue
            values = [[value, sorted(pages)] for value, pages in sorted(merged[name].items())]
            data = _encode([name, values])
            file_hash = _take_name(self.language, hashlib.sha256(data).hexdigest(), taken)
            if file_hash not in old:
                writes.append((file_hash, gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)))
            filters.append([name, file_hash])
        return filters, writes


def _splice(postings: list, decoded: list, old: bytes) -> bytes:
    """A piece's bytes (see _blob) for postings [page, locations, meta locations, number in the old piece or -1].

    Runs of old postings are copied from the old piece's bytes (decoded: its postings, the first
    page delta 0); where a run starts or ends is found by encoding the postings from the nearest
    known place, so that a posting list of 1,000 pages is not encoded again for one page's edit.
    """
    known = {0: -2, len(decoded): len(old)}  # posting number -> its offset in old (the first's head is not there)

    def offset(x: int) -> int:
        if x not in known:
            y = min(known, key=lambda k: abs(k - x))
            a, b = min(x, y), max(x, y)
            length = len(cbor2.dumps(decoded[a:b])) - len(_array_header(b - a))
            known[x] = known[y] + length if y < x else known[y] - length
        return known[x]

    out = []
    previous = None
    k = 0
    while k < len(postings):
        page, locations, meta_locations, number = postings[k]
        out.append(cbor2.dumps([0 if previous is None else page - previous, locations, meta_locations]))
        k += 1
        if number >= 0:
            end = number + 1
            while k < len(postings) and postings[k][3] == end:
                k += 1
                end += 1
            if end > number + 1:
                out.append(old[offset(number + 1) : offset(end)])
        previous = postings[k - 1][0]
    return b"".join(out)[2:]  # without the first posting's head and page delta (0)


def _replace(path: Path, data: bytes) -> None:
    """Write a file anew (never through a hard link into a shard's cached bundle)."""
    try:
        with open(path, "xb") as handle:  # a new name: nothing to replace
            handle.write(data)
        return
    except FileExistsError:
        pass
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
