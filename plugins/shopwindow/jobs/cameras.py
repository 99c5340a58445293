"""Workshop cameras: which frames belong to which job, by the bay it stood in at the frame's time.

``CAMERAS = {"booth-1": "/srv/cameras/booth-1"}`` maps a bay to the folder its camera uploads frames to.
A frame belongs to the job standing in that bay at the frame's time (by the jobs' log headings); a
frame that belongs to no job is never published. A job keeps its latest frame and one frame every
``CAMERA_KEEP_EVERY`` minutes (its timelapse), not every frame. Camera folders are only ever read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic import private_folder, write_atomically
from ..photos.exif import exif_time
from .model import Job

logger = logging.getLogger(__name__)

FRAME_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
# Timestamps cameras put in file names: 20261121_104200, 20261121104200123 (Hikvision, with ms),
# 2026-11-21_10-42-00, 2026-11-21T10:42:00.
NAME_PATTERNS = (
    re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)[_T-]?(\d\d)(\d\d)(\d\d)(?:\d{3})?(?!\d)"),
    re.compile(r"(20\d\d)-(\d\d)-(\d\d)[ _T](\d\d)[-:._](\d\d)[-:._](\d\d)"),
)


BUCKETS_FROM = dt.datetime(2000, 1, 1)


@dataclass(frozen=True)
class Frame:
    path: Path
    bay: str
    time: dt.datetime
    size: int = 0  # bytes: with the name and time, what a timelapse segment is cached by

    @functools.cached_property
    def identity(self) -> str:
        """What tells this frame from every other: a camera never rewrites a frame."""
        return f"{self.bay}\0{self.path.name}\0{self.size}\0{self.time.isoformat()}"

    @functools.cached_property
    def label(self) -> str:
        """``bay@time``: how a sealed view names the frames it shows (what the customer sees). Kept:
        the live process writes every kept frame's label into the view on every new frame."""
        return f"{self.bay}@{self.time.isoformat()}"


def name_time(name: str) -> dt.datetime | None:
    """The time a camera wrote into a file name, or None."""
    for pattern in NAME_PATTERNS:
        for match in pattern.finditer(name):
            try:
                return dt.datetime(*(int(g) for g in match.groups()[:6]))
            except ValueError:
                continue
    return None


def is_complete(path: Path) -> bool:
    """A frame is taken only once whole: a JPEG must end with its end-of-image marker."""
    try:
        size = path.stat().st_size
        if size < 4:
            return False
        if path.suffix.lower() in (".jpg", ".jpeg"):
            with path.open("rb") as handle:
                handle.seek(-2, 2)
                return handle.read(2) == b"\xff\xd9"
        return True
    except OSError:
        return False


def frame_time(path: Path) -> dt.datetime:
    """EXIF DateTimeOriginal, else the file name's timestamp, else the file's modification time."""
    return (
        exif_time(path, original_only=True)
        or name_time(path.name)
        or dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    )


class FrameIndex:
    """The frames of one camera folder, kept by name: a frame is opened once (whole? its time?), ever.

    Cameras add frames and never rewrite one, so a name seen whole with the same size is the same
    frame. ``refresh`` lists the folder's names (no file is opened for a known one) and reads only the
    new ones; the index is kept in the cache folder between runs, so a folder of 100,000 frames costs
    one listing per refresh. Frames stay sorted by time for ``frames_in``."""

    def __init__(self, bay: str, folder: Path, store: Path | None = None):
        self.bay, self.folder, self.store = bay, folder, store
        self.known: dict[str, tuple[int, str]] = {}  # name -> (size, time)
        if store is not None:
            try:
                self.known = {k: tuple(v) for k, v in json.loads(store.read_text()).items()}
            except (OSError, ValueError):
                self.known = {}
        self.frames: list[Frame] = []
        self.times: list[dt.datetime] = []

    def refresh(self, persist: bool = True) -> None:
        """Take the folder's new frames in and drop the removed ones (``persist``: keep the index in
        the cache folder too; the watcher keeps it in memory)."""
        names = set()
        if self.folder.is_dir():
            with os.scandir(self.folder) as entries:
                names = {
                    e.name
                    for e in entries
                    if not e.name.startswith(".")
                    and os.path.splitext(e.name)[1].lower() in FRAME_SUFFIXES
                }
        changed = False
        for name in names - set(self.known):
            path = self.folder / name
            if is_complete(path):
                self.known[name] = (path.stat().st_size, frame_time(path).isoformat())
                changed = True
        for name in set(self.known) - names:
            del self.known[name]
            changed = True
        if changed or len(self.frames) != len(self.known):
            frames = [
                Frame(self.folder / name, self.bay, dt.datetime.fromisoformat(time), size)
                for name, (size, time) in self.known.items()
            ]
            self.frames = sorted(frames, key=_order)
            self.times = [f.time for f in self.frames]
        if changed and persist and self.store is not None:
            private_folder(self.store.parent)
            write_atomically(self.store, json.dumps(self.known).encode(), mode=0o600)

    def seen(self, path: Path) -> None:
        """One frame added or removed, as ``shopwindow watch`` saw it happen: the index follows it
        without listing the folder, so a new frame costs the same in a folder of 100,000."""
        name = path.name
        if name in self.known:
            old = dt.datetime.fromisoformat(self.known.pop(name)[1])
            at = bisect.bisect_left(self.frames, (old, name), key=_order)
            if at < len(self.frames) and self.frames[at].path.name == name:
                del self.frames[at], self.times[at]
        if (
            path.parent == self.folder
            and path.suffix.lower() in FRAME_SUFFIXES
            and is_complete(path)
        ):
            when, size = frame_time(path), path.stat().st_size
            self.known[name] = (size, when.isoformat())
            at = bisect.bisect_left(self.frames, (when, name), key=_order)
            self.frames.insert(at, Frame(path, self.bay, when, size))
            self.times.insert(at, when)

    def frames_in(self, start: dt.datetime, end: dt.datetime | None) -> list[Frame]:
        """The frames taken from ``start`` up to, not including, ``end`` (None: up to now)."""
        low = bisect.bisect_left(self.times, start)
        high = len(self.times) if end is None else bisect.bisect_left(self.times, end)
        return self.frames[low:high]


