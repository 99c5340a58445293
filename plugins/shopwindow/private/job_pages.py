"""A job's page as a private document: what it shows (``jobs/view.py``), its reports, its camera frames,
and where its photos may come from. The build and ``shopwindow watch`` both make it here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..access.documents import PrivateDocument
from ..jobs.cameras import FrameIndex, frames_for_job
from ..jobs.model import Job, jobs_root
from ..jobs.view import expired, job_view
from ..settings import shopwindow_settings

TEMPLATE = "shopwindow/job"
EXPIRED_TEMPLATE = "shopwindow/expired"


def attached_cases(job: Job, cases) -> list:
    """The job's result reports, all of them: private (shown only here) or published; never a draft."""
    return [
        c
        for c in cases
        if c.status in ("private", "published")
        and (c.job == job.id or (job.case and c.slug == job.case))
    ]


def job_document(
    job: Job, settings: dict, cases, frames: dict[str, FrameIndex], today: dt.date
) -> PrivateDocument:
    """The private document of one job page (an expired notice once past retention)."""
    sw = shopwindow_settings(settings)
    if expired(job, sw["job_retention_days"], today):
        return PrivateDocument(job.id, job.path, EXPIRED_TEMPLATE, expired=True, lang=job.language)
    reports = attached_cases(job, cases)
    camera = frames_for_job(job, frames, sw["camera_keep_every"])
    roots = [case.folder for case in reports]
    roots += [Path(sw["cameras"][frame.bay]) for frame in camera.kept]
    inputs = None
    if not reports:  # a report's photos and text live elsewhere: found in the view
        own = [Path(place, name) for place, _, names in os.walk(job.folder) for name in names]
        inputs = tuple(sorted(own)) + tuple(frame.path for frame in camera.kept)
    return PrivateDocument(
        job_id=job.id,
        source_path=job.path,
        template=TEMPLATE,
        variables={**job_view(job, settings, today), "cases": reports, "camera": camera},
        base=job.folder,
        roots=tuple(dict.fromkeys(roots)),
        job_folder=job.folder,
        jobs_root=jobs_root(settings),
        inputs=inputs,
        lang=job.language,
    )
