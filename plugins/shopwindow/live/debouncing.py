"""What is due, and when: a change inside a job is re-sealed once its files have settled
(``JOB_DEBOUNCE``); any other change rebuilds the site once changes have stopped (``SITE_DEBOUNCE``)."""

from __future__ import annotations

JOB_DEBOUNCE = 0.3
SITE_DEBOUNCE = 1.5


class Pending:
    def __init__(self) -> None:
        self.jobs: dict[str, float] = {}  # job ID -> time of its last change
        self.site: float | None = None  # time of the last change that needs a full build

    def job_changed(self, job_id: str, now: float) -> None:
        self.jobs[job_id] = now

    def site_changed(self, now: float) -> None:
        self.site = now

    def rebuild_now(self, now: float) -> None:
        self.site = now - SITE_DEBOUNCE

    def take_due(self, now: float) -> tuple[bool, list[str]]:
        """(a full build is due, the jobs due): what is taken is no longer pending. A due full build
        takes every pending job with it."""
        if self.site is not None and now - self.site >= SITE_DEBOUNCE:
            self.site = None
            self.jobs.clear()
            return True, []
        due = [job for job, t in self.jobs.items() if now - t >= JOB_DEBOUNCE]
        for job in due:
            self.jobs.pop(job)
        return False, due

    def seconds_until_due(self, now: float) -> float:
        """Until the earliest pending change has settled (at most 0.2, to watch uploads)."""
        due = [t + JOB_DEBOUNCE for t in self.jobs.values()]
        if self.site is not None:
            due.append(self.site + SITE_DEBOUNCE)
        return min([0.2, *(max(0.01, d - now) for d in due)])
