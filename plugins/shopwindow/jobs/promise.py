"""The promise against today's estimate, honestly: early, on time or late, in days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Job

# The stages at which the promised work counts as delivered (workshop: ready; maker: delivered).
FINISHING_STAGES = ("ready", "delivered", "collected")


@dataclass(frozen=True)
class PromiseStatus:
    promised: dt.date
    expected: dt.date  # when it was finished, or today's estimate
    finished: bool
    days: int  # expected - promised: negative is early

    @property
    def state(self) -> str:
        return "early" if self.days < 0 else "late" if self.days > 0 else "on-time"


def finished_at(job: Job) -> dt.datetime | None:
    for update in job.updates:
        if update.stage.key in FINISHING_STAGES:
            return update.time
    return job.done_at if job.status == "done" else None


def promise_status(job: Job, today: dt.date) -> PromiseStatus | None:
    if job.promised is None or job.status == "cancelled":
        return None
    finished = finished_at(job)
    if finished is not None:
        expected = finished.date()
    else:
        expected = job.estimate or job.promised
        if today > expected:
            expected = today  # not ready yet and past the estimate: at best, today
    return PromiseStatus(
        job.promised, expected, finished is not None, (expected - job.promised).days
    )
