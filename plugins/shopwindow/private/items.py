"""Pages and articles with ``Access: JOB-ID``: kept from Pelican and from every other plugin.

Pelican's article and page generators never get a private item: their readers are wrapped so that a
file whose header has ``Access`` reads as ``Status: skip`` with no title, text or other field (Pelican's
own way to leave a file out). Files in Shopwindow's own folders (testimonials, cases, jobs) read the same
way without being opened: they are Shopwindow's, so a site whose ARTICLE_PATHS is the whole content
folder (Pelican's default) needs no exclude. So no Pelican content object, no signal, no context, no sitemap, feed,
category or SEO report ever holds a private title, text or address, and Pelican never copies a file
that a private item links with ``{attach}`` or ``{static}``. Shopwindow reads those files itself
(``load_private_items``) and publishes them only sealed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import Readers

from ..build_state import build_state
from ..guard import in_private_folder, own_content, private_roots
from ..sources import ContentError, Source, header_names, read_source, shown_path

logger = logging.getLogger(__name__)

ACCESS_FIELD = "access"
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


def access_of(fields: dict) -> str:
    return str(fields.get(ACCESS_FIELD, "") or "").strip()


class _PrivateStub:
    """A Pelican reader that turns a private file, or any file in Shopwindow's own folders, into
    Pelican's ``Status: skip`` and nothing else."""

    def __init__(self, reader, seen: set[str], roots: list[str], report_to: dict | None):
        self._reader, self._seen, self._roots = reader, seen, roots
        self._report_to = report_to  # the settings, on a site whose Shopwindow part does not run

    def read(self, path):
        if in_private_folder(path, self._roots):
            return "", {"status": "skip"}
        content, metadata = self._reader.read(path)
        if access_of(metadata):
            self._seen.add(os.path.abspath(path))
            if self._report_to is not None:
                report_missing_job(self._report_to, shown_path(path), access_of(metadata))
            return "", {"status": "skip"}
        return content, metadata

    def __getattr__(self, name):
        return getattr(self._reader, name)


def hide_private_items(generator) -> None:
    """generator_init: wrap the readers of Pelican's article and page generators."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    if not isinstance(generator, ArticlesGenerator | PagesGenerator):
        return
    seen = build_state(generator.context).private_sources
    roots = private_roots(generator.settings)
    # Without any of Shopwindow's content its generators do not run: a private page (whose job cannot
    # exist) is reported here instead.
    report_to = None if own_content(generator.settings).anything else generator.settings
    readers = generator.readers.readers
    for fmt, reader in list(readers.items()):
        if not isinstance(reader, _PrivateStub):
            readers[fmt] = _PrivateStub(reader, seen, roots, report_to)


def report_missing_job(settings: dict, shown: str, job_id: str) -> None:
    """The error of a private page whose job cannot be read: it is published nowhere."""
    from ..jobs.model import JobIdError, check_job_id, read_job_header

    try:
        check_job_id(job_id)
        read_job_header(settings, job_id)
    except (JobIdError, ContentError) as error:
        logger.error("%s: Access %s; left out, published nowhere", shown, error)


@dataclass(frozen=True)
class PrivateItem:
    """A page or article published only sealed under one job's code."""

    job_id: str
    source: Source
    relative_path: str  # below PATH with "/": the identity of its address

    @property
    def title(self) -> str:
        return str(self.source.fields.get("title", "")).strip()

    @property
    def date(self) -> dt.datetime | None:
        value = self.source.fields.get("date")
        return value if isinstance(value, dt.datetime) else None

    @property
    def folder(self) -> Path:
        return Path(self.source.path).parent


def candidate_files(settings: dict, extensions) -> list[Path]:
    """Content files outside Shopwindow's own folders, without walking into those (a site with
    thousands of job folders costs nothing more here)."""
    roots = {root.rstrip(os.sep) for root in private_roots(settings)}
    found = []
    for folder, subfolders, files in os.walk(settings["PATH"]):
        subfolders[:] = sorted(
            d for d in subfolders if os.path.realpath(os.path.join(folder, d)) not in roots
        )
        found += [
            Path(folder, f)
            for f in sorted(files)
            if os.path.splitext(f)[1].lstrip(".").lower() in extensions
        ]
    return found


def load_private_items(
    settings: dict, readers: Readers | None = None, seen: set[str] = frozenset()
) -> tuple[list[PrivateItem], list[ContentError]]:
    """Every page or article with an ``Access`` field, and one error per such file that cannot be read.

    Markdown files are first looked at by their header alone. A file of another format is read again
    only when Pelican's readers found ``Access`` in it (``seen``), or, outside what Pelican reads, when
    its text names the field at all; a file Pelican could not parse went through Pelican's own error
    path, and is not read again here (it is published nowhere)."""
    readers = readers or Readers(settings)
    items, problems = [], []
    for path in candidate_files(settings, readers.extensions):
        was_seen = str(path.absolute()) in seen
        if not was_seen and not _may_name_access(path):
            continue
        try:
            source = read_source(readers, settings["PATH"], str(path))
        except ContentError as error:
            if was_seen:
                problems.append(error)
            continue
        except (
            Exception
        ):  # a reader's own failure (docutils...): Pelican reports the files it reads
            logger.debug("shopwindow: %s: not readable, so not private", path, exc_info=True)
            continue
        job_id = access_of(source.fields)
        if job_id:
            relative = os.path.relpath(source.path, settings["PATH"]).replace(os.sep, "/")
            items.append(PrivateItem(job_id, source, relative))
    return items, problems


def _may_name_access(path: Path) -> bool:
    """Whether ``path`` can have an ``Access`` field: a Markdown header that names it, or any other
    format whose text has the word."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return ACCESS_FIELD in header_names(path)
    try:
        return ACCESS_FIELD.encode() in path.read_bytes().lower()
    except OSError:
        return False
