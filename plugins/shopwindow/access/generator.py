"""The access generator: renders every private document, seals it, and writes its shell page.

A private document is a view rendered by a theme template (a private page or article now, the job page
later), published at ``j/<slug>/<id>/``: ``index.html`` is the shell (lock parameters, form, unlock.js),
``view.bin`` the sealed view, ``p/*.bin`` its sealed photos. Nothing private is in the shell.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from pathlib import Path

from pelican.generators import Generator

from ..config import shopwindow_settings
from ..content import ContentError, shown_path
from ..jobs.model import JobIdError, check_job_id, read_job_header
from .collect import CONTEXT_KEY
from .documents import DOCUMENTS_KEY, PrivateDocument
from .format import JobKeys, derive, job_slug
from .output import PRIVATE_ROOT
from .sealer import VIEW_FILE, Sealer
from .secret import load_secret

logger = logging.getLogger(__name__)


def page_id(secret: bytes, job_id: str, identity: str) -> str:
    """An opaque, stable folder name for a private page: nothing of its title or slug shows."""
    digest = hmac.new(secret, f"page\0{job_id}\0{identity}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def private_page_url(slug: str, pid: str) -> str:
    return f"{PRIVATE_ROOT}/{slug}/{pid}/"


class AccessGenerator(Generator):
    def generate_context(self) -> None:
        self.sw = shopwindow_settings(self.settings)
        self.secret = load_secret(self.settings)
        documents = self.context.setdefault(DOCUMENTS_KEY, [])
        for item in self.context.get(CONTEXT_KEY, []):
            job_id = str(item.metadata["access"]).strip()
            try:
                check_job_id(job_id)
            except JobIdError as error:
                logger.error(
                    "%s: Access %s; left out, published nowhere",
                    shown_path(item.source_path),
                    error,
                )
                continue
            kind = type(item).__name__.lower()
            pid = page_id(self.secret, job_id, item.relative_source_path)
            # A {filename} link to it, or anything else that asks its URL, gets the sealed address only.
            item.override_url = private_page_url(job_slug(self.secret, job_id), pid)
            item.override_save_as = ""
            documents.append(
                PrivateDocument(
                    job_id=job_id,
                    source_path=shown_path(item.source_path),
                    template="private_view",
                    variables={kind: item, "item": item},
                    images_base=Path(item.source_path).parent,
                    page_id=pid,
                    title=item.title,
                )
            )

    def generate_output(self, writer) -> None:
        sealer = Sealer(self.settings, self.secret, self.output_path)
        documents = self._with_jobs(self.context.get(DOCUMENTS_KEY, []))
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
        shell = self.get_template("private_shell")
        for document, keys, view in rendered:
            shell_name = sealer.shell_name(document, keys)
            if document.expired:
                template = self.get_template(document.template)
                writer.write_file(shell_name, template, self.context, relative_urls=False)
            else:
                sealer.seal(document, keys, view)
                writer.write_file(
                    shell_name,
                    shell,
                    self.context,
                    relative_urls=False,
                    lock=sealer.lock(keys),
                    view_name=f"{sealer.folder(document)}{VIEW_FILE}",
                    job_url=f"{PRIVATE_ROOT}/{keys.slug}/",
                )
            sealer.output.keep(Path(self.output_path, shell_name))
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

    def _with_jobs(self, documents: list[PrivateDocument]) -> list[tuple[PrivateDocument, JobKeys]]:
        """Each document with its job's keys; a document whose job cannot be read is left out."""
        found = []
        for document in documents:
            try:
                header = read_job_header(self.settings, document.job_id, self.readers)
            except (ContentError, JobIdError) as error:
                logger.error(
                    "%s: Access %s; left out, published nowhere", document.source_path, error
                )
                continue
            found.append((document, derive(self.secret, header.id, header.code_version)))
        return found

    @staticmethod
    def _listing(documents, current: PrivateDocument) -> list[dict]:
        """The job's other private pages, for its job page and for each other."""
        return [
            {"title": d.title, "url": private_page_url(keys.slug, d.page_id)}
            for d, keys in documents
            if d.job_id == current.job_id and d.page_id and d is not current and not d.expired
        ]


def get_generators(pelican):
    return AccessGenerator
