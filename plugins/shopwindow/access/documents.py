"""A private document: something published only sealed under one job's code, by the access generator.

A document's view may name local files: images it shows (``<img src>``) and files it links (``<a href>``).
``PrivateDocument.local_file`` is the one rule for which of them it may seal: files below its own folder
or one of its roots, never a file of another job.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass
class PrivateDocument:
    """Something to publish only sealed under one job's code."""

    job_id: str
    source_path: str  # as shown to people, for messages
    template: str  # the theme template that renders the view
    variables: dict = field(default_factory=dict)
    base: Path | None = None  # where relative links and images are found; None: nothing is sealed
    page_id: str = ""  # "" for the job's own page, else the folder below j/<slug>/
    expired: bool = False  # past retention: only a public "this page has expired" page is written
    title: str = ""  # listed on the job page (private pages)
    roots: tuple[Path, ...] = ()  # other folders its files may come from (a report's, a camera's)
    job_folder: Path | None = (
        None  # the job's own folder: the one folder under jobs_root it may use
    )
    jobs_root: Path | None = None
    # Every file its view may show or link, when its maker knows them (a job page: its folder and its
    # camera frames); None: they are found in the rendered view. What a build compares to know the
    # document is unchanged (``Sealer.fingerprint``).
    inputs: tuple[Path, ...] | None = None
    lang: str | None = None  # the customer's language (None: the site's): view, shell, expired page
    # The film of its camera frames (``photos.timelapse.Timelapse``), sealed where the view has a
    # ``<video data-timelapse>``; None: it has none.
    timelapse: object = None

    def local_file(self, reference: str) -> Path | None:
        """The existing file a relative ``href``/``src`` names, if this document may seal it; None for
        anything else (a URL, an absolute path, a missing file, a file it may not use)."""
        candidate = self._existing(reference)
        return candidate if candidate is not None and self.may_seal(candidate) else None

    def foreign_file(self, reference: str) -> Path | None:
        """The existing file a relative reference names that this document may not seal."""
        candidate = self._existing(reference)
        return candidate if candidate is not None and not self.may_seal(candidate) else None

    def _existing(self, reference: str) -> Path | None:
        if self.base is None:
            return None
        parsed = urlparse(html.unescape(reference))
        if parsed.scheme or parsed.netloc or not parsed.path or parsed.path.startswith("/"):
            return None
        candidate = (self.base / unquote(parsed.path)).resolve()
        return candidate if candidate.is_file() else None

    def may_seal(self, path: Path) -> bool:
        """Whether ``path`` (resolved) lies where this document's files may come from."""
        parents = path.parents

        def inside(folder: Path | None) -> bool:
            return folder is not None and folder.resolve() in parents

        if inside(self.jobs_root) and not inside(self.job_folder):
            return False  # another job's folder: sealed here, it would show to this job's customer
        return inside(self.base) or any(inside(root) for root in self.roots)
