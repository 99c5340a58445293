"""Process many photos at once: what the cache has is skipped without reading a byte, the rest is spread
over every core.

Skipping uses a small index kept by the cache store (source path -> size, modification time, SHA-256;
encrypted in the store of private photos, whose paths name jobs), so a warm build neither reads nor
hashes a photo it has seen. Anything the index cannot vouch for is handed to a
worker, which hashes it and uses the content-addressed cache as usual, so a stale index costs time, never
correctness. Memory is bounded by photos in flight (twice the number of workers), not by photos on the
site. A progress bar shows on a terminal. Errors are not raised here: the caller meets them again, one
line per file, when it asks ``process_photo`` for that photo.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from ..parallel import workers
from .cache import PhotoCache
from .pipeline import PhotoError, PhotoSettings, process_photo_fresh


def _work(source: str, settings: PhotoSettings, cache: PhotoCache) -> tuple[str, str | None, bool]:
    """(source, its digest or None on error, processed now)."""
    try:
        photo, fresh = process_photo_fresh(source, settings, cache)
    except PhotoError:
        return source, None, False
    return source, photo.source_digest, fresh


class SourceIndex:
    def __init__(self, cache: PhotoCache):
        self.cache = cache
        try:
            self.entries: dict[str, list] = json.loads(cache.read_index() or b"{}")
        except ValueError:
            self.entries = {}
        self.changed = False

    @staticmethod
    def _stamp(path: str) -> list | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

    def known_digest(self, path: str) -> str | None:
        entry = self.entries.get(path)
        stamp = self._stamp(path)
        return entry[2] if entry and stamp and entry[:2] == stamp else None

    def record(self, path: str, digest: str) -> None:
        stamp = self._stamp(path)
        if stamp:
            self.entries[path] = [*stamp, digest]
            self.changed = True

    def save(self) -> None:
        if self.changed:
            self.cache.write_index(json.dumps(self.entries, sort_keys=True).encode())


def warm_cache(sources: Iterable[Path | str], settings: PhotoSettings, cache: PhotoCache) -> int:
    """Make sure every source is in the cache; return how many were processed now."""
    index = SourceIndex(cache)
    pending = []
    for source in dict.fromkeys(os.path.abspath(s) for s in sources):
        digest = index.known_digest(source)
        if digest is None or cache.load(digest, settings) is None:
            pending.append(source)
    if not pending:
        return 0
    results = _run(pending, settings, cache)
    for source, digest, _fresh in results:
        if digest:
            index.record(source, digest)
    index.save()
    return sum(1 for _, _, fresh in results if fresh)


def _run(
    pending: list[str], settings: PhotoSettings, cache: PhotoCache
) -> list[tuple[str, str | None, bool]]:
    count = workers()
    if count == 1 or len(pending) == 1:
        return [_work(source, settings, cache) for source in pending]
    progress = _progress(len(pending))
    results = []
    with ProcessPoolExecutor(max_workers=count) as pool:
        queue = iter(pending)
        in_flight: set = set()
        while True:
            while len(in_flight) < 2 * count and (source := next(queue, None)) is not None:
                in_flight.add(pool.submit(_work, source, settings, cache))
            if not in_flight:
                break
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            results += [future.result() for future in finished]
            progress(len(results))
    progress(None)
    return results


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
