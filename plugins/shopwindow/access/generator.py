"""The access generator: turns private pages into documents, renders every private document, seals it,
and writes its shell page.

A private document is a view rendered by a theme template (a private page or article, a job's page),
published at ``j/<slug>/<id>/``: ``index.html`` is the shell (lock parameters, form, unlock.js),
``view.bin`` the sealed view, ``p/*.bin`` its sealed photos, ``f/*.bin`` the files it links. Nothing
private is in the shell. Every page under ``j/`` is written by ``PrivateOutput``, never by Pelican's
writer, so no other plugin hears of it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican.generators import Generator

from ..build_state import build_state
from ..config import shopwindow_settings
from ..content import ContentError
from ..jobs.model import JobIdError, check_job_id, read_job_header, today
from ..loaded import loaded_jobs
from .documents import PrivateDocument
from .format import JobKeys, derive
from .items import PrivateItem, load_private_items
from .output import PRIVATE_ROOT
from .pages import item_url, linked_files, page_document, private_page_url
from .sealer import Sealer
from .secret import load_secret

logger = logging.getLogger(__name__)


class AccessGenerator(Generator):
    def generate_context(self) -> None:
        self.sw = shopwindow_settings(self.settings)
        self.secret = load_secret(self.settings)
        self.jobs = {job.id: job for job in loaded_jobs(self)[0]}
        state = build_state(self.context)
        documents, linked = state.documents, state.linked_files
        items, problems = load_private_items(self.settings, self.readers, state.private_sources)
        for problem in problems:
            logger.error("%s; left out, published nowhere", problem)
        by_path = {Path(item.source.path).resolve(): item for item in items}
        now = today()
        for item in items:
            job = self._job_of(item)
            if job is None:
                continue
            shown = item.source.shown_path
            document = page_document(
                item,
                job,
                self.settings,
                self.secret,
                now,
                report=lambda problem, shown=shown: logger.error("%s: %s", shown, problem),
                page_url=self._page_urls(by_path, item.job_id),
            )
            documents.append(document)
            for path in linked_files(item, self.settings):
                linked.setdefault(str(path), shown)

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
                return (
                    f"{siteurl}/{item_url(self.secret, private)}"
                    if private.job_id == job_id
                    else None
                )
            relative = os.path.relpath(path, self.settings["PATH"]).replace(os.sep, "/")
            content = generated.get(relative)
            return f"{siteurl}/{content.url}" if content is not None else None

        return url

    # ------------------------------------------------------------------ output
    def render(self, template: str, name: str, **variables) -> str:
        """A page rendered as Pelican's writer would (same context), but not written by it."""
        return self.get_template(template).render(
            {**self.context, "output_file": name, **variables}
        )

    def generate_output(self, writer) -> None:
        blank = self.render("private_folder", f"{PRIVATE_ROOT}/index.html").encode("utf-8")
        sealer = Sealer(self.settings, self.secret, self.output_path, blank)
        documents = [
            (
                document,
                derive(self.secret, document.job_id, self.jobs[document.job_id].code_version),
            )
            for document in build_state(self.context).documents
        ]
        # Render every view first, so that all photos can be processed at once on every core.
        rendered = []
        for document, keys in documents:
            view = ""
            if not document.expired:
                listing = {"job_documents": self._listing(documents, document)}
                variables = {**self.context, **document.variables, **listing}
                view = self.get_template(document.template).render(variables)
            rendered.append((document, keys, view))
        sealer.warm(rendered)
        for document, keys, view in rendered:
            name = sealer.shell_name(document, keys)
            if document.expired:
                page = self.render(document.template, name, forget_slug=keys.slug)
            else:
                sealer.seal(document, keys, view)
                page = self.render(
                    "private_shell",
                    name,
                    lock=sealer.lock(keys),
                    view_name=sealer.view_name(document),
                    job_url=f"{PRIVATE_ROOT}/{keys.slug}/",
                )
            sealer.output.write_page(name, page)
        sealer.output.cover_folders(whole_build=True)
        removed = sealer.output.prune()
        logger.info(
            "shopwindow.access: %d private document(s), %d photo(s) processed, %d file(s) changed, "
            "%d removed; PBKDF2 runs: %d (%d from the key cache)",
            len(rendered),
            sealer.processed,
            sealer.output.changed,
            len(removed),
            sealer.keycache.derivations,
            sealer.keycache.hits,
        )

    @staticmethod
    def _listing(documents: list[tuple[PrivateDocument, JobKeys]], current: PrivateDocument):
        """The job's other private pages, for its job page and for each other."""
        return [
            {"title": d.title, "url": private_page_url(keys.slug, d.page_id)}
            for d, keys in documents
            if d.job_id == current.job_id and d.page_id and d is not current and not d.expired
        ]


def get_generators(pelican):
    return AccessGenerator