def _order(frame: Frame) -> tuple[dt.datetime, str]:
    return frame.time, frame.path.name


def camera_frames(cameras: dict[str, str], cache_path: str | None = None) -> dict[str, FrameIndex]:
    """Every camera's frames, by bay (indexes kept in ``cache_path/camera-frames`` when given)."""
    found = {}
    for bay, folder in cameras.items():
        store = None
        if cache_path:
            key = hashlib.sha256(os.path.realpath(folder).encode()).hexdigest()[:24]
            store = Path(cache_path) / "camera-frames" / f"{key}.json"
        index = FrameIndex(bay, Path(folder), store)
        index.refresh()
        found[bay] = index
    return found


@dataclass(frozen=True)
class JobFrames:
    latest: Frame | None  # shown as "live from <bay>" while the job stands in a bay with a camera
    live: bool
    timelapse: tuple[Frame, ...]  # one frame every CAMERA_KEEP_EVERY minutes, oldest first

    @property
    def kept(self) -> list[Frame]:
        frames = list(self.timelapse)
        if self.latest and (not frames or frames[-1] != self.latest):  # the newest of all frames
            frames.append(self.latest)
        return frames


def stays(job: Job) -> list[tuple[str, dt.datetime, dt.datetime | None]]:
    """(bay, from, until) of each time the job stood in a bay by its own log (until None: it still
    does); a job leaves its bay when it is done. Where other jobs came in, ``Bays`` shortens these."""
    found: list[tuple[str, dt.datetime, dt.datetime | None]] = []
    for update in job.updates:
        if found and found[-1][2] is None and update.bay != found[-1][0] and update.bay:
            found[-1] = (found[-1][0], found[-1][1], update.time)
        if update.bay and (not found or found[-1][2] is not None or found[-1][0] != update.bay):
            found.append((update.bay, update.time, None))
    if job.done_at:
        found = [
            (bay, start, job.done_at if end is None else min(end, job.done_at))
            for bay, start, end in found
            if start < job.done_at
        ]
    # A stay that ends as it begins (two headings at the same minute) holds no frame.
    return [(bay, start, end) for bay, start, end in found if end is None or start < end]


Stays = list[tuple[str, dt.datetime, dt.datetime | None]]


@dataclass(frozen=True)
class Moved:
    """A job taken out of its bay because another job came in, with no heading of its log saying so."""

    path: str  # the moved job's log
    bay: str
    at: dt.datetime
    by: str  # the job that came in

    def __str__(self) -> str:
        return (
            f"{self.path}: out of {self.bay} from {self.at:%Y-%m-%d %H:%M}, when job {self.by} came"
            f" in, though no heading of its log moves it: its camera frames end there"
            f" (log where it went)"
        )


