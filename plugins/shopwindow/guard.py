"""Shopwindow's own folders (testimonials, cases, jobs): only its generators publish what is in them.

Pelican's readers skip the text files there (``private.items``); this keeps Pelican's static generator
from copying the other files as they are. ``own_content`` says which of them hold anything: a site
with none of them is a site Shopwindow is merely installed beside, and leaves as it found it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .build_state import build_state
from .job_files import job_folders
from .settings import shopwindow_settings
from .sources import shown_path

logger = logging.getLogger(__name__)


def private_roots(settings) -> list[str]:
    """The folders whose files only Shopwindow's generators may publish, as real paths (links
    resolved: a link from a static folder into a job folder reaches the job folder)."""
    sw = shopwindow_settings(settings)
    roots = [os.path.join(settings["PATH"], sw.testimonials_path), sw.jobs_root]
    roots.append(os.path.join(settings["PATH"], sw.cases_path))
    return [os.path.realpath(root) + os.sep for root in roots]


@dataclass(frozen=True)
class OwnContent:
    """Which of Shopwindow's folders hold content: a testimonial or report file, a job."""

    testimonials: bool
    cases: bool
    jobs: bool

    @property
    def anything(self) -> bool:
        return self.testimonials or self.cases or self.jobs


def own_content(settings) -> OwnContent:
    """What the site has of Shopwindow's content, from its folders alone: nothing is parsed, and each
    folder is looked into only until its first file (cheap enough to ask at every signal)."""
    sw = shopwindow_settings(settings)

    def holds_files(folder: str) -> bool:
        walk = os.walk(os.path.join(settings["PATH"], folder))
        return any(not name.startswith(".") for _, _, files in walk for name in files)

    return OwnContent(
        testimonials=holds_files(sw.testimonials_path),
        cases=holds_files(sw.cases_path),
        jobs=next(job_folders(Path(sw.jobs_root)), None) is not None,
    )


def in_private_folder(path: str, roots: list[str]) -> bool:
    """Whether ``path`` lies in one of ``private_roots``, wherever it is reached from (its real path:
    a link in a static folder to a job's folder or file is that job's): only Shopwindow's generators
    may publish it."""
    real = os.path.realpath(path)
    return any(real.startswith(root) or real + os.sep == root for root in roots)


def drop_private_static(generator) -> None:
    """static_generator_finalized: a STATIC_PATHS entry that reaches into a job folder (or testimonials,
    or cases) would copy private files as they are. Those files are dropped with an error. A file that a
    private page shows or links is private too: it is published only sealed with its job, never in plain
    (a warning says so if STATIC_PATHS would have copied it)."""
    roots = private_roots(generator.settings)
    linked = build_state(generator.context).linked_files
    kept = []
    for item in generator.staticfiles:
        path = os.path.abspath(item.source_path)
        if in_private_folder(path, roots):
            linked_from = (
                ""
                if os.path.realpath(path) == path
                else (f" (through a link: it is {shown_path(os.path.realpath(path))})")
            )
            logger.error(
                "%s: STATIC_PATHS includes a private folder%s, so this file would be published as it "
                "is; left out. Remove the folder from STATIC_PATHS",
                shown_path(path),
                linked_from,
            )
        elif os.path.realpath(path) in linked:
            logger.warning(
                "%s: the private page %s shows or links it, so it is published only sealed with that "
                "page's job, not as a public file; link a copy from public pages",
                shown_path(path),
                linked[os.path.realpath(path)],
            )
        else:
            kept.append(item)
            continue
        # Nor may another plugin, or a {static} link of a public page, find it.
        generator.context.get("static_content", {}).pop(item.get_relative_source_path(), None)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept
