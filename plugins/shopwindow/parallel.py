"""Work spread over every core.

Threads where the work releases the GIL (PBKDF2 in OpenSSL, Pillow's drawing and encoding), processes
where it does not (the photo pipeline, ``photos.batch``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
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
