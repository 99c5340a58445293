"""The jobs generator: reads every job and hands each job page to the access generator, sealed.

Job pages are private documents like any ``Access`` page; this generator decides what each shows
(or that it has expired) and never writes a byte itself.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from ..access.documents import DOCUMENTS_KEY, PrivateDocument
from ..config import shopwindow_settings
from ..loaded import loaded_cases, loaded_jobs
from .model import today
from .view import expired, job_view

logger = logging.getLogger(__name__)


class JobsGenerator(Generator):
    def generate_context(self) -> None:
        sw = shopwindow_settings(self.settings)
        jobs, problems = loaded_jobs(self)
        cases, _ = loaded_cases(self)  # problems are the cases generator's to report
        for problem in problems:
            logger.error("%s", problem)
        documents = self.context.setdefault(DOCUMENTS_KEY, [])
        now = today()
        for job in jobs:
            for problem in job.problems:
                logger.error("%s", problem)
            if expired(job, sw["JOB_RETENTION_DAYS"], now):
                documents.append(PrivateDocument(job.id, job.path, "job_expired", expired=True))
                continue
            case = attached_case(job, cases)
            documents.append(
                PrivateDocument(
                    job_id=job.id,
                    source_path=job.path,
                    template="job",
                    variables={**job_view(job, self.settings, now), "case": case},
                    images_base=job.folder,
                    image_roots=(case.folder,) if case else (),
                )
            )
        self.context["shopwindow_jobs"] = len(jobs)


def attached_case(job, cases):
    """The job's result report: private (shown only here) or published; never a draft."""
    return next(
        (
            c
            for c in cases
            if c.status in ("private", "published")
            and (c.job == job.id or (job.case and c.slug == job.case))
        ),
        None,
    )


def get_generators(pelican):
    return JobsGenerator