class Bays:
    """Who stands in each bay when, for every job at once: one bay holds one job at a time.

    A job stands in a bay from the heading that names it until a heading names another bay or the job
    is done (``stays``), and no longer than until another job comes into that bay: a finished car
    left waiting for collection, with nobody logging that it left, loses the bay (and its frames) the
    moment the next job comes in. Two jobs that come in at the same minute both lose it there. The
    build, the watcher (``live/reseal.py``) and ``frames_for_job`` all go through this one rule."""

    def __init__(self, jobs=()):
        self.logged: dict[str, tuple[str, Stays]] = {}  # job ID -> (its log's path, its own stays)
        self.in_bay: dict[str, set[str]] = {}  # bay -> the jobs whose logs ever name it
        self._resolved: dict[str, tuple[list, list[Moved]]] = {}  # bay -> (stays by start, moved)
        for job in jobs:
            self._put(job)

    def _put(self, job: Job) -> set[str]:
        """Take the job's log in; the bays it was or is now in."""
        old = {bay for bay, _, _ in self.logged.get(job.id, ("", []))[1]}
        own = stays(job)
        self.logged[job.id] = (job.path, own)
        new = {bay for bay, _, _ in own}
        for bay in old - new:
            self.in_bay[bay].discard(job.id)
        for bay in new:
            self.in_bay.setdefault(bay, set()).add(job.id)
        for bay in old | new:
            self._resolved.pop(bay, None)
        return old | new

    def update(self, job: Job) -> set[str]:
        """Take a changed job in: the other jobs whose stays it changed (to be sealed again); each
        newly moved job is logged in one line."""
        before = {bay: self._bay(bay) for bay in self._bays_of(job)}
        touched = self._put(job)
        changed: set[str] = set()
        for bay in touched:
            old_stays, old_moved = before.get(bay) or self._empty()
            new_stays, new_moved = self._bay(bay)
            changed |= {s[3] for s in set(old_stays) ^ set(new_stays)}
            for moved in set(new_moved) - set(old_moved):
                logger.warning("%s", moved)
        changed.discard(job.id)
        return changed

    def _bays_of(self, job: Job) -> set[str]:
        known = {bay for bay, _, _ in self.logged.get(job.id, ("", []))[1]}
        return known | {u.bay for u in job.updates if u.bay}

    @staticmethod
    def _empty() -> tuple[list, list]:
        return [], []

    def _bay(self, bay: str) -> tuple[list, list[Moved]]:
        """The bay's stays as they hold, ``(start, end, bay, job)`` in time order, and the jobs moved."""
        if bay not in self._resolved:
            entries = sorted(
                (
                    (start, job_id, end)
                    for job_id in self.in_bay.get(bay, ())
                    for stay_bay, start, end in self.logged[job_id][1]
                    if stay_bay == bay
                ),
                key=lambda entry: entry[:2],
            )
            held, moved = [], []
            for i, (start, job_id, end) in enumerate(entries):
                cut, by = None, ""
                if i > 0 and entries[i - 1][0] == start and entries[i - 1][1] != job_id:
                    cut, by = start, entries[i - 1][1]
                elif i + 1 < len(entries):
                    cut, by = entries[i + 1][0], entries[i + 1][1]
                if cut is not None and (end is None or cut < end):
                    if by != job_id:
                        moved.append(Moved(self.logged[job_id][0], bay, cut, by))
                    end = cut
                if end is None or start < end:
                    held.append((start, end, bay, job_id))
            self._resolved[bay] = (held, moved)
        return self._resolved[bay]

    @property
    def moved(self) -> list[Moved]:
        """Every job taken out of a bay by another's coming in, in time order."""
        return sorted(
            (m for bay in self.in_bay for m in self._bay(bay)[1]), key=lambda m: (m.at, m.path)
        )

    def stays(self, job_id: str) -> Stays:
        """(bay, from, until) of the job's stays as they hold, in time order."""
        bays = {bay for bay, _, _ in self.logged.get(job_id, ("", []))[1]}
        return sorted(
            (
                (bay, start, end)
                for b in bays
                for start, end, bay, j in self._bay(b)[0]
                if j == job_id
            ),
            key=lambda stay: stay[1],
        )

    def job_at(self, bay: str, when: dt.datetime) -> str | None:
        """The job standing in ``bay`` at ``when``, or None."""
        held = self._bay(bay)[0]
        at = bisect.bisect_right(held, when, key=lambda stay: stay[0]) - 1
        if at >= 0 and (held[at][1] is None or when < held[at][1]):
            return held[at][3]
        return None


def frames_for_job(
    job: Job, frames: dict[str, FrameIndex], keep_every_minutes: int, held: Stays | None = None
) -> JobFrames:
    """The frames of the job's stays (``held``: as ``Bays`` resolves them among all jobs; else by
    the job's own log alone)."""
    held = stays(job) if held is None else held
    own = [
        frame
        for bay, start, end in held
        if bay in frames
        for frame in frames[bay].frames_in(start, end)
    ]
    # Stays follow each other in time without overlapping, and each bay's frames are in time order:
    # so are the job's.
    if not own:
        return JobFrames(None, False, ())
    step = dt.timedelta(minutes=keep_every_minutes)
    timelapse, next_bucket = [], None
    for frame in own:  # the first frame of each CAMERA_KEEP_EVERY minutes (counted from 2000-01-01)
        if next_bucket is None or frame.time >= next_bucket:
            timelapse.append(frame)
            next_bucket = BUCKETS_FROM + ((frame.time - BUCKETS_FROM) // step + 1) * step
    latest = own[-1]
    bay, start, end = held[-1]
    live = job.status == "active" and end is None and latest.bay == bay and latest.time >= start
    return JobFrames(latest, live, tuple(timelapse))
