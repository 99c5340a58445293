"""What went out: one line of JSON per attempt, in ``<JOBS_PATH>/.messages/<JOB-ID>.jsonl``; a message that
waits (``"state": "held"``: no public address yet, quiet hours, the window of quick updates) has a line
saying why and until when, written once.

The record lives beside the jobs because it goes wherever they go: on the shop's machine for
``shopwindow watch``, in the (private) repository for a site built in CI, which commits it back after
each build, so the next run finds it. It holds the customer's addresses, so it is private like the jobs:
folder 0700, files 0600, never under the output.

Each line is appended and flushed to disk before the sender goes on, and only after the channel took
the message: a sender killed at any moment loses nothing it did, and sends again only a message whose
"sent" line it never wrote (with the same Message-ID). A line cut short by a kill is skipped when read.
One sender at a time holds the record's lock (a build and the watcher may run together).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from ..atomic import private_folder
from ..jobs.model import jobs_root

RECORD_FOLDER = ".messages"
RETRY_MINUTES = (1, 2, 4, 8, 15, 30, 60)  # back-off after each failure, the last one repeated


def record_folder(settings: dict) -> Path:
    return jobs_root(settings) / RECORD_FOLDER


@dataclass
class Delivery:
    """One message by one channel, as the record tells it."""

    sent_at: dt.datetime | None = None
    failures: int = 0
    last_attempt: dt.datetime | None = None
    last_error: str = ""
    held: tuple[str, dt.datetime | None] | None = (
        None  # the last attempt held it: (why, until when)
    )

    def retry_at(self) -> dt.datetime | None:
        """When a failed delivery may be tried again (None: it never failed)."""
        if not self.failures or self.last_attempt is None:
            return None
        minutes = RETRY_MINUTES[min(self.failures, len(RETRY_MINUTES)) - 1]
        return self.last_attempt + dt.timedelta(minutes=minutes)


class SentRecord:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.jsonl"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The one sender's lock (the filelock package: flock on Unix, msvcrt on Windows); the
        system drops it when its holder dies."""
        private_folder(self.folder)
        with FileLock(self.folder / ".lock", mode=0o600):
            yield

    def entries(self, job_id: str) -> list[dict]:
        """The job's lines, oldest first; a line cut short by a kill is left out."""
        try:
            text = self._path(job_id).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        found = []
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and "key" in entry and "channel" in entry:
                found.append(entry)
        return found

    def deliveries(self, job_id: str) -> dict[tuple[str, str], Delivery]:
        """Each (message key, channel) of the job, as the record tells it."""
        found: dict[tuple[str, str], Delivery] = {}
        for entry in self.entries(job_id):
            delivery = found.setdefault((entry["key"], entry["channel"]), Delivery())
            at = dt.datetime.fromisoformat(entry["at"])
            state = entry.get("state")
            if state == "held":
                until = entry.get("until")
                delivery.held = (entry.get("why", ""), dt.datetime.fromisoformat(until) if until
                                 else None)  # fmt: skip
                continue
            delivery.held = None
            delivery.last_attempt = at
            if state == "sent":
                delivery.sent_at = delivery.sent_at or at
            else:
                delivery.failures += 1
                delivery.last_error = entry.get("error", "")
        return found

    def add(self, job_id: str, entry: dict) -> None:
        """Append one line and flush it to disk before returning."""
        private_folder(self.folder)
        path = self._path(job_id)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        handle = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            size = os.fstat(handle).st_size
            if size:
                with open(path, "rb") as reader:
                    reader.seek(size - 1)
                    if reader.read(1) != b"\n":
                        line = b"\n" + line  # the last line was cut short: it stays alone
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)

    def waiting(self) -> dict[str, dt.datetime]:
        """Jobs with a message not sent that failed or waits for a time (quiet hours, the window of
        quick updates), and when the first may go."""
        found = {}
        for job_id in self.job_ids():
            times = [
                delivery.held[1] if delivery.held else delivery.retry_at()
                for delivery in self.deliveries(job_id).values()
                if delivery.sent_at is None
                and (
                    (delivery.held and delivery.held[1])
                    or (not delivery.held and delivery.failures)
                )
            ]
            if times:
                found[job_id] = min(times)
        return found

    def job_ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(path.stem for path in self.folder.glob("*.jsonl"))
