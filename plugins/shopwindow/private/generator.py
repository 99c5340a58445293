"""The private output: every job's page and every page or article with ``Access: JOB-ID``, rendered,
sealed and written under the private folder (``j/`` unless ``jobs_url`` says otherwise).

A private document is a view rendered by a template (``shopwindow/job``, ``shopwindow/page_view``),
published at ``j/<slug>/<id>/``: ``index.html`` is the shell (lock parameters, form, unlock.js),
``view.bin`` the sealed view, ``p/*.bin`` its sealed photos, ``f/*.bin`` the files it links. Nothing
private is in the shell. Every page under ``j/`` is written by ``access.output.PrivateOutput``, never by
Pelican's writer, so no other plugin hears of it.

A view is rendered by ``render_view``, from ``rendering.view_context`` and the document's own
variables: ``shopwindow watch`` makes the same generator and calls the same method, so a job re-sealed
live is byte for byte the job the build sealed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..access.documents import PrivateDocument
from ..access.format import JobKeys, derive
from ..access.sealer import Sealer
from ..access.secret import load_secret
from ..build_state import build_state
from ..cases.model import build_cases
from ..jobs.cameras import camera_frames
from ..jobs.model import JobIdError, build_jobs, check_job_id, read_job_header, today
from ..rendering import ShopwindowGenerator, view_context
from ..sources import ContentError
from .items import PrivateItem, load_private_items
from .job_pages import job_document
from .pages import item_url, linked_files, page_document, private_page_url

logger = logging.getLogger(__name__)

SHELL_TEMPLATE = "shopwindow/shell"
FOLDER_TEMPLATE = "shopwindow/folder"


class PrivateOutputGenerator(ShopwindowGenerator):
    def generate_context(self) -> None:
        self.secret = load_secret(self.settings)
        jobs, problems = build_jobs(self.context, self.settings, self.readers)
        cases, _ = build_cases(self.context, self.settings, self.readers)  # the cases part reports
        for problem in problems:
            logger.error("%s", problem)
        self.jobs = {job.id: job for job in jobs}
        now = today()
        frames = camera_frames(self.sw["cameras"])
        self.documents: list[PrivateDocument] = []
        for job in jobs:
            for problem in job.problems:
                logger.error("%s", problem)
            self.documents.append(job_document(job, self.settings, cases, frames, now))
        self._private_pages(now)

    def _private_pages(self, now) -> None:
        state = build_state(self.context)
        items, problems = load_private_items(self.settings, self.readers, state.private_sources)
        for problem in problems:
            logger.error("%s; left out, published nowhere", problem)
        by_path = {Path(item.source.path).resolve(): item for item in items}
        for item in items:
            job = self._job_of(item)
            if job is None:
                continue
            shown = item.source.shown_path
            self.documents.append(
                page_document(
                    item,
                    job,
                    self.settings,
                    self.secret,
                    now,
                    report=lambda problem, shown=shown: logger.error("%s: %s", shown, problem),
                    page_url=self._page_urls(by_path, item.job_id),
                )
            )
            # Never copied in plain by the static generator (guard.drop_private_static).
            for path in linked_files(item, self.settings):
                state.linked_files.setdefault(str(path), shown)

    def _job_of(self, item: PrivateItem):
        """The job a private item is sealed under, or None (reported: it is published nowhere)."""
        shown = item.source.shown_path
        try:
            check_job_id(item.job_id)
            job = self.jobs.get(item.job_id)
            if job is None:
                header = read_job_header(self.settings, item.job_id, self.readers)
                logger.error(
                    "%s: Access %s has errors (reported for %s); left out, published nowhere",
                    shown,
                    item.job_id,
                    header.path,
                )
            return job
        except (JobIdError, ContentError) as error:
            logger.error("%s: Access %s; left out, published nowhere", shown, error)
        return None

    def _page_urls(self, by_path: dict[Path, PrivateItem], job_id: str):
        """Where a ``{filename}`` link of a private text of ``job_id`` leads: a private page of the same
        job (sealed address), or a public page or article; nothing else."""
        siteurl = self.settings.get("SITEURL", "")
        generated = self.context.get("generated_content", {})

        def url(path: Path) -> str | None:
            private = by_path.get(path)
            if private is not None:
                if private.job_id != job_id:
                    return None
                return f"{siteurl}/{item_url(self.settings, self.secret, private)}"
            relative = os.path.relpath(path, self.settings["PATH"]).replace(os.sep, "/")
            content = generated.get(relative)
            return f"{siteurl}/{content.url}" if content is not None else None

        return url

    # ------------------------------------------------------------------ rendering
    def keys(self, document: PrivateDocument) -> JobKeys:
        return derive(self.secret, document.job_id, self.jobs[document.job_id].code_version)

    def render_view(self, document: PrivateDocument, listing: list[dict]) -> str:
        """The plain view of one document: the one way a view is rendered, build or live."""
        variables = {**view_context(self.settings), **document.variables}
        return self.render(document.template, {**variables, "job_documents": listing})

    def page(self, template: str, name: str, **variables) -> str:
        """A public page under the private folder, rendered with Pelican's context."""
        return self.render(template, {**self.context, "output_file": name, **variables})

    def sealer(self) -> Sealer:
        blank = self.page(FOLDER_TEMPLATE, f"{self.sw['private_root']}/index.html")
        return Sealer(self.settings, self.secret, self.output_path, blank.encode("utf-8"))

    # ------------------------------------------------------------------ output
    def generate_output(self, writer) -> None:
        sealer = self.sealer()
        documents = [(document, self.keys(document)) for document in self.documents]
        # Render every view first, so that all photos can be processed at once on every core.
        rendered = [
            (document, keys, "" if document.expired else self.render_view(document, listing))
            for document, keys in documents
            for listing in [job_listing(self.sw["private_root"], documents, document)]
        ]
        sealer.warm(rendered)
        for document, keys, view in rendered:
            name = sealer.shell_name(document, keys)
            if document.expired:
                page = self.page(document.template, name, forget_slug=keys.slug)
            else:
                sealer.seal(document, keys, view)
                page = self.page(
                    SHELL_TEMPLATE,
                    name,
                    lock=sealer.lock(keys),
                    view_name=sealer.view_name(document),
                    job_url=f"{self.sw['private_root']}/{keys.slug}/",
                )
            sealer.output.write_page(name, page)
        sealer.output.cover_folders(whole_build=True)
        removed = sealer.output.prune()
        logger.info(
            "shopwindow: %d private document(s), %d photo(s) processed, %d file(s) changed, "
            "%d removed; PBKDF2 runs: %d (%d from the key cache)",
            len(rendered),
            sealer.processed,
            sealer.output.changed,
            len(removed),
            sealer.keycache.derivations,
            sealer.keycache.hits,
        )


def job_listing(
    root: str, documents: list[tuple[PrivateDocument, JobKeys]], current: PrivateDocument
) -> list[dict]:
    """The job's other private pages, for its job page and for each other."""
    return [
        {"title": d.title, "url": private_page_url(root, keys.slug, d.page_id)}
        for d, keys in documents
        if d.job_id == current.job_id and d.page_id and d is not current and not d.expired
    ]
