"""Work spread over every core.

Threads where the work releases the GIL (PBKDF2 in OpenSSL, Pillow's drawing and encoding), processes
where it does not (the photo pipeline, ``photos.batch``; the privacy scan, forked so that it shares what
it was given without copying it)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_threads(function: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[function(item) for item in items]``, on every core when there is more than one item."""
    items = list(items)
    if len(items) < 2 or workers() == 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        return list(pool.map(function, items))


def background_threads() -> ThreadPoolExecutor:
    """A pool for work that runs while the build goes on (the caller shuts it down)."""
    return ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="shopwindow")


_FORKED: tuple[Callable, list] | None = None  # what forked workers run: set before they are forked


def _run_forked(index: int):
    function, items = _FORKED
    return function(items[index])


def in_forked_processes(function: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[function(item) for item in items]``, the items handed out as they are free to processes
    forked from this one, one per core, so that neither ``function`` nor what it uses is pickled
    (only the results are). In this process where forking is not safe or not possible: another
    thread runs, one core, one item, not Linux (macOS has ``fork`` but its system libraries may not
    survive it)."""
    global _FORKED
    items = list(items)
    if (
        len(items) < 2
        or workers() == 1
        or threading.active_count() > 1
        or not sys.platform.startswith("linux")
    ):
        return [function(item) for item in items]
    _FORKED = (function, items)
    gc.freeze()  # the objects of this process stay out of the workers' collections (no copy on write)
    try:
        context = multiprocessing.get_context("fork")
        # A worker lives for one call and makes millions of small objects (lines, pieces of
        # text) that reference counting frees: the cycle collector would only walk them, so it is
        # off in the workers (whatever they leave is freed when they exit).
        with ProcessPoolExecutor(
            max_workers=min(workers(), len(items)), mp_context=context, initializer=gc.disable
        ) as pool:
            return list(pool.map(_run_forked, range(len(items))))
    finally:
        _FORKED = None
        gc.unfreeze()
