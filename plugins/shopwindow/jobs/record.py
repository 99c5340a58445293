"""The figures of done jobs: how many, how many ready on or before the promised date, the median days
early or late, by month and by service. ``/track-record/`` and ``shopwindow stats`` both show these, from
this one function, so they always agree.

Only aggregates leave the build. A figure of a service or of a month is shown only where it counts at
least ``MIN_JOBS_SHOWN`` done jobs, so no single customer (or a customer's timing) can be picked out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from .model import Job
from .promise import finished_at, promise_status

MIN_JOBS_SHOWN = 5


def _figures(jobs: list[Job], today: dt.date) -> dict:
    statuses = [s for s in (promise_status(j, today) for j in jobs) if s is not None and s.finished]
    on_time = sum(1 for s in statuses if s.days <= 0)
    return {
        "completed": len(jobs),
        "with_promise": len(statuses),
        "on_time": on_time,
        "on_time_share": on_time / len(statuses) if statuses else None,
        "median_days": statistics.median(s.days for s in statuses) if statuses else None,
    }


def done_when(job: Job) -> dt.datetime | None:
    """When a done job counts as done, by month, in the track record and in ``shopwindow stats``."""
    return finished_at(job) or job.done_at


def done_job_figures(jobs: list[Job], today: dt.date) -> dict:
    """Figures of the done jobs among ``jobs``: overall, by month and by service."""
    done = [j for j in jobs if j.status == "done"]
    by_month: dict[dt.date, list[Job]] = defaultdict(list)
    for job in done:
        when = done_when(job)
        if when:
            by_month[when.date().replace(day=1)].append(job)
    months = []
    for month in sorted(by_month):
        if len(by_month[month]) < MIN_JOBS_SHOWN:
            continue
        figures = _figures(by_month[month], today)
        months.append(
            {"month": month, "completed": figures["completed"], "on_time": figures["on_time"]}
        )
    by_service: dict[str, list[Job]] = defaultdict(list)
    for job in done:
        for service in job.services:
            by_service[service].append(job)
    return {
        **_figures(done, today),
        # Customers who came on another customer's recommendation: a count, shown only with the
        # minimum sample (None below it).
        "recommended": (
            sum(1 for job in done if job.referred_by) if len(done) >= MIN_JOBS_SHOWN else None
        ),
        "months": months,
        "services": {
            service: _figures(service_jobs, today)
            for service, service_jobs in sorted(by_service.items())
            if len(service_jobs) >= MIN_JOBS_SHOWN
        },
    }
