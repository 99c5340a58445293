"""Process many photos at once: cached ones in this process, the rest spread over every core.

Memory is bounded by photos in flight (twice the number of workers), not by photos on the site. A
progress bar shows on a terminal. Errors are not raised here: the caller meets them again, one line per
file, when it asks ``process_photo`` for that photo (which then fails fast, as nothing was cached).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from .pipeline import PhotoError, PhotoSettings, is_cached, process_photo

logger = logging.getLogger(__name__)


def _work(source: str, settings: PhotoSettings, cache_dir: str) -> bool:
    try:
        process_photo(source, settings, cache_dir)
        return True
    except PhotoError:
        return False


def workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def warm_cache(sources: Iterable[Path], settings: PhotoSettings, cache_dir: str | Path) -> int:
    """Make sure every source is in the cache; return how many were processed now."""
    pending = [str(s) for s in dict.fromkeys(sources) if not is_cached(s, settings, cache_dir)]
    if not pending:
        return 0
    count = workers()
    if count == 1 or len(pending) == 1:
        for source in pending:
            _work(source, settings, str(cache_dir))
        return len(pending)
    progress = _progress(len(pending))
    with ProcessPoolExecutor(max_workers=count) as pool:
        queue = iter(pending)
        in_flight = set()
        done = 0
        while True:
            while len(in_flight) < 2 * count:
                source = next(queue, None)
                if source is None:
                    break
                in_flight.add(pool.submit(_work, source, settings, str(cache_dir)))
            if not in_flight:
                break
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            done += len(finished)
            progress(done)
    progress(None)
    return len(pending)


def _progress(total: int):
    if not sys.stderr.isatty():
        return lambda done: None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("photos", total=total)
    bar.start()

    def update(done):
        if done is None:
            bar.stop()
        else:
            bar.update(task, completed=done)

    return update
