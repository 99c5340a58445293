"""What a job page shows, computed from the model: stage states, the promise, links. No HTML here."""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

from ..i18n import month_abbreviations
from ..settings import ShopwindowSettings, shopwindow_settings
from .model import Job
from .promise import promise_status


def stage_states(job: Job, lang: str) -> list[dict]:
    current = job.current_stage
    keys = [s.key for s in job.stages]
    position = keys.index(current.key) if current and current.key in keys else -1
    finished = job.status == "done"
    states = []
    for i, stage in enumerate(job.stages):
        if i < position or (finished and i <= position):
            state = "done"
        elif i == position:
            state = "current"
        else:
            state = "todo"
        states.append({"key": stage.key, "label": stage.label(lang), "state": state})
    return states


def past_retention(
    status: str, ended: dt.datetime | None, retention_days: int, today: dt.date
) -> bool:
    """Whether a job that ended at ``ended`` has left the site: the one rule of expiry."""
    if status not in ("done", "cancelled"):
        return False
    return ended is not None and (today - ended.date()).days > retention_days


def expired(job: Job, retention_days: int, today: dt.date) -> bool:
    ended = job.done_at or (job.updates[-1].time if job.updates else None)
    return past_retention(job.status, ended, retention_days, today)


def feedback_url(sw: ShopwindowSettings, job: Job) -> str:
    if sw.feedback_url:
        return sw.feedback_url
    email = sw.business.email
    return f"mailto:{email}?subject={quote(job.title)}" if email else ""


def tracking_url(sw: ShopwindowSettings, job: Job) -> str:
    if not job.tracking:
        return ""
    carriers = sw.carriers
    carrier = job.carrier or (next(iter(carriers)) if len(carriers) == 1 else "")
    template = carriers.get(carrier)
    return template.format(number=quote(job.tracking)) if template else ""


def job_view(job: Job, settings: dict, today: dt.date) -> dict:
    """The template variables of one job page."""
    sw = shopwindow_settings(settings)
    lang = job.language
    return {
        "job": job,
        "stages": stage_states(job, lang),
        "promise": promise_status(job, today),
        "updates": list(reversed(job.updates)),
        "photo_src": lambda photo: os.path.relpath(photo.path, job.folder).replace(os.sep, "/"),
        "local_src": lambda path: os.path.relpath(path, job.folder).replace(os.sep, "/"),
        "stage_label": lambda stage: stage.label(lang),
        "tracking_url": tracking_url(sw, job),
        "feedback_url": feedback_url(sw, job),
        "review_url": sw.review_url if job.status == "done" else "",
        "today": today,
        # The timelapse's caption, written as the page writes a time ("21 Nov 09:00") while it plays.
        "month_names": month_abbreviations(lang),
    }
