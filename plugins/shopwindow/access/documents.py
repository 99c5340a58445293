"""A private document: something published only sealed under one job's code, by the access generator."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DOCUMENTS_KEY = "shopwindow_private_documents"


@dataclass
class PrivateDocument:
    """Something to publish only sealed under one job's code."""

    job_id: str
    source_path: str  # for messages
    template: str  # the theme template that renders the view
    variables: dict = field(default_factory=dict)
    images_base: Path | None = None  # where relative <img src> are found
    page_id: str = ""  # "" for the job's own page, else the folder below j/<slug>/
    expired: bool = False  # past retention: only a public "this page has expired" page is written
    title: str = ""  # listed on the job page (private pages)
    image_roots: tuple[
        Path, ...
    ] = ()  # other folders its images may come from (a private report's)
