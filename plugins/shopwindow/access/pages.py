"""Find the pages and articles that are sealed under one job (``Access: JOB-ID``), without a build."""

from __future__ import annotations

import os
from pathlib import Path

from pelican.readers import Readers

from ..content import ContentError, Source, read_source
from ..site.guard import private_roots
from .format import job_slug
from .generator import page_id, private_page_url


def public_markdown(settings: dict) -> list[Path]:
    """Markdown files under PATH outside Shopwindow's own folders, without walking into those (a site
    with a thousand job folders costs nothing more here)."""
    roots = {root.rstrip(os.sep) for root in private_roots(settings)}
    found = []
    for folder, subfolders, files in os.walk(settings["PATH"]):
        subfolders[:] = sorted(
            d for d in subfolders if os.path.abspath(os.path.join(folder, d)) not in roots
        )
        found += [Path(folder, f) for f in sorted(files) if f.endswith(".md")]
    return found


def private_sources(settings: dict, readers: Readers | None = None) -> list[Source]:
    """Every page or article (outside Shopwindow's own folders) with an ``Access`` field."""
    readers = readers or Readers(settings)
    found = []
    for path in public_markdown(settings):
        try:
            source = read_source(readers, settings["PATH"], str(path))
        except ContentError:
            continue
        if str(source.fields.get("access", "")).strip():
            found.append(source)
    return found


def private_pages(settings: dict, secret: bytes, job_id: str) -> list[dict]:
    """[{"title", "url"}] of every content file with ``Access: job_id``; url is below the site root."""
    found = []
    for source in private_sources(settings):
        if str(source.fields.get("access", "")).strip() != job_id:
            continue
        relative = os.path.relpath(source.path, settings["PATH"]).replace(os.sep, "/")
        pid = page_id(secret, job_id, relative)
        found.append(
            {
                "title": str(source.fields.get("title", "")),
                "url": private_page_url(job_slug(secret, job_id), pid),
            }
        )
    return found
