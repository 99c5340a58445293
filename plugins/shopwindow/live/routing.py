"""Which change a file system event is: a camera frame (of which bay), a change inside one job (re-seal
that job), or anything else of the site (rebuild). Editors' and Shopwindow's own temporary files are
not changes; on Linux a modified file counts at its close-write event, so a half-written file is never
taken."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from ..jobs.cameras import FRAME_SUFFIXES
from ..jobs.model import JOB_FILE


@dataclass(frozen=True)
class Change:
    kind: str  # "frame", "job", "settings" or "site"
    path: Path
    job_id: str = ""
    bay: str = ""


class Routes:
    def __init__(
        self,
        content: Path,
        jobs_root: Path,
        theme: Path,
        cameras: dict[str, Path],
        settings: frozenset[Path],
    ):
        self.content, self.jobs_root, self.theme = content, jobs_root, theme
        self.cameras, self.settings = cameras, settings  # settings: the settings files

    def change(self, path: Path) -> Change | None:
        if path.name.startswith(".") or path.name.endswith("~"):
            return None  # editors' and our own temporary files
        path = path.resolve() if path.exists() else path.absolute()
        if path in self.settings:
            return Change("settings", path)  # read again, then the site rebuilt with them
        for bay, folder in self.cameras.items():
            if folder in path.parents and path.suffix.lower() in FRAME_SUFFIXES:
                return Change("frame", path, bay=bay)
        if self.jobs_root in path.parents:
            job_id = path.relative_to(self.jobs_root).parts[0]
            if job_id.startswith("."):
                return None  # the record of messages sent (``.messages``), none of the site's
            # A photo still being copied is taken at its close-write event (Linux) or once the
            # debounce has passed; a half file would only fail and be taken again when whole.
            if (self.jobs_root / job_id / JOB_FILE).exists():
                return Change("job", path, job_id=job_id)
            return Change("site", path)  # a new or removed job
        if self.content in path.parents or self.theme in path.parents:
            return Change("site", path)
        return None


# The events asked of the system (on Linux they make inotify's mask): changes only, never a file or
# folder opened or read, or watching 10,000 job folders floods inotify's queue as soon as anything
# lists them.
EVENT_FILTER = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class Events(FileSystemEventHandler):
    """watchdog's events, passed on as the paths that changed."""

    def __init__(self, on_path: Callable[[Path], None]):
        self.on_path = on_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and event.event_type not in ("created", "deleted", "moved"):
            return
        if event.event_type in ("opened", "closed_no_write"):
            return
        if (
            event.event_type == "modified"
            and sys.platform.startswith("linux")
            and not event.is_directory
        ):
            return  # the close-write event follows
        self.on_path(Path(getattr(event, "dest_path", "") or event.src_path))
        if event.event_type in ("moved", "deleted") and event.src_path:
            self.on_path(Path(event.src_path))
