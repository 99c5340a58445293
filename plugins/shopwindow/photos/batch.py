"""Process many photos at once: what the cache has is skipped without reading a byte, the rest is spread
over every core. Clips and timelapse segments the same way (``warm_media``).

Skipping uses a small index kept by the cache store (source path -> size, modification time, SHA-256;
encrypted in the store of private photos, whose paths name jobs), so a warm build neither reads nor
hashes a photo it has seen. Anything the index cannot vouch for is handed to a
worker, which hashes it and uses the content-addressed cache as usual, so a stale index costs time, never
correctness. Memory is bounded by photos in flight (twice the number of workers), not by photos on the
site. A progress bar shows on a terminal. Errors are not raised here: the caller meets them again, one
line per file, when it asks ``process_photo`` for that photo.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from ..parallel import workers
from .cache import PhotoCache
from .pipeline import PhotoError, PhotoSettings, process_photo_fresh
from .timelapse import process_segment, segment_cached
from .video import VideoError, VideoSettings, clip_cached, process_clip


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
    results = _run([(_work, (source, settings, cache)) for source in pending], "photos")
    for source, digest, _fresh in results:
        if digest:
            index.record(source, digest)
    index.save()
    return sum(1 for _, _, fresh in results if fresh)


def _clip_work(
    source: str, settings: VideoSettings, photo_settings, cache
) -> tuple[str, str | None]:
    try:
        return source, process_clip(Path(source), settings, photo_settings, cache).source_digest
    except (VideoError, PhotoError):
        return source, None


def _segment_work(timelapse, number: int, frames, picture, cache) -> tuple[str, None]:
    with contextlib.suppress(VideoError):  # met again, and reported, when the page is sealed
        process_segment(timelapse, number, frames, picture, cache)
    return "", None


def warm_media(
    clips: Iterable[Path | str],
    films: Iterable,
    settings: VideoSettings,
    photo_settings: PhotoSettings,
    cache: PhotoCache,
) -> int:
    """Make sure every clip is transcoded and every segment of every timelapse (``films``:
    ``photos.timelapse.Timelapse``) is encoded in the cache, over every core; return how many were
    made now. A clip the index vouches for is not read; a segment is looked up by its frames."""
    index = SourceIndex(cache)
    calls: list[tuple[Callable, tuple]] = []
    for source in dict.fromkeys(os.path.abspath(s) for s in clips):
        digest = index.known_digest(source)
        if digest is None or not clip_cached(digest, settings, cache):
            calls.append((_clip_work, (source, settings, photo_settings, cache)))
    for timelapse in films:
        picture = timelapse.picture
        for number, frames in timelapse.segments():
            if not segment_cached(timelapse, number, frames, picture, cache):
                calls.append((_segment_work, (timelapse, number, frames, picture, cache)))
    if not calls:
        return 0
    for source, digest in _run(calls, "clips"):
        if digest:
            index.record(source, digest)
    index.save()
    return len(calls)


def _run(calls: list[tuple[Callable, tuple]], label: str) -> list:
    """Each ``function(*arguments)`` of ``calls``, over every core; their results."""
    count = workers()
    if count == 1 or len(calls) == 1:
        return [function(*arguments) for function, arguments in calls]
    progress = _progress(len(calls), label)
    results = []
    with ProcessPoolExecutor(max_workers=count) as pool:
        queue = iter(calls)
        in_flight: set = set()
        while True:
            while len(in_flight) < 2 * count and (call := next(queue, None)) is not None:
                in_flight.add(pool.submit(call[0], *call[1]))
            if not in_flight:
                break
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            results += [future.result() for future in finished]
            progress(len(results))
    progress(None)
    return results


def _progress(total: int, label: str):
    if not sys.stderr.isatty():
        return lambda done: None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task(label, total=total)
    bar.start()

    def update(done):
        if done is None:
            bar.stop()
        else:
            bar.update(task, completed=done)

    return update
