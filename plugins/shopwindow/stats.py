"""``shopwindow stats``: testimonials by status and as received (per month, from how many of the done
jobs, by source), ratings, promises kept, recommendations and answers to found work. Figures only, no output files."""

from __future__ import annotations

from collections import Counter

from pelican.readers import Readers

from .clock import today
from .jobs.model import load_jobs
from .jobs.quotes import URGENCIES
from .jobs.record import done_job_figures, done_when
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


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def referrals(jobs) -> dict:
    """New jobs (by the month they were received) and how many came with a referral code."""
    new, referred = Counter(), Counter()
    for job in jobs:
        if job.received:
            month = job.received.strftime("%Y-%m")
            new[month] += 1
            referred[month] += bool(job.referred_by)
    return {
        "jobs": sum(new.values()),
        "referred": sum(referred.values()),
        "referred_share": _share(sum(referred.values()), sum(new.values())),
        "months": [
            {
                "month": month,
                "jobs": new[month],
                "referred": referred[month],
                "referred_share": _share(referred[month], new[month]),
            }
            for month in sorted(new)
        ],
    }


def quote_answers(jobs) -> dict:
    """Quotes sent and answered, and of the answered items how many were approved, by urgency (each
    quote version counts once, by the customer's latest answer to it)."""
    quotes = answered = 0
    items, approved = Counter(), Counter()
    for job in jobs:
        latest = {answer.quote_version: answer for answer in job.answers}
        for quote in job.quotes:
            quotes += 1
            answer = latest.get(quote.version)
            if answer is None or len(answer.choices) != len(quote.items):
                continue
            answered += 1
            for item, choice in zip(quote.items, answer.choices, strict=True):
                items[item.urgency] += 1
                approved[item.urgency] += choice == "A"
    return {
        "quotes": quotes,
        "answered": answered,
        "items": sum(items.values()),
        "approved": sum(approved.values()),
        "approval_rate": _share(sum(approved.values()), sum(items.values())),
        "by_urgency": {
            urgency: {
                "items": items[urgency],
                "approved": approved[urgency],
                "approval_rate": _share(approved[urgency], items[urgency]),
            }
            for urgency in URGENCIES
        },
    }


def testimonials_received(testimonials, jobs) -> dict:
    """Testimonials received, by the month of their Date (every status: a received one was received,
    published or not; one without a Date counts in the total only); the jobs done each month (as the
    track record counts them) and how
    many of them a testimonial names (``Job``), the share; and the count by ``Source``."""
    received = Counter(t.date.strftime("%Y-%m") for t in testimonials if t.date)
    named = {t.job for t in testimonials if t.job}
    done, answered = Counter(), Counter()
    for job in jobs:
        when = done_when(job) if job.status == "done" else None
        if when:
            month = when.strftime("%Y-%m")
            done[month] += 1
            answered[month] += job.id in named
    sources = Counter(t.source or "not given" for t in testimonials)
    return {
        "received": len(testimonials),
        "done_jobs": sum(done.values()),
        "done_jobs_with_testimonial": sum(answered.values()),
        "share": _share(sum(answered.values()), sum(done.values())),
        "months": [
            {
                "month": month,
                "received": received[month],
                "done_jobs": done[month],
                "with_testimonial": answered[month],
                "share": _share(answered[month], done[month]),
            }
            for month in sorted(set(received) | set(done))
        ],
        "by_source": dict(sorted(sources.items(), key=lambda pair: (-pair[1], pair[0]))),
    }


def site_stats(settings: dict) -> dict:
    readers = Readers(settings)
    testimonials, problems = load_testimonials(settings, readers)
    jobs, _ = load_jobs(settings, readers)
    by_status = {status: sum(1 for t in testimonials if t.status == status) for status in STATUSES}
    by_status["with errors"] = len(problems)
    public = [t for t in testimonials if t.is_public]
    summary = rating_summary(public)
    return {
        "testimonials": {
            "by_status": by_status,
            "public": len(public),
            "ratings": {"count": summary["count"], "average": summary["average"]},
            "received": testimonials_received(testimonials, jobs),
        },
        "jobs": {
            status: sum(1 for j in jobs if j.status == status)
            for status in ("active", "done", "cancelled")
        },
        "promises": promises_kept(jobs),
        "referrals": referrals(jobs),
        "quotes": quote_answers(jobs),
    }
