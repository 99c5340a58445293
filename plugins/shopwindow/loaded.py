"""Content that several generators need, read once per build (the context is new on every run)."""

from __future__ import annotations

from .build_state import per_build
from .cases.model import Case, load_cases
from .content import ContentError
from .jobs.model import Job, load_jobs


def loaded_jobs(generator) -> tuple[list[Job], list[ContentError]]:
    return per_build(
        generator.context,
        "shopwindow.jobs",
        lambda: load_jobs(generator.settings, generator.readers),
    )


def loaded_cases(generator) -> tuple[list[Case], list[ContentError]]:
    return per_build(
        generator.context,
        "shopwindow.cases",
        lambda: load_cases(generator.settings, generator.readers),
    )
