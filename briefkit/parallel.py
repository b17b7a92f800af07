"""Work spread over a few processes, with results in input order.

Used where one build does the same pure work many times (rendering briefing
bodies, briefing articles). Results come back in the order of the inputs,
whatever the number of processes, so output never depends on it.

`BRIEFKIT_PROCESSES` sets the number of processes (default: the CPUs this
process may use, at most 2; 1 turns parallelism off). Small batches run in
this process: starting workers costs more than they save.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_DEFAULT = 2
MIN_ITEMS = 64  # fewer items than this: no workers

_WORK: tuple[Callable[..., Any], Sequence[Any]] | None = None  # inherited by forked workers


_BUILDING_SITE = [False]  # set by briefkit.site.build while `build.py build` renders: not for `serve`


@contextmanager
def site_build() -> Iterator[None]:
    """Within: the site's MkDocs hooks may fork workers (a one-off build, not a live server)."""
    _BUILDING_SITE[0] = True
    try:
        yield
    finally:
        _BUILDING_SITE[0] = False


def in_site_build() -> bool:
    return _BUILDING_SITE[0]


def processes() -> int:
    value = os.environ.get("BRIEFKIT_PROCESSES", "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT, available))


def ordered_map(function: Callable[[T], R], items: Sequence[T], chunk: int = 32) -> list[R]:
    """[function(item) for item in items], in worker processes when that pays."""
    return list(ordered_imap(function, items, chunk))


def ordered_imap(
    function: Callable[[T], R], items: Sequence[T], chunk: int = 32, min_items: int | None = None
) -> Iterator[R]:
    """function(item) for each item, in input order, computed in worker processes when that pays.

    Workers are forked: they inherit `function` and `items` instead of receiving
    them pickled; only the results travel back. Where fork is unavailable, or
    workers cannot start, the work is done here. min_items: fewer items are done
    here (a few long items, such as search shards, pay with fewer than MIN_ITEMS).
    """
    count = processes()
    too_few = len(items) < (MIN_ITEMS if min_items is None else min_items)
    if count < 2 or too_few or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(item) for item in items)
        return
    global _WORK
    _WORK = (function, items)
    try:
        context = multiprocessing.get_context("fork")
        spans = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
        pool = context.Pool(count)
    except OSError:
        _WORK = None
        yield from (function(item) for item in items)
        return
    try:
        for part in pool.imap(_run_span, spans):
            yield from part
    finally:
        pool.terminate()
        pool.join()
        _WORK = None


def _run_span(span: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    function, items = _WORK
    return [function(items[index]) for index in range(*span)]
