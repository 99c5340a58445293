"""The jobs generator: reads every job and hands each job page to the access generator, sealed.

Job pages are private documents like any ``Access`` page; this generator decides what each shows
(or that it has expired) and never writes a byte itself.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from ..access.documents import PrivateDocument
from ..build_state import build_state
from ..config import shopwindow_settings
from ..loaded import loaded_cases, loaded_jobs
from .cameras import camera_frames, frames_for_job
from .model import jobs_root, today
from .view import expired, job_view

logger = logging.getLogger(__name__)


def job_document(job, settings: dict, cases, frames, now) -> PrivateDocument:
    """The private document of one job page; the build and ``shopwindow watch`` both make it here."""
    sw = shopwindow_settings(settings)
    reports = attached_cases(job, cases)
    camera = frames_for_job(job, frames, sw["CAMERA_KEEP_EVERY"])
    roots = [case.folder for case in reports]
    roots += [Path(sw["CAMERAS"][frame.bay]) for frame in camera.kept]
    return PrivateDocument(
        job_id=job.id,
        source_path=job.path,
        template="job",
        variables={**job_view(job, settings, now), "cases": reports, "camera": camera},
        base=job.folder,
        roots=tuple(dict.fromkeys(roots)),
        job_folder=job.folder,
        jobs_root=jobs_root(settings),
    )


class JobsGenerator(Generator):
    def generate_context(self) -> None:
        sw = shopwindow_settings(self.settings)
        jobs, problems = loaded_jobs(self)
        cases, _ = loaded_cases(self)  # problems are the cases generator's to report
        for problem in problems:
            logger.error("%s", problem)
        documents = build_state(self.context).documents
        now = today()
        frames = camera_frames(sw["CAMERAS"])
        for job in jobs:
            for problem in job.problems:
                logger.error("%s", problem)
            if expired(job, sw["JOB_RETENTION_DAYS"], now):
                documents.append(PrivateDocument(job.id, job.path, "job_expired", expired=True))
                continue
            documents.append(job_document(job, self.settings, cases, frames, now))
        self.context["shopwindow_jobs"] = len(jobs)


def attached_cases(job, cases) -> list:
    """The job's result reports, all of them: private (shown only here) or published; never a draft."""
    return [
        c
        for c in cases
        if c.status in ("private", "published")
        and (c.job == job.id or (job.case and c.slug == job.case))
    ]


def get_generators(pelican):
    return JobsGenerator
