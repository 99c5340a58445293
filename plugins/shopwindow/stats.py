"""``shopwindow stats``: testimonials by status, ratings, promises kept. Figures only, no output files."""

from __future__ import annotations

import statistics

from pelican.readers import Readers

from .jobs.model import load_jobs, today
from .jobs.promise import promise_status
from .testimonials.model import STATUSES, load_testimonials, rating_summary


def promises_kept(jobs) -> dict:
    """Of the finished jobs with a promised date: how many were ready on or before it."""
    now = today()
    statuses = [
        p for p in (promise_status(job, now) for job in jobs) if p is not None and p.finished
    ]
    kept = sum(1 for p in statuses if p.days <= 0)
    return {
        "jobs": len(statuses),
        "kept": kept,
        "kept_share": f"{kept / len(statuses):.0%}" if statuses else "n/a",
        "median_days": statistics.median(p.days for p in statuses) if statuses else None,
    }


def site_stats(settings: dict) -> dict:
    readers = Readers(settings)
    testimonials, problems = load_testimonials(settings, readers)
    by_status = {status: sum(1 for t in testimonials if t.status == status) for status in STATUSES}
    by_status["with errors"] = len(problems)
    public = [t for t in testimonials if t.is_public]
    summary = rating_summary(public)
    jobs, _ = load_jobs(settings, readers)
    return {
        "testimonials": {
            "by_status": by_status,
            "public": len(public),
            "ratings": {"count": summary["count"], "average": summary["average"]},
        },
        "jobs": {
            status: sum(1 for j in jobs if j.status == status)
            for status in ("active", "done", "cancelled")
        },
        "promises": promises_kept(jobs),
    }
