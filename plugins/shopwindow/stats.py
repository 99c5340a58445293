"""``shopwindow stats``: testimonials by status, ratings, promises kept. Figures only, no output files."""

from __future__ import annotations

from pelican.readers import Readers

from .jobs.model import load_jobs, today
from .jobs.record import done_job_figures
from .testimonials.model import STATUSES, load_testimonials, rating_summary


def promises_kept(jobs) -> dict:
    """Of the done jobs with a promised date: how many were ready on or before it (the figures of
    ``/track-record/``, from the same function)."""
    figures = done_job_figures(jobs, today())
    share = figures["on_time_share"]
    return {
        "jobs": figures["with_promise"],
        "kept": figures["on_time"],
        "kept_share": f"{share:.0%}" if share is not None else "n/a",
        "median_days": figures["median_days"],
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
