"""Workshop cameras: which frames belong to which job, by the bay it stood in at the frame's time.

``CAMERAS = {"booth-1": "/srv/cameras/booth-1"}`` maps a bay to the folder its camera uploads frames to.
A frame belongs to the job standing in that bay at the frame's time (by the jobs' log headings); a
frame that belongs to no job is never published. A job keeps its latest frame and one frame every
``CAMERA_KEEP_EVERY`` minutes (its timelapse), not every frame. Camera folders are only ever read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Frame:
    path: Path
    bay: str
    time: dt.datetime


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


def camera_frames(cameras: dict[str, str]) -> dict[str, list[Frame]]:
    """Every complete frame of every camera, oldest first."""
    found = {}
    for bay, folder in cameras.items():
        frames = []
        root = Path(folder)
        if root.is_dir():
            for path in root.iterdir():
                if (
                    path.suffix.lower() in FRAME_SUFFIXES
                    and not path.name.startswith(".")
                    and is_complete(path)
                ):
                    frames.append(Frame(path, bay, frame_time(path)))
        found[bay] = sorted(frames, key=lambda f: (f.time, f.path.name))
    return found


@dataclass(frozen=True)
class JobFrames:
    latest: Frame | None  # shown as "live from <bay>" while the job stands in a bay with a camera
    live: bool
    timelapse: tuple[Frame, ...]  # one frame every CAMERA_KEEP_EVERY minutes, oldest first

    @property
    def kept(self) -> list[Frame]:
        frames = list(self.timelapse)
        if self.latest and self.latest not in frames:
            frames.append(self.latest)
        return frames


def frames_for_job(job: Job, frames: dict[str, list[Frame]], keep_every_minutes: int) -> JobFrames:
    own = [f for bay_frames in frames.values() for f in bay_frames if job.bay_at(f.time) == f.bay]
    own.sort(key=lambda f: (f.time, f.path.name))
    if not own:
        return JobFrames(None, False, ())
    bucket_seconds = keep_every_minutes * 60
    timelapse, seen = [], set()
    for frame in own:
        bucket = int(frame.time.timestamp()) // bucket_seconds
        if bucket not in seen:
            seen.add(bucket)
            timelapse.append(frame)
    latest = own[-1]
    live = (
        job.status == "active"
        and job.bay is not None
        and job.bay == latest.bay
        and job.bay_at(latest.time) == job.bay
    )
    return JobFrames(latest, live, tuple(timelapse))
